"""Claims: polarity, modality and source of clauses in hand-written sentences and in the fixtures."""

from __future__ import annotations

import pytest

from fabula import ingest, nlp
from fabula.analyzers.claims import analyze_claims


def claims_of(text: str):
    story = ingest.read_text(text)
    return analyze_claims(story, nlp.parse(story), None).items


def claim_with(text: str, predicate: str):
    matches = [c for c in claims_of(text) if c.predicate == predicate]
    assert matches, f"no claim with predicate {predicate!r} in {text!r}: {[c.predicate for c in claims_of(text)]}"
    return matches[0]


POLARITY = [
    ("He moved across the country.", "move", "positive"),
    ("He never moved across the country.", "move", "negative"),
    ("HE NEVER MOVED ACROSS THE COUNTRY.", "move", "negative"),
    ("He didn't leave me for his dream job.", "leave", "negative"),
    ("He didn’t leave me for his dream job.", "leave", "negative"),
    ("She wasn't at home that night.", "be", "negative"),
    ("It wasn’t what he expected.", "be", "negative"),
    ("I do not know the man.", "know", "negative"),
    ("I don’t know anything.", "know", "negative"),
    ("Nobody saw the letter.", "see", "negative"),
    ("He saw nothing in the garden.", "see", "negative"),
    ("There was no letter on the table.", "be", "negative"),
    ("That boy is nobody's nephew.", "be", "negative"),
    ("That boy is somebody's nephew.", "be", "positive"),
    ("The letter arrived on Monday.", "arrive", "positive"),
    ("He left me because I wouldn't follow him.", "leave", "positive"),
    ("He left me because I wouldn't follow him.", "follow", "negative"),
]


POLARITY += [
    ("She no longer had the necklace.", "have", "negative"),
    ("He never again saw the sea.", "see", "negative"),
    # a negated adverb that is not "no longer" does not deny the verb
    ("He stayed no longer than an hour.", "stay", "positive"),
    ("No sooner had he arrived than the rain began.", "arrive", "positive"),
    ("He saw her not once but twice.", "see", "positive"),
    # an exceptive "nothing but" says what there is
    ("There was nothing else but grass in the field.", "be", "positive"),
    ("Nobody but her came to the door.", "come", "positive"),
    ("There was nothing in the box.", "be", "negative"),
]


@pytest.mark.parametrize("text, predicate, polarity", POLARITY)
def test_polarity(text, predicate, polarity):
    assert claim_with(text, predicate).polarity == polarity


MODALITY = [
    ("I thought he had moved to Chicago.", "move", "belief"),
    ("She believed the letter was genuine.", "be", "belief"),
    ("He left me for his dream job. That's what I told everyone.", "leave", "belief"),
    ("He left me for his dream job. That’s what I told myself.", "leave", "belief"),
    ("He was a good man. For so long, it was my truth.", "be", "belief"),
    ("I heard he took a job closer to home.", "take", "hearsay"),
    ("She said he had sold the farm.", "sell", "hearsay"),
    ("Maybe he sold the farm.", "sell", "speculation"),
    ("He must have sold the farm.", "sell", "speculation"),
    ("He might come back in the spring.", "come", "speculation"),
    ("Was I wrong?", "be", "question"),
    ("Did he really sell the farm?", "sell", "question"),
    ("He sold the farm in May.", "sell", "assertion"),
    ("He couldn't live without the job.", "live", "assertion"),
    ("“Are they your men?” asked Georg.", "be", "question"),  # the quote's own "?" ends its clause
    ("“They are your men,” said Georg. “Go on?”", "be", "assertion"),
    ("The farm, she said, was sold in May.", "sell", "hearsay"),  # a report verb set in the clause
    ("The farm, I say, was sold in May.", "sell", "assertion"),  # a narrator's present "I say" is to the reader
    ("The door was open; I said nothing.", "be", "assertion"),  # nothing was said
    ("She did not say that he had sold the farm.", "sell", "assertion"),
    ("The farm, she says, was sold in May.", "sell", "hearsay"),  # present-tense narration reports it too
    # a clause beside a report or belief verb (coordinated, adverbial) is not what it reports
    ("He heard a shot and something struck the water beside him.", "strike", "assertion"),
    ("He thought about the letter and smiled.", "smile", "assertion"),
    ("He told the joke again as she rose from the table.", "rise", "assertion"),
    ("She said that he had left and that he had sold the farm.", "sell", "hearsay"),
    ("I believed that she was honest and that the letter was genuine.", "be", "belief"),
    # what one hears happen is perceived, not reported
    ("He heard the shot humming through the air.", "hum", "assertion"),
    ("She heard that he had sold the farm.", "sell", "hearsay"),
    # a clause closed by a semicolon before the belief verb is a sentence of its own
    ("His mind was quick; he thought of the river and the road.", "be", "assertion"),
    ("He was right, she thought.", "be", "belief"),
    # a condition is supposed, not said to be so, in a question too
    ("If he sold the farm, we will leave.", "sell", "speculation"),
    ("“Would they have helped her if she hadn’t paid?” asked Nell.", "pay", "speculation"),
]


