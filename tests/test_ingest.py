"""Ingest: decoding, formats, captions and credits, missing-space repair, bad input."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from fabula import ingest
from fabula.errors import InputError
from fabula.ingest import repair_missing_spaces
from fabula.media import ai_generator, parse_caption

STORY = "He left me. That’s what I told everyone.\nThe café was quiet — “Fine,” she said.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decodes_common_encodings(encoding):
    text = STORY if encoding != "cp1252" else STORY.replace("—", "-")
    story = ingest.read_bytes(text.encode(encoding), source="s.txt")
    assert "That’s what I told everyone." in story.text
    assert "café" in story.text


SHORT = ("too short for the arc", "the page may not hold the story")


def notes(story) -> list[str]:
    """A story's warnings but the one that it is short (most test texts are)."""
    return [w for w in story.info.warnings if not any(phrase in w for phrase in SHORT)]


def test_a_text_too_short_to_be_a_story_gets_a_warning():
    sentence = "The ferry left at noon and Ilse stayed on the pier to wait for her brother. "  # 16 words
    short, long = ingest.read_text(sentence * 2, source="s.txt"), ingest.read_text(sentence * 7, source="s.txt")
    assert short.info.warnings == ["s.txt has only 32 words: too short for the arc, the timeline or the reveal to "
                                   "mean much"]
    assert long.info.warnings == []
    page = ingest.read_text("<html><body><div id='root'></div><footer>Accept all cookies? (c) 2024</footer>"
                            "</body></html>", fmt="html", source="p.html")
    assert page.info.words == 5  # the count the summary shows: "Accept all cookies? (c) 2024"
    assert page.info.warnings == ["only 5 words found in p.html: the page may not hold the story (a page built by a "
                                  "script, a consent wall or a paywall)"]


def test_decodes_latin1_without_utf8_validity():
    text = ("The old man sat in the café and ordered a crème brûlée, as he had done every "
            "evening for twenty years, and nobody in the village thought it strange. ") * 3
    story = ingest.read_bytes(text.encode("latin-1"), source="s.txt")
    assert "crème brûlée" in story.text


def test_text_is_nfc_and_keeps_curly_quotes_and_dashes():
    decomposed = unicodedata.normalize("NFD", "The café — “yes,” she said.")
    story = ingest.read_text(decomposed)
    assert story.text == "The café — “yes,” she said."
    assert unicodedata.is_normalized("NFC", story.text)


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("his dream job.That’s what I told everyone.", "his dream job. That’s what I told everyone."),
        ("every single day.He had always talked.", "every single day. He had always talked."),
        ("Was I wrong?Was I selfish!Yes.", "Was I wrong? Was I selfish! Yes."),
        ("“It was an excuse.”He left.", "“It was an excuse.” He left."),
        ("He paused...Then he left.", "He paused... Then he left."),
        ("He said “no.”Then he left.", "He said “no.” Then he left."),
        ("We married in 2019.Then the war came.", "We married in 2019. Then the war came."),
        ("She wrote it in Node.Js.Then she slept.", "She wrote it in Node.Js. Then she slept."),
        # an ending that could be a domain's, after a lower-case word, and a capital after a long word, are sentences
        ("It was a long day.Co-workers laughed.", "It was a long day. Co-workers laughed."),
        ("We ate.Net profits fell.", "We ate. Net profits fell."),
        ("She smiled.A. J. smiled back.", "She smiled. A. J. smiled back."),
    ],
)
def test_repairs_missing_space_after_sentence_punctuation(raw, fixed):
    repaired, inserted = repair_missing_spaces(raw)
    assert repaired == fixed
    assert all(repaired[i] == " " for i in inserted)
    assert len(inserted) == len(fixed) - len(raw)


@pytest.mark.parametrize(
    "text",
    [
        "Fruit, e.g. apples, and more.",
        "He moved to the U.S. in May.",
        "He moved to the U.S.A. Then he came back.",
        "It cost 3.5 dollars.",
        "Mr.Smith and Dr.Jones were there.",
        "See https://example.com/Story.Html for more.",
        "Write to jane.Doe@example.com today.",
        "Wait... what?",
        "She said, well…",
        "He lived at No. 5 and then at No.7.",
        "She bought it on Amazon.Com for 3.5 dollars.",
        "Doctor Okafor earned a Ph.D. and an Ed.D. there.",
        "Nell ordered the kettle from Amazon.Co.Uk last week.",
        "The shop ran on Node.Js, then on Vue.Js.",
    ],
)
def test_repair_leaves_abbreviations_numbers_urls_and_ellipses_alone(text):
    assert repair_missing_spaces(text)[0] == text


