"""The timeline: the story in telling order (syuzhet) and in story order (fabula).

`analyze_timeline(story, doc) -> Timeline` reads the story text, its paragraphs and
media offsets, and the parsed Doc. It returns the time expressions (see timex.py),
the main events (finite verbs of narrative clauses with subject, object, tense and
aspect), the scenes (cut at sections, time jumps, flashbacks, place changes and media
breaks), both orders of the events, the flashback and time-jump spans, and the
narrating present of a retrospective frame ("That's what I told everyone").

Forward moves come in two sizes: a time jump (ellipsis) skips story time ("The next
day", "For months", "ten years later", "Weeks went by", "Upon the eighth night",
"early in January", "It was now midnight", "At noon" when the narration last said "At
dawn", "All that day she rode", "She did this for seven nights, every night at twelve");
a scene change only re-anchors the scene on the same day ("That evening", "At dusk",
"All day it rained") and cuts a scene without being reported as a jump. Dialogue moves
nothing, but a tale told over several paragraphs of one speech has jumps of its own
where it tells the past ("“Three weeks later we reached the ice").

A flashback needs its main clause to be anterior (a back-reference dating it, a period
of someone's life before it, such as a young age in a "when" clause ("His father died
when he was sixteen"), or a run of past-perfect main clauses), or a remembering
that reaches back ("The cat, I remembered, had been hung", "she thought of that evening
of long ago"), a past perfect that a past-perfect "when" clause dates ("the knife that
had been taken when the soldiers had searched the mill"), or a stretch that sums up the
time gone by ("Three years of silence and unanswered letters.", "Three years since the
night a state trooper stood on her porch ...", "Jo and I had talked almost every day for seventeen years"); the
step back of a story told from a frame to where its events began ("I keep a drawing taped inside my kitchen
cabinet. ... I met Dan Hurst when his daughter Lucy was four."), or the one its narrator announces ("Let me back
up. / I met Tom when I was twenty-three."); a section (after
a heading or a "* * *" break) that opens with a person's background ("II. Peyton Farquhar
was a well to do planter") is one flashback as a whole; what a character tells inside
quotation marks is their own tale unless it is measured back from the frame ("Twenty years
ago to-night I dined here"), dated with its year, or dated from the speaker's now ("We were
married last evening").

Story time is a number per event whose order is what counts: the narrative's
"now" moves forward by a small step per event and by the length of every time
jump; past-perfect runs and back-references ("twenty years ago", "months before
he got that offer") are placed before the point they look back from; the
present of telling is placed after everything told.

The package: `events` reads the sentences and their events (tense, aspect, roles) and the narrating present;
`jumps` the forward moves; `flashbacks` the back-references, past-perfect runs, remembered times and summings-up;
`lives` the flashbacks dated by a period of someone's life; `analepses` those told from a frame, the step back from a
frame and the sections that open with a background; `story_time` places every event in story order; `scenes` cuts
the scenes and builds the output; `words` holds the constants and word sets.
"""

from __future__ import annotations

from spacy.tokens import Doc

from fabula.analyzers.quotes import quote_spans, told_tales
from fabula.analyzers.timeline.analepses import (
    announced_step_back, runs_of_flashbacks, section_analepses, stepped_back_from_frame, told_from_frame,
)
from fabula.analyzers.timeline.events import present_of_telling, read_events, read_sentences, sentence_at
from fabula.analyzers.timeline.flashbacks import (
    back_references, past_perfect_runs, pluperfect_whens, remembered_times, summings_up,
)
from fabula.analyzers.timeline.jumps import after_the_turn, time_moves, turn_to_the_telling
from fabula.analyzers.timeline.lives import dated_by_life_periods, life_told_in_dialogue, young_years_told
from fabula.analyzers.timeline.scenes import (
    build_scenes, clause_span, event_model, expression, ranges, scene_cuts, sentence_span,
)
from fabula.analyzers.timeline.story_time import place_in_story_time, place_sections_before
from fabula.analyzers.timex import TokenColumns, find_expressions
from fabula.model import Story, Timeline


