"""Evaluate: score Analyses against gold annotations (../shared/corpus/SCHEMA.md).

`evaluate_dir(path)` reads every `<id>.gold.json` in a folder (not recursive) with the story beside it,
`<id>.txt` or any other file ingest reads (`.md`, `.html`, ...), analyzes the stories in one batch and
scores each one; it only reads the `Analysis` contract, never an analyzer's internals.

Every metric is a count `hits / total` over gold (or predicted) items, so totals
are micro-averages: the hits of all stories over the totals of all stories.

- reveal_hit: 1/1 when the sentence named as the reveal (`ledger.reveal.sentence`)
  overlaps a sentence of the gold reveal quote or lies within one sentence of it.
  One item per story, so the total is the share of stories hit.
- belief_recall: over gold overturned beliefs. A gold belief is found when one
  predicted pair — `(refutation.belief, refutation.refutation)` of
  `ledger.refutations`, or `(belief.evidence, belief.refutation)` of
  `ledger.beliefs` — overlaps the sentences of the belief quote with its first
  span and the sentences of the refutation quote with its second.
- deceiver_accuracy: over found gold beliefs. The predicted deceiver is that of
  the first matching `Belief` (ledger order), or, when only refutations matched,
  of the `Belief` whose `claim` is the matching refutation's `claim` (None
  without one). Right when both are None, or when the predicted character
  matches the gold deceiver (the character rule below).
- main_character_recall: over gold characters of importance "main".
- character_precision: over predicted characters with 3+ mentions; those that
  match no gold character are the false positives.
- character_unity: over gold main characters that a predicted character with 3+
  mentions matches, the ones told as exactly one such character ("the girl",
  "Madame Loisel" and "Mathilde" as three characters count as a miss). Gold
  names and aliases that are pronouns are left out here (every character of that
  gender has a "her", every speaker an "I"), and so are those that two gold
  characters share, main or minor ("the man" of two gold men). A predicted
  character that equals some gold character's name or alias counts only for
  those ("Madame Loisel" is not a part of her husband, whose alias "Loisel" her
  name holds). A predicted character that merges two gold characters is a part of
  each: unity scores splits, not merges.
  Character rule: a predicted character matches a gold character when one of its
  mention texts (or aliases, which are mention surface forms) equals the gold
  name or one of its aliases, compared case-insensitively with whitespace and
  apostrophes normalized; a mention of kind "name" also matches when the gold
  name / alias is a whole-word run inside it ("Ulrich von Gradwitz" covers "Ulrich").
- arc_accuracy: 1/1 when `arc.shape` equals the gold `arc_shape`; per story.
- time_jump_recall / flashback_recall: over gold substrings; found when a
  predicted span of `timeline.jumps` / `timeline.flashbacks` overlaps it.
- speaker_accuracy: over the gold quotations of a story's speakers file (`<id>.speakers.json` in the folder
  given as `speakers`, tests/fixtures/speakers/README.md) that are speech, thought or writing with a known
  speaker. A quotation is right when the predicted quote holding its first character is attributed to a
  character that stands for the gold speaker: the narrator for the gold character one of whose aliases is "I",
  else the gold character (or unlisted speaker) whose names and aliases, pronouns and names two of them share
  left out, the most of its mention texts equal (whole-word runs inside its names as a fallback); a tie names
  nobody. Pronouns are left out because every man has a "he": matching the gold "Husband" by "him" would credit
  any man. Unattributed quotations and quotes fabula did not find are misses.
- media_accuracy: over fields of media items, only for stories whose gold has
  `media`. Gold item i is compared with `analysis.media[i]` (reading order) on
  three fields: caption (equal after case-folding and whitespace collapsing),
  credit (equal case-insensitively; None == None) and ai_generated (equal). The
  total is 3 x max(gold items, predicted items), so a missed or a spurious
  caption costs three fields.

Baselines, beside the totals, say what a trivial reader would score:
- reveal_hit: the story's last sentence named as the reveal (same hit rule); twists land late,
  so this is the score to beat, not zero.
- arc_accuracy: chance, one shape in six.
The other metrics are recalls over gold items, which a reader that marks everything would
max out, so they have no baseline.

A score is None ("n/a") when the capability's Analysis slot is None (not built
yet) or the gold has nothing to score it on (no main character, no time jump,
no media, no found belief for deceiver accuracy, no predicted character with
3+ mentions for precision, no main character found for unity); it is never reported as zero.

Gold quotes are exact substrings of the story file (of a Markdown or HTML story, or of its text as fabula
reads it, without markup or entities), but `Analysis.text` is the cleaned text (captions removed,
paragraphs joined by a blank line, missing spaces restored), so each quote is located in it by an exact
search first and a whitespace-insensitive search second. A gold file that is not valid JSON, does not follow
the schema, or has a quote that is not in its text raises `GoldError` with one line naming the file and the
field; `evaluate_dir` reports it and goes on with the other stories, as it does when an analyzer fails on
one story.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fabula import __version__
from fabula.errors import InputError
from fabula.model import Analysis, ArcShape, Character, Span
from fabula.rules import rules_id

METRICS = (
    "reveal_hit", "belief_recall", "deceiver_accuracy", "main_character_recall", "character_precision",
    "character_unity", "speaker_accuracy", "arc_accuracy", "time_jump_recall", "flashback_recall", "media_accuracy",
)
BASELINES = {"reveal_hit": "last sentence", "arc_accuracy": "chance, 1 in 6"}
"""The trivial reader each baseline stands for (module docstring)."""
ARC_CHANCE = 1 / 6
GOLD_SUFFIX = ".gold.json"
SPEAKERS_SUFFIX = ".speakers.json"
MIN_MENTIONS = 3
PRONOUNS = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
    "yourselves", "thou", "thee", "thy", "thine", "thyself", "ye", "he", "him", "his", "himself", "she", "her", "hers",
    "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
})
"""Personal pronouns, which character_unity does not match on (module docstring)."""


class GoldError(Exception):
    """A gold annotation that cannot be used; the message is one line naming the file and the field."""


# --------------------------------------------------------------------------- the gold format


class _Gold(BaseModel):
    model_config = ConfigDict(extra="ignore")


_G = TypeVar("_G", bound=_Gold)


class GoldCharacter(_Gold):
    name: str
    aliases: list[str] = []
    importance: Literal["main", "minor"]


class GoldReveal(_Gold):
    quote: str


class GoldBelief(_Gold):
    belief: str = ""
    belief_quote: str
    refutation_quote: str
    deceiver: str | None


class GoldMedia(_Gold):
    caption: str
    credit: str | None
    ai_generated: bool


class GoldQuotation(_Gold):
    """One quotation of a speakers file: its first characters, which occurrence of them, who says it."""

    quote: str
    occurrence: int = Field(1, ge=1)
    speaker: str | None
    kind: Literal["speech", "thought", "written", "not-speech"]


class GoldSpeakers(_Gold):
    """A story's speakers file: every quotation of the story and who says it, and the speakers it names who are not
    in the story's gold cast."""

    quotes: list[GoldQuotation]
    non_gold_speakers: list[str] = []


