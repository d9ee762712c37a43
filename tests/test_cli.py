"""The command line: analyze, schema, version, and a one-line error for every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import DREAM_JOB
from fabula.cli import app

runner = CliRunner()


def run(*args: str, stdin: bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_analyze_json_validates_against_the_printed_schema_and_reports_media():
    result = run("analyze", str(DREAM_JOB), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    schema = json.loads(run("schema").stdout)
    jsonschema.validate(document, schema)
    older = dict(document, schema_version="0.0.1")  # the schema names its one version
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(older, schema)
    assert "semantic versioning" in schema["properties"]["schema_version"]["description"]
    assert len(document["media"]) == 8
    assert sum(m["ai_generated"] for m in document["media"]) == 3
    assert len(document["sentences"]) > 100


def test_analyze_text_summary_and_out_file(tmp_path):
    out = tmp_path / "summary.txt"
    result = run("analyze", str(DREAM_JOB), "--out", str(out))
    assert result.exit_code == 0, result.output
    summary = out.read_text("utf-8")
    assert "Media (8, 3 AI-made)" in summary and "Midjourney" in summary


def test_analyze_reads_stdin_and_sniffs_html():
    page = b"<html><body><article><p>He left me. That is what I told everyone, for a very long time.</p>" \
           b"<figure><figcaption>A dog | Source: Pexels</figcaption></figure></article></body></html>"
    result = run("analyze", "-", "--format", "json", stdin=page)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["info"]["format"] == "html"
    assert document["media"][0]["credit"] == "Pexels"


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("fabula ")


def one_line_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", [b"", b"  \n\n \t\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    one_line_error(run("analyze", str(path)), 2, f"no story text found in {path}")


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    one_line_error(run("analyze", str(path)), 2, "binary data")


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("He left. " * 200, encoding="utf-8")
    one_line_error(run("analyze", str(path), "--max-bytes", "1000"), 2, "over the limit of 1,000 bytes", "--max-bytes")


def test_default_size_limit_is_2_mb(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"He left. " * 250_000)
    one_line_error(run("analyze", str(path)), 2, "over the limit of 2,000,000 bytes")


@pytest.mark.parametrize("name", ["missing.txt", "a-directory"])
def test_unreadable_path(tmp_path, name):
    (tmp_path / "a-directory").mkdir()
    one_line_error(run("analyze", str(tmp_path / name)), 2, "cannot read")


@pytest.mark.parametrize("option", ["--out", "--html"])
def test_an_output_path_that_cannot_be_written_is_one_line_before_any_analysis(tmp_path, option):
    one_line_error(run("analyze", str(DREAM_JOB), option, str(tmp_path / "missing" / "x")), 2,
                   "cannot write", "does not exist")
    one_line_error(run("analyze", str(DREAM_JOB), "--format", "json", option, str(tmp_path)), 2,
                   "cannot write", "it is a folder")


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc, which even root cannot write")
def test_a_write_that_fails_after_the_analysis_is_a_one_line_error():
    one_line_error(run("analyze", str(DREAM_JOB), "--out", "/proc/version"), 2, "/proc/version")


@pytest.mark.parametrize("size", ["0", "-5"])
def test_max_bytes_must_be_positive(size):
    result = run("analyze", str(DREAM_JOB), "--max-bytes", size)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_non_english_text_warns_and_still_analyzes(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Der Mann ging langsam durch die Straße und dachte an seine Frau, die er seit Jahren nicht "
                    "mehr gesehen hatte. Niemand wusste, wohin sie gegangen war, und niemand fragte danach.",
                    encoding="utf-8")
    result = run("analyze", str(path), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: the text does not look like English")
    assert json.loads(result.stdout)["sentences"]


def test_a_story_from_stdin_is_untitled_in_the_summary_and_the_report(tmp_path):
    result = run("analyze", "-", "--html", str(tmp_path / "r.html"), stdin=b"He left me. I stayed in the house.")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "untitled story"
    assert "<title>Untitled story" in (tmp_path / "r.html").read_text("utf-8")


def test_a_full_disk_or_a_closed_stdin_is_one_error_line(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("He left me. I stayed in the house and waited. " * 12, encoding="utf-8")  # no warning: long enough
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "fabula", "analyze", str(story), "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 2 and done.stderr.strip() == "error: cannot write the output: No space left on device"
    closed = subprocess.run([sys.executable, "-m", "fabula", "analyze", "-"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, close_fds=True, pass_fds=(),
                            preexec_fn=lambda: __import__("os").close(0))
    assert closed.returncode == 2 and closed.stderr.strip() == "error: cannot read stdin: it is closed"


def test_empty_stdin_is_named_stdin():
    one_line_error(run("analyze", "-", stdin=b""), 2, "no story text found in stdin")


def test_console_script_gives_no_traceback(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "fabula", "analyze", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: no story text found in {path}"


def test_a_file_name_that_is_not_utf8_gives_json_and_a_report(tmp_path):
    path = tmp_path / os.fsdecode(b"ferry\xff.txt")
    path.write_text("The ferry left at noon. Ilse stayed on the pier until dark.", encoding="utf-8")
    result = run("analyze", str(path), "--format", "json", "--html", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["info"]["source"].endswith("ferry\\xff.txt")
    assert "ferry\\xff.txt" in (tmp_path / "r.html").read_text("utf-8")


def test_a_report_that_fails_midway_leaves_the_earlier_file_whole(tmp_path, monkeypatch):
    from fabula.render import html

    def half_then_fail(analysis, path):
        Path(path).write_text("<half", encoding="utf-8")
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(html, "write", half_then_fail)
    story, earlier = tmp_path / "story.txt", tmp_path / "earlier.html"
    story.write_text("The ferry left at noon. Ilse stayed on the pier until dark.", encoding="utf-8")
    earlier.write_text("the earlier report", encoding="utf-8")
    one_line_error(run("analyze", str(story), "--html", str(earlier)), 1, "internal error", "the renderer broke")
    assert earlier.read_text("utf-8") == "the earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["earlier.html", "story.txt"]


def test_a_warning_shows_once_with_the_terminal_summary(tmp_path):
    path = tmp_path / "nl.txt"
    path.write_text("De veerboot vertrok om twaalf uur en Ilse bleef op de pier staan tot het donker werd, want zij "
                    "wachtte op haar broer die niet meer terugkwam uit de stad waar hij werkte.", encoding="utf-8")
    result = run("analyze", str(path))
    assert result.exit_code == 0, result.output
    assert (result.stdout + result.stderr).count("does not look like English") == 1


def test_text_over_the_character_limit_says_that_limit_is_fixed(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"Ilse waited. " * 160_000)  # 2,080,000 characters, under the raised byte limit
    one_line_error(run("analyze", str(path), "--max-bytes", "3000000"), 2,
                   "over the limit of 2,000,000 characters of text (a fixed limit, which --max-bytes does not raise)")


def test_the_readme_names_the_current_schema_version():
    from pathlib import Path

    from fabula.model import SCHEMA_VERSION

    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert f"`schema_version` (now {SCHEMA_VERSION};" in readme


def test_an_output_through_a_link_or_kept_private_keeps_the_link_and_the_permissions(tmp_path):
    real, link = tmp_path / "real.json", tmp_path / "link.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link.symlink_to(real)
    result = run("analyze", str(DREAM_JOB), "--format", "json", "--out", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and json.loads(real.read_text("utf-8"))["schema_version"]
    assert real.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]  # no temporary file left


@pytest.mark.parametrize("command", ["analyze", "eval", "corpus", "query", "serve", "shapes"])
def test_help_shows_flags_without_a_value_and_its_lines_whole(command):
    result = subprocess.run([sys.executable, "-m", "fabula", command, "--help"], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "100"})
    assert result.returncode == 0 and "--help" in result.stdout
    assert "<bool>" not in result.stdout and "…" not in result.stdout


def test_a_piped_summary_is_as_wide_as_one_written_to_a_file(tmp_path):
    piped = subprocess.run([sys.executable, "-m", "fabula", "analyze", str(DREAM_JOB)], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "COLUMNS"})
    out = tmp_path / "summary.txt"
    assert run("analyze", str(DREAM_JOB), "-o", str(out)).exit_code == 0
    assert piped.returncode == 0 and piped.stdout == out.read_text("utf-8")
    assert max(map(len, piped.stdout.splitlines())) > 80
