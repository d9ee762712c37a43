"""How two claims compare (the negation of one by the other), and claims kept in story order for quick look-up."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from fabula.analyzers.reveal.words import (
    ARTICLES, DENIED_PAST, HABITUAL, LIGHT_PREDICATES, MOTION, POSSESSIVES, WEAK_SUBJECTS, WORD,
)
from fabula.model import Claim


def core_overlap(a: Claim, b: Claim) -> tuple[int, float]:
    shared = set(a.core) & set(b.core)
    smaller = min(len(a.core), len(b.core)) or 1
    return len(shared), len(shared) / smaller


def negation_confidence(a: Claim, b: Claim, emphatic: bool) -> float:
    """Confidence that later claim b negates earlier claim a (0 when it does not): same subject and predicate,
    opposite polarity, and shared content words, two for a light predicate ("be", "have") unless the one shared is
    what both say of the subject ("the waiter was Étienne" / "he was not Étienne"). Two more ways for the narration
    to deny what someone believed or was told of a named subject: a bare denial of the same act ("His father, he
    said, had died of a heart attack" / "His father, Walter, had not died"), and a journey denied to the same place
    under another verb of going (MOTION: "he said he was moving to Portugal" / "Luke had never gone to Portugal");
    the words that name the subject are no shared content there."""
    if a.sentence >= b.sentence or a.polarity == b.polarity or not _same_act(a.predicate, b.predicate):
        return 0.0
    if b.modality not in ("assertion",) or a.modality == "speculation":
        return 0.0
    if a.subject_key != b.subject_key or (a.modality == "question" and a.subject_key in WEAK_SUBJECTS):
        return 0.0
    shared, ratio = core_overlap(a, b)
    said_of_both = a.predicate in LIGHT_PREDICATES and object_words(a) & object_words(b) & set(b.core)
    needed = 2 if a.subject_key in WEAK_SUBJECTS or a.predicate in LIGHT_PREDICATES and not said_of_both else 1
    if a.predicate != b.predicate or shared < needed or ratio <= 0.5:
        if not _denied_by_name(a, b):
            return 0.0
        shared = 1
    confidence = 0.45 + 0.1 * min(shared, 3) + (0.15 if emphatic else 0.0)
    confidence += 0.1 if a.modality in ("belief", "hearsay") else 0.0
    confidence -= 0.15 if a.modality == "question" else 0.0
    return round(min(confidence, 0.95), 2)


def _same_act(a: str, b: str) -> bool:
    """Whether two predicates' lemmas may name one act: the same, or two verbs of going (MOTION)."""
    return a == b or a in MOTION and b in MOTION


def _denied_by_name(a: Claim, b: Claim) -> bool:
    """Whether the narration (b) denies, as never done ("never", "had not"), an act of the same named subject that
    someone believed or was told (a), not a habit ("he always answered": "He didn't answer" is one occasion): with
    the words that name the subject set aside (its head, a name beside it), b says nothing more ("had not died") on a
    content verb, or b's place words are all a's on a verb of going ("had never gone to Portugal")."""
    if a.subject_key in WEAK_SUBJECTS or a.modality not in ("belief", "hearsay") or b.quoted \
            or HABITUAL.search(a.text) or not DENIED_PAST.search(b.text):
        return False  # "he always answered" / "He didn't answer.": one occasion, not what was told
    naming = _naming_words(a) | _naming_words(b)
    rest_a, rest_b = set(a.core) - naming, set(b.core) - naming
    if a.predicate == b.predicate:
        return not rest_b and not b.objects and a.predicate not in LIGHT_PREDICATES
    return bool(rest_b) and rest_b <= rest_a and a.predicate in MOTION and b.predicate in MOTION


_APPOSED_NAME = re.compile(r",\s+((?:[A-Z][\w’'-]+\s?)+),")  # ", Walter," right after the subject


def _naming_words(claim: Claim) -> set[str]:
    """The lower-case words that name a claim's subject: the subject's own and a name set beside it in commas
    ("His father, Walter, had not died")."""
    words = {w.lower() for w in WORD.findall(claim.subject or "")}
    at = claim.text.find(claim.subject) if claim.subject else -1
    if at >= 0:
        apposed = _APPOSED_NAME.match(claim.text, at + len(claim.subject))
        if apposed:
            words |= {w.lower() for w in WORD.findall(apposed.group(1))}
    return words


def object_words(claim: Claim) -> set[str]:
    """The words of a claim's objects, without articles, possessive pronouns in their determiner form."""
    words = {w.lower() for o in claim.objects for w in WORD.findall(o)} - ARTICLES
    return {POSSESSIVES.get(w, w) for w in words}


class Series:
    """Claims in story order beside their sentence numbers, so that `bisect` finds those of a stretch of
    sentences: a rule reads the few earlier claims it may pair with instead of rescanning the story."""

    def __init__(self) -> None:
        self.sentences: list[int] = []
        self.claims: list[Claim] = []

    def append(self, claim: Claim) -> None:
        self.sentences.append(claim.sentence)
        self.claims.append(claim)

    def between(self, first: int, end: int) -> list[Claim]:
        """The claims of sentences `first` to `end` - 1, in story order."""
        return self.claims[bisect.bisect_left(self.sentences, first): bisect.bisect_left(self.sentences, end)]

    def latest_before(self, end: int) -> Claim | None:
        """The last claim, in story order, of a sentence before `end`; None when there is none."""
        i = bisect.bisect_left(self.sentences, end)
        return self.claims[i - 1] if i else None


def series_by(claims: Iterable[Claim], key: Callable[[Claim], Hashable]) -> defaultdict[Hashable, Series]:
    """`claims` (in story order) grouped by `key`, each group a `Series`; a key with no claims reads as empty."""
    out: defaultdict[Hashable, Series] = defaultdict(Series)
    for claim in claims:
        out[key(claim)].append(claim)
    return out


def without_embedded(claims: list[Claim], keep) -> list[Claim]:
    """`claims` less those whose span lies within another's of the same sentence (within an earlier one's when
    the spans are equal): an embedded clause ("what I told everyone" in "That's what I told everyone"). Claims
    whose id is in `keep` stay."""
    by_sentence: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_sentence[claim.sentence].append(claim)

    def embedded(claim: Claim) -> bool:
        group = by_sentence[claim.sentence]
        at = group.index(claim)
        return any(other.start <= claim.start and claim.end <= other.end
                   and (other.end - other.start > claim.end - claim.start or k < at)
                   for k, other in enumerate(group) if k != at)

    return [c for c in claims if c.id in keep or not embedded(c)]
