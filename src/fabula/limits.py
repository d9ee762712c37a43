"""fabula's input limits, in one place; past any of them the input gets a one-line InputError.

The defaults leave room for a novella of ordinary prose (2 MB is about 350,000 words,
some 20,000 sentences) and stop degenerate input before the analyzers that compare
claims and mentions across the whole story spend minutes on it.

    MAX_BYTES       2,000,000  bytes of a file (CLI and corpus mode: --max-bytes)
    MAX_REQUEST_BYTES 300,000  bytes of a web request (fabula serve --max-bytes): about 50,000
                               words, which a 2-core machine analyzes within the server's 30 s limit
    MAX_TEXT_CHARS  2,000,000  characters of decoded text handed to fabula.analyze()
    MAX_SENTENCES      40,000  sentences after parsing (while parsing, for a story parsed in pieces)
    MAX_QUOTES         10,000  quotations found in the story
    MAX_CHARACTERS      2,000  characters (people) in the cast
    MAX_MENTIONS      100,000  mentions of those characters
"""

from __future__ import annotations

from fabula.errors import InputError

MAX_BYTES = 2_000_000
MAX_REQUEST_BYTES = 300_000
MAX_TEXT_CHARS = 2_000_000
MAX_SENTENCES = 40_000
MAX_QUOTES = 10_000
MAX_CHARACTERS = 2_000
MAX_MENTIONS = 100_000


def check(count: int, limit: int, what: str, label: str = "the story", note: str = "") -> None:
    """Raise InputError when `count` of `what` is over `limit` (a one-line message naming the limit, then
    `note` when given)."""
    if count > limit:
        raise InputError(f"{label} has {count:,} {what}, over the limit of {limit:,} {what}{note}")
