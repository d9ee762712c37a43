"""Image inserts: recognise caption lines and credits, and flag AI-made images.

`parse_caption(line)` -> `(caption, credit)` or None for narrative text.
`parse_credit(text)` -> the credit an HTML credit element names, without its label.
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
    rf"(?:\.|(?<=[!?]))\s+{_LABEL}\s*:\s*(?P<credit>[^|]{{1,80}})",  # A woman at a window. Photo: Getty Images
    rf",\s*(?-i:(?=[A-Z])){_LABEL}\s*:\s*(?P<credit>[^|]{{1,80}})",  # A suitcase on a bed, Source: Pexels
)
_CAPTIONS_WITH_CREDIT = tuple(
    re.compile(rf"^(?P<caption>.{{1,200}}?){credit}$", re.IGNORECASE) for credit in _CREDIT_AFTER
)
# "Photo: Getty Images", "Image credit: Midjourney", "Source: Pexels"
_CREDIT_ONLY = re.compile(rf"^(?P<label>{_LABEL})\s*:\s*(?P<credit>[^|]{{1,80}})$", re.IGNORECASE)
# "Photo by Jane Doe on Unsplash", after a caption's sentence or alone
_PHOTO_BY = re.compile(
    r"^(?:(?P<caption>.{1,200}?)(?:\.|(?<=[!?]))\s+)?"
    r"(?:photo|image|illustration) by (?P<credit>[^|]{1,60}?)(?: (?:on|via) (?P<site>[A-Z][\w.]{1,30}))?\.?$",
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
        if not match or _sentence_like(match.group("credit") + ("." if line[match.end("credit"):] == "." else "")):
            continue
        credit = maker_of(match.group("credit").strip().rstrip(".").strip())
        site = match.groupdict().get("site")
        if site:
            credit = f"{credit} / {site.rstrip('.')}"
        caption = (match.groupdict().get("caption") or "").strip()
        if credit and len(credit.split()) <= _MAX_CREDIT_WORDS and not credit.endswith(("?", "!")):
            return caption, credit
    return None


_PRONOUN = re.compile(r"\b(?:i|me|my|you|your|he|him|his|she|her|it|its|we|us|our|they|them|their|who|whom)\b",
                      re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"\b(?:i|you|he|she|it|we|they|who)\b", re.IGNORECASE)
_CREDIT_WORDS = re.compile(r"\b(?:courtesy|archives?|collection|permission|licen[cs]ed?|public domain|author'?s?|"
                           r"family|photographer|agency|library|museum|estate)\b", re.IGNORECASE)
_CLAUSE_AFTER_COMMA = re.compile(r",\s+[a-z]")
_MIN_SENTENCE_WORDS = 3


def _sentence_like(credit: str) -> bool:
    """Whether a credit is the rest of a sentence ("she gave him none.", "my mother, who never lied.", "the back
    door."): several words ending in a full stop, with a pronoun, a clause after a comma, or no capitalised name
    at all; credits name someone ("Getty Images", "Jane Doe") or say where a picture came from with a word of
    credits ("courtesy of the family.", "used with permission."), with no subject pronoun."""
    words = credit.split()
    if len(words) < _MIN_SENTENCE_WORDS or not credit.rstrip().endswith("."):
        return False
    if _CREDIT_WORDS.search(credit) and not _SUBJECT_PRONOUN.search(credit):
        return False  # "courtesy of the family.", "the author's own archive.", "Jane Doe, used with permission."
    return (bool(_PRONOUN.search(credit)) or bool(_CLAUSE_AFTER_COMMA.search(credit))
            or not any(word[0].isupper() or word[0].isdigit() for word in words))


def split_figcaption(text: str) -> tuple[str, str | None]:
    """A figcaption's (caption, credit); the credit is None when the caption names none."""
    parsed = parse_caption(text)
    return parsed if parsed else (" ".join(text.split()), None)


def parse_credit(text: str) -> str | None:
    """A credit without its label ('Source: Pexels' -> 'Pexels', 'Image generated with DALL·E' -> 'DALL·E'); None
    when empty."""
    parsed = parse_caption(text)
    return maker_of(parsed[1] if parsed and not parsed[0] else " ".join(text.split())) or None


_MADE_BY = re.compile(r"^(?:(?:an?\s+)?(?:image|photo|picture|illustration|art)\s+)?(?:created|generated|made|rendered|"
                      r"produced)\s+(?:with|by|using|in|via)\s+(?:an?\s+|the\s+)?(?P<maker>\S.{0,60})$", re.IGNORECASE)


def names_a_credit(text: str) -> bool:
    """Whether a short text reads as an image credit: a labelled one ("Photo: AP", "Photo by Jane Doe"), one that
    says how the image was made ("Illustration created with DALL-E 3"), or a generator's name."""
    text = " ".join(text.split())
    parsed = parse_caption(text)
    return parsed is not None and not parsed[0] or _MADE_BY.match(text) is not None \
        or ai_generator("", text) is not None


def maker_of(credit: str) -> str:
    """A credit that says how the image was made names its maker when that is a generator of the list:
    'generated by Midjourney' -> 'Midjourney', as 'Source: Midjourney' does; any other credit as it is
    ('generated by AI' keeps the words that flag it)."""
    made = _MADE_BY.match(credit)
    maker = made.group("maker").rstrip(" .") if made else ""
    return maker if maker and any(pattern.fullmatch(maker) for _, pattern in _generators()[0]) else credit


@lru_cache(maxsize=1)
def _generators() -> tuple[list[tuple[str, re.Pattern[str]]], re.Pattern[str], re.Pattern[str]]:
    """(name, pattern) for each generator in resources/, the generic 'AI-generated' labels, and the 'AI-enhanced'
    labels that count in a credit only."""
    named: list[tuple[str, re.Pattern[str]]] = []
    generic: dict[str, list[str]] = {"ai-generated": [], "ai-enhanced": []}
    for line in data_lines("ai_image_generators.txt"):
        spellings = [s.strip() for s in line.split(";") if s.strip()]
        alternatives = "|".join(_spelling_pattern(s) for s in spellings)
        label = next((key for key in generic if spellings[0].lower().startswith(key)), None)
        if label:
            generic[label].append(alternatives)
        else:
            named.append((spellings[0], re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)))
    labels = (re.compile(rf"(?<![\w])(?:{'|'.join(found)})(?![\w])", re.IGNORECASE) for found in generic.values())
    return named, *labels