class Gold(_Gold):
    """One story's gold annotation (the fields scoring reads; others are ignored)."""

    characters: list[GoldCharacter]
    reveal: GoldReveal | None
    overturned_beliefs: list[GoldBelief]
    arc_shape: ArcShape | None
    time_jumps: list[str]
    flashbacks: list[str]
    media: list[GoldMedia] | None = None


def _field_name(loc: Iterable[int | str]) -> str:
    """('overturned_beliefs', 2, 'belief_quote') -> 'overturned_beliefs[2].belief_quote'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def quotes(gold: Gold) -> Iterable[tuple[str, str]]:
    """(field name, quote) for every substring the gold points at."""
    if gold.reveal is not None:
        yield "reveal.quote", gold.reveal.quote
    for i, belief in enumerate(gold.overturned_beliefs):
        yield f"overturned_beliefs[{i}].belief_quote", belief.belief_quote
        yield f"overturned_beliefs[{i}].refutation_quote", belief.refutation_quote
    for i, quote in enumerate(gold.time_jumps):
        yield f"time_jumps[{i}]", quote
    for i, quote in enumerate(gold.flashbacks):
        yield f"flashbacks[{i}]", quote


def _read(path: Path, model: type[_G]) -> _G:
    """A JSON annotation file read into its model; GoldError, one line naming the file and the field, when it
    cannot be read, parsed or validated."""
    name = str(path)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise GoldError(f"{name}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise GoldError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{name}: not valid JSON ({exc.msg.removesuffix(' at')} at line {exc.lineno}, "
                        f"column {exc.colno})") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise GoldError(f"{name}: field {_field_name(first['loc'])}: {first['msg']}") from None


def load_gold(gold_path: Path, story_text: str, read_text: str | None = None) -> Gold:
    """Read and check a gold file against the raw text of its story, or the text as fabula reads it (`read_text`,
    for a Markdown or HTML story, whose gold may quote the text without its markup or entities); GoldError when
    unusable."""
    name = str(gold_path)
    gold = _read(gold_path, Gold)
    names = {_norm(c.name) for c in gold.characters}
    for i, belief in enumerate(gold.overturned_beliefs):
        if belief.deceiver is not None and _norm(belief.deceiver) not in names:
            raise GoldError(f"{name}: field overturned_beliefs[{i}].deceiver: "
                            f"{belief.deceiver!r} is not the name of a gold character")
    texts = [unicodedata.normalize("NFC", t.replace("\r\n", "\n")) for t in (story_text, read_text) if t is not None]
    for field_name, quote in quotes(gold):
        if not quote.strip():
            raise GoldError(f"{name}: field {field_name}: empty quote")
        if not any(unicodedata.normalize("NFC", quote) in text for text in texts):
            raise GoldError(f"{name}: field {field_name}: quote {_short(quote)} is not a substring of the story text")
    return gold


def load_speakers(path: Path, story_text: str, read_text: str | None = None) -> GoldSpeakers:
    """Read and check a speakers file against the raw text of its story, or the text as fabula reads it
    (`read_text`, as for `load_gold`); GoldError when unusable."""
    name = str(path)
    speakers = _read(path, GoldSpeakers)
    texts = [unicodedata.normalize("NFC", t.replace("\r\n", "\n")) for t in (story_text, read_text) if t is not None]
    for i, quotation in enumerate(speakers.quotes):
        if not quotation.quote.strip() or all(_nth(quotation.quote, text, quotation.occurrence) is None
                                              for text in texts):
            raise GoldError(f"{name}: field quotes[{i}].quote: occurrence {quotation.occurrence} of "
                            f"{_short(quotation.quote)} is not in the story text")
    return speakers


def _short(quote: str, limit: int = 60) -> str:
    quote = " ".join(quote.split())
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


# --------------------------------------------------------------------------- locating quotes

_SPACE = re.compile(r"\s+")


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text`: exact first, then ignoring all whitespace; None if absent."""
    quote = unicodedata.normalize("NFC", quote).strip()
    start = text.find(quote)
    if start != -1:
        return start, start + len(quote)
    target = _SPACE.sub("", quote)
    if not target:
        return None
    positions = [i for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(text[i] for i in positions)
    found = squeezed.find(target)
    if found == -1:
        return None
    return positions[found], positions[found + len(target) - 1] + 1


def _nth(quote: str, text: str, occurrence: int) -> int | None:
    """Start of the occurrence-th exact occurrence (1 = first) of `quote` in `text`; None if there are fewer."""
    quote = unicodedata.normalize("NFC", quote)
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start == -1:
            return None
    return start


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """`hits` out of `total` items."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


def _score(hits: int, total: int) -> Score | None:
    return Score(hits, total) if total else None


@dataclass
class StoryScores:
    id: str
    scores: dict[str, Score | None] = field(default_factory=dict)
    last_sentence_hit: Score | None = None
    """The reveal baseline: the story's last sentence named as the reveal."""


class Scorer:
    """Scores one Analysis against one Gold, with the gold quotes located in the cleaned text."""

    def __init__(self, analysis: Analysis, gold: Gold, gold_name: str = "gold",
                 speakers: GoldSpeakers | None = None):
        self.analysis = analysis
        self.gold = gold
        self.speakers = speakers
        self._starts = [s.start for s in analysis.sentences]
        self.spans: dict[str, tuple[int, int]] = {}
        for field_name, quote in quotes(gold):
            found = locate(quote, analysis.text)
            if found is None:
                raise GoldError(f"{gold_name}: field {field_name}: quote {_short(quote)} "
                                "not found in the analyzed text")
            self.spans[field_name] = found
        self.quotation_starts: list[int] = []
        for quotation in speakers.quotes if speakers is not None else []:
            start = _nth(quotation.quote, analysis.text, quotation.occurrence)
            if start is None and quotation.occurrence == 1:
                start = (locate(quotation.quote, analysis.text) or (None,))[0]
            if start is None:
                raise GoldError(f"{gold_name}: speakers: quote {_short(quotation.quote)} "
                                "not found in the analyzed text")
            self.quotation_starts.append(start)

    # ---- helpers

    def sentence_indices(self, start: int, end: int) -> range:
        """Indices of the sentences overlapping [start, end) (the nearest one when none does)."""
        sentences = self.analysis.sentences
        if not sentences:
            return range(0)
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        if sentences[first].end <= start and first + 1 < len(sentences):
            first += 1
        last = max(bisect.bisect_left(self._starts, end) - 1, first)
        return range(first, last + 1)

    def sentence_extent(self, start: int, end: int) -> tuple[int, int]:
        """The char range from the first to the last sentence overlapping [start, end), widened to it."""
        indices = self.sentence_indices(start, end)
        if not indices:
            return start, end
        sentences = self.analysis.sentences
        return min(start, sentences[indices[0]].start), max(end, sentences[indices[-1]].end)

    # ---- metrics

    def scores(self) -> dict[str, Score | None]:
        return {
            "reveal_hit": self.reveal_hit(),
            "belief_recall": self.belief_recall(),
            "deceiver_accuracy": self.deceiver_accuracy(),
            "main_character_recall": self.main_character_recall(),
            "character_precision": self.character_precision(),
            "character_unity": self.character_unity(),
            "speaker_accuracy": self.speaker_accuracy(),
            "arc_accuracy": self.arc_accuracy(),
            "time_jump_recall": self.timeline_recall("jumps", "time_jumps"),
            "flashback_recall": self.timeline_recall("flashbacks", "flashbacks"),
            "media_accuracy": self.media_accuracy(),
        }

    def reveal_hit(self) -> Score | None:
        ledger = self.analysis.ledger
        if ledger is None or self.gold.reveal is None:
            return None
        if ledger.reveal is None:
            return Score(0, 1)
        return self._reveal_at(ledger.reveal.sentence.start, ledger.reveal.sentence.end)

    def last_sentence_hit(self) -> Score | None:
        """The reveal baseline: 1/1 when the story's last sentence would hit the gold reveal."""
        if self.gold.reveal is None or not self.analysis.sentences:
            return None
        last = self.analysis.sentences[-1]
        return self._reveal_at(last.start, last.end)

    def _reveal_at(self, start: int, end: int) -> Score:
        """1/1 when the sentence(s) at [start, end) overlap the gold reveal's sentences or lie one away."""
        gold = self.sentence_indices(*self.spans["reveal.quote"])
        named = self.sentence_indices(start, end)
        return Score(int(any(abs(g - p) <= 1 for g in gold for p in named)), 1)

    def _pairs(self) -> list[tuple[Span, Span, str | None]]:
        """Predicted (belief span, refutation span, deceiver id): beliefs first, then refutations."""
        ledger = self.analysis.ledger
        assert ledger is not None
        deceiver_of_claim: dict[str, str | None] = {}
        pairs: list[tuple[Span, Span, str | None]] = []
        for belief in ledger.beliefs:
            deceiver_of_claim.setdefault(belief.claim, belief.deceiver)
            if belief.refutation is not None:
                pairs.append((belief.evidence, belief.refutation, belief.deceiver))
        for refutation in ledger.refutations:
            pairs.append((refutation.belief, refutation.refutation, deceiver_of_claim.get(refutation.claim)))
        return pairs

    def _found_beliefs(self) -> list[tuple[int, str | None]]:
        """(gold belief index, predicted deceiver id) for each found gold belief."""
        pairs = self._pairs()
        found = []
        for i in range(len(self.gold.overturned_beliefs)):
            belief = self.sentence_extent(*self.spans[f"overturned_beliefs[{i}].belief_quote"])
            refutation = self.sentence_extent(*self.spans[f"overturned_beliefs[{i}].refutation_quote"])
            for b, r, deceiver in pairs:
                if _overlaps((b.start, b.end), belief) and _overlaps((r.start, r.end), refutation):
                    found.append((i, deceiver))
                    break
        return found

    def belief_recall(self) -> Score | None:
        if self.analysis.ledger is None:
            return None
        return _score(len(self._found_beliefs()), len(self.gold.overturned_beliefs))

    def deceiver_accuracy(self) -> Score | None:
        if self.analysis.ledger is None:
            return None
        found = self._found_beliefs()
        characters = {c.id: c for c in self.analysis.cast.characters} if self.analysis.cast else {}
        gold_by_name = {_norm(c.name): c for c in self.gold.characters}
        right = 0
        for i, deceiver in found:
            gold_name = self.gold.overturned_beliefs[i].deceiver
            if gold_name is None or deceiver is None:
                right += gold_name is None and deceiver is None
                continue
            predicted = characters.get(deceiver)
            gold = gold_by_name.get(_norm(gold_name))
            right += predicted is not None and gold is not None and matches(predicted, gold)
        return _score(right, len(found))

    def main_character_recall(self) -> Score | None:
        cast = self.analysis.cast
        if cast is None:
            return None
        main = [c for c in self.gold.characters if c.importance == "main"]
        found = sum(any(matches(p, g) for p in cast.characters) for g in main)
        return _score(found, len(main))

    def character_precision(self) -> Score | None:
        cast = self.analysis.cast
        if cast is None:
            return None
        counted = _counted(cast.characters)
        right = sum(any(matches(p, g) for g in self.gold.characters) for p in counted)
        return _score(right, len(counted))

    def character_unity(self) -> Score | None:
        cast = self.analysis.cast
        if cast is None:
            return None
        told = [_plain_targets(g) for g in self.gold.characters]
        named = Counter(t for targets in told for t in targets)
        told = [{t for t in targets if named[t] == 1} for targets in told]  # "the man" of two gold men: neither
        parts = [0] * len(told)
        for p in _counted(cast.characters):
            surfaces = _surfaces(p)
            matched = [k for k, targets in enumerate(told) if surfaces & targets] or [
                k for k, targets in enumerate(told) if _names_hold(p, targets)]
            for k in matched:
                parts[k] += 1
        found = [n for n, g in zip(parts, self.gold.characters) if n and g.importance == "main"]
        return _score(sum(n == 1 for n in found), len(found))

    def speaker_accuracy(self) -> Score | None:
        cast = self.analysis.cast
        if cast is None or self.speakers is None:
            return None
        said = [(start, q.speaker) for start, q in zip(self.quotation_starts, self.speakers.quotes)
                if q.speaker is not None and q.kind != "not-speech"]
        listed = {_norm(c.name) for c in self.gold.characters}
        pool = [*self.gold.characters, *(GoldCharacter(name=name, importance="minor")
                                         for name in dict.fromkeys(s for _, s in said) if _norm(name) not in listed)]
        characters = {c.id: c for c in cast.characters}
        quotes = sorted(cast.quotes, key=lambda q: q.start)
        starts = [q.start for q in quotes]
        stands_for: dict[str, GoldCharacter | None] = {}
        right = 0
        for start, speaker in said:
            k = bisect.bisect_right(starts, start) - 1
            quote = quotes[k] if k >= 0 and start < quotes[k].end else None
            predicted = characters.get(quote.speaker) if quote is not None and quote.speaker else None
            if predicted is None:
                continue
            if predicted.id not in stands_for:
                stands_for[predicted.id] = _stands_for(predicted, pool, predicted.id == cast.narrator)
            gold = stands_for[predicted.id]
            right += gold is not None and _norm(gold.name) == _norm(speaker)
        return _score(right, len(said))

    def arc_accuracy(self) -> Score | None:
        if self.analysis.arc is None or self.gold.arc_shape is None:
            return None
        return Score(int(self.analysis.arc.shape == self.gold.arc_shape), 1)

    def timeline_recall(self, slot: Literal["jumps", "flashbacks"], gold_field: str) -> Score | None:
        timeline = self.analysis.timeline
        if timeline is None:
            return None
        predicted = [(s.start, s.end) for s in getattr(timeline, slot)]
        items = getattr(self.gold, gold_field)
        found = sum(any(_overlaps(p, self.spans[f"{gold_field}[{i}]"]) for p in predicted)
                    for i in range(len(items)))
        return _score(found, len(items))

    def media_accuracy(self) -> Score | None:
        gold = self.gold.media
        if not gold:
            return None
        predicted = self.analysis.media
        right = 0
        for g, p in zip(gold, predicted):
            right += _caption(g.caption) == _caption(p.caption)
            right += (g.credit or "").casefold() == (p.credit or "").casefold()
            right += g.ai_generated == p.ai_generated
        return Score(right, 3 * max(len(gold), len(predicted)))


def _counted(characters: list[Character]) -> list[Character]:
    """The characters with MIN_MENTIONS or more mentions: the ones precision and unity count."""
    return [p for p in characters if max(p.mention_count, len(p.mentions)) >= MIN_MENTIONS]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _caption(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _norm(text: str) -> str:
    """Case-folded, NFC, apostrophes unified, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold().split())


def matches(predicted: Character, gold: GoldCharacter) -> bool:
    """Whether a predicted character's mentions cover the gold name or one of its aliases."""
    targets = _targets(gold)
    return bool(_surfaces(predicted) & targets) or _names_hold(predicted, targets)


def _stands_for(predicted: Character, pool: list[GoldCharacter], narrator: bool) -> GoldCharacter | None:
    """The gold character a predicted speaker stands for (module docstring, speaker_accuracy); None for a tie."""
    if narrator:
        return next((g for g in pool if "i" in _targets(g) or _norm(g.name) == "narrator"), None)
    told = [_plain_targets(g) for g in pool]
    shared = Counter(t for targets in told for t in targets)
    told = [{t for t in targets if shared[t] == 1} for targets in told]
    surfaces = [_norm(m.text) for m in predicted.mentions] + [_norm(a) for a in predicted.aliases]
    counts = [sum(s in targets for s in surfaces) for targets in told]
    if not any(counts):
        counts = [int(_names_hold(predicted, targets)) for targets in told]
    best = max(counts, default=0)
    return pool[counts.index(best)] if best and counts.count(best) == 1 else None


def _targets(gold: GoldCharacter) -> set[str]:
    """The gold name and aliases, normalized."""
    return {_norm(t) for t in (gold.name, *gold.aliases) if t.strip()}


def _plain_targets(gold: GoldCharacter) -> set[str]:
    """The gold name and aliases but the pronouns, normalized: every character of a gender has a "her"."""
    return _targets(gold) - PRONOUNS


def _surfaces(predicted: Character) -> set[str]:
    """A predicted character's mention texts and aliases, normalized."""
    return {_norm(m.text) for m in predicted.mentions} | {_norm(a) for a in predicted.aliases}


def _names_hold(predicted: Character, targets: set[str]) -> bool:
    """Whether one of the predicted character's name mentions holds a target as a whole-word run."""
    names = [f" {_norm(m.text)} " for m in predicted.mentions if m.kind == "name"]
    return any(f" {t} " in n for t in targets for n in names)


# --------------------------------------------------------------------------- a folder of stories


@dataclass
class Report:
    """Scored stories, one-line errors for the ones that could not be scored, and the totals."""

    stories: list[StoryScores]
    errors: list[str]
    warnings: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, Score | None]:
        """Micro-averages: summed hits over summed totals of the stories that have the score."""
        out: dict[str, Score | None] = {}
        for metric in METRICS:
            present = [s.scores[metric] for s in self.stories if s.scores.get(metric) is not None]
            out[metric] = _score(sum(s.hits for s in present), sum(s.total for s in present))
        return out

    def baselines(self) -> dict[str, float | None]:
        """Metric -> what the trivial reader of BASELINES scores on the same stories (None without gold)."""
        hits = [s.last_sentence_hit for s in self.stories if s.last_sentence_hit is not None]
        arcs = self.totals()["arc_accuracy"]
        return {"reveal_hit": sum(h.hits for h in hits) / sum(h.total for h in hits) if hits else None,
                "arc_accuracy": ARC_CHANCE if arcs is not None else None}

    def to_json(self) -> dict:
        """Scores as ratios ("scores", "totals") beside their hits and totals ("counts", "total_counts"), so that
        runs can be micro-averaged again, with the fabula version and rules that scored them."""
        def values(scores: dict[str, Score | None]) -> dict[str, float | None]:
            return {m: (scores[m].value if scores[m] is not None else None) for m in METRICS}

        def counts(scores: dict[str, Score | None]) -> dict[str, dict[str, int] | None]:
            return {m: ({"hits": scores[m].hits, "total": scores[m].total} if scores[m] is not None else None)
                    for m in METRICS}

        totals = self.totals()
        return {"fabula": __version__, "rules": rules_id(),
                "stories": [{"id": s.id, "scores": values(s.scores), "counts": counts(s.scores)}
                            for s in self.stories],
                "totals": values(totals), "total_counts": counts(totals), "baselines": self.baselines()}


def _not_a_folder(path: Path) -> str:
    """Why a path given as a folder is none: it does not exist, or it is a file."""
    return "not a directory" if path.exists() else "no such folder"


def story_pairs(folder: Path) -> tuple[list[tuple[str, Path, Path]], list[str]]:
    """(id, story path, gold path) for every pair in `folder`, and errors for gold files without one story.
    The story is `<id>` with any extension ingest reads (`.txt`, `.md`, `.html`, ...)."""
    from fabula.ingest import EXTENSIONS

    if not folder.is_dir():
        raise InputError(f"cannot read {folder}: {_not_a_folder(folder)}")
    pairs, errors = [], []
    for gold_path in sorted(folder.glob(f"*{GOLD_SUFFIX}")):
        story_id = gold_path.name[: -len(GOLD_SUFFIX)]
        found = [folder / f"{story_id}{ext}" for ext in EXTENSIONS if (folder / f"{story_id}{ext}").is_file()]
        if len(found) == 1:
            pairs.append((story_id, found[0], gold_path))
        elif found:
            errors.append(f"{gold_path}: {len(found)} story files beside it ({', '.join(p.name for p in found)}): "
                          "keep one")
        else:
            errors.append(f"{gold_path}: no story file {story_id}.txt (or .md, .html) beside it")
    return pairs, errors


def evaluate_dir(*folders: str | Path, speakers: str | Path | None = None) -> Report:
    """Analyze and score every story with a gold file in the folders, and its quotations' speakers when the
    `speakers` folder has a `<id>.speakers.json`; bad stories become errors, not crashes."""
    from fabula import ingest

    pairs, errors, warnings = [], [], []
    for folder in folders:
        found, failed = story_pairs(Path(folder))
        pairs.extend(found)
        errors.extend(failed)
    if speakers is not None and not Path(speakers).is_dir():
        raise InputError(f"cannot read {speakers}: {_not_a_folder(Path(speakers))}")
    ready = []
    for story_id, path, gold_path in pairs:
        said = Path(speakers) / f"{story_id}{SPEAKERS_SUFFIX}" if speakers is not None else None
        try:
            story = ingest.read_path(path)
            raw = ingest.decode(path.read_bytes(), str(path))[0]
            read = story.text if story.info.format != "text" else None  # Markdown or HTML: gold may quote it as read
            gold = load_gold(gold_path, raw, read)
            quotations = load_speakers(said, raw, read) if said is not None and said.is_file() else None
            if quotations is not None:
                _check_speakers(said, quotations, gold)
        except (InputError, GoldError) as exc:
            errors.append(str(exc))
            continue
        ready.append((story_id, gold_path, gold, quotations, story))
    if speakers is not None and pairs and not any((Path(speakers) / f"{story_id}{SPEAKERS_SUFFIX}").is_file()
                                                  for story_id, *_ in pairs):
        warnings.append(f"{speakers} has no {SPEAKERS_SUFFIX} file for any of the {len(pairs)} stories: "
                        "speaker_accuracy is not scored")
    stories = []
    analyses = _analyze_all([story for *_, story in ready])
    for (story_id, gold_path, gold, quotations, story), analysis in zip(ready, analyses):
        if isinstance(analysis, Exception):
            errors.append(f"{story.info.source}: analysis failed: {type(analysis).__name__}: {analysis}")
            continue
        try:
            scorer = Scorer(analysis, gold, str(gold_path), quotations)
            stories.append(StoryScores(story_id, scorer.scores(), scorer.last_sentence_hit()))
        except GoldError as exc:
            errors.append(str(exc))
    return Report(stories, errors, warnings)


def _check_speakers(path: Path, speakers: GoldSpeakers, gold: Gold) -> None:
    """GoldError when a speakers file names a speaker who is neither a gold character (name or alias) nor listed in
    its `non_gold_speakers` (a misspelt name would silently count as a stranger)."""
    known = set().union(*map(_targets, gold.characters), map(_norm, speakers.non_gold_speakers))
    for i, quotation in enumerate(speakers.quotes):
        if quotation.speaker is not None and _norm(quotation.speaker) not in known:
            raise GoldError(f"{path}: field quotes[{i}].speaker: {quotation.speaker!r} is neither a gold character "
                            "nor listed in non_gold_speakers")


def _analyze_all(stories: list) -> list[Analysis | Exception]:
    """Analyze in one batch; when an analyzer fails, again one by one so only its story is lost."""
    from fabula import pipeline

    try:
        return list(pipeline.run_many(stories))
    except Exception:  # noqa: BLE001 - find the story that failed below
        pass
    out: list[Analysis | Exception] = []
    for story in stories:
        try:
            out.append(pipeline.run(story))
        except Exception as exc:  # noqa: BLE001 - one story's failure is reported, not fatal
            out.append(exc)
    return out