def test_repair_keeps_every_paragraph_span_consistent():
    story = ingest.read_text("First part.Second part!Third part?\nNext line.Another.")
    assert story.text == "First part. Second part! Third part?\n\nNext line. Another."
    assert story.info.repaired_spaces == [11, 24, 48]
    for paragraph in story.paragraphs:
        assert story.text[paragraph.start:paragraph.end] == paragraph.text


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        ("A smiling woman | Source: Pexels", "A smiling woman", "Pexels"),
        ("An angry man | Source: Midjourney", "An angry man", "Midjourney"),
        ("Photo: Getty Images", "", "Getty Images"),
        ("Image credit: Midjourney", "", "Midjourney"),
        ("A quiet street • Photo credit: Unsplash", "A quiet street", "Unsplash"),
        ("Photo by Jane Doe on Unsplash", "", "Jane Doe / Unsplash"),
        ("A man — Photo: Getty Images", "A man", "Getty Images"),
        ("A man - Source: Midjourney", "A man", "Midjourney"),
        ("A man crying (Image: Midjourney)", "A man crying", "Midjourney"),
        ("A woman in a kitchen | Image for illustrative purposes only | Source: Midjourney",
         "A woman in a kitchen | Image for illustrative purposes only", "Midjourney"),
        ("A woman looking out of a window. Photo: Getty Images", "A woman looking out of a window", "Getty Images"),
        ("A man at the airport. Photo by Jane Doe on Unsplash", "A man at the airport", "Jane Doe / Unsplash"),
        ("Photo by my friend Jane Doe on Unsplash.", "", "my friend Jane Doe / Unsplash"),
        ("A suitcase on a bed, Source: Pexels", "A suitcase on a bed", "Pexels"),
        # credits in lower case that say where a picture came from are credits, not the rest of a sentence
        ("Photo: courtesy of the family.", "", "courtesy of the family"),
        ("Photo: Jane Doe, used with permission.", "", "Jane Doe, used with permission"),
        ("Source: the author's own archive.", "", "the author's own archive"),
        # a credit that says how the image was made names its maker, as "Source: Midjourney" does
        ("A man in a car | Image generated by Midjourney", "A man in a car", "Midjourney"),
        ("A dog — Source: created with DALL·E 3", "A dog", "DALL·E 3"),
        ("A lonely man on a bench | Image generated by AI", "A lonely man on a bench", "generated by AI"),
    ],
)
def test_parses_caption_lines(line, caption, credit):
    assert parse_caption(line) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "He left me because I wouldn’t follow him across the country for his dream job.",
        "The source of the river was a spring high in the hills.",
        "Source: she said he had moved away, but I never believed a word of it, not one.",
        "I looked at the photo for a long time.",
        "He left - and I stayed.",
        "It was the end — the source of all my pain was gone.",
        "I kept the picture (the one from the beach) for years.",
        "Photo by photo, she rebuilt her life.",
        "Source: my mother, who never lied.",
        "Image by image, the memories came back.",
        "Credit: she gave him none.",
        "She smiled - via: the back door.",
        "He kept the letters. Source: his own folly, nothing more.",
        "It was his idea, Source: the old ledger said otherwise.",
    ],
)
def test_narrative_lines_are_not_captions(line):
    assert parse_caption(line) is None


@pytest.mark.parametrize(
    "caption, credit, generator",
    [
        ("An angry man", "Midjourney", "Midjourney"),
        ("A robot", "DALL·E", "DALL·E"),
        ("A robot", "Dall-E 3", "DALL·E"),
        ("A city", "Stable Diffusion", "Stable Diffusion"),
        ("A smiling woman (AI-generated)", "Shutterstock", "AI"),
        ("A smiling woman", "Pexels", None),
        ("A runway model", "Getty Images", None),
        ("Image created with Midjourney", None, "Midjourney"),
        ("An angry man. Image generated with DALL-E 3", None, "DALL·E"),
        ("A city skyline, made using Stable Diffusion", "Shutterstock", "Stable Diffusion"),
        ("A lonely house, created with AI", None, "AI"),
        ("A bowl of fruit made with love", None, None),
        ("A sculpture made by Ai Weiwei", None, None),
        ("An angry man", "Midjourneyfan", None),
        ("A dog on a porch", "Getty Images / AI-enhanced", "AI"),  # a photo an AI worked over
        ("A postcard", "Canva AI", "Canva AI"),
        ("A postcard. Image generated by Gemini", None, "Gemini"),
        ("A lonely man on a bench", "generated by AI", "AI"),
        ("The night sky over Chile", "Gemini Observatory/NOIRLab", None),  # a telescope, not the generator
        ("Doctors review an AI-assisted scan", "AP", None),  # in a caption the label tells what the picture shows
    ],
)
def test_flags_ai_generated_images(caption, credit, generator):
    assert ai_generator(caption, credit) == generator


def test_captions_leave_the_narrative_with_their_position():
    story = ingest.read_text("First paragraph here.\nA dog | Source: Pexels\nSecond paragraph.\nEnd | Photo: Midjourney")
    assert story.text == "First paragraph here.\n\nSecond paragraph."
    assert [(m.caption, m.credit, m.ai_generated) for m in story.media] == [
        ("A dog", "Pexels", False), ("End", "Midjourney", True)]
    assert story.media[0].offset == story.text.index("Second")
    assert story.media[1].offset == len(story.text)


def test_sentence_credits_leave_the_narrative_and_sentence_like_credits_stay():
    story = ingest.read_text("Marta rebuilt the barn.\nA barn at dusk. Photo: Getty Images\nPhoto by photo, she rebuilt "
                             "her life.\nA ladder, Source: Pexels\nCredit: she gave him none.")
    assert story.text == "Marta rebuilt the barn.\n\nPhoto by photo, she rebuilt her life.\n\nCredit: she gave him none."
    assert [(m.caption, m.credit) for m in story.media] == [("A barn at dusk", "Getty Images"), ("A ladder", "Pexels")]


def test_dashed_and_bracketed_credits_leave_the_narrative_but_dashed_sentences_stay():
    story = ingest.read_text("He left - and I stayed.\nA man crying (Image: Midjourney)\nI waited — for years, alone.\n"
                             "An empty street — Photo: Getty Images\nThen he came back.")
    assert story.text == "He left - and I stayed.\n\nI waited — for years, alone.\n\nThen he came back."
    assert [(m.caption, m.credit, m.ai_generated) for m in story.media] == [
        ("A man crying", "Midjourney", True), ("An empty street", "Getty Images", False)]


def test_consecutive_captions_are_numbered_in_order():
    story = ingest.read_text("He left me. I cried.\n\nA smiling woman | Source: Pexels\nA crying man | Source: Midjourney\n"
                             "A cat | Source: Pexels\n\nThen he came back.\n\nThe end | Photo: Getty Images")
    assert [(m.index, m.caption) for m in story.media] == [
        (0, "A smiling woman"), (1, "A crying man"), (2, "A cat"), (3, "The end")]


