"""The release: the wheel carries its package data, installs into a fresh venv and runs.

Marked `release` (a CI step of its own: `pytest -m release tests/test_release.py`); it builds
the wheel with `python -m build` unless FABULA_WHEEL names one, and installs its dependencies
from the package index (about a minute). Skips when `build` is missing and no wheel is given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "gift_of_the_magi.md"

pytestmark = pytest.mark.release


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    given = os.environ.get("FABULA_WHEEL")
    if given:
        return Path(given).resolve()
    pytest.importorskip("build", reason="python -m build needs the 'build' package")
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=ROOT)  # the sdist, then the wheel from it
    assert len(list(out.glob("*.tar.gz"))) == 1, "no sdist was built"
    (found,) = out.glob("fabula-*.whl")
    return found


def test_the_wheel_carries_the_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = {p.name for p in (ROOT / "src" / "fabula" / "resources").glob("*.txt")}
    templates = {p.name for p in (ROOT / "src" / "fabula" / "render" / "templates").iterdir() if p.is_file()}
    assert resources and templates
    assert {f"fabula/resources/{name}" for name in resources} <= names
    assert {f"fabula/render/templates/{name}" for name in templates} <= names
    assert any(name.endswith("entry_points.txt") for name in names)


def test_the_wheel_installs_and_runs_in_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    python, fabula = venv / "bin" / "python", venv / "bin" / "fabula"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], env=env)
    version = run([fabula, "--version"], env=env, cwd=tmp_path).stdout
    assert version.startswith("fabula ") and version.split()[1][0].isdigit()
    result = run([fabula, "analyze", EXAMPLE, "--format", "json"], env=env, cwd=tmp_path)
    analysis = json.loads(result.stdout)
    assert analysis["info"]["title"] and len(analysis["sentences"]) > 50 and analysis["cast"]["characters"]
    where = run([python, "-c", "import fabula, sys; print(fabula.__file__)"], env=env, cwd=tmp_path).stdout
    assert str(venv) in where, f"fabula was imported from {where}, not the fresh venv"
