"""Refutations, the belief ledger and the reveal: hand-written pairs and the dream-job story."""

from __future__ import annotations

from conftest import DREAM_JOB, gold_of

from fabula import ingest, nlp
from fabula.analyzers.claims import analyze_claims
from fabula.analyzers.reveal import analyze_reveal
from fabula.model import Story, StoryInfo


def ledger_of(text: str):
    story = ingest.read_text(text)
    doc = nlp.parse(story)
    return analyze_reveal(story, doc, None, analyze_claims(story, doc, None), None, None)


def refuted(text: str) -> list[tuple[str, str, str]]:
    return [(r.belief.text, r.refutation.text, r.kind) for r in ledger_of(text).refutations]


def test_negation_with_the_same_event_core_is_a_refutation():
    pairs = refuted("He had moved across the country for his new job. We never spoke again. "
                    "HE NEVER MOVED ACROSS THE COUNTRY.")
    assert pairs == [("He had moved across the country for his new job", "HE NEVER MOVED ACROSS THE COUNTRY",
                      "negation")]


def test_negated_belief_is_refuted_by_a_later_assertion():
    pairs = refuted("Tom didn't steal the ring. Everyone knew it. Later the police found out. Tom stole the ring.")
    assert len(pairs) == 1 and pairs[0][1] == "Tom stole the ring"


def test_repeating_a_claim_is_not_a_refutation():
    assert refuted("He moved across the country. Months went by. He had moved across the country.") == []


def test_opposite_polarity_about_something_else_is_not_a_refutation():
    assert refuted("He didn't see the letter. Then he saw the sea, grey and cold.") == []


def test_negation_by_another_subject_is_not_a_refutation():
    assert refuted("He moved across the country. She never moved across the country.") == []


def test_broken_denial_names_the_denier_as_deceiver():
    ledger = ledger_of("She kept saying, “I don’t know anything about the money.” I begged her. "
                       "Finally, she broke. She had taken the money.")
    assert [r.kind for r in ledger.refutations] == ["debunk"]
    belief = next(b for b in ledger.beliefs if b.status == "refuted")
    assert belief.deceiver == "she"
    assert [state.status for state in belief.history] == ["asserted", "refuted"]


def test_belief_is_doubted_before_it_is_refuted():
    ledger = ledger_of("He left for his dream job. That's what I told myself. Was I wrong? "
                       "He didn't leave for his dream job. He lied to me.")
    belief = next(b for b in ledger.beliefs if b.status == "refuted")
    assert [state.status for state in belief.history] == ["asserted", "doubted", "refuted"]
    assert belief.deceiver == "he"


def test_reveal_prefers_the_emphatic_refutation():
    text = ("He had moved across the country. I missed him every day. The garden grew wild. "
            "Then my friend called. HE NEVER MOVED ACROSS THE COUNTRY. I sat down. The tea was cold.")
    reveal = ledger_of(text).reveal
    assert reveal.sentence.text == "HE NEVER MOVED ACROSS THE COUNTRY."
    assert any(reason.startswith("refutation") for reason in reveal.reasons)
    assert reveal.candidates and all(c.score <= reveal.score for c in reveal.candidates)


def test_empty_story_has_no_reveal():
    story = Story(info=StoryInfo(), text="", paragraphs=[])
    doc = nlp.parse(story)
    ledger = analyze_reveal(story, doc, None, analyze_claims(story, doc, None))
    assert ledger.reveal is None and ledger.refutations == [] and ledger.beliefs == []


def _sentences_of(analysis, quote):
    start = analysis.text.find(quote)
    return {s.index for s in analysis.sentences if s.start < start + len(quote) and s.end > start}


def _sentences_of_span(analysis, span):
    return {s.index for s in analysis.sentences if s.start < span.end and s.end > span.start}


def test_dream_job_reveal_lands_on_the_twist(dream_job):
    gold = _sentences_of(dream_job, gold_of(DREAM_JOB)["reveal"]["quote"])
    assert any(abs(dream_job.ledger.reveal.sentence_index - index) <= 1 for index in gold)


def test_dream_job_ledger_holds_the_overturned_beliefs(dream_job):
    ledger = dream_job.ledger
    found = 0
    for item in gold_of(DREAM_JOB)["overturned_beliefs"]:
        beliefs = _sentences_of(dream_job, item["belief_quote"])
        refutations = _sentences_of(dream_job, item["refutation_quote"])
        pairs = [r for r in ledger.refutations if _sentences_of_span(dream_job, r.belief) & beliefs
                 and _sentences_of_span(dream_job, r.refutation) & refutations]
        if pairs:
            found += 1
            claim_ids = {r.claim for r in pairs}
            deceivers = {b.deceiver for b in ledger.beliefs if b.claim in claim_ids}
            assert deceivers - {None}, f"no deceiver for {item['belief']}"
    assert found >= 4
    assert len(ledger.refutations) <= 12  # the ledger is not flooded with pairs


def test_mistaken_identity_is_refuted_by_a_denied_name():
    pairs = refuted('The door opened. "Is that you, Jimmy Wells?" asked the man in the door. '
                    'They walked on together. "You\'re not Jimmy Wells," he snapped.')
    assert [(kind, "Jimmy Wells" in belief) for belief, _, kind in pairs] == [("negation", True)]
