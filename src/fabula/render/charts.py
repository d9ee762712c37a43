"""Self-contained inline SVG charts of an Analysis (no JavaScript), one section per capability, and of a
corpus's shapes report (`fabula shapes`).

Every piece of story text that reaches a chart is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from fabula.model import Arc, Style, Timeline
from fabula.render.words import clipped, counted

if TYPE_CHECKING:
    from fabula.corpus.shapes import ShapesReport

# arc


_TICK = 'class="tick" font-size="11" fill="#5d6773"'  # the report's CSS sets its own size; alone, these hold


def arc_svg(arc: Arc, reveal_position: float | None = None, width: int = 560, height: int = 220) -> str:
    """Arc -> an inline SVG of the smoothed arc over narrative time, its turning points and the reveal.

    The x axis is the story from start (0 %) to end (100 %), ticked every quarter; up is better for the
    protagonist, as the left edge says. Turning points are dots (peaks filled, troughs hollow) whose tooltip
    quotes their sentence; `reveal_position` (narrative time 0-1) draws a dashed line marked "reveal". Where
    the arc follows a protagonist's fortune, the tone of the words alone is a dotted grey line, and a legend
    under the axis names both lines.

    560 wide, about as wide as the report's chart box (560 px on a phone), so its labels, sized 13 px by the
    report's CSS (.chart .tick, .reveal-label), stay about 13 px on screen.
    """
    pad_left, pad_right, pad_top, pad_bottom = 54, 12, 18, 40
    points = arc.points or [0.0]
    tone = arc.tone_points if arc.tone_points and arc.tone_points != arc.points else []
    low, high = min(min(points), *tone, 0.0), max(max(points), *tone, 0.0)
    if high - low < 1e-9:  # a flat arc sits on the middle line, neither better nor worse
        low, high = low - 1.0, high + 1.0
    scale = high - low
    inner_w, inner_h = width - pad_left - pad_right, height - pad_top - pad_bottom
    axis_y = pad_top + inner_h

    def xy(position: float, value: float) -> tuple[float, float]:
        return pad_left + position * inner_w, pad_top + (high - value) / scale * inner_h

    last = max(len(points) - 1, 1)
    line = " ".join("{:.1f},{:.1f}".format(*xy(i / last, v)) for i, v in enumerate(points))
    zero_y = xy(0, 0.0)[1]
    shape = arc.shape or "no clear shape"
    label = f"Emotional arc: {shape} (confidence {arc.confidence:.2f})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-arc chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{pad_left}" y1="{zero_y:.1f}" x2="{width - pad_right}" y2="{zero_y:.1f}" stroke="#bbb" '
        f'stroke-dasharray="2,3"/>',
        f'<line x1="{pad_left}" y1="{axis_y}" x2="{width - pad_right}" y2="{axis_y}" stroke="#ccc"/>',
        f'<text {_TICK} x="{pad_left - 6}" y="{pad_top + 10}" text-anchor="end">better</text>',
        f'<text {_TICK} x="{pad_left - 6}" y="{axis_y}" text-anchor="end">worse</text>',
    ]
    for quarter in range(5):
        x = pad_left + quarter / 4 * inner_w
        anchor = "start" if quarter == 0 else "end" if quarter == 4 else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#ccc"/>'
                     f'<text {_TICK} x="{x:.1f}" y="{axis_y + 16}" text-anchor="{anchor}">{quarter * 25}%</text>')
    if tone:
        dots = " ".join("{:.1f},{:.1f}".format(*xy(i / max(len(tone) - 1, 1), v)) for i, v in enumerate(tone))
        parts.append(f'<polyline class="tone" points="{dots}" fill="none" stroke="#999" stroke-width="1.5" '
                     f'stroke-dasharray="2,3"><title>tone of the words</title></polyline>')
        parts.append(f'<text {_TICK} x="{width - pad_right}" y="{height - 4}" text-anchor="end">'
                     f'solid line: the protagonist\'s fortune · dotted line: the tone of the words</text>')
    parts.append(f'<polyline points="{line}" fill="none" stroke="#3b6ea5" stroke-width="2">'
                 f'<title>{"fortune" if tone else "tone"}</title></polyline>')
    if reveal_position is not None:
        rx = xy(min(max(reveal_position, 0.0), 1.0), 0.0)[0]
        parts.append(f'<line class="reveal" x1="{rx:.1f}" y1="{pad_top / 2:.1f}" x2="{rx:.1f}" '
                     f'y2="{axis_y:.1f}" stroke="#c0392b" stroke-dasharray="5,4"/>')
        anchor = "end" if rx > width / 2 else "start"
        nudge = -4 if anchor == "end" else 4
        parts.append(f'<text class="reveal-label" font-size="11" fill="#c0392b" x="{rx + nudge:.1f}" '
                     f'y="{pad_top - 6}" text-anchor="{anchor}">reveal</text>')
    for point in arc.turning_points:
        cx, cy = xy(point.position, point.value)
        fill = "#3b6ea5" if point.kind == "peak" else "#fff"
        tip = f"{point.kind} at {point.position:.0%}: {point.sentence.text}"
        parts.append(f'<circle class="{point.kind}" data-go="s{point.sentence_index}" cx="{cx:.1f}" cy="{cy:.1f}" '
                     f'r="4" fill="{fill}" stroke="#3b6ea5" stroke-width="1.5"><title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


# style


_CURVE_LABELS = {"staging": "staging", "progression": "plot progression", "tension": "cognitive tension"}
_DEVICE_ORDER = ("caps", "exclamation", "rhetorical-question", "one-line-paragraph", "second-person", "ellipsis")


def _scaled(values: list[float], top: float, height: float) -> list[float]:
    """Values min-max scaled onto [top + height, top] (SVG y grows downwards); flat curves sit mid-height."""
    low, high = min(values), max(values)
    if high == low:
        return [top + height / 2] * len(values)
    return [top + height * (1 - (v - low) / (high - low)) for v in values]


def _points(xs: list[float], ys: list[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))


_LABEL = 'class="label" font-size="11" fill="#1d232b"'  # sized by the report's CSS, like _TICK
_HEADING = 'class="heading" font-size="12" font-weight="bold" fill="#1d232b"'


def style_curves_svg(style: Style) -> str:
    """The three Boyd et al. (2020) curves (solid) against their canonical shapes (dashed), one panel each.

    Both lines are min-max scaled within the panel: the fit (Pearson r) compares shapes, not levels. Each panel
    names its curve on one line and the fit on the next, so that at the report's 13 px the longest name
    ("cognitive tension") fits over its panel; the whole is about as wide as the report's chart box (560 px on
    a phone), so those 13 px stay about 13 px on screen.
    """
    panel_w, panel_h, pad, top, bottom = 190, 172, 12, 42, 24
    width = panel_w * max(len(style.curves), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-chart chart style-curves" width="{width}" '
             f'height="{panel_h}" viewBox="0 0 {width} {panel_h}" role="img" '
             f'aria-label="Narrative-arc curves against their canonical shapes">']
    plot_h = panel_h - top - bottom
    for i, curve in enumerate(style.curves):
        left = i * panel_w + pad
        plot_w = panel_w - 2 * pad
        n = len(curve.values)
        xs = [left + plot_w * k / max(n - 1, 1) for k in range(n)]
        name = _CURVE_LABELS.get(curve.name, curve.name)
        parts.append(f'<text {_HEADING} x="{left}" y="14">{escape(name)}</text>')
        parts.append(f'<text {_TICK} x="{left}" y="31">fit r = {curve.fit:+.2f}</text>')
        parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#ddd"/>')
        parts.append(f'<polyline fill="none" stroke="#999" stroke-dasharray="4 3" stroke-width="1.5" '
                     f'points="{_points(xs, _scaled(curve.canonical, top, plot_h))}"><title>canonical</title></polyline>')
        ys = _scaled(curve.values, top, plot_h)
        parts.append(f'<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="{_points(xs, ys)}"/>')
        for k, (x, y) in enumerate(zip(xs, ys)):
            tip = escape(f"{curve.name}, fifth {k + 1}: {curve.values[k]:.1f}% of words")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f6feb"><title>{tip}</title></circle>')
        parts.append(f'<text {_TICK} x="{left}" y="{panel_h - 6}">start</text>')
        parts.append(f'<text {_TICK} x="{left + plot_w}" y="{panel_h - 6}" text-anchor="end">end</text>')
    parts.append("</svg>")
    return "".join(parts)


def emphasis_svg(style: Style, text_length: int) -> str:
    """Emphasis devices over narrative time: one row per kind, a tick where each device stands.

    560 wide like the cast network, so its 13 px labels stay 13 px on screen; the label column holds the longest
    kind with a three-digit count ("one-line-paragraph (123)") at that size.
    """
    kinds = [k for k in _DEVICE_ORDER if any(d.kind == k for d in style.devices)]
    kinds += sorted({d.kind for d in style.devices} - set(kinds))
    label_w, plot_w, row_h, top = 174, 376, 24, 6
    width, height = label_w + plot_w + 10, top + row_h * max(len(kinds), 1) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-chart chart emphasis" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Emphasis devices over narrative time">']
    length = max(text_length, 1)
    for row, kind in enumerate(kinds):
        y = top + row * row_h
        count = sum(d.kind == kind for d in style.devices)
        parts.append(f'<text {_LABEL} x="0" y="{y + 16}">{escape(f"{kind} ({count})")}</text>')
        parts.append(f'<line x1="{label_w}" y1="{y + 12}" x2="{label_w + plot_w}" y2="{y + 12}" stroke="#eee"/>')
        for d in (d for d in style.devices if d.kind == kind):
            x = label_w + plot_w * min(d.start / length, 1.0)
            tip = escape(d.text if len(d.text) <= 80 else d.text[:77] + "...")
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="3" height="16" fill="#d1242f">'
                         f'<title>{tip}</title></rect>')
    axis_y = top + row_h * max(len(kinds), 1) + 16
    parts.append(f'<text {_TICK} x="{label_w}" y="{axis_y}">start</text>')
    parts.append(f'<text {_TICK} x="{label_w + plot_w}" y="{axis_y}" text-anchor="end">end</text>')
    parts.append("</svg>")
    return "".join(parts)


# timeline


def timeline_svg(timeline: Timeline, width: int = 560, height: int = 300) -> str:
    """Timeline -> an inline SVG: telling order (syuzhet) across, story order (fabula) up.

    Each event is a dot at (its place in the telling, its place in the story); a story told
    in order lies on the diagonal. Flashback spans are shaded bands with their events in
    orange, time jumps dashed vertical lines; every dot and mark has a tooltip quoting its text. 560 wide like
    the arc, so its axis labels, sized 13 px by the report's CSS (.chart .tick), stay about 13 px on screen.
    """
    pad_l, pad_r, pad_t, pad_b = 28, 10, 14, 26
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    events = timeline.events
    label = (f"Timeline: {counted(len(events), 'event')}, {counted(len(timeline.flashbacks), 'flashback')}, "
             f"{counted(len(timeline.jumps), 'time jump')}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-timeline chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<rect x="{pad_l}" y="{pad_t}" width="{inner_w}" height="{inner_h}" fill="none" stroke="#ccc"/>',
        f'<text {_TICK} x="{pad_l + inner_w / 2:.1f}" y="{height - 6}" text-anchor="middle">telling order →</text>',
        f'<text {_TICK} x="14" y="{pad_t + inner_h / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {pad_t + inner_h / 2:.1f})">story order →</text>',
    ]
    if not events:
        parts.append(f'<text {_TICK} x="{width / 2:.1f}" y="{height / 2:.1f}" text-anchor="middle">'
                     f'no events found</text>')
        return "\n".join(parts + ["</svg>"])
    last = max(len(events) - 1, 1)
    story_rank = {event_id: rank for rank, event_id in enumerate(timeline.story_order)}

    def x_of(told: int) -> float:
        return pad_l + told / last * inner_w

    def first_told_at(offset: int) -> int:
        return next((i for i, e in enumerate(events) if e.start >= offset), len(events) - 1)

    for span in timeline.flashbacks:
        x1, x2 = x_of(first_told_at(span.start)), x_of(max(first_told_at(span.end) - 1, first_told_at(span.start)))
        parts.append(f'<rect class="flashback" x="{x1 - 2:.1f}" y="{pad_t}" width="{x2 - x1 + 4:.1f}" '
                     f'height="{inner_h}" fill="#f4a261" fill-opacity="0.3"><title>flashback: '
                     f"{escape(clipped(span.text))}</title></rect>")
    for span in timeline.jumps:
        x = x_of(first_told_at(span.start))
        parts.append(f'<line class="jump" x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" y2="{pad_t + inner_h}" '
                     f'stroke="#2a9d8f" stroke-dasharray="4,3"><title>time jump: '
                     f"{escape(clipped(span.text))}</title></line>")
    in_flashback = [any(s.start <= e.start < s.end for s in timeline.flashbacks) for e in events]
    for told, (event, back) in enumerate(zip(events, in_flashback)):
        y = pad_t + inner_h - story_rank.get(event.id, told) / last * inner_h
        colour = "#e76f51" if back else "#999" if event.in_quote else "#264653"
        parts.append(f'<circle cx="{x_of(told):.1f}" cy="{y:.1f}" r="2.2" fill="{colour}">'
                     f"<title>{escape(event.id)}: {escape(event.text)}</title></circle>")
    return "\n".join(parts + ["</svg>"])


# --------------------------------------------------------------------------- a corpus's shapes

_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def shapes_svg(report: ShapesReport, title: str = "Shapes of the corpus") -> str:
    """A corpus's shapes report -> an SVG: the first three modes as curves, and the stories per shape as bars."""
    width, height, pad = 860, 320, 40
    plot_w, plot_h = 380, 220
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<title>{escape(title)}</title>',
             f'<text x="{pad}" y="22" font-size="15" font-weight="bold">{escape(title)} '
             f'({report.arcs} arcs, {report.flat} flat)</text>',
             f'<rect x="{pad}" y="{pad}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>',
             f'<line x1="{pad}" y1="{pad + plot_h / 2}" x2="{pad + plot_w}" y2="{pad + plot_h / 2}" '
             'stroke="#ccc" stroke-dasharray="4 3"/>']
    shown = report.modes[:3]
    scale = max((abs(v) for m in shown for v in m.points), default=1.0) or 1.0
    for mode, colour in zip(shown, _COLOURS):
        points = " ".join(f"{pad + plot_w * i / max(len(mode.points) - 1, 1):.1f},{pad + plot_h / 2 - v / scale * plot_h * 0.45:.1f}"
                          for i, v in enumerate(mode.points))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        label = f"mode {mode.index} ({mode.variance:.0%}): {mode.positive} / -{mode.negative}"
        parts.append(f'<text x="{pad}" y="{pad + plot_h + 18 + 16 * (mode.index - 1)}" fill="{colour}">'
                     f'{escape(label)}</text>')
    left = pad + plot_w + 150
    bar_w = width - left - pad - 40
    most = max(report.distribution.values(), default=0) or 1
    row = plot_h / max(len(report.distribution), 1)
    for i, (name, n) in enumerate(report.distribution.items()):
        y = pad + i * row
        parts.append(f'<text x="{left - 8}" y="{y + row * 0.6:.1f}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{left}" y="{y + row * 0.15:.1f}" width="{bar_w * n / most:.1f}" '
                     f'height="{row * 0.7:.1f}" fill="#4c72b0"/>')
        parts.append(f'<text x="{left + bar_w * n / most + 4:.1f}" y="{y + row * 0.6:.1f}">{n}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
