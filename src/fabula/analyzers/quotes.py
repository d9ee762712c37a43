"""Quotations and their speech cues: the first half of quote attribution.

`quote_spans(story)` finds the quotations (straight and curly double marks, or the
single marks of a story set in them; a quote left open at a paragraph's end closes
there, the convention for multi-paragraph speeches). `speech_cue(doc, quotes, q, ...)` finds the speech verb that frames
quote q ("..., he'd say", "She kept saying, ...") and its subject token; the cast
analyzer turns that token into a character.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from spacy.tokens import Doc, Token

from fabula.model import Story
from fabula.resources import cue_words, data_lines

OPEN, CLOSE, STRAIGHT = "“", "”", '"'
SUBJECTS = {"nsubj", "nsubjpass"}
CONTINUATION_GAP = 14  # tokens between two quotes of one paragraph that a cue may bridge
ADDRESS = re.compile(r"\W*[A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2}:\s")  # a letter's address line: "Bob: I was ..."


@dataclass
class QuoteSpan:
    """A quotation: the words inside the marks (start, end), the marks' outer edges and its paragraph."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    paragraph: int


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Lemmas of verbs that introduce direct speech (resources/speech_verbs.txt)."""
    return frozenset(data_lines("speech_verbs.txt"))


_MARK = re.compile(f"[{OPEN}{CLOSE}{STRAIGHT}]")


def quote_spans(story: Story) -> list[QuoteSpan]:
    """Story -> its quotations in text order, never crossing a paragraph.

    The one definition of a quotation that every analyzer uses: curly quotes open
    with “ and close with ”, straight quotes pair up, and a quote left open closes
    at the end of its paragraph. A story whose dialogue is set in single marks, as
    British publishers set it (`single_marks`), has its quotations in those instead.
    """
    text = story.text
    marks = single_marks(text)
    if marks is not None:
        return _single_quoted(story, *marks)
    out: list[QuoteSpan] = []
    for paragraph in story.paragraphs:
        opened: int | None = None
        for mark in _MARK.finditer(text, paragraph.start, paragraph.end):
            i, ch = mark.start(), mark.group()
            if opened is None and ch in (OPEN, STRAIGHT):
                opened = i
            elif opened is not None and (ch == CLOSE or (ch == STRAIGHT and text[opened] == STRAIGHT)):
                _add(out, text, opened, i + 1, paragraph.index)
                opened = None
            elif opened is not None and ch == OPEN and text[opened] == OPEN:
                opened = i  # an unclosed quote followed by a new one: restart
        if opened is not None:
            _add(out, text, opened, paragraph.end, paragraph.index)
    return out


_SINGLE_OPEN = {"‘": re.compile(r"(?:^|(?<=[\s(\[—–-]))‘(?=[\w…—-])", re.MULTILINE),
                "'": re.compile(r"(?:^|(?<=[\s(\[—–-]))'(?=[A-Z…—-])", re.MULTILINE)}
_DOUBLE = re.compile(f"[{OPEN}{CLOSE}{STRAIGHT}]")
MIN_SINGLE_QUOTES = 3  # a story's dialogue, not a stray "'em" or a quoted word


def single_marks(text: str) -> tuple[str, str] | None:
    """The (opening, closing) single marks a story sets its dialogue in, when it does: ‘…’ (or straight '…' opening
    on a capital) at least MIN_SINGLE_QUOTES times, with fewer double marks than single openings (a double mark
    or two may quote inside a quotation); None for the double marks of most stories."""
    doubles = len(_DOUBLE.findall(text))
    for opening, closing in (("‘", "’"), ("'", "'")):
        opened = len(_SINGLE_OPEN[opening].findall(text))
        if opened >= MIN_SINGLE_QUOTES and doubles < opened and (opening == "‘" or doubles == 0):
            return opening, closing
    return None


def _single_quoted(story: Story, opening: str, closing: str) -> list[QuoteSpan]:
    """The quotations of a story set in single marks. An opening mark starts a word; its closing mark is the first one
    after a stop or comma ("‘Tom,’ she said", "‘I am not senile.’") and before a non-letter, else the first before a
    non-letter (a quote ending on a word: "‘Tom’"); an apostrophe inside a word ("don’t") closes nothing, and a quote
    left open closes at its paragraph's end."""
    text = story.text
    out: list[QuoteSpan] = []
    closer = re.compile(rf"(?<=[\w,.!?…—-]){closing}(?!\w)")
    for paragraph in story.paragraphs:
        at = paragraph.start
        while (m := _SINGLE_OPEN[opening].search(text, at, paragraph.end)) is not None:
            ends = list(closer.finditer(text, m.end(), paragraph.end))
            stop = next((c for c in ends if text[c.start() - 1] in ",.!?…—-"), ends[0] if ends else None)
            outer_end = stop.end() if stop is not None else paragraph.end
            _add(out, text, m.start(), outer_end, paragraph.index, closing)
            at = outer_end
    return out


