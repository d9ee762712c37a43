"""fabula: read a story and reconstruct what really happened in it.

    >>> import fabula
    >>> analysis = fabula.analyze("He left me. That's what I told everyone.")
    >>> [s.text for s in analysis.sentences]
    ['He left me.', "That's what I told everyone."]
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from fabula import ingest, pipeline
from fabula.errors import InputError
from fabula.model import SCHEMA_VERSION, Analysis, Format

__version__ = version("fabula")
__all__ = ["Analysis", "InputError", "SCHEMA_VERSION", "__version__", "analyze", "analyze_file"]


def analyze(text: str, *, fmt: Format | None = "text", title: str | None = None, source: str | None = None) -> Analysis:
    """Analyze a story given as text ('text', 'markdown' or 'html'; None to sniff)."""
    return pipeline.run(ingest.read_text(text, fmt=fmt, title=title, source=source))


def analyze_file(path: str | Path, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES) -> Analysis:
    """Analyze a story file (.txt, .md, .html; '-' for stdin)."""
    return pipeline.run(ingest.read_path(path, max_bytes=max_bytes))
