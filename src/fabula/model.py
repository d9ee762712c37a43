"""The data model: what fabula reads (a Story) and what it reports (an Analysis).

Every finding carries its evidence as a `Span`: character offsets into
`Story.text` / `Analysis.text` plus the quoted text, so `text[start:end] == span.text`.
The `Analysis` is the contract between the analyzers and everything that reads
their results (renderers, corpus mode, server, evaluation).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "0.3.0"

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
    after_break: bool = Field(False, description="A typographic section break stood before it: a line such as "
                              "'* * *' or '***', or an <hr> in HTML.")


class Sentence(Span):
    """A sentence, as segmented by the parser; never crosses a paragraph boundary."""

    index: int = Field(description="Its place among the story's sentences, counted from 0 (the terminal summary and "
                       "the HTML report count from 1: sentence_index 119 is their 'sentence 120').")
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
    source: str | None = Field(None, description="File name, 'stdin' for standard input, or a caller's label.")
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


# --------------------------------------------------------------------------- cast

Gender = Literal["female", "male", "unknown"]


class Mention(Span):
    """One place a character is named, described or referred to by a pronoun."""

    character: str = Field(description="Id of the character mentioned.")
    kind: Literal["name", "description", "pronoun"]
    sentence: int
    in_quote: bool = False


class Character(Model):
    """A person (or group) in the story, named or not."""

    id: str
    label: str = Field(description="Canonical label, e.g. 'Narrator', 'Mrs. Sappleton', 'his wife'.")
    kind: Literal["narrator", "named", "relational", "descriptive", "indefinite", "group"]
    gender: Gender = "unknown"
    plural: bool = False
    aliases: list[str] = Field(default_factory=list, description="Distinct surface forms of its non-pronoun mentions.")
    mentions: list[Mention] = Field(default_factory=list)
    mention_count: int = 0
    first_mention: int = Field(0, description="Offset of the first mention.")
    importance: Literal["main", "minor"] = "minor"


class Relation(Model):
    """`source` is the `relation` of `target`: e.g. source=mother, relation='mother', target=narrator."""

    source: str
    target: str
    relation: str
    evidence: Span


class Tie(Model):
    """A weighted co-occurrence edge of the cast network."""

    a: str
    b: str
    weight: float


class Quote(Span):
    """A quotation (the words inside the marks) and who said it."""

    speaker: str | None = Field(None, description="Character id, or None when unattributed.")
    confidence: float = 0.0
    method: Literal["speech-verb", "adjacency", "turn-taking", "none"] = "none"
    cue: Span | None = Field(None, description="The speech verb or clause that names the speaker.")


class Cast(Model):
    """Who is in the story, how they relate, and who says what."""

    narration: Literal["first-person", "third-person"]
    narrator: str | None = Field(None, description="Id of the narrator character, for first-person stories.")
    characters: list[Character] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    network: list[Tie] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)


# --------------------------------------------------------------------------- arc

ArcShape = Literal["rags-to-riches", "riches-to-rags", "man-in-a-hole", "icarus", "cinderella", "oedipus"]


class TurningPoint(Model):
    """A peak or trough of the smoothed arc, with the sentence at that point as evidence."""

    kind: Literal["peak", "trough"]
    position: float = Field(description="Narrative time, 0 to 1.")
    value: float
    sentence: Span
    sentence_index: int = Field(description="The sentence's index in `sentences`, counted from 0.")


class Arc(Model):
    """Valence and emotions per sentence; the protagonist's fortune smoothed onto 100 points, and its shape."""

    valence: list[float] = Field(description="Per-sentence valence, -1 to 1: the tone of the words (VADER).")
    fortune: list[float] = Field(default_factory=list, description=(
        "Per-sentence fortune of the protagonist, the values the arc smooths: the valence plus twice the VADER "
        "scores of the clauses in which the protagonist experiences a state ('she was miserable', 'he laughed', "
        "'her joy'); the valence itself when there is no cast."))
    protagonist: str | None = Field(None, description="Id of the character whose states the fortune reads: the "
                                    "narrator of a first-person story, else the most mentioned character.")
    emotions: dict[str, list[float]] = Field(default_factory=dict, description="Per-sentence NRC emotion scores.")
    smoothing: str
    points: list[float] = Field(description="The smoothed fortune on a 100-point grid over narrative time.")
    tone_points: list[float] = Field(default_factory=list, description=(
        "The smoothed valence alone on the same grid: the tone of the words, drawn beside the fortune; "
        "the same as points when there is no protagonist."))
    z: list[float] = Field(description="The same points, z-normalized, for comparing stories.")
    shape: ArcShape | None = Field(None, description="Best-fitting shape; None for a flat arc or one that no shape fits.")
    shape_scores: dict[str, float] = Field(default_factory=dict, description=(
        "Per shape, the R² (0-1) of the best polyline of its moves through the arc; 0 when none goes its way."))
    confidence: float = Field(0.0, description=(
        "The named shape's score, scaled down for an arc with little swing (standard deviation under 0.08); 0 when "
        "no shape is named."))
    turning_points: list[TurningPoint] = Field(default_factory=list)


# --------------------------------------------------------------------------- timeline


class TimeExpression(Span):
    """A time expression normalized TIMEX3-style."""

    id: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str = Field(description="TIMEX3-like value: '2019-05-01', 'P1.5Y', '+P1.5Y', 'PAST_REF', 'XXXX-XX-XXTNI'.")
    direction: Literal["before", "after", "none"] = "none"
    anchor: str | None = Field(None, description="What it is relative to: 'story-now', 'previous', an event id.")
    sentence: int


