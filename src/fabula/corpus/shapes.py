"""The shapes of a corpus's stories: SVD of their z-normalized 100-point arcs, as Reagan et al.
(2016, "The emotional arcs of stories are dominated by six basic shapes") did.

The modes are the right singular vectors of the matrix of arcs; each is named after
the basic shape it (and its negative) resembles most. How stories distribute over
the six shapes is read from the arc analyzer's verdict in `stories.shape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fabula.corpus import require
from fabula.errors import InputError
from fabula.model import ArcShape

POINTS = 100
MODES = 6
_T = np.linspace(0.0, 1.0, POINTS)
# Reference curves used only to name the modes: the six shapes as the first three cosine modes and their negatives.
TEMPLATES: dict[str, np.ndarray] = {
    "rags-to-riches": -np.cos(np.pi * _T), "riches-to-rags": np.cos(np.pi * _T),
    "man-in-a-hole": np.cos(2 * np.pi * _T), "icarus": -np.cos(2 * np.pi * _T),
    "cinderella": -np.cos(3 * np.pi * _T), "oedipus": np.cos(3 * np.pi * _T),
}
assert set(TEMPLATES) == set(ArcShape.__args__)


class NoArcs(InputError):
    """The corpus has no usable arcs (the arc analyzer has not filled them, or every arc is flat)."""


@dataclass
class Mode:
    index: int
    variance: float  # share of the arcs' variance this mode explains
    points: list[float]
    positive: str
    negative: str
    closest: int  # stories whose largest coefficient is on this mode, with a positive sign
    closest_negative: int


@dataclass
class ShapesReport:
    stories: int
    arcs: int
    flat: int
    modes: list[Mode]
    distribution: dict[str, int]


def load_arcs(folder: str | Path) -> tuple[np.ndarray, list[str | None], int]:
    """(arcs as an n x 100 array, the analyzer's shape per arc, number of stories) from committed parts."""
    require("pyarrow")
    import pyarrow.parquet as pq

    from fabula.corpus.store import Store

    arcs: list[np.ndarray] = []
    shapes: list[str | None] = []
    stories = 0
    for path in Store.existing(folder).files("stories"):
        table = pq.read_table(path, columns=["arc", "shape"])
        stories += table.num_rows
        for arc, shape in zip(table.column("arc").to_pylist(), table.column("shape").to_pylist()):
            if arc and len(arc) >= 2:
                values = np.asarray(arc, dtype=float)
                if len(values) != POINTS:
                    values = np.interp(_T, np.linspace(0.0, 1.0, len(values)), values)
                arcs.append(values)
                shapes.append(shape)
    return (np.vstack(arcs) if arcs else np.empty((0, POINTS))), shapes, stories


def analyze_shapes(arcs: np.ndarray, shapes: list[str | None], stories: int) -> ShapesReport:
    """SVD of the z-normalized arcs -> the modes, each named, and the distribution over the six shapes."""
    spread = arcs.std(axis=1) if len(arcs) else np.empty(0)
    keep = spread > 1e-9
    if not stories:
        raise NoArcs("no arcs are available: no story of the corpus was analysed (its errors table says why)")
    if not len(arcs):
        raise NoArcs(f"no arcs are available: {stories} stories, none with a 100-point arc "
                     "(the arc analyzer has not filled stories.arc)")
    if not keep.any():
        raise NoArcs(f"no arcs are available: {stories} stories, every one of their {len(arcs)} arcs flat")
    z = (arcs[keep] - arcs[keep].mean(axis=1, keepdims=True)) / spread[keep][:, None]
    _, singular, vt = np.linalg.svd(z, full_matrices=False)
    energy = singular ** 2 / np.sum(singular ** 2)
    count = min(MODES, len(singular))
    coefficients = z @ vt[:count].T
    strongest = np.argmax(np.abs(coefficients), axis=1)
    sign = np.sign(coefficients[np.arange(len(z)), strongest])
    modes = []
    for k in range(count):
        mode = vt[k]
        modes.append(Mode(
            index=k + 1, variance=float(energy[k]), points=[round(float(v), 6) for v in mode],
            positive=_nearest(mode), negative=_nearest(-mode),
            closest=int(np.sum((strongest == k) & (sign > 0))),
            closest_negative=int(np.sum((strongest == k) & (sign < 0)))))
    distribution = {name: 0 for name in TEMPLATES}
    distribution["none"] = 0
    for shape, kept in zip(shapes, keep):
        if kept:
            distribution[shape if shape in distribution else "none"] += 1
    return ShapesReport(stories=stories, arcs=int(keep.sum()), flat=int((~keep).sum()), modes=modes,
                        distribution=distribution)


def _nearest(curve: np.ndarray) -> str:
    return max(TEMPLATES, key=lambda name: float(np.corrcoef(curve, TEMPLATES[name])[0, 1]))


def shapes_of(folder: str | Path) -> ShapesReport:
    """The shapes report of a corpus folder (raises NoArcs when it has no arcs)."""
    return analyze_shapes(*load_arcs(folder))