def analyze_timeline(story: Story, doc: Doc) -> Timeline:
    """Story + Doc -> Timeline: expressions, events, scenes, both orders, flashbacks, jumps, narrating present."""
    text = story.text
    columns = TokenColumns.of(doc)
    sentences = read_sentences(story, columns)
    if not sentences:
        return Timeline()
    starts = [s.start for s in sentences]
    spans = quote_spans(story)
    quotes = [(q.outer_start, q.outer_end) for q in spans]
    tales = told_tales(text, spans, [p.start for p in story.paragraphs])
    dialogue = [(q.outer_start, q.outer_end) for q in spans if q not in tales]
    timexes = [t for t in find_expressions(text, doc, columns) if sentence_at(starts, t.start) is not None]
    for i, t in enumerate(timexes):
        sentences[sentence_at(starts, t.start)].timexes.append(i)
    events = read_events(text, doc, columns, sentences, quotes)
    expressions = [expression(text, t, i, sentence_at(starts, t.start)) for i, t in enumerate(timexes)]

    narrating = present_of_telling(sentences, events)
    jumps, changes = time_moves(doc, columns, sentences, timexes, events, dialogue,
                                [(q.outer_start, q.outer_end) for q in tales])
    flashback_sentences, anchors = back_references(text, doc, sentences, timexes, events, quotes)
    turn = turn_to_the_telling(text, sentences, events, timexes, dialogue)
    if turn is not None:  # "That was ten months ago." / "Last month ...": towards the telling, not back
        for s, i in {turn[0]: turn[1], **after_the_turn(sentences, timexes, dialogue, turn)}.items():
            jumps.setdefault(s, i)
            flashback_sentences.pop(s, None)
    dated = dated_by_life_periods(doc, sentences, events)
    past_perfect = past_perfect_runs(doc, sentences, events, timexes, dated)
    analepses = section_analepses(story, doc, sentences, events, timexes)
    place_in_story_time(sentences, timexes, events, jumps, flashback_sentences, anchors, narrating)
    place_sections_before(analepses, sentences, events)
    for i, target in anchors.items():
        if target is not None:
            expressions[i].anchor = f"e{target}"

    flashbacks = sorted(set(flashback_sentences) | past_perfect | told_from_frame(doc, sentences, events, dated)
                        | remembered_times(doc, sentences, events) | summings_up(doc, sentences, timexes, quotes)
                        | pluperfect_whens(doc, columns, sentences, quotes)
                        | life_told_in_dialogue(doc, columns, sentences, quotes)
                        | young_years_told(text, doc, sentences, events, quotes)
                        | stepped_back_from_frame(doc, sentences, events, timexes, narrating, jumps)
                        | announced_step_back(text, sentences, events, quotes))
    flashback_runs = runs_of_flashbacks(flashbacks, [section for _, section in analepses], sentences)
    cuts = scene_cuts(story, doc, columns, sentences, jumps, changes, flashback_runs)
    scenes = build_scenes(text, sentences, events, cuts, {**changes, **jumps}, timexes)
    scene_of = {}
    for scene, sent_range in zip(scenes, ranges(cuts, len(sentences))):
        for s in sent_range:
            scene_of[s] = scene.index
    out_events = [event_model(text, e, i, scene_of[e.sentence]) for i, e in enumerate(events)]
    telling = [e.id for e in out_events]
    story_order = [out_events[i].id for i in sorted(range(len(events)), key=lambda i: (events[i].time, i))]
    return Timeline(
        expressions=expressions,
        scenes=scenes,
        events=out_events,
        telling_order=telling,
        story_order=story_order,
        flashbacks=[sentence_span(text, sentences, run) for run in flashback_runs],
        jumps=[clause_span(text, doc, sentences[s], timexes[t]) for s, t in sorted(jumps.items())],
        narrating_present=sentence_span(text, sentences, [narrating[0]]) if narrating else None,
    )
