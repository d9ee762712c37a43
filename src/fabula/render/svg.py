"""The cast network as SVG for the HTML report (the other charts are in charts.py); every label is escaped.

`network(nodes, links, ...)` -> an SVG node-link diagram on a circle, one `<svg>` element sized by
its viewBox so it scales to its box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

PALETTE = ("#3b6fb6", "#c0504d", "#4f9a5a", "#8064a2", "#d9822b", "#2c9aa8", "#7f7f7f", "#b8860b")


@dataclass
class Node:
    id: str
    label: str
    size: float
    color: str = PALETTE[0]


@dataclass
class Link:
    a: str
    b: str
    weight: float


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if math.isfinite(value) else "0"


def _open(width: int, height: int, label: str, css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'class="{escape(css)}" aria-label="{escape(label)}"><title>{escape(label)}</title>')


SMALL_CAST_HEIGHT = 200
PAIR_HEIGHT = 120  # one or two nodes stand in a row


def network(nodes: list[Node], links: list[Link], *, label: str, width: int = 560, height: int = 330) -> str:
    """Nodes on a circle (largest first, from the top), links drawn with width by weight; two nodes side by
    side, and a cast of three or fewer in a lower panel (SMALL_CAST_HEIGHT, PAIR_HEIGHT) that leaves no empty
    space above and below them.

    Each label sits outside its node, away from the centre: to the right of nodes on the right,
    to the left of those on the left, above the top and below the bottom, so labels do not cross. A label
    too long for the room between it and the chart's edge is cut short with an ellipsis (_fitted); the node's
    tooltip keeps the whole name.
    """
    if len(nodes) <= 3:
        height = min(height, PAIR_HEIGHT if len(nodes) <= 2 else SMALL_CAST_HEIGHT)
    cx, cy = width / 2, height / 2
    radius = width / 4 if len(nodes) == 2 else min(width, height) / 2 - 40
    start = math.pi if len(nodes) == 2 else -math.pi / 2
    place: dict[str, tuple[float, float, float]] = {}
    for i, node in enumerate(nodes):
        angle = start + 2 * math.pi * i / max(len(nodes), 1)
        r = 0 if len(nodes) == 1 else radius
        place[node.id] = (cx + r * math.cos(angle), cy + r * math.sin(angle), angle)
    top = max((link.weight for link in links), default=1.0) or 1.0
    out = [_open(width, height, label, "chart network")]
    for link in links:
        if link.a not in place or link.b not in place:
            continue
        (x1, y1, _), (x2, y2, _) = place[link.a], place[link.b]
        out.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="#9aa5b1" '
                   f'stroke-width="{_num(1 + 5 * link.weight / top)}" stroke-opacity="0.6"/>')
    biggest = max((node.size for node in nodes), default=1.0) or 1.0
    for node in nodes:
        x, y, angle = place[node.id]
        r = 5 + 13 * math.sqrt(node.size / biggest)
        across, down = math.cos(angle), math.sin(angle)
        if len(nodes) > 1 and abs(across) > 0.35:
            anchor = "start" if across > 0 else "end"
            tx, ty = x + (r + 5) * (1 if across > 0 else -1), y + 4
            room = width - tx if across > 0 else tx
        else:
            anchor = "middle"
            tx, ty = x, (y + r + 13 if down > 0 else y - r - 5)
            room = 2 * min(tx, width - tx)
        out.append(f'<g class="node" data-pick="{escape(node.id)}"><title>{escape(node.label)}</title>'
                   f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{escape(node.color)}" '
                   f'stroke="#fff" stroke-width="1.5"/>'
                   f'<text x="{_num(tx)}" y="{_num(ty)}" text-anchor="{anchor}" class="label">'
                   f'{escape(_fitted(node.label, room - 4))}</text></g>')
    out.append("</svg>")
    return "".join(out)


LABEL_PX = 13  # the report's .chart .label


def _em(char: str) -> float:
    """A character's advance in em, a little over DejaVu Sans's (a wide sans-serif, the one Linux browsers fall
    back on), so that a label measured here is no longer in the fonts that report readers have."""
    if char in "iljI.,:;'’| ":
        return 0.34
    if char in "frt!()[]":
        return 0.42
    if char in "cszkvxy":
        return 0.6
    if char in "mwMW@%" or "\u2000" <= char <= "\u206f" or char > "\u2e7f":  # dashes, "…"; CJK and emoji
        return 1.1
    return 0.8 if char.isupper() else 0.64


def _fitted(label: str, room: float, limit: int = 22) -> str:
    """The label, or its first letters and an ellipsis, no longer than `limit` characters nor wider than `room`
    px at LABEL_PX."""
    def wide(text: str) -> float:
        return sum(map(_em, text)) * LABEL_PX

    if len(label) <= limit and wide(label) <= room:
        return label
    cut = min(len(label), limit - 1)
    while cut > 1 and wide(label[:cut].rstrip() + "…") > room:
        cut -= 1
    return label[:cut].rstrip() + "…"
