"""Words for every renderer: `counted(1, "story", "stories")` -> '1 story'; `clipped(text)` -> a long
quotation cut short; `statuses(names)` -> '2 asserted, 1 doubted'."""

from __future__ import annotations

from collections import Counter


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """n and its noun, singular for exactly one ('1 sentence', '2,040 sentences', '0 scenes')."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


CLIP_CHARS = 280
"""The longest evidence quoted whole in a list or a tooltip: a whole section can be one flashback, and the list
item or the chart's band links to it in the story."""


def clipped(text: str, limit: int = CLIP_CHARS) -> str:
    """Text with its runs of whitespace made single spaces and, when longer than `limit` characters, cut at a word
    boundary (mid-word only when no space lies in the second half) so that with " …" it fits in `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 2
    cut = text.rfind(" ", 0, room + 1)
    return text[:cut if cut > room // 2 else room].rstrip(" ,;:—–-") + " …"


def statuses(names: list[str]) -> str:
    """['asserted', 'doubted', 'asserted'] -> '2 asserted, 1 doubted' (in order of first appearance)."""
    tally = Counter(names)
    return ", ".join(f"{n} {name}" for name, n in tally.items())
