"""Which rules made an output: a fingerprint of fabula's code and word lists.

`rules_id()` -> the first 12 hex digits of a SHA-256 over every Python module and resource file of the installed
package (paths and contents, in path order). The package version stays the same across development; the
fingerprint changes with any rule or word list, so a corpus or an evaluation records exactly what made it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).parent
_SUFFIXES = (".py", ".txt", ".json")


@lru_cache(maxsize=1)
def rules_id() -> str:
    """The fingerprint of this fabula's code and resources (12 hex digits)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
