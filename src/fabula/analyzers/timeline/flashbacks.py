"""Back-references and flashbacks: expressions that date a clause before the story's now ("twenty years ago"),
past-perfect runs, remembered times, past-perfect "when" clauses and summings-up."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from fabula.analyzers.quotes import inside_quotes
from fabula.analyzers.timeline.events import (
    TimelineEvent, TimelineSentence, elapsed_until, is_past_perfect, is_person, is_pluperfect,
    main_event, sentence_runs, stretches_of, timex_verb,
)
from fabula.analyzers.timeline.words import (
    ADVCL, BOUND, COMPLETION, FAR_BACK, LONG_STRETCH, MEMORY_VERBS, NEGATIVE_SUBJECTS, RESULTING_COPULAS,
    STATIVE_VERBS, THEN, VERB_POS, ordering_adverbs,
)
from fabula.analyzers.timex import Timex, TokenColumns, is_time_noun, names_a_month


def back_references(text: str, doc: Doc, sentences: list[TimelineSentence], timexes: list[Timex],
                    events: list[TimelineEvent],
                    quotes: list[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int | None]]:
    """Sentences told after but happening before ("twenty years ago", "months before he got that offer").
    A "before <clause>" looks back only when its clause names an event told earlier ("he got that offer"):
    "He waited two hours before she came" tells two events in their order.

    The expression must date the sentence's main clause, not a relative clause or a participle
    ("a life we had once planned", "an appointment made twenty years ago"). Inside dialogue only
    a measured distance ("Twenty years ago to-night I dined here"), a date with its year ("It was
    sent to her address July 20, 1876") or a past day named from the speaker's now ("We were married
    last evening") counts: a speaker's "once upon a time" or "long ago" opens their own tale, not a
    flashback of the frame. Narration before any event is told looks back from nothing: it sets the story's time.
    Returns sentence index -> expression index, and expression index -> id of the earlier event a
    "before <clause>" expression is anchored on (None when no told event matches the clause).
    """
    found: dict[int, int] = {}
    anchors: dict[int, int | None] = {}
    told = False  # no narration yet: the opening sets the story's time ("The night before my wedding, I sat ...")
    for sentence in sentences:
        opening, told = not told, told or any(not events[e].in_quote for e in sentence.events)
        for i in sentence.timexes:
            t = timexes[i]
            if opening and not inside_quotes(quotes, t.start):
                continue
            if inside_quotes(quotes, t.start) and _dates_a_told_past(doc, t, sentence, events):
                found.setdefault(sentence.index, i)
                continue
            if t.direction != "before" or (t.kind == "vague" and t.anchor != "story-now"):
                continue
            if inside_quotes(quotes, t.start) and (t.days < FAR_BACK or not t.quantified):
                continue
            if BOUND.search(text, max(0, t.start - 12), t.start) or elapsed_until(text, t) or in_modifier(doc, t):
                continue
            if not inside_quotes(quotes, t.start) and (_backgrounds_main_line(doc, t, events, sentence)
                                                       or THEN.search(text, max(0, t.start - 8), t.start)):
                continue
            if t.anchor == "clause":
                anchors[i] = _clause_anchor(sentence, t, events)
                if anchors[i] is None:
                    continue  # "He waited two hours before she came": nothing told yet, so told in order
            found.setdefault(sentence.index, i)
    return found, anchors


def _dates_a_told_past(doc: Doc, timex: Timex, sentence: TimelineSentence, events: list[TimelineEvent]) -> bool:
    """A calendar date with its year, a month ("in November"; not a feast: "at Easter"), or a past day named from
    the speaker's now ("yesterday afternoon", "last evening", "the other day"), dates a past-tense clause ("That
    necklace was sent to her address, July 20, 1876"; "Deb came over with a paper in November"; "We were married
    last evening"): a speaker tells what happened at a point of the past they can name. A day of a month without
    its year ("on March 4") may be today's. Not a future ("I will send it on May 3, 1877"), nor a date in a
    relative clause or participle."""
    dated = timex.kind == "calendar" and (re.match(r"\d{4}-\d\d", timex.value) is not None or re.match(
        r"XXXX-\d\d$", timex.value) is not None and _said_as_a_month(doc, timex))
    named_back = timex.kind == "point" and timex.direction == "before" and timex.anchor == "story-now"
    if not (dated or named_back) or in_modifier(doc, timex):
        return False
    verb = timex_verb(doc, timex)
    return verb is not None and any(events[i].index == verb.i and events[i].tense == "past" for i in sentence.events)


def _said_as_a_month(doc: Doc, timex: Timex) -> bool:
    """The expression's words name a month ("in November"), not a feast its value dates by one ("at Easter")."""
    said = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return said is not None and names_a_month(said.text)


def _backgrounds_main_line(doc: Doc, timex: Timex, events: list[TimelineEvent], sentence: TimelineSentence) -> bool:
    """The expression dates a second coordinate clause while the main clause goes on in the simple
    past ("The girl made no comment, but she had long ago recommenced her line"): background, not
    a flashback."""
    verb = timex_verb(doc, timex)
    if verb is None or verb.dep_ != "conj" or verb.head.dep_ != "ROOT" or _recalls(verb):
        return False
    main = next((events[i] for i in sentence.events if events[i].index == verb.head.i), None)
    return main is not None and not is_past_perfect(main)


def _recalls(verb: Token) -> bool:
    """A verb of remembering ("remembered", "recalled", "thought of", "thought back"): what it reaches
    back to is a recollection, even from a second coordinate clause."""
    lemma = verb.lemma_.lower()
    return lemma in MEMORY_VERBS or (lemma == "think" and any(c.lower_ in ("of", "back") for c in verb.children))


def in_modifier(doc: Doc, timex: Timex) -> bool:
    """The expression sits in a clause that modifies a noun (relative clause, participle)."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    token = tokens.root if tokens is not None else None
    while token is not None and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def _clause_anchor(sentence: TimelineSentence, timex: Timex, events: list[TimelineEvent]) -> int | None:
    """The earlier event that the clause after "before" names again: one sharing a noun of its subject or object
    ("before he got that offer" / "the offer came"), or its verb with the same subject ("before he left" / "he
    left")."""
    clause_events = [i for i in sentence.events if events[i].start >= timex.end]
    if not clause_events:
        return None
    clause = events[clause_events[0]]
    nouns = {t.lemma_.lower() for t in (clause.subject, clause.object)
             if t is not None and t.pos_ in ("NOUN", "PROPN")}
    subject = clause.subject.lower_ if clause.subject is not None else None
    for i in range(min(sentence.events, default=len(events)) - 1, -1, -1):
        other = events[i]
        other_nouns = {t.lemma_.lower() for t in (other.subject, other.object) if t is not None}
        same_act = subject is not None and other.verb == clause.verb and other.subject is not None \
            and other.subject.lower_ == subject
        if nouns & other_nouns or same_act:
            return i
    return None


def past_perfect_runs(doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent], timexes: list[Timex],
                      dated: set[int]) -> set[int]:
    """Narration sentences in runs of past-perfect main clauses that look back (the classic analepsis).

    A sentence is anterior when its main clause is in the past perfect ("She had once lived in
    Rome"); a past perfect in a second coordinate or subordinate clause only backgrounds the
    main line ("There were no attendants; they had absconded"), one beside a short interval
    is a pluperfect of completion ("In an instant he had reached the niche"), and one of a change into a
    state that still holds is a result ("She had fallen asleep while reading") unless it is remembered or a cue
    other than a frame dates it back ("In his youth he had grown rich"). A run counts when it
    has two adjacent anterior sentences whose subjects are people (what characters had done, not
    the state things were left in: "The twig had slashed his face"), three whatever their subjects, a main
    clause's past-perfect coordinate counting as one more (a stretch told in the past perfect: "It had been a hard
    winter. The snow had ..."; "The duel had cut short his season, but it had left him $200"; an agentless passive of a
    thing is left out of the three: "The room had been cleaned. The bed had been made." describes the scene as
    found), or one sentence with a cue
    that it reaches back: a time expression, a retrospective adverb ("had always talked",
    "had once had"), a period of someone's life dating it (`dated`: "To the last days of her life
    she had continued ..."), a period of the subject's own that frames it (see _framed_by_a_period:
    "He had learned them while working up the Springfield case"), a stretch of a month or more over which the act
    was done (see _done_over_a_long_stretch: "They had talked every day for seventeen years"), or a verb of
    remembering whose clause it is ("She remembered that she had met him"), which then stands for the sentence's
    main clause.
    """
    retrospective = ordering_adverbs()["retrospective"]
    anterior: list[int] = []
    cued: set[int] = set()
    personal: set[int] = set()
    found_states: set[int] = set()
    doubled: set[int] = set()  # sentences whose main clause has a past-perfect coordinate: two told steps back
    for sentence in sentences:
        main = main_event(sentence, events)
        recalled = _recalled(sentence, events)
        if main is not None and recalled is not None:
            main = recalled
            cued.add(sentence.index)
        if main is None or main.in_quote or not is_past_perfect(main):
            continue
        if any(timexes[t].kind in ("duration", "offset") and timexes[t].days < 1.0 for t in sentence.timexes) \
                or any(_done_by(doc, timexes[t], main) for t in sentence.timexes):
            continue
        dated_back = bool(main.adverbs & retrospective) or sentence.index in dated \
            or any(timexes[t].direction == "before" or a_calendar_period(timexes[t], back=True)
                   for t in sentence.timexes) or _done_over_a_long_stretch(doc, main, sentence, timexes)
        if not dated_back and sentence.index not in cued and _is_resultative(doc[main.index]):
            continue  # "She had fallen asleep (while reading)": the state now; "In his youth he had grown rich"
        if dated_back or _framed_by_a_period(main) or any(_that_time(doc, timexes[t]) for t in sentence.timexes):
            cued.add(sentence.index)
        anterior.append(sentence.index)
        if any(events[e].dep == "conj" and events[e].head == main.index and is_past_perfect(events[e])
               for e in sentence.events):
            doubled.add(sentence.index)
        if is_person(main.subject):
            personal.add(sentence.index)
        elif _is_agentless_passive(doc[main.index]):
            found_states.add(sentence.index)
    out: set[int] = set()
    for run in sentence_runs(anterior, sentences, gap=1):
        if len(personal.intersection(run)) >= 2 or len(set(run) - found_states) + len(doubled.intersection(run)) >= 3 \
                or cued.intersection(run):
            out.update(run)
    return out


def _done_by(doc: Doc, timex: Timex, main: TimelineEvent) -> bool:
    """The past perfect says what was done by a later date that the story reaches ("By June I had paid off my card",
    "By Thanksgiving, the family had taken sides"): a step on to that date, not back."""
    said = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if timex.kind not in ("calendar", "point", "clock") or said is None or said[0].lower_ != "by":
        return False
    verb = timex_verb(doc, timex)
    return verb is not None and verb.i == main.index


_MEASURED_FROM = frozenset({"before", "after", "since", "until", "till", "by"})


def _done_over_a_long_stretch(doc: Doc, main: TimelineEvent, sentence: TimelineSentence, timexes: list[Timex]) -> bool:
    """The past-perfect main act is done over a stretch of a month or more ("Jo and I had talked almost every day for
    seventeen years", "Every morning for six months, he had put on a pressed shirt"): the story sums up a stretch of
    its past. A state up to the story's now is none: "be", a passive or a progressive ("We had been together four
    years", "The shop had been closed for a year", "She had been waiting for months"), a verb of a state ("They had
    known each other for years", "He had lived alone for twenty years"), a negation in the verb or its subject ("She
    had not seen him for weeks", "No one had touched the piano for twenty years"); nor a stretch that dates another
    clause."""
    if main.verb == "be" or main.verb in STATIVE_VERBS or main.negated or main.aspect == "perfect-progressive" \
            or any(c.dep_ == "auxpass" for c in doc[main.index].children) \
            or main.subject is not None and any(t.lower_ in NEGATIVE_SUBJECTS for t in main.subject.subtree):
        return False
    return any(stretch.days >= LONG_STRETCH for stretch in stretches_of(doc, main, sentence, timexes))


def _that_time(doc: Doc, timex: Timex) -> bool:
    """A time the story has told before, pointed back to after the clause it dates ("He had been drinking that
    night"): beside a past perfect it dates the clause to then, before the narrative's now. Not one that opens the
    sentence ("That night the rain had stopped": the story's next step, and what was done by then), nor one the
    clause is measured against ("Never before that night had I felt", "By that evening everyone had gone")."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None or timex.anchor != "previous" or tokens[0].lower_ != "that" or tokens.start == 0:
        return False
    told_first = any(t.pos in VERB_POS for t in doc[tokens.sent.start:tokens.start])
    return told_first and doc[tokens.start - 1].lower_ not in _MEASURED_FROM


def a_calendar_period(timex: Timex, back: bool = False) -> bool:
    """A calendar date that moves the story on: a month or a season, or a day in one ("in August", "By summer",
    "On August 15"); unlike a weekday or an hour, which may be the last step of the day told. With `back`, one that
    dates a past perfect back: a month, or any date with its year ("in 1954", "in the summer of 1954"); a season
    alone ("One evening in winter she had been to the opera") may be the story's own next step."""
    pattern = r"\d{4}|XXXX-\d\d" if back else r"[\dX]{4}-(?:\d\d|SP|SU|FA|WI)"
    return timex.kind == "calendar" and re.match(pattern, timex.value) is not None


def _is_agentless_passive(verb: Token) -> bool:
    """A passive with no "by" agent ("had been cleaned"): the state a thing was left in."""
    children = list(verb.children)
    return any(c.dep_ == "auxpass" for c in children) and not any(c.dep_ == "agent" for c in children)


def _is_resultative(verb: Token) -> bool:
    """A resulting copula with an adjective ("had fallen asleep", "had grown quiet"): the state it ends in."""
    return verb.lemma_.lower() in RESULTING_COPULAS and any(
        c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ" for c in verb.children)


def _recalled(sentence: TimelineSentence, events: list[TimelineEvent]) -> TimelineEvent | None:
    """The past-perfect clause a verb of remembering (anyone's, outside quotes) reaches back to: its
    complement ("She remembered that she had met him") or the main clause it interrupts ("The cat, I
    remembered, had been hung"). A negated or asked remembering ("She did not remember that she had
    locked it", "He asked if she remembered where she had left it") reaches nowhere."""
    for i in sentence.events:
        memory = events[i]
        if memory.verb not in MEMORY_VERBS or memory.in_quote or is_past_perfect(memory) or memory.negated \
                or memory.mark in ("if", "whether"):
            continue  # "did not remember", "asked if she remembered": no recollection took place
        for j in sentence.events:
            other = events[j]
            if j != i and is_past_perfect(other) and (
                    (other.dep == "ccomp" and other.head == memory.index)
                    or (memory.dep == "parataxis" and memory.head == other.index)):
                return other
    return None


def remembered_times(doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent]) -> set[int]:
    """Narration sentences whose simple-past verb of remembering reaches a time it singles out by a clause or an
    "of" phrase: "He remembered the day he first saw her", "She recalled the evening of the fire", "He thought of
    the days when they were young". A bare "She remembered the summer" singles out no past."""
    out: set[int] = set()
    for sentence in sentences:
        for i in sentence.events:
            memory = events[i]
            if memory.in_quote or memory.negated or memory.tense != "past" or memory.aspect != "simple" \
                    or memory.mark in ("if", "whether") or not _recalls(doc[memory.index]):
                continue
            verb = doc[memory.index]
            reached = [c for c in verb.children if c.dep_ in ("dobj", "npadvmod")] + [
                g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "about")
                for g in c.children if g.dep_ == "pobj"]
            if any(_singled_out_time(noun) for noun in reached):
                out.add(sentence.index)
    return out


