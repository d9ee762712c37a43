"""Style: Boyd et al. (2020) curves, emphasis devices, shares, readability, MTLD and the viral-story formula.

Hand-made texts are built so that the right value can be counted by hand (counts in comments).
"""

from __future__ import annotations

import pytest

import fabula
from conftest import DEV, analysis_of
from fabula.analyzers.style import CANONICAL, FORMULA_WEIGHTS, mtld, pearson


def style_of(text: str):
    return fabula.analyze(text).style


def curve(style, name):
    return next(c for c in style.curves if c.name == name)


def kinds(style, kind):
    return [d.text for d in style.devices if d.kind == kind]


# --------------------------------------------------------------------------- Boyd curves

def test_staging_counts_articles_and_prepositions_per_fifth():
    # five sentences of six words, one per fifth; staging words: The to the | The into | A | with | -
    text = ("The boy ran to the shop. The boy ran into town quickly. A boy ran home very quickly. "
            "He ran with them very fast. Boys ran home so very fast.")
    staging = curve(style_of(text), "staging")
    assert staging.values == pytest.approx([50.0, 33.333, 16.667, 16.667, 0.0], abs=1e-3)
    assert staging.canonical == CANONICAL["staging"]
    assert staging.fit > 0.9  # falls like the canonical shape


def test_progression_counts_aux_adverbs_pronouns_conjunctions():
    # fifths 1-2: no progression word; fifths 3-5: He has but she = 4 of 6 words
    text = ("Birds sang sweet songs near water. Birds sang sweet songs near water. "
            "He has gone but she stays. He has gone but she stays. He has gone but she stays.")
    progression = curve(style_of(text), "progression")
    assert progression.values == pytest.approx([0.0, 0.0, 66.667, 66.667, 66.667], abs=1e-3)
    assert progression.fit > 0.8  # rises like the canonical shape


def test_tension_counts_cognitive_process_lemmas():
    # "think", "seems" (lemma seem) and "true" are cognitive-process words: 3 of 6 words in the first fifth
    text = ("I think it seems true now. Birds sang sweet songs near water. Birds sang sweet songs near water. "
            "Birds sang sweet songs near water. Birds sang sweet songs near water.")
    tension = curve(style_of(text), "tension")
    assert tension.values == pytest.approx([50.0, 0.0, 0.0, 0.0, 0.0])
    assert tension.fit < 0  # peaks at the start: the opposite of the canonical shape


def test_pearson_fit():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([3, 2, 1], [2, 4, 6]) == pytest.approx(-1.0)
    assert pearson([1, 1, 1], [2, 4, 6]) == 0.0


# --------------------------------------------------------------------------- devices

def test_caps_runs_are_emphasis_but_acronyms_and_shouted_names_are_not():
    text = "I told the FBI about it. Then I saw the DREAM JOB posting. HE NEVER LEFT. NASA called. NO! JIMMY. I was fine."
    assert kinds(style_of(text), "caps") == ["DREAM JOB", "HE NEVER LEFT", "NO"]


def test_a_name_the_story_writes_elsewhere_only_capitalised_is_a_signature_not_shouting():
    letter = ("Mrs. Ada Lowther wrote to me at once. Ada Lowther never waited. "
              "Dear sir, the money is ready. Send the boy home tonight.\n\nADA LOWTHER.\n\n"
              "I read it twice. The dream job was gone.\n\nDREAM JOB.\n\nI laughed.")
    assert kinds(style_of(letter), "caps") == ["DREAM JOB"]  # "dream job" is also written in lower case


def test_a_letters_salutation_and_signature_in_capitals_are_form_not_shouting():
    letter = ("We wrote the demand at once.\n\nGeorge Hale, Esq.:\n\nYour horse is hidden where you will not find it. "
              "Pay us a thousand dollars.\n\nLeave the money under the stone.\n\nTHREE HONEST FARMERS.\n\n"
              "We sent it. Then came his answer:\n\nMY DEAR FRIENDS,\n\nKeep the horse.\n\nI laughed.")
    assert kinds(style_of(letter), "caps") == []


def test_a_short_capitals_line_is_still_shouting_outside_a_letter_or_when_it_is_a_clause():
    text = ("Then the note came.\n\nDear Anna,\n\nI am gone for good.\n\nHE NEVER LOVED YOU.\n\n"
            "I burned it and went out.\n\nHe answered:\n\nNOT ONE PENNY.\n\nNobody spoke.\n\nBLOOD EVERYWHERE.\n\n"
            "Gentlemen:\n\nYou are late.\n\n“Run,” she said.\n\nFIRE AND SMOKE.")
    assert kinds(style_of(text), "caps") == ["HE NEVER LOVED YOU", "NOT ONE PENNY", "BLOOD EVERYWHERE",
                                             "FIRE AND SMOKE"]


