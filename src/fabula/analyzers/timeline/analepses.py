"""Flashbacks told from a frame ("That's what I told everyone"), the step back from a frame to where the story
began ("I met Dan when his daughter Lucy was four."), the step back the narrator announces ("Let me back up."), and
sections that open with a person's background ("II. Peyton
Farquhar was a well to do planter")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from fabula.analyzers.sections import is_heading, section_openings
from fabula.analyzers.timeline.events import (
    TimelineEvent, TimelineSentence, is_past_perfect, is_person, main_event, sentence_runs, stretches_of,
)
from fabula.analyzers.quotes import inside_quotes
from fabula.analyzers.timeline.words import PAST_MODALS
from fabula.analyzers.timex import Timex
from fabula.model import Story


def told_from_frame(doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent],
                    dated: set[int]) -> set[int]:
    """Simple-past narration dated by a period of life (`dated`) right after narration that is not in
    the past: a tale reaching back from its frame ("... to-day I would unburthen my soul. From my
    infancy I was noted for ..."). Mid-story, a simple past "As a boy he fished" may just be the
    chronicle's next step, so it needs the frame."""
    out: set[int] = set()
    previous = None  # the tense of the last narration sentence's main clause
    for sentence in sentences:
        main = main_event(sentence, events)
        if main is None or main.in_quote:
            continue
        if sentence.index in dated and main.tense == "past" and not is_past_perfect(main) \
                and previous not in (None, "past"):
            out.add(sentence.index)
        previous = _frame_tense(doc, main)
    return out


def _frame_tense(doc: Doc, event: TimelineEvent) -> str:
    """The event's tense as a frame sees it: "would" and "could", "might", "should" tell the past of a story
    ("He could not move"), only a present modal ("what may be found", "I must") speaks from the present."""
    modal = next((c.lower_ for c in doc[event.index].children if c.tag_ == "MD"), None)
    return "past" if event.tense in ("conditional", "modal") and modal in PAST_MODALS else event.tense


def section_analepses(story: Story, doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent],
                      timexes: list[Timex]) -> list[tuple[range, range]]:
    """Sections (after a heading such as "II" or a break such as "* * *") that go back before the section told
    before them.

    Such a section opens with background instead of action (see _opens_with_background: "Peyton
    Farquhar was a well to do planter ...", "He used to walk ...") after a section that narrated
    something, and the telling returns at the next heading: the last section, which nothing follows,
    is where the story has got to. Returns (previous section, section) pairs of sentence ranges.
    """
    sections = _sections(story, sentences)
    out: list[tuple[range, range]] = []
    for previous, section, _ in zip(sections, sections[1:], sections[2:]):
        told = any(not events[i].in_quote for s in previous for i in sentences[s].events)
        opening = next((sentences[s] for s in section if sentences[s].events), None)
        if told and opening is not None and _opens_with_background(doc, opening, events, timexes):
            out.append((previous, section))
    return out


def _sections(story: Story, sentences: list[TimelineSentence]) -> list[range]:
    """The sentence ranges of the story's sections (analyzers/sections.py), heading paragraphs left out: the text
    before the first opening, then each section."""
    openings, headings = set(section_openings(story)), {p.index for p in story.paragraphs if is_heading(p.text)}
    sections: list[list[int]] = [[]]
    for sentence in sentences:
        if sentence.paragraph in headings:
            continue
        if sentence.paragraph in openings and sentence.first_in_paragraph and sections[-1]:
            sections.append([])
        sections[-1].append(sentence.index)
    return [range(section[0], section[-1] + 1) for section in sections if section]


def _opens_with_background(doc: Doc, sentence: TimelineSentence, events: list[TimelineEvent],
                           timexes: list[Timex]) -> bool:
    """The sentence's main clause, narration in the past, says what a person was ("Peyton Farquhar was a
    well to do planter") or used to do ("He used to walk to the mill"): a state or a habit, not a step of
    the action; a time it names, but for a habit's ("every morning"), keeps it in the story's own time."""
    main = main_event(sentence, events)
    if main is None or main.in_quote or main.tense != "past" or main.aspect.endswith("progressive") \
            or any(timexes[t].kind != "set" for t in sentence.timexes):  # "Tom was a happy man that evening"
        return False
    if main.verb == "use":
        return any(c.dep_ == "xcomp" for c in doc[main.index].children)
    attr = main.object
    return main.verb == "be" and attr is not None and attr.dep_ == "attr" and attr.pos_ == "NOUN" \
        and any(c.lower_ in ("a", "an") for c in attr.children) and is_person(main.subject)


def runs_of_flashbacks(flashbacks: list[int], sections: list[range],
                       sentences: list[TimelineSentence]) -> list[list[int]]:
    """The flashback sentences in runs (see `sentence_runs`), each section analepsis one run that takes in those
    inside it."""
    runs = [run for run in sentence_runs(flashbacks, sentences) if not any(run[0] in section for section in sections)]
    return sorted(runs + [list(section) for section in sections])


FRAME_PARAGRAPHS = 2
"""The step back from a frame opens one of the next two paragraphs, the frame running on into the second at most."""
_NUMBER = (r"(?:\d{1,2}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
           r"seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
           r"fifteen|sixteen|seventeen|eighteen|nineteen)")
