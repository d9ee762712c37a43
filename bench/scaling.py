"""How analysis time grows with a story's length: 1x, 4x, 16x the dream-job story.

    python bench/scaling.py [--sizes 1 4 16] [--rounds 2] [--out bench/scaling_results.json] [--profile N]

The story's paragraphs are repeated N times (one story, N times as long). Each size is
timed per stage — ingest, the spaCy parse, every analyzer — taking the minimum over
`--rounds` runs after a warm-up. The table gives seconds and the ratio to the 1x time
per unit of length (time ratio / length ratio): about 1.0 is linear, clearly above 1
is super-linear. `--profile N` also prints cProfile's top functions of the analyzers
(the parse left out) at size N.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import time
from pathlib import Path

from fabula import ingest, nlp, pipeline
from fabula.analyzers.arc import analyze_arc
from fabula.analyzers.cast import analyze_cast
from fabula.analyzers.claims import analyze_claims
from fabula.analyzers.reveal import analyze_reveal
from fabula.analyzers.style import analyze_style
from fabula.analyzers.timeline import analyze_timeline

ROOT = Path(__file__).resolve().parent.parent
DREAM_JOB = ROOT / "tests" / "fixtures" / "dream-job.txt"
STAGES = ("ingest", "parse", "sentences", "style", "timeline", "cast", "arc", "claims", "reveal")


def repeated(times: int) -> str:
    """The dream-job story's paragraphs, repeated `times` times, as one plain-text story."""
    story = ingest.read_text(DREAM_JOB.read_text("utf-8"), fmt="text")
    return ingest.PARAGRAPH_SEPARATOR.join([p.text for p in story.paragraphs] * times)


def timed_stages(text: str) -> dict[str, float]:
    """Seconds per stage of one analysis of `text` (the same order as pipeline.build)."""
    clock: dict[str, float] = {}

    def step(name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        clock[name] = time.perf_counter() - started
        return result

    started = time.perf_counter()
    story = ingest.read_text(text, fmt="text")
    clock["ingest"] = time.perf_counter() - started
    doc = step("parse", nlp.parse, story)
    sents = step("sentences", pipeline.sentences, story, doc)
    style = step("style", analyze_style, story, doc, sents)
    step("timeline", analyze_timeline, story, doc)
    cast = step("cast", analyze_cast, story, doc)
    step("arc", analyze_arc, story, doc, sents, cast)
    claims = step("claims", analyze_claims, story, doc, cast)
    step("reveal", analyze_reveal, story, doc, sents, cast, claims, style)
    clock["total"] = sum(clock.values())
    clock["words"] = story.info.words
    clock["sentence_count"] = len(sents)
    return clock


def measure(sizes: list[int], rounds: int) -> list[dict]:
    timed_stages(repeated(1))  # warm-up: model load and lazy resources
    rows = []
    for size in sizes:
        text = repeated(size)
        runs = [timed_stages(text) for _ in range(rounds)]
        best = {key: min(run[key] for run in runs) for key in (*STAGES, "total")}
        rows.append({"size": size, "words": runs[0]["words"], "sentences": runs[0]["sentence_count"],
                     **{f"{k}_s": v for k, v in best.items()}})
    base = rows[0]
    for row in rows:
        length = row["size"] / base["size"]
        row["per_length"] = {k: round(row[f"{k}_s"] / max(base[f"{k}_s"], 1e-6) / length, 2) for k in (*STAGES, "total")}
    return rows


def table(rows: list[dict]) -> str:
    """Two blocks: seconds per stage, then (time ratio / length ratio) per stage against 1x."""
    columns = (*STAGES, "total")
    head = f"{'size':>5} {'words':>7} {'sents':>6}  " + " ".join(f"{c:>9}" for c in columns)
    lines = ["seconds (minimum over rounds)", head, "-" * len(head)]
    for row in rows:
        lines.append(f"{row['size']:>4}x {row['words']:>7,} {row['sentences']:>6,}  "
                     + " ".join(f"{row[f'{c}_s']:9.3f}" for c in columns))
    lines += ["", "time ratio / length ratio against 1x (1.0 = linear; 16x at 2.0 = twice linear)", head,
              "-" * len(head)]
    for row in rows:
        lines.append(f"{row['size']:>4}x {row['words']:>7,} {row['sentences']:>6,}  "
                     + " ".join(f"{row['per_length'][c]:9.2f}" for c in columns))
    return "\n".join(lines)


def profile(size: int, top: int = 25) -> None:
    """cProfile the analyzers (pipeline.build, the parse done beforehand) at `size`, by own time."""
    story = ingest.read_text(repeated(size), fmt="text")
    doc = nlp.parse(story)
    profiler = cProfile.Profile()
    profiler.enable()
    pipeline.build(story, doc)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "scaling_results.json")
    parser.add_argument("--profile", type=int, default=0, help="cProfile one analysis at this size")
    args = parser.parse_args()
    rows = measure(args.sizes, args.rounds)
    print(table(rows))
    args.out.write_text(json.dumps({"story": DREAM_JOB.name, "rounds": args.rounds, "python": platform.python_version(),
                                    "machine": platform.machine(), "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if args.profile:
        profile(args.profile)


if __name__ == "__main__":
    main()
