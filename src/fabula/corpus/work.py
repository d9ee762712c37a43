"""The per-partition work, the same on every engine: a batch of Items -> a Batch of table parts.

Runs in a worker process (local pool or dask worker); the spaCy model is loaded
once per process by fabula.nlp. One story's failure becomes an errors row and
never costs the others.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field

from fabula import ingest, nlp, pipeline
from fabula.corpus import tables
from fabula.corpus.sources import Item
from fabula.errors import InputError
from fabula.model import Story

NLP_BATCH = 16


@dataclass
class Batch:
    """The committed form of a batch: Parquet bytes per non-empty table and the gzip JSONL of analyses."""

    tables: dict[str, bytes] = field(default_factory=dict)
    analyses: bytes = b""
    stories: int = 0
    errors: int = 0
    words: int = 0


def warm_up() -> None:
    """Load the spaCy pipeline in this process (a worker initializer)."""
    nlp.load_pipeline()


def process_batch(items: list[Item], max_bytes: int) -> Batch:
    """Ingest, parse (nlp.pipe), analyze and tabulate a batch of stories."""
    rows: dict[str, list[dict]] = {name: [] for name in tables.TABLES}
    lines: list[str] = []
    ready: list[tuple[Item, Story]] = []
    batch = Batch()
    for item in items:
        if item.error:
            rows["errors"].append(tables.error_row(item.id, *item.error))
            continue
        try:
            ready.append((item, _ingest(item, max_bytes)))
        except InputError as exc:
            rows["errors"].append(tables.error_row(item.id, "ingest", exc))
        except Exception as exc:  # noqa: BLE001 - one story's failure never costs the others
            rows["errors"].append(tables.error_row(item.id, "ingest", _internal(exc)))
    for (item, story), (doc, failure) in zip(ready, _parsed([s for _, s in ready])):
        if failure is not None:
            rows["errors"].append(tables.error_row(item.id, "parse", _internal(failure)))
            continue
        try:
            analysis = pipeline.build(story, doc)
        except Exception as exc:  # noqa: BLE001
            rows["errors"].append(tables.error_row(item.id, "analyze", _internal(exc)))
            continue
        try:
            story_rows = tables.rows_of(item.id, item.metadata, analysis)
            line = tables.analysis_line(item.id, item.metadata, analysis)
        except Exception as exc:  # noqa: BLE001
            rows["errors"].append(tables.error_row(item.id, "tables", _internal(exc)))
            continue
        for name, extra in story_rows.items():
            rows[name].extend(extra)
        lines.append(line)
        batch.words += analysis.info.words
    batch.tables = {name: tables.to_parquet(name, found) for name, found in rows.items() if found}
    batch.analyses = gzip.compress("".join(lines).encode("utf-8"), compresslevel=5) if lines else b""
    batch.stories, batch.errors = len(lines), len(rows["errors"])
    return batch


def _ingest(item: Item, max_bytes: int) -> Story:
    if item.data is not None:
        return ingest.read_bytes(item.data, source=item.id, fmt=item.fmt, max_bytes=max_bytes)
    size = len(item.text.encode("utf-8", "surrogatepass"))  # read_text replaces lone surrogates, with a warning
    if size > max_bytes:
        raise InputError(ingest.too_big(item.id, size, max_bytes))
    return ingest.read_text(item.text, source=item.id, fmt=item.fmt)


def _parsed(stories: list[Story]) -> Iterator[tuple[object, Exception | None]]:
    """(doc, None) per story in order, batched with nlp.pipe; after a failure, one by one."""
    done = 0
    try:
        for _, doc in nlp.parse_many(stories, batch_size=NLP_BATCH):
            yield doc, None
            done += 1
    except Exception:  # noqa: BLE001 - find the story that failed and parse the rest alone
        for story in stories[done:]:
            try:
                yield nlp.parse(story), None
            except Exception as exc:  # noqa: BLE001
                yield None, exc


def _internal(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
