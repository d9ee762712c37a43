"""Refutations, the belief ledger and the reveal: hand-written pairs and the dream-job story."""

from __future__ import annotations

import pytest
from conftest import DREAM_JOB, gold_of

import fabula
from fabula import ingest, nlp, pipeline
from fabula.analyzers.cast import analyze_cast
from fabula.analyzers.claims import analyze_claims
from fabula.analyzers.reveal import analyze_reveal
from fabula.analyzers.reveal.cues import cue_patterns, revelations
from fabula.model import Story, StoryInfo


def ledger_of(text: str):
    story = ingest.read_text(text)
    doc = nlp.parse(story)
    return analyze_reveal(story, doc, pipeline.sentences(story, doc), None, analyze_claims(story, doc, None))


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


def test_a_clause_inside_a_held_belief_is_not_a_belief_of_its_own():
    story = ingest.read_text("He left me for a job in the city. That is what I told everyone. "
                             "That was what I told myself, night after night. Maybe I was wrong.")
    doc = nlp.parse(story)
    claims = analyze_claims(story, doc, analyze_cast(story, doc))
    assert {"That is what I told everyone", "what I told everyone"} <= {c.text for c in claims.items}
    ledger = analyze_reveal(story, doc, pipeline.sentences(story, doc), analyze_cast(story, doc), claims)
    held = [b.evidence.text for b in ledger.beliefs]
    assert "That is what I told everyone" in held and "what I told everyone" not in held
    spans = [(b.evidence.start, b.evidence.end) for b in ledger.beliefs]
    assert not any(a != b and a[0] <= b[0] and b[1] <= a[1] for a in spans for b in spans)


def test_acronyms_that_style_does_not_count_as_shouting_give_the_reveal_no_capitals():
    analysis = pipeline.run(ingest.read_text("I went to the office that morning. Nothing seemed wrong. "
                                             "The FBI, CIA, NSA agents were waiting there. I sat down and waited."))
    assert not any(d.kind == "caps" for d in analysis.style.devices)
    assert not any(r.startswith("caps") for c in [analysis.ledger.reveal, *analysis.ledger.reveal.candidates]
                   for r in c.reasons)


def test_reveal_prefers_the_emphatic_refutation():
    text = ("He had moved across the country. I missed him every day. The garden grew wild. "
            "Then my friend called. HE NEVER MOVED ACROSS THE COUNTRY. I sat down. The tea was cold.")
    reveal = ledger_of(text).reveal
    assert reveal.sentence.text == "HE NEVER MOVED ACROSS THE COUNTRY."
    assert any(reason.startswith("refutation") for reason in reveal.reasons)
    assert reveal.candidates and all(c.score <= reveal.score for c in reveal.candidates)


def test_with_no_evidence_anywhere_the_twist_is_the_last_sentence():
    story = ("The young man sat on the bench every evening. He told the old clerk a sad tale about his hotel. "
             "The clerk gave him a sovereign and walked off into the dusk. Later the clerk found a cake of soap "
             "under the bench. He ran back with it. The young man took it. The clerk went home. "
             "How glad the young man had looked! \"It was his soap,\" said the clerk to nobody in particular.")
    reveal = ledger_of(story).reveal  # an exclamation near the end outscores the last sentence by its place
    assert reveal.sentence.text == "\"It was his soap,\" said the clerk to nobody in particular."
    assert not any(r.startswith(("refutation", "recognition", "shown", "caps", "cue")) for r in reveal.reasons)
    told = story.replace("The young man took it.", "The young man never took it. THE YOUNG MAN HAD LIED TO HIM.")
    assert ledger_of(told).reveal.sentence.text == "THE YOUNG MAN HAD LIED TO HIM."  # evidence wins over the end


SHOWN_LABEL = ("Mara ran the shop for three years. The orders came every week. She hired two helpers in May. "
               "The best customer lived in Ohio and paid on time. One box came back in the rain. "
               "Someone had stuck a yellow label on the top of it, and it said:\n\n"
               "Forward to Joan Pike, 88 Larch Court.\n\n"
               "Mara knew the address. She drove there that evening. Joan opened the door. "
               "They talked until midnight. The shop closed in the spring. Mara went back to the clinic. "
               "She kept one box in the garage.")


@pytest.mark.parametrize("lead", [
    "and it said:",
    "and I typed the number into the website, and the page said:",  # the teller acts, the page speaks
    "and I answered the door and the courier handed me a slip that read:",
])
def test_a_text_shown_after_a_colon_is_where_the_twist_lands(lead):
    text = SHOWN_LABEL.replace("and it said:", lead)
    reveal = fabula.analyze(text).ledger.reveal
    assert reveal.sentence.text == "Forward to Joan Pike, 88 Larch Court."
    assert any(reason.startswith("shown") for reason in reveal.reasons)


