"""How renderers name things: the story's title, and labels and roles for character ids, so no id
reaches a reader."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from fabula.analyzers.arc import SHAPES
from fabula.ingest import STDIN
from fabula.model import Analysis, Arc, Reveal

PLACED_ONLY = ("only its place in the story speaks for it: no refutation, recognition, revelation cue or emphasis "
               "was found")


def source_of(analysis: Analysis) -> str | None:
    """Where the story came from (a file name or a caller's label); None for stdin or an unnamed text."""
    source = analysis.info.source
    return source if source and source not in ("-", STDIN) else None


def title_of(analysis: Analysis, untitled: str = "untitled story") -> str:
    """The story's title, else its file name, else `untitled`."""
    source = source_of(analysis)
    return analysis.info.title or (PurePath(source).name if source else "") or untitled


def labels_of(analysis: Analysis) -> dict[str, str]:
    """Character id -> label, so that no id reaches the reader, and no two characters read alike: a label several
    characters share is numbered in the order they are first mentioned ("a man (1)", "a man (2)")."""
    labels = {"narrator": "the narrator", "rumour": "rumour", "quoted": "an unknown speaker"}
    if analysis.cast:
        characters = sorted(analysis.cast.characters, key=lambda c: c.first_mention)
        shared = Counter(c.label.casefold() for c in characters)
        seen: Counter[str] = Counter()
        for c in characters:
            key = c.label.casefold()
            seen[key] += 1
            labels[c.id] = f"{c.label} ({seen[key]})" if shared[key] > 1 else c.label
    return labels


def roles_of(analysis: Analysis) -> dict[str, str]:
    """Character id -> its role in words: 'narrator', else its importance ('main' or 'minor'), then its
    relations ('main; friend of Anna'; a minor character shows its relations alone: 'mother of Narrator')."""
    cast = analysis.cast
    labels = labels_of(analysis)
    relations: dict[str, list[str]] = {}
    for relation in cast.relations:
        said = f"{relation.relation} of {labels.get(relation.target, relation.target)}"
        if said not in relations.setdefault(relation.source, []):
            relations[relation.source].append(said)
    roles = {}
    for character in cast.characters:
        role = "narrator" if character.id == cast.narrator or character.kind == "narrator" else character.importance
        roles[character.id] = ", ".join(relations.get(character.id, [])) or role
        if relations.get(character.id) and role in ("narrator", "main"):
            roles[character.id] = f"{role}; {roles[character.id]}"
    return roles


def placed_only(reveal: Reveal) -> bool:
    """Whether nothing but its position in the story speaks for the reveal sentence (its one reason is position)."""
    return all(reason.startswith("position") for reason in reveal.reasons)


def shape_of(arc: Arc) -> str:
    """The arc's shape for a reader: its name, the fortune's moves in plain words and the confidence ("man-in-a-hole:
    fall, then rise (confidence 0.42)"); "no clear shape" without one."""
    if not arc.shape:
        return "no clear shape"
    moves, first = SHAPES[arc.shape]
    words = [("rise" if (first > 0) == (k % 2 == 0) else "fall") for k in range(moves)]
    return f"{arc.shape}: {', then '.join(words)} (confidence {arc.confidence:.2f})"
