"""Corpus input, streamed: a folder of story files, a JSONL file or a Parquet file -> Items.

Nothing here holds the whole corpus: folders are walked, JSONL is read line by line,
Parquet batch by batch. Story ids are the relative path (folders) or the `id` field.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fabula.errors import InputError
from fabula.ingest import EXTENSIONS as STORY_SUFFIXES, safe_name, too_big


@dataclass(frozen=True, slots=True)
class Item:
    """One story to analyze: raw bytes (files) or text (JSONL, Parquet), or an error met reading it."""

    id: str
    fmt: str | None = None
    data: bytes | None = None
    text: str | None = None
    metadata: str | None = None
    error: tuple[str, str] | None = None


HEAD_BYTES = 65_536


class Source:
    """A corpus input; `ids()` is a cheap pre-pass for the progress bar, `items()` streams."""

    kind = ""

    def __init__(self, path: Path, max_bytes: int, exclude: Path | None = None):
        self.path = path
        self.max_bytes = max_bytes
        self.exclude = exclude.resolve() if exclude else None

    def ids(self) -> Iterator[str]:
        """The id of every input story, repeats included, in input order: the ids `items()` gives them."""
        raise NotImplementedError

    def identity(self, head: int = HEAD_BYTES) -> dict:
        """What identifies the input cheaply: its resolved path and kind, and for a file the length and SHA-256 of
        its first `head` bytes (which a file that only grew at its end keeps)."""
        found: dict = {"input": str(self.path.resolve()), "kind": self.kind}
        if self.path.is_file():
            with open(self.path, "rb") as handle:
                data = handle.read(head)
            found.update(head_bytes=len(data), head_sha256=hashlib.sha256(data).hexdigest())
        return found

    def not_stories(self) -> list[str]:
        """The input's files that are not read as stories (a folder's other files); none for a single file."""
        return []

    def items(self, skip: set[str]) -> Iterator[Item]:
        """Every input story whose id is not in `skip`, in input order."""
        raise NotImplementedError


def open_source(path: str | Path, max_bytes: int, exclude: Path | None = None) -> Source:
    """The Source for a folder, a .jsonl/.ndjson(.gz) file or a .parquet file."""
    p = Path(path)
    name = p.name.lower()
    if p.is_dir():
        return Folder(p, max_bytes, exclude)
    if not p.exists():
        raise InputError(f"cannot read {path}: no such file or directory")
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return JsonLines(p, max_bytes)
    if name.endswith((".parquet", ".pq")):
        return ParquetSource(p, max_bytes)
    raise InputError(f"cannot read a corpus from {path}: give a folder, a .jsonl file or a .parquet file")


class Folder(Source):
    """Story files (.txt, .md, .html, ...) anywhere under a folder; hidden entries are skipped."""

    kind = "folder"

    def _files(self) -> Iterator[tuple[str, Path]]:
        """(id, path) of every file that is not hidden, story or not, in walk order."""
        for top, dirs, files in os.walk(self.path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and (self.exclude is None or Path(top, d).resolve() != self.exclude))
            for name in sorted(files):
                if not name.startswith("."):
                    full = Path(top, name)
                    yield safe_name(full.relative_to(self.path).as_posix()), full

    def _paths(self) -> Iterator[tuple[str, Path]]:
        return ((story_id, full) for story_id, full in self._files() if full.suffix.lower() in STORY_SUFFIXES)

    def ids(self) -> Iterator[str]:
        return (story_id for story_id, _ in self._paths())

    def not_stories(self) -> list[str]:
        return [story_id for story_id, full in self._files() if full.suffix.lower() not in STORY_SUFFIXES]

    def items(self, skip: set[str]) -> Iterator[Item]:
        for story_id, full in self._paths():
            if story_id not in skip:
                yield self._read(story_id, full)

    def _read(self, story_id: str, full: Path) -> Item:
        fmt = STORY_SUFFIXES[full.suffix.lower()]
        try:
            if not full.is_file():  # a FIFO or device would block or never end
                return Item(story_id, fmt, error=("input", f"cannot read {story_id}: it is not a regular file"))
            size = full.stat().st_size
            if size > self.max_bytes:
                return Item(story_id, fmt, error=("ingest", too_big(story_id, size, self.max_bytes)))
            return Item(story_id, fmt, data=full.read_bytes())
        except OSError as exc:
            return Item(story_id, fmt, error=("input", f"cannot read {story_id}: {exc.strerror or exc}"))


class JsonLines(Source):
    """One JSON object per line: {"id", "text", ...metadata}."""

    kind = "jsonl"

    def _lines(self) -> Iterator[tuple[int, bytes]]:
        opener = gzip.open if self.path.name.lower().endswith(".gz") else open
        with opener(self.path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield number, line

    def ids(self) -> Iterator[str]:
        return (self._item(number, line).id for number, line in self._lines())

    def items(self, skip: set[str]) -> Iterator[Item]:
        for number, line in self._lines():
            item = self._item(number, line)
            if item.id not in skip:
                yield item

    def _item(self, number: int, line: bytes) -> Item:
        where = f"line {number}"
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as exc:
            return Item(where, error=("input", f"{where} is not valid JSON: {exc}"))
        if not isinstance(record, dict):
            return Item(where, error=("input", f"{where} is not a JSON object"))
        if record.get("id") in (None, ""):
            return Item(where, error=("input", f"{where} has no id"))
        story_id = safe_name(str(record.pop("id")))
        text = record.pop("text", None)
        if not isinstance(text, str):
            return Item(story_id, error=("input", f"{story_id} ({where}) has no text string"))
        return Item(story_id, fmt=_format_of(record), text=text, metadata=_metadata(record))


class ParquetSource(Source):
    """A Parquet file with `id` and `text` columns; every other column is metadata."""

    kind = "parquet"

    def _file(self):
        from fabula.corpus import require

        pq = require("pyarrow.parquet")
        try:
            handle = pq.ParquetFile(self.path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds for a bad file
            raise InputError(f"cannot read {self.path} as Parquet: {exc}") from None
        missing = {"id", "text"} - set(handle.schema_arrow.names)
        if missing:
            raise InputError(f"{self.path} lacks the column(s) {', '.join(sorted(missing))}")
        return handle

    def ids(self) -> Iterator[str]:
        row = 0
        for batch in self._file().iter_batches(batch_size=4096, columns=["id"]):
            for story_id in batch.column(0).to_pylist():
                row += 1
                yield _row_id(row, story_id)

    def items(self, skip: set[str]) -> Iterator[Item]:
        row = 0
        for batch in self._file().iter_batches(batch_size=256):
            for record in batch.to_pylist():
                row += 1
                value = record.pop("id")
                story_id = _row_id(row, value)
                if value in (None, ""):
                    yield Item(story_id, error=("input", f"{story_id} has no id"))
                    continue
                if story_id in skip:
                    continue
                text = record.pop("text")
                if not isinstance(text, str):
                    yield Item(story_id, error=("input", f"{story_id} has no text"))
                    continue
                yield Item(story_id, fmt=_format_of(record), text=text, metadata=_metadata(record))


def _row_id(row: int, value) -> str:
    """A Parquet row's story id: its `id` as text, or "row N" (from 1) when it has none."""
    return f"row {row}" if value in (None, "") else str(value)


def _format_of(record: dict) -> str | None:
    """An explicit 'format' field ('text', 'markdown', 'html') when given; else ingest sniffs."""
    fmt = record.get("format")
    return fmt if fmt in ("text", "markdown", "html") else None


def _metadata(record: dict) -> str | None:
    """The record's other fields as JSON text; a lone surrogate (JSON allows "\\ud800") stays a JSON escape."""
    if not record:
        return None
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                               json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
