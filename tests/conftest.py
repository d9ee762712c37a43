"""Shared fixtures: the fixture stories and their analyses, computed once per test session."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DREAM_JOB = FIXTURES / "dream-job.txt"
DEV = FIXTURES / "dev"
STORY_PATHS = [DREAM_JOB, *sorted(DEV.glob("*.txt"))]


@lru_cache(maxsize=None)
def analysis_of(path: Path):
    """The Analysis of a fixture story (cached: one parse per story per session)."""
    import fabula

    return fabula.analyze_file(path)


def gold_of(path: Path) -> dict:
    """The gold annotation beside a fixture story."""
    return json.loads(path.with_name(path.name.replace(".txt", ".gold.json")).read_text("utf-8"))


@pytest.fixture(scope="session")
def dream_job():
    return analysis_of(DREAM_JOB)