def test_html_keeps_paragraphs_and_figcaptions_and_drops_boilerplate():
    html = """<!DOCTYPE html><html><head><title>My Story</title></head><body>
    <nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
    <article><h1>My Story</h1>
    <p>He left me. Not for another woman, not for some grand, dramatic falling out at all.</p>
    <figure><img src="a.jpg"><figcaption>A smiling woman | Source: Pexels</figcaption></figure>
    <p>That’s what I told everyone. That’s what I told myself, every single day for a year.</p>
    <figure><img src="b.jpg"><figcaption>An angry man</figcaption></figure>
    <p>Then the truth came out, and it was worse than anything I had feared before.</p>
    </article><footer>Copyright 2025. Subscribe to our newsletter!</footer></body></html>"""
    story = ingest.read_text(html, fmt="html")
    assert story.info.title == "My Story"
    assert [p.text[:10] for p in story.paragraphs] == ["He left me", "That’s wha", "Then the t"]
    assert [(m.caption, m.credit) for m in story.media] == [("A smiling woman", "Pexels"), ("An angry man", None)]
    assert "Subscribe" not in story.text and "Home" not in story.text


STORY_HTML = "".join(f"<p>{p}</p>" for p in [
    "He said he would come back. He never did, and I waited for him for years in that little house by the sea.",
    "Every morning I walked down to the harbour and watched the boats come in, one by one, until the last.",
    "My sister told me to stop waiting. I told her that she did not know him the way that I did.",
])


def html_page(fragment: str):
    return ingest.read_text(f"<html><body><article>{STORY_HTML * 2}{fragment}{STORY_HTML * 2}</article></body></html>",
                            fmt="html")


@pytest.mark.parametrize(
    "fragment",
    [
        '<p class="caption">A sad man | Source: Midjourney</p>',
        "<div>A sad man | Source: Midjourney</div>",
        '<span class="caption">A sad man | Source: Midjourney</span>',
        '<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">A sad man | Source: Midjourney</p></div>',
        '<figure><img src="a.jpg"><div class="image-caption">A sad man <span class="credit">Midjourney</span></div></figure>',
        '<figure><img src="a.jpg"><p>A sad man | Source: Midjourney</p></figure>',
    ],
)
def test_html_caption_markup_is_an_image_insert(fragment):
    story = html_page(fragment)
    assert [(m.caption, m.credit, m.ai_generated) for m in story.media] == [("A sad man", "Midjourney", True)]
    assert "sad man" not in story.text


def test_a_caption_class_with_a_sentence_then_its_credit_is_split():
    story = html_page('<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">A man packing a suitcase. '
                      'Photo: Getty Images</p></div>')
    assert [(m.caption, m.credit) for m in story.media] == [("A man packing a suitcase", "Getty Images")]
    assert "suitcase" not in story.text


@pytest.mark.parametrize(
    "figcaption, caption, credit, ai_generated",
    [
        ('A woman crying<span class="credit">Source: Pexels</span>', "A woman crying", "Pexels", False),
        ("An angry man <cite>Midjourney</cite>", "An angry man", "Midjourney", True),
        ('A quiet street | <small class="photo-credit">Photo by Jane Doe on Unsplash</small>', "A quiet street",
         "Jane Doe / Unsplash", False),
        ("A <em>very</em> sad man", "A very sad man", None, False),
        # a line break parts words; a <small> after the caption is its credit
        ("A vet with a dog<br><small>Illustration created with DALL-E 3</small>", "A vet with a dog",
         "DALL-E 3", True),  # a credit that says how the image was made names its maker
        ("A vet<br>with a dog", "A vet with a dog", None, False),
        ("The letter he never sent <small>(detail, second page)</small>", "The letter he never sent (detail, second "
         "page)", None, False),  # a <small> is a credit only when it reads as one
    ],
)
def test_a_credit_element_in_a_figcaption_is_the_credit(figcaption, caption, credit, ai_generated):
    story = html_page(f'<figure><img src="a.jpg"><figcaption>{figcaption}</figcaption></figure>')
    assert [(m.caption, m.credit, m.ai_generated) for m in story.media] == [(caption, credit, ai_generated)]
    assert set(caption.split()) <= set(story.media[0].raw.split())  # the raw line keeps its words apart


def test_html_story_text_is_not_taken_for_captions():
    story = html_page("<p>That winter I read <cite>Anna Karenina</cite> twice, and cried both times.</p>"
                      "<p>He left - and I stayed - and the source of it all was my pride.</p>"
                      "<p>A gull | Source: Pexels<br>Then the letter came, and everything I knew was wrong.</p>")
    assert [(m.caption, m.credit) for m in story.media] == [("A gull", "Pexels")]
    for kept in ("I read Anna Karenina twice", "He left - and I stayed", "Then the letter came"):
        assert kept in story.text


def test_a_short_page_keeps_its_text_but_not_its_menu_and_a_page_of_only_menus_has_no_story():
    short = ("<html><body><nav>Home | About</nav><div>She waited by the door. He never came back, and she "
             "knew why.</div><script>var tracking = 1;</script></body></html>")
    assert ingest.read_text(short, fmt="html").text == "She waited by the door. He never came back, and she knew why."
    with pytest.raises(InputError, match="no story text found"):
        ingest.read_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>", fmt="html")


def test_markdown_title_markup_and_images():
    md = "# The Title\n\nShe **never** left. It was _her_ [home](http://x.y).\n\n![A dog | Source: Pexels](d.jpg)\n\n> The end."
    story = ingest.read_text(md, fmt="markdown")
    assert story.info.title == "The Title"
    assert story.text == "She never left. It was her home.\n\nThe end."
    assert story.media[0].credit == "Pexels"