@pytest.mark.parametrize("text, predicate, modality", MODALITY)
def test_modality(text, predicate, modality):
    assert claim_with(text, predicate).modality == modality


def test_source_of_narration_is_the_narrator():
    assert claim_with("He sold the farm in May.", "sell").source == "narrator"


def test_source_of_a_rumour():
    assert claim_with("I heard he took a job closer to home.", "take").source == "rumour"


def test_source_of_reported_speech_is_the_reporter():
    assert claim_with("She said he had sold the farm.", "sell").source == "she"


def test_source_of_a_quote_is_its_speaker():
    claim = claim_with("“I don’t know anything,” she said.", "know")
    assert claim.source == "she"
    assert claim.quoted
    assert claim.subject_key == "she"  # 'I' inside her quote is the speaker


def test_source_of_an_unattributed_quote():
    assert claim_with("“Your mother has your siblings.”", "have").source == "quoted"


def test_quoted_speech_is_not_hearsay():
    claim = claim_with("“You can get another job,” he said.", "get")
    assert claim.modality == "assertion"
    assert claim.source == "he"


def test_subject_key_resolves_first_person_to_the_narrator():
    assert claim_with("I loved him.", "love").subject_key == "narrator"


def test_core_holds_modifier_content_words():
    claim = claim_with("He had moved across the country for his DREAM JOB.", "move")
    assert {"country", "dream", "job"} <= set(claim.core)
    assert "across the country" in claim.modifiers


def test_claim_spans_point_into_the_text(dream_job):
    assert dream_job.claims is not None and len(dream_job.claims.items) > 100
    for claim in dream_job.claims.items:
        assert dream_job.text[claim.start:claim.end] == claim.text
        sentence = dream_job.sentences[claim.sentence]
        assert sentence.start <= claim.start and claim.end <= sentence.end


def test_a_signed_letter_speaks_for_its_signer():
    text = ('The man handed him a note. "Bob: I was at the place on time. I could not do it myself. JIMMY." '
            'He read it twice.')
    claim = claim_with(text, "do")
    assert claim.source == "jimmy" and claim.subject_key == "jimmy"


def test_a_quotation_ending_on_a_called_name_is_no_letter():
    text = 'He ran to the door. "I could not do it myself. Come back. Jimmy." He sat down.'
    assert claim_with(text, "do").source != "jimmy"


def test_a_report_by_an_indefinite_pronoun_is_a_rumour():
    assert claim_with("Someone said he had sold the farm.", "sell").source == "rumour"
    assert claim_with("She said he had sold the farm.", "sell").source == "she"


def test_an_impersonal_it_is_said_is_a_rumour():
    assert claim_with("It was said that the old miller had hidden his gold.", "hide").source == "rumour"


def test_a_participle_hung_on_a_speech_verb_is_not_what_was_said():
    text = "“Twenty dollars,” said the woman, lifting the mass with a practised hand."
    lifting = claim_with(text, "lift")
    assert (lifting.modality, lifting.source) == ("assertion", "narrator")
    assert claim_with("She said that he was lifting the sacks.", "lift").modality == "hearsay"