_AGE_WHEN = re.compile(r"\bwhen\s+(?:I|he|she|we|they|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|(?:my|his|her|our|their)\s+\w+"
                       rf"(?:\s+[A-Z][a-z]+)?)\s+(?:was|were|turned)\s+{_NUMBER}\b(?![\w-])")


def stepped_back_from_frame(doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent],
                            timexes: list[Timex], narrating: list[int], jumps: dict[int, int]) -> set[int]:
    """The sentence where a story told from a frame steps back to where its events began. The frame is the opening
    paragraph when it speaks from the present of telling (`narrating`: "My husband owns a bowling ball") or when a
    main clause of its narration sums up a stretch of a year or more (`_sums_up_years`: "For six years, I didn't say
    her name"); the step back is the first sentence of a later paragraph whose main clause is narration in the
    simple past, dated by a time expression or by someone's age ("It started in October, on a Thursday.", "I met Dan
    when his daughter Lucy was four."), and that the timeline does not read as a move forward (`jumps`: "For two
    years the village waited for rain. / On a Monday in March, the clouds came")."""
    told = [s for s in sentences if any(not events[e].in_quote for e in s.events)]
    if not told:
        return set()
    opening = told[0].paragraph
    frame = [s for s in told if s.paragraph == opening]
    if not any(s.index in narrating or _sums_up_years(doc, s, events, timexes) for s in frame):
        return set()
    for sentence in told:
        if sentence.paragraph == opening or not sentence.first_in_paragraph:
            continue
        if sentence.paragraph > opening + FRAME_PARAGRAPHS:
            break
        main = main_event(sentence, events)
        if main is None or main.in_quote or main.tense != "past" or is_past_perfect(main):
            continue
        if main.verb == "be":
            return set()  # "That was the whole sentence, for twenty-six years": the frame summing up, no event
        dated = any(_dates_the_clause(doc, timexes[t]) for t in sentence.timexes) \
            or _AGE_WHEN.search(doc.text, sentence.start, sentence.end) is not None
        return {sentence.index} if dated and sentence.index not in jumps else set()
    return set()


def _sums_up_years(doc: Doc, sentence: TimelineSentence, events: list[TimelineEvent], timexes: list[Timex]) -> bool:
    """The sentence's main clause, narration other than "be", goes on over a year or more ("For six years, I didn't
    say her name", "Gwen paid for the home for thirteen months"); not an age ("twelve years old") nor a stretch said
    in a quotation or in another clause."""
    main = main_event(sentence, events)
    if main is None or main.in_quote or main.verb == "be":
        return False
    return any(stretch.days >= 365 and doc.text[stretch.end:stretch.end + 4].lower() != " old"
               for stretch in stretches_of(doc, main, sentence, timexes))


def _dates_the_clause(doc: Doc, timex: Timex) -> bool:
    """A time expression that says when, not a thing done or had: not a habit ("every year"), nor a vague one, nor
    an object or subject ("She missed the one day I needed her")."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return timex.kind not in ("set", "vague") and tokens is not None \
        and tokens.root.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "appos")


_STEP_BACK = re.compile(  # the narrator announces going back, as a sentence of its own or before a colon
    r"(?:(?:okay|ok|so|but|well|now|first|anyway|all right|alright),?\s+)*"
    r"(?:(?:let me|let's|i should|i need to|i have to|i'll|i will|we need to)\s+"
    r"(?:back up|go back|rewind|start (?:at|from) the (?:very )?(?:beginning|start)|take you back)"
    r"(?:\s+(?:a (?:bit|little|few (?:years|months|steps))|for a (?:second|moment|minute)|to (?:the beginning|\w+ \d{4}|\d{4})))?"
    r"|(?:i'm|i am) getting ahead of myself"
    r"|(?:some|a (?:little|bit of)|first,? (?:some|a little))\s+(?:background|context|backstory|history))"
    r"\s*(?P<end>[.!…]+|:)", re.IGNORECASE)


def announced_step_back(text: str, sentences: list[TimelineSentence], events: list[TimelineEvent],
                        quotes: list[tuple[int, int]]) -> set[int]:
    """Where the flashback the narrator announces starts: the sentence after a sentence of theirs, outside quotation
    marks, that is only the announcement ("Let me back up.", "Some background.", "But I'm getting ahead of
    myself."), when it is narration in the past; or the announcing sentence itself when what it announces follows
    a colon ("A bit of background: I met Tom when I was twenty-three.")."""
    out: set[int] = set()
    for k, sentence in enumerate(sentences):
        said = _STEP_BACK.match(text, sentence.start, sentence.end)
        if said is None or inside_quotes(quotes, sentence.start):
            continue
        if said.group("end") == ":":
            out.add(sentence.index)
            continue
        if text[said.end():sentence.end].strip() or k + 1 == len(sentences):
            continue  # "Let me back up the truck.": more than the announcement
        after = sentences[k + 1]
        main = main_event(after, events)
        if main is not None and not main.in_quote and main.tense == "past":
            out.add(after.index)
    return out
