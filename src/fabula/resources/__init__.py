"""Small closed-class cue lists, each file noting its source.

`data_lines(name)` -> the file's lines, stripped, without blank lines and `#` comment lines.
"""

from __future__ import annotations

from importlib import resources


def data_lines(name: str) -> list[str]:
    """The data lines of resources/<name>: stripped, blank lines and lines starting with '#' left out."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