@pytest.mark.parametrize("lead, shown", [
    ("and Joan said:", "“Forward it to me, 88 Larch Court.”"),      # speech
    ("and Joan said:", "— Forward it to me, 88 Larch Court."),       # speech opened with a dash
    ("and Joan said:", "«Forward it to me, 88 Larch Court.»"),
    ("and Joan said, “Listen to me:", "Forward it to me, 88 Larch Court.”"),  # a quotation going on
    ("and then.\n\nEDIT:", "Forward to Joan Pike, 88 Larch Court."),         # a heading, no text announced
    ("and that night I wrote in my diary:", "Forward to Joan Pike, 88 Larch Court."),  # the teller's own writing
    ("and so I typed back to her:", "Forward to Joan Pike, 88 Larch Court."),
])
def test_speech_or_a_heading_after_a_colon_is_no_shown_text(lead, shown):
    text = SHOWN_LABEL.replace("and it said:\n\nForward to Joan Pike, 88 Larch Court.", f"{lead}\n\n{shown}")
    reveal = ledger_of(text).reveal
    assert not any(r.startswith("shown") for c in [reveal, *reveal.candidates] for r in c.reasons)


@pytest.mark.parametrize(("sentence", "count"), [
    ("Then she discovered the letter in his coat.", 1),
    ("A search was made, but of course nothing was to be discovered.", 0),
    ("Nowhere did he discover a road, and the night came on.", 0),
    ("It turned out that he had never left the city.", 1),
    ("The man turned out to be her brother.", 1),
    ("He turned out the light and lay down.", 0),
    ("Our son will never know that his mother sold the ring.", 1),
    ("But he never hesitated.", 0),
    ("I admit the deed!", 1),
    ("The maid admitted him to the parlour.", 0),
    ("He was admitted to the hospital that night.", 0),
    ("Tell you the truth, Bill, I am tired of the boy.", 0),
    ("To tell the truth, I was afraid of him.", 0),
    ("And then, to speak the truth, he never said much.", 0),
    ("She wanted to speak the truth at last.", 1),
    ("I will tell you the truth about your father.", 1),
    ("At last she told me the truth.", 1),
    # a negation in the clause before a subordinator does not reach the discovery after it
    ("It was not long before he realized that she was gone.", 1),
    ("Not until the morning did she discover the letter.", 1),
    ("No sooner had he entered than he realized his mistake.", 1),
    ("Nothing could have prepared her for what she discovered.", 1),
    ("He could not discover where the road led.", 0),
])
def test_revelation_cues_count_only_a_discovery_that_happens(sentence, count):
    assert revelations(cue_patterns()["revelation"], sentence) == count


def test_a_negated_discovery_does_not_outweigh_the_twist_at_the_end():
    text = ("The old house stood empty. Winter came and went. The neighbours forgot the affair. I lived quietly. "
            "The police came back in spring. They searched the cellar, but of course nothing was to be discovered. "
            "They left. Then the wall cracked open. Behind the bricks sat the cat I had walled up with the body.")
    assert ledger_of(text).reveal.sentence.text.startswith("Behind the bricks")


def test_empty_story_has_no_reveal():
    story = Story(info=StoryInfo(), text="", paragraphs=[])
    doc = nlp.parse(story)
    ledger = analyze_reveal(story, doc, [], None, analyze_claims(story, doc, None))
    assert ledger.reveal is None and ledger.refutations == [] and ledger.beliefs == []


def _sentences_of(analysis, quote):
    start = analysis.text.find(quote)
    return {s.index for s in analysis.sentences if s.start < start + len(quote) and s.end > start}


def _sentences_of_span(analysis, span):
    return {s.index for s in analysis.sentences if s.start < span.end and s.end > span.start}


def test_dream_job_reveal_lands_on_the_twist(dream_job):
    gold = _sentences_of(dream_job, gold_of(DREAM_JOB)["reveal"]["quote"])
    assert any(abs(dream_job.ledger.reveal.sentence_index - index) <= 1 for index in gold)


def test_the_reveal_stands_at_its_sentence_midpoint_in_narrative_time(dream_job):
    sentences, reveal = dream_job.sentences, dream_job.ledger.reveal
    first, last = sentences[0].start, sentences[-1].end
    for candidate in [reveal, *reveal.candidates]:
        s = sentences[candidate.sentence_index]
        assert candidate.position == round(((s.start + s.end) / 2 - first) / (last - first), 4)
    assert reveal.position != round((reveal.sentence_index + 0.5) / len(sentences), 4)  # not the sentence count


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


def test_a_shared_place_name_is_no_mistaken_identity():
    person = pipeline.run(ingest.read_text(
        'The door opened. "Is that you, Jimmy Wells?" asked the man in the door. '
        'They walked on together. "You\'re not Jimmy Wells," he snapped.'))
    place = pipeline.run(ingest.read_text(
        'Jimmy packed his tools. "You are to be at the place in Little Rock next Wednesday," said Ben. '
        'The safe was locked. "There isn\'t a man nearer than Little Rock who can open that door," said Mr. Adams.'))
    assert [r.kind for r in person.ledger.refutations] == ["negation"]
    assert place.ledger.refutations == []


# ---------------------------------------------------------------- other agents, knowing tellers, identity answers