def _spelling_pattern(spelling: str) -> str:
    """A regex for one spelling, where spaces, hyphens, dots and middle dots are interchangeable."""
    parts = [re.escape(p) for p in re.split(r"[\s\-.·]+", spelling) if p]
    return r"[\s\-.·]*".join(parts)


# "Image created with Midjourney", "generated by DALL-E 3": a caption that names its own maker
_MADE_WITH = re.compile(r"\b(?:created|generated|made|rendered|produced)\s+(?:with|by|using|in|via)\s+(?:an?\s+|the\s+)?",
                        re.IGNORECASE)
_AI = re.compile(r"(?:AI|(?i:artificial intelligence))(?!\w)")  # capital "AI" only: "made by Ai Weiwei" is a man


def ai_generator(caption: str, credit: str | None) -> str | None:
    """The AI image generator that the credit names, or the caption after 'created with', 'generated by' and the
    like ('AI' for a generic label; an 'AI-enhanced' one in the credit only); None for other images, and for names
    of other things that share a generator's ('Gemini Observatory')."""
    named, generic, enhanced = _generators()
    makers = [match.end() for match in _MADE_WITH.finditer(caption)]
    for name, pattern in named:
        if (credit and pattern.search(credit) and not _NOT_A_GENERATOR.search(credit)) \
                or any(pattern.match(caption, start) for start in makers):
            return name
    if generic.search(credit or "") or generic.search(caption) or enhanced.search(credit or "") \
            or any(_AI.match(caption, start) for start in makers):
        return "AI"
    return None


_NOT_A_GENERATOR = re.compile(r"\bGemini\s+(?:Observatory|North|South|telescope)|\bNOIRLab\b", re.IGNORECASE)
