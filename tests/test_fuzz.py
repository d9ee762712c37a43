"""Fuzzing: no input breaks ingest or the analysis, and no pattern backtracks catastrophically.

Invariants: `fabula.analyze` / the ingest readers return a result or raise fabula's own
InputError; every span's text equals its slice of the story text; run time grows
linearly with input size (checked as a ratio between sizes, not as a wall-clock bound).
Inputs that once failed are kept in tests/fuzz_corpus/ and replayed here.
"""

from __future__ import annotations

import gc
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fabula
from fabula import ingest, media
from fabula.analyzers.reveal.cues import cue_patterns, revelations
from fabula.analyzers.style import _frames_a_letter
from fabula.errors import InputError
from test_spans import spans_in

FUZZ_CORPUS = Path(__file__).parent / "fuzz_corpus"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that stress tokenizers and patterns: combining marks, RTL, emoji, zero-width, quotes, dashes.
TRICKY = "\u0301\u0308\u200b\u200c\u200d\u200e\u200f\u202e\u2066\ufeff\u05d0\u0627😀👩‍👩‍👧“”‘’\"'—–…|.!?:;\n\t "
story_text = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY)), max_size=600)
words = st.sampled_from(["He", "left", "me", "NEVER", "MOVED", "the", "truth", "“", "”", "\"", "...", "|",
                         "Source:", "Pexels", "I", "said", "she", ".", "!", "?", "\n", "\n\n", "Mr.", "U.S."])
story_like = st.lists(words, max_size=200).map(" ".join)


def check_analysis(analysis: fabula.Analysis) -> None:
    for span in spans_in(analysis):
        assert analysis.text[span.start:span.end] == span.text


def analyze_or_input_error(text: str, fmt: str | None) -> None:
    try:
        analysis = fabula.analyze(text, fmt=fmt)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_analysis(analysis)


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_story_or_an_input_error(data):
    try:
        story = ingest.read_bytes(data, source="fuzz.bin")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for paragraph in story.paragraphs:
        assert story.text[paragraph.start:paragraph.end] == paragraph.text


@FAST
@given(story_text, st.sampled_from(["text", "markdown", "html", None]))
def test_arbitrary_unicode_ingests_in_every_format(text, fmt):
    try:
        story = ingest.read_text(text, fmt=fmt)
    except InputError:
        return
    assert all(story.text[p.start:p.end] == p.text for p in story.paragraphs)


@FAST
@given(story_text)
def test_lone_surrogates_in_utf16_bytes_are_survived(text):
    data = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le", "surrogatepass") + b"\x00\xd8"
    try:
        ingest.read_bytes(data, source="fuzz.txt")
    except InputError:
        pass


@SLOW
@given(st.one_of(story_text, story_like), st.sampled_from(["text", "markdown", "html"]))
def test_analyze_returns_an_analysis_or_an_input_error(text, fmt):
    analyze_or_input_error(text, fmt)


@pytest.mark.parametrize(
    "text",
    [
        "<div>" * 3000 + "He left me." + "</div>" * 10,
        "<p>He left <b>me<i>. The <p>truth</b> came</i> out.<table><tr><td>" * 200,
        "<html><body><p>" + "x" * 200_000 + "</p></body></html>",
        "<<<>>><!-- unterminated <script>alert(1)</script><p>He left.</p",
    ],
    ids=["deeply-nested", "misnested", "huge-paragraph", "broken-markup"],
)
def test_malformed_and_deeply_nested_html(text):
    analyze_or_input_error(text, "html")


@pytest.mark.parametrize(
    "text",
    [
        "word " * 40_000,
        "“" * 20_000,
        "\"" * 20_000 + " he said " + "'" * 20_000,
        "HE NEVER MOVED ACROSS THE COUNTRY " * 2_000,
        "and then he left and she stayed and " * 2_000,
        "a" * 100_000,
    ],
    ids=["no-punctuation", "curly-quotes", "straight-quotes", "capitals", "one-sentence", "one-line"],
)
def test_adversarial_stories_analyze(text):
    analyze_or_input_error(text, "text")


def test_fuzz_corpus_replays():
    for path in sorted(FUZZ_CORPUS.glob("*")):
        if path.suffix != ".md":
            try:
                story = ingest.read_bytes(path.read_bytes(), source=path.name)
            except InputError:
                continue
            check_analysis(fabula.analyze(story.text, fmt="text"))


def letter_frames(text: str) -> list[bool]:
    """Whether each line of capitals frames a letter, asked line by line as the style analyzer does."""
    return [_frames_a_letter(text, m.span()) for m in re.finditer(r"(?m)^[A-Z ]+\.$", text)]