def test_an_act_charged_to_one_person_and_done_by_another_is_an_alternative():
    pairs = refuted('"This morning you were seen to pick up the wallet lost by Mister Hale," said the mayor. '
                    'The farmer swore he had found only a piece of string. Nobody believed him. '
                    'The next day John Baker returned the wallet lost by Mister Hale.')
    assert [(kind, "pick up" in belief, "returned" in refutation) for belief, refutation, kind in pairs] == [
        ("alternative", True, True)]


def test_the_same_person_doing_the_charged_act_again_is_no_alternative():
    pairs = refuted('"You were seen to pick up the wallet lost by Mister Hale," said the mayor. '
                    'Days went by. John Baker returned to the market on Sunday with his cows.')
    assert [kind for _, _, kind in pairs if kind == "alternative"] == []


def test_a_teller_who_knew_better_debunks_what_was_told_and_is_the_deceiver():
    ledger = ledger_of("I had told them that I should not return until the morning, and had given them "
                       "explicit orders not to stir from the house. These orders were sufficient, I well knew, "
                       "to insure their immediate disappearance.")
    assert [(r.kind, "should not return" in r.belief.text, "knew" in r.refutation.text)
            for r in ledger.refutations] == [("debunk", True, True)]
    refuted_beliefs = [b for b in ledger.beliefs if b.refutation is not None]
    assert refuted_beliefs and refuted_beliefs[0].deceiver == "narrator" and refuted_beliefs[0].holder is None


@pytest.mark.parametrize(("told", "debunks"), [("you", 0), ("them", 1)])
def test_what_a_narrator_tells_the_reader_is_no_debunk(told, debunks):
    text = (f"And had I not told {told} that what they take for rage is but fear of the dark?—now, I say, there "
            "came to my ears a low sound, such as a clock makes. I knew that sound well, too.")
    assert len(refuted(text)) == debunks


@pytest.mark.parametrize(("confession", "debunked"), [
    ("“Villains!” I shrieked, “dissemble no more! I admit the deed!”", True),
    ("At last I confessed the whole affair to them.", True),
    ("Let me confess it at once: I was afraid of the dark.", False),
])
def test_a_confession_breaks_what_the_confessor_told_others(confession, debunked):
    text = ("The officers searched the house. The shriek, I said, was my own in a dream. The old man, I mentioned, "
            "was absent in the country. They sat and chatted. The clock struck four. I grew pale. " + confession)
    ledger = pipeline.run(ingest.read_text(text)).ledger
    broken = [(r.belief.text, r.kind) for r in ledger.refutations]
    assert broken == ([("The old man, I mentioned, was absent in the country", "debunk")] if debunked else [])
    if debunked:
        assert [b.deceiver for b in ledger.beliefs if b.refutation is not None] == ["narrator"]


@pytest.mark.parametrize(("later", "debunked"), [
    ("Later Tom admitted that he loved the rain.", False),  # a confession of something else
    ("Tom admitted the doctor to the parlour.", False),  # "admit" someone: let them in
    ("Later Tom admitted that the roads were dry all along.", True),
])
def test_a_confession_breaks_only_what_it_may_be_about(later, debunked):
    text = ("Tom Baker came home late. Tom Baker said that the roads were flooded. Mary Baker laughed at him. "
            "The clock struck nine. " + later)
    broken = [r.belief.text for r in pipeline.run(ingest.read_text(text)).ledger.refutations]
    assert broken == (["that the roads were flooded"] if debunked else [])


def test_knowing_something_unrelated_after_telling_is_no_debunk():
    assert refuted("I had told them that I would return at noon. I knew the road through the hills well.") == []


def test_an_identity_question_answered_by_a_bare_noun_overturns_the_hope():
    pairs = refuted('"They are making all the speed they can, brave lads," said Ulrich gladly. '
                    'The figures came nearer through the trees. "Who are they?" asked Georg quickly. "Wolves."')
    assert [(kind, "brave lads" in belief, refutation) for belief, refutation, kind in pairs] == [
        ("alternative", True, "Wolves")]


def test_an_identity_question_answered_at_length_is_no_refutation():
    assert refuted('"They are making all the speed they can, brave lads," said Ulrich gladly. '
                   '"Who are they?" asked Georg. "I cannot see them clearly through the dark wood."') == []


def test_a_change_of_mood_alone_is_no_reveal():
    # The words turn from joy to grief halfway, with no refutation, cue or exclamation anywhere: the turn of
    # mood is no evidence of a twist, so the ending keeps the reveal.
    happy = " ".join(f"On day {n} the family laughed, sang and loved the bright warm garden." for n in range(8))
    sad = " ".join(f"On day {n} the family wept over the grave in the cold grey rain." for n in range(8, 16))
    reveal = fabula.analyze(f"{happy} {sad} The house was quiet.").ledger.reveal
    assert reveal.sentence.text == "The house was quiet."
    assert all(not reason.startswith("arc") for c in (reveal, *reveal.candidates) for reason in c.reasons)


