"""Small, generic SVG builders for the HTML report: every label and title is escaped.

`line_chart(series, ...)` -> an SVG line chart over x in [0, 1] with markers and vertical rules.
`scatter(points, ...)` -> an SVG scatter plot over x, y in [0, 1].
`network(nodes, ties, ...)` -> an SVG node-link diagram on a circle.
Each returns one `<svg>` element as a string, sized by its viewBox so it scales to its box.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

PALETTE = ("#3b6fb6", "#c0504d", "#4f9a5a", "#8064a2", "#d9822b", "#2c9aa8", "#7f7f7f", "#b8860b")


@dataclass
class Series:
    """A line: y values spread evenly over x in [0, 1]."""

    label: str
    values: list[float]
    color: str = PALETTE[0]
    dashed: bool = False


@dataclass
class Marker:
    """A dot at (x, y) with a hover title, e.g. a turning point."""

    x: float
    y: float
    title: str
    color: str = PALETTE[1]
    css: str = "marker"
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Rule:
    """A vertical line at x with a short label, e.g. the reveal."""

    x: float
    label: str
    color: str = PALETTE[1]
    title: str = ""


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


def _attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in data.items())


def _open(width: int, height: int, label: str, css: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'class="{escape(css)}" aria-label="{escape(label)}"><title>{escape(label)}</title>')


def line_chart(series: list[Series], *, label: str, y_range: tuple[float, float] | None = None,
               markers: list[Marker] = (), rules: list[Rule] = (), width: int = 600, height: int = 220,
               x_labels: tuple[str, str] = ("start", "end"), zero_line: bool = True) -> str:
    """Lines over x in [0, 1], with dots and vertical rules; y_range defaults to the data's range."""
    pad_l, pad_r, pad_t, pad_b = 34, 10, 18, 26
    values = [v for s in series for v in s.values] + [m.y for m in markers]
    low, high = y_range or ((min(values), max(values)) if values else (-1.0, 1.0))
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b

    def px(x: float) -> float:
        return pad_l + min(max(x, 0.0), 1.0) * plot_w

    def py(y: float) -> float:
        return pad_t + (high - min(max(y, low), high)) / (high - low) * plot_h

    out = [_open(width, height, label, "chart line-chart"),
           f'<rect x="{pad_l}" y="{pad_t}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ddd"/>']
    if zero_line and low < 0 < high:
        out.append(f'<line x1="{pad_l}" x2="{pad_l + plot_w}" y1="{_num(py(0))}" y2="{_num(py(0))}" '
                   f'stroke="#bbb" stroke-dasharray="3 3"/>')
    for y in (low, high):
        out.append(f'<text x="{pad_l - 4}" y="{_num(py(y) + 4)}" text-anchor="end" class="tick">{_num(y)}</text>')
    out.append(f'<text x="{pad_l}" y="{height - 8}" class="tick">{escape(x_labels[0])}</text>')
    out.append(f'<text x="{pad_l + plot_w}" y="{height - 8}" text-anchor="end" class="tick">'
               f'{escape(x_labels[1])}</text>')
    for rule in rules:
        x = _num(px(rule.x))
        out.append(f'<g class="rule"><title>{escape(rule.title or rule.label)}</title>'
                   f'<line x1="{x}" x2="{x}" y1="{pad_t}" y2="{pad_t + plot_h}" stroke="{escape(rule.color)}" '
                   f'stroke-width="2"/><text x="{x}" y="{pad_t - 5}" text-anchor="middle" '
                   f'fill="{escape(rule.color)}" class="tick">{escape(rule.label)}</text></g>')
    for line in series:
        if not line.values:
            continue
        step = 1 / max(len(line.values) - 1, 1)
        path = " ".join(f"{_num(px(i * step))},{_num(py(v))}" for i, v in enumerate(line.values))
        dash = ' stroke-dasharray="5 3"' if line.dashed else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{escape(line.color)}" stroke-width="2"{dash}>'
                   f'<title>{escape(line.label)}</title></polyline>')
    for dot in markers:
        out.append(f'<circle cx="{_num(px(dot.x))}" cy="{_num(py(dot.y))}" r="5" fill="{escape(dot.color)}" '
                   f'class="{escape(dot.css)}"{_attrs(dot.data)}><title>{escape(dot.title)}</title></circle>')
    if len(series) > 1:
        for i, line in enumerate(series):
            out.append(f'<text x="{pad_l + 6 + i * 130}" y="{pad_t + 14}" fill="{escape(line.color)}" '
                       f'class="tick">{escape(line.label)}</text>')
    out.append("</svg>")
    return "".join(out)


def scatter(points: list[Marker], *, label: str, x_label: str, y_label: str, rules: list[Rule] = (),
            width: int = 600, height: int = 240) -> str:
    """Dots at (x, y) in [0, 1]^2 with axis labels and vertical rules."""
    pad_l, pad_r, pad_t, pad_b = 30, 10, 18, 28
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b

    def px(x: float) -> float:
        return pad_l + min(max(x, 0.0), 1.0) * plot_w

    def py(y: float) -> float:
        return pad_t + (1 - min(max(y, 0.0), 1.0)) * plot_h

    out = [_open(width, height, label, "chart scatter"),
           f'<rect x="{pad_l}" y="{pad_t}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ddd"/>',
           f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{pad_l + plot_w}" y2="{pad_t}" stroke="#ccc" '
           f'stroke-dasharray="3 3"/>',
           f'<text x="{pad_l + plot_w / 2}" y="{height - 8}" text-anchor="middle" class="tick">'
           f'{escape(x_label)}</text>',
           f'<text x="12" y="{pad_t + plot_h / 2}" text-anchor="middle" class="tick" '
           f'transform="rotate(-90 12 {pad_t + plot_h / 2})">{escape(y_label)}</text>']
    for rule in rules:
        x = _num(px(rule.x))
        out.append(f'<g class="rule"><title>{escape(rule.title or rule.label)}</title>'
                   f'<line x1="{x}" x2="{x}" y1="{pad_t}" y2="{pad_t + plot_h}" stroke="{escape(rule.color)}" '
                   f'stroke-dasharray="4 2"/><text x="{x}" y="{pad_t - 5}" text-anchor="middle" '
                   f'fill="{escape(rule.color)}" class="tick">{escape(rule.label)}</text></g>')
    for dot in points:
        out.append(f'<circle cx="{_num(px(dot.x))}" cy="{_num(py(dot.y))}" r="4" fill="{escape(dot.color)}" '
                   f'class="{escape(dot.css)}"{_attrs(dot.data)}><title>{escape(dot.title)}</title></circle>')
    out.append("</svg>")
    return "".join(out)


def network(nodes: list[Node], links: list[Link], *, label: str, width: int = 560, height: int = 330) -> str:
    """Nodes on a circle (largest first, from the top), links drawn with width by weight.

    Each label sits outside its node, away from the centre: to the right of nodes on the right,
    to the left of those on the left, above the top and below the bottom, so labels do not cross.
    """
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 40
    place: dict[str, tuple[float, float, float]] = {}
    for i, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(nodes), 1)
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
        else:
            anchor = "middle"
            tx, ty = x, (y + r + 13 if down > 0 else y - r - 5)
        out.append(f'<g class="node" data-pick="{escape(node.id)}"><title>{escape(node.label)}</title>'
                   f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{escape(node.color)}" '
                   f'stroke="#fff" stroke-width="1.5"/>'
                   f'<text x="{_num(tx)}" y="{_num(ty)}" text-anchor="{anchor}" class="label">'
                   f'{escape(_short(node.label))}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