@pytest.mark.parametrize(
    "image, caption, credit",
    [
        ("![A woman looking at her phone](a.jpg)\n*A woman looking at her phone | Source: Midjourney*",
         "A woman looking at her phone", "Midjourney"),
        ("![](a.jpg)\n\n_A man waiting at a bus stop | Photo: Getty Images_", "A man waiting at a bus stop", "Getty Images"),
        ('![Car](b.jpg "A car parked | Source: Unsplash")', "A car parked", "Unsplash"),
        ("![A car parked](b.jpg 'Source: Unsplash')", "A car parked", "Unsplash"),
        ("![A dog](d.jpg) *Source: Pexels*", "A dog", "Pexels"),
    ],
)
def test_a_markdown_image_is_one_insert_with_the_credit_of_its_title_or_caption_line(image, caption, credit):
    story = ingest.read_text(f"He left me. I cried.\n\n{image}\n\nThen he came back.", fmt="markdown")
    assert story.text == "He left me. I cried.\n\nThen he came back."
    assert [(m.caption, m.credit) for m in story.media] == [(caption, credit)]


def test_a_credited_caption_line_after_a_credited_image_is_another_insert():
    md = "Intro.\n\n![A dog | Source: Pexels](d.jpg)\n*A cat | Source: Unsplash*\n\nThe end."
    assert [m.caption for m in ingest.read_text(md, fmt="markdown").media] == ["A dog", "A cat"]


@pytest.mark.parametrize(
    "text, fmt",
    [("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"), ("# Title\n\nText", "markdown"),
     ("Just a story. It ends.", "text")],
)
def test_sniffs_the_format(text, fmt):
    assert ingest.sniff_format(text) == fmt


def test_hard_wrapped_paragraphs_are_unwrapped():
    text = ("It was market-day, and from all the country round the peasants\nwere coming toward the town.\n\n"
            "The men walked slowly, throwing the whole body forward\nat every step of their long legs.\n")
    story = ingest.read_text(text)
    assert [p.text for p in story.paragraphs] == [
        "It was market-day, and from all the country round the peasants were coming toward the town.",
        "The men walked slowly, throwing the whole body forward at every step of their long legs."]


def test_typographic_scene_breaks_are_not_paragraphs():
    story = ingest.read_text("One.\n\n* * *\n\nTwo.")
    assert [p.text for p in story.paragraphs] == ["One.", "Two."]


@pytest.mark.parametrize("text, fmt", [
    ("He left at dawn.\n\n* * *\n\nShe woke at noon.\n\nNobody came.", "text"),
    ("# The Road\n\nHe left at dawn.\n\n* * *\n\nShe woke at noon.\n\nNobody came.", "markdown"),
    ("# The Road\n\nHe left at dawn.\n\n---\n\nShe woke at noon.\n\nNobody came.", "markdown"),
    ("<html><body><article><p>He left at dawn.</p><hr><p>She woke at noon.</p><p>Nobody came.</p></article>"
     "</body></html>", "html"),
])
def test_a_scene_break_marks_the_paragraph_after_it(text, fmt):
    # Markdown's list-marker rule used to turn "* * *" into a paragraph "* *"; HTML's <hr> was dropped unseen.
    story = ingest.read_text(text, fmt=fmt)
    assert [(p.text, p.after_break) for p in story.paragraphs] == [
        ("He left at dawn.", False), ("She woke at noon.", True), ("Nobody came.", False)]


def test_a_break_before_the_first_paragraph_opens_nothing():
    assert not ingest.read_text("* * *\n\nHe left at dawn.").paragraphs[0].after_break


@pytest.mark.parametrize("data", [b"", b"   \n\t \n", "\ufeff".encode("utf-8")])
def test_empty_input_is_an_input_error(data):
    with pytest.raises(InputError, match="no story text found in empty.txt"):
        ingest.read_bytes(data, source="empty.txt")


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(500), b"\x7fELF\x02\x01" + bytes(300)])
def test_binary_input_is_an_input_error(data):
    with pytest.raises(InputError, match="binary"):
        ingest.read_bytes(data, source="blob.bin")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(encoding):
    story = ingest.read_bytes("The ferry left at noon. Ilse stayed — on the pier.".encode(encoding), source="s.txt")
    assert story.text == "The ferry left at noon. Ilse stayed — on the pier." and story.info.encoding == encoding
    assert notes(story) == [f"s.txt is UTF-16 without a byte-order mark: read as {encoding.upper()}"]


def test_size_limit_is_an_input_error_naming_the_limit():
    with pytest.raises(InputError, match="over the limit of 100 bytes"):
        ingest.read_bytes(b"x" * 101, source="big.txt", max_bytes=100)


def test_non_english_text_gets_a_warning_not_an_error():
    text = ("Der Mann ging langsam durch die Straße und dachte an seine Frau, die er seit Jahren "
            "nicht mehr gesehen hatte. Niemand wusste, wohin sie gegangen war, und niemand fragte.")
    story = ingest.read_text(text)
    assert story.info.warnings and "does not look like English" in story.info.warnings[0]
    assert not notes(ingest.read_text("He left me. That is what I told everyone, and what I told myself " * 3))


@pytest.mark.parametrize("text", [
    "从前有一个人叫小明。他住在山边的一个小房子里。有一天，他的妻子没有回家。",  # no spaces: one "word" per clause
    "Жил-был человек. Он жил в маленьком доме у горы.",  # under 20 words
])
def test_a_short_text_in_another_script_gets_the_warning(text):
    warnings = ingest.read_text(text).info.warnings
    assert warnings and "not Latin" in warnings[0]


def test_accented_latin_and_a_few_foreign_names_are_english_enough():
    text = "Zoë left the café with Renée. She said goodbye to Владимир and walked home. Nobody followed her."
    assert not notes(ingest.read_text(text))


# --------------------------------------------------------------------------- hostile and odd input


def test_a_stream_with_no_size_is_read_only_up_to_the_limit(tmp_path):
    with pytest.raises(InputError, match="/dev/zero is over the limit of 1,000 bytes"):
        ingest.read_path("/dev/zero", max_bytes=1_000)


