"""Narration, token by token: the sentences, where the reading must act, and whether an "I" tells the story.

`sentence_indices(doc, starts)` -> per token, its sentence's index (blank sentences not counted);
`turns(sentences, quoted)` -> the tokens where a new sentence begins or a quote opens;
`first_person(doc, first, narrated)` -> whether the story is narrated in the first person;
`past_narration(doc, narrated)` -> whether the narration tells in the past tense.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_ALPHA, TAG
from spacy.tokens import Doc

FIRST_PERSON_RATE = 0.015  # first-person singular pronouns per narrated token


def sentence_indices(doc: Doc, starts: np.ndarray) -> np.ndarray:
    """Per token, the index of its sentence, counting only sentences with some non-space token; `starts` marks the
    tokens that open a sentence."""
    bounds = np.flatnonzero(starts).tolist() + [len(doc)]
    counted = np.zeros(len(doc), dtype=np.int64)
    counted[[start for start, end in zip(bounds, bounds[1:]) if not _blank(doc, start, end)]] = 1
    return np.maximum(np.cumsum(counted) - 1, 0)


def _blank(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens start..end are all whitespace."""
    return doc[start].is_space and all(doc[k].is_space for k in range(start + 1, end))


def turns(sentences: np.ndarray, quoted: np.ndarray) -> list[int]:
    """Indices of the tokens where the sentence index changes or a quote opens (`quoted`: each token's quote, -1
    outside quotes)."""
    turn = np.ones(len(sentences), dtype=bool)
    turn[1:] = (sentences[1:] != sentences[:-1]) | ((quoted[1:] != quoted[:-1]) & (quoted[1:] >= 0))
    return np.flatnonzero(turn).tolist()


def first_person(doc: Doc, first: np.ndarray, narrated: np.ndarray) -> bool:
    """Whether first-person singular pronouns (`first`) are frequent among the narrated (unquoted) alphabetic
    tokens."""
    if np.count_nonzero(first & narrated) < 3:  # a bound on the count below: skip the alphabetic column
        return False
    narrated = narrated & doc.to_array(IS_ALPHA).astype(bool)
    count = np.count_nonzero(first & narrated)
    return count >= 3 and count >= FIRST_PERSON_RATE * np.count_nonzero(narrated)


def past_narration(doc: Doc, narrated: np.ndarray) -> bool:
    """Whether the narrated (unquoted) tokens hold more past-tense verbs (VBD) than present-tense ones (VBZ, VBP)."""
    tags = doc.to_array(TAG)[narrated]
    strings = doc.vocab.strings
    past = np.count_nonzero(tags == strings["VBD"])
    return past > np.count_nonzero((tags == strings["VBZ"]) | (tags == strings["VBP"]))