def test_the_terminal_ledger_names_deceivers_by_their_label(dream_job):
    from rich.console import Console

    from fabula.render.terminal import summary

    console = Console(width=200, record=True)
    console.print(summary(dream_job))
    out = console.export_text()
    labels = {c.id: c.label for c in dream_job.cast.characters}
    deceivers = {b.deceiver for b in dream_job.ledger.beliefs if b.deceiver}
    assert deceivers and all(f"deceiver {labels[d]}" in out for d in deceivers)
    assert not any(f"deceiver {d}," in out or f"deceiver {d}\n" in out for d in deceivers)


# ---------------------------------------------------------------- denied questions


def test_a_bare_no_to_a_question_that_restates_a_claim_overturns_the_claim():
    pairs = refuted('"Then they are yours," said Georg. The shapes came nearer. '
                    '"Are they your men?" asked Georg. "No," said Ulrich with a laugh.')
    assert [(kind, belief, refutation.startswith("No")) for belief, refutation, kind in pairs] == [
        ("negation", "Then they are yours", True)]


def test_a_bare_no_to_a_question_that_restates_nothing_refutes_nothing():
    assert refuted('"They are tired," said Georg. The shapes came nearer. '
                   '"Are they your men?" asked Georg. "No," said Ulrich.') == []


def test_a_no_that_starts_a_longer_answer_is_not_a_bare_denial():
    assert refuted('"Then they are yours," said Georg. "Are they your men?" asked Georg. '
                   '"No doubt they are," said Ulrich.') == []


def test_an_identity_answer_after_a_guess_overturns_the_expectations_about_the_guessed_group():
    pairs = refuted('"When my men come to release us, you will be sorry," said Ulrich. The snow fell. '
                    '"My men had orders to follow me," said Ulrich. Night came on. '
                    '"Are they your men?" asked Georg. "Who are they?" asked Georg again. "Wolves."')
    overturned = {belief for belief, refutation, kind in pairs if refutation == "Wolves" and kind == "alternative"}
    assert {"When my men come to release us", "My men had orders to follow me"} <= overturned


def test_an_identity_answer_without_a_guess_leaves_the_group_expectations_alone():
    pairs = refuted('"When my men come to release us, you will be sorry," said Ulrich. The snow fell. '
                    'Night came on. "Who are they?" asked Georg. "Wolves."')
    assert not any("my men" in belief for belief, _, _ in pairs)


def test_one_answer_that_overturns_many_expectations_counts_once_in_the_reveal():
    ledger = ledger_of('"When my men come, you will be sorry," said Ulrich. "My men will come soon," he said. '
                       '"My men have orders to follow," he said. "My men are strong," he said. The snow fell. '
                       '"Then they are yours," said Georg. "Are they your men?" asked Georg. '
                       '"No," said Ulrich with a laugh. "Who are they?" asked Georg. "Wolves."')
    wolves = [r for r in ledger.refutations if r.refutation.text == "Wolves"]
    assert len(wolves) >= 3
    refutation_terms = [reason for reason in ledger.reveal.reasons if reason.startswith("refutation")]
    assert refutation_terms and float(refutation_terms[0].split()[1]) <= max(r.confidence for r in wolves)


# ---------------------------------------------------------------- retracted expectations


def test_a_speakers_never_thought_is_overturned_by_their_own_next_statement_about_themselves():
    pairs = refuted('Then Georg spoke. "I never thought I would do anything but hate you all my life. '
                    'You gave me your wine. I will be your friend."')
    assert [(kind, "hate you" in belief, "your friend" in refutation) for belief, refutation, kind in pairs] == [
        ("alternative", True, True)]


def test_the_next_speakers_statement_is_no_retraction():
    assert refuted('"I never thought you were so tall." "Oh, I grew a bit after I was twenty."') == []


def test_a_present_opinion_is_no_retracted_expectation():
    assert refuted('"I don\'t think the snow will stop," said Georg. "I will be your friend," said Georg.') == []


# ---------------------------------------------------------------- expectations let down


def test_a_persons_i_couldnt_do_it_overturns_what_was_expected_of_them():
    pairs = refuted('"I know Jimmy will meet me here tonight," said Bob. The rain fell for an hour. '
                    'A note came. "Bob: I saw your face. Somehow I couldn\'t do it myself. JIMMY."')
    assert [(kind, "will meet me" in belief, "couldn't do it" in refutation) for belief, refutation, kind in pairs
            if kind == "negation"] == [("negation", True, True)]


def test_someone_elses_i_couldnt_do_it_leaves_the_expectation_standing():
    pairs = refuted('"I know Jimmy will meet me here tonight," said Bob. The rain fell for an hour. '
                    'A note came. "Bob: I saw your face. Somehow I couldn\'t do it myself. MARY."')
    assert not any("will meet me" in belief for belief, _, _ in pairs)


# ---------------------------------------------------------------- failed presuppositions


