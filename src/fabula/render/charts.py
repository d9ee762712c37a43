"""Self-contained inline SVG charts of an Analysis (no JavaScript), one section per capability.

Every piece of story text that reaches a chart is escaped.
"""

from __future__ import annotations

from html import escape

from fabula.model import Timeline

# timeline


def timeline_svg(timeline: Timeline, width: int = 640, height: int = 320) -> str:
    """Timeline -> an inline SVG: telling order (syuzhet) across, story order (fabula) up.

    Each event is a dot at (its place in the telling, its place in the story); a story told
    in order lies on the diagonal. Flashback spans are shaded bands with their events in
    orange, time jumps dashed vertical lines; every dot and mark has a tooltip quoting its text.
    """
    pad_l, pad_r, pad_t, pad_b = 28, 10, 14, 26
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    events = timeline.events
    label = (f"Timeline: {len(events)} events, {len(timeline.flashbacks)} flashbacks, "
             f"{len(timeline.jumps)} time jumps")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fabula-timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<rect x="{pad_l}" y="{pad_t}" width="{inner_w}" height="{inner_h}" fill="none" stroke="#ccc"/>',
        f'<text x="{pad_l + inner_w / 2:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
        f'fill="#555">telling order →</text>',
        f'<text x="12" y="{pad_t + inner_h / 2:.1f}" font-size="11" text-anchor="middle" fill="#555" '
        f'transform="rotate(-90 12 {pad_t + inner_h / 2:.1f})">story order →</text>',
    ]
    if not events:
        parts.append(f'<text x="{width / 2:.1f}" y="{height / 2:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="#888">no events found</text>')
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
                     f'height="{inner_h}" fill="#f4a261" fill-opacity="0.18"><title>flashback: '
                     f"{escape(span.text)}</title></rect>")
    for span in timeline.jumps:
        x = x_of(first_told_at(span.start))
        parts.append(f'<line class="jump" x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" y2="{pad_t + inner_h}" '
                     f'stroke="#2a9d8f" stroke-dasharray="4,3"><title>time jump: {escape(span.text)}</title></line>')
    in_flashback = [any(s.start <= e.start < s.end for s in timeline.flashbacks) for e in events]
    for told, (event, back) in enumerate(zip(events, in_flashback)):
        y = pad_t + inner_h - story_rank.get(event.id, told) / last * inner_h
        colour = "#e76f51" if back else "#999" if event.in_quote else "#264653"
        parts.append(f'<circle cx="{x_of(told):.1f}" cy="{y:.1f}" r="2.2" fill="{colour}">'
                     f"<title>{escape(event.id)}: {escape(event.text)}</title></circle>")
    return "\n".join(parts + ["</svg>"])
