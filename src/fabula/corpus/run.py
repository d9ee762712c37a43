"""The engines: the same per-partition work (work.process_batch) run in this process, in a pool
of local processes, or on a dask.distributed cluster; results are committed as they arrive.

Memory stays flat: the input is streamed, at most `2 x workers` batches are in flight,
and every finished batch is written out and dropped.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from fabula.corpus import require
from fabula.errors import InputError
from fabula.ingest import DEFAULT_MAX_BYTES
from fabula.render.words import counted


NAMED_DUPLICATES = 5


@dataclass
class Summary:
    stories: int = 0
    errors: int = 0
    words: int = 0
    skipped: int = 0
    skipped_errors: int = 0
    retried: int = 0
    duplicates: int = 0
    duplicate_ids: list[str] = field(default_factory=list)  # the first NAMED_DUPLICATES ids dropped as repeats
    seconds: float = 0.0
    not_stories: list[str] = field(default_factory=list)  # the input's files that are no story files


def run_corpus(
    source_path: str | Path, out: str | Path, *, workers: int = 1, engine: str = "local",
    scheduler: str | None = None, batch_size: int = 64, max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True, retry_errors: bool = False,
) -> Summary:
    """Analyze every story of `source_path` not yet committed in `out` (with `retry_errors`, also those
    committed as errors); return what this run did."""
    require("pyarrow")
    if engine == "dask":
        require("dask.distributed")
    from fabula.corpus.sources import open_source
    from fabula.corpus.store import Store

    out = Path(out)
    store = Store(out)
    source = open_source(source_path, max_bytes, exclude=out)
    ids, not_stories = set(source.ids()), source.not_stories()
    if not ids:
        n = len(not_stories)
        others = f" ({counted(n, 'other file')}, e.g. {not_stories[0]})" if n else ""
        raise InputError(f"no stories in {source_path}{others}: give .txt, .md or .html files, or JSONL or Parquet "
                         "rows with an id and a text")
    with store.locked():
        store.check_version()
        store.check_input(source)
        retried = store.forget_errors() if retry_errors else 0
        next_part = store.recover()
        done = store.done_ids()
        summary = Summary(skipped=len(done), skipped_errors=store.error_count(), retried=retried,
                          not_stories=not_stories)
        batches = _batches(source.items(done), batch_size, summary)
        if engine == "local" and workers == 1:
            from fabula.corpus.work import warm_up

            warm_up()
        total = len(ids - done)  # what will run: each id once, none already done
        del ids
        started = time.perf_counter()
        with _Progress(total, enabled=progress) as bar:
            def commit(part: int, batch) -> None:
                store.commit(part, batch)
                summary.stories += batch.stories
                summary.errors += batch.errors
                summary.words += batch.words
                bar.advance(batch.stories + batch.errors)

            numbered = ((next_part + i, items) for i, items in enumerate(batches))
            if engine == "dask":
                _on_dask(numbered, commit, workers, scheduler, max_bytes)
            elif workers > 1:
                _on_processes(numbered, commit, workers, max_bytes)
            else:
                from fabula.corpus.work import process_batch

                for part, items in numbered:
                    commit(part, process_batch(items, max_bytes))
        summary.seconds = time.perf_counter() - started
        return summary


def _batches(items, size: int, summary: Summary) -> Iterator[list]:
    """Group items into lists of `size`, dropping ids seen earlier in this input (counted, the first few named)."""
    seen: set[str] = set()

    def fresh():
        for item in items:
            if item.id in seen:
                summary.duplicates += 1
                if len(summary.duplicate_ids) < NAMED_DUPLICATES:
                    summary.duplicate_ids.append(item.id)
                continue
            seen.add(item.id)
            yield item
    stream = fresh()
    while chunk := list(islice(stream, size)):
        yield chunk


def _on_processes(numbered, commit, workers: int, max_bytes: int) -> None:
    """A spawn pool of `workers` processes, each loading the model once; recycled now and then.

    Ctrl-C reaches every process of the terminal's group, but the workers are started with SIGINT blocked: the
    parent alone is interrupted, ends the workers (their batches are not committed: a rerun does them again) and
    lets the command say so in one line.
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from fabula.corpus.work import process_batch

    others = set(multiprocessing.active_children())  # a caller's own processes, which an interrupt leaves alone
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_pool_worker, initargs=(os.getpid(),), max_tasks_per_child=500)
    pending: dict = {}
    try:
        for part, items in numbered:
            with _sigint_blocked():  # what submit starts (a worker, the thread that replaces them) inherits it
                pending[pool.submit(process_batch, items, max_bytes)] = part
            while len(pending) >= 2 * workers:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    commit(pending.pop(future), future.result())
        for future in list(pending):
            commit(pending.pop(future), future.result())
    except KeyboardInterrupt:
        for process in set(multiprocessing.active_children()) - others:
            process.terminate()
        raise
    except BrokenProcessPool as exc:
        raise RuntimeError(f"a worker process died ({exc}); the stories committed so far are kept: run the same "
                           "command again to resume") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread for the block (a process or thread started meanwhile keeps it blocked); one
    that arrives meanwhile is delivered after it."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _pool_worker(parent: int) -> None:
    """Initializer of a pool process: exit when the parent dies (even by SIGKILL), then load the model."""
    import threading

    from fabula.corpus.work import warm_up

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="fabula-parent-watch").start()
    warm_up()


def _on_dask(numbered, commit, workers: int, scheduler: str | None, max_bytes: int) -> None:
    """The same work on dask.distributed: a cluster at `scheduler`, else a LocalCluster of processes."""
    distributed = require("dask.distributed")
    from fabula.corpus.work import process_batch, warm_up

    cluster = None
    if scheduler:
        client = distributed.Client(scheduler)
    else:
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
    try:
        client.run(warm_up)
        window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        pending = distributed.as_completed()
        parts: dict = {}
        for part, items in numbered:
            future = client.submit(process_batch, items, max_bytes, pure=False)
            parts[future.key] = part
            pending.add(future)
            while pending.count() >= window:
                _commit_next(pending, parts, commit)
        while pending.count():
            _commit_next(pending, parts, commit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _commit_next(pending, parts: dict, commit) -> None:
    future = next(pending)
    commit(parts.pop(future.key), future.result())
    future.release()


class _Progress:
    """A rich progress bar on stderr: stories done, stories/s and ETA, both from the average rate since the start
    (rich's own estimate reads the last few updates, and batches that finish in pairs made it run fast)."""

    def __init__(self, total: int, enabled: bool):
        self.enabled = enabled
        self.total = total
        if enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn)

            self.progress = Progress(
                SpinnerColumn(), TextColumn("corpus"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} stories/s"), TimeElapsedColumn(), TextColumn("ETA {task.fields[eta]}"),
                console=Console(file=sys.stderr), transient=False)
            self.task = self.progress.add_task("corpus", total=total, rate="-", eta="-:--:--")
            self.started = time.perf_counter()
            self.count = 0

    def __enter__(self):
        if self.enabled:
            self.progress.start()
        return self

    def advance(self, n: int) -> None:
        if self.enabled:
            self.count += n
            rate = self.count / max(time.perf_counter() - self.started, 1e-9)
            self.progress.update(self.task, advance=n, rate=f"{rate:,.1f}",
                                 eta=eta(max(self.total - self.count, 0), rate))

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.progress.stop()


def eta(remaining: int, rate: float) -> str:
    """Stories left and the average rate (stories/s) -> the time left as H:MM:SS ('-:--:--' without a rate)."""
    if rate <= 0:
        return "-:--:--"
    seconds = round(remaining / rate)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
