"""bench/run.py's plumbing (no timings asserted): one measured process, the summary and the table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from rich.console import Console

spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).parent.parent / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_measure_reads_the_json_line_and_the_childs_own_peak_memory():
    small = bench.measure([sys.executable, "-c", "print('noise'); print('{\"words\": 7}')"])
    big = bench.measure([sys.executable, "-c", "x = bytearray(1024 * 1024 * 1024); print('{}')"])
    assert small["words"] == 7
    # A forked child starts with its parent's resident pages (pytest's, here), so allocate
    # more than the parent holds and compare the two children.
    assert big["max_rss_mib"] > 1024
    assert big["max_rss_mib"] - small["max_rss_mib"] > 300


def test_a_failing_child_stops_the_bench_with_its_error():
    with pytest.raises(SystemExit, match="failed \\(1\\): model not found"):
        bench.measure([sys.executable, "-c", "raise SystemExit('model not found')"])


def test_table_shows_both_sides_and_the_ratios():
    def side(values):
        return bench.summary(values)

    results = {
        "throughput": {"stories": 7, "words": 1000, "ratio": {"best": 0.5, "median": 0.25},
                       "fabula": {"seconds": side([2.0, 4.0, 3.0]), "words_per_s": {"best": 500, "median": 333},
                                  "max_rss_mib": side([300.0])},
                       "spacy": {"seconds": side([1.0]), "words_per_s": {"best": 1000, "median": 1000},
                                 "max_rss_mib": side([200.0])}},
        "cold_start": {"ratio": {"min": 1.5, "median": 1.25}, "rss_ratio": 1.1,
                       "fabula": {"wall_s": side([3.0]), "max_rss_mib": side([220.0])},
                       "spacy": {"wall_s": side([2.0]), "max_rss_mib": side([200.0])}},
        "paired": {"rounds": 4, "fabula_s": {"wall": 10.0, "cpu": 9.0}, "spacy_s": {"wall": 8.0, "cpu": 7.2},
                   "ratio": {"wall": 0.8, "cpu": 0.8}},
    }
    console = Console(width=200, record=True, color_system=None)
    console.print(bench.table(results))
    text = console.export_text()
    assert "500 / 333" in text and "0.50 / 0.25" in text and "1.50" in text and "1.50 / 1.25" in text
    assert "4 passes" in text and "10.0 / 9.0" in text and "8.0 / 7.2" in text and "0.80 / 0.80" in text
    assert bench.summary([3.0, 1.0, 2.0]) == {"min": 1.0, "median": 2.0, "runs": [3.0, 1.0, 2.0]}