@pytest.mark.parametrize("text", [
    "The men waited by the wall.\n\nCaptain Hale:\n\nGET DOWN NOW.\n\nWe ran.",  # a speaker's line, no letter
    "He ran to the door, then stopped,\n\nSTOP THAT MAN.\n\nNobody moved.",  # a line of narration, no closing
    "The crowd went wild, shouting,\n\nFREE THE PRISONERS.\n\nThe guards fled.",
    "The door opened.\n\nLISTEN TO ME:\n\nThe kids scattered.",  # a clause, no salutation
    "The door opened.\n\nRUN, RUN,\n\nThe kids scattered.",
])
def test_a_capitals_line_next_to_a_colon_or_comma_is_still_shouting_when_no_letter_frames_it(text):
    assert len(kinds(style_of(text), "caps")) == 1


@pytest.mark.parametrize("before", ["“Help me,” she cried.", "Help was far away."])
def test_a_word_capitalised_only_where_a_sentence_or_quote_opens_is_no_name(before):
    text = f"{before} Nobody came. She ran to the door.\n\nHELP!\n\nNobody answered."
    assert kinds(style_of(text), "caps") == ["HELP"]


def test_exclamations_and_rhetorical_questions():
    text = 'He ran! Was I wrong? "Are you sure?" she asked. "Stop!" What now?'
    style = style_of(text)
    assert kinds(style, "exclamation") == ["He ran!", '"Stop!"']
    assert kinds(style, "rhetorical-question") == ["Was I wrong?", "What now?"]


def test_one_line_paragraphs_are_short_narration_paragraphs():
    text = ("He left.\n"
            "She stayed home and waited for him for a very long time, and then at last she slept.\n"
            '"Hi," he said.\n'
            "It rained. It poured.\n"
            "It was over.")
    assert kinds(style_of(text), "one-line-paragraph") == ["He left.", "It was over."]


def test_second_person_address_outside_quotes_and_ellipses():
    text = 'You know how it is. "You fool," he said. Your mother knew... Wait… fine. . . ok.'
    style = style_of(text)
    assert kinds(style, "second-person") == ["You", "Your"]
    assert kinds(style, "ellipsis") == ["...", "…", ". . ."]


def test_dialogue_share_is_quoted_characters_over_all():
    text = 'He said "hi there" to me.'  # 8 quoted characters of 25
    assert style_of(text).dialogue_share == pytest.approx(8 / 25, abs=1e-4)


def test_a_quote_left_open_closes_at_the_end_of_its_paragraph():
    # ingest joins paragraphs with a blank line: 20 + 2 + 9 characters, 19 of them quoted
    text = '“Come here, he said.\nShe came.'
    assert style_of(text).dialogue_share == pytest.approx(19 / 31, abs=1e-4)


def test_first_person_share_counts_personal_pronouns_in_narration():
    # narration pronouns: I him we her she -> first person I, we = 2 of 5 ("You" is quoted)
    assert style_of('I saw him and we left her. "You know," she said.').first_person_share == pytest.approx(0.4)


def test_readability_uses_flesch_formulas():
    # 6 words, 2 sentences, 6 syllables: FRE = 206.835 - 1.015*3 - 84.6*1; FKGL = 0.39*3 + 11.8*1 - 15.59
    readability = style_of("The cat sat. The dog ran.").readability
    assert readability["flesch_reading_ease"] == pytest.approx(119.19, abs=0.01)
    assert readability["flesch_kincaid_grade"] == pytest.approx(-2.62, abs=0.01)


def test_mtld_by_hand():
    # a a | a a : the type-token ratio falls to 0.5 after every pair -> 2 factors over 4 tokens
    assert mtld(["a", "a", "a", "a"]) == pytest.approx(2.0)
    # a b a -> 0.67 <= 0.72: one factor, then "b" alone (TTR 1) adds nothing -> 4 / 1
    assert mtld(["a", "b", "a", "b"]) == pytest.approx(4.0)
    assert mtld([]) == 0.0


# --------------------------------------------------------------------------- the formula

FILLER = "She worked at the bakery on the corner and walked home along the river every evening. " * 4


def formula_of(style):
    return {item.name: item for item in style.formula}


def test_formula_weights_sum_to_one_and_score_is_their_weighted_sum():
    assert sum(FORMULA_WEIGHTS.values()) == pytest.approx(1.0)
    text = (f"He left me.\n{FILLER}\nA smiling woman | Source: Pexels\n{FILLER}\nA man | Source: Midjourney\n"
            f"{FILLER}\nHE NEVER MOVED AWAY.\nHe left me for her. It was never what it seemed.")
    style = style_of(text)
    items = formula_of(style)
    assert {n for n, i in items.items() if i.present} == {"hook", "shouted-reveal", "image-inserts", "moral"}
    assert items["image-inserts"].count == 2 and "1 AI-made" in items["image-inserts"].detail
    assert items["hook"].evidence[0].text == "He left me."
    assert style.formula_score == pytest.approx(0.25 + 0.25 + 0.2 + 0.15)


