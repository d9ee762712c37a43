"""nlp.py: long texts are parsed in pieces that join back into the Doc the whole text would give, and a
parse (or a whole analysis) stops between pieces and stages once its caller gives up."""

from __future__ import annotations

from threading import Event

import pytest
from conftest import STORY_PATHS

from fabula import ingest, limits, nlp, pipeline
from fabula.errors import Cancelled, InputError


def long_text(separator: str = "\n\n") -> str:
    return separator.join(path.read_text("utf-8") for path in STORY_PATHS)


def test_pieces_join_back_and_are_cut_before_a_paragraph_when_there_is_one():
    text = long_text()
    pieces = nlp.chunk_text(text, size=5_000)
    assert "".join(pieces) == text
    assert len(pieces) > 10 and all(0 < len(p) <= 5_000 for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])  # each cut falls just before a paragraph


def test_without_paragraphs_pieces_end_after_a_sentence_and_without_spaces_they_are_cut_hard():
    text = long_text(" ").replace("\n", " ")
    pieces = nlp.chunk_text(text, size=5_000)
    assert "".join(pieces) == text
    assert all(p.rstrip()[-1] in ".!?…”’\"')" for p in pieces[:-1])
    wall = "x" * 12_000
    assert nlp.chunk_text(wall, size=5_000) == [wall[:5_000], wall[5_000:10_000], wall[10_000:]]


def test_a_long_story_parses_to_the_tokens_of_the_whole_text():
    story = ingest.read_text(long_text(), fmt="text")
    assert len(nlp.chunk_text(story.text)) > 1
    doc = nlp.parse(story)
    whole = nlp.tokenize(story.text)
    assert doc.text == story.text and doc.has_annotation("DEP")
    assert [(t.text, t.whitespace_, t.idx) for t in doc] == [(t.text, t.whitespace_, t.idx) for t in whole]
    sentences = list(doc.sents)
    assert len(sentences) > 500 and all(s.text.strip() for s in sentences)


def test_parse_many_returns_long_and_short_stories_in_order():
    stories = [ingest.read_text(text, fmt="text") for text in ("A short one. It ends.", long_text(), "Another short one.")]
    out = list(nlp.parse_many(stories, batch_size=2))
    assert [s for s, _ in out] == stories
    assert [d.text for _, d in out] == [s.text for s in stories]


def test_a_long_story_over_the_sentence_limit_stops_while_parsing(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(limits, "MAX_SENTENCES", 300)
    story = ingest.read_text("Go. " * 5_000, fmt="text")  # 5,000 sentences in 10 pieces
    with pytest.raises(InputError, match="over 300 sentences, the limit"):
        nlp.parse(story)
    assert nlp.parse(ingest.read_text("Go. " * 200, fmt="text")).text.count("Go.") == 200


class StopAfter(Event):
    """A stop signal that reads as set from its (n+1)-th check on, counting the checks made."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.checks = n, 0

    def is_set(self) -> bool:
        self.checks += 1
        return self.checks > self.n


def test_a_stopped_parse_ends_before_its_next_piece(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 2_000)
    story = ingest.read_text(long_text(), fmt="text")
    pieces = len(nlp.chunk_text(story.text))
    stop = StopAfter(2)
    with pytest.raises(Cancelled):
        nlp.parse(story, stop)
    assert pieces > 10 and stop.checks == 3  # two pieces parsed, the third never started
    assert nlp.parse(story, Event()).text == story.text  # a signal never set changes nothing


def test_a_stopped_analysis_ends_before_its_next_analyzer():
    story = ingest.read_text(STORY_PATHS[0].read_text("utf-8"), fmt="text")
    whole = pipeline.run(story)
    never = StopAfter(10**6)
    assert pipeline.run(story, never) == whole
    for stage in range(never.checks):
        stop = StopAfter(stage)
        with pytest.raises(Cancelled):
            pipeline.run(story, stop)
        assert stop.checks == stage + 1


def test_an_abbreviated_title_keeps_its_period_and_its_name():
    story = ingest.read_text("Mme. Loisel danced all night. At dawn Capt. Forestier drove her home.", fmt="text")
    doc = nlp.parse(story)
    assert [t.text for t in doc[:2]] == ["Mme.", "Loisel"]
    assert len(list(doc.sents)) == 2  # no sentence ends after "Mme." or "Capt."


def test_no_sentence_starts_right_after_a_comma_within_a_line():
    story = ingest.read_text("The summer I was nine, Grandpa taught me how to graft apple trees. He was patient.\n\n"
                             "Very respectfully,\nSam")
    texts = [s.text for s in pipeline.sentences(story, nlp.parse(story))]
    assert texts[0] == "The summer I was nine, Grandpa taught me how to graft apple trees."
    assert "Very respectfully," in texts and "Sam" in texts  # a letter's closing line stays its own


def test_a_closing_quotation_mark_stays_with_its_sentence():
    story = ingest.read_text('The station was empty.\n\n"I wanted to."\n\n"People change."\n\n"Not you, Jonah."\n\n'
                             "He smiled (the old smile.) She did not.", fmt="text")
    texts = [s.text for s in pipeline.sentences(story, nlp.parse(story))]
    assert '"People change."' in texts and not [t for t in texts if not any(c.isalpha() for c in t)]


def test_a_typographic_apostrophe_parses_like_a_straight_one():
    text = ("“That’s not my signature,” Ruth said. “I don’t sign things I haven’t read, and he’s gone anyway. "
            "Let’s go. There’s a man at the door, ma’am.”")
    curly, straight = (nlp.parse(ingest.read_text(t, fmt="text")) for t in (text, text.replace("’", "'")))
    read = [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_.replace("’", "'"), t.norm_) for t in curly]
    assert read == [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.norm_) for t in straight]
    contraction = next(t for t in curly if t.text == "’s")
    assert (contraction.lemma_, contraction.pos_) == ("be", "AUX")
    assert [t.dep_ for t in curly if t.text == "n’t"] == ["neg", "neg"]
