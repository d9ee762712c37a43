"""One self-contained HTML report of an Analysis: the story text with its findings marked, and charts.

`render(analysis)` -> the report as a string (inline CSS, JS and SVG; nothing fetched).
`write(analysis, path)` writes it. `content_security_policy()` is the policy the report
carries (and the web app sends): only the report's own inline style and script may run.

Story text, captions and labels are untrusted: the template autoescapes, the story text
is cut into escaped segments, and the script reads only data-* attributes and never
writes HTML. Every section appears only when its Analysis slot is set.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath

import jinja2
from markupsafe import Markup, escape

from fabula.model import Analysis, Scene, Span
from fabula.render import charts, svg
from fabula.render.labels import PLACED_ONLY, labels_of, placed_only, roles_of, shape_of, source_of, title_of
from fabula.render.words import clipped, counted, statuses

TEMPLATES = Path(__file__).parent / "templates"
MAX_NETWORK_NODES = 12
MAX_CAST_CHIPS = 12
RUNNERS_UP = 3  # the reveal's runners-up the report lists, best first: a near second is worth a reader's look


# --------------------------------------------------------------------------- marks in the story text

@dataclass(frozen=True)
class Mark:
    """A stretch of story text to mark: CSS class, jump keys, characters mentioned, hover title."""

    start: int
    end: int
    css: str = ""
    keys: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    title: str = ""


def marks_of(analysis: Analysis, rows: list["LedgerRow"]) -> list[Mark]:
    """Every finding with a span in the text, as marks (sentences carry the keys 's<index>')."""
    labels = labels_of(analysis)
    marks = [Mark(s.start, s.end, keys=(f"s{s.index}",)) for s in analysis.sentences]
    if analysis.cast:
        for character in analysis.cast.characters:
            marks.extend(Mark(m.start, m.end, "m", characters=(character.id,)) for m in character.mentions)
        for quote in analysis.cast.quotes:
            said = f"said by {labels.get(quote.speaker, quote.speaker)}" if quote.speaker else "speaker unknown"
            keys = (f"said:{quote.speaker}",) if quote.speaker else ()
            marks.append(Mark(quote.start, quote.end, "q", keys, title=said))
    if analysis.claims:
        marks.extend(Mark(c.start, c.end, "cl", (f"c{i}",), title=f"claim ({c.modality}, {c.polarity})")
                     for i, c in enumerate(analysis.claims.items))
    if analysis.timeline:
        timeline = analysis.timeline
        marks.extend(Mark(t.start, t.end, "tx", (f"t{i}",), title=f"{t.type} {t.value}")
                     for i, t in enumerate(timeline.expressions))
        marks.extend(Mark(f.start, f.end, "fb", (f"f{i}",), title="flashback") for i, f in enumerate(timeline.flashbacks))
        marks.extend(Mark(j.start, j.end, "jp", (f"j{i}",), title="time jump") for i, j in enumerate(timeline.jumps))
    for row in rows:
        css = "bel" if row.refutations else ""
        marks.append(Mark(row.belief.start, row.belief.end, css, (row.belief_key,), title=f"belief ({row.status})"))
        marks.extend(Mark(span.start, span.end, "ref", (row.refutation_key, f"{row.refutation_key}.{k}"),
                          title=f"refutation ({kind})" if kind else "refutation")
                     for k, (span, kind) in enumerate(row.refutations))
    if analysis.ledger and analysis.ledger.reveal:
        sentence = analysis.ledger.reveal.sentence
        marks.append(Mark(sentence.start, sentence.end, "rv", ("rv",), title="the reveal"))
        marks.extend(Mark(c.sentence.start, c.sentence.end, "", (f"rc{k}",), title="a runner-up for the reveal")
                     for k, c in enumerate(analysis.ledger.reveal.candidates[:RUNNERS_UP]))
    return [m for m in marks if 0 <= m.start < m.end <= len(analysis.text)]


def segments(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    """text[start:end] as escaped HTML, cut wherever a mark begins or ends; marks must lie inside."""
    cuts = sorted({start, end, *(m.start for m in marks), *(m.end for m in marks)})
    opening: dict[int, list[Mark]] = {}
    for mark in marks:
        opening.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + opening.get(a, [])
        piece = escape(text[a:b])
        if not active:
            out.append(piece)
            continue
        css = " ".join(sorted({m.css for m in active if m.css}))
        keys = " ".join(k for m in active for k in m.keys)
        characters = " ".join(dict.fromkeys(c for m in active for c in m.characters))
        title = "; ".join(dict.fromkeys(m.title for m in active if m.title))
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in
                        (("class", css), ("data-k", keys), ("data-c", characters), ("title", title)) if value)
        out.append(f"<span{attrs}>{piece}</span>")
    return Markup("".join(out))


def story_blocks(analysis: Analysis, marks: list[Mark]) -> list[dict]:
    """Paragraphs as marked-up HTML, with each media insert placed before the paragraph it preceded and whether a
    section break stood before it."""
    by_paragraph: list[list[Mark]] = [[] for _ in analysis.paragraphs]
    starts = [p.start for p in analysis.paragraphs]
    for mark in marks:
        for i in range(_paragraph_at(starts, mark.start), len(analysis.paragraphs)):
            p = analysis.paragraphs[i]
            if p.start >= mark.end:
                break
            lo, hi = max(mark.start, p.start), min(mark.end, p.end)
            if lo < hi:
                by_paragraph[i].append(Mark(lo, hi, mark.css, mark.keys, mark.characters, mark.title))
    figures: dict[int, list] = {}
    for item in analysis.media:
        at = next((i for i, p in enumerate(analysis.paragraphs) if p.start >= item.offset), len(starts))
        figures.setdefault(at, []).append(item)
    blocks = []
    for i, p in enumerate(analysis.paragraphs):
        blocks.append({"figures": figures.get(i, []), "after_break": p.after_break,
                       "html": segments(analysis.text, p.start, p.end, by_paragraph[i])})
    blocks.append({"figures": figures.get(len(starts), []), "after_break": False, "html": None})
    return blocks


def _paragraph_at(starts: list[int], offset: int) -> int:
    return max(bisect.bisect_right(starts, offset) - 1, 0)


# --------------------------------------------------------------------------- the ledger

@dataclass
class LedgerRow:
    """One overturned (or standing) belief: its evidence, every passage that refutes it (with the refutation's kind)
    and who deceived."""

    index: int
    belief: Span
    holder: str
    status: str
    refutations: list[tuple[Span, str]]
    deceiver: str = ""
    source: str = ""

    @property
    def belief_key(self) -> str:
        return f"b{self.index}"

    @property
    def refutation_key(self) -> str:
        return f"r{self.index}"

    @property
    def keys(self) -> str:
        return f"{self.belief_key} {self.refutation_key}" if self.refutations else self.belief_key


def ledger_rows(analysis: Analysis) -> list[LedgerRow]:
    """The ledger's beliefs, overturned ones first (every refuted claim is a belief of the ledger), each with all
    the refutations of its claim in telling order (one belief can be refuted twice)."""
    if not analysis.ledger:
        return []
    labels = labels_of(analysis)
    refuting: dict[str, dict[tuple[int, int], tuple[Span, str]]] = {}
    for r in analysis.ledger.refutations:
        refuting.setdefault(r.claim, {}).setdefault((r.refutation.start, r.refutation.end), (r.refutation, r.kind))
    found: list[tuple] = []
    for belief in analysis.ledger.beliefs:
        holder = labels.get(belief.holder, belief.holder) if belief.holder else ""
        source = labels.get(belief.source, belief.source) if belief.source != belief.holder else ""
        spans = refuting.get(belief.claim, {})
        if belief.refutation is not None and (belief.refutation.start, belief.refutation.end) not in spans:
            spans = {(belief.refutation.start, belief.refutation.end): (belief.refutation, ""), **spans}
        refutations = sorted(spans.values(), key=lambda item: item[0].start) if belief.refutation else []
        found.append((belief.evidence, holder, belief.status, refutations,
                      labels.get(belief.deceiver, belief.deceiver) if belief.deceiver else "", source))
    found.sort(key=lambda row: not row[3])  # overturned beliefs first, each group in telling order
    return [LedgerRow(i, *row) for i, row in enumerate(found)]


# --------------------------------------------------------------------------- charts

def warnings_of(analysis: Analysis) -> list[str]:
    """The story's warnings, a file's path cut to its name: a report is shared, its reader's folders are not."""
    source = source_of(analysis)
    name = PurePath(source).name if source else None
    return [w.replace(source, name) if source and name and source != name else w for w in analysis.info.warnings]


def arc_chart(analysis: Analysis) -> Markup:
    reveal = analysis.ledger.reveal if analysis.ledger else None
    return Markup(charts.arc_svg(analysis.arc, reveal.position if reveal else None))


def timeline_chart(analysis: Analysis) -> Markup:
    return Markup(charts.timeline_svg(analysis.timeline))


def network_chart(analysis: Analysis, colors: dict[str, str], labels: dict[str, str]) -> Markup | None:
    cast = analysis.cast
    top = sorted(cast.characters, key=lambda c: -c.mention_count)[:MAX_NETWORK_NODES]
    if not top:
        return None
    ids = {c.id for c in top}
    nodes = [svg.Node(c.id, labels[c.id], max(c.mention_count, 1), colors[c.id]) for c in top]
    links = [svg.Link(t.a, t.b, t.weight) for t in cast.network if t.a in ids and t.b in ids]
    return Markup(svg.network(nodes, links, label="Cast network: who appears with whom"))


def style_charts(analysis: Analysis) -> list[Markup]:
    """The narrative-arc curves, and where the emphasis devices stand when there are any."""
    style = analysis.style
    out = [Markup(charts.style_curves_svg(style))]
    if style.devices:
        out.append(Markup(charts.emphasis_svg(style, len(analysis.text))))
    return out


# --------------------------------------------------------------------------- the page

def readability_of(analysis: Analysis) -> list[tuple[str, str]]:
    """Readability scores with readable names ('flesch_reading_ease' -> 'Flesch reading ease')."""
    if not analysis.style:
        return []
    return [(name.replace("_", " ").capitalize().replace("kincaid", "Kincaid"), f"{value:.1f}")
            for name, value in analysis.style.readability.items()]


def time_marks(analysis: Analysis) -> list[tuple[str, int, Span]]:
    """Flashbacks and time jumps in telling order: (kind, index within its kind, span)."""
    if not analysis.timeline:
        return []
    marks = [("flashback", i, f) for i, f in enumerate(analysis.timeline.flashbacks)]
    marks += [("jump", i, j) for i, j in enumerate(analysis.timeline.jumps)]
    return sorted(marks, key=lambda mark: mark[2].start)


def scenes_in_story_order(analysis: Analysis) -> list[tuple[int, Scene, int]]:
    """The timeline's scenes in the order they happened: (place in telling order from 1, scene, index of the
    sentence it opens in)."""
    if not analysis.timeline:
        return []
    starts = [s.start for s in analysis.sentences]
    ordered = sorted(analysis.timeline.scenes, key=lambda scene: (scene.story_time, scene.index))
    return [(scene.index + 1, scene, analysis.sentences[max(bisect.bisect_right(starts, scene.start) - 1, 0)].index)
            for scene in ordered] if analysis.sentences else []


def unquoted(text: str) -> str:
    """Evidence text without the quotation marks at its ends (the page adds its own)."""
    return text.strip().strip("“”\"‘’'").strip() or text

def facts_of(analysis: Analysis) -> list[tuple[str, str]]:
    info = analysis.info
    facts = [("length", f"{counted(info.words, 'word')} · {counted(len(analysis.sentences), 'sentence')} · "
                        f"{counted(len(analysis.paragraphs), 'paragraph')}")]
    if source_of(analysis) and info.title:
        facts.append(("source", PurePath(info.source).name))  # a report is shared: no local folders in it
    if (info.format, info.encoding) != ("text", "utf-8"):
        facts.append(("format", f"{info.format} ({info.encoding})"))
    if analysis.cast:
        cast, labels = analysis.cast, labels_of(analysis)
        narrator = f", told by {labels.get(cast.narrator, cast.narrator)}" if cast.narrator else ""
        facts.append(("narration", cast.narration + narrator))
        main = [labels[c.id] for c in cast.characters if c.importance == "main" and c.id != cast.narrator]
        if main:
            facts.append(("main characters", ", ".join(main[:4]) + (" …" if len(main) > 4 else "")))
    if analysis.ledger:
        overturned = sum(b.refutation is not None for b in analysis.ledger.beliefs)
        facts.append(("beliefs", f"{overturned} overturned of {len(analysis.ledger.beliefs)}"))
    if analysis.arc:
        facts.append(("arc", shape_of(analysis.arc)))
    if analysis.media:
        facts.append(("media", f"{counted(len(analysis.media), 'image')}, "
                               f"{sum(m.ai_generated for m in analysis.media)} AI-made"))
    if info.repaired_spaces:
        facts.append(("repaired", f"{counted(len(info.repaired_spaces), 'missing space')} after sentence punctuation"))
    return facts


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["unquoted"] = unquoted
    environment.filters["clipped"] = clipped
    environment.filters["counted"] = counted
    return environment


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a file in render/templates (the report's CSS and JS)."""
    return (TEMPLATES / name).read_text("utf-8")


def csp_hash(source: str) -> str:
    """An inline block's source -> its Content-Security-Policy hash source ("'sha256-...'")."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(*, form: bool = False) -> str:
    """Only the report's own CSS and JS run; nothing is fetched (a form may post back to its server)."""
    action = "'self'" if form else "'none'"
    return ("default-src 'none'; img-src data:; base-uri 'none'; "
            f"style-src {csp_hash(asset('report.css'))}; script-src {csp_hash(asset('report.js'))}; "
            f"form-action {action}")


@dataclass
class Page:
    """Extras for a report served by the web app."""

    home: str | None = None


def render(analysis: Analysis, page: Page | None = None) -> str:
    """The whole report as one HTML document."""
    from fabula import __version__

    page = page or Page()
    rows = ledger_rows(analysis)
    marks = marks_of(analysis, rows)
    labels = labels_of(analysis)
    reveal = analysis.ledger.reveal if analysis.ledger else None
    cast = analysis.cast
    characters = sorted(cast.characters, key=lambda c: (-c.mention_count, c.first_mention)) if cast else []
    colors = {c.id: svg.PALETTE[i % len(svg.PALETTE)] for i, c in enumerate(characters)}
    layers = [name for name, present in (("quotes", cast and cast.quotes), ("claims", analysis.claims),
                                        ("ledger", rows), ("time", analysis.timeline)) if present]
    context = {
        "a": analysis, "title": title_of(analysis, "Untitled story"),
        "facts": facts_of(analysis), "blocks": story_blocks(analysis, marks), "labels": labels,
        "characters": characters, "colors": colors, "rows": rows, "layers": layers,
        "reveal": reveal, "placed_only": PLACED_ONLY if reveal is not None and placed_only(reveal) else "",
        "runners_up": reveal.candidates[:RUNNERS_UP] if reveal is not None else [],
        "network": network_chart(analysis, colors, labels) if cast else None,
        "arc_chart": arc_chart(analysis) if analysis.arc else None,
        "timeline_chart": timeline_chart(analysis) if analysis.timeline else None,
        "style_charts": style_charts(analysis) if analysis.style else [],
        "roles": roles_of(analysis) if cast else {}, "max_chips": MAX_CAST_CHIPS,
        "overturned": [r for r in rows if r.refutations], "held": [r for r in rows if not r.refutations],
        "held_statuses": statuses([r.status for r in rows if not r.refutations]),
        "readability": readability_of(analysis), "time_marks": time_marks(analysis), "page": page,
        "story_scenes": scenes_in_story_order(analysis),
        "css": Markup(asset("report.css")), "js": Markup(asset("report.js")),
        "csp": content_security_policy(form=False), "version": __version__, "warnings": warnings_of(analysis),
    }
    return _environment().get_template("report.html").render(context)


FORMATS = (("auto", "auto-detect"), ("text", "text"), ("markdown", "Markdown"), ("html", "HTML"))


def form_page(message: str | None = None, text: str = "", fmt: str = "auto", title: str = "") -> str:
    """The web app's page for pasting or uploading a story; after an error, its message above the title, text and
    format that were sent (escaped), so nothing typed is lost."""
    from fabula import __version__
    from fabula.ingest import EXTENSIONS

    return _environment().get_template("index.html").render(
        message=message, version=__version__, css=Markup(asset("report.css")), accept=",".join(EXTENSIONS),
        text=text, title=title, formats=FORMATS, chosen=fmt if fmt in dict(FORMATS) else "auto")


def api_page(spec: dict, base: str = "/") -> str:
    """An OpenAPI spec -> the web app's API documentation as one page that needs nothing from the network."""
    from fabula import __version__

    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            content = (op.get("requestBody") or {}).get("content", {})
            fields = content.get("application/json", {}).get("schema", {}).get("properties", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""), "bodies": list(content),
                "fields": [(name, field.get("description", "")) for name, field in fields.items()],
                "responses": [(status, answer.get("description", "")) for status, answer in op["responses"].items()],
            })
    return _environment().get_template("api.html").render(
        operations=operations, description=spec.get("info", {}).get("description", ""), base=base,
        version=__version__, css=Markup(asset("report.css")))


def write(analysis: Analysis, path: str | Path) -> Path:
    """Write the report to `path` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render(analysis), encoding="utf-8")
    return target
