"""Ingest: bytes, a path or text in -> a clean `Story`.

Decodes (UTF-8 with or without BOM, UTF-16 with BOM, cp1252, Latin-1, others via
charset-normalizer), strips HTML boilerplate with trafilatura and Markdown markup,
pulls image captions out of the narrative into `Media`, restores missing spaces
after sentence punctuation in scraped text, and NFC-normalizes. Paragraphs are
joined with a blank line; all later offsets point into `Story.text`.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fabula import limits, media
from fabula.errors import InputError
from fabula.model import Format, Media, Paragraph, Story, StoryInfo
from fabula.render.words import counted

if TYPE_CHECKING:
    from lxml.html import HtmlElement

DEFAULT_MAX_BYTES = limits.MAX_BYTES
STDIN = "stdin"
"""The source name of a story read from standard input."""
PARAGRAPH_SEPARATOR = "\n\n"

EXTENSIONS: dict[str, Format] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}


# --------------------------------------------------------------------------- entry points

def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, fmt: Format | None = None) -> Story:
    """Read a story file ('-' for stdin); the format comes from the extension or by sniffing."""
    name = safe_name(str(path))
    if name == "-":
        if sys.stdin is None:
            raise InputError("cannot read stdin: it is closed")
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(_over_limit(STDIN, max_bytes))
        return read_bytes(data, source=STDIN, fmt=fmt, max_bytes=max_bytes)
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError(f"cannot read {name}: it is a directory")
        if size > max_bytes:
            raise InputError(too_big(name, size, max_bytes))
        with p.open("rb") as handle:  # at most one byte past the limit: a pipe or device reports no size
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(_over_limit(name, max_bytes))
    return read_bytes(data, source=name, fmt=fmt or EXTENSIONS.get(p.suffix.lower()), max_bytes=max_bytes)


def read_bytes(
    data: bytes, *, source: str = "<bytes>", fmt: Format | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Story:
    """Decode raw bytes and read them as a story."""
    source = safe_name(source)
    if len(data) > max_bytes:
        raise InputError(too_big(source, len(data), max_bytes))
    text, encoding, warnings = decode(data, source)
    story = read_text(text, source=source, fmt=fmt, encoding=encoding)
    story.info.warnings[:0] = warnings
    return story


def read_text(
    text: str, *, source: str | None = None, fmt: Format | None = None, encoding: str = "utf-8",
    title: str | None = None,
) -> Story:
    """Read already-decoded text ('text', 'markdown' or 'html'; sniffed when fmt is None)."""
    source, title = (safe_name(name) if name else name for name in (source, title))
    label = source or "the input"
    limits.check(len(text), limits.MAX_TEXT_CHARS, "characters of text", label,
                 note=" (a fixed limit, which --max-bytes does not raise)")
    if _looks_binary(text):
        raise InputError(f"{label} looks like binary data, not text")
    notes: list[str] = []
    if fmt in ("text", "markdown") and text.lstrip()[:14].lower().startswith(("<!doctype html", "<html")):
        notes.append(f"{label} is a web page, not {'Markdown' if fmt == 'markdown' else 'plain text'}: read as HTML")
        fmt = "html"
    fmt = fmt or sniff_format(text)
    text, surrogates = _LONE_SURROGATE.subn("\ufffd", text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if fmt in ("text", "markdown"):
        text, entities = _entities_decoded(text)
        if entities:
            notes.append(f"{label}: decoded {counted(entities, 'HTML entity', 'HTML entities')} (&rsquo;, &amp; ...) "
                         "left in the text by a copy from a web page")
    if fmt == "html":
        found_title, blocks, captions = _html_blocks(text, html_warnings := [])
        notes.extend(f"{label}: {warning}" for warning in html_warnings)
    elif fmt == "markdown":
        found_title, blocks, captions = _markdown_blocks(text, markdown_warnings := [])
        notes.extend(f"{label}: {warning}" for warning in markdown_warnings)
    else:
        found_title, text = _plain_title(text)
        blocks, captions = _plain_blocks(text), {}
    blocks, captions, furniture = _without_furniture(blocks, captions)
    if furniture:
        shown = "; ".join(f"'{_shortened(line)}'" for line in furniture[:_FURNITURE_SHOWN])
        more = f" and {len(furniture) - _FURNITURE_SHOWN} more" if len(furniture) > _FURNITURE_SHOWN else ""
        notes.append(f"{label}: left out {counted(len(furniture), 'line')} of page furniture (links to other "
                     f"stories, calls to share or comment, ads, page numbers, disclaimers): {shown}{more}")
    story = _assemble(blocks, captions)
    if not story.paragraphs:
        raise InputError(f"no story text found in {label}")
    story.info.title = title or found_title
    story.info.source = source
    story.info.format = fmt
    story.info.encoding = encoding
    story.info.warnings.extend(notes)
    if surrogates:
        story.info.warnings.append(f"{label} had {counted(surrogates, 'invalid code point')} "
                                   "(lone surrogates), replaced with U+FFFD")
    story.info.warnings.extend(language_warnings(story.text))
    story.info.warnings.extend(length_warnings(story.info.words, fmt, label))
    return story


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_MIN_ENTITIES = 2  # one "&amp;" may be meant; two or more are a web page's text copied as it was


def _entities_decoded(text: str) -> tuple[str, int]:
    """Plain text or Markdown -> (the same with its HTML entities decoded, how many) when it holds MIN_ENTITIES or
    more that name a character ("&rsquo;", "&#8217;"); else (the text, 0)."""
    import html

    found = [m for m in _ENTITY.finditer(text) if html.unescape(m.group()) != m.group()]
    if len(found) < _MIN_ENTITIES:
        return text, 0
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text), len(found)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")  # only a Python str can hold them; no encoder takes them


def safe_name(name: str) -> str:
    """A name (a path as the OS gave it, an id, a title) with each lone surrogate written as an escape: a byte
    that is not UTF-8 in a file name as '\\xff', any other as '\\ud800'; such a name can be printed and stored."""
    return _LONE_SURROGATE.sub(_escaped, name)


def _escaped(surrogate: re.Match[str]) -> str:
    """A matched lone surrogate -> its escape ('\\xff' for a byte kept by surrogateescape, else '\\ud800')."""
    code = ord(surrogate.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*")  # spaces, zero-width and BOM marks


def too_big(name: str, size: int, limit: int) -> str:
    """The one-line message for an input of `size` bytes over the limit (ingest, corpus mode)."""
    return f"{name} is {size:,} bytes, over the limit of {limit:,} bytes (raise it with --max-bytes)"


def _over_limit(name: str, limit: int) -> str:
    """The message for a stream found longer than the limit while reading it (its size is unknown)."""
    return f"{name} is over the limit of {limit:,} bytes (raise it with --max-bytes)"


# --------------------------------------------------------------------------- decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class Decoded(NamedTuple):
    """Decoded text, the encoding it was read in, and warnings about how it was read."""

    text: str
    encoding: str
    warnings: list[str]


def decode(data: bytes, source: str = "the input") -> Decoded:
    """Bytes -> Decoded(text, encoding name, warnings). Raises InputError for binary data.

    Mostly-UTF-8 bytes with a few stray bytes stay UTF-8 (a stray inside a character dropped,
    the others read as Windows-1252 or replaced, with a warning); a legacy code page other than cp1252/Latin-1 picked by
    guessing gets a warning too.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, [])
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{source} looks like binary data, not text")
        text = data[:len(data) - len(data) % 2].decode(utf16, errors="surrogatepass")  # read_text replaces strays
        return Decoded(text + "\ufffd" * (len(data) % 2), utf16,
                       [f"{source} is UTF-16 without a byte-order mark: read as {utf16.upper()}"])
    try:
        return Decoded(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data, source)
    if mixed is not None:
        return mixed
    western = _western(data)
    if western is not None:
        return Decoded(*western, [])
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        guessed = [] if best.encoding in _WESTERN_CODECS else [
            f"{source} is not UTF-8; its encoding was guessed as {best.encoding}: check the text for garbled letters"]
        return Decoded(str(best), best.encoding, guessed)
    return Decoded(data.decode("latin-1"), "latin-1", [])


