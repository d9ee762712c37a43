"""Flashbacks dated by a period of someone's life: "in her childhood", "When I was nine", "my freshman year", a life
told in dialogue."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from fabula.analyzers.quotes import inside_quotes
from fabula.analyzers.timeline.events import (
    TimelineEvent, TimelineSentence, dates_unnegated, in_the_past, in_when_clause, is_person, main_event,
    path_to_verb,
)
from fabula.analyzers.timeline.words import word_roles
from fabula.analyzers.timex import TokenColumns


def dated_by_life_periods(doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent]) -> set[int]:
    """Narration sentences whose main clause a fronted period of someone's life dates (resources/
    life_periods.txt): "From my infancy I was noted ...", "To the last days of her life she had
    continued ...", "As a boy, he had fished here", "When I was a kid, ...", "When I was seven, she let me
    ...". A negated clause ("Never in my life had I seen ...") compares across a life instead of going back
    to a time in it."""
    periods = word_roles("life_periods.txt")
    out: set[int] = set()
    for sentence in sentences:
        main = main_event(sentence, events)
        if main is None or main.in_quote or main.negated or main.subject is None:
            continue
        for token in doc[sentence.token_start:main.subject.left_edge.i]:
            lemma = token.lemma_.lower()
            stage = lemma in periods["stage"] and any(c.dep_ == "poss" for c in token.children)
            role = lemma in periods["role"] and token.dep_ == "pobj" and token.head.lower_ == "as"
            aged = _an_age_when(token, periods["role"]) and token.head.head.i == main.index  # "When I was seven, she"
            if (stage or role) and dates_unnegated(token, main.index) or aged:
                out.add(sentence.index)
    return out


def _an_age_when(token: Token, roles: set[str]) -> bool:
    """The token says how old someone was in a "when" clause: "when I was seven", "when she was twelve years
    old", "when he was a kid" (a young person's role, resources/life_periods.txt); not "when it was ten"."""
    if token.dep_ not in ("acomp", "attr") or token.head.lemma_ != "be" or not in_when_clause(token.head) \
            or not is_person(next((c for c in token.head.children if c.dep_ == "nsubj"), None)):
        return False
    years_old = token.lower_ == "old" and any(c.lower_ == "years" for c in token.children)
    return token.like_num or years_old or token.lemma_.lower() in roles


@lru_cache(maxsize=1)
def _life_period_ids() -> frozenset[int]:
    """String ids of the words of resources/life_periods.txt as a lemma may spell them (boy, Boy, BOY)."""
    words = frozenset().union(*word_roles("life_periods.txt").values())
    return frozenset(get_string_id(form) for word in words for form in (word, word.capitalize(), word.upper()))


def life_told_in_dialogue(doc: Doc, columns: TokenColumns, sentences: list[TimelineSentence],
                          quotes: list[tuple[int, int]]) -> set[int]:
    """Dialogue sentences whose past clause a period of someone's life dates (resources/life_periods.txt):
    "“When I was a boy,” said the old man, “I saw a bear here.”", "“In my youth I sailed to China.”", "“In her
    childhood she lived in Rome.”" A character tells their own past or another's. "Life" itself is left out:
    "the best day in my life" compares."""
    periods = word_roles("life_periods.txt")
    ids = _life_period_ids()
    starts = [s.token_start for s in sentences]
    out: set[int] = set()
    for i in (i for i, lemma in enumerate(columns.lemma) if lemma in ids):  # the few period words, no Token before
        sentence = sentences[bisect.bisect_right(starts, i) - 1] if starts and i >= starts[0] else None
        if sentence is None or i >= sentence.token_end:
            continue
        token = doc[i]
        lemma = token.lemma_.lower()
        if lemma in periods["role"] and token.dep_ == "attr" and in_when_clause(token.head):
            clause = token.head.head  # "when I was a boy, I saw": the clause the "when" clause dates
        elif lemma in periods["stage"] and lemma != "life" and token.head.lower_ in ("in", "during") \
                and any(c.dep_ == "poss" for c in token.children):
            clause = path_to_verb(token)[-1]
        else:
            continue
        if not inside_quotes(quotes, clause.idx):  # “When I was a boy,” said he, “I saw ...”: the said clause
            clause = next((c for c in clause.children if c.dep_ in ("ccomp", "parataxis")), clause)
        if in_the_past(clause) and inside_quotes(quotes, token.idx) and inside_quotes(quotes, clause.idx) \
                and not any(c.dep_ == "neg" for c in clause.children):
            out.add(sentence.index)
    return out


