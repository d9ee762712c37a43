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
"All day it rained") and cuts a scene without being reported as a jump.

A flashback needs its main clause to be anterior (a back-reference dating it, a period
of someone's life before it, or a run of past-perfect main clauses), or a remembering
that reaches back ("The cat, I remembered, had been hung", "she thought of that evening
of long ago"), a past perfect that a past-perfect "when" clause dates ("the knife that
had been taken when the soldiers had searched the mill"), or a verbless stretch that sums
up the time gone by ("Three years of silence and unanswered letters."); a section (after
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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.symbols import AUX, VERB
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token


from fabula.analyzers.cast import person_nouns
from fabula.analyzers.cast.words import FINITE
from fabula.analyzers.quotes import quote_spans
from fabula.analyzers.sections import is_heading, section_openings
from fabula.analyzers.timex import (
    Timex, TokenColumns, find_expressions, hour_of, hours_of, is_time_noun, names_a_month,
)
from fabula.model import Event, Scene, Span, Story, TimeExpression, Timeline
from fabula.resources import data_lines

STEP = 0.01            # story time one narrated event takes, in days: only the order matters
MIN_JUMP = 0.1         # a time jump moves the narrative on by at least this much
MIN_ELLIPSIS = 1 / 720  # a fronted duration shorter than two minutes ("for a moment") skips nothing
SAME_HOURS = 3.0       # a time of day this much before the story's clock is still the same day ("That morning")
LOOK_BACK = 1.0        # how far back an undated past-perfect run lies
FAR_BACK = 30.0        # a back-reference inside dialogue must reach at least this far (days)
LABEL_CHARS = 60



def _ids(*labels: str) -> frozenset[int]:
    return frozenset(get_string_id(label) for label in labels)


_EVENT_DEPS = _ids("ROOT", "conj", "ccomp", "advcl", "parataxis")
_VERB_POS = frozenset({VERB, AUX})
# the dependents that events are read from, by role
_ROLE_OF = {dep: role for role, deps in [
    ("subject", _ids("nsubj", "nsubjpass", "expl")), ("object", _ids("dobj", "attr", "dative", "oprd")),
    ("aux", _ids("aux", "auxpass")), ("neg", _ids("neg")), ("prep", _ids("prep")), ("pobj", _ids("pobj")),
    ("mark", _ids("mark")), ("advmod", _ids("advmod"))] for dep in deps}
_CONJ, _PREP, _MD, _ADVCL = get_string_id("conj"), get_string_id("prep"), get_string_id("MD"), get_string_id("advcl")
_PLACE_PREPS = frozenset({"at", "in", "inside", "outside", "on", "into", "near", "behind", "beyond", "across",
                          "under", "beneath", "through", "upon"})
_PLACE_PREP_IDS = frozenset(get_string_id(word) for word in _PLACE_PREPS)
_AFTER_MARKS = frozenset({"after", "since", "once"})
_WHEN_WORDS = frozenset({"when", "whenever", "after", "once", "as"})
_BEFORE_MARKS = frozenset({"before", "until", "till"})
_PERSONAL = frozenset({"i", "we", "you", "he", "she", "they", "who"})
_TELLERS = frozenset({"i", "we", "you", "that", "this"})  # subjects of present-of-telling statements
_BOUND = re.compile(r"\b(?:until|till|up to)\s+$", re.IGNORECASE)  # "until five years ago" bounds, not dates
# "It was two weeks before the design was done": the time that passed until the clause, a step forward
_ELAPSED = re.compile(r"\bit\s+(?:was|is|had\s+been|would\s+be|will\s+be)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
_NOW = re.compile(r"now\b", re.IGNORECASE)  # "now midnight": the clock has moved on
_THAT_DAY = re.compile(r"(?:(?:early|late)\s+)?(?:that|this)\b", re.IGNORECASE)  # a time of the day already told
_BY = re.compile(r"by\b", re.IGNORECASE)  # "By nightfall the snow had covered the road": done by a later time
_MEMORY_VERBS = frozenset({"remember", "recall", "recollect", "reminisce"})
_PAST_MODALS = frozenset({"could", "might", "should", "would", "ought", "'d", "’d"})
_DATING_PREPOSITIONS = frozenset({"on", "upon", "in", "at", "during", "by", "until", "till", "through", "throughout"})
_PASSING_VERBS = frozenset({"pass", "elapse", "go", "roll", "slip", "wear", "drag", "fly", "come", "follow"})
_WAITING = frozenset({"wait", "linger", "tarry", "stay", "remain"})  # verbs whose duration is time let go by
# verbs of a journey: a whole day or night of one goes by with it ("All that day he traveled")
_JOURNEYING = frozenset({"travel", "journey", "walk", "ride", "march", "tramp", "trudge", "wander", "roam", "sail",
                         "row", "drive", "plod", "hike", "flee"})
_WHOLE_DAY_ENDS = {"P1D": "TEV", "PT1NI": "TMO"}  # a whole day ends at evening, a whole night at morning
_COMPLETION = frozenset({"just", "scarcely", "hardly", "barely"})  # "had just arrived when ...": no look back
# verbs of a change into the state their adjective names (Quirk et al. 1985, 16.21 "resulting copulas")
_RESULTING_COPULAS = frozenset({"become", "come", "fall", "get", "go", "grow", "run", "turn", "wear"})


@lru_cache(maxsize=None)
def _word_roles(name: str) -> dict[str, frozenset[str]]:
    """A resources/<name> of `word | role` lines as role -> words."""
    roles: dict[str, set[str]] = {}
    for line in data_lines(name):
        word, role = (part.strip() for part in line.split("|"))
        roles.setdefault(role, set()).add(word)
    return {role: frozenset(words) for role, words in roles.items()}


def _ordering_adverbs() -> dict[str, frozenset[str]]:
    """resources/ordering_adverbs.txt as role -> adverbs."""
    return _word_roles("ordering_adverbs.txt")


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    first_in_paragraph: bool
    token_start: int
    token_end: int
    events: list[int] = field(default_factory=list)
    timexes: list[int] = field(default_factory=list)


@dataclass
class _Event:
    index: int             # the verb's token
    head: int              # the token it depends on
    dep: str               # its dependency label
    start: int
    end: int
    sentence: int
    tense: str
    aspect: str
    verb: str              # the verb's lemma, lower case
    subject: Token | None
    subject_text: str | None
    object: Token | None
    object_text: str | None
    in_quote: bool
    mark: str | None       # the subordinating conjunction of an adverbial clause ("after", "before", "when")
    adverbs: frozenset[str]  # its adverbs that are ordering cues ("already", "always", "once")
    time: float = 0.0
    negated: bool = False  # the verb has a negation ("did not remember")


def analyze_timeline(story: Story, doc: Doc) -> Timeline:
    """Story + Doc -> Timeline: expressions, events, scenes, both orders, flashbacks, jumps, narrating present."""
    text = story.text
    columns = TokenColumns.of(doc)
    sentences = _sentences(story, columns)
    if not sentences:
        return Timeline()
    starts = [s.start for s in sentences]
    quotes = [(q.outer_start, q.outer_end) for q in quote_spans(story)]
    timexes = [t for t in find_expressions(text, doc, columns) if _sentence_at(starts, t.start) is not None]
    for i, t in enumerate(timexes):
        sentences[_sentence_at(starts, t.start)].timexes.append(i)
    events = _events(text, doc, columns, sentences, quotes)
    expressions = [_expression(text, t, i, _sentence_at(starts, t.start)) for i, t in enumerate(timexes)]

    narrating = _narrating_present(sentences, events)
    jumps, changes = _time_moves(doc, columns, sentences, timexes, events, quotes)
    flashback_sentences, anchors = _back_references(text, doc, sentences, timexes, events, quotes)
    dated = _dated_by_life_periods(doc, sentences, events)
    past_perfect = _past_perfect_runs(doc, sentences, events, timexes, dated)
    analepses = _section_analepses(story, doc, sentences, events, timexes)
    _place_in_story_time(sentences, timexes, events, jumps, flashback_sentences, anchors, narrating)
    _place_sections_before(analepses, sentences, events)
    for i, target in anchors.items():
        if target is not None:
            expressions[i].anchor = f"e{target}"

    flashbacks = sorted(set(flashback_sentences) | past_perfect | _told_from_frame(doc, sentences, events, dated)
                        | _remembered_times(doc, sentences, events) | _summings_up(doc, sentences, timexes, quotes)
                        | _pluperfect_whens(doc, columns, sentences, quotes)
                        | _life_told_in_dialogue(doc, columns, sentences, quotes)
                        | _young_years_told(text, sentences, events, quotes))
    flashback_runs = _flashback_runs(flashbacks, [section for _, section in analepses], sentences)
    cuts = _scene_cuts(story, doc, columns, sentences, jumps, changes, flashback_runs)
    scenes = _scenes(text, sentences, events, cuts, {**changes, **jumps}, timexes)
    scene_of = {}
    for scene, sent_range in zip(scenes, _ranges(cuts, len(sentences))):
        for s in sent_range:
            scene_of[s] = scene.index
    out_events = [_event_model(text, e, i, scene_of[e.sentence]) for i, e in enumerate(events)]
    telling = [e.id for e in out_events]
    story_order = [out_events[i].id for i in sorted(range(len(events)), key=lambda i: (events[i].time, i))]
    return Timeline(
        expressions=expressions,
        scenes=scenes,
        events=out_events,
        telling_order=telling,
        story_order=story_order,
        flashbacks=[_sentence_span(text, sentences, run) for run in flashback_runs],
        jumps=[_clause_span(text, doc, sentences[s], timexes[t]) for s, t in sorted(jumps.items())],
        narrating_present=_sentence_span(text, sentences, [narrating[0]]) if narrating else None,
    )


# --------------------------------------------------------------------------- sentences, quotes, events

def _sentences(story: Story, columns: TokenColumns) -> list[_Sentence]:
    """The Doc's non-blank sentences, indexed as Analysis.sentences is."""
    out: list[_Sentence] = []
    text = story.text
    paragraph_starts = [p.start for p in story.paragraphs]
    last_paragraph = -1
    for first, end_token in columns.sentences():
        start_char, end_char = columns.start[first], columns.end[end_token - 1]
        chunk = text[start_char:end_char]
        start = start_char + len(chunk) - len(chunk.lstrip())
        end = end_char - (len(chunk) - len(chunk.rstrip()))
        if start >= end:
            continue
        paragraph = max(0, bisect.bisect_right(paragraph_starts, start) - 1)
        out.append(_Sentence(len(out), start, end, paragraph, paragraph != last_paragraph, first, end_token))
        last_paragraph = paragraph
    return out


def _sentence_at(starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None


def _in_quote(quotes: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(quotes, (offset, len(quotes) + 10**9)) - 1
    return i >= 0 and quotes[i][0] <= offset < quotes[i][1]


def _dependents(columns: TokenColumns) -> dict[int, dict[str, list[int]]]:
    """Head index -> role -> the indices of its dependents in that role (see _ROLE_OF), in text order."""
    out: dict[int, dict[str, list[int]]] = {}
    for i, (dep, head) in enumerate(zip(columns.dep, columns.head)):
        role = _ROLE_OF.get(dep)
        if role is not None:
            out.setdefault(head, {}).setdefault(role, []).append(i)
    return out


def _events(text: str, doc: Doc, columns: TokenColumns, sentences: list[_Sentence],
            quotes: list[tuple[int, int]]) -> list[_Event]:
    """The finite verbs of main, coordinate, complement and adverbial clauses, in text order."""
    strings = doc.vocab.strings
    kids = _dependents(columns)
    cues = {get_string_id(word): word for word in frozenset().union(*_ordering_adverbs().values())}
    token_starts = [s.token_start for s in sentences]
    out: list[_Event] = []
    by_token: dict[int, _Event] = {}
    for i in [i for i, dep in enumerate(columns.dep) if dep in _EVENT_DEPS and columns.pos[i] in _VERB_POS]:
        dep = columns.dep[i]
        s = bisect.bisect_right(token_starts, i) - 1
        sentence = sentences[s] if s >= 0 else None
        if sentence is None or i >= sentence.token_end:
            continue
        roles = kids.get(i, {})
        head_event = by_token.get(columns.head[i]) if dep == _CONJ else None
        modal = columns.lower[i] if columns.tag[i] == _MD else None  # the verb's own word counts only as a modal
        auxes = tuple((columns.tag[c], columns.lower[c], columns.lemma[c]) for c in roles.get("aux", ()))
        shape = _verb_group_shape(strings, (columns.tag[i], modal), auxes,
                                  (head_event.tense, head_event.aspect) if head_event is not None else None)
        if shape is None:
            continue
        first = min([i, *roles.get("aux", ()), *roles.get("neg", ())])
        if "subject" in roles:
            subject = doc[roles["subject"][0]]
            left = subject.left_edge.i
            subject_text, first = columns.phrase(text, left, subject.i), min(first, left)
        else:
            subject = head_event.subject if head_event else None
            subject_text = head_event.subject_text if head_event else None
        obj, obj_text = _object(text, doc, columns, i, roles, kids)
        start = max(columns.start[first], sentence.start)
        end = min(columns.end[obj.i if obj is not None and obj.i > i else i], sentence.end)
        mark = strings[columns.lower[roles["mark"][0]]] if "mark" in roles else None
        adverbs = frozenset(cues[columns.lower[c]] for c in roles.get("advmod", ()) if columns.lower[c] in cues)
        event = _Event(i, columns.head[i], strings[dep], start, end, sentence.index, shape[0], shape[1],
                       strings[columns.lemma[i]].lower(), subject, subject_text, obj, obj_text,
                       _in_quote(quotes, columns.start[i]), mark, adverbs, negated="neg" in roles)
        by_token[i] = event
        sentence.events.append(len(out))
        out.append(event)
    return out


def _object(text: str, doc: Doc, columns: TokenColumns, i: int, roles: dict[str, list[int]],
            kids: dict[int, dict[str, list[int]]]) -> tuple[Token | None, str | None]:
    """The direct object (or attribute) of verb `i`, else its first prepositional phrase: its head and its text."""
    if "object" in roles:
        token = doc[roles["object"][0]]
        return token, columns.phrase(text, token.left_edge.i, token.i)
    prep = roles["prep"][0] if "prep" in roles else None
    pobjs = kids.get(prep, {}).get("pobj") if prep is not None else None
    if pobjs and pobjs[0] > i:
        token = doc[pobjs[0]]
        return token, f"{columns.phrase(text, prep, prep)} {columns.phrase(text, token.left_edge.i, token.i)}"
    return None, None


@lru_cache(maxsize=4096)
def _verb_group_shape(strings: StringStore, verb: tuple[int, int | None], auxes: tuple[tuple[int, int, int], ...],
                      head_shape: tuple[str, str] | None) -> tuple[str, str] | None:
    """_tense_aspect of a verb group given as label ids (verb: tag and, for a modal, its word; auxiliaries:
    tag, word, lemma), cached: each distinct group is read as strings once."""
    tag, word = verb
    return _tense_aspect((strings[tag], strings[word] if word is not None else ""),
                         tuple((strings[t], strings[w], strings[lemma]) for t, w, lemma in auxes), head_shape)


def _tense_aspect(verb: tuple[str, str], auxes: tuple[tuple[str, str, str], ...],
                  head_shape: tuple[str, str] | None) -> tuple[str, str] | None:
    """(tense, aspect) of a finite verb group, e.g. ('past', 'perfect') for 'had met'; None when not finite.

    `verb` is the verb's (tag, lower case; the word only counts for a modal), `auxes` its auxiliaries
    as (tag, lower case, lemma), and `head_shape` the shape of the verb it is coordinated with (a bare
    participle shares it)."""
    tag = verb[0]
    if not auxes and tag not in FINITE:
        if head_shape is not None and tag in ("VBN", "VBD", "VBG"):
            return head_shape
        return None
    if auxes and not any(a_tag in FINITE for a_tag, _, _ in auxes):
        return None
    words = [word for _, word, _ in auxes]
    contracted_had = any(w in ("’d", "'d") for w in words) and (tag == "VBN" or "been" in words)
    perfect = contracted_had or any(lemma == "have" and a_tag in FINITE for a_tag, _, lemma in auxes)
    progressive = tag == "VBG" and any(lemma == "be" for _, _, lemma in auxes)
    aspect = "perfect-progressive" if perfect and (progressive or "been" in words) else \
        "perfect" if perfect else "progressive" if progressive else "simple"
    finite = next((aux[:2] for aux in auxes if aux[0] in FINITE), None)
    finite_tag, finite_word = finite or verb
    if finite_tag == "MD" and not contracted_had:
        tense = "future" if finite_word in ("will", "shall", "’ll", "'ll", "wo") else \
            "conditional" if finite_word in ("would", "’d", "'d") else "modal"
    elif contracted_had or finite_tag == "VBD" or (finite is None and tag == "VBN"):
        tense = "past"
    else:
        tense = "present"
    return tense, aspect


def _is_past_perfect(event: _Event) -> bool:
    return event.tense == "past" and event.aspect.startswith("perfect")


# --------------------------------------------------------------------------- the narrating present

def _narrating_present(sentences: list[_Sentence], events: list[_Event]) -> list[int]:
    """Narration sentences in the present of telling ("That's what I told everyone", "I still remember")
    in a story whose narration is otherwise in the past; not those whose verb may be a past ("I read novels"), nor
    an "I" or "we" of a story told in the third person (a letter or a message set in italics: "I'm 41.")."""
    roots = [(s, events[i]) for s in sentences for i in s.events
             if events[i].dep == "ROOT" and not events[i].in_quote]
    past = sum(e.tense == "past" for _, e in roots)
    mine = sum(e.subject is not None and e.subject.lower_ in ("i", "we") for _, e in roots)
    told_by_me = mine >= max(2, len(roots) / 10)
    tellers = _TELLERS if told_by_me else _TELLERS - {"i", "we"}  # a third-person story's "I'm 41" is a message
    present = [s.index for s, e in roots if e.tense == "present" and e.subject is not None
               and e.subject.lower_ in tellers and e.verb not in _SAME_IN_THE_PAST]
    return present if past > 2 * len(present) else []


# verbs whose simple past is spelled as their present: "I read novels" in a story told in the past is the past
_SAME_IN_THE_PAST = frozenset({"read", "put", "set", "cut", "hit", "let", "hurt", "cost", "quit", "shut", "spread",
                               "bet", "cast", "burst", "split", "shed", "thrust", "upset", "broadcast", "bid", "rid"})


# --------------------------------------------------------------------------- jumps and back-references

def _fronted(doc: Doc, columns: TokenColumns, sentence: _Sentence, timex: Timex) -> bool:
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
                    if columns.pos[k] in _VERB_POS and columns.start[k] < timex.start)
    return not any(not _in_when_clause(doc[k]) for k in verbs_before)


def _in_when_clause(token: Token) -> bool:
    """The verb heads, or serves, an adverbial clause opened by a temporal conjunction ("When the baby was ...")."""
    clause = token.head if token.dep_ in ("aux", "auxpass") else token
    return clause.dep_ == "advcl" and any(c.lower_ in _WHEN_WORDS and c.dep_ in ("advmod", "mark")
                                          for c in clause.children)


def _descriptive(doc: Doc, timex: Timex) -> bool:
    """A month or day named as a modifier of a noun ("an October afternoon"): a setting, not a date."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return tokens is not None and tokens.root.dep_ in ("compound", "amod", "nmod")


def _looks_back(doc: Doc, timex: Timex) -> bool:
    """The expression dates a past-perfect clause ("... had been presented to him on Thanksgiving Day"): what
    came before the story's now, not a move on."""
    verb = _timex_verb(doc, timex)
    return verb is not None and _is_pluperfect(verb)


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


def _time_moves(doc: Doc, columns: TokenColumns, sentences: list[_Sentence], timexes: list[Timex], events: list[_Event],
                quotes: list[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int]]:
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
    or night of journeying or waiting ("All that day she rode", which leaves the clock at evening), or a counted
    stretch of days framing an act repeated in it ("She did this for seven nights, every night at twelve"). A
    fronted smaller anchor ("That evening", "At dusk", "all day") only opens a new scene.
    Dialogue and the opening exposition move nothing.
    """
    jumps: dict[int, int] = {}
    changes: dict[int, int] = {}
    settings: dict[str, str] = {}
    clock = _StoryClock()
    seen_event = False
    text = doc.text  # built anew from the tokens on every read: once here
    for sentence in sentences:
        main = _main_event(sentence, events)
        looking_back = main is not None and _is_past_perfect(main)  # "That morning she had argued": before the clock
        for i in sentence.timexes:
            t = timexes[i]
            if _in_quote(quotes, t.start) or _talked_about(doc, t):
                continue
            redated = _redates(settings, t)
            elapsed = _elapsed_until(text, t)
            if t.direction == "before" and not elapsed:
                continue
            fronted = _fronted(doc, columns, sentence, t)
            moved_on = t.kind == "clock" and _NOW.match(text, t.start) is not None
            said = text[t.start:t.end]
            on_the_clock = (fronted or moved_on) and not (looking_back and not _BY.match(said))  # "By noon ... had"
            reached = fronted and t.kind == "clock" and clock.hour is None and _BY.match(said) is not None
            later = clock.read(t, said, on_the_clock) or reached  # the opening's sets it too
            if not seen_event:
                continue
            offset = t.kind == "offset" and (t.direction == "after" or elapsed) and t.days >= MIN_ELLIPSIS
            summary = fronted and t.kind == "duration" and t.quantified and t.days >= MIN_ELLIPSIS \
                and not looking_back and not _sums_up(doc, sentence, t)  # "It had been a year now since ..."
            step = t.kind == "point" and t.direction == "after" and t.days >= 1.0 \
                and (fronted or _dates_main_line(doc, t, main))
            dated = _a_calendar_period(t) and not _descriptive(doc, t) and not _names_the_day(doc, t) \
                and not _in_modifier(doc, t) \
                and not (_looks_back(doc, t) and not _BY.match(said))  # "By summer we had raised": done by then
            let_pass = _lets_time_pass(doc, t)
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
                clock.hour = hour_of(_WHOLE_DAY_ENDS.get(t.value, ""))  # "All that day": the clock stands at evening
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
    return found is not None and found[0] in ("nsubj", "nsubjpass") and found[1].lemma_.lower() not in _PASSING_VERBS


def _role_at_verb(doc: Doc, timex: Timex) -> tuple[str | None, Token] | None:
    """(the expression's role in the clause of the nearest verb above it, skipping coordination; that verb), or
    None when the expression's span does not map onto tokens."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None:
        return None
    path = _path_to_verb(tokens.root)
    return next((t.dep_ for t in path[:-1] if t.dep_ != "conj"), None), path[-1]


def _elapsed_until(text: str, timex: Timex) -> bool:
    """ "It was two weeks before the design was done": a counted stretch before a clause, said of an expletive
    "it", is the time that passed until that clause, a step forward, not a look back."""
    return timex.anchor == "clause" and _ELAPSED.search(text, max(0, timex.start - 24), timex.start) is not None


def _dates_main_line(doc: Doc, timex: Timex, main: _Event | None) -> bool:
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
    elif root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.lower_ in _DATING_PREPOSITIONS:
        head = root.head.head
    elif root.dep_ == "prep" and root.lower_ in _DATING_PREPOSITIONS:  # the expression holds its preposition
        head = root.head
    else:
        return False
    return head.i == main.index


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
    if timex.kind != "duration" or not timex.quantified or not _in_the_past(verb) or perfect:
        return False
    lemma = verb.lemma_.lower()
    return (lemma in ("last", "continue") and timex.days >= 1.0) \
        or (lemma in _WAITING and timex.days >= MIN_ELLIPSIS)  # "He waited two hours": time itself goes by


def _journeys_or_waits_a_whole_day(doc: Doc, timex: Timex) -> bool:
    """A whole day, night or longer ("all that day", "the entire night") of journeying or waiting on the main
    line, in the past or inferred of it ("All that day she rode", "He waited all day", "She must have walked
    the entire night"): the day goes by with it. "All day he talked" or "All day it rained" only sets the
    scene, and so does a smaller part of the day ("all morning"); the caller leaves out a habit ("all day every
    Sunday")."""
    if timex.kind != "duration" or timex.quantified or not (timex.value in _WHOLE_DAY_ENDS or timex.days > 1.0):
        return False
    verb = _timex_verb(doc, timex)
    if verb is None or not _on_the_main_line(verb) or verb.lemma_.lower() not in _JOURNEYING | _WAITING \
            or any(c.dep_ == "neg" for c in verb.children):
        return False
    return _in_the_past(verb) or _inferred_past(verb)


def _repeated_over(doc: Doc, timex: Timex) -> bool:
    """A counted length of a day or more, in a sentence that says an act was repeated ("every night", "each
    morning"), framing that act: "She did this for seven long nights, every night at twelve" tells the stretch in
    one go (an iterative summary), so the story moves on by it. On the main line, in the simple past, not negated."""
    if timex.kind != "duration" or not timex.quantified or timex.days < 1.0:
        return False
    verb = _timex_verb(doc, timex)
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
            if reading >= 24 and reading != hour and _THAT_DAY.match(said):
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


def _back_references(text: str, doc: Doc, sentences: list[_Sentence], timexes: list[Timex], events: list[_Event],
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
            if opening and not _in_quote(quotes, t.start):
                continue
            if _in_quote(quotes, t.start) and _dates_a_told_past(doc, t, sentence, events):
                found.setdefault(sentence.index, i)
                continue
            if t.direction != "before" or (t.kind == "vague" and t.anchor != "story-now"):
                continue
            if _in_quote(quotes, t.start) and (t.days < FAR_BACK or not t.quantified):
                continue
            if _BOUND.search(text, max(0, t.start - 12), t.start) or _elapsed_until(text, t) or _in_modifier(doc, t):
                continue
            if not _in_quote(quotes, t.start) and _backgrounds_main_line(doc, t, events, sentence):
                continue
            if t.anchor == "clause":
                anchors[i] = _clause_anchor(sentence, t, events)
                if anchors[i] is None:
                    continue  # "He waited two hours before she came": nothing told yet, so told in order
            found.setdefault(sentence.index, i)
    return found, anchors


def _dates_a_told_past(doc: Doc, timex: Timex, sentence: _Sentence, events: list[_Event]) -> bool:
    """A calendar date with its year, a month ("in November"; not a feast: "at Easter"), or a past day named from
    the speaker's now ("yesterday afternoon", "last evening", "the other day"), dates a past-tense clause ("That
    necklace was sent to her address, July 20, 1876"; "Deb came over with a paper in November"; "We were married
    last evening"): a speaker tells what happened at a point of the past they can name. A day of a month without
    its year ("on March 4") may be today's. Not a future ("I will send it on May 3, 1877"), nor a date in a
    relative clause or participle."""
    dated = timex.kind == "calendar" and (re.match(r"\d{4}-\d\d", timex.value) is not None or re.match(
        r"XXXX-\d\d$", timex.value) is not None and _said_as_a_month(doc, timex))
    named_back = timex.kind == "point" and timex.direction == "before" and timex.anchor == "story-now"
    if not (dated or named_back) or _in_modifier(doc, timex):
        return False
    verb = _timex_verb(doc, timex)
    return verb is not None and any(events[i].index == verb.i and events[i].tense == "past" for i in sentence.events)


def _said_as_a_month(doc: Doc, timex: Timex) -> bool:
    """The expression's words name a month ("in November"), not a feast its value dates by one ("at Easter")."""
    said = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return said is not None and names_a_month(said.text)


def _backgrounds_main_line(doc: Doc, timex: Timex, events: list[_Event], sentence: _Sentence) -> bool:
    """The expression dates a second coordinate clause while the main clause goes on in the simple
    past ("The girl made no comment, but she had long ago recommenced her line"): background, not
    a flashback."""
    verb = _timex_verb(doc, timex)
    if verb is None or verb.dep_ != "conj" or verb.head.dep_ != "ROOT" or _recalls(verb):
        return False
    main = next((events[i] for i in sentence.events if events[i].index == verb.head.i), None)
    return main is not None and not _is_past_perfect(main)


def _recalls(verb: Token) -> bool:
    """A verb of remembering ("remembered", "recalled", "thought of", "thought back"): what it reaches
    back to is a recollection, even from a second coordinate clause."""
    lemma = verb.lemma_.lower()
    return lemma in _MEMORY_VERBS or (lemma == "think" and any(c.lower_ in ("of", "back") for c in verb.children))


def _in_modifier(doc: Doc, timex: Timex) -> bool:
    """The expression sits in a clause that modifies a noun (relative clause, participle)."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    token = tokens.root if tokens is not None else None
    while token is not None and token.head.i != token.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def _clause_anchor(sentence: _Sentence, timex: Timex, events: list[_Event]) -> int | None:
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


def _past_perfect_runs(doc: Doc, sentences: list[_Sentence], events: list[_Event], timexes: list[Timex],
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
    "He had learned them while working up the Springfield case"), or a verb of remembering whose
    clause it is ("She remembered that she had met him"), which then stands for the sentence's main
    clause.
    """
    retrospective = _ordering_adverbs()["retrospective"]
    anterior: list[int] = []
    cued: set[int] = set()
    personal: set[int] = set()
    found_states: set[int] = set()
    doubled: set[int] = set()  # sentences whose main clause has a past-perfect coordinate: two told steps back
    for sentence in sentences:
        main = _main_event(sentence, events)
        recalled = _recalled(sentence, events)
        if main is not None and recalled is not None:
            main = recalled
            cued.add(sentence.index)
        if main is None or main.in_quote or not _is_past_perfect(main):
            continue
        if any(timexes[t].kind in ("duration", "offset") and timexes[t].days < 1.0 for t in sentence.timexes):
            continue
        dated_back = bool(main.adverbs & retrospective) or sentence.index in dated \
            or any(timexes[t].direction == "before" or _a_calendar_period(timexes[t], back=True)
                   for t in sentence.timexes)
        if not dated_back and sentence.index not in cued and _is_resultative(doc[main.index]):
            continue  # "She had fallen asleep (while reading)": the state now; "In his youth he had grown rich"
        if dated_back or _framed_by_a_period(main) or any(_that_time(doc, timexes[t]) for t in sentence.timexes):
            cued.add(sentence.index)
        anterior.append(sentence.index)
        if any(events[e].dep == "conj" and events[e].head == main.index and _is_past_perfect(events[e])
               for e in sentence.events):
            doubled.add(sentence.index)
        if _is_person(main.subject):
            personal.add(sentence.index)
        elif _is_agentless_passive(doc[main.index]):
            found_states.add(sentence.index)
    out: set[int] = set()
    for run in _runs(anterior, sentences, gap=1):
        if len(personal.intersection(run)) >= 2 or len(set(run) - found_states) + len(doubled.intersection(run)) >= 3 \
                or cued.intersection(run):
            out.update(run)
    return out


_MEASURED_FROM = frozenset({"before", "after", "since", "until", "till", "by"})


def _that_time(doc: Doc, timex: Timex) -> bool:
    """A time the story has told before, pointed back to after the clause it dates ("He had been drinking that
    night"): beside a past perfect it dates the clause to then, before the narrative's now. Not one that opens the
    sentence ("That night the rain had stopped": the story's next step, and what was done by then), nor one the
    clause is measured against ("Never before that night had I felt", "By that evening everyone had gone")."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None or timex.anchor != "previous" or tokens[0].lower_ != "that" or tokens.start == 0:
        return False
    told_first = any(t.pos in _VERB_POS for t in doc[tokens.sent.start:tokens.start])
    return told_first and doc[tokens.start - 1].lower_ not in _MEASURED_FROM


def _a_calendar_period(timex: Timex, back: bool = False) -> bool:
    """A calendar date that moves the story on: a month or a season, or a day in one ("in August", "By summer",
    "On August 15"); unlike a weekday or an hour, which may be the last step of the day told. With `back`, one that
    dates a past perfect back: a month, or any date with its year ("in 1954", "in the summer of 1954"); a season
    alone ("One evening in winter she had been to the opera") may be the story's own next step."""
    pattern = r"\d{4}|XXXX-\d\d" if back else r"[\dX]{4}-(?:\d\d|SP|SU|FA|WI)"
    return timex.kind == "calendar" and re.match(pattern, timex.value) is not None


def _in_the_past(verb: Token) -> bool:
    """A verb in the past tense or with a past auxiliary ("waited", "had waited", "was waiting")."""
    return verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)


def _is_agentless_passive(verb: Token) -> bool:
    """A passive with no "by" agent ("had been cleaned"): the state a thing was left in."""
    children = list(verb.children)
    return any(c.dep_ == "auxpass" for c in children) and not any(c.dep_ == "agent" for c in children)


def _is_resultative(verb: Token) -> bool:
    """A resulting copula with an adjective ("had fallen asleep", "had grown quiet"): the state it ends in."""
    return verb.lemma_.lower() in _RESULTING_COPULAS and any(
        c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ" for c in verb.children)


def _recalled(sentence: _Sentence, events: list[_Event]) -> _Event | None:
    """The past-perfect clause a verb of remembering (anyone's, outside quotes) reaches back to: its
    complement ("She remembered that she had met him") or the main clause it interrupts ("The cat, I
    remembered, had been hung"). A negated or asked remembering ("She did not remember that she had
    locked it", "He asked if she remembered where she had left it") reaches nowhere."""
    for i in sentence.events:
        memory = events[i]
        if memory.verb not in _MEMORY_VERBS or memory.in_quote or _is_past_perfect(memory) or memory.negated \
                or memory.mark in ("if", "whether"):
            continue  # "did not remember", "asked if she remembered": no recollection took place
        for j in sentence.events:
            other = events[j]
            if j != i and _is_past_perfect(other) and (
                    (other.dep == "ccomp" and other.head == memory.index)
                    or (memory.dep == "parataxis" and memory.head == other.index)):
                return other
    return None


def _remembered_times(doc: Doc, sentences: list[_Sentence], events: list[_Event]) -> set[int]:
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


def _pluperfect_whens(doc: Doc, columns: TokenColumns, sentences: list[_Sentence],
                      quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences where a past-perfect "when" clause dates another past perfect, in any clause ("the
    button that had been torn off when they had arrested him"): an earlier episode with its own time, told from
    before the story's now. A "when" clause dating a simple past ("When he had finished, he left") is the main
    line's next step, and one in the simple past ("He had scarcely sat down when the bell rang") finishes one."""
    starts = [s.token_start for s in sentences]
    out: set[int] = set()
    for i in (i for i, dep in enumerate(columns.dep) if dep == _ADVCL):  # the few adverbial clauses, no Token before
        token, s = doc[i], bisect.bisect_right(starts, i) - 1
        if s >= 0 and i < sentences[s].token_end and _is_pluperfect(token) and _is_pluperfect(token.head) \
                and any(c.lower_ == "when" and c.dep_ in ("advmod", "mark") for c in token.children) \
                and not _in_quote(quotes, token.idx):
            out.add(s)
    return out


def _is_pluperfect(verb: Token) -> bool:
    """A participle with "had" ("had torn", "had been torn")."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "’d") for c in verb.children)


def _summings_up(doc: Doc, sentences: list[_Sentence], timexes: list[Timex],
                 quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences that sum up a stretch gone by (see _sums_up)."""
    return {s.index for s in sentences for t in s.timexes
            if not _in_quote(quotes, timexes[t].start) and _sums_up(doc, s, timexes[t])}


def _sums_up(doc: Doc, sentence: _Sentence, timex: Timex) -> bool:
    """A verbless sentence that is a counted stretch of something ("Three years of silence and unanswered
    letters."): it sums up the time gone by up to the story's now, a look back and no jump ("Then came three years
    of silence" or "After three years of silence" tell it forward, with a verb or a lead)."""
    if timex.kind != "duration" or not timex.quantified or sentence.events:
        return False
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return tokens is not None and tokens.root.dep_ == "ROOT" \
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in tokens.root.children)


def _framed_by_a_period(main: _Event) -> bool:
    """A person's past perfect is framed by a "while" or "when" clause of a stretch of time of their own:
    an activity ("He had learned them while working up the Springfield case") or a state ("She had met
    him when she was a student"). An event in the "when" clause ("He had scarcely sat down when the
    bell rang") is the main line's next step, and "had just", "had scarcely" finish as it comes."""
    if not _is_person(main.subject) or main.adverbs & _ordering_adverbs()["anterior"]:
        return False
    verb = main.subject.doc[main.index]
    if any(c.lower_ in _COMPLETION for c in verb.children):
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


def _main_event(sentence: _Sentence, events: list[_Event]) -> _Event | None:
    """The sentence's root event, else its first event; None when it has none."""
    return next((events[i] for i in sentence.events if events[i].dep == "ROOT"),
                events[sentence.events[0]] if sentence.events else None)


def _dated_by_life_periods(doc: Doc, sentences: list[_Sentence], events: list[_Event]) -> set[int]:
    """Narration sentences whose main clause a fronted period of someone's life dates (resources/
    life_periods.txt): "From my infancy I was noted ...", "To the last days of her life she had
    continued ...", "As a boy, he had fished here", "When I was a kid, ...", "When I was seven, she let me
    ...". A negated clause ("Never in my life had I seen ...") compares across a life instead of going back
    to a time in it."""
    periods = _word_roles("life_periods.txt")
    out: set[int] = set()
    for sentence in sentences:
        main = _main_event(sentence, events)
        if main is None or main.in_quote or main.negated or main.subject is None:
            continue
        for token in doc[sentence.token_start:main.subject.left_edge.i]:
            lemma = token.lemma_.lower()
            stage = lemma in periods["stage"] and any(c.dep_ == "poss" for c in token.children)
            role = lemma in periods["role"] and token.dep_ == "pobj" and token.head.lower_ == "as"
            aged = _an_age_when(token, periods["role"]) and token.head.head.i == main.index  # "When I was seven, she"
            if (stage or role) and _dates_unnegated(token, main.index) or aged:
                out.add(sentence.index)
    return out


def _an_age_when(token: Token, roles: set[str]) -> bool:
    """The token says how old someone was in a "when" clause: "when I was seven", "when she was twelve years
    old", "when he was a kid" (a young person's role, resources/life_periods.txt); not "when it was ten"."""
    if token.dep_ not in ("acomp", "attr") or token.head.lemma_ != "be" or not _in_when_clause(token.head) \
            or not _is_person(next((c for c in token.head.children if c.dep_ == "nsubj"), None)):
        return False
    years_old = token.lower_ == "old" and any(c.lower_ == "years" for c in token.children)
    return token.like_num or years_old or token.lemma_.lower() in roles


@lru_cache(maxsize=1)
def _life_period_ids() -> frozenset[int]:
    """String ids of the words of resources/life_periods.txt as a lemma may spell them (boy, Boy, BOY)."""
    words = frozenset().union(*_word_roles("life_periods.txt").values())
    return frozenset(get_string_id(form) for word in words for form in (word, word.capitalize(), word.upper()))


def _life_told_in_dialogue(doc: Doc, columns: TokenColumns, sentences: list[_Sentence],
                           quotes: list[tuple[int, int]]) -> set[int]:
    """Dialogue sentences whose past clause a period of someone's life dates (resources/life_periods.txt):
    "“When I was a boy,” said the old man, “I saw a bear here.”", "“In my youth I sailed to China.”", "“In her
    childhood she lived in Rome.”" A character tells their own past or another's. "Life" itself is left out:
    "the best day in my life" compares."""
    periods = _word_roles("life_periods.txt")
    ids = _life_period_ids()
    starts = [s.token_start for s in sentences]
    out: set[int] = set()
    for i in (i for i, lemma in enumerate(columns.lemma) if lemma in ids):  # the few period words, no Token before
        sentence = sentences[bisect.bisect_right(starts, i) - 1] if starts and i >= starts[0] else None
        if sentence is None or i >= sentence.token_end:
            continue
        token = doc[i]
        lemma = token.lemma_.lower()
        if lemma in periods["role"] and token.dep_ == "attr" and _in_when_clause(token.head):
            clause = token.head.head  # "when I was a boy, I saw": the clause the "when" clause dates
        elif lemma in periods["stage"] and lemma != "life" and token.head.lower_ in ("in", "during") \
                and any(c.dep_ == "poss" for c in token.children):
            clause = _path_to_verb(token)[-1]
        else:
            continue
        if not _in_quote(quotes, clause.idx):  # “When I was a boy,” said he, “I saw ...”: the said clause
            clause = next((c for c in clause.children if c.dep_ in ("ccomp", "parataxis")), clause)
        if _in_the_past(clause) and _in_quote(quotes, token.idx) and _in_quote(quotes, clause.idx) \
                and not any(c.dep_ == "neg" for c in clause.children):
            out.add(sentence.index)
    return out


_AGE = (r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen|little|young|small|a\s+(?:kid|child|boy|girl|teen|teenager))\b")
_SCHOOL = r"(?:high|grade|middle|elementary|primary)\s+school|college|kindergarten"
_SOMEONE = r"(?:I|he|she|we|they|[A-Z][a-z]+)"
_YOUNG_OPENING = re.compile(  # a clause that opens with a young age or with growing up
    rf"(?:The|That)\s+(?:summer|winter|spring|autumn|fall|year|day)\s+{_SOMEONE}\s+(?:was|were|turned)\s+{_AGE}"
    rf"|When\s+{_SOMEONE}\s+(?:was|were)\s+(?:{_AGE}|in\s+(?:{_SCHOOL})\b)|Growing\s+up\b")
_SCHOOL_YEARS = re.compile(  # a time of school, anywhere in the sentence
    rf"\b(?:freshman|sophomore|junior|senior)\s+year\b|\bin\s+(?:{_SCHOOL})\b|\bat\s+(?:the\s+)?age\s+(?:of\s+)?{_AGE}")


def _young_years_told(text: str, sentences: list[_Sentence], events: list[_Event],
                      quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences in the past dated by someone's young years: opened by an age ("The summer I was nine,
    Grandpa taught me", "When I was seven, she let me") or by "Growing up," or holding a time of school ("We met
    freshman year", "He had dated her in college", "at age eight"; "She was in college" may be the story's now).
    Read from the words: the parser often mistakes the opening for a clause of its own ("The summer I was nine,"
    with "was" as a root). A story that opens so is a chronicle, not a look back: not in the first paragraph."""
    out: set[int] = set()
    for sentence in sentences:
        main = _main_event(sentence, events)
        if sentence.paragraph == 0 or main is None or main.in_quote or main.tense != "past" or main.negated:
            continue
        said = text[sentence.start:sentence.end]
        found = _YOUNG_OPENING.match(said) or main.verb != "be" and _SCHOOL_YEARS.search(said)
        if found and not _in_quote(quotes, sentence.start + found.start()):
            out.add(sentence.index)
    return out


def _dates_unnegated(token: Token, verb: int) -> bool:
    """The phrase of `token` hangs from verb `verb` (no other verb between them), with no negation on
    the way ("Never in her life") and not as a circumstance ("With his life in danger", "For the rest of
    his life")."""
    path = _path_to_verb(token)
    circumstance = any(t.dep_ == "prep" and t.lower_ in ("with", "for") for t in path)
    return path[-1].i == verb and not circumstance and not any(c.dep_ == "neg" for t in path[:-1] for c in t.children)


def _timex_verb(doc: Doc, timex: Timex) -> Token | None:
    """The nearest verb at or above an expression's head in the parse (the root when there is none); None when the
    expression's span does not map onto tokens."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return _path_to_verb(tokens.root)[-1] if tokens is not None else None


def _path_to_verb(token: Token) -> list[Token]:
    """`token` and its heads up to the nearest verb (or the root when there is none), in that order."""
    path = [token]
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def _told_from_frame(doc: Doc, sentences: list[_Sentence], events: list[_Event], dated: set[int]) -> set[int]:
    """Simple-past narration dated by a period of life (`dated`) right after narration that is not in
    the past: a tale reaching back from its frame ("... to-day I would unburthen my soul. From my
    infancy I was noted for ..."). Mid-story, a simple past "As a boy he fished" may just be the
    chronicle's next step, so it needs the frame."""
    out: set[int] = set()
    previous = None  # the tense of the last narration sentence's main clause
    for sentence in sentences:
        main = _main_event(sentence, events)
        if main is None or main.in_quote:
            continue
        if sentence.index in dated and main.tense == "past" and not _is_past_perfect(main) \
                and previous not in (None, "past"):
            out.add(sentence.index)
        previous = _frame_tense(doc, main)
    return out


def _frame_tense(doc: Doc, event: _Event) -> str:
    """The event's tense as a frame sees it: "would" and "could", "might", "should" tell the past of a story
    ("He could not move"), only a present modal ("what may be found", "I must") speaks from the present."""
    modal = next((c.lower_ for c in doc[event.index].children if c.tag_ == "MD"), None)
    return "past" if event.tense in ("conditional", "modal") and modal in _PAST_MODALS else event.tense


def _section_analepses(story: Story, doc: Doc, sentences: list[_Sentence], events: list[_Event],
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


def _sections(story: Story, sentences: list[_Sentence]) -> list[range]:
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


def _opens_with_background(doc: Doc, sentence: _Sentence, events: list[_Event], timexes: list[Timex]) -> bool:
    """The sentence's main clause, narration in the past, says what a person was ("Peyton Farquhar was a
    well to do planter") or used to do ("He used to walk to the mill"): a state or a habit, not a step of
    the action; a time it names, but for a habit's ("every morning"), keeps it in the story's own time."""
    main = _main_event(sentence, events)
    if main is None or main.in_quote or main.tense != "past" or main.aspect.endswith("progressive") \
            or any(timexes[t].kind != "set" for t in sentence.timexes):  # "Tom was a happy man that evening"
        return False
    if main.verb == "use":
        return any(c.dep_ == "xcomp" for c in doc[main.index].children)
    attr = main.object
    return main.verb == "be" and attr is not None and attr.dep_ == "attr" and attr.pos_ == "NOUN" \
        and any(c.lower_ in ("a", "an") for c in attr.children) and _is_person(main.subject)


def _flashback_runs(flashbacks: list[int], sections: list[range], sentences: list[_Sentence]) -> list[list[int]]:
    """The flashback sentences in runs (see _runs), each section analepsis one run that takes in those inside it."""
    runs = [run for run in _runs(flashbacks, sentences) if not any(run[0] in section for section in sections)]
    return sorted(runs + [list(section) for section in sections])


def _is_person(subject: Token | None) -> bool:
    """A personal pronoun, a person's name or a person noun ("the farmer", "her mother")."""
    if subject is None:
        return False
    return subject.lower_ in _PERSONAL or subject.ent_type_ == "PERSON" or subject.pos_ == "PROPN" \
        or subject.lemma_.lower() in person_nouns()


# --------------------------------------------------------------------------- story time

def _place_in_story_time(sentences: list[_Sentence], timexes: list[Timex], events: list[_Event],
                         jumps: dict[int, int], back: dict[int, int], anchors: dict[int, int | None],
                         narrating: list[int]) -> None:
    """Give every event a story time (see the module docstring)."""
    now = 0.0
    cursor: float | None = None          # where the current look-back run has got to
    telling_present = set(narrating)
    present_events: list[int] = []
    anterior_adverbs = _ordering_adverbs()["anterior"]
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
            anterior = _is_past_perfect(e) or bool(e.adverbs & anterior_adverbs)
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


def _place_sections_before(analepses: list[tuple[range, range]], sentences: list[_Sentence],
                           events: list[_Event]) -> None:
    """Move the events of each section analepsis, in their order, to before those of the section told before it."""
    for previous, section in analepses:
        inside = [i for s in section for i in sentences[s].events]
        before = [i for s in previous for i in sentences[s].events]
        if inside and before:
            shift = min(events[i].time for i in before) - LOOK_BACK - max(events[i].time for i in inside)
            for i in inside:
                events[i].time += shift


def _look_back(sentences: list[_Sentence], timexes: list[Timex], events: list[_Event], sentence: _Sentence,
               t: int, anchors: dict[int, int | None], now: float) -> None:
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


def _order_subordinates(sentence: _Sentence, events: list[_Event]) -> None:
    """'after/since X, Y': X just before Y; 'before/until X, Y': X just after Y."""
    by_token = {events[i].index: events[i] for i in sentence.events}
    for i in sentence.events:
        e = events[i]
        head = by_token.get(e.head)
        if e.dep != "advcl" or head is None or e.mark is None:
            continue
        if e.mark in _AFTER_MARKS:
            e.time = min(e.time, head.time - STEP / 2)
        elif e.mark in _BEFORE_MARKS:
            e.time = max(e.time, head.time + STEP / 2)


# --------------------------------------------------------------------------- scenes

def _scene_cuts(story: Story, doc: Doc, columns: TokenColumns, sentences: list[_Sentence], jumps: dict[int, int],
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


def _opens_with_place(doc: Doc, columns: TokenColumns, sentence: _Sentence) -> bool:
    """'At the airport, ...', 'In the coffee shop ...': a locative phrase opens the paragraph."""
    opening = range(sentence.token_start, min(sentence.token_start + 3, len(columns.dep)))
    if not any(columns.dep[k] == _PREP and columns.lower[k] in _PLACE_PREP_IDS for k in opening):
        return False  # none of the first words can open one (read without Token objects)
    words = [t for t in doc[sentence.token_start:sentence.token_start + 3] if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ not in _PLACE_PREPS or words[0].dep_ != "prep":
        return False
    pobj = next((c for c in words[0].children if c.dep_ == "pobj"), None)
    return pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.ent_type_ not in ("DATE", "TIME")


def _ranges(cuts: list[int], n: int) -> list[range]:
    return [range(a, b) for a, b in zip(cuts, cuts[1:] + [n])]


def _scenes(text: str, sentences: list[_Sentence], events: list[_Event], cuts: list[int],
            openers: dict[int, int], timexes: list[Timex]) -> list[Scene]:
    out: list[Scene] = []
    previous_time = 0.0
    for index, sent_range in enumerate(_ranges(cuts, len(sentences))):
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


# --------------------------------------------------------------------------- output pieces

def _runs(indices: list[int], sentences: list[_Sentence], gap: int = 2) -> list[list[int]]:
    """Group sentence indices into runs: neighbours within `gap` sentences in one paragraph."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i - runs[-1][-1] <= gap and sentences[i].paragraph == sentences[runs[-1][-1]].paragraph:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _sentence_span(text: str, sentences: list[_Sentence], run: list[int]) -> Span:
    return Span.of(text, sentences[run[0]].start, sentences[run[-1]].end)


def _clause_span(text: str, doc: Doc, sentence: _Sentence, timex: Timex) -> Span:
    """The clause an expression belongs to: the subtree of the verb governing it, inside its sentence."""
    verb = _timex_verb(doc, timex)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return Span.of(text, sentence.start, sentence.end)
    start = max(sentence.start, min(verb.left_edge.idx, timex.start))
    right = verb.right_edge
    end = min(sentence.end, max(right.idx + len(right.text), timex.end))
    return Span.of(text, start, end)


def _expression(text: str, t: Timex, i: int, sentence: int) -> TimeExpression:
    return TimeExpression(id=f"t{i}", start=t.start, end=t.end, text=text[t.start:t.end], type=t.type,
                          value=t.value, direction=t.direction, anchor=t.anchor, sentence=sentence)


def _event_model(text: str, e: _Event, i: int, scene: int) -> Event:
    return Event(id=f"e{i}", start=e.start, end=e.end, text=text[e.start:e.end], verb=e.verb,
                 subject=e.subject_text, object=e.object_text, tense=e.tense, aspect=e.aspect, sentence=e.sentence,
                 scene=scene, story_time=round(e.time, 4), in_quote=e.in_quote)