_WESTERN_PUNCTUATION = frozenset("‘’‚“”„–—…•€£¢°§«»´¨·×÷¿¡©®™½¼¾±²³¹µ¶ºª¥\xa0")
_WESTERN = re.compile(f"[\u00c0-\u00ff{re.escape(''.join(sorted(_WESTERN_PUNCTUATION)))}]")  # letters of Latin-1 too
_UTF8_SIGN = re.compile(rf"{_WESTERN.pattern}|[^\x00-\u07ff\udc80-\udcff]")  # Western, or from U+0800 on
_WESTERN_CODECS = frozenset({"cp1252", "latin_1", "iso8859_1"})  # charset-normalizer's names for them
_MIN_UTF16_ZEROS = 0.7


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the first 4 KB have a zero in most odd (or even) bytes and almost none in
    the others: the pattern of mostly Latin text in UTF-16; None for other data."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0:2 * pairs:2].count(0) / pairs, head[1:2 * pairs:2].count(0) / pairs
    if odd >= _MIN_UTF16_ZEROS and even <= 1 - _MIN_UTF16_ZEROS:
        return "utf-16-le"
    if even >= _MIN_UTF16_ZEROS and odd <= 1 - _MIN_UTF16_ZEROS:
        return "utf-16-be"
    return None


_ESCAPED_RUN = re.compile(r"[\udc80-\udcff]+")  # bytes that are not UTF-8, as surrogateescape keeps them
_UTF8_LEAD, _UTF8_CONTINUATION = range(0xC2, 0xF5), range(0x80, 0xC0)
_MIN_UTF8_SHARE = 0.1
"""Valid UTF-8 accented letters, typographic punctuation and symbols (★, →, emoji) per stray byte from which
bytes count as UTF-8 with strays; other code pages (Shift JIS, GBK, cp1251...) make such sequences only by
chance, far more rarely (at most 0.07 per stray byte in CJK, Cyrillic, Greek, Hebrew, Arabic and Thai text)."""
_MIN_UTF8_CHARS = 10
"""Valid UTF-8 characters beyond ASCII, of any script, per stray byte from which bytes count as UTF-8 with strays
too; those code pages make at most 0.7 per stray byte by chance."""
_NON_ASCII = re.compile(r"[^\x00-\x7f\udc80-\udcff]")  # valid UTF-8 beyond ASCII, as surrogateescape reads it


def _mostly_utf8(data: bytes, source: str) -> Decoded | None:
    """UTF-8 with some bytes that are not: a stray byte inside a character is dropped (the character is kept), other
    runs of stray bytes are read as Windows-1252 when all of them make letters and punctuation that way (a cp1252
    passage pasted in), else replaced with U+FFFD; a truncated UTF-8 sequence is always replaced. None when too
    little of the data is valid non-ASCII UTF-8 to say so."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs = [bytes(ord(c) - 0xDC00 for c in run.group()) for run in _ESCAPED_RUN.finditer(escaped)]
    mended = [_mended(run) for run in runs]
    bad = sum(1 if fixed is not None else len(run) for run, fixed in zip(runs, mended))
    if not _looks_utf8(escaped, bad):
        return None
    # the other runs, apart as they stand ("d\xe9j\xe0" is no "\xe9\xe0"), are cp1252 text
    legacy = _western(b" ".join(run for run, fixed in zip(runs, mended) if fixed is None), "cp1252") is not None
    replaced = dropped = 0

    def replace(run: bytes, fixed: str | None) -> str:
        nonlocal replaced, dropped
        if fixed is not None:
            dropped += 1
            return fixed
        if legacy and not (len(run) > 1 and run[0] in _UTF8_LEAD and all(b in _UTF8_CONTINUATION for b in run[1:])):
            return run.decode("cp1252")
        replaced += len(run)
        return "\ufffd"

    pieces = iter(zip(runs, mended))
    text = _ESCAPED_RUN.sub(lambda _: replace(*next(pieces)), escaped)
    rest = bad - dropped
    how = ("dropped from inside a character" if not rest else "replaced with U+FFFD" if replaced == rest
           else "read as Windows-1252" if not replaced
           else f"read as Windows-1252 ({replaced:,} of them, from cut UTF-8 sequences, replaced with U+FFFD)")
    if dropped and rest:
        how = f"{rest:,} {how}, {dropped:,} dropped from inside a character"
    return Decoded(text, "utf-8", [f"{source}: {counted(bad, 'byte')} {'is' if bad == 1 else 'are'} not UTF-8, "
                                   f"{how}"])


_MAX_MENDED_RUN = 8


def _mended(run: bytes) -> str | None:
    """A run of bytes that is a UTF-8 character with one stray byte inside it ("\xe3\x80\xff\x82", 。 cut by
    \xff), decoded without that byte; None for any other run."""
    if not 2 < len(run) <= _MAX_MENDED_RUN:
        return None
    for i in range(len(run)):
        try:
            return (run[:i] + run[i + 1:]).decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def _looks_utf8(escaped: str, stray: int) -> bool:
    """Whether bytes read with surrogateescape hold, per stray byte, _MIN_UTF8_CHARS valid characters beyond ASCII
    or _MIN_UTF8_SHARE signs of UTF-8 (Western letters and punctuation, and symbols and punctuation from U+0800 on:
    arrows, stars, emoji)."""
    if _at_least(_NON_ASCII.finditer(escaped), _MIN_UTF8_CHARS * stray):
        return True
    signs = (m for m in _UTF8_SIGN.finditer(escaped)
             if m.group() < "\u0800" or unicodedata.category(m.group())[0] in "SP")
    return _at_least(signs, _MIN_UTF8_SHARE * stray)


def _at_least(found: Iterator, n: float) -> bool:
    """Whether `found` yields at least `n` (>= 1) items; it is read no further."""
    return next(islice(found, math.ceil(n) - 1, None), None) is not None


def _western(data: bytes, encoding: str | None = None) -> tuple[str, str] | None:
    """Decode as cp1252 / Latin-1 (by default the one the bytes fit) when that yields letters and typographic
    punctuation; None when it does not.

    Statistical detectors often mistake short English text in these encodings for
    another code page, and English stories are what fabula reads.
    """
    encoding = encoding or ("cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    unusual = [c for c in text if ord(c) > 127]
    plausible = sum(c.isalpha() or c in _WESTERN_PUNCTUATION for c in unusual)
    if plausible < 0.8 * len(unusual):
        return None
    accented = [w for w in _WORD.findall(text) if not w.isascii()]
    runs = sum(_ACCENT_RUN.search(w) is not None for w in accented)
    return (text, encoding) if runs <= 0.5 * len(accented) else None  # Cyrillic cp1251 read so: "Ïðèâåò"


_WORD = re.compile(r"[^\W\d_]+")
_ACCENT_RUN = re.compile(r"[^\x00-\x7f]{3}")
"""Three non-ASCII letters in a row: rare in French or German ("très", "über"), the rule in another alphabet's
single-byte code page read as Latin-1."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _looks_binary(text: str) -> bool:
    """True when more than 5% of the first 8 KB are control characters or replacement marks."""
    head = text[:8192]
    return bool(head) and len(_CONTROL.findall(head)) > 0.05 * len(head)


