"""Image inserts: recognise caption lines and credits, and flag AI-made images.

`parse_caption(line)` -> `(caption, credit)` or None for narrative text.
`ai_generator(caption, credit)` -> the generator named, or None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fabula.resources import data_lines

_LABEL = r"(?:(?:image|photo|picture|illustration|stock photo)\s*(?:source|credits?|by)?|source|credits?|courtesy|via)"
# A caption, then its credit; after a dash or in brackets the label needs its colon ("He left - source of it all.").
_CREDIT_AFTER = (
    rf"\s*[|•·]\s*{_LABEL}\s*:?\s+(?P<credit>[^|]{{1,80}})",  # A smiling woman | Source: Pexels
    rf"\s+[-–—]\s+{_LABEL}\s*:\s*(?P<credit>[^|]{{1,80}})",  # A man — Photo: Getty Images
    rf"\s*[(\[]{_LABEL}\s*:\s*(?P<credit>[^|()\[\]]{{1,80}})[)\]]\.?",  # A man crying (Image: Midjourney)
)
_CAPTIONS_WITH_CREDIT = tuple(
    re.compile(rf"^(?P<caption>.{{1,200}}?){credit}$", re.IGNORECASE) for credit in _CREDIT_AFTER
)
# "Photo: Getty Images", "Image credit: Midjourney", "Source: Pexels"
_CREDIT_ONLY = re.compile(rf"^(?P<label>{_LABEL})\s*:\s*(?P<credit>[^|]{{1,80}})$", re.IGNORECASE)
# "Photo by Jane Doe on Unsplash"
_PHOTO_BY = re.compile(
    r"^(?:photo|image|illustration) by (?P<credit>[^|]{1,60}?)(?: (?:on|via) (?P<site>[A-Z][\w.]{1,30}))?\.?$",
    re.IGNORECASE,
)
_MAX_CAPTION_WORDS = 30
_MAX_CREDIT_WORDS = 8


def parse_caption(line: str) -> tuple[str, str | None] | None:
    """Split an image-caption line into (caption, credit); None when it is narrative text."""
    line = " ".join(line.split())
    if not line or len(line.split()) > _MAX_CAPTION_WORDS + _MAX_CREDIT_WORDS:
        return None
    for pattern in (*_CAPTIONS_WITH_CREDIT, _CREDIT_ONLY, _PHOTO_BY):
        match = pattern.match(line)
        if not match:
            continue
        credit = match.group("credit").strip().rstrip(".").strip()
        site = match.groupdict().get("site")
        if site:
            credit = f"{credit} / {site}"
        caption = (match.groupdict().get("caption") or "").strip()
        if credit and len(credit.split()) <= _MAX_CREDIT_WORDS and not credit.endswith(("?", "!")):
            return caption, credit
    return None


def split_figcaption(text: str) -> tuple[str, str | None]:
    """A figcaption's (caption, credit); the credit is None when the caption names none."""
    parsed = parse_caption(text)
    return parsed if parsed else (" ".join(text.split()), None)


@lru_cache(maxsize=1)
def _generators() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str]]:
    """(name, pattern) for each generator in resources/, and the generic 'AI-generated' labels."""
    named: list[tuple[str, re.Pattern[str]]] = []
    generic: list[str] = []
    for line in data_lines("ai_image_generators.txt"):
        spellings = [s.strip() for s in line.split(";") if s.strip()]
        alternatives = "|".join(_spelling_pattern(s) for s in spellings)
        if spellings[0].lower().startswith("ai-generated"):
            generic.append(alternatives)
        else:
            named.append((spellings[0], re.compile(rf"(?<![\w]){alternatives}(?![\w])", re.IGNORECASE)))
    return named, re.compile(rf"(?<![\w])(?:{'|'.join(generic)})(?![\w])", re.IGNORECASE)


def _spelling_pattern(spelling: str) -> str:
    """A regex for one spelling, where spaces, hyphens, dots and middle dots are interchangeable."""
    parts = [re.escape(p) for p in re.split(r"[\s\-.·]+", spelling) if p]
    return r"[\s\-.·]*".join(parts)


def ai_generator(caption: str, credit: str | None) -> str | None:
    """The AI image generator a credit names (or 'AI' for a generic label); None for other images."""
    named, generic = _generators()
    if credit:
        for name, pattern in named:
            if pattern.search(credit):
                return name
    for text in (credit or "", caption):
        if generic.search(text):
            return "AI"
    return None
