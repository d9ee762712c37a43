"""The `fabula` command line: analyze, schema (and the capabilities' own commands)."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fabula import __version__
from fabula.errors import InputError
from fabula.ingest import DEFAULT_MAX_BYTES

app = typer.Typer(help="Read a story and reconstruct what really happened in it.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fabula {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """fabula: cast, arc, timeline, reveal and belief ledger of a story."""


def fail(message: str, code: int = 2) -> None:
    """Print one error line to stderr and exit with `code` (2: bad input, 1: internal error)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guarded(action):
    """Run `action()`; InputError -> exit 2, any other exception -> one line and exit 1."""
    try:
        return action()
    except InputError as exc:
        fail(str(exc))
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        if os.environ.get("FABULA_DEBUG"):
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (set FABULA_DEBUG=1 for the traceback)", code=1)


@app.command()
def analyze(
    file: Annotated[str, typer.Argument(help="A .txt, .md or .html story; '-' reads stdin.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Summary text or the full JSON.")]
    = OutputFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the output here instead of stdout.")]
    = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a self-contained HTML report here.")]
    = None,
) -> None:
    """Analyze one story and print a summary (or --format json); --html also writes the HTML report."""
    import fabula
    from fabula.render import terminal

    with terminal.progress("reading the story and loading the language model…"):
        analysis = guarded(lambda: fabula.analyze_file(file, max_bytes=max_bytes))
    for warning in analysis.info.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if html:
        from fabula.render import html as report

        guarded(lambda: report.write(analysis, html))
        typer.echo(f"wrote {html}", err=True)
    if format is OutputFormat.json:
        output = analysis.model_dump_json(indent=2) + "\n"
        if out:
            out.write_text(output, encoding="utf-8")
        else:
            sys.stdout.write(output)
        return
    if out:
        with out.open("w", encoding="utf-8") as handle:
            terminal.render(analysis, Console(file=handle, width=100, color_system=None))
    else:
        terminal.render(analysis, Console())


@app.command()
def schema() -> None:
    """Print the JSON Schema of fabula's Analysis output."""
    from fabula.model import Analysis

    typer.echo(json.dumps(Analysis.model_json_schema(), indent=2))


@app.command("eval")
def eval_(
    folder: Annotated[Path, typer.Argument(help="A folder of <id>.txt + <id>.gold.json pairs (not recursive).")],
    json_: Annotated[bool, typer.Option("--json", help="Print the scores as JSON instead of tables.")] = False,
) -> None:
    """Score fabula against gold annotations: per-story table and micro-averaged totals.

    A gold file that cannot be used is reported on stderr as one line and the
    other stories are still scored. Exit code 0 when at least one story was
    scored, 2 when none could be.
    """
    from fabula import evaluate

    report = guarded(lambda: evaluate.evaluate_dir(folder))
    for error in report.errors:
        typer.echo(f"error: {error}", err=True)
    if not report.stories:
        fail(f"no story in {folder} could be scored (expected <id>.txt + <id>.gold.json pairs)")
    if json_:
        typer.echo(json.dumps(report.to_json(), indent=2))
        return
    from fabula.render import evaluation

    evaluation.render(report, Console())
@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_bytes: Annotated[int, typer.Option(help="Refuse requests larger than this many bytes (413).")]
    = DEFAULT_MAX_BYTES,
) -> None:
    """Run the web app: paste or upload a story, get the report; JSON API at /api/analyze, docs at /docs."""
    try:
        import uvicorn

        from fabula import server
    except ImportError as exc:
        fail(f"the web app needs the 'web' extra ({exc.name} is missing): pip install 'fabula[web]'")
    uvicorn.run(server.create_app(max_bytes=max_bytes), host=host, port=port)
