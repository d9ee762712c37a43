"""Sections: the parts a story is cut into by headings ("II", "Chapter 3", "Part One") and by typographic breaks
("* * *", an <hr>; ingest marks the paragraph after one with `after_break`).

`is_heading(text)` -> whether a paragraph's text is only such a heading; `section_openings(story)` -> the indices
of the paragraphs that open a section after the first: the one after each heading paragraph, and each one after
a break.
"""

from __future__ import annotations

import re

from fabula.model import Story

_ROMAN = r"(?=[IVXLC])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"  # I to XCIX, and no other run of those letters
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|"
                 r"sixth|seventh|eighth|ninth|tenth|last")
HEADING = re.compile(rf"(?:(?i:chapter|part|book|section)\s+(?:\d{{1,3}}|{_ROMAN}|(?i:{_NUMBER_WORDS}))|{_ROMAN}|"
                     rf"\d{{1,3}})\.?")


def is_heading(text: str) -> bool:
    """Whether the paragraph text is a section heading alone ("III", "Chapter 3", "2.")."""
    return HEADING.fullmatch(text.strip()) is not None


def section_openings(story: Story) -> list[int]:
    """Indices, in order, of the paragraphs that open a new section: after a heading paragraph (not a heading
    itself) or after a typographic break."""
    paragraphs = story.paragraphs
    return [p.index for p in paragraphs if not is_heading(p.text) and (
        p.after_break or p.index > 0 and is_heading(paragraphs[p.index - 1].text))]
