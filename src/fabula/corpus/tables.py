"""The corpus tables: explicit pyarrow schemas and the rows one Analysis contributes.

Extraction is None-safe: an analyzer slot that is None (not built, or it found
nothing) leaves its rows absent and its columns in `stories` null. The schemas are
documented in docs/corpus-schema.md; change both together and bump TABLES_VERSION.
"""

from __future__ import annotations

import io
import json
from typing import get_args

import pyarrow as pa
import pyarrow.parquet as pq

from fabula.model import Analysis, ArcShape, Span

TABLES_VERSION = "3"  # 3: shape_confidence and shape_scores NULL without a shape, n_time_jumps, n_flashbacks,
# first_flashback_position; 2: reveal_position is ledger.reveal.position, reveal_by_position_only, beliefs
SHAPES = get_args(ArcShape)


def _shape_column(shape: str) -> str:
    return shape.replace("-", "_")


def _span(prefix: str = "") -> list[tuple[str, pa.DataType]]:
    return [(f"{prefix}start", pa.int64()), (f"{prefix}end", pa.int64()), (f"{prefix}text", pa.string())]


SCHEMAS: dict[str, pa.Schema] = {
    "stories": pa.schema([
        ("id", pa.string()),
        ("metadata", pa.string()),
        ("title", pa.string()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("chars", pa.int64()),
        ("words", pa.int64()),
        ("paragraphs", pa.int32()),
        ("sentences", pa.int32()),
        ("warnings", pa.list_(pa.string())),
        ("narration", pa.string()),
        ("shape", pa.string()),
        ("shape_confidence", pa.float64()),
        ("shape_scores", pa.struct([(_shape_column(s), pa.float64()) for s in SHAPES])),
        ("arc", pa.list_(pa.float64())),
        ("reveal_position", pa.float64()),
        ("reveal_sentence", pa.string()),
        ("reveal_sentence_index", pa.int32()),
        ("reveal_score", pa.float64()),
        ("reveal_by_position_only", pa.bool_()),
        ("n_characters", pa.int32()),
        ("n_quotes", pa.int32()),
        ("n_claims", pa.int32()),
        ("n_refutations", pa.int32()),
        ("n_time_expressions", pa.int32()),
        ("n_time_jumps", pa.int32()),
        ("n_flashbacks", pa.int32()),
        ("first_flashback_position", pa.float64()),
        ("n_media", pa.int32()),
        ("n_ai_media", pa.int32()),
        ("dialogue_share", pa.float64()),
        ("formula_score", pa.float64()),
        ("schema_version", pa.string()),
    ]),
    "characters": pa.schema([
        ("story_id", pa.string()),
        ("character_id", pa.string()),
        ("label", pa.string()),
        ("kind", pa.string()),
        ("gender", pa.string()),
        ("plural", pa.bool_()),
        ("importance", pa.string()),
        ("mention_count", pa.int32()),
        ("first_mention", pa.int64()),
        ("aliases", pa.list_(pa.string())),
    ]),
    "quotes": pa.schema([
        ("story_id", pa.string()),
        ("index", pa.int32()),
        *_span(),
        ("speaker", pa.string()),
        ("speaker_label", pa.string()),
        ("confidence", pa.float64()),
        ("method", pa.string()),
    ]),
    "claims": pa.schema([
        ("story_id", pa.string()),
        ("claim_id", pa.string()),
        ("sentence", pa.int32()),
        *_span(),
        ("subject", pa.string()),
        ("subject_character", pa.string()),
        ("predicate", pa.string()),
        ("polarity", pa.string()),
        ("modality", pa.string()),
        ("source", pa.string()),
    ]),
    "refutations": pa.schema([
        ("story_id", pa.string()),
        ("claim", pa.string()),
        ("refuted_by", pa.string()),
        ("kind", pa.string()),
        ("confidence", pa.float64()),
        *_span("belief_"),
        *_span("refutation_"),
    ]),
    "beliefs": pa.schema([
        ("story_id", pa.string()),
        ("belief_id", pa.string()),
        ("claim_id", pa.string()),
        ("holder", pa.string()),
        ("holder_label", pa.string()),
        ("source", pa.string()),
        ("source_label", pa.string()),
        ("status", pa.string()),
        *_span("evidence_"),
        *_span("refutation_"),
        ("deceiver", pa.string()),
        ("deceiver_label", pa.string()),
    ]),
    "time_expressions": pa.schema([
        ("story_id", pa.string()),
        ("expression_id", pa.string()),
        ("type", pa.string()),
        ("value", pa.string()),
        ("direction", pa.string()),
        ("anchor", pa.string()),
        ("sentence", pa.int32()),
        *_span(),
    ]),
    "media": pa.schema([
        ("story_id", pa.string()),
        ("index", pa.int32()),
        ("caption", pa.string()),
        ("credit", pa.string()),
        ("ai_generated", pa.bool_()),
        ("generator", pa.string()),
        ("offset", pa.int64()),
    ]),
    "errors": pa.schema([
        ("id", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
    ]),
}
TABLES = tuple(SCHEMAS)


def _spanned(span: Span | None, prefix: str = "") -> dict:
    """A span's start, end and text columns; nulls for no span."""
    if span is None:
        return {f"{prefix}start": None, f"{prefix}end": None, f"{prefix}text": None}
    return {f"{prefix}start": span.start, f"{prefix}end": span.end, f"{prefix}text": span.text}


def rows_of(story_id: str, metadata: str | None, analysis: Analysis) -> dict[str, list[dict]]:
    """Analysis -> {table: rows} for every table but errors; absent slots give no rows."""
    cast, arc, claims, ledger, timeline, style = (analysis.cast, analysis.arc, analysis.claims, analysis.ledger,
                                                  analysis.timeline, analysis.style)
    reveal = ledger.reveal if ledger is not None else None
    chars = len(analysis.text)
    story = {
        "id": story_id,
        "metadata": metadata,
        "title": analysis.info.title,
        "format": analysis.info.format,
        "encoding": analysis.info.encoding,
        "chars": chars,
        "words": analysis.info.words,
        "paragraphs": len(analysis.paragraphs),
        "sentences": len(analysis.sentences),
        "warnings": list(analysis.info.warnings),
        "narration": cast.narration if cast else None,
        "shape": arc.shape if arc else None,
        "shape_confidence": arc.confidence if arc and arc.shape else None,  # NULL, not 0, for no shape
        "shape_scores": {_shape_column(s): arc.shape_scores.get(s) for s in SHAPES}
        if arc and any(arc.shape_scores.values()) else None,
        "arc": list(arc.points) if arc and arc.points else None,
        "reveal_position": reveal.position if reveal else None,
        "reveal_sentence": reveal.sentence.text if reveal else None,
        "reveal_sentence_index": reveal.sentence_index if reveal else None,
        "reveal_score": reveal.score if reveal else None,
        "reveal_by_position_only": all(r.startswith("position") for r in reveal.reasons) if reveal else None,
        "n_characters": len(cast.characters) if cast else None,
        "n_quotes": len(cast.quotes) if cast else None,
        "n_claims": len(claims.items) if claims else None,
        "n_refutations": len(ledger.refutations) if ledger else None,
        "n_time_expressions": len(timeline.expressions) if timeline else None,
        "n_time_jumps": len(timeline.jumps) if timeline else None,
        "n_flashbacks": len(timeline.flashbacks) if timeline else None,
        "first_flashback_position": round(timeline.flashbacks[0].start / chars, 4)
        if timeline and timeline.flashbacks and chars else None,
        "n_media": len(analysis.media),
        "n_ai_media": sum(m.ai_generated for m in analysis.media),
        "dialogue_share": style.dialogue_share if style else None,
        "formula_score": style.formula_score if style else None,
        "schema_version": analysis.schema_version,
    }
    rows: dict[str, list[dict]] = {name: [] for name in TABLES if name != "errors"}
    rows["stories"].append(story)
    labels = {c.id: c.label for c in cast.characters} if cast else {}
    if cast:
        rows["characters"] = [
            {"story_id": story_id, "character_id": c.id, "label": c.label, "kind": c.kind, "gender": c.gender,
             "plural": c.plural, "importance": c.importance, "mention_count": c.mention_count,
             "first_mention": c.first_mention, "aliases": list(c.aliases)}
            for c in cast.characters]
        rows["quotes"] = [
            {"story_id": story_id, "index": i, **_spanned(q), "speaker": q.speaker,
             "speaker_label": labels.get(q.speaker) if q.speaker else None, "confidence": q.confidence,
             "method": q.method}
            for i, q in enumerate(cast.quotes)]
    if claims:
        rows["claims"] = [
            {"story_id": story_id, "claim_id": c.id, "sentence": c.sentence, **_spanned(c), "subject": c.subject,
             "subject_character": c.subject_character, "predicate": c.predicate, "polarity": c.polarity,
             "modality": c.modality, "source": c.source}
            for c in claims.items]
    if ledger:
        rows["refutations"] = [
            {"story_id": story_id, "claim": r.claim, "refuted_by": r.refuted_by, "kind": r.kind,
             "confidence": r.confidence, **_spanned(r.belief, "belief_"), **_spanned(r.refutation, "refutation_")}
            for r in ledger.refutations]
        rows["beliefs"] = [
            {"story_id": story_id, "belief_id": b.id, "claim_id": b.claim, "holder": b.holder,
             "holder_label": labels.get(b.holder), "source": b.source, "source_label": labels.get(b.source),
             "status": b.status, **_spanned(b.evidence, "evidence_"), **_spanned(b.refutation, "refutation_"),
             "deceiver": b.deceiver, "deceiver_label": labels.get(b.deceiver)}
            for b in ledger.beliefs]
    if timeline:
        rows["time_expressions"] = [
            {"story_id": story_id, "expression_id": t.id, "type": t.type, "value": t.value,
             "direction": t.direction, "anchor": t.anchor, "sentence": t.sentence, **_spanned(t)}
            for t in timeline.expressions]
    rows["media"] = [
        {"story_id": story_id, "index": m.index, "caption": m.caption, "credit": m.credit,
         "ai_generated": m.ai_generated, "generator": m.generator, "offset": m.offset}
        for m in analysis.media]
    return rows


def error_row(story_id: str, stage: str, reason: object) -> dict:
    """An errors row; the reason is squeezed onto one line of at most 500 characters."""
    line = " ".join(str(reason).split())
    return {"id": story_id, "stage": stage, "reason": line[:497] + "..." if len(line) > 500 else line}


def analysis_line(story_id: str, metadata: str | None, analysis: Analysis) -> str:
    """One line of the analyses JSONL: {"id", "metadata", "analysis"}."""
    return f'{{"id":{json.dumps(story_id)},"metadata":{metadata or "null"},"analysis":{analysis.model_dump_json()}}}\n'


def to_table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def to_parquet(name: str, rows: list[dict]) -> bytes:
    """Rows -> the bytes of a zstd-compressed Parquet file with the table's schema."""
    sink = io.BytesIO()
    pq.write_table(to_table(name, rows), sink, compression="zstd")
    return sink.getvalue()
