"""Pronouns: which of the characters so far a third-person pronoun may refer to.

A pronoun's gender is 'male', 'female', or None for they/them (plural). `referents(entities, excluded, gender,
role)` -> the characters in focus it may refer to, with their scores, best first; `ambiguous(ranked, gender)` says
when the runner-up is too close to choose. With none in focus, `recent(entities, narrator, gender, now)` -> the
character of that gender mentioned last within RECENT_WINDOW sentences, and `any_compatible(entities, narrator,
gender)` whether anyone in focus could be meant at all. `clause_subject(token)` -> the subject an object pronoun
cannot refer to.
"""

from __future__ import annotations

from spacy.tokens import Token

from fabula.analyzers.cast.characters import Entity
from fabula.analyzers.cast.words import OBJECT_DEPS, SUBJECT_DEPS

MIN_SALIENCE = 0.05  # below this a character is out of focus (about six sentences unmentioned)
AMBIGUITY = 0.9  # a runner-up this close to the winner, of the same gender, leaves a pronoun unlinked
PROMINENCE = 0.05  # a character's weight grows with its mentions so far (up to x2): protagonists hold focus
RECENT_WINDOW = 15  # sentences within which an out-of-focus character can still be referred to
UNKNOWN_GENDER = 0.5  # weight of a character whose gender is not known yet


def referents(entities: list[Entity], excluded: list[Entity | None], gender: str | None,
              role: str) -> list[tuple[float, Entity]]:
    """(score, character) for each character a pronoun of this gender and role may refer to, best first: the
    compatible ones in focus that are not `excluded`, scored by salience, gender, prominence and a shared
    subject role."""
    scored = [(_score(entity, gender, role), entity) for entity in entities  # the salience test first: most are out
              if entity.salience >= MIN_SALIENCE and entity not in excluded and _compatible(entity, gender)]
    scored.sort(key=lambda pair: -pair[0])
    return scored


def _compatible(entity: Entity, gender: str | None) -> bool:
    """In focus, of the pronoun's number (a group only for 'they') and of its gender or of none yet."""
    plural = gender is None
    if entity.plural != plural or entity.salience < MIN_SALIENCE or entity.kind == "group" and not plural:
        return False
    sex = entity.sex
    return plural or not sex or sex == gender


def _score(entity: Entity, gender: str | None, role: str) -> float:
    """Salience, halved for an unknown gender, raised with the mentions so far and for a subject after a subject."""
    plural = gender is None
    score = entity.salience * (1.0 if plural or entity.sex == gender else UNKNOWN_GENDER) \
        * (1.0 + PROMINENCE * min(len(entity.mentions), 20))
    if role == entity.last_role == "subject":
        score *= 1.2
    return score


def ambiguous(ranked: list[tuple[float, Entity]], gender: str | None) -> bool:
    """Whether a runner-up scores close to the best and both have the pronoun's gender."""
    if len(ranked) < 2:
        return False
    (best, first), (second, other) = ranked[0], ranked[1]
    return second >= AMBIGUITY * best and other.sex == first.sex == gender


def recent(entities: list[Entity], narrator: Entity | None, gender: str, now: int) -> Entity | None:
    """Out of focus, the character of this gender (not the narrator) mentioned last within RECENT_WINDOW sentences
    of sentence `now`."""
    seen = [(e.mentions[-1][0], e) for e in entities if e.mentions and e.sex == gender and not e.plural
            and e is not narrator and now - e.mentions[-1][3] <= RECENT_WINDOW]
    return max(seen, key=lambda pair: pair[0])[1] if seen else None


def any_compatible(entities: list[Entity], narrator: Entity | None, gender: str) -> bool:
    """Whether a single character in focus, other than the narrator, has this gender or none yet."""
    return any(e.salience >= MIN_SALIENCE and not e.plural and e is not narrator and e.sex in (gender, None)
               and e.kind != "group" for e in entities)


def clause_subject(token: Token) -> Token | None:
    """The subject, before it, of the clause a non-reflexive object pronoun sits in: it cannot corefer with it."""
    if token.dep_ not in OBJECT_DEPS or token.lower_.endswith(("self", "selves")):
        return None
    verb = token.head.head if token.dep_ == "pobj" else token.head
    return next((child for child in verb.children if child.dep_ in SUBJECT_DEPS and child.i < token.i), None)
