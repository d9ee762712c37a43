"""Sets of spaCy ids (string hashes, part-of-speech ids) tested against `Doc.to_array` columns.

`IdSet(ids)` sorts its ids once; `IdSet.of_strings(words)` hashes words as spaCy does;
`ids.contains(column)` -> a bool array, by binary search; `id in ids` for one id. `numpy.isin` sorts both sides on every
call, which on a short story costs more than the analysis it serves.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.strings import get_string_id


class IdSet:
    """A fixed set of uint64 ids with a vectorised membership test."""

    def __init__(self, ids: Iterable[int]):
        column = ids if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.uint64)
        self._sorted = np.sort(column.astype(np.uint64, copy=False))  # duplicates do no harm to a binary search

    @classmethod
    def of_strings(cls, words: Iterable[str]) -> IdSet:
        """The ids spaCy gives `words` (their hash, or the symbol number of a built-in label)."""
        return cls(get_string_id(w) for w in words)

    def __contains__(self, id_: int) -> bool:
        at = int(np.searchsorted(self._sorted, np.uint64(id_)))
        return at < len(self._sorted) and int(self._sorted[at]) == id_

    def contains(self, column: np.ndarray) -> np.ndarray:
        """column (ids, any integer dtype) -> bool array: which entries are in the set."""
        column = np.asarray(column, dtype=np.uint64)
        if not len(self._sorted):
            return np.zeros(column.shape, dtype=bool)
        at = np.searchsorted(self._sorted, column)
        at[at == len(self._sorted)] = 0
        return self._sorted[at] == column
