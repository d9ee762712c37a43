"""Corpus mode: tables, bad inputs, JSONL/Parquet input, resume after SIGKILL, Dask = local, query, shapes."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import fabula
from conftest import DEV
from fabula.cli import app
from fabula.corpus import tables
from fabula.corpus.run import run_corpus
from fabula.corpus.shapes import NoArcs, analyze_shapes, shapes_of
from fabula.render.charts import shapes_svg
from fabula.corpus.store import Store
from fabula.corpus.work import Batch
from fabula.model import Arc, Belief, Cast, Character, Ledger, Quote, Reveal, Span
from fabula.rules import rules_id

SRC = Path(__file__).resolve().parents[1] / "src"
runner = CliRunner()


def paragraphs() -> list[str]:
    """Real paragraphs of the dev stories, in order."""
    return [p.strip() for f in sorted(DEV.glob("*.txt")) for p in f.read_text("utf-8").split("\n\n") if p.strip()]


def small_stories(n: int, size: int = 3) -> list[str]:
    found = paragraphs()
    return ["\n\n".join(found[i * size:(i + 1) * size]) for i in range(n)]


def read(folder: Path, table: str) -> pa.Table:
    files = Store(folder).files(table)
    return pa.concat_tables([pq.read_table(f) for f in files]) if files else tables.to_table(table, [])


def ids_of(folder: Path) -> list[str]:
    return read(folder, "stories").column("id").to_pylist() + read(folder, "errors").column("id").to_pylist()


def analyses_of(folder: Path) -> list[dict]:
    lines = []
    for path in Store(folder).files("analyses"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            lines.extend(json.loads(line) for line in handle)
    return lines


@pytest.fixture(scope="module")
def folder_corpus(tmp_path_factory):
    """A small folder corpus (nested, .txt/.md/.html) run in this process, plus its output folder."""
    root = tmp_path_factory.mktemp("corpus")
    source = root / "in"
    (source / "nested" / "deeper").mkdir(parents=True)
    stories = small_stories(5)
    (source / "a.txt").write_text(stories[0], "utf-8")
    (source / "nested" / "b.md").write_text(
        "# The Gate\n\n" + stories[1] + "\n\nA gate at dusk | Source: Midjourney\n\n" + stories[2], "utf-8")
    (source / "nested" / "deeper" / "c.html").write_text(
        "<html><head><title>Night</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in stories[3].split("\n\n")) + "</article></body></html>", "utf-8")
    (source / "notes.csv").write_text("not a story", "utf-8")
    out = source / "out"  # inside the input: it must not be read as input
    summary = run_corpus(source, out, batch_size=2, progress=False)
    return source, out, summary


def test_folder_corpus_writes_every_table_with_its_schema(folder_corpus):
    source, out, summary = folder_corpus
    assert (summary.stories, summary.errors) == (3, 0)
    stories = read(out, "stories")
    assert stories.schema.equals(tables.SCHEMAS["stories"])
    rows = {r["id"]: r for r in stories.to_pylist()}
    assert set(rows) == {"a.txt", "nested/b.md", "nested/deeper/c.html"}
    assert rows["nested/b.md"]["title"] == "The Gate" and rows["nested/b.md"]["format"] == "markdown"
    assert rows["nested/deeper/c.html"]["format"] == "html"
    assert all(r["words"] > 30 and r["sentences"] >= 2 for r in rows.values())
    assert rows["nested/b.md"]["n_media"] == 1 and rows["nested/b.md"]["n_ai_media"] == 1
    analyses = {a["id"]: a for a in analyses_of(out)}
    for story_id, row in rows.items():  # the timeline's counts, as its analysis has them
        timeline = analyses[story_id]["analysis"]["timeline"]
        assert (row["n_time_jumps"], row["n_flashbacks"]) == (len(timeline["jumps"]), len(timeline["flashbacks"]))
        first = timeline["flashbacks"][0]["start"] / row["chars"] if timeline["flashbacks"] else None
        assert row["first_flashback_position"] == (round(first, 4) if first is not None else None)
    media = read(out, "media").to_pylist()
    assert [(m["story_id"], m["generator"]) for m in media] == [("nested/b.md", "Midjourney")]
    analyses = {a["id"]: a for a in analyses_of(out)}
    assert set(analyses) == set(rows)
    assert analyses["a.txt"]["analysis"]["text"].startswith(small_stories(1)[0][:40])
    assert len(analyses["a.txt"]["analysis"]["sentences"]) == rows["a.txt"]["sentences"]
    for story_id, row in rows.items():  # the table and the JSON agree on where the reveal lands
        reveal = analyses[story_id]["analysis"]["ledger"]["reveal"]
        assert row["reveal_position"] == reveal["position"]
        assert row["reveal_by_position_only"] == all(r.startswith("position") for r in reveal["reasons"])


def test_rerun_skips_what_is_done(folder_corpus):
    source, out, _ = folder_corpus
    summary = run_corpus(source, out, batch_size=2, progress=False)
    assert (summary.stories, summary.errors, summary.skipped) == (0, 0, 3)
    assert sorted(ids_of(out)) == ["a.txt", "nested/b.md", "nested/deeper/c.html"]


def test_filled_analyzer_slots_fill_the_tables(folder_corpus):
    """Extraction is None-safe today and fills in as the analyzers land: slots filled by hand here."""
    import fabula

    analysis = fabula.analyze('Tom said, "The dog is mine." It was never his dog.')
    analysis = analysis.model_copy(update={slot: None for slot in ("style", "cast", "arc", "timeline", "claims", "ledger")})
    text = analysis.text
    first, second = analysis.sentences[0], analysis.sentences[1]
    filled = analysis.model_copy(update={
        "cast": Cast(narration="third-person",
                     characters=[Character(id="c1", label="Tom", kind="named", mention_count=1)],
                     quotes=[Quote(**Span.of(text, 11, 27).model_dump(), speaker="c1", method="speech-verb")]),
        "arc": Arc(valence=[0.2, -0.4], smoothing="test", points=[float(i) for i in range(100)],
                   z=[0.0] * 100, shape="rags-to-riches", shape_scores={"rags-to-riches": 0.9}),
        "ledger": Ledger(
            beliefs=[Belief(id="b0", claim="k0", holder="narrator", source="c1", evidence=Span.of(text, 11, 27),
                            status="refuted", refutation=Span.of(text, second.start, second.end), deceiver="c1"),
                     Belief(id="b1", claim="k1", source="rumour", evidence=Span.of(text, 11, 27))],
            reveal=Reveal(sentence=Span.of(text, second.start, second.end), sentence_index=1,
                          position=0.75, score=0.7, reasons=["cue +0.40", "position +0.28"])),
    })
    rows = tables.rows_of("s1", '{"year": 1900}', filled)
    story = rows["stories"][0]
    assert story["shape"] == "rags-to-riches" and story["shape_scores"]["rags_to_riches"] == 0.9
    assert story["shape_scores"]["icarus"] is None and len(story["arc"]) == 100
    shapeless = filled.model_copy(update={"arc": filled.arc.model_copy(update={
        "shape": None, "confidence": 0.0, "shape_scores": dict.fromkeys(filled.arc.shape_scores, 0.0)})})
    story = tables.rows_of("s1", None, shapeless)["stories"][0]
    assert (story["shape"], story["shape_confidence"], story["shape_scores"]) == (None, None, None)  # no 0 to average
    assert story["reveal_position"] == 0.75 and story["reveal_sentence_index"] == 1  # the Analysis's, not start/chars
    assert (story["n_characters"], story["n_quotes"], story["n_claims"]) == (1, 1, None)
    assert rows["quotes"][0]["text"] == "The dog is mine." and rows["quotes"][0]["speaker_label"] == "Tom"
    assert rows["characters"][0]["label"] == "Tom" and rows["claims"] == []
    assert rows["beliefs"] == [
        {"story_id": "s1", "belief_id": "b0", "claim_id": "k0", "holder": "narrator", "holder_label": None,
         "source": "c1", "source_label": "Tom", "status": "refuted", "evidence_start": 11, "evidence_end": 27,
         "evidence_text": "The dog is mine.", "refutation_start": second.start, "refutation_end": second.end,
         "refutation_text": second.text, "deceiver": "c1", "deceiver_label": "Tom"},
        {"story_id": "s1", "belief_id": "b1", "claim_id": "k1", "holder": None, "holder_label": None,
         "source": "rumour", "source_label": None, "status": "asserted", "evidence_start": 11, "evidence_end": 27,
         "evidence_text": "The dog is mine.", "refutation_start": None, "refutation_end": None,
         "refutation_text": None, "deceiver": None, "deceiver_label": None}]
    for name, found in rows.items():
        assert tables.to_table(name, found).num_rows == len(found)
    assert story["reveal_by_position_only"] is False
    only_position = filled.ledger.reveal.model_copy(update={"reasons": ["position +0.28"]})
    by_position = filled.model_copy(update={"ledger": Ledger(reveal=only_position)})
    assert tables.rows_of("s1", None, by_position)["stories"][0]["reveal_by_position_only"] is True
    empty = tables.rows_of("s2", None, analysis)["stories"][0]
    assert empty["shape"] is None and empty["n_quotes"] is None and empty["arc"] is None
    assert empty["reveal_by_position_only"] is None
    assert first.text.startswith("Tom said")


def test_beliefs_table_names_each_belief_with_its_deceiver(tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    story = ("My husband Tom told me he was working late every night. \"I have a big project at the office,\" he said. "
             "I believed him.\n\nThen I called his office. He had not worked late once. HE WAS NEVER AT THE OFFICE. "
             "He had lied to me for months.")
    jsonl.write_text(json.dumps({"id": "office", "text": story}) + "\n", "utf-8")
    run_corpus(jsonl, tmp_path / "out", progress=False)
    beliefs = read(tmp_path / "out", "beliefs")
    assert beliefs.schema.equals(tables.SCHEMAS["beliefs"])
    analysis = analyses_of(tmp_path / "out")[0]["analysis"]
    assert [(b["belief_id"], b["claim_id"], b["holder"], b["source"], b["status"], b["evidence_text"],
             b["refutation_text"], b["deceiver"]) for b in beliefs.to_pylist()] == [
        (b["id"], b["claim"], b["holder"], b["source"], b["status"], b["evidence"]["text"],
         (b["refutation"] or {}).get("text"), b["deceiver"]) for b in analysis["ledger"]["beliefs"]]
    lied = [b for b in beliefs.to_pylist() if b["deceiver_label"] == "Tom"]
    assert lied and lied[0]["source_label"] == "Tom" and lied[0]["refutation_text"] == "He had not worked late once"
    counted = runner.invoke(app, ["query", str(tmp_path / "out"), "SELECT b.deceiver_label, r.refutation_text FROM "
                                  "beliefs b JOIN refutations r ON r.story_id = b.story_id AND r.claim = b.claim_id",
                                  "--json"])
    assert {"deceiver_label": "Tom", "refutation_text": "He had not worked late once"} in json.loads(counted.stdout)


def test_a_folder_of_another_tables_version_is_refused_not_mixed(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "ferry.txt").write_text("The ferry left at noon. Ilse stayed on the pier until dark.", "utf-8")
    rows = [{"id": "old.txt", "reveal_position": 0.5}]
    Store(out).commit(0, Batch(tables={"stories": tables.to_parquet("stories", rows)}, stories=1))
    marker = out / "_parts" / "part-000000.json"
    marker.write_text(json.dumps({**json.loads(marker.read_text("utf-8")), "tables_version": "1"}), "utf-8")
    result = runner.invoke(app, ["corpus", str(source), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == (f"error: {out} holds tables version 1, written by another version of fabula, and this "
                             f"one writes version {tables.TABLES_VERSION}: give a new --out (or finish that run with "
                             "the fabula that started it)\n")
    assert ids_of(out) == ["old.txt"]


def test_a_folder_analysed_by_other_rules_is_refused_not_mixed_and_each_part_records_its_rules(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "ferry.txt").write_text("The ferry left at noon. Ilse stayed on the pier until dark.", "utf-8")
    assert runner.invoke(app, ["corpus", str(source), "--out", str(out), "--no-progress"]).exit_code == 0
    marker = out / "_parts" / "part-000000.json"
    recorded = json.loads(marker.read_text("utf-8"))
    assert recorded["rules"] == rules_id() and recorded["fabula"] == fabula.__version__
    marker.write_text(json.dumps({**recorded, "rules": "0123456789ab"}), "utf-8")
    (source / "pier.txt").write_text("The pier was empty by morning. Ilse never came back to it.", "utf-8")
    result = runner.invoke(app, ["corpus", str(source), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "analysed by fabula rules 0123456789ab" in result.stderr and rules_id() in result.stderr
    assert ids_of(out) == ["ferry.txt"]


FERRY = "The ferry left at noon. Ilse stayed on the pier until dark, and then she walked home alone."


def test_an_output_folder_resumes_only_its_own_input(tmp_path):
    small, out = tmp_path / "small", tmp_path / "out"
    small.mkdir()
    (small / "1.txt").write_text(FERRY, "utf-8")
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "1.txt", "text": "The pier was empty. " + FERRY}) + "\n"
                     + json.dumps({"id": "2", "text": FERRY}) + "\n", "utf-8")
    assert runner.invoke(app, ["corpus", str(small), "--out", str(out), "--no-progress"]).exit_code == 0
    result = runner.invoke(app, ["corpus", str(other), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == (f"error: {out} holds the stories of {small}, not of {other}: give a new --out for "
                             f"{other} (the same --out resumes only {small})\n")
    assert ids_of(out) == ["1.txt"]
    again = runner.invoke(app, ["corpus", str(small / ".." / "small"), "--out", str(out), "--no-progress"])
    assert again.exit_code == 0 and "1 already done" in again.stderr  # the same input, spelled another way

    assert runner.invoke(app, ["corpus", str(other), "--out", str(tmp_path / "j"), "--no-progress"]).exit_code == 0
    with other.open("a", encoding="utf-8") as handle:  # a file that grew at its end resumes
        handle.write(json.dumps({"id": "3", "text": FERRY}) + "\n")
    grown = runner.invoke(app, ["corpus", str(other), "--out", str(tmp_path / "j"), "--no-progress"])
    assert grown.exit_code == 0 and "2 already done" in grown.stderr
    assert sorted(ids_of(tmp_path / "j")) == ["1.txt", "2", "3"]
    other.write_text(json.dumps({"id": "4", "text": FERRY}) + "\n", "utf-8")  # rewritten: another corpus
    result = runner.invoke(app, ["corpus", str(other), "--out", str(tmp_path / "j"), "--no-progress"])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {other} has changed since")
    assert sorted(ids_of(tmp_path / "j")) == ["1.txt", "2", "3"]
    (out / "_input.json").unlink()  # which input the stories came from is no longer known: no guessing
    lost = runner.invoke(app, ["corpus", str(other), "--out", str(out), "--no-progress"])
    assert lost.exit_code == 2 and lost.stderr == (
        f"error: {out} holds stories but no _input.json saying from which input: give a new --out\n")
    assert ids_of(out) == ["1.txt"]


def test_repeated_ids_are_named_the_first_few(tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    records = [{"id": "7", "text": FERRY}, {"id": 7, "text": "The pier was empty. " + FERRY}]  # the same id, "7"
    records += [{"id": f"s{i % 7}", "text": FERRY} for i in range(14)]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    summary = run_corpus(jsonl, tmp_path / "out", batch_size=8, progress=False)
    assert (summary.stories, summary.duplicates) == (8, 8)
    assert summary.duplicate_ids == ["7", "s0", "s1", "s2", "s3"]


def test_the_progress_bar_counts_only_the_stories_that_run(tmp_path, capsys):
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"s{i % 3}", "text": FERRY}) + "\n" for i in range(6)), "utf-8")
    run_corpus(jsonl, tmp_path / "out", progress=True)
    assert " 3/3 " in capsys.readouterr().err  # not 3/6: the repeats never run
    with jsonl.open("a", encoding="utf-8") as handle:  # two new stories and a repeat of a done one
        handle.write("".join(json.dumps({"id": i, "text": FERRY}) + "\n" for i in ("s3", "s4", "s0")))
    run_corpus(jsonl, tmp_path / "out", progress=True)
    assert " 2/2 " in capsys.readouterr().err


def test_bad_files_go_to_errors_and_the_run_goes_on(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    good = small_stories(3)
    for i, story in enumerate(good):
        (source / f"good{i}.txt").write_text(story, "utf-8")
    (source / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (source / "empty.txt").write_bytes(b"")
    (source / "huge.txt").write_bytes(b"The dog barked. " * 655_360)  # 10 MB
    (source / "utf16.txt").write_bytes(good[0].encode("utf-16-le"))  # UTF-16 without a byte-order mark
    os.mkfifo(source / "pipe.txt")  # reading it would wait for a writer forever
    summary = run_corpus(source, tmp_path / "out", batch_size=4, progress=False)
    assert (summary.stories, summary.errors) == (4, 4)
    errors = {r["id"]: r for r in read(tmp_path / "out", "errors").to_pylist()}
    assert set(errors) == {"binary.txt", "empty.txt", "huge.txt", "pipe.txt"}
    assert errors["pipe.txt"]["reason"] == "cannot read pipe.txt: it is not a regular file"
    assert "binary data" in errors["binary.txt"]["reason"]
    assert "no story text" in errors["empty.txt"]["reason"]
    assert "10,485,760 bytes, over the limit" in errors["huge.txt"]["reason"]
    assert all("\n" not in e["reason"] for e in errors.values())
    stories = {r["id"]: r for r in read(tmp_path / "out", "stories").to_pylist()}
    assert sorted(stories) == ["good0.txt", "good1.txt", "good2.txt", "utf16.txt"]
    assert stories["utf16.txt"]["warnings"] == ["utf16.txt is UTF-16 without a byte-order mark: read as UTF-16-LE"]


def test_errors_stay_done_until_retried_and_a_retry_leaves_each_story_once(tmp_path):
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    stories = small_stories(3)
    for i, story in enumerate(stories):
        (source / f"s{i}.txt").write_text(story, "utf-8")
    limit = max(len(s.encode()) for s in stories)
    (source / "s0.txt").write_text("\n\n".join([stories[0]] * 3), "utf-8")  # over the limit of the first run
    first = run_corpus(source, out, batch_size=2, max_bytes=limit, progress=False)
    assert (first.stories, first.errors) == (2, 1) and read(out, "errors").column("id").to_pylist() == ["s0.txt"]
    again = runner.invoke(app, ["corpus", str(source), "--out", str(out), "--max-bytes", "2000000", "--no-progress"])
    assert again.exit_code == 0 and "--retry-errors runs them again" in again.stderr
    assert f'fabula query {out} "SELECT id, stage, reason FROM errors"' in again.stderr  # where to read them
    assert "s0.txt" in read(out, "errors").column("id").to_pylist()
    stale = out / "errors" / "part-000000.parquet"
    kept = stale.read_bytes()
    retried = runner.invoke(app, ["corpus", str(source), "--out", str(out), "--max-bytes", "2000000",
                                  "--no-progress", "--retry-errors"])
    assert retried.exit_code == 0 and "1 earlier error retried" in retried.stderr
    assert read(out, "errors").num_rows == 0
    assert sorted(ids_of(out)) == ["s0.txt", "s1.txt", "s2.txt"]  # each exactly once
    stale.write_bytes(kept)  # what a run killed between rewriting the marker and deleting the file leaves
    Store(out).recover()
    assert not stale.exists() and read(out, "errors").num_rows == 0


def test_jsonl_and_parquet_inputs_carry_metadata(tmp_path):
    stories = small_stories(3)
    lines = [json.dumps({"id": "s1", "text": stories[0], "year": 1899, "author": "Saki"}),
             "{not json",
             json.dumps({"id": "s2", "text": stories[1]}),
             json.dumps({"id": "s3", "words": 12}),
             json.dumps({"id": "s1", "text": stories[2]})]
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join(lines) + "\n\n", "utf-8")
    summary = run_corpus(jsonl, tmp_path / "j", progress=False)
    assert (summary.stories, summary.errors, summary.duplicates, summary.duplicate_ids) == (2, 2, 1, ["s1"])
    rows = {r["id"]: r for r in read(tmp_path / "j", "stories").to_pylist()}
    assert json.loads(rows["s1"]["metadata"]) == {"author": "Saki", "year": 1899} and rows["s2"]["metadata"] is None
    errors = {r["id"]: r["reason"] for r in read(tmp_path / "j", "errors").to_pylist()}
    assert "not valid JSON" in errors["line 2"] and "no text" in errors["s3"]

    parquet = tmp_path / "corpus.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": stories[:2], "genre": ["horror", "comedy"]}), parquet)
    run_corpus(parquet, tmp_path / "p", progress=False)
    rows = {r["id"]: r for r in read(tmp_path / "p", "stories").to_pylist()}
    assert json.loads(rows["p2"]["metadata"]) == {"genre": "comedy"}
    assert rows["p1"]["words"] == len(stories[0].split())


def corpus_command(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "fabula", "corpus", str(source), "--out", str(out), "--batch-size", "2",
            "--no-progress"]


def test_sigkill_midway_then_resume_gives_every_story_exactly_once(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    stories = small_stories(40, size=2)
    for i, story in enumerate(stories):
        (source / f"story{i:02d}.txt").write_text(story, "utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(corpus_command(source, out), env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list((out / "_parts").glob("part-*.json")) and process.poll() is None:
        assert time.monotonic() < deadline, "no part was committed in time"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    interrupted = ids_of(out)
    assert 0 < len(interrupted) < len(stories)
    # what a kill mid-commit leaves: a data file with no marker and a half-written temporary file
    (out / "stories" / "part-999999.parquet").write_bytes((out / "stories" / "part-000000.parquet").read_bytes())
    (out / "analyses" / "part-999998.jsonl.gz.tmp").write_bytes(b"\x1f\x8b half")

    finished = subprocess.run(corpus_command(source, out), env=env, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stderr
    ids = ids_of(out)
    assert sorted(ids) == sorted(f"story{i:02d}.txt" for i in range(len(stories)))  # each exactly once
    assert f"{len(interrupted)} already done" in finished.stderr
    assert not list(out.rglob("*.tmp")) and not (out / "stories" / "part-999999.parquet").exists()
    for path in out.rglob("*.parquet"):
        pq.read_table(path)
    assert sorted(a["id"] for a in analyses_of(out)) == sorted(read(out, "stories").column("id").to_pylist())
    for path in out.rglob("*.gz"):
        assert Store(out).files("analyses").count(path) == 1


def live_parent(pid: int) -> int | None:
    """The parent id of a live process (Linux /proc); None when it is gone or a zombie."""
    try:
        state, parent = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[:2]
    except OSError:
        return None
    return None if state == "Z" else int(parent)


def workers_of(pid: int) -> set[int]:
    """The live multiprocessing workers that `pid` started."""
    found = set()
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if live_parent(int(folder.name)) == pid and b"spawn_main" in (folder / "cmdline").read_bytes():
                found.add(int(folder.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc")
def test_ctrl_c_stops_a_two_worker_run_with_one_line_and_no_worker_left(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for i in range(12):
        (source / f"tale{i:02d}.txt").write_text(f"Tale {i}. " + FERRY + "\n\n" + FERRY, "utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    command = [*corpus_command(source, out), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and process.poll() is None:  # both workers started, still importing
        assert time.monotonic() < deadline, "the workers did not start in time"
        workers = workers_of(process.pid)
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group gets it
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == f"error: interrupted; run the same command again to resume into {out}\n"
    assert all(live_parent(pid) is None for pid in workers)


def test_dask_engine_writes_the_same_stories_table_as_the_local_engine(tmp_path):
    local = run_corpus(DEV, tmp_path / "local", batch_size=2, progress=False)
    dask = run_corpus(DEV, tmp_path / "dask", engine="dask", workers=2, batch_size=1, progress=False)
    assert (local.stories, dask.stories) == (6, 6)
    by_id = [read(tmp_path / name, "stories").sort_by("id") for name in ("local", "dask")]
    assert by_id[0].schema.equals(by_id[1].schema)
    assert by_id[0].to_pylist() == by_id[1].to_pylist()
    assert by_id[0].column("id").to_pylist() == sorted(p.name for p in DEV.glob("*.txt"))


def test_query_prints_tables_json_and_csv_and_reports_bad_sql(folder_corpus):
    _, out, _ = folder_corpus
    result = runner.invoke(app, ["query", str(out), "SELECT id, n_media FROM stories ORDER BY id", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": "a.txt", "n_media": 0}, {"id": "nested/b.md", "n_media": 1},
                                         {"id": "nested/deeper/c.html", "n_media": 0}]
    result = runner.invoke(app, ["query", str(out), "SELECT count(*) AS n, sum(n_ai_media) AS ai FROM stories",
                                 "--csv"])
    assert result.stdout.splitlines() == ["n,ai", "3,1"]
    counted = runner.invoke(app, ["query", str(out), "SELECT count(*) AS claims FROM claims", "--json"])
    assert counted.exit_code == 0 and json.loads(counted.stdout)[0]["claims"] > 0
    result = runner.invoke(app, ["query", str(out), "SELECT count(*) AS claims FROM claims"])
    assert result.exit_code == 0  # piped, the table is CSV: no frame wrapped to 80 columns
    assert result.stdout.splitlines() == ["claims", str(json.loads(counted.stdout)[0]["claims"])]
    result = runner.invoke(app, ["query", str(out), "SELECT json_extract(analysis, '$.info.title') AS t, "
                                                    "analysis->'$.info' AS info FROM analyses WHERE id = 'nested/b.md'",
                                 "--json"])
    row = json.loads(result.stdout)[0]  # JSON values come back as JSON, not as escaped text
    assert row["t"] == "The Gate" and row["info"]["title"] == "The Gate"
    result = runner.invoke(app, ["query", str(out), "SELECT analysis->'$.info' AS info, [1, 2] AS l FROM analyses "
                                                    "WHERE id = 'nested/b.md'", "--csv"])
    info, numbers = list(csv.reader(io.StringIO(result.stdout)))[1]  # a CSV cell of a struct or list is JSON
    assert json.loads(info)["title"] == "The Gate" and json.loads(numbers) == [1, 2]
    late = runner.invoke(app, ["query", str(out), "SELECT count(*) AS n FROM stories WHERE reveal_position IS NOT "
                                                  "NULL AND NOT reveal_by_position_only", "--json"])  # docs/corpus.md
    assert late.exit_code == 0 and 0 <= json.loads(late.stdout)[0]["n"] <= 3
    result = runner.invoke(app, ["query", str(out), "SELECT nothing FROM stories"])
    assert result.exit_code == 2 and result.stderr.startswith("error: query failed") and "Traceback" not in result.output
    result = runner.invoke(app, ["query", str(out / "stories"), "SELECT 1"])
    assert result.exit_code == 2 and "not a fabula corpus folder" in result.stderr
    result = runner.invoke(app, ["shapes", str(out / "stories")])
    assert result.exit_code == 2 and "not a fabula corpus folder" in result.stderr
    a_file = out.parent / "a-file"
    a_file.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["corpus", str(out.parent), "--out", str(a_file), "--no-progress"])
    assert result.exit_code == 2 and "it is a file, not a folder" in result.stderr


def commit_arcs(folder: Path, arcs: list[list[float] | None], shapes: list[str | None]) -> None:
    """A stories part holding the given arcs, as the arc analyzer will write them."""
    rows = [{"id": f"s{i}", "arc": arc, "shape": shape} for i, (arc, shape) in enumerate(zip(arcs, shapes))]
    Store(folder).commit(0, Batch(tables={"stories": tables.to_parquet("stories", rows)}, stories=len(rows)))


def test_shapes_finds_the_modes_of_the_arcs_and_charts_them(tmp_path):
    rng = np.random.default_rng(7)
    t = np.linspace(0, 1, 100)
    arcs, shapes = [], []
    for i in range(60):
        falls = i % 2 == 0  # a strong rise-or-fall mode, and a weaker hole-or-hill one
        curve = (1.0 if falls else -1.0) * np.cos(np.pi * t) * 2 + rng.normal(0, 0.5) * np.cos(2 * np.pi * t)
        arcs.append((curve + rng.normal(0, 0.05, 100)).tolist())
        shapes.append("riches-to-rags" if falls else "rags-to-riches")
    arcs.append([0.3] * 100)
    shapes.append(None)
    commit_arcs(tmp_path, arcs, shapes)
    report = shapes_of(tmp_path)
    assert (report.stories, report.arcs, report.flat) == (61, 60, 1)
    first = report.modes[0]
    assert {first.positive, first.negative} == {"rags-to-riches", "riches-to-rags"} and first.variance > 0.6
    assert first.closest + first.closest_negative == 60
    assert {report.modes[1].positive, report.modes[1].negative} == {"man-in-a-hole", "icarus"}
    assert report.distribution["riches-to-rags"] == 30 and report.distribution["none"] == 0
    chart = shapes_svg(report, title="<script>alert(1)</script>")
    assert "<script>" not in chart and "&lt;script&gt;" in chart and chart.count("<polyline") == 3

    result = runner.invoke(app, ["shapes", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "rags-to-riches" in result.stdout and (tmp_path / "shapes.svg").read_text("utf-8").startswith("<svg")


def test_shapes_says_clearly_when_no_arcs_are_available(tmp_path):
    commit_arcs(tmp_path, [None, None], [None, None])
    with pytest.raises(NoArcs, match="no arcs are available"):
        analyze_shapes(np.empty((0, 100)), [], 2)
    result = runner.invoke(app, ["shapes", str(tmp_path)])
    assert result.exit_code == 0 and "no arcs are available: 2 stories" in result.stdout
    assert not (tmp_path / "shapes.svg").exists()


def test_missing_scale_extra_is_named(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    (tmp_path / "_parts").mkdir()
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT 1"])
    assert result.exit_code == 2 and "'scale' extra (duckdb is not installed)" in result.stderr
    assert "fabula[scale]" in result.stderr


def test_names_and_ids_that_are_not_utf8_are_escaped_and_the_run_goes_on(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    story = "The ferry left at noon. Ilse stayed on the pier until dark, and then she walked home alone."
    (source / os.fsdecode(b"ferry\xff.txt")).write_text(story, "utf-8")
    (source / "pier.txt").write_text(story, "utf-8")
    summary = run_corpus(source, tmp_path / "out", progress=False)
    assert (summary.stories, summary.errors) == (2, 0)
    assert sorted(ids_of(tmp_path / "out")) == ["ferry\\xff.txt", "pier.txt"]
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text(json.dumps({"id": "ferry\ud800", "text": "The ferry left.\udc80 " + story, "note": "x\udfff"})
                     + "\n" + json.dumps({"id": "pier", "text": story}) + "\n", "utf-8")
    summary = run_corpus(jsonl, tmp_path / "j", progress=False)
    assert (summary.stories, summary.errors) == (2, 0)
    rows = {r["id"]: r for r in read(tmp_path / "j", "stories").to_pylist()}
    assert set(rows) == {"ferry\\ud800", "pier"}
    assert json.loads(rows["ferry\\ud800"]["metadata"]) == {"note": "x\udfff"}
    assert "lone surrogates" in rows["ferry\\ud800"]["warnings"][0]


def test_files_that_are_not_stories_are_counted_and_an_input_without_stories_is_an_error(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "ferry.txt").write_text("The ferry left at noon. Ilse stayed on the pier until dark.", "utf-8")
    (source / "ledger.rtf").write_text("{\\rtf1 The ledger}", "utf-8")
    (source / "NOTES").write_text("Ilse's notes.", "utf-8")
    result = runner.invoke(app, ["corpus", str(source), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert f"warning: 2 files in {source} skipped: not .txt, .md or .html (e.g. NOTES)" in result.stderr
    (source / "ferry.txt").unlink()
    result = runner.invoke(app, ["corpus", str(source), "--out", str(tmp_path / "none"), "--no-progress"])
    assert result.exit_code == 2 and not (tmp_path / "none").exists()
    assert result.stderr.strip().splitlines() == [
        f"error: no stories in {source} (2 other files, e.g. NOTES): give .txt, .md or .html files, or JSONL or "
        "Parquet rows with an id and a text"]
    (tmp_path / "empty.jsonl").write_text("\n", "utf-8")
    result = runner.invoke(app, ["corpus", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "j"), "--no-progress"])
    assert result.exit_code == 2 and result.stderr.startswith(f"error: no stories in {tmp_path / 'empty.jsonl'}:")


def test_shapes_of_a_corpus_of_only_errors_says_so(tmp_path):
    rows = [tables.error_row("ferry.txt", "ingest", "no story text found in ferry.txt")]
    Store(tmp_path).commit(0, Batch(tables={"errors": tables.to_parquet("errors", rows)}, errors=1))
    result = runner.invoke(app, ["shapes", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ("no arcs are available: no story of the corpus was analysed "
                                     "(its errors table says why)")


def test_query_with_both_json_and_csv_is_a_one_line_error(tmp_path):
    (tmp_path / "_parts").mkdir()
    result = runner.invoke(app, ["query", str(tmp_path), "SELECT 1", "--json", "--csv"])
    assert result.exit_code == 2 and result.stderr == "error: use one of --json and --csv\n"


def test_the_command_names_the_repeated_ids_it_skipped(tmp_path):
    stories = small_stories(2)
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join([json.dumps({"id": 7, "text": stories[0]}),
                                json.dumps({"id": "7", "text": stories[1]})]) + "\n", "utf-8")
    result = runner.invoke(app, ["corpus", str(jsonl), "--out", str(tmp_path / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert 'warning: 1 story skipped: their id appeared earlier in the input (7; ids are compared as text, so 7 and ' \
           '"7" are one id)' in result.stderr


def test_the_eta_is_the_stories_left_at_the_average_rate():
    from fabula.corpus.run import eta

    assert eta(120, 2.0) == "0:01:00" and eta(7200, 1.0) == "2:00:00" and eta(0, 3.0) == "0:00:00"
    assert eta(10, 0.0) == "-:--:--"
