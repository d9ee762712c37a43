"""The emotional arc: valence and emotions per sentence, smoothing, shape, turning points, chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from rich.console import Console

import fabula
from conftest import STORY_PATHS, analysis_of
from fabula import ingest, nlp, pipeline
from fabula.analyzers.arc import GRID, analyze_arc, classify, compound, grid, smooth
from fabula.analyzers.quotes import quote_spans
from fabula.model import Arc, Span, TurningPoint
from fabula.render import terminal
from fabula.render.charts import arc_svg

X = np.linspace(0.0, 1.0, 80)
NOISE = np.random.default_rng(7).normal(0.0, 0.15, len(X))


def through(*values: float) -> np.ndarray:
    """A piecewise-linear sequence through evenly spaced values, with a little fixed noise."""
    return np.interp(X, np.linspace(0.0, 1.0, len(values)), values) + NOISE


def arc_of(text: str, **options) -> Arc:
    story = ingest.read_text(text)
    doc = nlp.parse(story)
    return analyze_arc(story, doc, pipeline.sentences(story, doc), **options)


@pytest.mark.parametrize(("values", "shape"), [
    ((-1, 1), "rags-to-riches"),
    ((1, -1), "riches-to-rags"),
    ((1, -1, 1), "man-in-a-hole"),
    ((-1, 1, -1), "icarus"),
    ((-1, 1, -1, 1), "cinderella"),
    ((1, -1, 1, -1), "oedipus"),
])
@pytest.mark.parametrize("smoothing", ["gaussian", "dct"])
def test_synthetic_sequences_get_their_shape(values, shape, smoothing):
    points = smooth(X, through(*values), smoothing=smoothing)
    found, scores, confidence = classify(points)
    assert found == shape
    assert scores[shape] == max(scores.values()) > 0.8
    assert confidence > 0.5


def test_constant_input_is_a_flat_arc_with_low_confidence_for_every_shape():
    points = smooth(X, np.full(len(X), 0.4))
    assert np.allclose(points, 0.4)
    shape, scores, confidence = classify(points)
    assert shape is None and confidence == 0.0
    assert set(scores) == {"rags-to-riches", "riches-to-rags", "man-in-a-hole", "icarus", "cinderella", "oedipus"}
    assert all(score == 0.0 for score in scores.values())


@pytest.mark.parametrize("periods", [5, 8, 12])
def test_an_arc_that_no_shape_fits_gets_no_shape(periods):
    # swings hard but zigzags: every polyline of 1-3 moves fits worse than the arc's mean
    points = np.sin(2 * np.pi * periods * grid())
    shape, scores, confidence = classify(points)
    assert points.std() > 0.5
    assert shape is None and confidence == 0.0
    assert all(score == 0.0 for score in scores.values())


def test_neutral_story_is_flat_end_to_end():
    arc = arc_of("The box stood on the table. The door was made of wood. A clock hung on the wall. "
                 "The window faced the street. The chair was near the door.")
    assert arc.shape is None and arc.confidence == 0.0 and arc.turning_points == []
    assert arc.z == [0.0] * GRID


def test_gaussian_smoothing_of_a_step_does_not_overshoot_or_tie_the_ends():
    step = np.where(X < 0.5, -1.0, 1.0)
    points = smooth(X, step)
    assert points.min() >= -1.0 - 1e-9 and points.max() <= 1.0 + 1e-9
    assert points[0] == pytest.approx(-1.0, abs=1e-3) and points[-1] == pytest.approx(1.0, abs=1e-3)
    assert np.all(np.diff(points) >= -1e-12)  # monotone: no ringing anywhere
    ringing = smooth(X, step, smoothing="dct")
    assert ringing.max() > 1.0  # the DCT low-pass, kept selectable, rings at the same step


def test_valence_keeps_vader_negation_and_caps():
    arc = arc_of("The day was good. The day was not good. The day was GOOD!")
    good, not_good, caps = arc.valence
    assert good > 0 > not_good
    assert caps > good


def test_compound_equals_vader_on_every_fixture_sentence_and_emoji():
    """The shortcut for text without lexicon words must never change VADER's score."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    texts = [s.text for path in STORY_PATHS for s in analysis_of(path).sentences]
    texts += ["She smiled 😀 at him", "🙂", "kind of :)", "no", "NO WAY", "The door opened.", ""]
    skipped = [t for t in texts if not vader.polarity_scores(t)["compound"]]
    assert len(skipped) > len(texts) // 4  # the shortcut has work to do
    assert [compound(t) for t in texts] == [vader.polarity_scores(t)["compound"] for t in texts]
    assert compound("She smiled 😀 at him") > 0


def test_quoted_words_are_weighted_by_quote_weight():
    text = "“I hate you and everything you ruined,” she said."
    assert [(q.start, q.end) for q in quote_spans(ingest.read_text(text))] == [(1, text.index("”"))]
    assert arc_of(text, quote_weight=1.0).valence[0] < -0.5
    assert arc_of(text, quote_weight=0.0).valence[0] == 0.0
    assert arc_of(text, quote_weight=1.0).valence[0] < arc_of(text).valence[0] < 0