def _singled_out_time(noun: Token) -> bool:
    """A noun of time with a clause of what happened then ("the day he first saw her"; not one still to come:
    "the day when he would leave", "the time to go") or, but for "time" ("the time of the train" is a clock's),
    an "of" phrase of something other than time ("the evening of the fire"; not "the day of the week")."""
    lemma = noun.lemma_.lower()
    return is_time_noun(lemma) and any(
        (c.dep_ in ("relcl", "acl") and not any(a.tag_ in ("MD", "TO") for a in c.children))
        or (c.dep_ == "prep" and c.lower_ == "of" and lemma != "time"
            and not any(is_time_noun(o.lemma_.lower()) for o in c.children if o.dep_ == "pobj"))
        for c in noun.children)


def pluperfect_whens(doc: Doc, columns: TokenColumns, sentences: list[TimelineSentence],
                     quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences where a past-perfect "when" clause dates another past perfect, in any clause ("the
    button that had been torn off when they had arrested him"): an earlier episode with its own time, told from
    before the story's now. A "when" clause dating a simple past ("When he had finished, he left") is the main
    line's next step, and one in the simple past ("He had scarcely sat down when the bell rang") finishes one."""
    starts = [s.token_start for s in sentences]
    out: set[int] = set()
    for i in (i for i, dep in enumerate(columns.dep) if dep == ADVCL):  # the few adverbial clauses, no Token before
        token, s = doc[i], bisect.bisect_right(starts, i) - 1
        if s >= 0 and i < sentences[s].token_end and is_pluperfect(token) and is_pluperfect(token.head) \
                and any(c.lower_ == "when" and c.dep_ in ("advmod", "mark") for c in token.children) \
                and not inside_quotes(quotes, token.idx):
            out.add(s)
    return out


def summings_up(doc: Doc, sentences: list[TimelineSentence], timexes: list[Timex],
                quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences that sum up a stretch gone by (see sums_up)."""
    return {s.index for s in sentences for t in s.timexes
            if not inside_quotes(quotes, timexes[t].start) and sums_up(doc, s, timexes[t])}


def sums_up(doc: Doc, sentence: TimelineSentence, timex: Timex) -> bool:
    """A sentence that is a counted stretch gone by up to the story's now, a look back and no jump: a verbless
    stretch of something ("Three years of silence and unanswered letters."; "Then came three years of silence" or
    "After three years of silence" tell it forward, with a verb or a lead), or a stretch measured since an earlier
    event that opens the sentence ("Three years since the night a state trooper stood on her porch ...", "Six
    months since the accident."), which tells that event from the story's now; with a main clause after a comma
    ("Three years since the fire, Maria opened the letter") the stretch dates that clause instead."""
    if timex.kind != "duration" or not timex.quantified:
        return False
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None:
        return False
    if tokens.start == sentence.token_start and tokens.end < sentence.token_end \
            and doc[tokens.end].lower_ == "since":  # not "Three years since the fire, Maria opened the letter"
        comma = next((k for k in range(tokens.end, sentence.token_end) if doc[k].text == ","), sentence.token_end)
        return doc[sentence.token_start:sentence.token_end].root.i < comma
    return not sentence.events and tokens.root.dep_ == "ROOT" \
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in tokens.root.children)


def _framed_by_a_period(main: TimelineEvent) -> bool:
    """A person's past perfect is framed by a "while" or "when" clause of a stretch of time of their own:
    an activity ("He had learned them while working up the Springfield case") or a state ("She had met
    him when she was a student"). An event in the "when" clause ("He had scarcely sat down when the
    bell rang") is the main line's next step, and "had just", "had scarcely" finish as it comes."""
    if not is_person(main.subject) or main.adverbs & ordering_adverbs()["anterior"]:
        return False
    verb = main.subject.doc[main.index]
    if any(c.lower_ in COMPLETION for c in verb.children):
        return False
    for clause in verb.children:
        mark = next((c.lower_ for c in clause.children if c.dep_ == "mark" or c.lower_ == "when"), None)
        if clause.dep_ != "advcl" or mark not in ("while", "when"):
            continue
        participle = clause.tag_ == "VBG" and not any(c.dep_ in ("aux", "nsubj") for c in clause.children)
        state = clause.lemma_ == "be" and any(c.dep_ == "attr" for c in clause.children)
        if participle or state:
            return True
    return False
