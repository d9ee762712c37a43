"""The `fabula` command line: analyze, schema (and the capabilities' own commands)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fabula import __version__
from fabula.rules import rules_id
from fabula.errors import InputError
from fabula.ingest import DEFAULT_MAX_BYTES
from fabula.limits import MAX_REQUEST_BYTES
from fabula.render.words import counted

# Plain help (rich_markup_mode=None): typer's rich panels print "<bool>" after every flag, as if it took a value,
# and cut long help lines short.
app = typer.Typer(help="Read a story and reconstruct what really happened in it.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


SUMMARY_WIDTH = 100
"""Columns of the summary written to a file or a pipe (a terminal gives its own width)."""


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fabula {__version__} (rules {rules_id()})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """fabula: cast, arc, timeline, reveal and belief ledger of a story."""


def writable(path: Path) -> None:
    """One error line and exit 2 unless a file can be written at `path` (checked before any slow work)."""
    if path.is_dir():
        fail(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        fail(f"cannot write {path}: the folder {path.parent} does not exist")


def write_to(path: Path, write: Callable[[Path], object]) -> None:
    """`guarded(write(target))`, where `write` writes the whole output to the file `target`: a new or regular
    file at `path` (or the file a link at `path` points to) is written beside it, with its permissions, and renamed
    into place, so a failure leaves what was there before, not an empty or half-written file; anything else
    (/dev/stdout, a pipe) is written in place. An OSError is one error line naming `path`, exit 2."""
    def attempt() -> None:
        final = path.resolve() if path.is_symlink() else path  # a link's file is written, the link kept
        in_place = final.exists() and not final.is_file()
        target = final if in_place else final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            write(target)
            if not in_place:
                if final.exists():
                    shutil.copymode(final, target)  # an output kept private stays private
                os.replace(target, final)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        finally:
            if not in_place:
                target.unlink(missing_ok=True)

    guarded(attempt)


def fail(message: str, code: int = 2) -> None:
    """Print one error line to stderr and exit with `code` (2: bad input, 1: internal error)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guarded(action):
    """Run `action()`; InputError or an OSError (a path that cannot be written, a scheduler that cannot be
    reached) -> one line and exit 2, any other exception -> one line and exit 1."""
    try:
        return action()
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        if os.environ.get("FABULA_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set FABULA_DEBUG=1 for the traceback)", code=1)


def to_stdout(write) -> None:
    """Run `write()` and flush stdout; a full disk or a closed stdout -> one line and exit 2."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader went away (`| head`): Python's own quiet handling applies
    except OSError as exc:
        fail(f"cannot write the output: {exc.strerror or exc}")


@app.command()
def analyze(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A .txt, .md or .html story; '-' reads stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Summary text or the full JSON.")]
    = OutputFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the output here instead of stdout.")]
    = None,
    max_bytes: Annotated[int, typer.Option(min=1, help="Refuse inputs larger than this many bytes.")]
    = DEFAULT_MAX_BYTES,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")]
    = None,
) -> None:
    """Analyze one story and print a summary (or --format json); --html also writes the HTML report."""
    import fabula
    from fabula.render import terminal

    for path in (out, html):
        if path is not None:
            writable(path)
    with terminal.progress("reading the story and loading the language model…"):
        analysis = guarded(lambda: fabula.analyze_file(file, max_bytes=max_bytes))
    if format is OutputFormat.json or out:  # else the summary on stdout shows the warnings itself
        for warning in analysis.info.warnings:
            typer.echo(f"warning: {warning}", err=True)
    if html:
        from fabula.render import html as report

        write_to(html, lambda target: report.write(analysis, target))
        typer.echo(f"wrote {html}", err=True)
    if format is OutputFormat.json:
        output = analysis.model_dump_json(indent=2) + "\n"
        if out:
            write_to(out, lambda target: target.write_text(output, encoding="utf-8"))
        else:
            to_stdout(lambda: sys.stdout.write(output))
        return
    if out:
        def write_summary(target: Path) -> None:
            with target.open("w", encoding="utf-8") as handle:
                terminal.render(analysis, Console(file=handle, width=SUMMARY_WIDTH, color_system=None))

        write_to(out, write_summary)
    else:  # piped: as wide as the file, not rich's 80 columns
        width = None if sys.stdout.isatty() else SUMMARY_WIDTH
        to_stdout(lambda: terminal.render(analysis, Console(width=width)))


@app.command()
def schema() -> None:
    """Print the JSON Schema of fabula's Analysis output."""
    from fabula.model import Analysis

    typer.echo(json.dumps(Analysis.model_json_schema(), indent=2))


