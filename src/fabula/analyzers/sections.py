"""Section headings: paragraphs such as "II", "Chapter 3" or "Part One" that cut a story into sections.

`is_heading(text)` -> whether a paragraph's text is only such a heading; `heading_ends(story)` -> the character
offsets where the story's heading paragraphs end, in order (a section starts after each).
"""

from __future__ import annotations

import re

from fabula.model import Story

HEADING = re.compile(r"(?:(?i:chapter|part|book)\s+\w+|[IVXLC]+|\d{1,3})\.?")


def is_heading(text: str) -> bool:
    """Whether the paragraph text is a section heading alone ("III", "Chapter 3", "2.")."""
    return HEADING.fullmatch(text.strip()) is not None


def heading_ends(story: Story) -> list[int]:
    """The end offsets of the story's heading paragraphs, in text order."""
    return [p.end for p in story.paragraphs if is_heading(p.text)]
