"""The evaluation scorer: each metric on hand-made predictions (one right, one wrong), gold checks, the CLI."""

from __future__ import annotations

import copy
import json

import pytest
from typer.testing import CliRunner

from conftest import DREAM_JOB, analysis_of
from fabula.cli import app
from fabula.evaluate import (
    METRICS, Gold, GoldError, GoldSpeakers, Report, Score, Scorer, StoryScores, evaluate_dir, load_gold,
    load_speakers, locate, story_pairs,
)
from fabula.model import (
    Analysis, Arc, Belief, Cast, Character, Ledger, Media, Mention, Quote, Refutation, Reveal, Span, Timeline,
)
from fabula.rules import rules_id

# A short story as it sits in a .txt file: "job.His" lost its space (ingest restores it),
# and a caption line that ingest moves out of the text into Media.
RAW = """Tom told everyone he had moved to Paris for a job.His sister Anna believed him.

Three months later, Anna met an old friend at the market. Years ago the two of them had played there as children.

"He never left town," the friend said. Anna cried. It turned out Tom had lived two streets away the whole time.

A smiling woman | Source: Pexels

Anna forgave him in the end."""

GOLD = {
    "id": "tom", "title": "Tom", "narration": "third-person",
    "characters": [
        {"name": "Tom", "aliases": ["his brother"], "importance": "main"},
        {"name": "Anna", "aliases": ["His sister"], "importance": "main"},
        {"name": "the friend", "aliases": ["an old friend"], "importance": "minor"},
    ],
    "reveal": {"quote": "\"He never left town,\""},
    "overturned_beliefs": [
        {"belief": "Tom moved to Paris", "belief_quote": "moved to Paris for a job.His sister",
         "refutation_quote": "Tom had lived two streets away", "deceiver": "Tom"},
        {"belief": "Tom is far away", "belief_quote": "Anna believed him.",
         "refutation_quote": "He never left town", "deceiver": None},
    ],
    "arc_shape": "man-in-a-hole",
    "time_jumps": ["Three months later"],
    "flashbacks": ["Years ago the two of them had played there as children."],
    "media": [{"caption": "A smiling woman", "credit": "Pexels", "ai_generated": False}],
}


@pytest.fixture(scope="module")
def base() -> Analysis:
    import fabula

    analysis = fabula.analyze(RAW)
    return analysis.model_copy(update={slot: None for slot in ("style", "cast", "arc", "timeline", "claims", "ledger")})


def gold(**changes) -> Gold:
    data = copy.deepcopy(GOLD)
    data.update(changes)
    return Gold.model_validate(data)