_AGE = (r"(?:1?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen|little|young|small|a\s+(?:kid|child|boy|girl|teen|teenager))\b")
_SCHOOL = r"(?:high|grade|middle|elementary|primary)\s+school|college|kindergarten"
_SOMEONE = r"(?:I|he|she|we|they|[A-Z][a-z]+)"
_YOUNG_OPENING = re.compile(  # a clause that opens with a young age or with growing up
    rf"(?:The|That)\s+(?:summer|winter|spring|autumn|fall|year|day)\s+{_SOMEONE}\s+(?:was|were|turned)\s+{_AGE}"
    rf"|{_SOMEONE}\s+(?:was|were|turned)\s+{_AGE}\s+(?:the|that)\s+"
    rf"(?:summer|winter|spring|autumn|fall|year|day|night)\b"
    rf"|When\s+{_SOMEONE}\s+(?:was|were)\s+(?:{_AGE}|in\s+(?:{_SCHOOL})\b)|Growing\s+up\b")
_SCHOOL_YEARS = re.compile(  # a time of school, anywhere in the sentence
    rf"\b(?:freshman|sophomore|junior|senior)\s+year\b|\bin\s+(?:{_SCHOOL})\b|\bat\s+(?:the\s+)?age\s+(?:of\s+)?{_AGE}")
# "when he was sixteen", "Since she was nine,": an age, not "when he was ten minutes from the gate", "one of the guards"
_YOUNG_WHEN = re.compile(rf"\b(?i:when|since|until|till)\s+{_SOMEONE}\s+(?:was|were|turned)\s+{_AGE}"
                         r"(?!\s+(?:of|minutes?|hours?|days?|weeks?|months?|blocks?|miles?|feet|yards?|steps?|"
                         r"times?|percent)\b|[\w-])")


def young_years_told(text: str, doc: Doc, sentences: list[TimelineSentence], events: list[TimelineEvent],
                     quotes: list[tuple[int, int]]) -> set[int]:
    """Narration sentences in the past dated by someone's young years: opened by an age ("The summer I was nine,
    Grandpa taught me", "Lynn was nine the winter her father left", "When I was seven, she let me") or by "Growing
    up," or holding a time of school ("We met freshman year", "He had dated her in college", "at age eight"; "She
    was in college" may be the story's now).
    Read from the words: the parser often mistakes the opening for a clause of its own ("The summer I was nine,"
    with "was" as a root). A young age may date the clause from anywhere in it ("His father died when he was
    sixteen", "She had wanted it since she was nine"; see `_young_when_dating`). A story that opens so is a
    chronicle, not a look back: not in the first paragraph."""
    out: set[int] = set()
    for sentence in sentences:
        main = main_event(sentence, events)
        if sentence.paragraph == 0 or main is None or main.in_quote or main.tense != "past" or main.negated:
            continue
        said = text[sentence.start:sentence.end]
        found = _YOUNG_OPENING.match(said) or main.verb != "be" and _SCHOOL_YEARS.search(said) \
            or _young_when_dating(doc, sentence, said, main)
        if found and not inside_quotes(quotes, sentence.start + found.start()):
            out.add(sentence.index)
    return out


def _young_when_dating(doc: Doc, sentence: TimelineSentence, said: str, main: TimelineEvent) -> re.Match | None:
    """A "when", "since" or "until" clause of someone's young age that dates the main clause ("His father died when
    he was sixteen"), not a noun ("the ceiling I had stared at when I was twelve", "the photo of them at the lake
    when she was six")."""
    for found in _YOUNG_WHEN.finditer(said):
        start = sentence.start + found.start()
        word = doc.char_span(start, start + len(found.group().split()[0]))
        clause = word.root.head if word is not None else None
        if clause is not None and clause.dep_ == "advcl" and clause.head.i == main.index:
            return found
    return None