def test_text_nested_deeper_than_any_page_means_is_kept_or_reported():
    deep = ("<html><body><p>Intro line here.</p>" + "<div>" * 300 + "<p>John never left the city.</p>" + "</div>" * 300
            + "<p>Final words.</p></body></html>")
    story = ingest.read_text(deep, fmt="html")
    assert story.text == "Intro line here.\n\nJohn never left the city.\n\nFinal words." and not notes(story)
    deeper = deep.replace("<div>" * 300, "<div>" * 5_000).replace("</div>" * 300, "</div>" * 5_000)
    lost = ingest.read_text(deeper, fmt="html")
    assert "John" not in lost.text and any("too deep" in w for w in lost.info.warnings)  # lost, but said so


def test_tables_used_for_layout_are_read_as_story_text_and_data_tables_are_not():
    cells = "".join(f"<table><tr><td><table><tr><td><p>Mary waited in part {i} while John said nothing.</p>"
                    "</td></tr></table></td></tr></table>" for i in range(6))
    story = html_page(cells)
    assert all(f"part {i} while" in story.text for i in range(6)) and "|" not in story.text
    data = html_page("<table><tr><th>Name</th><th>Age</th></tr><tr><td>Tom</td><td>32</td></tr></table>")
    assert "Tom" not in data.text


def test_lone_surrogates_become_replacement_characters_with_a_warning():
    story = ingest.read_text("He left.\ud800 She stayed.", fmt="text")
    assert story.text == "He left.\ufffd She stayed." and "lone surrogate" in story.info.warnings[0]


def test_a_text_of_only_invisible_characters_has_no_story():
    with pytest.raises(InputError, match="no story text found"):
        ingest.read_text(" \n\u200b\ufeff\u2060", fmt="text")


def test_html_written_into_markdown_is_no_story_text():
    story = ingest.read_text("# Story\n\n<!-- author note:\ndraft 2 -->\n\nHe left me.<br>\nI cried for days.\n\n"
                             '<div align="center"><img src="a.jpg" alt="A sad woman"><br>'
                             "<em>A sad woman | Source: Pexels</em></div>\n\nYears later, <b>he came back</b>.",
                             fmt="markdown")
    assert story.text == "He left me.\n\nI cried for days.\n\nYears later, he came back."
    assert [(m.caption, m.credit) for m in story.media] == [("A sad woman", "Pexels")]
    assert "I <3 you, and 2 < 3 > 1." in ingest.read_text("I <3 you, and 2 < 3 > 1.", fmt="markdown").text
    chat = "<Mom> are you home\n\n<Me> yes, press <enter> and read the <<KEEP OUT>> sign. I am <not\n\nsure."
    assert ingest.read_text(chat, fmt="markdown").text == chat
    hidden = "<details><summary>Spoiler</summary>She left.</details> Hi<script>alert(1)</script>.<!-- open"
    assert ingest.read_text(hidden, fmt="markdown").text == "Spoiler\n\nShe left.\n\nHi.<!-- open"


def test_markdown_front_matter_gives_the_title_and_code_blocks_are_not_text():
    story = ingest.read_text('---\ntitle: "The Job"\nauthor: me\n---\n\nHe left me.\n\n```\nlet stayed = true;\n```\n\n'
                             'She stayed.\n\n~~~~ js\nx = 1\n~~~\ny = 2\n~~~~\n', fmt="markdown")
    assert story.info.title == "The Job" and story.text == "He left me.\n\nShe stayed."
    assert notes(story) == ["the input: left out 2 fenced code blocks (4 lines): code is not story text"]
    stray = ingest.read_text("He left me.\n\n```\nShe stayed.", fmt="markdown")
    assert stray.text == "He left me.\n\nShe stayed." and not notes(stray)  # a fence nothing closes


def test_a_markdown_heading_that_repeats_the_front_matter_title_is_not_text():
    story = ingest.read_text("---\ntitle: The Long Road\n---\n# The *Long* Road\n\nJakob walked it.", fmt="markdown")
    assert story.info.title == "The Long Road" and story.text == "Jakob walked it."
    other = ingest.read_text("---\ntitle: The Long Road\n---\n# Part One\n\nJakob walked it.", fmt="markdown")
    assert other.text == "Part One\n\nJakob walked it."


def test_a_markdown_image_keeps_its_alt_text_when_a_bare_credit_line_follows():
    story = ingest.read_text("![An old barn at dusk](barn.jpg)\nSource: Pexels\n\nThe barn stood empty.", fmt="markdown")
    assert story.text == "The barn stood empty."
    assert [(m.caption, m.credit) for m in story.media] == [("An old barn at dusk", "Pexels")]


def test_a_markdown_link_with_brackets_in_its_address_leaves_its_text():
    story = ingest.read_text("Ines flew past [Mercury](https://example.org/wiki/Mercury_(planet)) at dawn.",
                             fmt="markdown")
    assert story.text == "Ines flew past Mercury at dawn."
    kept = ingest.read_text("---\nHe left me that winter.\n---\n\nShe stayed.", fmt="markdown")
    assert kept.text == "He left me that winter.\n\nShe stayed."  # rules around prose are not metadata


def test_a_web_page_saved_as_markdown_is_read_as_html_with_a_warning():
    story = ingest.read_text("<!DOCTYPE html><html><body><p>He left me and she stayed.</p></body></html>",
                             fmt="markdown")
    assert story.info.format == "html" and story.text == "He left me and she stayed."
    assert "read as HTML" in story.info.warnings[0]


def test_latin_1_with_symbols_is_read_as_latin_1():
    data = "Copyright © 1998 Zoë Brontë. He paid ½ of the bill at the café and waited.".encode("latin-1")
    decoded = ingest.decode(data)
    assert decoded.encoding == "latin-1" and "Zoë Brontë" in decoded.text and "½" in decoded.text
    assert decoded.warnings == []


