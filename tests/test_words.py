"""Counts in words: one thing is singular, every other number plural, irregular plurals as given."""

from __future__ import annotations

from fabula.render.words import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "sentence") == "1 sentence"
    assert counted(0, "scene") == "0 scenes"
    assert counted(2040, "word") == "2,040 words"
    assert counted(1, "story", "stories") == "1 story"
    assert counted(3, "story", "stories") == "3 stories"
