"""The output folder: parts committed atomically, the manifest they form, and crash recovery.

A batch is committed as one part number N: each table's rows go to
`DIR/<table>/part-N.parquet` and the analyses to `DIR/analyses/part-N.jsonl.gz`,
each written to a temporary name, fsynced and renamed; then the marker
`DIR/_parts/part-N.json` (listing those files) is written the same way. A part
exists only once its marker does: files no marker lists were in flight when a
run died (or were dropped by `forget_errors`), and `recover()` deletes them before
the next run redoes their stories. The done ids are read back from the committed
stories and errors parts.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fabula import __version__
from fabula.corpus import tables
from fabula.errors import InputError
from fabula.rules import rules_id

MARKERS = "_parts"
INPUT = "_input.json"
ANALYSES = "analyses"
_PART = re.compile(r"^part-(\d+)\.")


class Store:
    """The parts of one corpus output folder."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._markers: list[dict] | None = None

    @classmethod
    def existing(cls, root: str | Path) -> "Store":
        """The Store of a folder that `fabula corpus` wrote; InputError for any other path."""
        store = cls(root)
        if not (store.root / MARKERS).is_dir():
            raise InputError(f"{root} is not a fabula corpus folder (no {MARKERS}/ in it); "
                             "create one with `fabula corpus INPUT --out DIR`")
        return store

    # ------------------------------------------------------------------ reading

    def markers(self) -> list[dict]:
        """The committed parts' markers, in part order (read once; commits keep the list current)."""
        if self._markers is None:
            folder = self.root / MARKERS
            paths = sorted(folder.glob("part-*.json")) if folder.is_dir() else []
            self._markers = [json.loads(path.read_text("utf-8")) for path in paths]
        return self._markers

    def files(self, table: str) -> list[Path]:
        """The committed files of a table ('analyses' for the JSONL), in part order."""
        return [self.root / f for m in self.markers() for f in m["files"] if f.split("/")[0] == table]

    def error_count(self) -> int:
        """How many committed stories are in `errors` (from the markers, without reading the tables)."""
        return sum(m["errors"] for m in self.markers())

    def done_ids(self) -> set[str]:
        """Ids already present in the committed stories or errors parts."""
        import pyarrow.parquet as pq

        done: set[str] = set()
        for marker in self.markers():
            for name in marker["files"]:
                table = name.split("/")[0]
                if table in ("stories", "errors"):
                    column = "id"
                    done.update(pq.read_table(self.root / name, columns=[column]).column(column).to_pylist())
        return done

    # ------------------------------------------------------------------ writing

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold an exclusive lock on the folder for the block, released however it ends (the OS releases it if the
        process dies)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise InputError(f"another fabula corpus run is writing to {self.root}") from None
            yield

    def check_version(self) -> None:
        """InputError unless every committed part has this fabula's tables version and rules (a resume never mixes
        schemas, nor the results of two sets of rules); a part written before parts recorded their rules passes."""
        found = sorted({str(m.get("tables_version")) for m in self.markers()} - {tables.TABLES_VERSION})
        if found:
            raise InputError(f"{self.root} holds tables version {', '.join(found)}, written by another version of "
                             f"fabula, and this one writes version {tables.TABLES_VERSION}: give a new --out (or "
                             "finish that run with the fabula that started it)")
        rules = sorted({m["rules"] for m in self.markers() if m.get("rules")} - {rules_id()})
        if rules:
            raise InputError(f"{self.root} holds stories analysed by fabula rules {', '.join(rules)}, and this fabula "
                             f"has rules {rules_id()}: the results would mix two sets of rules. Give a new --out (or "
                             "finish that run with the fabula that started it)")

    def check_input(self, source) -> None:
        """Record `source`'s identity in a folder with no parts yet; InputError when the parts came from another
        input, from a file whose beginning has changed since (a file that only grew resumes), or from an input no
        longer recorded."""
        path = self.root / INPUT
        if not self.markers():
            self._write(INPUT, json.dumps(source.identity()).encode("utf-8"))
            return
        if not path.exists():
            raise InputError(f"{self.root} holds stories but no {INPUT} saying from which input: give a new --out")
        try:
            recorded = json.loads(path.read_text("utf-8"))
            current = source.identity(recorded.get("head_bytes", 0))
            other = (recorded["input"], recorded["kind"]) != (current["input"], current["kind"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"cannot read {path} ({exc}): give a new --out") from None
        if other:
            raise InputError(f"{self.root} holds the stories of {recorded['input']}, not of {current['input']}: "
                             f"give a new --out for {current['input']} (the same --out resumes only "
                             f"{recorded['input']})")
        if current != recorded:
            raise InputError(f"{current['input']} has changed since {self.root} was started from it (its first "
                             f"{recorded['head_bytes']:,} bytes differ): give a new --out (an input file may only "
                             "grow at its end between runs)")

    def recover(self) -> int:
        """Delete the part files no marker lists (a dead run's, dropped errors); return the next free part number."""
        listed = {f for m in self.markers() for f in m["files"]}
        listed |= {f"{MARKERS}/part-{m['part']:06d}.json" for m in self.markers()}
        highest = max((m["part"] for m in self.markers()), default=-1)
        for folder in (*tables.TABLES, ANALYSES, MARKERS):
            for path in (self.root / folder).glob("*") if (self.root / folder).is_dir() else ():
                match = _PART.match(path.name)
                if path.name.endswith(".tmp") or (match and f"{folder}/{path.name}" not in listed):
                    path.unlink()
                if match:
                    highest = max(highest, int(match.group(1)))
        return highest + 1

    def forget_errors(self) -> int:
        """Uncommit every `errors` row, so that a run analyzes those stories again; return how many there were.

        Each marker is rewritten without its errors file before the file is deleted: a run that dies
        in between leaves an unlisted file, which `recover()` deletes."""
        forgotten = 0
        for marker in self.markers():
            dropped = [f for f in marker["files"] if f.split("/")[0] == "errors"]
            if not dropped:
                continue
            forgotten += marker["errors"]
            marker["files"] = [f for f in marker["files"] if f not in dropped]
            marker["errors"] = 0
            self._write(f"{MARKERS}/part-{marker['part']:06d}.json", json.dumps(marker).encode("utf-8"))
            for name in dropped:
                (self.root / name).unlink(missing_ok=True)
        return forgotten

    def commit(self, part: int, batch) -> None:
        """Write a Batch as part `part`: data files first, the marker last."""
        stem = f"part-{part:06d}"
        files: list[str] = []
        for table, data in batch.tables.items():
            files.append(self._write(f"{table}/{stem}.parquet", data))
        if batch.analyses:
            files.append(self._write(f"{ANALYSES}/{stem}.jsonl.gz", batch.analyses))
        marker = {"part": part, "files": files, "stories": batch.stories, "errors": batch.errors,
                  "tables_version": tables.TABLES_VERSION, "fabula": __version__, "rules": rules_id()}
        self._write(f"{MARKERS}/{stem}.json", json.dumps(marker).encode("utf-8"))
        if self._markers is not None:
            self._markers.append(marker)

    def _write(self, name: str, data: bytes) -> str:
        final = self.root / name
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(final.name + ".tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        return name