class Event(Span):
    """A main event: the finite verb of a narrative clause with its arguments."""

    id: str
    verb: str = Field(description="Lemma of the event verb.")
    subject: str | None = None
    object: str | None = None
    tense: str
    aspect: str
    sentence: int
    scene: int
    story_time: float = Field(description="Position on the story-time axis (only the order is meaningful).")
    in_quote: bool = Field(False, description="Told inside a quotation (a character's words), not by the narrator.")


class Scene(Span):
    """A stretch of continuous time and place."""

    index: int
    label: str
    anchor: str | None = Field(None, description="Id of the time expression that opens the scene, if any.")
    story_time: float


class Timeline(Model):
    """Time expressions, scenes and events, in telling order and in story order."""

    expressions: list[TimeExpression] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    telling_order: list[str] = Field(default_factory=list, description="Event ids in the order told.")
    story_order: list[str] = Field(default_factory=list, description="Event ids in the order they happened.")
    flashbacks: list[Span] = Field(default_factory=list)
    jumps: list[Span] = Field(default_factory=list)
    narrating_present: Span | None = None


# --------------------------------------------------------------------------- claims and the ledger

Modality = Literal["assertion", "belief", "hearsay", "speculation", "question"]


class Claim(Span):
    """A proposition one clause makes, with who asserts it and how."""

    id: str
    sentence: int
    subject: str | None = None
    subject_character: str | None = None
    predicate: str = Field(description="Lemma of the main predicate.")
    objects: list[str] = Field(default_factory=list)
    modifiers: list[str] = Field(default_factory=list)
    polarity: Literal["positive", "negative"] = "positive"
    modality: Modality = "assertion"
    source: str = Field("narrator", description="Character id of who asserts it, 'narrator' or 'rumour' "
                        "('quoted' for a quotation whose speaker is unknown; without a cast, a pronoun key).")
    subject_key: str | None = Field(None, description="Who the subject refers to: character id, else a pronoun "
                                    "key ('he', 'she') or the subject's lemma; used to match claims.")
    core: list[str] = Field(default_factory=list, description="Lemmas of the clause's content words.")
    quoted: bool = Field(False, description="Whether the clause stands inside a quotation.")


class Claims(Model):
    items: list[Claim] = Field(default_factory=list)


class Refutation(Model):
    """A later claim that contradicts an earlier one."""

    claim: str = Field(description="Id of the earlier claim.")
    refuted_by: str = Field(description="Id of the later claim.")
    kind: Literal["negation", "debunk", "alternative"]
    confidence: float
    belief: Span
    refutation: Span


class BeliefState(Model):
    sentence: int
    status: Literal["asserted", "doubted", "refuted", "confirmed"]


class Belief(Model):
    """A belief the story sets up, its history, and who deceived whom."""

    id: str
    claim: str
    holder: str | None = Field(None, description="Character id of who holds it.")
    source: str = "narrator"
    evidence: Span
    history: list[BeliefState] = Field(default_factory=list)
    status: Literal["asserted", "doubted", "refuted", "confirmed"] = "asserted"
    refutation: Span | None = None
    deceiver: str | None = Field(None, description="Character id of who knowingly told the false version.")


class RevealCandidate(Model):
    sentence: Span
    sentence_index: int = Field(description="The sentence's index in `sentences`, counted from 0 (the terminal and "
                                "the report show it plus one).")
    position: float = Field(description="Narrative time of the sentence: its midpoint, 0-1, the arc's x axis.")
    score: float
    reasons: list[str] = Field(default_factory=list)


class Reveal(RevealCandidate):
    """The sentence where the twist lands, with the runners-up."""

    candidates: list[RevealCandidate] = Field(default_factory=list)


class Ledger(Model):
    refutations: list[Refutation] = Field(default_factory=list)
    beliefs: list[Belief] = Field(default_factory=list)
    reveal: Reveal | None = None


# --------------------------------------------------------------------------- style


class Curve(Model):
    """A Boyd et al. (2020) narrative-arc measure per fifth of the story."""

    name: Literal["staging", "progression", "tension"]
    values: list[float]
    canonical: list[float]
    fit: float = Field(description="Correlation with the canonical shape, -1 to 1.")


class Device(Span):
    """An emphasis device: 'caps', 'exclamation', 'rhetorical-question', 'one-line-paragraph', ..."""

    kind: str


class FormulaItem(Model):
    """One item of the viral-story checklist."""

    name: str
    present: bool
    weight: float
    evidence: list[Span] = Field(default_factory=list)
    count: int = Field(0, description="How many instances were found (the evidence spans).")
    detail: str = Field("", description="What was counted, in words.")


class Style(Model):
    curves: list[Curve] = Field(default_factory=list)
    devices: list[Device] = Field(default_factory=list)
    dialogue_share: float = 0.0
    first_person_share: float = 0.0
    readability: dict[str, float] = Field(default_factory=dict)
    lexical_diversity: float = 0.0
    formula: list[FormulaItem] = Field(default_factory=list)
    formula_score: float = 0.0


# --------------------------------------------------------------------------- the analysis


class Analysis(Model):
    """Everything fabula found in one story. Analyzer slots stay None until built."""

    schema_version: str = Field(
        SCHEMA_VERSION, json_schema_extra={"const": SCHEMA_VERSION},
        description="Version of this output's schema (semantic versioning: a new minor version adds, renames or "
                    "removes fields; CHANGELOG.md says what changed in each).")
    info: StoryInfo
    text: str = Field(description="The clean story text every span points into.")
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    media: list[Media]
    style: Style | None = None
    cast: Cast | None = None
    arc: Arc | None = None
    timeline: Timeline | None = None
    claims: Claims | None = None
    ledger: Ledger | None = None
