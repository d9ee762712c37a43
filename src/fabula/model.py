"""The data model: what fabula reads (a Story) and what it reports (an Analysis).

Every finding carries its evidence as a `Span`: character offsets into
`Story.text` / `Analysis.text` plus the quoted text, so `text[start:end] == span.text`.
The `Analysis` is the contract between the analyzers and everything that reads
their results (renderers, corpus mode, server, evaluation).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "0.1.0"

Format = Literal["text", "markdown", "html"]


class Model(BaseModel):
    """Base for every fabula model: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """A stretch of the story text: `text == story_text[start:end]`."""

    start: int = Field(ge=0, description="Offset of the first character.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="The story text between start and end.")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span of `text[start:end]`."""
        return cls(start=start, end=end, text=text[start:end])


class Paragraph(Span):
    """A paragraph of narrative text (captions already removed)."""

    index: int


class Sentence(Span):
    """A sentence, as segmented by the parser; never crosses a paragraph boundary."""

    index: int
    paragraph: int = Field(description="Index of the paragraph holding the sentence.")


class Media(Model):
    """An image insert: its caption, credit and whether an AI model made it.

    Captions are removed from the narrative text; `offset` is where the insert
    stood in `Story.text` (the start of the paragraph that followed it).
    """

    index: int
    caption: str
    credit: str | None = None
    ai_generated: bool = False
    generator: str | None = Field(None, description="The AI image generator named, if any.")
    offset: int = Field(ge=0)
    raw: str = Field(description="The caption line exactly as it stood in the source.")


class StoryInfo(Model):
    """Where the story came from and how it was read."""

    title: str | None = None
    source: str | None = Field(None, description="File name, '-' for stdin, or a caller's label.")
    format: Format = "text"
    encoding: str = "utf-8"
    chars: int = 0
    words: int = 0
    repaired_spaces: list[int] = Field(
        default_factory=list,
        description="Offsets in the text where a missing space after sentence punctuation was restored.",
    )
    warnings: list[str] = Field(default_factory=list)


class Story(Model):
    """Clean narrative text with its paragraphs and media: the output of ingest."""

    info: StoryInfo
    text: str
    paragraphs: list[Paragraph]
    media: list[Media] = Field(default_factory=list)


class Analysis(Model):
    """Everything fabula found in one story. Analyzer slots stay None until built."""

    schema_version: str = SCHEMA_VERSION
    info: StoryInfo
    text: str = Field(description="The clean story text every span points into.")
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    media: list[Media]
