"""Revelation, doubt and deceit cues (resources/reveal_cues.txt) and how many of them a sentence holds."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache

from fabula.analyzers.reveal.words import CLAUSE_BREAK, NEGATED
from fabula.resources import data_lines


@lru_cache(maxsize=1)
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """The cue regexes of resources/reveal_cues.txt, one alternation per kind."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for line in data_lines("reveal_cues.txt"):
        if ":" not in line:
            continue
        kind, pattern = line.split(":", 1)
        kinds[kind.strip()].append(pattern.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.IGNORECASE) for k, v in kinds.items()}


def revelations(pattern: re.Pattern[str], sentence: str) -> int:
    """How many revelation cues a sentence holds, leaving out those with a negation before them in their
    clause ("nothing was to be discovered", "nowhere did he discover"): a discovery that did not happen. A
    subordinator ends the clause ("it was not long before he realized", "not until dawn did she discover")."""
    clause_starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence)]
    negations = [(m.end(), m.start()) for m in NEGATED.finditer(sentence)]  # in order of end, as they never overlap
    count = 0
    for match in pattern.finditer(sentence):  # one look-up per cue: a long sentence is read once, not once a cue
        clause_start = clause_starts[bisect.bisect_right(clause_starts, match.start()) - 1]
        latest = bisect.bisect_right(negations, (match.start(), len(sentence))) - 1
        count += latest < 0 or negations[latest][1] < clause_start
    return count