def span(analysis: Analysis, phrase: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = analysis.text.index(phrase, start + 1)
    return Span.of(analysis.text, start, start + len(phrase))


def with_slots(analysis: Analysis, **slots) -> Analysis:
    return analysis.model_copy(update=slots)


def scores(analysis: Analysis, **gold_changes) -> dict[str, Score | None]:
    return Scorer(analysis, gold(**gold_changes)).scores()


def sentence_span(analysis: Analysis, phrase: str) -> Span:
    sentence = next(s for s in analysis.sentences if phrase in s.text)
    return Span.of(analysis.text, sentence.start, sentence.end)


def reveal(analysis: Analysis, phrase: str) -> Reveal:
    sentence = next(s for s in analysis.sentences if phrase in s.text)
    return Reveal(sentence=sentence_span(analysis, phrase), sentence_index=sentence.index,
                  position=sentence.index / len(analysis.sentences), score=1.0)


def character(analysis: Analysis, cid: str, *phrases: str, kind: str = "name") -> Character:
    mentions = []
    for phrase in phrases:
        s = span(analysis, phrase)
        sentence = next(x.index for x in analysis.sentences if x.start <= s.start < x.end)
        mentions.append(Mention(start=s.start, end=s.end, text=s.text, character=cid, kind=kind, sentence=sentence))
    return Character(id=cid, label=phrases[0], kind="named", mentions=mentions, mention_count=len(mentions))


def cast(*characters: Character) -> Cast:
    return Cast(narration="third-person", characters=list(characters))


# --------------------------------------------------------------------------- not built yet


def test_unbuilt_slots_are_none_not_zero(base):
    got = scores(base)
    assert set(got) == set(METRICS)
    assert all(got[m] is None for m in METRICS if m != "media_accuracy")
    assert got["media_accuracy"] == Score(3, 3)


# --------------------------------------------------------------------------- reveal


def test_reveal_hit_on_the_sentence_and_one_sentence_away(base):
    assert scores(with_slots(base, ledger=Ledger(reveal=reveal(base, "never left town"))))["reveal_hit"] == Score(1, 1)
    assert scores(with_slots(base, ledger=Ledger(reveal=reveal(base, "Anna cried"))))["reveal_hit"] == Score(1, 1)
    assert scores(with_slots(base, ledger=Ledger(reveal=reveal(base, "Years ago"))))["reveal_hit"] == Score(1, 1)


def test_reveal_miss_two_sentences_away_or_none_named(base):
    assert scores(with_slots(base, ledger=Ledger(reveal=reveal(base, "market"))))["reveal_hit"] == Score(0, 1)
    assert scores(with_slots(base, ledger=Ledger(reveal=reveal(base, "Paris"))))["reveal_hit"] == Score(0, 1)
    assert scores(with_slots(base, ledger=Ledger()))["reveal_hit"] == Score(0, 1)


def test_reveal_not_applicable_without_gold_reveal(base):
    assert scores(with_slots(base, ledger=Ledger()), reveal=None)["reveal_hit"] is None


def test_last_sentence_baseline_hits_only_a_reveal_at_the_end(base):
    # The last sentence is "Anna forgave him in the end."; the gold reveal is three sentences before it.
    assert Scorer(base, gold()).last_sentence_hit() == Score(0, 1)
    assert Scorer(base, gold(reveal={"quote": "It turned out Tom"})).last_sentence_hit() == Score(1, 1)
    assert Scorer(base, gold(reveal={"quote": "Anna forgave him"})).last_sentence_hit() == Score(1, 1)
    assert Scorer(base, gold(reveal=None)).last_sentence_hit() is None


# --------------------------------------------------------------------------- beliefs and deceivers


def belief(analysis, evidence: str, refutation: str | None, deceiver: str | None = None, bid="b1") -> Belief:
    return Belief(id=bid, claim=f"c-{bid}", evidence=span(analysis, evidence),
                  refutation=span(analysis, refutation) if refutation else None, deceiver=deceiver)


def test_belief_found_through_a_refutation_pair_in_the_gold_sentences(base):
    # Other words of the same sentences count: the gold quotes' sentences are what must overlap.
    pair = Refutation(claim="c1", refuted_by="c2", kind="debunk", confidence=0.9,
                      belief=span(base, "Tom told everyone"), refutation=span(base, "the whole time"))
    got = scores(with_slots(base, ledger=Ledger(refutations=[pair])))
    assert got["belief_recall"] == Score(1, 2)


def test_belief_missed_when_the_refutation_points_elsewhere(base):
    pair = Refutation(claim="c1", refuted_by="c2", kind="debunk", confidence=0.9,
                      belief=span(base, "Tom told everyone"), refutation=span(base, "Anna forgave him"))
    got = scores(with_slots(base, ledger=Ledger(refutations=[pair])))
    assert got["belief_recall"] == Score(0, 2)
    assert got["deceiver_accuracy"] is None  # nothing found, nothing to judge


def test_beliefs_found_through_the_belief_ledger(base):
    ledger = Ledger(beliefs=[belief(base, "moved to Paris", "two streets away", bid="b1"),
                             belief(base, "Anna believed him", "He never left town", bid="b2"),
                             belief(base, "Anna cried", None, bid="b3")])
    assert scores(with_slots(base, ledger=ledger))["belief_recall"] == Score(2, 2)


def test_deceiver_right_and_wrong(base):
    tom, anna = character(base, "tom", "Tom"), character(base, "anna", "Anna")
    right = Ledger(beliefs=[belief(base, "moved to Paris", "two streets away", deceiver="tom", bid="b1"),
                            belief(base, "Anna believed him", "He never left town", deceiver=None, bid="b2")])
    wrong = Ledger(beliefs=[belief(base, "moved to Paris", "two streets away", deceiver="anna", bid="b1"),
                            belief(base, "Anna believed him", "He never left town", deceiver="tom", bid="b2")])
    assert scores(with_slots(base, ledger=right, cast=cast(tom, anna)))["deceiver_accuracy"] == Score(2, 2)
    assert scores(with_slots(base, ledger=wrong, cast=cast(tom, anna)))["deceiver_accuracy"] == Score(0, 2)


def test_deceiver_of_a_refutation_comes_from_the_belief_of_its_claim(base):
    tom = character(base, "tom", "Tom")
    pair = Refutation(claim="c-b1", refuted_by="c9", kind="debunk", confidence=0.9,
                      belief=span(base, "moved to Paris"), refutation=span(base, "two streets away"))
    ledger = Ledger(refutations=[pair], beliefs=[belief(base, "Anna cried", None, deceiver="tom", bid="b1")])
    got = scores(with_slots(base, ledger=ledger, cast=cast(tom)))
    assert got["belief_recall"] == Score(1, 2) and got["deceiver_accuracy"] == Score(1, 1)


# --------------------------------------------------------------------------- quotations' speakers

SAID = {"quotes": [{"quote": "He never left", "speaker": "the friend", "kind": "speech"}]}


def said_by(analysis: Analysis, speaker: str | None, *characters: Character) -> Analysis:
    quote = Quote(**span(analysis, "He never left town,").model_dump(), speaker=speaker)
    return with_slots(analysis, cast=Cast(narration="third-person", characters=list(characters), quotes=[quote]))


def speaker_score(analysis: Analysis, speakers=SAID, **gold_changes) -> Score | None:
    return Scorer(analysis, gold(**gold_changes), speakers=GoldSpeakers.model_validate(speakers)).speaker_accuracy()


def test_speaker_right_wrong_and_unattributed(base):
    friend = character(base, "f", "an old friend", "the friend", kind="description")
    tom = character(base, "tom", "Tom")
    assert speaker_score(said_by(base, "f", friend, tom)) == Score(1, 1)
    assert speaker_score(said_by(base, "tom", friend, tom)) == Score(0, 1)
    assert speaker_score(said_by(base, None, friend, tom)) == Score(0, 1)
    assert Scorer(said_by(base, "f", friend, tom), gold()).scores()["speaker_accuracy"] is None  # no speakers file


def test_a_speaker_known_only_by_a_pronoun_stands_for_nobody(base):
    # Every man has a "he": a gold alias "He" must not credit whichever man fabula named.
    he = character(base, "x", "He never", kind="pronoun")
    he.mentions[0].text = "He"
    characters = [dict(c) for c in GOLD["characters"]]
    characters[2] = dict(characters[2], aliases=["an old friend", "He"])
    assert speaker_score(said_by(base, "x", he), characters=characters) == Score(0, 1)


def test_unknown_speakers_and_non_speech_are_not_scored(base):
    friend = character(base, "f", "the friend", kind="description")
    quotes = [{"quote": "He never left", "speaker": None, "kind": "speech"}]
    assert speaker_score(said_by(base, "f", friend), {"quotes": quotes}) is None
    quotes = [{"quote": "He never left", "speaker": None, "kind": "not-speech"}]
    assert speaker_score(said_by(base, "f", friend), {"quotes": quotes}) is None


def test_a_speaker_outside_the_gold_cast_is_matched_by_name(base):
    friend = character(base, "f", "an old friend", kind="description")
    quotes = [{"quote": "He never left", "speaker": "an old friend", "kind": "speech"}]
    characters = [c for c in GOLD["characters"] if c["name"] != "the friend"]
    assert speaker_score(said_by(base, "f", friend), {"quotes": quotes}, characters=characters) == Score(1, 1)


def test_a_speakers_file_whose_quote_is_missing_is_one_line(tmp_path):
    path = tmp_path / "tom.speakers.json"
    path.write_text(json.dumps({"quotes": [{"quote": "He never left", "occurrence": 2, "speaker": "Tom",
                                            "kind": "speech"}]}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"quotes\[0\]\.quote: occurrence 2 of 'He never left'"):
        load_speakers(path, RAW)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError, match="field quotes: Field required"):
        load_speakers(path, RAW)


# --------------------------------------------------------------------------- characters


def test_main_characters_found_by_name_or_alias(base):
    tom, sister = character(base, "tom", "Tom"), character(base, "anna", "His sister", kind="description")
    assert scores(with_slots(base, cast=cast(tom, sister)))["main_character_recall"] == Score(2, 2)


def test_main_character_missed(base):
    tom, friend = character(base, "tom", "Tom"), character(base, "f", "the friend", kind="description")
    assert scores(with_slots(base, cast=cast(tom, friend)))["main_character_recall"] == Score(1, 2)


def test_a_name_mention_covers_a_shorter_gold_name(base):
    # "Tom told" is a made-up two-word name mention: it covers the gold name "Tom" as a whole word.
    assert scores(with_slots(base, cast=cast(character(base, "t", "Tom told"))))["main_character_recall"] \
        == Score(1, 2)
    # ... but a description that merely contains the letters does not.
    assert scores(with_slots(base, cast=cast(character(base, "t", "Tom told", kind="description"))))[
        "main_character_recall"] == Score(0, 2)


def test_character_precision_counts_only_characters_with_three_mentions(base):
    anna = character(base, "anna", "Anna", "Anna", "Anna")
    market = character(base, "m", "the market", "the market", "the market", kind="description")
    rare = character(base, "p", "Paris")  # one mention: not counted
    assert scores(with_slots(base, cast=cast(anna, rare)))["character_precision"] == Score(1, 1)
    assert scores(with_slots(base, cast=cast(anna, market, rare)))["character_precision"] == Score(1, 2)
    assert scores(with_slots(base, cast=cast(rare)))["character_precision"] is None


def test_character_unity_counts_the_main_characters_told_as_one_character(base):
    tom, anna = character(base, "tom", "Tom", "Tom", "Tom"), character(base, "anna", "Anna", "Anna", "Anna")
    sister = character(base, "s", "His sister", "His sister", "His sister", kind="description")
    assert scores(with_slots(base, cast=cast(tom, anna)))["character_unity"] == Score(2, 2)
    assert scores(with_slots(base, cast=cast(tom, anna, sister)))["character_unity"] == Score(1, 2)
    # a part with fewer than three mentions is not counted, and a main character not found is not scored
    assert scores(with_slots(base, cast=cast(tom, character(base, "a", "Anna"))))["character_unity"] == Score(1, 1)
    assert scores(with_slots(base, cast=cast(sister)))["character_unity"] == Score(1, 1)
    assert scores(with_slots(base, cast=cast(character(base, "x", "market", "market", "market"))))[
        "character_unity"] is None


@pytest.mark.parametrize(("name", "aliases"), [("Tom", ["him"]), ("him", ["Tom"])])  # an alias or the name
def test_character_unity_leaves_out_gold_pronouns(base, name, aliases):
    tom, anna = character(base, "tom", "Tom", "Tom", "Tom"), character(base, "anna", "Anna", "Anna", "Anna")
    him = character(base, "h", "him", "him", "him", kind="pronoun")
    characters = [{"name": name, "aliases": aliases, "importance": "main"},
                  {"name": "Anna", "aliases": [], "importance": "main"}]
    assert scores(with_slots(base, cast=cast(tom, anna, him)), characters=characters)["character_unity"] \
        == Score(2, 2)


def test_character_unity_leaves_out_gold_aliases_that_two_characters_share(base):
    tom, anna = character(base, "tom", "Tom", "Tom", "Tom"), character(base, "anna", "Anna", "Anna", "Anna")
    friend = character(base, "f", "the friend", "the friend", "the friend", kind="description")
    characters = [{"name": "Tom", "aliases": [], "importance": "main"},
                  {"name": "Anna", "aliases": ["the friend"], "importance": "main"},
                  {"name": "the old friend", "aliases": ["the friend"], "importance": "minor"}]
    # "the friend" names Anna and the old friend alike: no evidence that Anna was split
    assert scores(with_slots(base, cast=cast(tom, anna, friend)), characters=characters)["character_unity"] \
        == Score(2, 2)


def test_character_unity_counts_a_character_only_for_the_gold_names_it_equals(base):
    anna = character(base, "anna", "Anna", "Anna", "Anna")
    full = character(base, "a2", "His sister Anna", "His sister Anna", "His sister Anna")
    sister = character(base, "s", "His sister", "His sister", "His sister", kind="description")
    characters = [{"name": "Anna", "aliases": ["His sister Anna"], "importance": "main"},
                  {"name": "His sister", "aliases": [], "importance": "main"}]
    # "His sister Anna" equals Anna's alias: a part of Anna (told twice), not of the one its name holds
    assert scores(with_slots(base, cast=cast(anna, full, sister)), characters=characters)["character_unity"] \
        == Score(1, 2)


def test_character_unity_counts_a_merged_character_for_each_gold_one(base):
    tom = character(base, "tom", "Tom", "Tom", "Tom")
    merged = character(base, "m", "Tom", "Anna", "Anna")
    # Tom is told as two characters; Anna as one, that also tells Tom: a merge, which unity does not score
    assert scores(with_slots(base, cast=cast(tom, merged)))["character_unity"] == Score(1, 2)


# --------------------------------------------------------------------------- arc
# --------------------------------------------------------------------------- arc
# --------------------------------------------------------------------------- arc


def arc(shape) -> Arc:
    return Arc(valence=[0.0], smoothing="none", points=[0.0], z=[0.0], shape=shape)


def test_arc_shape_right_wrong_and_flat(base):
    assert scores(with_slots(base, arc=arc("man-in-a-hole")))["arc_accuracy"] == Score(1, 1)
    assert scores(with_slots(base, arc=arc("icarus")))["arc_accuracy"] == Score(0, 1)
    assert scores(with_slots(base, arc=arc(None)))["arc_accuracy"] == Score(0, 1)


# --------------------------------------------------------------------------- timeline


def test_time_jumps_and_flashbacks_found_by_overlap(base):
    timeline = Timeline(jumps=[span(base, "months later, Anna")], flashbacks=[span(base, "played there")])
    got = scores(with_slots(base, timeline=timeline))
    assert got["time_jump_recall"] == Score(1, 1) and got["flashback_recall"] == Score(1, 1)


def test_time_jumps_and_flashbacks_missed(base):
    # Right sentences, wrong words: these metrics need the spans themselves to overlap.
    timeline = Timeline(jumps=[span(base, "at the market")], flashbacks=[span(base, "Anna cried")])
    got = scores(with_slots(base, timeline=timeline))
    assert got["time_jump_recall"] == Score(0, 1) and got["flashback_recall"] == Score(0, 1)
    assert scores(with_slots(base, timeline=Timeline()), time_jumps=[])["time_jump_recall"] is None


# --------------------------------------------------------------------------- media


def media(caption: str, credit: str | None, ai: bool, index: int = 0) -> Media:
    return Media(index=index, caption=caption, credit=credit, ai_generated=ai, offset=0, raw=caption)


def test_media_fields_compared_in_order(base):
    assert scores(base)["media_accuracy"] == Score(3, 3)
    wrong = with_slots(base, media=[media("a SMILING  woman", "Midjourney", True)])
    assert scores(wrong)["media_accuracy"] == Score(1, 3)  # caption matches after case/space folding
    spurious = with_slots(base, media=[*base.media, media("A dog", "Pexels", False, 1)])
    assert scores(spurious)["media_accuracy"] == Score(3, 6)
    assert scores(with_slots(base, media=[]))["media_accuracy"] == Score(0, 3)
    assert scores(base, media=None)["media_accuracy"] is None


# --------------------------------------------------------------------------- totals


def test_totals_are_micro_averages_and_json_has_the_fixed_shape():
    report = Report([StoryScores("a", {m: None for m in METRICS} | {"belief_recall": Score(1, 4)}),
                     StoryScores("b", {m: None for m in METRICS} | {"belief_recall": Score(2, 2)})], [])
    document = report.to_json()
    assert list(document) == ["fabula", "rules", "stories", "totals", "total_counts", "baselines"]
    assert document["total_counts"]["belief_recall"] == {"hits": 3, "total": 6}  # runs can be averaged again
    assert document["stories"][0]["counts"]["belief_recall"] == {"hits": 1, "total": 4}
    assert document["baselines"] == {"reveal_hit": None, "arc_accuracy": None}  # no story has either gold
    assert list(document["totals"]) == list(METRICS)
    assert document["totals"]["belief_recall"] == pytest.approx(0.5)  # 3/6, not the mean of 0.25 and 1.0
    assert document["totals"]["reveal_hit"] is None
    assert document["stories"][1]["scores"] == {m: (1.0 if m == "belief_recall" else None) for m in METRICS}


def test_baselines_average_the_last_sentence_and_give_the_arc_chance():
    nothing = {m: None for m in METRICS}
    report = Report([StoryScores("a", nothing | {"arc_accuracy": Score(1, 1)}, last_sentence_hit=Score(1, 1)),
                     StoryScores("b", nothing | {"arc_accuracy": Score(0, 1)}, last_sentence_hit=Score(0, 1)),
                     StoryScores("c", nothing, last_sentence_hit=Score(0, 1))], [])
    assert report.baselines() == {"reveal_hit": pytest.approx(1 / 3), "arc_accuracy": pytest.approx(1 / 6)}


# --------------------------------------------------------------------------- gold files and quotes


def test_locate_exact_then_ignoring_whitespace():
    text = "He left. That is all.\n\nShe stayed."
    assert locate("That is all.", text) == (9, 21)
    assert locate("all. She", text) == (17, 26)
    assert locate("left.That", text) == (3, 13)
    assert locate("He stayed", text) is None


def write_pair(folder, name, data, text=RAW):
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    body = data if isinstance(data, str) else json.dumps(data)
    (folder / f"{name}.gold.json").write_text(body, encoding="utf-8")
    return folder / f"{name}.gold.json"


@pytest.mark.parametrize("body, fragments", [
    ("{not json", ["not valid JSON", "line 1"]),
    ('{"id": "bad', ["not valid JSON (Unterminated string starting at line 1, column 8)"]),
    (dict(GOLD, reveal=None) | {"characters": "Tom"}, ["field characters: "]),
    ({k: v for k, v in GOLD.items() if k != "arc_shape"}, ["field arc_shape: Field required"]),
    (dict(GOLD, overturned_beliefs=[dict(GOLD["overturned_beliefs"][0], deceiver=5)]),
     ["field overturned_beliefs[0].deceiver"]),
    (dict(GOLD, overturned_beliefs=[dict(GOLD["overturned_beliefs"][0], deceiver="Tim")]),
     ["field overturned_beliefs[0].deceiver", "'Tim'"]),
    (dict(GOLD, arc_shape="tragedy"), ["field arc_shape"]),
    (dict(GOLD, time_jumps=["Four months later"]), ["field time_jumps[0]", "'Four months later'",
                                                     "not a substring"]),
    (dict(GOLD, reveal={"quote": "He never left the town"}), ["field reveal.quote"]),
])
def test_malformed_gold_names_the_file_and_field(tmp_path, body, fragments):
    path = write_pair(tmp_path, "bad", body)
    with pytest.raises(GoldError) as error:
        load_gold(path, RAW)
    message = str(error.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    for fragment in fragments:
        assert fragment in message


def test_a_quote_that_is_only_in_a_caption_is_not_found_in_the_analyzed_text(base):
    with pytest.raises(GoldError, match=r"field flashbacks\[0\]: quote 'A smiling woman' not found in the analyzed"):
        Scorer(base, gold(flashbacks=["A smiling woman"]), "x.gold.json")


runner = CliRunner()


def test_eval_goes_on_past_bad_gold_files(tmp_path):
    write_pair(tmp_path, "good", GOLD)
    write_pair(tmp_path, "broken", "[1, 2")
    write_pair(tmp_path, "wrong_quote", dict(GOLD, flashbacks=["Once upon a time"]))
    (tmp_path / "orphan.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "unannotated.txt").write_text("A story nobody annotated.", encoding="utf-8")
    report = evaluate_dir(tmp_path)
    assert [s.id for s in report.stories] == ["good"]
    assert len(report.errors) == 3
    result = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.stdout)["stories"]] == ["good"]
    assert json.loads(result.stdout)["rules"] == rules_id()  # which rules scored it
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("error: ") for e in errors)
    assert any("broken.gold.json: not valid JSON" in e for e in errors)
    assert any("wrong_quote.gold.json: field flashbacks[0]" in e for e in errors)
    assert any("orphan.gold.json: no story file orphan.txt (or .md, .html) beside it" in e for e in errors)
    assert "Traceback" not in result.output


