"""Forward moves: time jumps ("The next day", "For months") and scene changes ("That evening"), read against a
story clock."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from fabula.analyzers.quotes import inside_quotes
from fabula.analyzers.timeline.events import (
    TimelineEvent, TimelineSentence, elapsed_until, in_the_past, in_when_clause, is_past_perfect,
    is_pluperfect, main_event, path_to_verb, timex_verb,
)
from fabula.analyzers.timeline.flashbacks import a_calendar_period, in_modifier, sums_up
from fabula.analyzers.timeline.words import (
    BY, DATING_PREPOSITIONS, JOURNEYING, MIN_ELLIPSIS, MIN_JUMP, NOW, PASSING_VERBS, SAME_HOURS, THAT_DAY,
    THEN, VERB_POS, WAITING, WHOLE_DAY_ENDS,
)
from fabula.analyzers.timex import Timex, TokenColumns, hour_of, hours_of


def _fronted(doc: Doc, columns: TokenColumns, sentence: TimelineSentence, timex: Timex) -> bool:
    """The expression opens its sentence (ahead of the main clause's subject, with no verb before it
    but that of a fronted "when ..." clause), or completes "it was ..."."""
    root = doc[sentence.token_start:sentence.token_end].root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None and subject.lower_ == "it" and root.lemma_ == "be":
        return timex.start <= root.idx + len(root.text) + 12
    opening = subject.left_edge if subject is not None else root
    if timex.end > opening.idx and not timex.start <= root.idx < timex.end:  # a misparse may root the timex
        return False
    verbs_before = (k for k in range(sentence.token_start, sentence.token_end)
                    if columns.pos[k] in VERB_POS and columns.start[k] < timex.start)
    return not any(not in_when_clause(doc[k]) for k in verbs_before)


def _descriptive(doc: Doc, timex: Timex) -> bool:
    """A month or day named as a modifier of a noun ("an October afternoon"): a setting, not a date."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return tokens is not None and tokens.root.dep_ in ("compound", "amod", "nmod")


def _looks_back(doc: Doc, timex: Timex) -> bool:
    """The expression dates a past-perfect clause ("... had been presented to him on Thanksgiving Day"): what
    came before the story's now, not a move on."""
    verb = timex_verb(doc, timex)
    return verb is not None and is_pluperfect(verb)


_NAMING_PREPOSITIONS = frozenset({"to", "for", "about", "of"})  # "flipped to October", "set it for June 14"