def test_an_emphatic_denial_of_a_thing_overturns_the_descriptions_that_presuppose_it():
    ledger = ledger_of("He left for the city. The job he couldn't live without. I waited for years. "
                       "HE NEVER TOOK THAT DREAM JOB. He lied to me about everything.")
    pairs = [(r.kind, r.belief.text, r.refutation.text) for r in ledger.refutations]
    assert ("negation", "The job he couldn't live without", "HE NEVER TOOK THAT DREAM JOB") in pairs
    belief = next(b for b in ledger.beliefs if b.evidence.text == "The job he couldn't live without")
    assert belief.deceiver == "he"  # the denial is of a named liar's act


def test_a_plain_denial_without_a_demonstrative_leaves_the_descriptions_alone():
    pairs = refuted("He left for the city. The job he couldn't live without. I waited for years. "
                    "HE NEVER TOOK A JOB IN HIS LIFE.")
    assert not any(belief.startswith("The job") for belief, _, _ in pairs)


def test_a_thing_given_up_overturns_the_claim_that_still_counts_on_having_it():
    ledger = ledger_of("Ann put the chain on the table. “Give me your watch,” she said. “I want to see it on the "
                       "chain.” Tom sat down and smiled. "
                       "“I sold the watch to get the money for the chain,” he said.")
    assert [(r.belief.text, r.refutation.text[:14]) for r in ledger.refutations] == [
        ("Give me your watch", "I sold the wat")]


@pytest.mark.parametrize("later", ["“It was not I who sold that watch,” he said.",  # a relative clause, denied
                                   "“I will sell the watch tomorrow,” he said."])  # not yet given up
def test_a_sale_told_in_a_relative_clause_or_still_to_come_gives_nothing_up(later):
    ledger = ledger_of(f"“Show me your watch,” said the jeweller. Tom opened the case. {later}")
    assert ledger.refutations == []


PARROT = ("Our grey parrot vanished one windy night.\n\n"
          "The parrot had flown over the hills forever! We put up posters in every shop. Nobody called. "
          "Winter came and went.\n\n"
          "Then, one morning in spring, I climbed the stairs to the attic. "
          "My uncle had hidden the parrot in a cage behind the chimney!")


def test_the_reveal_answers_what_was_expected_of_the_thing_it_names():
    ledger = ledger_of(PARROT)
    assert ledger.reveal.sentence.text == "My uncle had hidden the parrot in a cage behind the chimney!"
    assert [(r.kind, r.belief.text, r.refutation.text) for r in ledger.refutations] == [
        ("alternative", "The parrot had flown over the hills forever",
         "My uncle had hidden the parrot in a cage behind the chimney")]
    belief = next(b for b in ledger.beliefs if b.status == "refuted")
    assert belief.evidence.text == "The parrot had flown over the hills forever"
    assert [state.status for state in belief.history] == ["asserted", "refuted"]


def test_the_claims_the_reveal_answers_do_not_choose_the_reveal():
    reveal = ledger_of(PARROT).reveal
    assert not any(reason.startswith(("refutation", "nearby")) for reason in reveal.reasons)


@pytest.mark.parametrize("belief, reveal", [
    ("She thought that the key was under the mat.", "The key had been in her coat pocket all along!"),  # believed
    ("He knew that the boat was safe in the harbour.", "But the boat had drifted out to sea with the tide!"),  # known
])
def test_the_reveal_answers_what_someone_believed_or_knew_about_the_thing_it_names(belief, reveal):
    ledger = ledger_of(f"Mara came home late.\n\n{belief} Nobody worried. Morning came with gulls and bells."
                       f"\n\n{reveal}")
    assert ledger.reveal.sentence.text == reveal
    assert [(r.kind, r.refutation.text) for r in ledger.refutations] == [("alternative", reveal.rstrip("!"))]
    assert belief.rstrip(".").endswith(ledger.refutations[0].belief.text)


@pytest.mark.parametrize("text", [
    # the shared word is only where something happened, not what a claim is about
    "I believed the storm would pass over the house by noon. We ate lunch and played cards. Evening fell.\n\n"
    "The thief had been hiding in the house all along!",
    # the reveal's letter is a new one ("a letter"), not the one hoped for
    "She hoped for a letter from her brother. Weeks passed without a word.\n\nThen a letter came from the prison!",
    # what was told of the dog was never held or expected: plain narration
    "The dog slept by the fire every night. We walked in the woods. Snow fell.\n\n"
    "My uncle had hidden the dog in the attic!",
    # an expectation of an act done to the painting is no claim about what the painting is
    "“I will sell the painting tomorrow,” said Anna. The dealer nodded. Days went by.\n\n"
    "The painting had been a forgery all along!",
])
def test_an_earlier_claim_sharing_only_a_word_with_the_reveal_is_not_answered_by_it(text):
    assert ledger_of(text).refutations == []


@pytest.mark.parametrize("belief, reveal, answered", [
    ("She thought that her ring was lost.", "His ring had been hidden in the drawer all along!", False),
    ("She thought that Anne's ring was lost.", "Mary's ring had been hidden in the drawer all along!", False),
    ("She thought that Anne's ring was lost.", "Her ring had been hidden in the drawer all along!", True),  # hers
])
def test_the_reveal_answers_nothing_held_of_another_owners_thing(belief, reveal, answered):
    ledger = ledger_of(f"Mara came home late.\n\n{belief} Nobody worried. Morning came with gulls and bells."
                       f"\n\n{reveal}")
    assert ledger.reveal.sentence.text == reveal
    assert bool(ledger.refutations) is answered


