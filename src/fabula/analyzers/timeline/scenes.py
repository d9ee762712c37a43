"""Scenes (cut at sections, jumps, flashbacks, place changes and media) and the timeline's output pieces."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from fabula.analyzers.sections import section_openings
from fabula.analyzers.timeline.events import TimelineEvent, TimelineSentence, timex_verb
from fabula.analyzers.timeline.words import LABEL_CHARS, PLACE_PREPS, PLACE_PREP_IDS, PREP
from fabula.analyzers.timex import Timex, TokenColumns
from fabula.model import Event, Scene, Span, Story, TimeExpression


def scene_cuts(story: Story, doc: Doc, columns: TokenColumns, sentences: list[TimelineSentence], jumps: dict[int, int],
               changes: dict[int, int], flashback_runs: list[list[int]]) -> list[int]:
    """Sentence indices where a new scene starts: 0, sections (analyzers/sections.py), time jumps and scene
    changes, flashbacks and their ends, media, places."""
    openings = set(section_openings(story))
    cuts = {0} | set(jumps) | set(changes)
    cuts.update(s.index for s in sentences if s.first_in_paragraph and s.paragraph in openings)
    for run in flashback_runs:
        cuts.add(run[0])
        if run[-1] + 1 < len(sentences):
            cuts.add(run[-1] + 1)
    starts = [s.start for s in sentences]
    for media in story.media:
        i = bisect.bisect_left(starts, media.offset)
        if 0 < i < len(sentences):
            cuts.add(i)
    cuts.update(s.index for s in sentences if s.first_in_paragraph and _opens_with_place(doc, columns, s))
    return sorted(cuts)


def _opens_with_place(doc: Doc, columns: TokenColumns, sentence: TimelineSentence) -> bool:
    """'At the airport, ...', 'In the coffee shop ...': a locative phrase opens the paragraph."""
    opening = range(sentence.token_start, min(sentence.token_start + 3, len(columns.dep)))
    if not any(columns.dep[k] == PREP and columns.lower[k] in PLACE_PREP_IDS for k in opening):
        return False  # none of the first words can open one (read without Token objects)
    words = [t for t in doc[sentence.token_start:sentence.token_start + 3] if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ not in PLACE_PREPS or words[0].dep_ != "prep":
        return False
    pobj = next((c for c in words[0].children if c.dep_ == "pobj"), None)
    return pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in ("DATE", "TIME")


def ranges(cuts: list[int], n: int) -> list[range]:
    return [range(a, b) for a, b in zip(cuts, cuts[1:] + [n])]


def build_scenes(text: str, sentences: list[TimelineSentence], events: list[TimelineEvent], cuts: list[int],
                 openers: dict[int, int], timexes: list[Timex]) -> list[Scene]:
    out: list[Scene] = []
    previous_time = 0.0
    for index, sent_range in enumerate(ranges(cuts, len(sentences))):
        first, last = sentences[sent_range[0]], sentences[sent_range[-1]]
        scene_events = [i for s in sent_range for i in sentences[s].events]
        labelled = next((sentences[s] for s in sent_range if sentences[s].events), first)
        label = " ".join(text[labelled.start:labelled.end].split())
        if len(label) > LABEL_CHARS:
            label = label[:LABEL_CHARS - 1].rstrip() + "…"
        opener = openers.get(first.index, first.timexes[0] if first.timexes else None)
        times = sorted(events[i].time for i in scene_events)
        time = times[len(times) // 2] if times else previous_time
        previous_time = time
        out.append(Scene(index=index, start=first.start, end=last.end, text=text[first.start:last.end],
                         label=label, anchor=f"t{opener}" if opener is not None else None, story_time=time))
    return out


def sentence_span(text: str, sentences: list[TimelineSentence], run: list[int]) -> Span:
    return Span.of(text, sentences[run[0]].start, sentences[run[-1]].end)


def clause_span(text: str, doc: Doc, sentence: TimelineSentence, timex: Timex) -> Span:
    """The clause an expression belongs to: the subtree of the verb governing it, inside its sentence."""
    verb = timex_verb(doc, timex)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return Span.of(text, sentence.start, sentence.end)
    start = max(sentence.start, min(verb.left_edge.idx, timex.start))
    right = verb.right_edge
    end = min(sentence.end, max(right.idx + len(right.text), timex.end))
    return Span.of(text, start, end)


def expression(text: str, t: Timex, i: int, sentence: int) -> TimeExpression:
    return TimeExpression(id=f"t{i}", start=t.start, end=t.end, text=text[t.start:t.end], type=t.type,
                          value=t.value, direction=t.direction, anchor=t.anchor, sentence=sentence)


def event_model(text: str, e: TimelineEvent, i: int, scene: int) -> Event:
    return Event(id=f"e{i}", start=e.start, end=e.end, text=text[e.start:e.end], verb=e.verb,
                 subject=e.subject_text, object=e.object_text, tense=e.tense, aspect=e.aspect, sentence=e.sentence,
                 scene=scene, story_time=round(e.time, 4), in_quote=e.in_quote)
