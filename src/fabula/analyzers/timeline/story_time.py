"""Story time: the number that places each event in the order of the fabula, moved on by jumps and set back by
flashbacks."""

from __future__ import annotations

from fabula.analyzers.timeline.events import TimelineEvent, TimelineSentence, is_past_perfect
from fabula.analyzers.timeline.words import AFTER_MARKS, BEFORE_MARKS, LOOK_BACK, MIN_JUMP, STEP, ordering_adverbs
from fabula.analyzers.timex import Timex


def place_in_story_time(sentences: list[TimelineSentence], timexes: list[Timex], events: list[TimelineEvent],
                        jumps: dict[int, int], back: dict[int, int], anchors: dict[int, int | None],
                        narrating: list[int]) -> None:
    """Give every event a story time (see the module docstring)."""
    now = 0.0
    cursor: float | None = None          # where the current look-back run has got to
    telling_present = set(narrating)
    present_events: list[int] = []
    anterior_adverbs = ordering_adverbs()["anterior"]
    for sentence in sentences:
        if sentence.index in jumps:
            now += max(timexes[jumps[sentence.index]].days, MIN_JUMP)
            cursor = None
        if sentence.index in telling_present:
            present_events.extend(sentence.events)
            continue
        gap = max((timexes[i].days for i in sentence.timexes if timexes[i].direction == "before"), default=0.0) \
            if sentence.timexes else 0.0
        in_run = False
        for i in sentence.events:
            e = events[i]
            anterior = is_past_perfect(e) or bool(e.adverbs & anterior_adverbs)
            if anterior:
                if cursor is None:
                    cursor = now - max(gap, LOOK_BACK)
                e.time, cursor, in_run = cursor, cursor + STEP, True
            else:
                e.time, now = now, now + STEP
        if sentence.index in back:
            _look_back(sentences, timexes, events, sentence, back[sentence.index], anchors, now)
        if not in_run:
            cursor = None
        _order_subordinates(sentence, events)
    end = max((e.time for e in events), default=0.0) + 1.0
    for i in present_events:
        events[i].time = end


def place_sections_before(analepses: list[tuple[range, range]], sentences: list[TimelineSentence],
                          events: list[TimelineEvent]) -> None:
    """Move the events of each section analepsis, in their order, to before those of the section told before it."""
    for previous, section in analepses:
        inside = [i for s in section for i in sentences[s].events]
        before = [i for s in previous for i in sentences[s].events]
        if inside and before:
            shift = min(events[i].time for i in before) - LOOK_BACK - max(events[i].time for i in inside)
            for i in inside:
                events[i].time += shift


def _look_back(sentences: list[TimelineSentence], timexes: list[Timex], events: list[TimelineEvent],
               sentence: TimelineSentence, t: int, anchors: dict[int, int | None], now: float) -> None:
    """Move what a back-reference dates to before its anchor; a verbless fragment dates the sentence before it."""
    timex = timexes[t]
    anchor = anchors.get(t)
    target = (events[anchor].time if anchor is not None else now) - max(timex.days, LOOK_BACK)
    dated = [i for i in sentence.events if not (anchor is not None and events[i].start >= timex.end)]
    if anchor is not None:
        for i in sentence.events:
            if events[i].start >= timex.end:
                events[i].time = events[anchor].time
    if not dated and sentence.index > 0:
        previous = sentences[sentence.index - 1]
        voice = events[sentence.events[0]].in_quote if sentence.events else None
        dated = [i for i in previous.events if voice is None or events[i].in_quote == voice]
    for k, i in enumerate(dated):
        events[i].time = target + k * STEP


def _order_subordinates(sentence: TimelineSentence, events: list[TimelineEvent]) -> None:
    """'after/since X, Y': X just before Y; 'before/until X, Y': X just after Y."""
    by_token = {events[i].index: events[i] for i in sentence.events}
    for i in sentence.events:
        e = events[i]
        head = by_token.get(e.head)
        if e.dep != "advcl" or head is None or e.mark is None:
            continue
        if e.mark in AFTER_MARKS:
            e.time = min(e.time, head.time - STEP / 2)
        elif e.mark in BEFORE_MARKS:
            e.time = max(e.time, head.time + STEP / 2)