def sniff_format(text: str) -> Format:
    """Guess 'html', 'markdown' or 'text' from the first few KB."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(p|div|article|body|figure)[\s>]", head):
        return "html"
    if re.search(r"^(#{1,6} \S|!\[[^\]]*\]\(|\*\*\S)", text[:4096], re.MULTILINE):
        return "markdown"
    return "text"


# --------------------------------------------------------------------------- formats -> blocks
# Each reader returns (title, blocks, captions): blocks are paragraph strings in order;
# captions maps the index of a block known to be an image insert (an HTML figcaption) to its (caption, credit).

_BREAK_LINE = re.compile(r"^\s*(?:[*#~=\-_•·]\s*){3,}$")


_FIRST_LINE = re.compile(r"\s*([^\n]{1,120})\n[ \t]*\n")
_MAX_TITLE_WORDS = 12
_NOT_A_TITLE_END = tuple('.!?…:;,"”’\')]-—–')
_NOT_A_TITLE_START = tuple('"“‘\'-—–*#>|(')


def _plain_title(text: str) -> tuple[str | None, str]:
    """Plain text -> (its title, the text after it): a first line of at most _MAX_TITLE_WORDS words with no stop,
    comma or closing mark at its end and no quotation mark or dash at its start, set apart by a blank line before
    more text ("The Workshop"); else (None, the text). It names the story, it is no sentence of it."""
    m = _FIRST_LINE.match(text)
    line = m.group(1).strip() if m else ""
    if not line or len(line.split()) > _MAX_TITLE_WORDS or line.endswith(_NOT_A_TITLE_END) \
            or line.startswith(_NOT_A_TITLE_START) or not text[m.end():].strip() or media.parse_caption(line):
        return None, text
    return line, text[m.end():]


def _plain_blocks(text: str) -> list[str]:
    """Plain text -> paragraphs: a line each, or blank-line blocks unwrapped when hard-wrapped."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if _hard_wrapped(blocks):
        return [" ".join(b.split()) for b in blocks]
    return [line.strip() for line in text.split("\n") if line.strip()]