def _names_the_day(doc: Doc, timex: Timex) -> bool:
    """A date said to be the day ("Tomorrow would be Christmas Day", "It was May"), put beside a noun ("We picked a
    date, June 14") or aimed at ("She flipped to October", "They set the wedding for June 14"): a day talked of, not
    a move."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None:
        return False
    root = tokens.root
    return root.dep_ in ("attr", "acomp") or root.dep_ in ("npadvmod", "appos") and root.head.pos_ == "NOUN" \
        or root.dep_ == "pobj" and root.head.lower_ in _NAMING_PREPOSITIONS


def time_moves(doc: Doc, columns: TokenColumns, sentences: list[TimelineSentence], timexes: list[Timex],
               events: list[TimelineEvent], quotes: list[tuple[int, int]],
               tales: list[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """The narration's forward moves, split by size (ellipsis vs. scene change).

    Returns (jumps, scene changes), each sentence index -> expression index. A time jump skips a stretch of story
    time: an explicit offset ("a few minutes later", "ten years later"), time let pass ("Ten years passed", "At the
    end of a week", "The day of the ball drew near"), a fronted counted duration ("For months", "About twenty
    minutes he waited"; not the measure back of a past perfect: "It had been three years since ..."), a step of a
    day or more, fronted or dating the main clause ("The next day", "The sun awoke him next morning"), a calendar
    date, or a clock time the narration has moved on to ("It was now midnight"), a time of day at least MIN_JUMP
    after the one the narration last gave (or, fronted with "By" while it gave none, the one it reaches: "By
    morning it had two million views"), the next day's when earlier ("At dusk ..." then "By nightfall ...", "At
    midnight ..." then "... it was four o'clock"; a past-perfect main clause looks back from the clock and leaves
    it, but for "By nightfall ... had"), a dating in a named span that differs from the last one in that span ("the
    third year of the war" after "the second year of the war"; the first only sets the story in time), a whole day
    or night of journeying or waiting ("All that day she rode", which leaves the clock at evening), a counted stretch
    of a month or more over which the main clause goes on ("All went well with me for years"), or a counted
    stretch of days framing an act repeated in it ("She did this for seven nights, every night at twelve"). A
    fronted smaller anchor ("That evening", "At dusk", "all day") only opens a new scene.
    Dialogue and the opening exposition move nothing; a tale told over several paragraphs of one speech (`tales`;
    `quotes` holds the other quotations) is narration where its main clause tells the past, not where it plans
    ("“Two days later we will reach the fort”").
    """
    jumps: dict[int, int] = {}
    changes: dict[int, int] = {}
    settings: dict[str, str] = {}
    clock = _StoryClock()
    seen_event = False
    text = doc.text  # built anew from the tokens on every read: once here
    for sentence in sentences:
        main = main_event(sentence, events)
        looking_back = main is not None and is_past_perfect(main)  # "That morning she had argued": before the clock
        for i in sentence.timexes:
            t = timexes[i]
            if inside_quotes(quotes, t.start) or _talked_about(doc, t) \
                    or inside_quotes(tales, t.start) and (main is None or main.tense != "past"):
                continue
            redated = _redates(settings, t)
            elapsed = elapsed_until(text, t)
            if t.direction == "before" and not elapsed and not THEN.search(text, max(0, t.start - 8), t.start):
                continue  # back from now, unless "Then, last September, ...": the next step towards it
            fronted = _fronted(doc, columns, sentence, t)
            moved_on = t.kind == "clock" and NOW.match(text, t.start) is not None
            said = text[t.start:t.end]
            on_the_clock = (fronted or moved_on) and not (looking_back and not BY.match(said))  # "By noon ... had"
            reached = fronted and t.kind == "clock" and clock.hour is None and BY.match(said) is not None
            later = clock.read(t, said, on_the_clock) or reached  # the opening's sets it too
            if not seen_event:
                continue
            offset = t.kind == "offset" and (t.direction == "after" or elapsed) and t.days >= MIN_ELLIPSIS
            summary = fronted and t.kind == "duration" and t.quantified and t.days >= MIN_ELLIPSIS \
                and not looking_back and not sums_up(doc, sentence, t)  # "It had been a year now since ..."
            step = t.kind == "point" and t.direction == "after" and t.days >= 1.0 \
                and (fronted or _dates_main_line(doc, t, main))
            dated = a_calendar_period(t) and not _descriptive(doc, t) and not _names_the_day(doc, t) \
                and not in_modifier(doc, t) \
                and not (_looks_back(doc, t) and not BY.match(said))  # "By summer we had raised": done by then
            let_pass = _lets_time_pass(doc, t) or not fronted and _spans_the_main_line(doc, t, main)
            repeating = any(timexes[k].kind == "set" for k in sentence.timexes)  # "every night", "each morning"
            whole_day = not repeating and _journeys_or_waits_a_whole_day(doc, t)  # not "all day every Sunday"
            repeated = repeating and _repeated_over(doc, t)
            if offset or summary or step or dated or moved_on or redated or later or let_pass or whole_day \
                    or repeated:
                jumps.setdefault(sentence.index, i)
            elif fronted and (t.kind in ("point", "clock", "calendar") or t.kind == "duration"):
                changes.setdefault(sentence.index, i)
            if (offset or summary or step or dated or repeated) and hour_of(t.value) is None:
                clock.advance(t.days if offset or summary else None)
            if whole_day:
                clock.hour = hour_of(WHOLE_DAY_ENDS.get(t.value, ""))  # "All that day": the clock stands at evening
        seen_event = seen_event or any(not events[e].in_quote for e in sentence.events)
    for s in jumps:
        changes.pop(s, None)
    return jumps, changes


def _talked_about(doc: Doc, timex: Timex) -> bool:
    """A length of time that is what a clause is about, its subject, unless it passes ("Ten years is a long time",
    "Three months on the Island was what he craved", read as "three months on"; not "Three weeks passed", "The
    days went by"): no move. An offset with its own direction word ("Two mornings later") is always a move."""
    if timex.kind != "duration" and not (timex.kind == "offset" and doc.text[timex.start:timex.end].endswith(" on")):
        return False
    found = _role_at_verb(doc, timex)
    return found is not None and found[0] in ("nsubj", "nsubjpass") and found[1].lemma_.lower() not in PASSING_VERBS


def _role_at_verb(doc: Doc, timex: Timex) -> tuple[str | None, Token] | None:
    """(the expression's role in the clause of the nearest verb above it, skipping coordination; that verb), or
    None when the expression's span does not map onto tokens."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None:
        return None
    path = path_to_verb(tokens.root)
    return next((t.dep_ for t in path[:-1] if t.dep_ != "conj"), None), path[-1]


def _dates_main_line(doc: Doc, timex: Timex, main: TimelineEvent | None) -> bool:
    """The expression dates the sentence's main clause, told in the simple past, as an adverbial: a bare noun
    phrase ("The sun awoke him next morning") or the object of a preposition of time ("He left on the next day");
    not an object ("He passed the third day in bed"), a possessor ("He read the next morning's paper") or what a
    thought is about ("He prepared for the next day", "He thought about the next day")."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None or main is None or main.tense != "past" or main.aspect != "simple":
        return False
    root = tokens.root
    if root.dep_ in ("npadvmod", "tmod", "advmod"):
        head = root.head
    elif root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ in DATING_PREPOSITIONS:
        head = root.head.head
    elif root.dep_ == "prep" and root.lower_ in DATING_PREPOSITIONS:  # the expression holds its preposition
        head = root.head
    else:
        return False
    return head.i == main.index


def _spans_the_main_line(doc: Doc, timex: Timex, main: TimelineEvent | None) -> bool:
    """A counted stretch of a month or more ("for years", "for three months") over which the sentence's main clause,
    told in the simple past and not negated, goes on: "All went well with me for years." The story's time goes by
    with it. Not "He had lived there for years" (a look back) nor "I didn't see her for months"; nor a stretch an
    act is about ("She signed a lease for two years", "She paid for a year of lessons", "She asked for a month
    off", "He was sentenced to prison for ten years"): a main verb with an object or a passive one, or a stretch
    of something."""
    if timex.kind != "duration" or not timex.quantified or timex.days < 30 or main is None or main.negated \
            or main.tense != "past" or main.aspect != "simple":
        return False
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None or tokens.end < len(doc) and doc[tokens.end].lower_ in ("of", "off") \
            or any(c.dep_ in ("dobj", "auxpass", "nsubjpass") for c in doc[main.index].children):
        return False
    root = tokens.root
    if root.dep_ == "pobj" and root.head.lower_ == "for":
        return root.head.head.i == main.index
    return root.lower_ == "for" and root.dep_ == "prep" and root.head.i == main.index


def _lets_time_pass(doc: Doc, timex: Timex) -> bool:
    """The main line lets the time pass: the expression, MIN_ELLIPSIS or longer, is the subject of "pass" or
    "elapse" ("The second and the third day passed", in a present-tense story "Three days pass") or, in the past,
    a counted length of a day or more of "last" or "continue", not in the perfect ("Our friendship lasted, in this
    manner, for several years"; "The noise lasted for several minutes" is a scene's own time; "The food lasts for
    a week" states a length, not time gone by) or of a verb of waiting or staying ("She waited for twenty
    minutes", "Lola stayed for three weeks"); neither
    negated nor under a modal ("The food will last for a week")."""
    found = _role_at_verb(doc, timex)
    if found is None:
        return False
    role, verb = found
    if not _on_the_main_line(verb) or verb.pos_ not in ("VERB", "AUX") \
            or any(c.dep_ == "neg" or c.tag_ == "MD" for c in verb.children):  # "did not last", "will last"
        return False
    if role in ("nsubj", "nsubjpass"):
        return verb.lemma_.lower() in ("pass", "elapse") and timex.days >= MIN_ELLIPSIS  # not "A few seconds"
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)  # "had already lasted": background
    if timex.kind != "duration" or not timex.quantified or not in_the_past(verb) or perfect:
        return False
    lemma = verb.lemma_.lower()
    return (lemma in ("last", "continue") and timex.days >= 1.0) \
        or (lemma in WAITING and timex.days >= MIN_ELLIPSIS)  # "He waited two hours": time itself goes by


def _journeys_or_waits_a_whole_day(doc: Doc, timex: Timex) -> bool:
    """A whole day, night or longer ("all that day", "the entire night") of journeying or waiting on the main
    line, in the past or inferred of it ("All that day she rode", "He waited all day", "She must have walked
    the entire night"): the day goes by with it. "All day he talked" or "All day it rained" only sets the
    scene, and so does a smaller part of the day ("all morning"); the caller leaves out a habit ("all day every
    Sunday")."""
    if timex.kind != "duration" or timex.quantified or not (timex.value in WHOLE_DAY_ENDS or timex.days > 1.0):
        return False
    verb = timex_verb(doc, timex)
    if verb is None or not _on_the_main_line(verb) or verb.lemma_.lower() not in JOURNEYING | WAITING \
            or any(c.dep_ == "neg" for c in verb.children):
        return False
    return in_the_past(verb) or _inferred_past(verb)


def _repeated_over(doc: Doc, timex: Timex) -> bool:
    """A counted length of a day or more, in a sentence that says an act was repeated ("every night", "each
    morning"), framing that act: "She did this for seven long nights, every night at twelve" tells the stretch in
    one go (an iterative summary), so the story moves on by it. On the main line, in the simple past, not negated."""
    if timex.kind != "duration" or not timex.quantified or timex.days < 1.0:
        return False
    verb = timex_verb(doc, timex)
    return verb is not None and _on_the_main_line(verb) and verb.tag_ == "VBD" \
        and not any(c.dep_ in ("neg", "aux") for c in verb.children)


def _inferred_past(verb: Token) -> bool:
    """"must have" and a participle: what the narration infers has happened ("He must have slept")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    return verb.tag_ == "VBN" and {"must", "have"} <= auxes


def _on_the_main_line(verb: Token) -> bool:
    """The root, a coordinate clause, or a complement clause told ahead of the clause it hangs from with no
    "that" ("The drought lasted for three years, the farmers said"; the parser also hangs a long sentence's
    first clause so: "The drought lasted, in this way, for three years, during which the farmers had ... suffered a
    great loss"). Not "They said that the drought lasted for three years"."""
    if verb.dep_ in ("ROOT", "conj"):
        return True
    return verb.dep_ == "ccomp" and verb.i < verb.head.i and not any(c.dep_ == "mark" for c in verb.children)


class _StoryClock:
    """The hour of the story's day as the narration last gave it (None while unknown)."""

    def __init__(self) -> None:
        self.hour: float | None = None

    def read(self, timex: Timex, said: str, told: bool) -> bool:
        """Set the clock to the time of day a fronted expression (or an "it was now ...") gives, and say whether
        that moves the story on by MIN_JUMP or more; an expression without a time of day changes nothing, nor does
        a time of "that" day earlier than SAME_HOURS before the clock ("That morning", told at noon, looks back).
        `said` is the expression's text: "two o'clock" may be 2 or 14, "two in the afternoon" only 14."""
        hours = hours_of(timex.value, said) if told and timex.kind in ("clock", "point") else []
        if not hours:
            return False
        hour, moved = hours[0], False
        if self.hour is not None:
            reading = _read_after(self.hour, hours)
            if reading >= 24 and reading != hour and THAT_DAY.match(said):
                return False  # "That morning", said at noon: earlier the same day, a look back from the clock
            hour = reading
            moved = hour - self.hour >= MIN_JUMP * 24
        self.hour = hour % 24
        return moved

    def advance(self, days: float | None) -> None:
        """Move the clock on by a length shorter than a day ("For an hour", "Twenty minutes later"); after a
        longer move, or one of no known length, the hour is unknown until the narration names one."""
        if self.hour is None or days is None or days >= 1.0:
            self.hour = None
        else:
            self.hour = (self.hour + days * 24) % 24


def _read_after(clock: float, hours: list[float]) -> float:
    """A time of day read on from the story's clock: of its readings (`timex.hours_of`) the nearest one at or
    after the clock ("two o'clock" after noon is 14, "half-past eight" at half-past nine is 20:30: the narration
    does not step back an hour unmarked), else the latest one at most SAME_HOURS before it ("two o'clock" at
    three is 14); when every reading is earlier than that, the next day's (hour + 24)."""
    ahead = [h for h in hours if h >= clock]
    if ahead:
        return min(ahead)
    near = [h for h in hours if h - clock >= -SAME_HOURS]
    return max(near) if near else min(hours) + 24


def _redates(settings: dict[str, str], timex: Timex) -> bool:
    """An ordinal dating ("third year of the war") that moves the story on from the last dating in the same
    span ("second year of the war"); `settings` maps each span ("year of the war") to its last dating."""
    if timex.setting is None:
        return False
    span = timex.setting.split(" ", 1)[1]
    last, settings[span] = settings.get(span), timex.setting
    return last is not None and last != timex.setting


_AGO_SAID = re.compile(r"^(?:that|it|this|all that|all this)\s+(?:was|happened)\b", re.IGNORECASE)
"""A sentence that dates what was told from the present of telling opens so: "That was ten months ago."."""
_TOLD_IN_THE_PAST = 3  # main clauses in the past before a turn to the telling, and twice those in the present
_TELLING_SHARE = 1 / 3  # the turn to the telling comes after the story's first third: before it, it frames the tale
_RECENT_DAYS = 365.0  # after a turn to "now", a past named from now within this much is after the story's events


def turn_to_the_telling(text: str, sentences: list[TimelineSentence], events: list[TimelineEvent],
                        timexes: list[Timex], quotes: list[tuple[int, int]]) -> tuple[int, int, float] | None:
    """(sentence, expression, days) where a story told in the past (its narration's main clauses so far mostly in
    the past) turns to the present of its telling: the first narration sentence past the story's first third whose
    main clause is in the present, holds "now" and is dated ("It is October now.", "It's September now."), or that
    dates what was told from there and ends ("That was ten months ago."; not the cleft "It was twenty years ago that
    we found the boat", which opens a flashback); days is how far back the told events lie (RECENT_DAYS for "now").
    None when there is none."""
    told: dict[int, list[str]] = {}  # sentence -> the tenses of its narrated main clauses
    for e in events:
        if e.dep == "ROOT" and not e.in_quote:
            told.setdefault(e.sentence, []).append(e.tense)
    past = present = 0
    first = int(len(sentences) * _TELLING_SHARE)
    for sentence in sentences:
        if sentence.index >= first and past >= max(_TOLD_IN_THE_PAST, 2 * present):  # none in a present-tense story
            found = _dates_the_telling(text, sentence, events, timexes, quotes)
            if found is not None:
                return found
        tenses = told.get(sentence.index, [])
        past, present = past + tenses.count("past"), present + tenses.count("present")
    return None


def _dates_the_telling(text: str, sentence: TimelineSentence, events: list[TimelineEvent], timexes: list[Timex],
                       quotes: list[tuple[int, int]]) -> tuple[int, int, float] | None:
    """(sentence, expression, days) when the sentence is narration that dates the present of telling ("It is October
    now.") or dates the told events from it ("That was ten months ago."); else None."""
    main = main_event(sentence, events)
    if main is None or main.in_quote or inside_quotes(quotes, sentence.start):
        return None
    said = text[sentence.start:sentence.end]
    for i in sentence.timexes:
        t = timexes[i]
        if main.tense == "present" and t.kind in ("calendar", "point") and NOW.search(said) \
                and t.direction != "before":
            return sentence.index, i, _RECENT_DAYS
        if t.direction == "before" and t.anchor == "story-now" and t.quantified and _AGO_SAID.match(said) \
                and not re.search(r"\w", text[t.end:sentence.end]):  # "That was ten months ago.", not a cleft
            return sentence.index, i, t.days
    return None


def after_the_turn(sentences: list[TimelineSentence], timexes: list[Timex], quotes: list[tuple[int, int]],
                   turn: tuple[int, int, float]) -> dict[int, int]:
    """Sentence -> expression for the narration after a turn to the telling that names a past from now nearer than
    the told events ("Last month, the app showed a new record" after "That was seven months ago."): a step forward
    from the story's events towards the telling, not a look back."""
    at, _, days = turn
    return {s.index: i for s in sentences[at + 1:] for i in s.timexes
            if timexes[i].direction == "before" and timexes[i].anchor == "story-now"
            and not inside_quotes(quotes, timexes[i].start) and 0 < timexes[i].days < days}
