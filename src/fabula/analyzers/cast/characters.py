"""The characters as a reading of the story builds them.

`Entity` is one character (or group) in the making: its kind, gender, labels and mentions, and the
salience that pronouns are resolved by. `backdrop(entities, gender)` -> the story's unnamed "he" or "she";
`name_label(entity, text)` -> the label its names give it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MIN_UNNAMED = 3  # mentions a character opened by a pronoun alone needs to be kept


@dataclass(eq=False, slots=True)
class Entity:
    """A character, or a group, as the reading builds it: what it is called, the mentions of it, its salience."""

    id: str
    kind: str
    gender: str | None = None  # from a title or a gendered noun
    plural: bool = False
    label: str | None = None
    heads: set[str] = field(default_factory=set)
    keys: set[tuple] = field(default_factory=set)  # (relational noun, owner) pairs it answers to
    unnamed: bool = False  # opened by a pronoun alone
    male_votes: int = 0  # pronouns that referred to it
    female_votes: int = 0
    mentions: list[tuple[int, int, str, int, bool]] = field(default_factory=list)  # start, end, kind, sentence, quoted
    salience: float = 0.0
    last_role: str = "other"
    born: int = 0  # sentence where it was introduced
    narrated: bool = False  # mentioned at least once outside quotation marks

    @property
    def sex(self) -> str | None:
        """The gender from a title or noun, else the one most pronouns gave it (None on a tie)."""
        if self.gender:
            return self.gender
        male, female = self.male_votes, self.female_votes
        return "male" if male > female else "female" if female > male else None


def backdrop(entities: list[Entity], gender: str | None) -> Entity | None:
    """The story's unnamed "he"/"she", referred to by pronouns alone: the default referent when nobody is in focus."""
    known = [e for e in entities if e.unnamed and e.sex == gender and len(e.mentions) >= MIN_UNNAMED]
    return max(known, key=lambda e: len(e.mentions)) if known else None


def name_label(entity: Entity, text: str) -> str:
    """The label a character's names give it in the story's text: its longest name (the most used, then the first
    said: the story introduces "Lorraine Hale" before "One Friday Lorraine"), else 'he (unnamed)', 'she (unnamed)'
    or 'they (unnamed)'."""
    names = Counter(text[s:e] for s, e, kind, _, _ in sorted(entity.mentions) if kind == "name")
    if names:
        longest = max(len(n.split()) for n in names)
        return max((n for n in names if len(n.split()) == longest), key=lambda n: names[n])
    return f"{'she' if entity.sex == 'female' else 'he' if entity.sex == 'male' else 'they'} (unnamed)"