def test_eval_reads_a_markdown_story_beside_its_gold_and_refuses_two_stories_for_one_gold(tmp_path):
    (tmp_path / "notes.md").write_text("# Tom\n\n" + RAW.replace("Anna cried.", "*Anna* cried."), encoding="utf-8")
    (tmp_path / "notes.gold.json").write_text(json.dumps(dict(GOLD, id="notes")), encoding="utf-8")
    write_pair(tmp_path, "twice", dict(GOLD, id="twice"))
    (tmp_path / "twice.md").write_text(RAW, encoding="utf-8")
    report = evaluate_dir(tmp_path)
    assert [s.id for s in report.stories] == ["notes"]
    assert report.stories[0].scores["reveal_hit"] is not None
    assert report.errors == [f"{tmp_path / 'twice.gold.json'}: 2 story files beside it (twice.txt, twice.md): keep one"]


def test_a_markdown_story_s_gold_may_quote_its_text_without_the_markup(tmp_path):
    (tmp_path / "marked.md").write_text(RAW.replace('"He never left town,"', '"He *never* left town,"'),
                                        encoding="utf-8")
    (tmp_path / "marked.gold.json").write_text(json.dumps(dict(GOLD, id="marked")), encoding="utf-8")
    report = evaluate_dir(tmp_path)
    assert report.errors == [] and report.stories[0].scores["reveal_hit"] is not None