def _add(out: list[QuoteSpan], text: str, outer_start: int, outer_end: int, paragraph: int,
         closing: str = CLOSE) -> None:
    start = outer_start + 1
    end = outer_end - 1 if text[outer_end - 1] in (CLOSE, STRAIGHT, closing) and outer_end - 1 > outer_start \
        else outer_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(QuoteSpan(start, end, outer_start, outer_end, paragraph))


def left_open(text: str, quote: QuoteSpan) -> bool:
    """Whether the quote runs to its paragraph's end without a closing mark: a speech that goes on in the next
    paragraph, whose opening mark resumes it."""
    closing = ("’", "'") if text[quote.outer_start] in ("‘", "'") else (CLOSE, STRAIGHT)  # as the quote opened
    return text[quote.outer_end - 1] not in closing or quote.outer_end - 1 == quote.outer_start


def inside_quotes(quotes: list[tuple[int, int]], offset: int) -> bool:
    """Whether `offset` lies inside one of `quotes`, (start, end) spans in text order that do not overlap."""
    i = bisect.bisect_right(quotes, (offset, len(quotes) + 10**9)) - 1
    return i >= 0 and quotes[i][0] <= offset < quotes[i][1]


TALE_WORDS = 150
"""A speech of this many words or more that opens its paragraph is a tale told inside the story too, on one
paragraph ("“When Monday came round I went to lunch with my uncle, ... After a month I came back, ...")."""


def told_tales(text: str, quotes: list[QuoteSpan], paragraphs: list[int]) -> list[QuoteSpan]:
    """The quotes (in text order) that are paragraphs of a speech running over several paragraphs: one left open at
    its paragraph's end and the one that resumes it, opening the next paragraph. Such a speech is a tale told inside
    the story ("“One evening,” he said, “I was walking down Bond Street ..." / "“All through the season I saw a
    great deal of her ..."), with its own narration; and a speech of TALE_WORDS words or more that opens its
    paragraph. `paragraphs` holds each paragraph's first offset."""
    out: list[QuoteSpan] = []
    for before, quote in zip(quotes, quotes[1:]):
        if left_open(text, before) and quote.paragraph == before.paragraph + 1 \
                and not text[paragraphs[quote.paragraph]:quote.outer_start].strip():
            if not out or out[-1] is not before:  # a tale of three paragraphs holds its middle one once
                out.append(before)
            out.append(quote)
    told = {id(q) for q in out}
    long = [q for q in quotes if id(q) not in told and len(text[q.start:q.end].split()) >= TALE_WORDS
            and not text[paragraphs[q.paragraph]:q.outer_start].strip()]
    return sorted(out + long, key=lambda q: q.start)


def opens_letter(text: str) -> bool:
    """Whether a quotation's text opens like a letter: with a salutation word ("Dear Bob, ...", resources/
    claim_cues.txt) or an address line ("Bob: I was at the appointed place ...")."""
    first = text.split(None, 1)[0].lower().strip("“\"‘'") if text.strip() else ""
    return first in cue_words("claim_cues.txt")["salutation"] or ADDRESS.match(text) is not None


def offset_quotes(offsets: Sequence[int], quotes: list[QuoteSpan]) -> list[int]:
    """For each character offset, the index of the quote holding it (marks included), or -1.

    The quotes are in text order, as `quote_spans` gives them.
    """
    if not quotes:
        return [-1] * len(offsets)
    at = np.asarray(offsets, dtype=np.int64)
    ends = np.array([quote.outer_end for quote in quotes])
    starts = np.array([quote.outer_start for quote in quotes])
    q = np.searchsorted(ends, at, side="right")  # the first quote ending after the offset
    inside = q < len(quotes)
    inside[inside] = starts[q[inside]] <= at[inside]
    return np.where(inside, q, -1).tolist()


def _subject(verb: Token, in_quote: list[int]) -> Token | None:
    """The subject, outside the quotes, of a speech verb, looking through 'kept saying' / 'began to ask', and after
    an inverted verb ('exclaimed the aunt'), which the parser often reads as an object; a word of the quote the
    parser hung on the verb as its subject is none ('"Red Chief," says I')."""
    for node in (verb, verb.head if verb.dep_ in ("xcomp", "conj", "advcl") else None):
        if node is None:
            continue
        for child in node.children:
            if child.dep_ in SUBJECTS and in_quote[child.i] < 0:
                return child
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "appos") and child.pos_ in ("NOUN", "PROPN") \
                and in_quote[child.i] < 0:
            return child
        if child.dep_ == "prep" and _goes_on(verb):  # "went on the old man": the parser's object of "on"
            return next((g for g in child.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN")
                         and in_quote[g.i] < 0), None)
    return None