@app.command("eval")
def eval_(
    folders: Annotated[list[Path], typer.Argument(metavar="FOLDER",
        help="Folders of <id>.txt (or .md, .html) + <id>.gold.json pairs (not recursive).")],
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON instead of tables.")] = False,
    speakers: Annotated[Path | None, typer.Option(
        help="Folder of <id>.speakers.json files: who says each quotation (scored as speaker_accuracy).")] = None,
) -> None:
    """Score fabula against gold annotations: per-story table and micro-averaged totals.

    A gold file that cannot be used is reported on stderr as one line and the
    other stories are still scored. Exit code 0 when at least one story was
    scored, 2 when none could be.
    """
    from fabula import evaluate

    report = guarded(lambda: evaluate.evaluate_dir(*folders, speakers=speakers))
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not report.stories:
        fail(f"no story in {', '.join(map(str, folders))} could be scored "
             "(expected <id>.txt, .md or .html + <id>.gold.json pairs)")
    if json_:
        typer.echo(json.dumps(report.to_json(), indent=2))
        return
    from fabula.render import evaluation

    evaluation.render(report, Console())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_bytes: Annotated[int, typer.Option(min=1, help="Refuse requests larger than this many bytes (413).")]
    = MAX_REQUEST_BYTES,
) -> None:
    """Run the web app: paste or upload a story, get the report; JSON API at /api/analyze, docs at /docs."""
    try:
        import uvicorn

        from fabula import server
    except ImportError as exc:
        fail(f"the web app needs the 'web' extra ({exc.name} is missing): pip install 'fabula[web]'")
    uvicorn.run(server.create_app(max_bytes=max_bytes), host=host, port=port)


# --------------------------------------------------------------------------- corpus mode (the `scale` extra)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def scaled(action):
    """`guarded`, plus a one-line error naming the `scale` extra when duckdb/pyarrow/dask are missing."""
    from fabula.corpus import MissingExtra

    def attempt():
        try:
            return action()
        except MissingExtra as exc:
            fail(str(exc))

    return guarded(attempt)


@app.command()
def corpus(
    input: Annotated[str, typer.Argument(metavar="INPUT", help=(
        "A folder of .txt/.md/.html files, a .jsonl file or a .parquet file."))],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the Parquet tables.")],
    workers: Annotated[int, typer.Option(min=1, help=(
        "Worker processes (dask: workers of a local cluster). Each takes a batch at a time (--batch-size), so fewer "
        "stories than one batch run on one worker."))] = 1,
    engine: Annotated[Engine, typer.Option(help="Run locally or on dask.distributed.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")]
    = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Stories per committed part.")] = 64,
    max_bytes: Annotated[int, typer.Option(min=1, help="Stories larger than this many bytes go to errors.")]
    = DEFAULT_MAX_BYTES,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    retry_errors: Annotated[bool, typer.Option(
        "--retry-errors", help="Analyze again the stories an earlier run put in errors (e.g. with a larger "
                               "--max-bytes).")] = False,
) -> None:
    """Analyze a corpus into Parquet tables; rerun the same command to resume after a crash."""
    from fabula.corpus.run import run_corpus

    if scheduler and engine is not Engine.dask:
        fail("--scheduler needs --engine dask")
    if out.exists() and not out.is_dir():
        fail(f"cannot write the corpus to {out}: it is a file, not a folder")
    try:
        summary = scaled(lambda: run_corpus(input, out, workers=workers, engine=engine.value, scheduler=scheduler,
                                            batch_size=batch_size, max_bytes=max_bytes, progress=progress,
                                            retry_errors=retry_errors))
    except KeyboardInterrupt:
        fail(f"interrupted; run the same command again to resume into {out}", code=130)
    rate = (summary.stories + summary.errors) / summary.seconds if summary.seconds else 0.0
    line = (f"{counted(summary.stories, 'story', 'stories')}, {counted(summary.errors, 'error')} in {summary.seconds:.1f} s "
            f"({rate:,.1f} stories/s, {summary.words / max(summary.seconds, 1e-9):,.0f} words/s) -> {out}")
    if summary.retried:
        line += f"; {counted(summary.retried, 'earlier error')} retried"
    if summary.skipped:
        line += f"; {summary.skipped:,} already done"
        if summary.skipped_errors:
            line += f" ({counted(summary.skipped_errors, 'error')} among them: --retry-errors runs them again)"
    typer.echo(line, err=True)
    if summary.errors or summary.skipped_errors:
        typer.echo(f"see the errors with: fabula query {out} \"SELECT id, stage, reason FROM errors\"", err=True)
    if summary.not_stories:
        typer.echo(f"warning: {counted(len(summary.not_stories), 'file')} in {input} skipped: not .txt, .md or .html "
                   f"(e.g. {summary.not_stories[0]})", err=True)
    if summary.duplicates:
        named = ", ".join(summary.duplicate_ids) + (", ..." if summary.duplicates > len(summary.duplicate_ids) else "")
        typer.echo(f"warning: {counted(summary.duplicates, 'story', 'stories')} skipped: their id appeared earlier "
                   f"in the input ({named}; ids are compared as text, so 7 and \"7\" are one id)", err=True)


