"""The protagonist's experienced states (analyzers/fortune.py) and the arc of fortune they make.

Every text here is invented for the test."""

from __future__ import annotations

import numpy as np
import pytest

import fabula
from fabula import ingest, nlp, pipeline
from fabula.analyzers.arc import FORTUNE_WEIGHT, analyze_arc
from fabula.analyzers.cast import analyze_cast
from fabula.analyzers.fortune import _words, experiencer_states, protagonist, state_clauses


def read(text: str):
    """(story, doc, sentences, cast, protagonist) of a text."""
    story = ingest.read_text(text)
    doc = nlp.parse(story)
    cast = analyze_cast(story, doc)
    return story, doc, pipeline.sentences(story, doc), cast, protagonist(cast)


def clauses_of(text: str):
    story, doc, sentences, _, hero = read(text)
    return story, state_clauses(doc, sentences, hero.mentions)


@pytest.mark.parametrize(("text", "kind", "words", "sign"), [
    ("Anna lived in a small town. She was miserable. Anna walked to the market.", "copula", "miserable", -1),
    ("Anna lived in a small town. She was not happy. Anna walked to the market.", "copula", "not happy", -1),
    ("Tom sat by the fire. Then he laughed. Tom went home.", "emotion-verb", "Then he laughed", 1),
    ("Anna lived in a small town. She was praised by everyone. Anna walked to the market.", "passive",
     "was praised by everyone", 1),
    ("John heard a noise in the dark. Fear seized him. John ran to the door.", "psych-object", "Fear seized", -1),
    ("Mary opened the letter. Her joy was plain to everyone. Mary sat down.", "poss-noun", "joy", 1),
])
def test_a_state_of_each_kind_is_found_in_its_sentence_with_its_sign(text, kind, words, sign):
    story, clauses = clauses_of(text)
    assert [(c.sentence, c.kind, story.text[c.start:c.end]) for c in clauses] == [(1, kind, words)]
    assert np.sign(clauses[0].score) == sign and clauses[0].weight == 1.0


def test_a_generic_verb_moves_its_object_only_with_an_emotion_word():
    assert clauses_of("John heard a noise in the dark. A guard seized him. John ran to the door.")[1] == []


def test_a_sentence_where_the_protagonist_is_not_the_experiencer_scores_zero():
    story, doc, sentences, cast, hero = read(
        "Anna lived in a small town. She saw that the baker was miserable. Anna walked to the market.")
    assert hero.label == "Anna"
    assert experiencer_states(doc, sentences, hero.mentions).tolist() == [0.0, 0.0, 0.0]


def test_a_quoted_mention_weighs_half():
    story, doc, sentences, _, hero = read("Anna walked to the market. “I am so happy,” Anna said. Anna went home.")
    (clause,) = state_clauses(doc, sentences, hero.mentions)
    assert clause.weight == 0.5 and clause.score > 0
    assert experiencer_states(doc, sentences, hero.mentions)[1] == pytest.approx(0.5 * clause.score)


def test_the_narrator_is_the_protagonist_of_a_first_person_story():
    story, doc, sentences, cast, hero = read(
        "I lived in a small town with my aunt. I was miserable. Then I laughed. My joy lasted a week.")
    assert cast.narration == "first-person" and hero.id == cast.narrator
    scores = experiencer_states(doc, sentences, hero.mentions)
    assert scores[0] == 0 and scores[1] < 0 < scores[2] and scores[3] > 0


def test_no_cast_means_no_protagonist():
    assert protagonist(None) is None


def test_the_word_list_has_its_five_roles():
    words = _words()
    assert set(words) == {"copula", "emotion-verb", "psych-verb", "psych-generic", "state-noun"}
    assert {"be", "laugh", "terrify", "seize", "joy"} <= words["copula"] | words["emotion-verb"] | words[
        "psych-verb"] | words["psych-generic"] | words["state-noun"]


NEUTRAL = ("Anna lived in a town by the river. She walked to the market every morning. The market stood near the "
           "old bridge. Anna bought bread and milk there. The baker opened his shop at seven. Anna carried the "
           "basket home.")
# each sentence balances Anna's state against the baker's opposite one, so its tone is 0
UP = "Anna was proud, and the baker was ashamed. Anna was delighted, and the baker was angry. " * 2
DOWN = "Anna was ashamed, and the baker was proud. Anna was angry, and the baker was delighted. " * 2
RISE_AND_FALL = " ".join([NEUTRAL, UP, NEUTRAL, DOWN]).strip()


def test_a_flat_toned_story_whose_protagonist_rises_and_falls_is_icarus_only_with_the_cast():
    story, doc, sentences, cast, hero = read(RISE_AND_FALL)
    tone = analyze_arc(story, doc, sentences)
    assert tone.valence == [0.0] * len(sentences) and tone.shape is None
    assert tone.fortune == tone.valence and tone.protagonist is None
    arc = analyze_arc(story, doc, sentences, cast)
    assert arc.valence == tone.valence  # the valence stays the tone of the words
    assert arc.protagonist == hero.id and hero.label == "Anna"
    assert arc.shape == "icarus"
    assert max(arc.fortune) == pytest.approx(FORTUNE_WEIGHT * max(c.score for c in state_clauses(
        doc, sentences, hero.mentions)), abs=1e-4)
    assert analyze_arc(story, doc, sentences, cast, fortune_weight=0.0).shape is None


def test_the_pipeline_gives_the_arc_the_cast():
    analysis = fabula.analyze(RISE_AND_FALL)
    assert analysis.arc.shape == "icarus" and analysis.arc.protagonist == analysis.cast.characters[0].id
    assert len(analysis.arc.fortune) == len(analysis.arc.valence) == len(analysis.sentences)
