"""Rule 2 of the house: every span in every analysis quotes exactly the text it points to."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from conftest import STORY_PATHS, analysis_of
from fabula.model import Span


def spans_in(value):
    """Every Span anywhere inside a model, list or dict."""
    if isinstance(value, Span):
        yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from spans_in(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from spans_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from spans_in(item)


@pytest.mark.parametrize("path", STORY_PATHS, ids=lambda p: p.stem)
def test_every_span_equals_its_slice_of_the_story_text(path):
    analysis = analysis_of(path)
    spans = list(spans_in(analysis))
    assert len(spans) >= len(analysis.sentences) + len(analysis.paragraphs)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(analysis.text)
        assert analysis.text[span.start:span.end] == span.text, span


@pytest.mark.parametrize("path", STORY_PATHS, ids=lambda p: p.stem)
def test_sentences_cover_the_text_in_order_within_paragraphs(path):
    analysis = analysis_of(path)
    previous_end = 0
    for sentence in analysis.sentences:
        paragraph = analysis.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
        assert sentence.start >= previous_end
        assert not analysis.text[previous_end:sentence.start].strip()
        previous_end = sentence.end


def test_dream_job_media_leave_no_caption_in_any_sentence(dream_job):
    assert len(dream_job.media) == 8
    assert [m.ai_generated for m in dream_job.media].count(True) == 3
    for item in dream_job.media:
        assert all(item.raw not in s.text and "Source:" not in s.text for s in dream_job.sentences)
        assert 0 < item.offset < len(dream_job.text)


def test_dream_job_scraped_text_is_repaired(dream_job):
    texts = [s.text for s in dream_job.sentences]
    assert "That’s what I told everyone." in texts
    assert not any("job.That" in t for t in texts)
