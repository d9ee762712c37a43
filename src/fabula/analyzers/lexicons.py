"""The two lexicons the arc and the fortune read: VADER's valence and the NRC emotion lexicon, both shipped with
their packages (vaderSentiment, nrclex) and loaded once per process.

`compound(text) -> float` is VADER's compound score, -1 to 1; `rated(word)` whether VADER's lexicon holds a word;
`emotions_of(hashes) -> array` is one row of 0/1
flags over EMOTIONS per spaCy token hash (LOWER or LEMMA).
"""

from __future__ import annotations

import json
import string
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.strings import hash_string

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
QUOTE_WEIGHT = 0.5
"""Quoted words count half as much as narration in the arc, and a state told in quotes half in the fortune: the
shape follows the main character's fortune, which narration reports (arc.py); a prior: on the fixture stories
every value from 0 to 1 names the same shapes."""


@lru_cache(maxsize=1)
def _vader():
    """VADER's analyzer, built once per process."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def rated(word: str) -> bool:
    """Whether VADER's lexicon gives a lower-case word a valence ("poor", "dear")."""
    return word in _vader().lexicon


def compound(text: str) -> float:
    """VADER's compound score of `text`. VADER scores only words of its lexicon (and emojis, read as
    words), so text with none of them is 0.0 without running it: about half of all sentences."""
    vader = _vader()
    if vader.emojis.keys().isdisjoint(text) and not any(
            w in vader.lexicon or w.strip(string.punctuation) in vader.lexicon for w in text.lower().split()):
        return 0.0
    return vader.polarity_scores(text)["compound"]


@lru_cache(maxsize=1)
def _nrc() -> tuple[np.ndarray, np.ndarray]:
    """NRC emotion lexicon shipped with nrclex (loaded once): the sorted spaCy hashes of its words with an
    emotion, and their rows of EMOTIONS flags."""
    lexicon = json.loads(resources.files("nrclex.data").joinpath("nrc_en.json").read_text("utf-8"))
    table = {}
    for word, tags in lexicon.items():
        flags = [float(name in tags) for name in EMOTIONS]
        if any(flags):
            table[hash_string(word)] = flags
    keys = np.array(sorted(table), dtype=np.uint64)
    return keys, np.array([table[int(k)] for k in keys]).reshape(len(keys), len(EMOTIONS))


def emotions_of(hashes: np.ndarray) -> np.ndarray:
    """Token hashes (LOWER or LEMMA) -> one row of 0/1 NRC emotion flags per token."""
    keys, flags = _nrc()
    hashes = np.asarray(hashes, dtype=np.uint64)
    at = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
    return np.where((keys[at] == hashes)[:, None], flags[at], 0.0)
