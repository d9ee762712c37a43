"""The protagonist's experienced states: the clauses where the main character feels or fares, and how well.

`experiencer_states(doc, sentences, mentions) -> per-sentence score` reads the spaCy parse around each
mention of the protagonist (from the Cast, pronouns included) and keeps the clauses in which that
mention is the experiencer of a state:
- copula: the subject of a linking verb with an adjective or noun predicate ("She was miserable",
  "he grew rich"), a negation kept ("was not happy");
- emotion-verb: the subject of a verb of feeling or bodily reaction ("he laughed", "she trembled");
- passive: a passive subject ("he was arrested", "she was loved");
- psych-object: the object of a verb that moves its experiencer ("the news delighted her"); the
  generic ones ("seize", "fill", "strike") only when an NRC emotion word is in the clause
  ("fear seized him", not "he seized the rope");
- poss-noun: the possessor of a noun of feeling or fortune ("her joy", "his ruin").
A clause is its head word and that word's dependents, cut at sub-clauses and leaving out the mention
itself; it scores VADER's compound on its words, and a quoted mention counts `quote_weight` of a clause.
The word lists are resources/experiencer_words.txt. `protagonist(cast)` names whose states are read:
the narrator of a first-person story, else the most mentioned character.

The arc (analyzers/arc.py) adds these scores to the sentence's tone: the gold arc shapes follow the main
character's fortune, which the text's tone alone often misses (a tale of ruin told in bright words).
Cost: one pass over the protagonist's mentions and a few tokens around each; no second parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from fabula.analyzers.lexicons import QUOTE_WEIGHT, compound, emotions_of
from fabula.model import Cast, Character, Mention, Sentence
from fabula.resources import data_lines

ClauseKind = Literal["copula", "emotion-verb", "passive", "psych-object", "poss-noun"]

_CUT = frozenset({"advcl", "ccomp", "relcl", "conj", "cc", "parataxis", "punct", "mark", "csubj", "acl"})
"""Dependencies that open another clause (or join one): a state's phrase stops there."""
_PREDICATES = frozenset({"acomp", "attr", "oprd"})


@dataclass(frozen=True)
class StateClause:
    """One clause in which the protagonist experiences a state."""

    sentence: int
    kind: ClauseKind
    start: int
    end: int
    """Character offsets from the clause's first word to its last (words between may belong to other phrases)."""
    score: float
    """VADER compound of the clause's words, -1 to 1."""
    weight: float
    """1, or the quote weight when the mention is inside a quotation."""


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    """resources/experiencer_words.txt as role -> words."""
    roles: dict[str, set[str]] = {}
    for line in data_lines("experiencer_words.txt"):
        word, role = (part.strip() for part in line.split("|"))
        roles.setdefault(role, set()).add(word)
    return {role: frozenset(words) for role, words in roles.items()}


def protagonist(cast: Cast | None) -> Character | None:
    """Whose fortune the arc follows: the narrator of a first-person story, else the character with the most
    mentions (the first in the Cast's order on a tie); None for no cast or no characters."""
    if cast is None or not cast.characters:
        return None
    if cast.narration == "first-person" and cast.narrator:
        for character in cast.characters:
            if character.id == cast.narrator:
                return character
    return max(cast.characters, key=lambda c: c.mention_count)


def _phrase(token: Token, skip: int) -> list[Token]:
    """`token` and its dependents, cut at sub-clauses, leaving out the token at index `skip`."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CUT and c.i != skip)
    return out


def _has_emotion(tokens: list[Token]) -> bool:
    """Whether a word of `tokens` (as written or as its lemma, lower-case) has an NRC emotion."""
    hashes = [t.lower for t in tokens] + [hash_string(t.lemma_.lower()) for t in tokens]
    return bool(emotions_of(np.array(hashes, dtype=np.uint64)).any())


def _clause(mention: Token) -> tuple[ClauseKind, list[Token]] | None:
    """The state clause whose experiencer is the mention's head word, with its kind; None when there is none."""
    words = _words()
    dep, head = mention.dep_, mention.head
    lemma = head.lemma_.lower()
    if dep == "nsubj":
        predicates = [c for c in head.children if c.dep_ in _PREDICATES]
        if lemma in words["copula"] and predicates:
            negations = [c for c in head.children if c.dep_ == "neg"]
            return "copula", negations + [t for p in predicates for t in _phrase(p, mention.i)]
        if lemma in words["emotion-verb"]:
            return "emotion-verb", _phrase(head, mention.i)
    elif dep == "nsubjpass":
        return "passive", _phrase(head, mention.i)
    elif dep in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        if lemma in words["psych-verb"]:
            return "psych-object", _phrase(head, mention.i)
        if lemma in words["psych-generic"]:
            tokens = _phrase(head, mention.i)
            return ("psych-object", tokens) if _has_emotion(tokens) else None
    elif dep == "poss" and (lemma in words["state-noun"] or head.lower_ in words["state-noun"]):
        return "poss-noun", _phrase(head, mention.i)
    return None


def state_clauses(doc: Doc, sentences: list[Sentence], mentions: Iterable[Mention], *,
                  quote_weight: float = QUOTE_WEIGHT) -> list[StateClause]:
    """The mentions' state clauses with a non-zero score, each clause once, in the order of the mentions;
    each is placed at the sentence holding its mention."""
    starts = np.array([s.start for s in sentences], dtype=np.int64)
    found, seen = [], set()
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        token = span.root
        clause = _clause(token)
        if clause is None:
            continue
        kind, tokens = clause
        tokens = sorted(tokens, key=lambda t: t.i)
        key = (kind, tuple(t.i for t in tokens))
        if key in seen:
            continue
        seen.add(key)
        score = compound(" ".join(t.text for t in tokens))
        sentence = int(np.searchsorted(starts, token.idx, side="right")) - 1
        if score == 0.0 or sentence < 0:
            continue
        found.append(StateClause(sentence=sentence, kind=kind, start=tokens[0].idx,
                                 end=tokens[-1].idx + len(tokens[-1]), score=score,
                                 weight=quote_weight if mention.in_quote else 1.0))
    return found


def experiencer_states(doc: Doc, sentences: list[Sentence], mentions: Iterable[Mention], *,
                       quote_weight: float = QUOTE_WEIGHT) -> np.ndarray:
    """Per sentence, the sum of its state clauses' scores, each times its weight (0 where there is none)."""
    total = np.zeros(len(sentences))
    for clause in state_clauses(doc, sentences, mentions, quote_weight=quote_weight):
        total[clause.sentence] += clause.weight * clause.score
    return total