def test_a_held_claim_in_the_reveals_own_paragraph_is_not_answered_by_it():
    ledger = ledger_of("Our grey parrot vanished one windy night. We put up posters in every shop. Nobody called. "
                       "Winter came and went.\n\nThe parrot had flown over the hills forever, we said. "
                       "My uncle had hidden the parrot in a cage behind the chimney!")
    assert ledger.refutations == []


def test_saying_someone_is_not_who_they_were_believed_to_be_overturns_the_belief():
    pairs = refuted("Marek sat down in the station bar. The porter nodded at him.\n\n"
                    "Marek believed the porter was his lost cousin Pavel. He told him about their village.\n\n"
                    "But the porter was not Pavel. He was a thief who had read Marek's letters.")
    assert [(kind, belief) for belief, _, kind in pairs] == [("negation", "the porter was his lost cousin Pavel")]


def test_a_condition_is_not_overturned_by_what_is_so():
    assert refuted("“Would they have fed her if she hadn’t been kind?” asked Nell. She was so kind that the "
                   "baker fed her every day.") == []


def test_denying_that_a_thing_ever_existed_overturns_what_someone_said_of_it():
    pairs = refuted("“I owe money to a loan shark,” Viktor told us. We paid the loan shark every month.\n\n"
                    "Years later the truth came out. There had never been any loan shark.")
    assert pairs == [("I owe money to a loan shark", "There had never been any loan shark", "negation")]


@pytest.mark.parametrize("text", [
    # what the narration told is no belief; a claim that already says "no" is said again, not overturned
    "Viktor owed money to a loan shark. Years later there was no loan shark any more.",
    "Nell was sorry to find that there were no apples in the orchard. There were no apples to pick.",
])
def test_a_denied_existence_overturns_no_account_of_the_narrator_and_no_denial(text):
    assert [kind for *_, kind in refuted(text)] == []


def test_it_denied_to_be_what_that_was_said_to_be_just_before_is_overturned():
    pairs = refuted("Ilse stared at the screen. “That must be a typo,” she said. It was not a typo.")
    assert pairs == [("That must be a typo", "It was not a typo", "negation")]


def test_it_denied_to_be_something_else_of_the_same_name_is_no_refutation():
    assert refuted("I knew it was the cry of a hungry gull. It was not a cry of pain.") == []


def test_a_person_denied_the_role_someone_claimed_overturns_the_claim_under_another_name():
    story = ingest.read_text("The young man at the door said he was the landlord's nephew. Mira gave him the rent.\n\n"
                             "Months later she met the landlord. “That boy is nobody's nephew,” the landlord said.")
    doc = nlp.parse(story)
    cast = analyze_cast(story, doc)
    ledger = analyze_reveal(story, doc, pipeline.sentences(story, doc), cast, analyze_claims(story, doc, cast))
    assert [(r.belief.text, r.refutation.text) for r in ledger.refutations] == [
        ("he was the landlord's nephew", "That boy is nobody's nephew")]


def test_a_named_person_denied_a_role_does_not_overturn_what_another_was_said_to_be():
    story = ingest.read_text("Ann said she was a doctor. We went to dinner. Bob is not a doctor, he is a plumber.")
    doc = nlp.parse(story)
    cast = analyze_cast(story, doc)
    ledger = analyze_reveal(story, doc, pipeline.sentences(story, doc), cast, analyze_claims(story, doc, cast))
    assert ledger.refutations == []


def scores_a_recognition(text: str) -> bool:
    """Whether the reveal's best candidates give any sentence of `text` the recognition term."""
    ledger = fabula.analyze(text).ledger
    return any(reason.startswith("recognition") for c in (ledger.reveal, *ledger.reveal.candidates)
               for reason in c.reasons)


def recognized(sentence: str) -> bool:
    """Whether `sentence`, set in a short story about a stranger, scores as a recognition."""
    return scores_a_recognition(
        "The stranger in the grey coat came to the farm every week. Nobody knew his name. My aunt Ruth "
        f"had moved to Ohio long ago. One night the stranger knocked again. {sentence} We sat down to supper. "
        "The rain went on all night. In the morning the fields were flooded.")