def test_nrc_emotions_use_the_token_lemmas():
    arc = arc_of("They feared the murders. We celebrated the wedding.")
    assert arc.emotions["fear"][0] > 0 and arc.emotions["fear"][1] == 0
    assert arc.emotions["joy"][1] > 0
    assert set(arc.emotions) == {"anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust"}


def test_dct_smoothing_is_selectable_and_named():
    arc = arc_of("It was a lovely morning. Then the storm destroyed everything. We rebuilt it with joy.",
                 smoothing="dct")
    assert arc.smoothing.startswith("dct") and len(arc.points) == GRID


@pytest.mark.parametrize("path", STORY_PATHS, ids=lambda p: p.stem)
def test_fixture_arcs_share_one_grid_and_quote_their_turning_points(path):
    analysis = analysis_of(path)
    arc = analysis.arc
    assert len(arc.valence) == len(arc.fortune) == len(analysis.sentences)
    assert arc.protagonist in {c.id for c in analysis.cast.characters}
    assert all(len(values) == len(analysis.sentences) for values in arc.emotions.values())
    assert len(arc.points) == len(arc.z) == GRID
    assert abs(np.mean(arc.z)) < 1e-3 and np.std(arc.z) == pytest.approx(1.0, abs=1e-3)
    if arc.shape is None:  # the cask's fortune turns four times: no shape of one to three moves fits
        assert path.stem == "cask_of_amontillado" and max(arc.shape_scores.values()) == 0.0
    else:
        assert arc.shape_scores[arc.shape] == max(arc.shape_scores.values())
    kinds = [t.kind for t in arc.turning_points]
    assert len(kinds) >= 2 and all(a != b for a, b in zip(kinds, kinds[1:]))
    for point in arc.turning_points:
        sentence = analysis.sentences[point.sentence_index]
        assert (point.sentence.start, point.sentence.end) == (sentence.start, sentence.end)
        assert abs((sentence.start + sentence.end) / 2 / len(analysis.text) - point.position) < 0.1


def test_dream_job_lowest_trough_falls_in_the_final_third(dream_job):
    troughs = [t for t in dream_job.arc.turning_points if t.kind == "trough"]
    lowest = min(troughs, key=lambda t: t.value)
    assert lowest.position >= 2 / 3
    assert lowest.value == min(dream_job.arc.points)


def test_arc_svg_is_self_contained_escaped_and_marks_the_reveal():
    arc = Arc(valence=[0.1, -0.4], smoothing="gaussian", points=list(np.sin(np.linspace(0, 3, GRID))),
              z=[0.0] * GRID, shape="icarus", confidence=0.7,
              turning_points=[TurningPoint(kind="peak", position=0.5, value=1.0, sentence_index=0,
                                           sentence=Span(start=0, end=21, text='<script>"x" & y</script>'))])
    svg = arc_svg(arc, reveal_position=0.8, width=300, height=120)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("width") == "300"
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp; y" in svg
    assert 'class="reveal"' in svg and 'class="peak"' in svg
    assert 'class="reveal"' not in arc_svg(arc)


def test_arc_svg_draws_the_tone_beside_the_fortune_only_where_they_differ():
    fortune = list(np.sin(np.linspace(0, 3, GRID)))
    arc = Arc(valence=[0.1], smoothing="gaussian", points=fortune, tone_points=[-2.0] * GRID, z=[0.0] * GRID)
    svg = arc_svg(arc, width=300, height=120)
    tone = next(e for e in ET.fromstring(svg).iter() if e.get("class") == "tone")
    assert max(float(p.split(",")[1]) for p in tone.get("points").split()) <= 120  # the scale holds the tone too
    assert 'class="tone"' not in arc_svg(arc.model_copy(update={"tone_points": fortune}))


def test_terminal_summary_shows_the_arc_line(dream_job):
    console = Console(record=True, width=160)
    console.print(terminal.summary(dream_job))
    output = console.export_text()
    line = next(row for row in output.splitlines() if row.startswith("arc"))
    assert dream_job.arc.shape in line and any(c in line for c in terminal.SPARKS)


def test_pipeline_fills_the_arc_slot():
    analysis = fabula.analyze("He left me. I was heartbroken. Years later I found joy again, and I was happy.")
    assert analysis.arc is not None and len(analysis.arc.valence) == len(analysis.sentences) == 3


def test_a_text_of_a_few_sentences_names_no_shape():
    few = fabula.analyze("He left me. I was heartbroken. Years later I found joy again, and I was happy.").arc
    assert few.shape is None and few.confidence == 0.0 and few.points and not any(few.shape_scores.values())
    story = " ".join(["He left me and I was heartbroken."] * 5 + ["Years later I found joy again and I was happy."] * 6)
    assert fabula.analyze(story).arc.shape is not None


def test_a_twist_in_the_last_tenth_keeps_its_fall():
    """Fall, recovery, then a sudden fall after 90% of the story: the default smoother keeps the
    final move, so the shape is oedipus, not man-in-a-hole (a kernel four times wider loses it)."""
    values = np.interp(X, [0.0, 0.4, 0.8, 1.0], [0.5, -1.0, 1.0, 1.0])
    values[X > 0.92] = -1.0
    assert classify(smooth(X, values + NOISE))[0] == "oedipus"
    assert classify(smooth(X, values + NOISE, bandwidth=0.2))[0] == "man-in-a-hole"