def test_an_analyzer_failing_on_one_story_costs_only_that_story(tmp_path, monkeypatch):
    from fabula import pipeline

    build = pipeline.build

    def fragile(story, doc, stop=None):
        if "Bartleby" in story.text:
            raise ValueError("cannot cope")
        return build(story, doc, stop)

    monkeypatch.setattr(pipeline, "build", fragile)
    write_pair(tmp_path, "good", GOLD)
    write_pair(tmp_path, "hard", GOLD, text=RAW.replace("in the end.", "in the end, said Bartleby."))
    report = evaluate_dir(tmp_path)
    assert [s.id for s in report.stories] == ["good"]
    assert report.errors == [f"{tmp_path / 'hard.txt'}: analysis failed: ValueError: cannot cope"]


def test_eval_scores_speakers_from_a_speakers_folder(tmp_path):
    write_pair(tmp_path, "tom", GOLD)
    said = tmp_path / "said"
    said.mkdir()
    (said / "tom.speakers.json").write_text(json.dumps(SAID), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path), "--json", "--speakers", str(said)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stories"][0]["scores"]["speaker_accuracy"] is not None
    plain = runner.invoke(app, ["eval", str(tmp_path), "--json"])
    assert json.loads(plain.stdout)["stories"][0]["scores"]["speaker_accuracy"] is None
    missing = runner.invoke(app, ["eval", str(tmp_path), "--speakers", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no such folder" in missing.stderr and "Traceback" not in missing.output
    a_file = runner.invoke(app, ["eval", str(tmp_path), "--speakers", str(said / "tom.speakers.json")])
    assert a_file.exit_code == 2 and "not a directory" in a_file.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    unread = runner.invoke(app, ["eval", str(tmp_path), "--speakers", str(empty)])
    assert unread.exit_code == 0 and unread.stderr.strip() == (
        f"warning: {empty} has no .speakers.json file for any of the 1 stories: speaker_accuracy is not scored")


def test_a_story_dropped_for_its_gold_does_not_make_its_speakers_file_missing(tmp_path):
    write_pair(tmp_path, "tom", "[1, 2")  # a gold file that cannot be read
    said = tmp_path / "said"
    said.mkdir()
    (said / "tom.speakers.json").write_text(json.dumps(SAID), encoding="utf-8")
    report = evaluate_dir(tmp_path, speakers=said)
    assert len(report.errors) == 1 and report.warnings == []


def test_a_speakers_file_naming_someone_unknown_is_one_line(tmp_path):
    write_pair(tmp_path, "tom", GOLD)
    said = tmp_path / "said"
    said.mkdir()
    stranger = json.loads(json.dumps(SAID))
    stranger["quotes"][0]["speaker"] = "Nobody Known"
    (said / "tom.speakers.json").write_text(json.dumps(stranger), encoding="utf-8")
    report = evaluate_dir(tmp_path, speakers=said)
    assert report.stories == [] and report.errors == [
        f"{said / 'tom.speakers.json'}: field quotes[0].speaker: 'Nobody Known' is neither a gold character nor "
        "listed in non_gold_speakers"]
    stranger["non_gold_speakers"] = ["Nobody Known"]
    (said / "tom.speakers.json").write_text(json.dumps(stranger), encoding="utf-8")
    assert [s.id for s in evaluate_dir(tmp_path, speakers=said).stories] == ["tom"]


def test_eval_exits_2_when_nothing_can_be_scored(tmp_path):
    write_pair(tmp_path, "broken", "{}")
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'broken.gold.json'}: field characters: Field required",
        f"error: no story in {tmp_path} could be scored (expected <id>.txt, .md or .html + <id>.gold.json pairs)"]
    missing = runner.invoke(app, ["eval", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and missing.stderr.strip() == f"error: cannot read {tmp_path / 'nowhere'}: no such folder"


def test_eval_of_the_fixtures_folder_scores_dream_job():
    # The CLI on the real origin story: n/a exactly where an analyzer slot is still empty.
    result = runner.invoke(app, ["eval", str(DREAM_JOB.parent), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [s["id"] for s in document["stories"]] == ["dream-job"]
    totals = document["totals"]
    assert totals["media_accuracy"] == 1.0
    analysis = analysis_of(DREAM_JOB)
    slot_of = {"reveal_hit": "ledger", "belief_recall": "ledger", "deceiver_accuracy": "ledger",
               "main_character_recall": "cast", "character_precision": "cast", "character_unity": "cast",
               "arc_accuracy": "arc",
               "time_jump_recall": "timeline", "flashback_recall": "timeline"}
    for metric, slot in slot_of.items():
        value = totals[metric]
        if getattr(analysis, slot) is None:
            assert value is None, metric
        elif metric not in ("deceiver_accuracy", "character_precision"):
            assert 0 <= value <= 1, metric
    table = runner.invoke(app, ["eval", str(DREAM_JOB.parent)])
    assert table.exit_code == 0
    assert "dream-job" in table.stdout and "24/24" in table.stdout
    assert "last sentence" in table.stdout and "chance, 1 in 6" in table.stdout
    assert document["baselines"]["arc_accuracy"] == pytest.approx(1 / 6)
    gold = load_gold(DREAM_JOB.with_name("dream-job.gold.json"), DREAM_JOB.read_text(encoding="utf-8"))
    assert document["baselines"]["reveal_hit"] == Scorer(analysis, gold).last_sentence_hit().value
    if analysis.ledger is None:
        assert "n/a" in table.stdout


SETS = ("extra", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "viral", "viral2", "viral3", "viral4", "viral5",
        "holdout", "viral_holdout")


def test_the_further_sets_hold_their_numbers_of_stories():
    for folder, stories in zip(SETS, (8, 7, 5, 5, 5, 5, 8, 8, 8, 8, 8, 6, 8)):
        assert len(list((DREAM_JOB.parent / folder).glob("*.gold.json"))) == stories


def story_beside(gold_path):
    """The one story file beside a gold file, as `fabula eval` pairs them."""
    pairs, errors = story_pairs(gold_path.parent)
    assert not errors
    return next(path for story_id, path, gold in pairs if gold == gold_path)


@pytest.mark.parametrize("gold_path", [path for folder in SETS
                                       for path in sorted((DREAM_JOB.parent / folder).glob("*.gold.json"))],
                         ids=lambda p: p.stem)
def test_every_gold_file_of_the_further_sets_loads_with_its_quotes_found_in_the_story(gold_path):
    gold = load_gold(gold_path, story_beside(gold_path).read_text("utf-8"))
    assert gold.arc_shape and gold.reveal is not None and gold.characters


SPEAKER_FILES = sorted((DREAM_JOB.parent / "speakers").glob("*.speakers.json"))


def test_the_speakers_folder_covers_the_development_fresh_viral_and_holdout_stories():
    assert len(SPEAKER_FILES) == 15 + 7 + 8 + 6


@pytest.mark.parametrize("path", SPEAKER_FILES, ids=lambda p: p.name.removesuffix(".speakers.json"))
def test_every_speakers_file_loads_against_its_story(path):
    story_id = path.name.removesuffix(".speakers.json")
    story = next(story_beside(gold) for folder in ("dev", ".", *SETS)
                 if (gold := DREAM_JOB.parent / folder / f"{story_id}.gold.json").is_file())
    speakers = load_speakers(path, story.read_text("utf-8"))
    assert any(q.speaker is not None and q.kind != "not-speech" for q in speakers.quotes)
