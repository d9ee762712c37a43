"""Self-contained inline SVG charts of an Analysis (no JavaScript), one section per capability.

Every piece of story text that reaches a chart is escaped.
"""

from __future__ import annotations

from html import escape

from fabula.model import Arc

# arc


def arc_svg(arc: Arc, reveal_position: float | None = None, width: int = 640, height: int = 200) -> str:
    """Arc -> an inline SVG of the smoothed arc over narrative time, its turning points and the reveal.

    Turning points are dots (peaks filled, troughs hollow) whose tooltip quotes their
    sentence; `reveal_position` (narrative time 0-1) draws a dashed line marked "reveal".
    """
    pad_x, pad_y = 12, 18
    points = arc.points or [0.0]
    low, high = min(min(points), 0.0), max(max(points), 0.0)
    scale = (high - low) or 1.0
    inner_w, inner_h = width - 2 * pad_x, height - 2 * pad_y

    def xy(position: float, value: float) -> tuple[float, float]:
        return pad_x + position * inner_w, pad_y + (high - value) / scale * inner_h

    last = max(len(points) - 1, 1)
    line = " ".join("{:.1f},{:.1f}".format(*xy(i / last, v)) for i, v in enumerate(points))
    zero_y = xy(0, 0.0)[1]
    shape = arc.shape or "flat"
    label = f"Emotional arc: {shape} (confidence {arc.confidence:.2f})"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-arc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line x1="{pad_x}" y1="{zero_y:.1f}" x2="{width - pad_x}" y2="{zero_y:.1f}" stroke="#bbb" '
        f'stroke-dasharray="2,3"/>',
        f'<polyline points="{line}" fill="none" stroke="#3b6ea5" stroke-width="2"/>',
    ]
    if reveal_position is not None:
        rx = xy(min(max(reveal_position, 0.0), 1.0), 0.0)[0]
        parts.append(f'<line class="reveal" x1="{rx:.1f}" y1="{pad_y / 2:.1f}" x2="{rx:.1f}" '
                     f'y2="{height - pad_y / 2:.1f}" stroke="#c0392b" stroke-dasharray="5,4"/>')
        anchor = "end" if rx > width / 2 else "start"
        nudge = -4 if anchor == "end" else 4
        parts.append(f'<text x="{rx + nudge:.1f}" y="{pad_y - 6}" font-size="11" fill="#c0392b" '
                     f'text-anchor="{anchor}">reveal</text>')
    for point in arc.turning_points:
        cx, cy = xy(point.position, point.value)
        fill = "#3b6ea5" if point.kind == "peak" else "#fff"
        tip = f"{point.kind} at {point.position:.0%}: {point.sentence.text}"
        parts.append(f'<circle class="{point.kind}" cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{fill}" '
                     f'stroke="#3b6ea5" stroke-width="1.5"><title>{escape(tip)}</title></circle>')
    parts.append(f'<text x="{pad_x}" y="{height - 4}" font-size="11" fill="#555">{escape(shape)}</text>')
    parts.append("</svg>")
    return "".join(parts)