UTF8_STORY = "The baker’s van stopped at the gate. “Nobody home,” Tomas said, and drove on to the mill. " * 4


def test_utf8_with_a_stray_windows_1252_byte_stays_utf8_with_a_warning():
    data = UTF8_STORY.encode("utf-8") + b" The miller\x92s dog barked."
    story = ingest.read_bytes(data, source="s.txt")
    assert story.info.encoding == "utf-8"
    assert "The baker’s van" in story.text and "The miller’s dog barked." in story.text
    assert notes(story) == ["s.txt: 1 byte is not UTF-8, read as Windows-1252"]


@pytest.mark.parametrize("line", ["The lamp ★ hung low.", "North → south, she said.", "He grinned 😀 at the gate.",
                                  "Она ждала у окна всю ночь.", "雨の日、私たちは家にいた。"])
def test_utf8_with_symbols_emoji_or_another_script_and_a_stray_byte_stays_utf8(line):
    data = f"{line} The miller".encode("utf-8") + b"\x92s dog barked."
    assert ingest.decode(data, "s.txt") == (f"{line} The miller’s dog barked.", "utf-8",
                                            ["s.txt: 1 byte is not UTF-8, read as Windows-1252"])


def test_ascii_with_a_few_windows_1252_bytes_is_windows_1252_and_loses_nothing():
    """Such bytes are a Windows-1252 file: every letter comes out right, without a warning as for any Western
    code page."""
    data = b"The miller\x92s dog barked at the \x93ghost\x94 \x96 twice\x85"
    assert ingest.decode(data, "s.txt") == ("The miller’s dog barked at the “ghost” – twice…", "cp1252", [])


def test_utf8_followed_by_a_windows_1252_copy_reads_both_halves():
    data = UTF8_STORY.encode("utf-8") + b"\n\n" + UTF8_STORY.encode("cp1252")
    decoded = ingest.decode(data, "s.txt")
    assert decoded.encoding == "utf-8" and decoded.text == UTF8_STORY + "\n\n" + UTF8_STORY
    assert decoded.warnings == ["s.txt: 12 bytes are not UTF-8, read as Windows-1252"]


def test_several_stray_cp1252_letters_are_read_as_letters_not_replaced():
    pasted = "It was déjà vu, a résumé."
    decoded = ingest.decode(UTF8_STORY.encode("utf-8") + b" " + pasted.encode("cp1252"), "s.txt")
    assert decoded.text.endswith(" " + pasted) and decoded.warnings == [
        "s.txt: 4 bytes are not UTF-8, read as Windows-1252"]


def test_stray_bytes_that_are_no_windows_1252_text_are_replaced_and_counted():
    decoded = ingest.decode(UTF8_STORY.encode("utf-8") + b" A cut \xe2\x80 sign and \x81\x8d.", "s.txt")
    assert decoded.text.endswith(" A cut \ufffd sign and \ufffd.")
    assert decoded.warnings == ["s.txt: 4 bytes are not UTF-8, replaced with U+FFFD"]


def test_a_guessed_legacy_code_page_gets_a_warning():
    decoded = ingest.decode("今日は雨が降っていたので、私たちは家で本を読んでいました。".encode("shift_jis") * 4, "s.txt")
    assert decoded.warnings == [f"s.txt is not UTF-8; its encoding was guessed as {decoded.encoding}: "
                                "check the text for garbled letters"]


def test_another_alphabet_in_a_single_byte_code_page_is_not_read_as_latin_1():
    russian = "Он вернулся домой поздно вечером. Жена ждала его у окна, и она знала, что он лгал.\n"
    decoded = ingest.decode(russian.encode("cp1251"), "s.txt")
    assert decoded.encoding == "cp1251" and decoded.text == russian and len(decoded.warnings) == 1
    french = "Elle était très fatiguée. Le café était fermé, et l'élève pleurait à côté de la fenêtre.\n"
    assert ingest.decode(french.encode("latin-1"), "s.txt") == (french, "latin-1", [])


def test_a_file_name_that_is_not_utf8_is_escaped_in_the_story(tmp_path):
    path = tmp_path / os.fsdecode(b"the-ferry\xff.txt")
    path.write_text("The ferry left at noon. Ilse stayed on the pier until dark.", encoding="utf-8")
    story = ingest.read_path(path)
    assert story.info.source == str(tmp_path / "the-ferry\\xff.txt")
    assert json.loads(story.model_dump_json())["info"]["source"] == story.info.source


def test_lone_surrogates_in_a_source_or_title_are_escaped():
    story = ingest.read_text("The ferry left at noon.", source="id\ud800", title="Pier\udfff")
    assert (story.info.source, story.info.title) == ("id\\ud800", "Pier\\udfff")


def test_a_stray_byte_inside_a_character_of_another_script_is_dropped_and_the_character_kept():
    story = "雨の日、私たちは家にいた。彼は遠い町で働いていると思っていた。" * 3
    data = story.encode("utf-8")
    cut = data[:20] + b"\xff" + data[20:]  # byte 20 is inside a three-byte character
    assert ingest.decode(cut, "s.txt") == (story, "utf-8", ["s.txt: 1 byte is not UTF-8, dropped from inside a character"])
    both = cut + b" The miller\x92s dog."
    assert ingest.decode(both, "s.txt") == (story + " The miller’s dog.", "utf-8", [
        "s.txt: 2 bytes are not UTF-8, 1 read as Windows-1252, 1 dropped from inside a character"])