@pytest.mark.parametrize(("sentence", "recognition"), [
    ("It was my aunt Ruth.", True),
    ("It was him.", True),
    ("I was the one who took the lamb.", True),
    ("It was a man.", False),                          # names nobody yet
    ("It was my fault.", False),                       # no person
    ("He was the one thing I feared.", False),
    ("She was my aunt's friend from Ohio, the stranger told us, and she sent her love to everyone.", False),
    ("I knew it was him.", False),                     # embedded: the knowing is what is told
    ("It was not my aunt Ruth.", False),
    ("Was it my aunt Ruth?", False),
    ("The stranger's name was Ruth, my aunt.", True),  # a name met before
    ("The stranger's name was Tom.", False),           # introduces Tom
    ("It was part of what I liked about him.", False),  # "him" is no head of the phrase
    ("That was the story my aunt Ruth told him.", False),  # nor "him" of a relative clause without "that"
    ("That was the version Ruth told him.", False),
    # a cleft on someone met before is one in a sentence of any length
    ("It was my aunt Ruth who stood at the door, soaked to the skin, holding a lantern that had long gone out.",
     True),
    ("It was a tall woman who stood at the door, soaked to the skin, holding a lantern that had long gone out.",
     False),                                           # nobody met before
    ("It was her neighbour Martha who stood at the door, soaked to the skin, holding a lantern that had gone out.",
     False),                                           # first met here
    # someone described was a person met before under another name
    ("The stranger was my aunt Ruth.", True),
    ("The man at the door was him.", True),
    ("The tall masked man at the door was him.", True),  # adjectives between the article and the noun
    ("The stranger was her neighbour Martha.", False),  # first met here
    ("The stranger was tired.", False),
    # a vocative after the complement names nobody
    ("It's Christmas Eve, boy.", False),
    ("It was my aunt Ruth, boy.", True),
    # in narration, a phrase after the comma is an apposition: it says who the one named first was
    ("It was the farmhand, my aunt Ruth.", True),
    ("It was the farmhand, Ruth.", True),
    ("It was the farmhand, a man from the valley.", False),
    ("“It was the farmhand, Ruth,” I said.", False),  # in speech, the name after the comma is the one spoken to
])
def test_a_short_statement_of_who_someone_really_was_is_a_recognition(sentence, recognition):
    assert recognized(sentence) == recognition


def denied(sentence: str) -> bool:
    """Whether `sentence`, set in a short story about a will, a boy and a cake, scores as a recognition."""
    return scores_a_recognition(
        "Grandpa's will had a signature at the bottom and two witnesses. The boy on the porch said he was Ruth's "
        "son. Every Christmas we baked the cake from the old card. One evening I asked the neighbour. "
        f"{sentence} We sat down to supper. The rain went on all night. In the morning the fields were flooded.")


@pytest.mark.parametrize(("sentence", "recognition"), [
    ("“That’s not my signature,” he said.", True),
    ("That boy isn't anybody's son.", True),
    ("The cake was never my grandmother's.", True),
    ("The cake wasn't Ann's.", True),
    ("That's not my problem.", False),                 # no problem was named before
    ("The cake was not very good.", False),             # no owner
    ("It wasn't my son.", False),                      # says who it was not
    ("I told her the signature was not his.", False),  # embedded: the telling is what is told
])
def test_saying_whose_a_thing_named_before_was_not_is_a_recognition(sentence, recognition):
    assert denied(sentence) == recognition


@pytest.mark.parametrize(("sentence", "recognition"), [
    ("Her pearls were paste.", True),
    ("The necklace was a clever imitation of the real one, and nobody in the village had ever noticed it at all.",
     True),                                          # a fake needs no short sentence
    ("The necklace was fake.", True),
    ("The jeweler was a fraud.", False),            # a judgement of a person
    ("It was a glass of red wine.", False),         # glass and replica say what a thing is made of or models
    ("It was a replica of the old church.", False),
    ("The necklace was beautiful.", False),
    ("She thought that the necklace was fake.", False),  # embedded: the thinking is what is told
])
def test_saying_a_thing_was_a_fake_is_a_recognition(sentence, recognition):
    assert scores_a_recognition(
        "Every Sunday Aunt Ruth wore her pearl necklace to church. The jeweler in town had sold it to her. "
        f"One evening I held it up to the lamp. {sentence} We sat down to supper. The rain went on all night."
    ) == recognition


@pytest.mark.parametrize(("text", "recognition"), [
    ("Susan raised me alone. I found the record at last. The mother's name was Susan Kay Whitfield, age 17.", True),
    ("Tessa walked into the café and sat down. Her name was Tessa Marie Holt, she told me.", False),  # her own
    ("Tom Whitfield ran the hardware store. His wife's name was Susan Whitfield.", False),  # a surname only
    ("I lost my job in March. He blamed me. “That’s not my job,” I told him.", False),  # a duty, not an owner
    ("“It’s my fault,” Megan said. We sat a while. “It’s not your fault,” I said.", False),
])
def test_a_name_or_a_denial_recognizes_only_someone_or_something_met_before(text, recognition):
    assert scores_a_recognition(f"{text} We talked for an hour. The rain went on all night.") == recognition


def test_a_recognition_outweighs_the_plain_ending():
    text = ("Every Sunday a parcel of groceries sat on our porch. Mother said the church sent it. I believed her. "
            "For three winters the parcels came. One Sunday I hid behind the woodpile and waited. "
            "At dawn a car stopped and an old woman carried the parcel up the steps. It was my grandmother. "
            "Mother had not spoken to her in ten years. We ate breakfast together that morning. "
            "The car stayed in the drive all day. The snow kept falling. Nobody went to work.")
    assert fabula.analyze(text).ledger.reveal.sentence.text == "It was my grandmother."


