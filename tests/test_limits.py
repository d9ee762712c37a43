"""Input limits: past each one the input gets one InputError line that names the limit."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import fabula
from fabula import ingest, limits
from fabula.cli import app
from fabula.errors import InputError

STORY = ("Anna told Ben that she was leaving. “I never lied,” Ben said to Carl. "
         "Carl did not believe him. “You did,” Anna said. Ben left the house that night.")


def one_line_error(excinfo) -> str:
    message = str(excinfo.value)
    assert message and "\n" not in message
    return message


def test_the_documented_defaults_are_what_ingest_uses():
    assert ingest.DEFAULT_MAX_BYTES == limits.MAX_BYTES == 2_000_000
    for name in ("MAX_BYTES", "MAX_TEXT_CHARS", "MAX_SENTENCES", "MAX_QUOTES", "MAX_CHARACTERS", "MAX_MENTIONS"):
        assert f"{getattr(limits, name):,}" in limits.__doc__, name


def test_text_over_the_character_limit_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    with pytest.raises(InputError) as excinfo:
        fabula.analyze(STORY)
    assert "over the limit of 50 characters of text" in one_line_error(excinfo)


def test_bytes_over_the_limit_name_the_limit_and_the_option():
    with pytest.raises(InputError) as excinfo:
        ingest.read_bytes(b"word " * 1000, source="big.txt", max_bytes=4000)
    assert "big.txt is 5,000 bytes, over the limit of 4,000 bytes (raise it with --max-bytes)" == one_line_error(excinfo)


@pytest.mark.parametrize("name, limit, fragment", [
    ("MAX_SENTENCES", 4, "sentences, over the limit of 4 sentences"),
    ("MAX_CHARACTERS", 2, "characters in its cast, over the limit of 2 characters in its cast"),
    ("MAX_MENTIONS", 3, "character mentions, over the limit of 3 character mentions"),
    ("MAX_QUOTES", 1, "the story has 2 quotations, over the limit of 1 quotations"),
])
def test_analysis_limits_give_one_line_naming_the_limit(monkeypatch, name, limit, fragment):
    fabula.analyze(STORY)  # within the defaults
    monkeypatch.setattr(limits, name, limit)
    with pytest.raises(InputError) as excinfo:
        fabula.analyze(STORY)
    assert fragment in one_line_error(excinfo)


def test_the_cli_reports_a_limit_as_one_error_line(monkeypatch, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    monkeypatch.setattr(limits, "MAX_SENTENCES", 2)
    result = CliRunner().invoke(app, ["analyze", str(story)])
    assert result.exit_code == 2
    assert result.output.strip().endswith("over the limit of 2 sentences")