def test_the_formula_counts_every_ai_made_insert_as_the_media_list_does():
    page = (f"<article><p>He left me.</p><p>{FILLER}</p><figure><img src='a.jpg'><figcaption>A smiling woman | "
            f"Source: Pexels</figcaption></figure><p>{FILLER}</p><figure><img src='b.jpg'><figcaption>A lonely "
            f"house, created with Midjourney</figcaption></figure><p>{FILLER}</p><p>He left me for her.</p></article>")
    analysis = fabula.analyze(page, fmt="html")
    assert [m.ai_generated for m in analysis.media] == [False, True]
    assert "1 credited, 1 AI-made" in formula_of(analysis.style)["image-inserts"].detail


def test_formula_rejects_long_openings_early_shouting_and_quoted_morals():
    text = (f"HE NEVER MOVED AWAY FROM HOME.\n{FILLER}\n"
            f"{FILLER}\n\"It was never what it seemed,\" she said.")
    items = formula_of(style_of(text))
    assert not items["hook"].present
    assert not items["shouted-reveal"].present
    assert not items["moral"].present


def test_hook_needs_its_verb_to_return_at_the_end():
    items = formula_of(style_of(f"He left me.\n{FILLER}\n{FILLER}\nThe bread was good."))
    assert not items["hook"].present


# --------------------------------------------------------------------------- the fixture stories

def test_dream_job_emphasis_and_formula(dream_job):
    style = dream_job.style
    caps = kinds(style, "caps")
    for line in ("MY HEART STOPPED", "THE TRUTH CAME CRASHING DOWN", "HE NEVER MOVED ACROSS THE COUNTRY",
                 "HE NEVER TOOK THAT DREAM JOB", "HE WAS RIGHT HERE THE WHOLE TIME"):
        assert line in caps
    assert "DREAM JOB" in caps  # "for his DREAM JOB." inside a lower-case sentence
    items = formula_of(style)
    assert items["image-inserts"].count == 8
    for name in ("hook", "shouted-reveal", "image-inserts"):
        assert items[name].present, name
    assert items["hook"].evidence[0].text == "He left me."
    assert len(style.curves) == 3 and all(len(c.values) == 5 and -1 <= c.fit <= 1 for c in style.curves)


@pytest.mark.parametrize("path", sorted(DEV.glob("*.txt")), ids=lambda p: p.stem)
def test_classic_stories_score_lower_on_the_formula_than_dream_job(path, dream_job):
    style = analysis_of(path).style
    assert style.formula_score < dream_job.style.formula_score
    assert not formula_of(style)["image-inserts"].present
    assert all(d.text.isupper() or not d.kind == "caps" for d in style.devices)


# --------------------------------------------------------------------------- charts and the terminal

def test_charts_are_valid_svg_with_one_mark_per_value_and_device(dream_job):
    from xml.dom.minidom import parseString

    from fabula.render.charts import emphasis_svg, style_curves_svg

    curves = parseString(style_curves_svg(dream_job.style))
    assert len(curves.getElementsByTagName("polyline")) == 6  # each curve and its canonical shape
    assert len(curves.getElementsByTagName("circle")) == 15
    emphasis = parseString(emphasis_svg(dream_job.style, len(dream_job.text)))
    assert len(emphasis.getElementsByTagName("rect")) == len(dream_job.style.devices)


def test_emphasis_chart_escapes_story_text():
    from xml.dom.minidom import parseString

    from fabula.render.charts import emphasis_svg

    text = "She read the note. <SCRIPT>ALERT(1)</SCRIPT> & THEN SHE SCREAMED OUT LOUD."
    svg = emphasis_svg(style_of(text), len(text))
    assert "</SCRIPT>" not in svg and "&lt;/SCRIPT&gt;" in svg
    parseString(svg)


def test_terminal_summary_shows_the_style_section(dream_job):
    from rich.console import Console

    from fabula.render.terminal import summary

    console = Console(width=200, record=True)
    console.print(summary(dream_job))
    out = console.export_text()
    assert "viral-story formula 1.00" in out or f"viral-story formula {dream_job.style.formula_score:.2f}" in out
    assert "staging r=" in out and "9 caps" in out


@pytest.mark.parametrize("word, count", [("the", 1), ("table", 2), ("every", 3), ("beautiful", 3),
                                         ("time", 1), ("played", 1), ("wanted", 2), ("readability", 5)])
def test_syllables_by_the_vowel_group_rule(word, count):
    from fabula.analyzers.style import syllables

    assert syllables(word) == count