def _goes_on(verb: Token) -> bool:
    """The verb is "go on" (to go on speaking: "“And then,” he went on", "went on Strudwarden"), with "on" right
    after it."""
    return verb.lemma_.lower() == "go" and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == "on" \
        and verb.doc[verb.i + 1].head.i == verb.i


def _cue_in(tokens: list[Token], in_quote: list[int], last: bool) -> tuple[Token, Token] | None:
    """The first (or `last`) speech verb among tokens outside quotes with its subject; a passive one ("he was
    called “Jim”", "“Go,” he was told", not counting words the parser hangs on it from inside the quote) is none:
    its subject is named or spoken to, not speaking."""
    verbs = speech_verbs()
    found = None
    for token in tokens:
        if in_quote[token.i] >= 0 or token.pos_ not in ("VERB", "AUX") \
                or token.lemma_.lower() not in verbs and not _goes_on(token) or _passive(token, in_quote):
            continue
        subject = _subject(token, in_quote)
        if subject is not None:
            found = (token, subject)
            if not last:
                return found
    return found


def _passive(verb: Token, in_quote: list[int]) -> bool:
    """Whether a verb outside quotes is passive by its own words ("was called"), not by a word of the quote the
    parser hangs on it ("“Was he killed?” asked Cyril")."""
    return any(child.dep_ in ("auxpass", "nsubjpass") and in_quote[child.i] < 0 for child in verb.children)


def _sentence_start(doc: Doc, i: int) -> int:
    """The first token of the sentence holding token i: Token.sent.start without building two Spans."""
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def speech_cue(doc: Doc, quotes: list[QuoteSpan], q: int, in_quote: list[int]) -> tuple[Token, Token, float] | None:
    """(speech verb, its subject, confidence) framing quote q, or None.

    Looks first after the quote, up to the end of its sentence or the next quote of the
    paragraph; then before it, within its sentence or back to the previous quote of the
    paragraph when that one is close (an interrupted quote takes its first part's cue).
    """
    quote = quotes[q]
    close = doc.char_span(quote.outer_start, quote.outer_end, alignment_mode="expand")
    if close is None:
        return None
    limit = quotes[q + 1].outer_start if q + 1 < len(quotes) and quotes[q + 1].paragraph == quote.paragraph else None
    after: list[Token] = []  # token by token: a Span ending the Doc would rebuild doc.text
    previous, past_sentence = doc[close.end - 1], False  # past the end of the sentence holding the quote's end?
    capital = close.end < len(doc) and not doc[close.end].text[:1].islower()  # "I" or a name right after it
    for i in range(close.end, len(doc)):
        token = doc[i]
        # a lower-case word, "I" or a name right after the quote continues its sentence ("“Stop!” he cried.",
        # "“Is it ready?” I asked.", "“Is it?” Tom asked."), whatever the parser, which often starts a sentence
        # after "!”" or "?”", says; only a speech verb makes it a tag
        tag_follows = i == close.end and (token.text[:1].islower() or token.text == "I" or token.pos_ == "PROPN")
        past_sentence = past_sentence or (bool(token.is_sent_start) and not tag_follows)
        if (limit is not None and token.idx >= limit) or "\n" in token.text or (past_sentence and previous.is_punct):
            break
        after.append(token)
        previous = token
    cue = _cue_in(after, in_quote, last=False)
    if cue and capital and any(c.dep_ in ("ccomp", "xcomp") and in_quote[c.i] < 0 for c in cue[0].children):
        cue = None  # "“Call me.” I thought that was sweet.": a new sentence with its own clause, no tag
    if cue:
        return cue[0], cue[1], 0.9
    begin = _sentence_start(doc, close.start)
    previous = quotes[q - 1] if q > 0 and quotes[q - 1].paragraph == quote.paragraph else None
    if previous is not None:
        prev_span = doc.char_span(previous.outer_start, previous.outer_end, alignment_mode="expand")
        if prev_span is not None and close.start - prev_span.end <= CONTINUATION_GAP:
            begin = min(begin, prev_span.end)
        begin = max(begin, prev_span.end if prev_span is not None else begin)
    cue = _cue_in([doc[i] for i in range(begin, close.start)], in_quote, last=True)
    if cue:
        return cue[0], cue[1], 0.8
    return None
