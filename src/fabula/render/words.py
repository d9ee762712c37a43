"""Counts in words for every renderer: `counted(1, "story", "stories")` -> '1 story'."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """n and its noun, singular for exactly one ('1 sentence', '2,040 sentences', '0 scenes')."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