def _hard_wrapped(blocks: list[str]) -> bool:
    """True when blank lines separate paragraphs whose inner lines break at a fixed width."""
    inner = sorted(len(line) for b in blocks for line in b.split("\n")[:-1])
    if len(blocks) < 2 or len(inner) < 2:
        return False
    return inner[len(inner) // 2] >= 40 and inner[int(len(inner) * 0.9)] <= 100


_URL = r"(?:[^()\s]|\([^()\s]{0,100}\)){0,500}"  # a link's target, with balanced brackets: '.../Mercury_(planet)'
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_METADATA_LINE = re.compile(r"^(?:[\w-]+\s*[:=]|\s|-\s|#|\[)")  # key: value, key = value, list, [table]...
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^`\n]*?)[ \t]*")  # a code fence's line: its run, its info string


def _without_code_blocks(text: str) -> tuple[str, int, int]:
    """Markdown -> (the text without its fenced code blocks, blocks dropped, lines of code in them). A fence
    that nothing closes is dropped alone, its lines kept: a stray one must not take the story with it."""
    lines = text.split("\n")
    fences = [(i, m.group(1)[0], len(m.group(1)), bool(m.group(2))) for i, line in enumerate(lines)
              if (m := _FENCE.fullmatch(line))]
    drop: set[int] = set()
    unclosed: dict[str, int] = {}  # per fence character, the shortest run that found no closing fence
    blocks = code = 0
    k = 0
    while k < len(fences):
        start, char, length, _ = fences[k]
        closer = None
        if length < unclosed.get(char, length + 1):
            closer = next((j for j in range(k + 1, len(fences)) if fences[j][1] == char and fences[j][2] >= length
                           and not fences[j][3]), None)
        if closer is None:
            unclosed[char] = min(length, unclosed.get(char, length))
            drop.add(start)
            k += 1
            continue
        end = fences[closer][0]
        drop.update(range(start, end + 1))
        blocks, code, k = blocks + 1, code + end - start - 1, closer + 1
    return "\n".join(line for i, line in enumerate(lines) if i not in drop), blocks, code


def _markdown_blocks(text: str, warnings: list[str]) -> tuple[str | None, list[str], dict[int, tuple[str, str | None]]]:
    """Markdown -> (title from the front matter or the first '# ' heading, paragraphs without markup, image
    captions); fenced code blocks are left out, with a note in `warnings`."""
    title = None
    front = _FRONT_MATTER.match(text)
    if front and all(_METADATA_LINE.match(line) for line in front.group(2).splitlines() if line.strip()):
        # YAML (---) or TOML (+++) metadata: its title, not story text
        named = re.search(r"^title\s*[:=]\s*[\"']?(.*?)[\"']?\s*$", front.group(2), re.MULTILINE | re.IGNORECASE)
        title = named.group(1) if named and named.group(1) else None
        text = text[front.end():]
    text, code_blocks, code_lines = _without_code_blocks(text)
    if code_blocks:
        warnings.append(f"left out {counted(code_blocks, 'fenced code block')} "
                        f"({counted(code_lines, 'line')}): code is not story text")
    text = _without_inline_html(text)
    blocks: list[str] = []
    captions: dict[int, tuple[str, str | None]] = {}
    for raw in _plain_blocks(text):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", raw)
        if heading and not blocks and (title is None or _same_title(title, heading.group(1))):
            title = title or _strip_inline_markdown(heading.group(1))
            continue
        if _BREAK_LINE.match(raw):  # a thematic break ("* * *", "---"), not a list item: _assemble reads it
            blocks.append(raw)
            continue
        image = re.fullmatch(rf"!\[([^\]\n]{{0,300}})\]\({_URL}(?:\s([^)]{{0,200}}))?\)\s*(.*)", raw)
        if image:
            alt, after = image.group(1), _strip_inline_markdown(image.group(3))
            captions[len(blocks)] = _image_caption(alt, (image.group(2) or "").strip(" \"'"), after)
            blocks.append(" ".join(f"{alt} {after}".split()))
            continue
        line = _strip_inline_markdown(re.sub(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S)|\d+[.)]\s+)", "", raw))
        image_before = captions.get(len(blocks) - 1)
        credited = media.parse_caption(line) if image_before and image_before[1] is None else None
        if credited:  # an image without a credit, then its caption line (or its bare credit): one insert
            captions[len(blocks) - 1] = (credited[0] or image_before[0], credited[1])
            blocks[-1] = " ".join((blocks[-1], line)) if not credited[0] else line
            continue
        if image_before == ("", None) and _EMPHASIZED_LINE.fullmatch(raw) and _reads_as_caption(line):
            captions[len(blocks) - 1] = (line, None)  # an image with no words of its own, then its caption in italics
            blocks[-1] = line
            continue
        blocks.append(line)
    return title, blocks, captions


# HTML that Markdown lets through: a <br>, the tags of HTML's own elements (not "<Mom>" in a chat log, "<enter>" or
# "<<KEEP OUT>>"), scripts and styles with what they hold. Bounded and on one line, so linear on any input.
_HTML_BREAK = re.compile(r"<br\s{0,20}/?>\n?", re.IGNORECASE)  # with the line end written after it, if any
_HTML_BLOCKS = ("article|aside|blockquote|caption|center|details|div|figcaption|figure|footer|h[1-6]|header|hr|li|nav|"
                "ol|p|pre|section|summary|table|tbody|td|th|thead|tr|ul")
_HTML_INLINE = ("a|abbr|audio|b|big|cite|code|del|em|font|i|iframe|img|ins|kbd|mark|picture|q|s|small|source|span|"
                "strike|strong|sub|sup|tt|u|video")
_HTML_BLOCK_TAG = re.compile(rf"</?(?:{_HTML_BLOCKS})(?:\s[^<>\n]{{0,1000}})?/?>", re.IGNORECASE)
_HTML_INLINE_TAG = re.compile(rf"</?(?:{_HTML_INLINE})(?:\s[^<>\n]{{0,1000}})?/?>", re.IGNORECASE)
_HTML_CODE = re.compile(r"<(script|style)\b[^<>\n]{0,1000}>", re.IGNORECASE)
_HTML_COMMENT = re.compile("<!--")


def _without_inline_html(text: str) -> str:
    """Markdown text without the HTML written into it: comments, scripts and styles go, a <br> or a block's tag ends
    its line, the tags of inline elements go and leave their text ("<em>A sad woman | Source: Pexels</em>" is a
    caption line)."""
    text = _HTML_BREAK.sub("\n", _without_code(_without_comments(text)))
    return _HTML_INLINE_TAG.sub("", _HTML_BLOCK_TAG.sub("\n", text))


def _without_comments(text: str) -> str:
    """Text without its HTML comments ("<!-- ... -->"); an unclosed one is left as it is."""
    return _without_elements(text, _HTML_COMMENT, _past_comment)


def _without_code(text: str) -> str:
    """Text without its <script> and <style> elements and what they hold; an unclosed one is left as it is."""
    return _without_elements(text, _HTML_CODE, _past_closing_tag)


def _without_elements(text: str, opening: re.Pattern, end_of: Callable[[str, re.Match], int]) -> str:
    """Text without the elements `opening` starts and `end_of(text, opening match)` ends (the offset past their end;
    0 when nothing closes them: the text from there on is left as it is). One pass: linear."""
    parts, cursor = [], 0
    while (found := opening.search(text, cursor)) is not None:
        end = end_of(text, found)
        if end <= 0:
            break
        parts.append(text[cursor:found.start()])
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _past_comment(text: str, opening: re.Match) -> int:
    """The offset past the "-->" that closes a comment; 0 when none does."""
    closing = text.find("-->", opening.end())
    return closing + 3 if closing >= 0 else 0


def _past_closing_tag(text: str, opening: re.Match) -> int:
    """The offset past the tag that closes a <script> or <style> ("</script>", in any case); 0 when none does."""
    closing = re.compile(rf"</{opening.group(1)}", re.IGNORECASE | re.ASCII).search(text, opening.end())
    return text.find(">", closing.end()) + 1 if closing is not None else 0


def _same_title(title: str, heading: str) -> bool:
    """Whether a heading repeats the front matter's title (markup, case and spacing aside)."""
    return " ".join(_strip_inline_markdown(heading).split()).casefold() == " ".join(title.split()).casefold()


def _reads_as_caption(line: str) -> bool:
    """Whether an italic line under an image with no words reads as its caption: it names an AI maker ("A man in a
    car. Image generated by Midjourney"), or it is a short description opening with "A" or "An" and speaking to
    no one ("A man sitting in a car at night"); not "*Three years earlier.*" nor "*I know what you did.*"."""
    if len(line.split()) > media._MAX_CAPTION_WORDS:
        return False
    return media.ai_generator(line, None) is not None or re.match(r"(?:A|An)\s", line) is not None \
        and _PERSONAL.search(line) is None


_PERSONAL = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b", re.IGNORECASE)
_EMPHASIZED_LINE = re.compile(r"([*_])(?!\1)[^\n]{1,300}(?<![*_\s])\1")  # "*A man in a car at night*"


def _image_caption(alt: str, title: str, after: str) -> tuple[str, str | None]:
    """A Markdown image's (caption, credit): its title's or the following text's when that names a credit,
    else its alt text and the text after it."""
    for text in (title, after):
        credited = media.parse_caption(text) if text else None
        if credited:
            return credited[0] or alt, credited[1]
    return media.split_figcaption(f"{alt} {after}")


# Bounded repetitions keep every pattern linear on adversarial input (no unbounded scan per opener).
_MD_INLINE = (
    (re.compile(rf"!\[([^\]\n]{{0,300}})\]\({_URL}(?:\s[^)]{{0,200}})?\)"), r"\1"),
    (re.compile(rf"\[([^\]\n]{{1,300}})\]\({_URL}(?:\s[^)]{{0,200}})?\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?=\S)([^*_\n]{1,300}?)(?<=\S)[*_](?![\w*])"), r"\1"),
    (re.compile(r"`([^`\n]{1,300})`"), r"\1"),
)


def _strip_inline_markdown(line: str) -> str:
    for pattern, replacement in _MD_INLINE:
        line = pattern.sub(replacement, line)
    return line.strip()


_FIGURE_MARK = "fabula-figure-"
_BREAK_MARK = "* * *"  # what an <hr> becomes before the main text is extracted


_NOT_CONTENT = ("nav", "aside", "menu", "script", "style", "noscript", "template")
_BLOCKS = ("p", "div", "li", "dd", "dt", "td", "th", "blockquote", "section", "center", "h1", "h2", "h3", "h4", "h5",
           "h6")
_CAPTION_CLASS = re.compile(r"caption(?:s|text)?(?![^\s_-])", re.IGNORECASE)  # caption, wp-caption-text, figcaption...
_CREDIT_CLASS = re.compile(r"(?<![^\s_-])credits?(?![^\s_-])", re.IGNORECASE)  # credit, photo-credit...
_MAX_CAPTION_WORDS = 60  # an element classed as a caption with more words holds more than a caption


_MAX_NESTING = 100
"""Elements nested deeper than this are unwrapped (their text joins the ancestor at this depth) before
extraction: no page means anything by such depth, and the extractor loses what lies below it."""


def _html_blocks(html: str, warnings: list[str]) -> tuple[str | None, list[str], dict[int, tuple[str, str | None]]]:
    """HTML -> (title, main-content paragraphs via trafilatura, captions in their place); what cannot be read
    is added to `warnings`."""
    import lxml.html
    import trafilatura
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    html = _title_closed(html, warnings)
    try:
        parser = lxml.html.HTMLParser(huge_tree=True)
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None, [], {}
    if any("Excessive depth" in error.message for error in parser.error_log):
        warnings.append("the page nests its elements too deep for the HTML parser; the text below that depth is lost")
    _flatten_below(tree, _MAX_NESTING)
    _unwrap_layout_tables(tree)
    _close_figures(tree, warnings, unclosed=_unclosed_figures(html))
    figures: list[tuple[str, tuple[str, str | None]]] = []
    for node, caption_node in _html_captions(tree):
        for br in caption_node.iter("br", "p", "div", "li"):  # a line break or a block parts words
            br.tail = " " + (br.tail or "")
        raw = " ".join(" ".join(caption_node.itertext()).split())
        caption, credit = _caption_and_credit(caption_node)
        figures.append((raw, (caption or _alt_before(node), credit)))  # before the mark takes the node's place
        _replace_by_mark(node, f"{_FIGURE_MARK}{len(figures) - 1}")
    for node, raw, parsed in _alt_figures(tree):
        figures.append((raw, parsed))
        _replace_by_mark(node, f"{_FIGURE_MARK}{len(figures) - 1}")
    for node in list(tree.iter("hr")):  # a section break: kept as a break line, which _assemble reads
        _replace_by_mark(node, _BREAK_MARK)
    for node in list(tree.iter(*_NOT_CONTENT)):  # menus and code are never the story (favor_recall keeps menus)
        if node.getparent() is not None:
            node.drop_tree()
    _drop_labelled_ads(tree, warnings)
    page = lxml.html.tostring(tree, encoding="unicode")
    extracted = trafilatura.extract(page, output_format="txt", favor_recall=True, include_comments=False,
                                    include_tables=False)
    if not extracted:  # trafilatura found no main text: the page's own text
        body = tree.find("body")
        extracted = "\n".join(t.strip() for t in (body if body is not None else tree).itertext() if t.strip())
    metadata = trafilatura.extract_metadata(page)
    title = metadata.title if metadata and metadata.title else None
    headings = {" ".join(title.split())} if title else set()
    headings |= {" ".join(h.text_content().split()) for h in islice(tree.iter("h1"), 1)}  # the article's headline
    blocks: list[str] = []
    captions: dict[int, tuple[str, str | None]] = {}
    for line in extracted.split("\n"):
        line = line.strip()
        mark = re.fullmatch(rf"{_FIGURE_MARK}(\d+)", line)
        if mark:
            raw, captions[len(blocks)] = figures[int(mark.group(1))]
            blocks.append(raw)
        elif line and not (not blocks and " ".join(line.split()) in headings):
            blocks.append(line)
    return title, blocks, captions


_AD_LABEL = re.compile(r"[\s\-–—|:·•]*(?:advertisement|sponsored(?: content)?|paid content)[\s\-–—|:·•]*",
                       re.IGNORECASE)


def _drop_labelled_ads(root: HtmlElement, warnings: list[str]) -> None:
    """Take out the blocks that open with an ad's label in an element of its own and hold a short ad after it
    ("<div><span>- Advertisement -</span><p>Get 50% off ...</p></div>"; the extractor drops the label and would keep
    the ad as a paragraph), with a warning that names them. The outermost such block goes, once."""
    ads: list[str] = []
    taken: set[HtmlElement] = set()
    for node in list(root.iter(*_BLOCKS)):
        first = next(iter(node), None)  # the label is an element of its own, before any text of the block
        if first is None or (node.text or "").strip() or not isinstance(first.tag, str) \
                or not _AD_LABEL.fullmatch(first.text_content()) or any(a in taken for a in node.iterancestors()):
            continue
        words = " ".join(node.itertext()).split()[len(first.text_content().split()):]
        if 0 < len(words) <= _MAX_FURNITURE_WORDS:
            taken.add(node)
            ads.append(" ".join(words))
    for node in taken:
        node.drop_tree()
    if ads:
        shown = "; ".join(f"'{_shortened(ad)}'" for ad in ads[:_FURNITURE_SHOWN])
        warnings.append(f"left out {len(ads)} ad{'s' if len(ads) > 1 else ''} under an ad's label: {shown}"
                        + (" ..." if len(ads) > _FURNITURE_SHOWN else ""))


def _replace_by_mark(node: HtmlElement, text: str) -> None:
    """Put a paragraph of `text` where `node` stands, keeping the text after it; a node already taken out of the
    tree is left alone."""
    import lxml.html

    if node.getparent() is not None:
        mark = lxml.html.Element("p")
        mark.text, mark.tail = text, node.tail
        node.getparent().replace(node, mark)


def _title_closed(html: str, warnings: list[str]) -> str:
    """The page with a <title> that is never closed closed before the next tag: the parser would read the rest of
    the page, markup and all, as the title."""
    opened = re.search(r"<title\b[^>]*>", html[:_TITLE_SCAN], re.IGNORECASE)
    if opened is None:
        return html
    body = re.search(r"<body\b", html, re.IGNORECASE)
    if re.search(r"</title\s*>", html[opened.end():body.start() if body else len(html)], re.IGNORECASE):
        return html  # closed in the head (an <svg>'s <title> in the body closes none)
    end = html.find("<", opened.end())
    end = len(html) if end < 0 else end
    warnings.append("the page's <title> is never closed: read as closed before the next tag")
    return f"{html[:end]}</title>{html[end:]}"


_TITLE_SCAN = 10_000  # a page's title stands in its head, near the start


def _unclosed_figures(html: str) -> bool:
    """Whether the page opens more figures or figure captions than it closes."""
    lower = html.lower()
    return any(lower.count(f"<{tag}") > lower.count(f"</{tag}") for tag in ("figure", "figcaption"))


def _close_figures(root: HtmlElement, warnings: list[str], unclosed: bool) -> None:
    """Mend figures as a browser would: a figure inside a paragraph closes it (what follows the figure leaves the
    paragraph too), and, on a page that leaves a figure or caption unclosed (`unclosed`), the blocks inside a
    figure or its caption after the caption's own text are no part of it: they are the story's, put back after
    it. A closed caption of several paragraphs is one caption."""
    moved = 0
    for figure in list(root.iter("figure")):
        parent = figure.getparent()
        if parent is not None and parent.tag == "p":
            at = parent.index(figure)
            for offset, node in enumerate(list(parent)[at:]):
                parent.getparent().insert(parent.getparent().index(parent) + 1 + offset, node)
        if not unclosed:
            continue
        strays = [node for holder in (figure, *figure.iter("figcaption"))
                  for node in holder if isinstance(node.tag, str) and node.tag in _BLOCKS
                  and not _CAPTION_CLASS.search(node.get("class") or "") and node.text_content().strip()
                  and (holder.index(node) > 0 or (holder.text or "").strip())]
        if figure.getparent() is None or not any(len(n.text_content().split()) > _MAX_CAPTION_WORDS or
                                                 n.getnext() is not None for n in strays):
            continue
        anchor = figure
        for node in strays:
            anchor.addnext(node)  # moves it, tail and all
            anchor = node
            moved += 1
    if moved:
        warnings.append(f"an image's figure or caption was never closed: {counted(moved, 'block')} after it read "
                        "as the story's")


def _flatten_below(root: HtmlElement, depth: int) -> None:
    """Unwrap every element nested deeper than `depth` levels, keeping its text in place."""
    deep, stack = [], [(child, 1) for child in root]
    while stack:
        node, level = stack.pop()
        if level > depth:
            deep.append(node)
        stack.extend((child, level + 1) for child in node)
    for node in deep:
        if isinstance(node.tag, str):
            node.drop_tag()
        else:  # a comment or processing instruction
            node.drop_tree()


_LAYOUT_CELL_WORDS = 20  # a table cell this long holds prose, not data


def _unwrap_layout_tables(root: HtmlElement) -> None:
    """Turn tables used for layout (a cell holds paragraphs or prose) into plain blocks, so their text is read
    as the story's; data tables stay tables, which the extraction leaves out."""
    for table in list(root.iter("table")):
        cells = list(table.iter("td", "th"))
        if any(next(cell.iterdescendants("p", "div"), None) is not None
               or len(cell.text_content().split()) >= _LAYOUT_CELL_WORDS for cell in cells):
            for node in list(table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption")):
                node.tag = "div"  # with the tables nested in it


def _html_captions(root: HtmlElement) -> list[tuple[HtmlElement, HtmlElement]]:
    """(element, caption element) for each image caption on the page, the element being its outermost
    <figure> or the caption itself; one caption per figure."""
    found: list[tuple[HtmlElement, HtmlElement]] = []
    stack = [(child, None) for child in reversed(root)]
    while stack:
        node, figure = stack.pop()
        if _is_caption(node):
            if figure is None or not found or found[-1][0] is not figure:
                found.append((node if figure is None else figure, node))
            continue
        if figure is None and node.tag == "figure":
            figure = node
        stack.extend((child, figure) for child in reversed(node))
    return found


def _alt_figures(root: HtmlElement) -> list[tuple[HtmlElement, str, tuple[str, str | None]]]:
    """(element, raw text, (caption, credit)) for each image with no caption element whose credit is in its alt text
    ("A receipt | Image generated by Midjourney") or in a credit element of its figure or right after it (<span
    class="credit">Photo: Shutterstock</span>); the alt text is the caption. The element is the image's figure, else
    the block that holds only the image (with the credit element after it, which it takes along). An image with no
    credit and no AI maker named is decoration, not an insert."""
    found = []
    for image in list(root.iter("img")):
        alt = " ".join((image.get("alt") or "").split())
        figure = next((a for a in image.iterancestors("figure")), None)
        holder = figure if figure is not None else _holder_of(image)
        if holder is None or holder.getparent() is None:
            continue
        credits = [e for e in holder.iter() if _CREDIT_CLASS.search(e.get("class") or "")]
        after = holder.getnext()
        if not credits and after is not None and _CREDIT_CLASS.search(after.get("class") or "") \
                and len(after.text_content().split()) <= media._MAX_CREDIT_WORDS + 2:
            credits, taken = [after], after
        else:
            taken = None
        credit_text = " ".join(" ".join(e.text_content().split()) for e in credits)
        parsed = media.parse_caption(alt) if alt and not credit_text else None
        if credit_text:
            parsed = (alt, media.parse_credit(credit_text))
        elif parsed is None and alt and media.ai_generator(alt, None):
            parsed = media.split_figcaption(alt)
        if parsed is None or not parsed[0] and media.ai_generator("", parsed[1]) is None \
                or any(_BYLINE_CLASS.search(a.get("class") or "") for a in image.iterancestors()):
            continue  # a bare credit with no picture named ("Photo by Jane Doe"), an author's portrait
        if taken is not None:
            taken.drop_tree()
        found.append((holder, " ".join(f"{alt} {credit_text}".split()), parsed))
    return found


def _alt_before(node: HtmlElement) -> str:
    """The alt text of the image a credit without a caption stands for: the one in its figure, else the one just
    before it ("<img alt='An old man at a bus stop'><span class='credit'>Photo: Shutterstock</span>")."""
    before = node.getprevious()
    images = list(node.iter("img")) or ([] if before is None else list(before.iter("img")))
    return " ".join((images[-1].get("alt") or "").split()) if images else ""


_BYLINE_CLASS = re.compile(r"author|byline|avatar|profile|bio\b", re.IGNORECASE)


def _holder_of(image: HtmlElement) -> HtmlElement | None:
    """The block that holds only this image (the image itself when it stands between blocks); None when the image
    sits in a line of text."""
    node = image
    while node.getparent() is not None and node.getparent().tag in ("a", "picture", "span", "p", "div") \
            and not (node.getparent().text or "").strip() and len(node.getparent()) == 1 \
            and not (node.tail or "").strip():
        node = node.getparent()
    return node if not (node.tail or "").strip() and not _has_text_before(node) else None


def _has_text_before(node: HtmlElement) -> bool:
    """Whether text runs right before the element in its parent (the parent's text or the previous sibling's tail)."""
    before = node.getprevious()
    text = before.tail if before is not None else (node.getparent().text if node.getparent() is not None else "")
    return bool((text or "").strip())


def _is_caption(node: HtmlElement) -> bool:
    """A figcaption, a short element whose class names a caption, or a text block that is one credited caption."""
    if not isinstance(node.tag, str):
        return False
    if node.tag == "figcaption":
        return True
    if _CAPTION_CLASS.search(node.get("class") or ""):
        return len(node.text_content().split()) <= _MAX_CAPTION_WORDS
    return (node.tag in _BLOCKS and next(node.iterdescendants(*_BLOCKS, "br"), None) is None
            and media.parse_caption(node.text_content()) is not None)


def _caption_and_credit(node: HtmlElement) -> tuple[str, str | None]:
    """An HTML caption's (caption, credit): a <cite> or an element classed as a credit in it holds the credit, and a
    <small> that reads as one ("Illustration created with DALL-E 3"; not "(detail, second page)")."""
    credits, stack = [], list(reversed(node))
    while stack:  # the outermost credit elements, in document order
        child = stack.pop()
        if child.tag == "cite" or _CREDIT_CLASS.search(child.get("class") or "") \
                or child.tag == "small" and media.names_a_credit(child.text_content()):
            credits.append(child)
        else:
            stack.extend(reversed(child))
    if not credits:
        return media.split_figcaption(node.text_content())
    credit = " ".join(child.text_content() for child in credits)
    for child in credits:
        child.drop_tree()
    return " ".join(node.text_content().split()).rstrip(" |•·-–—"), media.parse_credit(credit)


# --------------------------------------------------------------------------- assembly

_FURNITURE = re.compile(  # a whole line of page furniture opens so
    r"(?:read more|related(?: stories| posts?)?|also read|see also|recommended|you may also like|more stories)\s*[:»›|]"
    r"|(?:advertisement|sponsored(?: content)?|ad)(?:\W+continue reading below)?\W*$"
    r"|(?:story\s+)?continues?\s+(?:reading\s+)?below(?:\s+(?:this\s+)?advertisement)?\W*$|continue reading\W*$"
    r"|page \d+(?:\s*(?:/|of)\s*\d+)?\s*$|(?:next|previous) page\W*$"
    r"|click (?:here )?(?:to read part \d+|next page to continue reading)\W*$"
    r"|share this\s*:?\s*$|comments?\s*\(\d+\)\s*$|originally (?:published|posted) (?:on|in|at)\b"
    r"|disclaimer\b"
    r"|by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*[·|•]", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(  # the last sentence of a line asks the reader to share, comment or follow
    r"(?:if [^,.!?]{1,80},\s*)?(?:(?:please\s+)?(?:like and\s+)?share (?:this|it)\b|(?:tell|let) us (?:know )?in the "
    r"comments|(?:leave|drop) (?:us )?a comment below|follow us (?:on|for)\b|subscribe (?:to our|for more)\b)",
    re.IGNORECASE)
_LAST_SENTENCE = re.compile(r"(?:^|(?<=[.!?…]\s))[^.!?…]+[.!?…]*\W*$")
_FURNITURE_PHRASE = re.compile(  # a disclaimer or a byline's reading time, wherever it stands in a short line
    r"\bfor illustrat(?:ive|ion) purposes only\b|\b\d{1,3}\s*min(?:ute)?s?\s+read\b", re.IGNORECASE)
_MAX_FURNITURE_WORDS = 40  # a call to share, an ad or a disclaimer is a short paragraph
_SPEECH_MARK = re.compile(r"[“”\"]")  # a line with speech in it is the story's ("“Please share it with nobody”")
_FURNITURE_SHOWN = 3


def _without_furniture(blocks: list[str], captions: dict[int, tuple[str, str | None]]
                       ) -> tuple[list[str], dict[int, tuple[str, str | None]], list[str]]:
    """(blocks, captions) -> the same without the page's furniture, and the lines left out: short paragraphs that
    link to other stories ("READ MORE: ..."), ask the reader to share or comment, mark an ad, number a page
    ("Page 1 / 2"), give the byline ("By Reader Submission · March 11, 2024 · 6 min read") or disclaim ("Images are
    for illustrative purposes only"), with no speech in them and no caption; no part of the story, they drew the
    reveal and the arc to the end of a page."""
    kept: list[str] = []
    kept_captions: dict[int, tuple[str, str | None]] = {}
    left_out: list[str] = []
    for i, block in enumerate(blocks):
        line = " ".join(block.split())
        if i not in captions and len(line.split()) <= _MAX_FURNITURE_WORDS and not _SPEECH_MARK.search(line) \
                and (_FURNITURE.match(line) or _FURNITURE_PHRASE.search(line) or _calls_to_act(line)) \
                and media.parse_caption(line) is None:  # "For illustration purposes only | Source: Midjourney"
            left_out.append(line)
            continue
        if i in captions:
            kept_captions[len(kept)] = captions[i]
        kept.append(block)
    return kept, kept_captions, left_out


def _calls_to_act(line: str) -> bool:
    """Whether the last sentence of a line asks the reader to share, comment or follow ("If this story touched your
    heart, please share it.", "Share this story if you believe dogs know more than we do!"); not a story's "I need to
    share this story before I lose my nerve" or "Please share the cake with your brother"."""
    last = _LAST_SENTENCE.search(line)
    return last is not None and _CALL_TO_ACTION.match(last.group().strip()) is not None


def _shortened(line: str, words: int = 8) -> str:
    """The first `words` words of a line, with an ellipsis when there are more."""
    parts = line.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _assemble(blocks: list[str], captions: dict[int, tuple[str, str | None]]) -> Story:
    """Paragraph strings -> Story: captions become Media, spaces are repaired, offsets fixed.

    A media item's offset is the start of the paragraph that follows it (the end
    of the text when none follows).
    """
    text_parts: list[str] = []
    paragraphs: list[Paragraph] = []
    items: list[Media] = []
    pending: list[dict] = []
    repaired: list[int] = []
    offset = 0
    after_break = False
    for i, block in enumerate(blocks):
        block = block.strip()
        if _INVISIBLE.fullmatch(block):
            continue
        if _BREAK_LINE.match(block):  # not a paragraph: the next one opens a section
            after_break = bool(paragraphs)
            continue
        parsed = captions[i] if i in captions else media.parse_caption(block)
        if parsed is not None:
            caption, credit = parsed
            generator = media.ai_generator(caption, credit)
            pending.append(dict(caption=caption, credit=credit, ai_generated=generator is not None,
                                generator=generator, raw=block))
            continue
        if text_parts:
            offset += len(PARAGRAPH_SEPARATOR)
        fixed, inserted = repair_missing_spaces(block)
        repaired.extend(offset + pos for pos in inserted)
        _place(items, pending, offset)
        paragraphs.append(Paragraph(index=len(paragraphs), start=offset, end=offset + len(fixed), text=fixed,
                                    after_break=after_break))
        after_break = False
        text_parts.append(fixed)
        offset += len(fixed)
    text = PARAGRAPH_SEPARATOR.join(text_parts)
    _place(items, pending, len(text))
    info = StoryInfo(chars=len(text), words=len(text.split()), repaired_spaces=repaired)
    return Story(info=info, text=text, paragraphs=paragraphs, media=items)


def _place(items: list[Media], pending: list[dict], offset: int) -> None:
    """Move the pending captions into `items` as Media numbered on from the last, standing at `offset`."""
    for item in pending:
        items.append(Media(index=len(items), offset=offset, **item))
    pending.clear()


# --------------------------------------------------------------------------- missing spaces

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof rev gen col capt lt sgt hon vs etc inc ltd co corp dept est fig no vol mt ft"
    " approx ca cf al".split()
)
_SENTENCE_END = re.compile(r"(?:\.{3}|[.!?…])[\"”’)\]]*(?=[\"“‘]?[A-Z])")


def repair_missing_spaces(text: str) -> tuple[str, list[int]]:
    """Insert the space scraped text lost after sentence punctuation ('job.That’s').

    Returns the repaired text and the offsets (in it) of the inserted spaces.
    Leaves abbreviations (Mr., e.g., U.S., Ph.D.), numbers (3.5), URLs, e-mails,
    domains (Amazon.Co.Uk) and software names (Node.Js) alone; a year ends a sentence ('in 2019.Then'), and so does
    an abbreviation's word before a closing quote ('“no.”Then').
    """
    out: list[str] = []
    inserted: list[int] = []
    last = 0
    for match in _SENTENCE_END.finditer(text):
        if not _is_missing_space(text, match):
            continue
        out.append(text[last:match.end()])
        inserted.append(match.end() + len(inserted))
        out.append(" ")
        last = match.end()
    out.append(text[last:])
    return "".join(out), inserted


_TOKEN_WINDOW = 200  # how far around the punctuation to look for the token it sits in


def _is_missing_space(text: str, match: re.Match[str]) -> bool:
    """Whether the sentence punctuation `match` found is glued to the next sentence by mistake."""
    punct = match.start()
    window_start = max(0, punct - _TOKEN_WINDOW)
    token_start = max(text.rfind(" ", window_start, punct), text.rfind("\n", window_start, punct), window_start - 1) + 1
    following = re.compile(r"\s").search(text, punct, punct + _TOKEN_WINDOW)
    token = text[token_start:following.start() if following else punct + _TOKEN_WINDOW]
    word = _WORD_BEFORE.search(text, token_start, punct)
    named = word is not None and word.group(1)[:1].isupper()  # 'Amazon.Co.Uk', 'Node.Js'; not 'day.Co-workers'
    if "://" in token or token.lower().startswith("www.") or "@" in token \
            or named and _DOMAIN_END.match(text, punct):
        return False
    if word is not None and len(word.group(1)) <= 2 and _INITIAL.match(text, match.end()):
        return False  # 'Ph.D.', 'Ed.D.': an abbreviation's next initial; not 'She smiled.A. J. smiled back.'
    if _YEAR.search(text[token_start:punct]):
        return True
    if not word or len(word.group(1)) < 2 or not word.group(1)[-1].islower():
        return False
    return word.group(1).lower() not in _ABBREVIATIONS or match.group()[-1] in _CLOSERS


_WORD_BEFORE = re.compile(r"([^\W\d_]+)$")
_YEAR = re.compile(r"(?<![\d.,:/-])(?:1\d|20)\d\d$")  # 'in 2019.Then', not '3.2019' or '1999-2019'
# 'Amazon.Com', 'Amazon.Co.Uk', 'Node.Js': a domain's or a software name's ending
_DOMAIN_END = re.compile(r"\.(?:com|org|edu|gov|net|io|co|uk|js|ts|py|ai|tv|ly|app|dev|info)(?![^\W_])",
                         re.IGNORECASE)
_INITIAL = re.compile(r"[A-Z]\.(?!\w)")
_CLOSERS = "\"”’)]"


# --------------------------------------------------------------------------- language

MIN_STORY_WORDS = 100
"""Below this many words a text is no story to read an arc, a timeline or a twist in (a flash fiction has more)."""


def length_warnings(words: int, fmt: str, label: str) -> list[str]:
    """A warning when a text of `words` words (the count the story's info gives) is too short to be a story: from a
    web page, most likely one whose story was not in its HTML (built by a script, behind a consent wall or a
    paywall)."""
    if words >= MIN_STORY_WORDS:
        return []
    if fmt == "html":
        return [f"only {counted(words, 'word')} found in {label}: the page may not hold the story "
                "(a page built by a script, a consent wall or a paywall)"]
    return [f"{label} has only {counted(words, 'word')}: too short for the arc, the timeline or the reveal to mean "
            "much"]


_NON_LATIN = re.compile(r"[^\W\d_\x00-\u024f]+")  # runs of letters beyond Basic Latin to Latin Extended-B
_MIN_LETTERS = 10


def language_warnings(text: str) -> list[str]:
    """A warning when the text does not look like English: mostly letters of another script (Chinese,
    Cyrillic, Arabic...), or, from 20 words on, too few English function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", text.lower())
    letters = sum(map(len, words))
    if letters >= _MIN_LETTERS:
        foreign = sum(map(len, _NON_LATIN.findall(text))) / letters
        if foreign > 0.5:
            return [f"the text does not look like English ({min(foreign, 1.0):.0%} of its letters are not Latin); "
                    "results may be meaningless"]
    if len(words) < 20:
        return []
    share = sum(w in STOP_WORDS for w in words) / len(words)
    if share < 0.15:
        return [f"the text does not look like English ({share:.0%} English function words); "
                "results may be meaningless"]
    return []