@pytest.mark.parametrize("line", [
    "READ MORE: My Mother-in-Law Wore White to My Wedding",
    "Related: The Day My Sister Came Home",
    "ADVERTISEMENT",
    "Page 1 / 2",
    "If this story touched your heart, please share it. 💌",
    "Have you ever discovered a secret? Tell us in the comments.",
    "Disclaimer: This story is inspired by a reader submission.",
    "Names are changed. Images are for illustrative purposes only.",
    "All images are for illustration purposes only.",
    "Advertisement - Continue Reading Below",
    "Story continues below advertisement",
    "Share this:",
    "Next Page »",
    "Comments (14)",
    "Originally published on Reddit's r/nosleep.",
    "Share this story if you believe dogs know more than we do!",
])
def test_page_furniture_leaves_the_story_with_a_warning_that_names_it(line):
    story = html_page(f"<p>{line}</p>")
    assert " ".join(line.split()[:3]) not in story.text
    assert any("page furniture" in w and line.split()[0] in w for w in story.info.warnings)


@pytest.mark.parametrize("ad", [
    '<div class="rec"><span>- Advertisement -</span><p>Get 50% off your first box of dog food. Use code WOOF50.</p></div>',
    '<section><p>SPONSORED</p><p>Try our new meal kits today.</p><p>“Free delivery” on every order.</p></section>',
    '<div><span>Advertisement</span><script>googletag.display("div-gpt-ad-1");</script><p>Buy a mattress.</p></div>',
])
def test_an_ad_under_its_label_leaves_the_story_with_a_warning(ad):
    story = html_page(f"<p>The dog waited by the door.</p>{ad}<p>He ran to my brother.</p>")
    assert "The dog waited by the door.\n\nHe ran to my brother." in story.text
    assert not any(word in story.text for word in ("Advertisement", "SPONSORED", "googletag", "delivery", "mattress"))
    assert any("left out 1 ad under an ad's label" in w for w in story.info.warnings)


@pytest.mark.parametrize("block", [
    "<p><b>Promoted!</b> She was promoted on Monday and told nobody at home.</p>",
    "<p><i>“Sponsored?”</i> he asked. “Who would sponsor a man like me?”</p>",
    "<div><p>Advertisement</p><p>" + "I kept the letter for years and read it every night. " * 5 + "</p></div>",
])
def test_a_story_block_that_opens_like_a_label_is_kept(block):
    page = f"<html><body><article><p>He said he would come.</p>{block}</article></body></html>"
    story = ingest.read_text(page, fmt="html")
    assert not any("ad's label" in w for w in story.info.warnings)
    assert any(words in story.text for words in ("told nobody", "Who would sponsor", "I kept the letter"))


def test_a_plain_text_line_about_an_advertisement_stays():
    story = ingest.read_text("Advertisement: that was my job for ten years, and I hated it.\n\nThen I quit.")
    assert story.text.startswith("Advertisement: that was my job")


@pytest.mark.parametrize("line", [
    "I read more of her letters that night: she had kept every one.",   # a story's own words
    "“Please share it with nobody,” she said.",
    "Page after page of his diary was empty.",
    "I have never told anyone this. I need to share this story before I lose my nerve.",  # a call to share is
    "The black sedan began to follow us on the interstate, two cars back, never closer.",  # the reader's, last
    "My sister would leave a comment on every photo I posted, even the ones from the funeral.",
    "Dad used to subscribe to the Tribune just for the crossword.",
    "Please share the cake with your brother. That was the last thing Mom ever wrote to me.",
])
def test_story_lines_like_page_furniture_stay(line):
    story = html_page(f"<p>{line}</p>")
    assert line in story.text
    assert not any("page furniture" in w for w in story.info.warnings)


@pytest.mark.parametrize(("fragment", "media_found"), [
    ('<figure><img src="a.jpg" alt="A receipt on a table | Image generated by Midjourney"></figure>',
     [("A receipt on a table", "Midjourney", True)]),
    ('<p><img src="a.jpg" alt="A receipt on a table | Source: Pexels"></p>', [("A receipt on a table", "Pexels", False)]),
    ('<img src="a.jpg" alt="AI-generated image of a shoebox full of envelopes">',
     [("AI-generated image of a shoebox full of envelopes", None, True)]),
    ('<figure><img src="a.jpg" alt="An old man at a bus stop"><span class="credit">Photo: Shutterstock</span></figure>',
     [("An old man at a bus stop", "Shutterstock", False)]),
    ('<p><img src="a.jpg" alt="A dog"></p><p class="image-credit">Illustration created with DALL-E 3</p>',
     [("A dog", "DALL-E 3", True)]),
    ('<p><img src="a.jpg" alt="An old man"><span class="credit">Photo: Shutterstock</span></p>',
     [("An old man", "Shutterstock", False)]),                                # a credit alone takes the alt text
    ('<p><img src="a.jpg" alt="A dog on a porch"></p>', []),                   # decoration: no credit, no AI maker
    ('<p>He smiled <img src="smile.png" alt="Source: Pexels"> at me.</p>', []),  # an image inside a line of text
])
def test_an_image_credited_in_its_alt_text_or_a_credit_element_is_an_insert(fragment, media_found):
    story = html_page(fragment)
    assert [(m.caption, m.credit, m.ai_generated) for m in story.media] == media_found
    assert "Shutterstock" not in story.text and "DALL-E" not in story.text


BROKEN_PAGE = ("<html><head><title>Notes on My Porch{title_end}</head><body><article><p>The first note came in May."
               "<p>It was tucked under the mat, folded into a square.{figure}<p>There are eleven envelopes left."
               "<p>I have not opened them.</article></body></html>")
PORCH = '<figure><img src="p.jpg"><figcaption>A wooden porch at sunrise, Source: Pexels{caption_end}'