def _cell(value):
    """A query value as a CSV or table cell: lists and structs (a JSON column, a DuckDB LIST or STRUCT) as JSON."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list, tuple)) else value


@app.command()
def query(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="A folder written by `fabula corpus`.")],
    sql: Annotated[str, typer.Argument(metavar="SQL", help=(
        "DuckDB SQL over the views stories, characters, quotes, claims, refutations, beliefs, time_expressions, "
        "media, errors, analyses."))],
    json_out: Annotated[bool, typer.Option("--json", help="Print the rows as a JSON list.")] = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print the rows as CSV.")] = False,
) -> None:
    """Run DuckDB SQL over a corpus's tables and print the result: a table on a terminal, CSV when piped (or as
    --json / --csv say)."""
    from fabula.corpus.query import run_query

    if json_out and csv_out:
        fail("use one of --json and --csv")
    columns, rows = scaled(lambda: run_query(folder, sql))
    if json_out:
        typer.echo(json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=2))
    elif csv_out or not sys.stdout.isatty():  # a table wrapped to a pipe's 80 columns is unreadable
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_cell(value) for value in row] for row in rows)
    else:
        from rich.table import Table

        table = Table(*columns)
        for row in rows:
            table.add_row(*("" if v is None else _cell(v) for v in row))
        Console().print(table)
        typer.echo(counted(len(rows), "row"), err=True)


@app.command()
def shapes(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="A folder written by `fabula corpus`.")],
) -> None:
    """Cluster the corpus's 100-point arcs (SVD) and report the modes and the six shapes; writes DIR/shapes.svg."""
    from fabula.corpus.shapes import NoArcs, shapes_of
    from fabula.render.charts import shapes_svg

    def report_or_none():
        try:
            return shapes_of(folder)
        except NoArcs as exc:
            typer.echo(str(exc))
            return None

    report = scaled(report_or_none)
    if report is None:
        return
    from rich.table import Table

    console = Console()
    console.print(f"{counted(report.arcs, 'arc')} ({counted(report.flat, 'flat arc')} left out) of "
                  f"{counted(report.stories, 'story', 'stories')}")
    modes = Table("mode", "variance", "shape", "negative shape", "stories", "stories (negative)",
                  title="Modes of the z-normalized arcs (SVD)")
    for mode in report.modes:
        modes.add_row(str(mode.index), f"{mode.variance:.1%}", mode.positive, mode.negative, str(mode.closest),
                      str(mode.closest_negative))
    console.print(modes)
    spread = Table("shape", "stories", "share", title="Stories per shape (the arc analyzer's verdict)")
    for name, n in report.distribution.items():
        spread.add_row(name, str(n), f"{n / max(report.arcs, 1):.1%}")
    console.print(spread)
    chart = folder / "shapes.svg"
    write_to(chart, lambda target: target.write_text(shapes_svg(report), encoding="utf-8"))
    typer.echo(f"chart: {chart}", err=True)


if __name__ == "__main__":  # python -m fabula.cli, as python -m fabula
    app()