def seconds(function, argument) -> float:
    """CPU seconds of one call, with the garbage collector paused: unlike wall time, it does not grow when other
    jobs share the machine, and a collection that happens to fall in one call does not count against it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.process_time()
        function(argument)
        return time.process_time() - started
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize(
    "function, unit",
    [
        (ingest.repair_missing_spaces, "ab.Cd" * 2 + "x.y." * 3 + "e.g.U.S." * 2),
        (ingest.repair_missing_spaces, "word." * 10),
        (media.parse_caption, "A | " * 5 + "Source: x" * 5),
        (ingest.sniff_format, "<p " * 10 + "# " * 5),
        (lambda s: ingest.read_text(s, fmt="markdown"), "**_*[a](" * 10),
        (lambda s: ingest.read_text(s, fmt="markdown"), "<!-- <a b <br <script> <style " * 5 + "x "),
        (lambda s: ingest.read_text(s, fmt="text"), "x\n" * 5 + "\n\n" + "y " * 5),
        (lambda s: revelations(cue_patterns()["revelation"], s), "he discovered it, "),
        (letter_frames, "Help was near.\n\nFIRE AND SMOKE.\n\n"),
    ],
    ids=["repair-mixed", "repair-dots", "caption", "sniff", "markdown", "markdown-html", "plain", "revelation-cues",
         "letter-lines"],
)
def test_patterns_run_in_linear_time_on_adversarial_strings(function, unit):
    small, large = unit * 500, unit * 4000
    seconds(function, small)
    ratio = min(seconds(function, large) for _ in range(3)) / max(min(seconds(function, small) for _ in range(5)), 1e-4)
    assert ratio < 24, f"8x the input took {ratio:.1f}x the time: super-linear"


@pytest.mark.parametrize(
    "unit",
    [
        "HE NEVER MOVED ACROSS THE COUNTRY. ",
        "“He left,” she said. “He never left,” he said. ",
        "He had moved away for the job. He never moved away. Was I wrong? ",
        "Help was near.\n\nHELP ME!\n\n",
    ],
    ids=["shouted-repeats", "dialogue-repeats", "claim-and-denial-repeats", "shouted-lines"],
)
def test_analyzers_run_in_linear_time_on_repetitive_stories(unit):
    """A story that repeats itself makes every claim match every other: the analyzers must stay linear."""
    from fabula import nlp, pipeline

    def build_seconds(repeats: int) -> float:
        story = ingest.read_text(unit * repeats)
        doc = nlp.parse(story)
        return min(seconds(lambda d: pipeline.build(story, d), doc) for _ in range(3))

    small, large = build_seconds(100), build_seconds(800)
    assert large / max(small, 1e-3) < 24, f"8x the story took {large / small:.1f}x the analysis time: super-linear"


def test_ledger_rules_run_in_linear_time_on_a_repeated_story():
    """Each debunking rule reads only the earlier claims it may pair with (indexed by subject, source or act),
    not every earlier claim: a story that repeats a doubt made to be felt, a rumour denied and an identity
    question stays linear in the ledger."""
    from fabula import nlp, pipeline
    from fabula.analyzers.cast import analyze_cast
    from fabula.analyzers.claims import analyze_claims
    from fabula.analyzers.reveal import analyze_reveal

    unit = ("“Was I wrong?” I asked him. He lied to me, making me feel like I was wrong. "
            "It was said that Tom had sailed away for his trade. TOM NEVER SAILED AWAY. “Who are they?” “Soldiers.” ")

    def ledger_seconds(repeats: int) -> float:
        story = ingest.read_text(unit * repeats)
        doc = nlp.parse(story)
        sentences = pipeline.sentences(story, doc)
        cast = analyze_cast(story, doc)
        claims = analyze_claims(story, doc, cast)
        return min(seconds(lambda c: analyze_reveal(story, doc, sentences, cast, c), claims) for _ in range(3))

    small, large = ledger_seconds(100), ledger_seconds(800)
    assert large / max(small, 1e-3) < 24, f"8x the story took {large / small:.1f}x the ledger's time: super-linear"


def test_relatives_named_by_whose_cost_no_more_than_their_text():
    """Each 'a man whose wife' is labelled from its own tokens, not from the whole text built anew."""
    from fabula import nlp
    from fabula.analyzers.cast import analyze_cast

    def cast_seconds(repeats: int) -> float:
        story = ingest.read_text("A man whose wife was ill came to the door. " * repeats)
        doc = nlp.parse(story)
        return min(seconds(lambda d: analyze_cast(story, d), doc) for _ in range(3))

    # 8x the story: linear work takes about 8x, quadratic 64x; the small story is long enough (about 0.05 s) for a
    # slow spell of the machine not to pass for super-linear work (16x with 100 repeats swung from 22x to 44x)
    small, large = cast_seconds(200), cast_seconds(1600)
    assert large / max(small, 1e-3) < 24, f"8x the story took {large / small:.1f}x the cast's time: super-linear"
