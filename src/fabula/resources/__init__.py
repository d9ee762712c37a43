"""Small closed-class cue lists, each file noting its source.

`data_lines(name)` -> the file's lines, stripped, without blank lines and `#` comment lines;
`cue_words(name)` -> the file's `kind: word word ...` lines as kind -> words.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def data_lines(name: str) -> list[str]:
    """The data lines of resources/<name>: stripped, blank lines and lines starting with '#' left out."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def cue_words(name: str) -> dict[str, frozenset[str]]:
    """The `kind: word word ...` lines of resources/<name> (text after '#' left out), as kind -> words."""
    out: dict[str, frozenset[str]] = {}
    for line in data_lines(name):
        line = line.split("#", 1)[0].strip()
        if ":" in line:
            kind, words = line.split(":", 1)
            out[kind.strip()] = frozenset(words.split())
    return out