@pytest.mark.parametrize(("title_end", "caption_end", "warned"), [
    ("</title>", "</figcaption></figure>", []),
    ("", "</figcaption></figure>", ["<title> is never closed"]),           # the parser read the page as its title
    ("</title>", "</figcaption>", ["never closed: 2 blocks"]),             # the story ran into the figure
    ("</title>", "", ["never closed: 2 blocks"]),                           # and into its caption
])
def test_a_page_with_unclosed_tags_keeps_its_story_apart_from_its_title_and_captions(title_end, caption_end, warned):
    page = BROKEN_PAGE.format(title_end=title_end, figure=PORCH.format(caption_end=caption_end))
    story = ingest.read_text(page, fmt="html")
    assert story.info.title == "Notes on My Porch"
    assert story.text == ("The first note came in May.\n\nIt was tucked under the mat, folded into a square.\n\n"
                          "There are eleven envelopes left.\n\nI have not opened them.")
    assert [(m.caption, m.credit) for m in story.media] == [("A wooden porch at sunrise", "Pexels")]
    assert all(any(w in warning for warning in story.info.warnings) for w in warned)
    assert len([w for w in story.info.warnings if "never closed" in w]) == len(warned)


def test_a_markdown_image_with_no_words_takes_the_italic_line_under_it_as_its_caption():
    story = ingest.read_text("# Story\n\n*By Reader Submission · March 11, 2024 · 6 min read*\n\nHe left me in May.\n\n"
                             "![](car.jpg)\n\n*A man sitting in a car at night. Image generated by Midjourney*\n\n"
                             "He came back in June.\n\n![](road.jpg)\n\nI never asked where he had been.\n\n"
                             "*He never told me.*", fmt="markdown")
    assert [(m.caption, m.ai_generated) for m in story.media] == [
        ("A man sitting in a car at night. Image generated by Midjourney", True)]
    assert story.text == ("He left me in May.\n\nHe came back in June.\n\nI never asked where he had been.\n\n"
                          "He never told me.")  # the byline is furniture; italics after an uncaptioned image or
    assert any("By Reader Submission" in w for w in story.info.warnings)  # after a paragraph stay the story's


def test_an_article_s_headline_is_no_story_text_when_the_page_s_title_differs():
    page = ("<html><head><title>Notes | Heart Stories</title><meta property='og:title' content='Notes on My Porch'>"
            "</head><body><article><h1>For Ten Years, My Neighbor Left Notes on My Porch</h1>"
            "<p>The first note came in May.</p><p>It was tucked under the mat.</p></article></body></html>")
    story = ingest.read_text(page, fmt="html")
    assert story.text == "The first note came in May.\n\nIt was tucked under the mat."


def test_html_entities_copied_into_plain_text_are_decoded_with_a_warning():
    story = ingest.read_text("I didn&rsquo;t know. Tom &amp; Ann knew &#8212; everyone knew.", fmt="text")
    assert story.text == "I didn’t know. Tom & Ann knew — everyone knew."
    assert any("decoded 3 HTML entities" in w for w in story.info.warnings)
    single = ingest.read_text("The sign said AT&amp;T and nothing more.", fmt="text")
    assert single.text == "The sign said AT&amp;T and nothing more."  # one may be meant
    assert not any("entit" in w for w in single.info.warnings)


def test_a_caption_line_that_disclaims_stays_an_insert():
    story = ingest.read_text("He left in May.\n\nFor illustration purposes only | Source: Midjourney\n\nI waited.",
                             fmt="text")
    assert [(m.caption, m.credit) for m in story.media] == [("For illustration purposes only", "Midjourney")]


def test_an_italic_line_under_a_wordless_image_stays_story_when_it_reads_as_story():
    md = ("# The House\n\nMy mother sold the house the spring I turned forty.\n\n![](house.jpg)\n\n"
          "*Three years earlier.*\n\nThe first letter came on a Tuesday.\n\n![](phone.jpg)\n\n*I know what you did.*"
          "\n\nThat was all the text said.")
    story = ingest.read_text(md, fmt="markdown")
    assert "Three years earlier." in story.text and "I know what you did." in story.text and story.media == []


def test_a_closed_caption_of_several_paragraphs_is_one_caption_with_its_credit():
    story = html_page('<figure><img src="a.jpg" alt="x"><figcaption><p>My grandfather in 1944.</p><p>He was '
                      'nineteen.</p><p>Photo: family archive</p></figcaption></figure>')
    assert [(m.caption, m.credit) for m in story.media] == [("My grandfather in 1944. He was nineteen",
                                                             "family archive")]
    assert "nineteen" not in story.text and not any("never closed" in w for w in story.info.warnings)


def test_an_author_s_portrait_or_a_bare_credit_in_alt_text_is_no_insert():
    story = html_page('<div class="author-box"><img src="me.jpg" alt="A woman smiling | Source: Pexels"></div>'
                      '<p><img src="b.jpg" alt="Photo by Jane Doe"></p>')
    assert story.media == []


def test_an_svg_title_in_the_body_closes_no_title_left_open_in_the_head():
    page = ("<html><head><title>The Letters<meta charset='utf-8'></head><body><svg><title>Menu icon</title></svg>"
            "<article><p>The first letter came in May.</p><p>It had no stamp on it at all.</p></article></body></html>")
    story = ingest.read_text(page, fmt="html")
    assert story.info.title == "The Letters" and story.text.startswith("The first letter came in May.")


def test_a_plain_text_story_s_first_short_line_set_apart_is_its_title():
    story = ingest.read_text("The Workshop\n\nI was nine when my father built the workshop. He never finished it.")
    assert story.info.title == "The Workshop"
    assert story.text.startswith("I was nine")


@pytest.mark.parametrize("text", [
    "It was raining.\n\nHe ran home.",                               # a sentence
    "“Run,” she said\n\nHe ran home.",                               # speech
    "Dear Tom,\n\nI ran home.",                                      # a letter's salutation
    "A smiling woman | Source: Pexels\n\nHe ran home.",              # a caption
    "The Workshop\nI was nine. He never finished it.",               # no blank line after it
    "When my father finally came home that night from the long shift at the mill he\n\nsaid nothing.",  # too long
])
def test_a_first_line_that_is_no_title_stays_in_the_story(text):
    story = ingest.read_text(text)
    assert story.info.title is None
    assert story.text.split()[0] == text.split()[0] or "Source" in text
