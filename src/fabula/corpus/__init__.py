"""Corpus mode: many stories -> Parquet tables + compressed Analysis JSONL, queried with DuckDB.

    sources   the input (folder, JSONL, Parquet), streamed as Items
    work      the per-partition work: a batch of Items -> table parts (same on every engine)
    tables    the tables' explicit pyarrow schemas and the None-safe rows of an Analysis
    store     committed parts, the manifest they form, and crash recovery
    run       the engines: local processes or dask.distributed, with a progress bar
    query     DuckDB views over the committed parts
    shapes    SVD of the corpus's 100-point arcs (Reagan et al. 2016); its chart is render.charts.shapes_svg

duckdb, pyarrow and dask are the `scale` extra; they are imported only here, lazily,
so the rest of fabula works without them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRA_HINT = "pip install 'fabula[scale]'"


class MissingExtra(RuntimeError):
    """A package of the `scale` extra is not installed."""


def require(module: str) -> ModuleType:
    """Import `module` (duckdb, pyarrow, dask.distributed, ...) or raise MissingExtra naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        raise MissingExtra(
            f"fabula corpus needs the 'scale' extra ({top} is not installed): {EXTRA_HINT}"
        ) from None