PARCELS = ("Every Sunday a parcel of groceries sat on our porch. Mother said the church sent it. I believed her. "
           "For three winters the parcels came. One Sunday I hid behind the woodpile and waited. "
           "At dawn a car stopped and an old woman carried the parcel up the steps. It was my grandmother. "
           "{between}The church had never sent anything. We ate breakfast together that morning. The snow kept falling.")


def test_the_twist_lands_at_the_first_of_two_close_sentences_that_carry_it():
    ledger = fabula.analyze(PARCELS.format(between="She saw me and smiled. ")).ledger
    assert ledger.reveal.sentence.text == "It was my grandmother."
    # the refutation two sentences on spells it out; its later place gives it the higher score
    spelled_out = next(c for c in ledger.reveal.candidates if c.sentence.text == "The church had never sent anything.")
    assert spelled_out.score > ledger.reveal.score


def test_a_sentence_of_evidence_far_before_the_best_one_does_not_take_its_place():
    between = "She saw me and smiled. She kissed my head. We went in. Mother was asleep. I made tea. We talked. "
    ledger = fabula.analyze(PARCELS.format(between=between)).ledger
    assert ledger.reveal.sentence.text == "The church had never sent anything."


@pytest.mark.parametrize("cleft", [
    "It was Mr. Hale who paid for the glass and said nothing to the boy's parents.",  # a title keeps its period
    "It was Paul who found a phone and called their uncle for help that evening.",  # the parse drops the "who"
])
def test_a_cleft_on_someone_met_before_is_a_recognition_however_parsed(cleft):
    assert scores_a_recognition(
        "Mr. Hale sold the farm next door in the spring. Paul fixed the fence by the road. The boys played ball in "
        f"the yard, and one morning the glass of the shop window lay on the ground. {cleft} We sat down to supper. "
        "The rain went on all night.")


def test_a_cleft_alone_does_not_take_the_place_of_the_sentence_where_the_twist_lands():
    days = " ".join(f"On day {i} the butler polished the silver and the cook baked the bread." for i in range(60))
    text = ("Grant came to the house in May, and the butler's wife liked him. " + days + " It was Grant who paid for "
            "the telegram and said nothing to the butler's wife. Then the cook saw the muddy boots by the kitchen "
            "door. It was the maid.")
    assert fabula.analyze(text).ledger.reveal.sentence.text == "It was the maid."


@pytest.mark.parametrize(("text", "pair"), [
    ("Mark never spoke of his family. His father, he said, had died of a heart attack years ago. We married in June. "
     "One Thursday I followed Mark to a care home. His father, Walter, had not died.",
     ("His father, he said, had died of a heart attack years ago", "His father, Walter, had not died")),
    ("My brother Luke left his dog with me. He said he was moving to Portugal to start over. I kept the dog for two "
     "months. Then the vet scanned its chip. Luke had never gone to Portugal.",
     ("he was moving to Portugal to start over", "Luke had never gone to Portugal")),
])
def test_the_narration_denies_what_someone_was_told_of_a_named_subject(text, pair):
    refutations = fabula.analyze(text).ledger.refutations  # the cast tells that "he" is Luke
    assert pair in [(r.belief.text, r.refutation.text) for r in refutations]


@pytest.mark.parametrize("text", [
    # what the narration itself said, not a belief or a telling
    "Georg answered quietly. The wind rose over the hill. Ulrich did not answer.",
    # a denial with more to it than the act: another thing, or another place
    "He said he drove away that night. The snow fell. He never drove the truck again.",
    "He said he was moving to Portugal. The summer passed. He had never gone to Spain.",
    # one occasion denied is no told habit denied; flying is how one goes, not whether
    "Mom said he always answered the phone on the first ring. On Sunday I knocked and called his name. He didn't "
    "answer.",
    "Priya told me her brother drove down from Chicago every weekend. In November I called him. He didn't drive.",
    "My brother Luke said he was moving to Portugal. He moved in April. Luke never flew to Portugal.",
])
def test_a_bare_denial_needs_a_belief_or_a_telling_of_the_same_act(text):
    assert fabula.analyze(text).ledger.refutations == []


def test_capitals_strike_where_they_are_first_shown_not_where_they_are_echoed():
    text = ("Harold kept the visitor book at the desk for thirty years. Every guest signed it. He never read it back. "
            "His wife ran the kitchen. The motel did well in the summers. The winters were slow and long. Harold "
            "painted the rooms each January. He thought his father had never stayed there. "
            "One morning in March he opened it at an old page. The line read 7:04 a.m. — R. BESSEMER — SON — RM 14. "
            "He sat down. The coffee went cold. His son came at noon and they talked for hours. They drove to the "
            "lake in April. They fished all summer. The book stays on the shelf now. It says BESSEMER & SON.")
    reveal = fabula.analyze(text).ledger.reveal
    assert "R. BESSEMER" in reveal.sentence.text
