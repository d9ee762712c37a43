"""The HTML report without a browser: text preserved and escaped, sections follow the slots, CSP, CLI."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import unescape
from html.parser import HTMLParser

import numpy as np
import pytest
from typer.testing import CliRunner

import fabula
import xss
from conftest import DEV, DREAM_JOB, analysis_of
from fabula.cli import app
from fabula.model import Arc
from fabula.render import charts, html, svg, terminal
from fabula.render.labels import labels_of
from fabula.render.words import CLIP_CHARS, clipped
from filled import filled

VOID = {"meta", "br", "input", "img", "hr", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class Page(HTMLParser):
    """Elements (tag, attrs), the story's paragraph texts, and the text inside each marked span."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.paragraphs: list[str] = []
        self.spans: list[tuple[dict[str, str], str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._stack: list[tuple[str, dict[str, str]]] = []
        self._open_spans: list[list] = []
        self._story_depth: int | None = None
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag in VOID:
            return
        self._stack.append((tag, attributes))
        if attributes.get("id") == "story":
            self._story_depth = len(self._stack)
        if self._in_story() and tag == "p":
            self.paragraphs.append("")
        if self._in_story() and tag == "span" and self._stack[-2][0] == "p":
            self._open_spans.append([attributes, ""])
        if tag in ("script", "style"):
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        opened, attributes = self._stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if self._story_depth and len(self._stack) < self._story_depth:
            self._story_depth = None
        if tag == "span" and self._open_spans and self._open_spans[-1][0] is attributes:
            self.spans.append(tuple(self._open_spans.pop()))

    def handle_data(self, data):
        tag = self._stack[-1][0] if self._stack else ""
        if tag == "script":
            self.scripts[-1] += data
        elif tag == "style":
            self.styles[-1] += data
        if self._in_story() and any(t == "p" for t, _ in self._stack[self._story_depth:]):
            self.paragraphs[-1] += data
            for span in self._open_spans:
                span[1] += data

    def _in_story(self) -> bool:
        return self._story_depth is not None

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.elements if "id" in a}


@pytest.fixture(scope="module")
def dream():
    return filled(analysis_of(DREAM_JOB))


@pytest.fixture(scope="module")
def dream_page(dream):
    return Page(html.render(dream))


def test_story_text_survives_marking_and_escaping(dream, dream_page):
    assert dream_page.paragraphs == [p.text for p in dream.paragraphs]


def test_every_character_mention_is_marked_with_its_id(dream, dream_page):
    for character in dream.cast.characters:
        marked = "".join(text for attrs, text in dream_page.spans if character.id in attrs.get("data-c", "").split())
        assert marked == "".join(m.text for m in character.mentions)
        assert any(a.get("data-pick") == character.id for _, a in dream_page.elements if _ == "button")


def test_ledger_rows_link_to_both_evidence_passages(dream, dream_page):
    rows = [a for tag, a in dream_page.elements if tag == "tr" and "data-go" in a]
    beliefs = dream.ledger.beliefs
    overturned = [b for b in beliefs if b.refutation]
    assert len(rows) == len(beliefs) and len(overturned) > 0
    keys = [attrs["data-go"].split() for attrs in rows]
    assert [len(k) for k in keys] == sorted((len(k) for k in keys), reverse=True)  # overturned beliefs first
    for row_keys, belief in zip(keys, overturned + [b for b in beliefs if not b.refutation]):
        refuting = sorted({(r.refutation.start, r.refutation.text) for r in dream.ledger.refutations
                           if r.claim == belief.claim}) if belief.refutation else []
        texts = [belief.evidence.text] + (["".join(text for _, text in refuting)] if refuting else [])
        assert len(row_keys) == len(texts)
        for key, text in zip(row_keys, texts):
            marked = "".join(t for a, t in dream_page.spans if key in a.get("data-k", "").split())
            assert marked == text


def test_every_refutation_of_the_ledger_is_in_the_ledger_table(dream):
    source = html.render(dream)
    cells = re.findall(r'<td data-h="refuted by">(.*?)</td>', source)
    shown = {(unescape(text), kind) for cell in cells
             for text, kind in re.findall(r'<q>(.*?)</q> <span class="who">(\w+)</span>', cell)}
    refutations = {(html.unquoted(r.refutation.text), r.kind) for r in dream.ledger.refutations}
    overturned = [b for b in dream.ledger.beliefs if b.refutation]
    assert len(dream.ledger.refutations) > len(overturned) > 0  # a belief can be refuted twice
    assert shown == refutations


def test_only_overturned_beliefs_are_painted_in_the_text(dream, dream_page):
    painted = "".join(t for a, t in dream_page.spans if "bel" in a.get("class", "").split())
    assert painted and len(painted) <= sum(len(b.evidence.text) for b in dream.ledger.beliefs if b.refutation)


def test_people_are_named_by_their_labels_never_their_ids(dream):
    source = html.render(dream)
    cells = re.findall(r'<td data-h="deceiver">([^<]*)</td>', source)
    labels = {c.label for c in dream.cast.characters}
    ids = {c.id for c in dream.cast.characters} - labels
    assert any(cell in labels for cell in cells)
    assert not ids & set(cells)
    assert not re.search(r"held by (?:%s)\b" % "|".join(map(re.escape, ids)), source)
    mother = next(r for r in dream.cast.relations if r.relation == "mother")
    target = next(c.label for c in dream.cast.characters if c.id == mother.target)
    assert f"mother of {target}" in unescape(source)


def test_characters_that_share_a_label_are_numbered_by_first_mention(dream):
    cast = dream.cast
    first, second = sorted(cast.characters, key=lambda c: c.first_mention)[1:3]
    alike = [c.model_copy(update={"label": "a man"}) if c.id in (first.id, second.id) else c for c in cast.characters]
    twins = dream.model_copy(update={"cast": cast.model_copy(update={"characters": alike})})
    labels = labels_of(twins)
    assert (labels[first.id], labels[second.id]) == ("a man (1)", "a man (2)")
    page = html.render(twins)
    assert 'data-label="a man (1)"' in page and 'data-label="a man (2)"' in page and 'data-label="a man"' not in page


def test_a_role_is_the_narrator_an_importance_or_relations_never_a_naming_kind(dream):
    from fabula.render.labels import roles_of

    roles = roles_of(dream)
    for character in dream.cast.characters:
        role = roles[character.id]
        first = role.split(";")[0]
        assert first in ("narrator", "main", "minor") or " of " in first, role
        assert (character.importance == "main") == role.startswith("main") or role.startswith("narrator")


def test_reveal_and_sections_present_when_slots_are_set(dream, dream_page):
    assert {"story", "reveal", "ledger", "cast", "arc", "timeline", "style", "media"} <= dream_page.ids()
    reveal = "".join(t for a, t in dream_page.spans if "rv" in a.get("class", "").split())
    assert reveal == dream.ledger.reveal.sentence.text
    svgs = [t for t, _ in dream_page.elements if t == "svg"]
    assert len(svgs) >= 4  # network, arc, timeline, style curves


def test_the_reveal_s_runners_up_are_listed_and_link_to_their_sentences(dream, dream_page):
    runners = dream.ledger.reveal.candidates[:html.RUNNERS_UP]
    assert runners
    for k, candidate in enumerate(runners):
        item = next(a for t, a in dream_page.elements if t == "li" and a.get("data-go") == f"rc{k}")
        assert "go" in item["class"].split()
        marked = "".join(t for a, t in dream_page.spans if f"rc{k}" in a.get("data-k", "").split())
        assert marked == candidate.sentence.text


def test_a_warning_keeps_its_words_when_the_source_has_no_folder(dream):
    here = dream.model_copy(update={"info": dream.info.model_copy(update={"source": ".", "warnings": ["a. b. c."]})})
    assert html.warnings_of(here) == ["a. b. c."]


def test_the_report_names_the_fabula_version_that_made_it(dream):
    generator = re.search(r'<meta name="generator" content="([^"]*)">', html.render(dream)).group(1)
    assert generator == f"fabula {fabula.__version__} (schema {fabula.SCHEMA_VERSION})"


def test_turning_points_read_the_same_in_the_list_the_chart_and_the_terminal(dream):
    source = unescape(html.render(dream))
    listed = re.findall(r'class="status (?:peak|trough)">(peak|trough)</span> at (\d+)%', source)
    expected = [(t.kind, f"{t.position:.0%}"[:-1]) for t in dream.arc.turning_points]
    assert listed == expected and any(f"{t.position * 100:.4f}" != f"{int(t.position * 100)}.0000"
                                      for t in dream.arc.turning_points)  # some positions are not whole percents
    for kind, percent in expected:
        assert f"{kind} at {percent}%:" in source  # the chart's tooltip
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(terminal.summary(dream))
    assert ", ".join(f"{k} {p}%" for k, p in expected) in console.export_text()


def test_report_of_a_bare_analysis_has_only_its_sections():
    analysis = analysis_of(DREAM_JOB)
    page = Page(html.render(analysis.model_copy(update={k: None for k in
                                                        ("cast", "arc", "timeline", "claims", "ledger", "style")})))
    assert {"story", "media"} <= page.ids()
    assert not page.ids() & {"reveal", "ledger", "cast", "arc", "timeline", "style"}
    assert page.paragraphs == [p.text for p in analysis.paragraphs]
    captions = [a for t, a in page.elements if t == "figure"]
    assert len(captions) == 8 and sum("ai" in a["class"].split() for a in captions) == 3


def test_hostile_story_renders_as_literal_text():
    analysis = filled(fabula.analyze(xss.STORY))
    analysis.cast.characters[0].label = xss.PAYLOADS[0] + xss.PAYLOADS[1]
    analysis.cast.quotes[0].speaker = analysis.cast.characters[0].id
    source = html.render(analysis)
    page = Page(source)
    assert [t for t, _ in page.elements].count("script") == 1
    assert not [t for t, _ in page.elements if t == "img"]
    assert not [a for _, a in page.elements if any(k.startswith("on") for k in a)]
    assert source.count("{{7*7}}") >= 3 and not any("49" in p for p in page.paragraphs)
    assert page.paragraphs == [p.text for p in analysis.paragraphs]
    assert xss.PAYLOADS[0] in page.paragraphs[0] and xss.PAYLOADS[1] in page.paragraphs[1]


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_content_security_policy_allows_only_the_inline_script_and_style(dream_page):
    policy = next(a["content"] for t, a in dream_page.elements if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert f"script-src {_hash(dream_page.scripts[0])}" in policy
    assert f"style-src {_hash(dream_page.styles[0])}" in policy
    assert not [a for t, a in dream_page.elements if "style" in a]  # inline style attributes would be blocked


def test_report_is_self_contained(dream):
    source = html.render(dream)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", source)
    assert "@import" not in source and "url(" not in source


def test_svg_helpers_escape_labels():
    drawn = svg.network([svg.Node("a", "<b>Al</b>", 3), svg.Node("b", 'x" onload="y', 1)], [svg.Link("a", "b", 2)],
                        label="<net>")
    assert "<b>" not in drawn and 'x" onload' not in drawn and "&lt;net&gt;" in drawn


def test_a_long_name_in_the_cast_network_is_cut_short_and_whole_in_its_tooltip():
    """Each name is cut to the room between its node and the chart's edge, never inside an escaped entity; the
    node's title holds the whole name, escaped."""
    long = '<b>a very thin & very "agile" person</b> number'
    nodes = [svg.Node(f"c{i}", f"{long} {i}", 12 - i) for i in range(12)]
    drawn = svg.network(nodes, [], label="who appears with whom")
    shown = re.findall(r'<text [^>]*class="label">([^<]*)</text>', drawn)
    whole = re.findall(r'<g class="node" data-pick="c\d+"><title>([^<]*)</title>', drawn)
    assert len(shown) == len(whole) == 12 and "<b>" not in drawn
    for i, (text, title) in enumerate(zip(shown, whole)):
        assert unescape(title) == f"{long} {i}"
        assert text.endswith("…") and unescape(title).startswith(unescape(text)[:-1].rstrip())
        assert re.fullmatch(r"(?:[^&]|&(?:lt|gt|amp|quot|#x27);)*…", text)  # no entity cut in half
    assert len(set(shown)) > 1  # side labels have less room than the top and bottom ones


def test_cli_writes_the_html_report(tmp_path):
    out = tmp_path / "report.html"
    story = DEV / "interlopers.txt"
    result = CliRunner().invoke(app, ["analyze", str(story), "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(out.read_text("utf-8"))
    assert page.paragraphs == [p.text for p in analysis_of(story).paragraphs]
    assert f"wrote {out}" in result.stderr
    titled = tmp_path / "folder" / "story.md"
    titled.parent.mkdir()
    titled.write_text("# The Job\n\nHe left me. He never moved across the country.", "utf-8")
    assert CliRunner().invoke(app, ["analyze", str(titled), "--html", str(out)]).exit_code == 0
    source = out.read_text("utf-8")
    assert "story.md" in source and str(titled.parent) not in source  # no local folders in a shared report


def test_cli_html_to_an_unwritable_place_is_one_error_line(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(DEV / "interlopers.txt"), "--html", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().startswith("error: cannot write") and "does not exist" in result.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_only_on_a_terminal():
    quiet, tty = io.StringIO(), Terminal()
    with terminal.progress("loading the model", quiet):
        pass
    with terminal.progress("loading the model", tty):
        pass
    assert quiet.getvalue() == ""
    assert "loading the model" in tty.getvalue()


def test_terminal_summary_reads_in_the_issue_order_within_100_columns(dream):
    from rich.console import Console

    console = Console(width=100, record=True)
    console.print(terminal.summary(dream))
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= 100
    lines = out.splitlines()
    assert lines[0] == "dream-job.txt" and "1,381 words" in lines[1] and "first-person narration" in lines[1]
    order = [out.index(marker) for marker in ("Cast (", "arc  ", "reveal  ", "Timeline", "Media (", "Style")]
    assert order == sorted(order)
    mother = next(r for r in dream.cast.relations if r.relation == "mother")
    labels = {c.id: c.label for c in dream.cast.characters}
    row = next(line for line in lines if line.strip().startswith(labels[mother.source]))
    assert f"mother of {labels[mother.target]}" in row


def test_a_long_flashback_is_clipped_in_the_timeline_list_but_whole_in_the_story():
    section = " ".join(f"He had worked the farm in year {n} of his life." for n in range(60))
    assert len(clipped(section)) <= CLIP_CHARS and clipped(section).endswith(" …")
    assert clipped("a" * 400, 84) == "a" * 82 + " …" and len(clipped("word " * 40, 84)) <= 84
    assert clipped("He had left.") == "He had left."
    analysis = analysis_of(DREAM_JOB)
    first = analysis.timeline.flashbacks[0]
    long = first.model_copy(update={"text": first.text + " " + section})
    timeline = analysis.timeline.model_copy(update={"flashbacks": [long]})
    source = html.render(analysis.model_copy(update={"timeline": timeline}))
    assert section not in unescape(source) and clipped(long.text) in unescape(source)


def test_a_section_break_shows_between_its_paragraphs():
    analysis = fabula.analyze("He left at dawn. The road was long.\n\n* * *\n\nShe woke at noon. Nobody came.")
    page = Page(html.render(analysis))
    tags = [(t, a.get("class")) for t, a in page.elements if t in ("p", "hr") and a.get("class") in (None, "break")]
    story = tags[tags.index(("hr", "break")) - 1: tags.index(("hr", "break")) + 2]
    assert story == [("p", None), ("hr", "break"), ("p", None)]
    assert page.paragraphs == [p.text for p in analysis.paragraphs]


def test_a_long_time_jump_is_clipped_in_its_tooltip_too():
    clause = " ".join(f"and the farm in year {n} of his life" for n in range(40))
    analysis = analysis_of(DREAM_JOB)
    jump = analysis.timeline.jumps[0]
    long = jump.model_copy(update={"text": jump.text + " " + clause})
    timeline = analysis.timeline.model_copy(update={"jumps": [long]})
    source = html.render(analysis.model_copy(update={"timeline": timeline}))
    assert clause not in unescape(source) and f"time jump: {clipped(long.text)}" in unescape(source)


def test_the_terminal_lists_every_refutation_of_a_belief(dream):
    from rich.console import Console

    console = Console(width=400, record=True)
    console.print(terminal.summary(dream))
    out = console.export_text()
    for refutation in dream.ledger.refutations:
        assert refutation.refutation.text in out


def test_a_reveal_that_only_its_position_supports_is_called_weak(dream):
    plain = fabula.analyze("Anna baked bread in the morning. Her brother came by at noon. "
                           "She walked home alone in the rain.")
    assert [r.split()[0] for r in plain.ledger.reveal.reasons] == ["position"]
    assert "Weak: only its place" in html.render(plain)
    assert "Weak: only its place" not in html.render(dream)
    from rich.console import Console

    for analysis, weak in ((plain, True), (dream, False)):
        console = Console(width=200, record=True)
        console.print(terminal.summary(analysis))
        assert ("only its place in the story speaks for it" in console.export_text()) is weak


def test_turning_points_quote_their_sentence_once(dream):
    first = dream.arc.turning_points[0]
    sentence = first.sentence.model_copy(update={"text": "“Let us go on, then.”"})
    quoted = first.model_copy(update={"sentence": sentence})
    arc = dream.arc.model_copy(update={"turning_points": [quoted, *dream.arc.turning_points[1:]]})
    source = unescape(html.render(dream.model_copy(update={"arc": arc})))
    assert "<q>Let us go on, then.</q>" in source and "““" not in source


def test_a_story_without_emphasis_says_so_instead_of_an_empty_chart():
    plain = fabula.analyze("Anna baked bread in the morning. Her brother came by at noon. "
                           "She walked home in the rain.")
    assert plain.style.devices == []
    source = html.render(plain)
    assert "No emphasis devices" in source and 'aria-label="Emphasis devices over narrative time"' not in source


def test_the_scenes_are_listed_in_story_order(dream):
    source = unescape(html.render(dream))
    listed = re.search(r"in story order \(when they happened\)</summary>(.*?)</ol>", source, re.S).group(1)
    told = [int(n) for n in re.findall(r'<span class="who">told (\d+)\.</span>', listed)]
    by_time = sorted(dream.timeline.scenes, key=lambda s: (s.story_time, s.index))
    assert told == [s.index + 1 for s in by_time] and sorted(told) == list(range(1, len(dream.timeline.scenes) + 1))
    assert told != sorted(told)  # the story is told out of order


def test_the_arc_chart_has_an_axis_and_names_its_lines():
    fortune = [float(v) for v in np.sin(np.linspace(0, 3, 100))]
    arc = Arc(valence=[0.1], smoothing="gaussian", points=fortune, tone_points=[0.0] * 100, z=[0.0] * 100)
    chart = charts.arc_svg(arc)
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', chart)
    assert ticks[:2] == ["better", "worse"] and ticks[2:7] == ["0%", "25%", "50%", "75%", "100%"]
    assert "solid line: the protagonist's fortune · dotted line: the tone of the words" in unescape(chart)


def test_the_cast_table_quotes_add_up_to_its_title(dream):
    from rich.console import Console

    console = Console(record=True, width=200)
    console.print(terminal.summary(dream))
    lines = console.export_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Cast ("))
    title_count = int(re.search(r"(\d+) quotes?\)", lines[start]).group(1))
    header = lines[start + 2]
    column = slice(header.index("mentions") + len("mentions"), header.index("quotes") + len("quotes"))
    rows = lines[start + 4:next(i for i in range(start + 4, len(lines)) if not lines[i].strip())]
    counts = [int(row[column]) for row in rows if row[column].strip()]
    assert dream.cast.quotes and sum(counts) == title_count == len(dream.cast.quotes)


def test_a_flat_arc_is_drawn_on_the_middle_line():
    arc = Arc(valence=[0.0], smoothing="gaussian", points=[0.0] * 100, z=[0.0] * 100)
    chart = charts.arc_svg(arc, height=220)
    line = re.search(r'<polyline points="([^"]+)"', chart).group(1)
    heights = {float(point.split(",")[1]) for point in line.split()}
    assert heights == {18 + (220 - 18 - 40) / 2}  # halfway between the top and the axis


def test_an_absent_formula_item_says_how_much_it_needs():
    analysis = fabula.analyze("Ben fixed the roof.\n\nHe sat down.\n\nWas it worth it? The rain came later and "
                              "the roof held through the night while he slept.")
    item = next(i for i in analysis.style.formula if i.name == "rhetorical-questions")
    assert not item.present and item.detail == "1 question in narration, needs 3"
    assert "1 question in narration, needs 3" in html.render(analysis)


def test_a_small_cast_network_is_a_low_panel_and_a_pair_stands_in_a_row():
    def drawn(n: int) -> tuple[str, list[str]]:
        nodes = [svg.Node(f"c{i}", f"Person {i}", 10 - i, "#333") for i in range(n)]
        chart = svg.network(nodes, [svg.Link("c0", "c1", 1.0)], label="who appears with whom")
        height = re.search(r'viewBox="0 0 \d+ (\d+)"', chart).group(1)
        return height, re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', chart)

    (pair, pair_rows), (three, _), (eight, _) = drawn(2), drawn(3), drawn(8)
    assert (pair, three, eight) == ("120", "200", "330") and len(set(pair_rows)) == 1


CHARTS = re.compile(r'<div class="chart-box[^"]*"(?: id="([\w-]+)")?>(<svg.*?</svg>)</div>', re.S)


def test_chart_labels_stay_at_least_12_px_where_the_phone_layout_draws_them(dream):
    """Every text of every chart (the cast network, the arc with its reveal, the timeline, the style charts) takes
    its size from the report's CSS (.chart .tick, .label, .heading: 13 px) and the chart's viewBox is about as
    wide as the width the phone layout fixes (560 px), so its labels are drawn at 12 px or more, not shrunk to
    8-11 px (the arc's and the timeline's 640-wide charts and their plain font-size="11" did)."""
    from xml.dom.minidom import parseString

    source = html.render(dream)
    css = "".join(Page(source).styles)
    sized = {name: float(px) for name, px in re.findall(r"\.chart \.([\w-]+) \{ font: (?:\d+ )?(\d+)px", css)}
    phone = float(re.search(r"\.chart-box svg \{ width: (\d+)px", css).group(1))
    drawn = CHARTS.findall(source)
    assert [box for box, _ in drawn] == ["network-chart", "arc-chart", "timeline-chart", "", ""]  # 2 style charts
    for box, chart in drawn:
        root = parseString(chart).documentElement
        assert "chart" in root.getAttribute("class").split(), box  # the .chart rules reach its text
        view_width = float(root.getAttribute("viewBox").split()[2])
        texts = root.getElementsByTagName("text")
        for text in texts:
            css_px = [sized[c] for c in text.getAttribute("class").split() if c in sized]
            px = max(css_px) if css_px else float(text.getAttribute("font-size"))
            assert px * phone / view_width >= 12, (box, text.firstChild.data, px, view_width)
        if box == "arc-chart":
            assert "reveal" in [t.firstChild.data for t in texts]  # the reveal's label is measured too


@pytest.mark.parametrize(("shape", "moves"), [
    ("rags-to-riches", "rise"), ("riches-to-rags", "fall"), ("man-in-a-hole", "fall, then rise"),
    ("icarus", "rise, then fall"), ("cinderella", "rise, then fall, then rise"), ("oedipus", "fall, then rise, then fall"),
])
def test_an_arc_s_shape_is_glossed_in_plain_words(shape, moves):
    from fabula.model import Arc
    from fabula.render.labels import shape_of
    assert shape_of(Arc.model_construct(shape=shape, confidence=0.42)) == f"{shape}: {moves} (confidence 0.42)"
    assert shape_of(Arc.model_construct(shape=None, confidence=0.0)) == "no clear shape"
