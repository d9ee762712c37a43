"""Terminal summary of an Analysis, drawn with rich."""

from __future__ import annotations

import bisect

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fabula.model import Analysis
from fabula.render.labels import PLACED_ONLY, labels_of, placed_only, roles_of, shape_of, source_of, title_of
from fabula.render.words import clipped, counted, statuses

LINE_CLIP = 84  # characters of a quoted time jump or flashback on its line


def summary(analysis: Analysis) -> Group:
    """Analysis -> a rich renderable, in the order a reader asks: what story, who is in it, how it feels,
    where it turns, what was believed and overturned, how time runs, what images it carries, how it is told."""
    parts: list = [_heading(analysis)]
    for warning in analysis.info.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    if analysis.cast and analysis.cast.characters:
        parts.append(_cast_table(analysis))
    if analysis.arc:
        parts.append(_arc_line(analysis))
    if analysis.ledger is not None:
        parts.append(Panel(Group(*_ledger_lines(analysis)), title="Reveal and belief ledger", title_align="left",
                           expand=False))
    if analysis.timeline is not None:
        parts.extend(_timeline_lines(analysis))
    if analysis.media:
        parts.append(_media_table(analysis))
    if analysis.style:
        parts.extend(_style_lines(analysis))
    return Group(*parts)


def _heading(analysis: Analysis) -> Text:
    """The title in bold, then one line of facts: length, narration and narrator, source and format."""
    info = analysis.info
    heading = Text(title_of(analysis), style="bold")
    facts = [counted(info.words, "word"), counted(len(analysis.sentences), "sentence")]
    cast = analysis.cast
    if cast:
        labels = labels_of(analysis)
        facts.append(f"{cast.narration} narration" + (f" by {labels.get(cast.narrator, cast.narrator)}"
                                                      if cast.narrator else ""))
    if (info.format, info.encoding) != ("text", "utf-8"):
        facts.append(f"{info.format}, {info.encoding}")
    if info.repaired_spaces:
        facts.append(f"{counted(len(info.repaired_spaces), 'missing space')} restored")
    heading.append("\n" + " · ".join(facts), style="dim")
    if source_of(analysis) and info.title:
        heading.append(f"\n{info.source}", style="dim")
    return heading


SPARKS = "▁▂▃▄▅▆▇█"


def _arc_line(analysis: Analysis) -> Text:
    """The emotional arc as a 50-character sparkline, with its shape and turning points."""
    arc = analysis.arc
    points = arc.points
    pairs = [sum(points[i:i + 2]) / len(points[i:i + 2]) for i in range(0, len(points), 2)]
    low, high = min(pairs, default=0.0), max(pairs, default=0.0)
    span = high - low
    spark = "".join(SPARKS[min(len(SPARKS) - 1, int((v - low) / span * len(SPARKS)))] if span > 1e-9 else SPARKS[3]
                    for v in pairs)
    shape = shape_of(arc)
    turns = ", ".join(f"{t.kind} {t.position:.0%}" for t in arc.turning_points)
    line = Text("arc  ", style="bold")
    line.append(spark, style="cyan")
    line.append(f"  {shape}")
    if turns:
        line.append(f"\n     turning points: {turns}", style="dim")
    return line


def _media_table(analysis: Analysis) -> Table:
    table = Table(title=f"Media ({len(analysis.media)}, {sum(m.ai_generated for m in analysis.media)} AI-made)",
                  title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("caption", max_width=60)
    table.add_column("credit")
    table.add_column("AI")
    for item in analysis.media:
        table.add_row(str(item.index + 1), item.caption or "-", item.credit or "-",
                      Text(item.generator or "yes", style="red bold") if item.ai_generated else "")
    return table


def _style_lines(analysis: Analysis) -> list[Text]:
    """How the story is told: Boyd curve fits, emphasis counts, shares, readability, the viral-story formula."""
    style = analysis.style
    lines = [Text("Style", style="bold underline")]
    fits = ", ".join(f"{c.name} r={c.fit:+.2f}" for c in style.curves)
    lines.append(Text(f"narrative arc (Boyd et al. 2020, fit to canonical shape): {fits}"))
    counts: dict[str, int] = {}
    for device in style.devices:
        counts[device.kind] = counts.get(device.kind, 0) + 1
    lines.append(Text("emphasis: " + (", ".join(f"{n} {kind}" for kind, n in counts.items()) or "none")))
    read = style.readability
    lines.append(Text(f"dialogue {style.dialogue_share:.0%}, first person {style.first_person_share:.0%}, "
                      f"Flesch {read.get('flesch_reading_ease', 0):.1f} (grade {read.get('flesch_kincaid_grade', 0):.1f}), "
                      f"MTLD {style.lexical_diversity:.1f}"))
    formula = Text(f"viral-story formula {style.formula_score:.2f}: ")
    for i, item in enumerate(style.formula):
        formula.append(", " if i else "")
        formula.append(("✓ " if item.present else "✗ ") + item.name,
                       style="green" if item.present else "dim")
    lines.append(formula)
    return lines


def _timeline_lines(analysis: Analysis) -> list[Text]:
    """The timeline in a few lines: counts, how much of it is told out of order, the narrating present,
    then each time jump and flashback."""
    timeline = analysis.timeline
    events, scenes = counted(len(timeline.events), "event"), counted(len(timeline.scenes), "scene")
    lines = [Text.assemble(("Timeline", "bold"), f"  {events} in {scenes}, "
                           f"{counted(len(timeline.expressions), 'time expression')}")]
    lines.append(Text(f"  {counted(len(timeline.jumps), 'time jump')} forward, "
                      f"{counted(len(timeline.flashbacks), 'flashback')}; {_out_of_order(timeline)} of "
                      f"{counted(len(timeline.events), 'event')} told out of story order", style="dim"))
    if timeline.narrating_present is not None:
        lines.append(Text.assemble(("  now of telling ", "magenta"),
                                   clipped(timeline.narrating_present.text, LINE_CLIP)))
    marks = [(span.start, "jump", "cyan", span) for span in timeline.jumps]
    marks += [(span.start, "flashback", "yellow", span) for span in timeline.flashbacks]
    for _, kind, style, span in sorted(marks, key=lambda m: m[0]):
        lines.append(Text.assemble((f"  {kind:<9} ", style), clipped(span.text, LINE_CLIP)))
    return lines


def _out_of_order(timeline) -> int:
    """The fewest events that must move for the telling to follow story order (events outside the
    longest run told in the order they happened)."""
    tails: list[float] = []
    for event in timeline.events:
        i = bisect.bisect_right(tails, event.story_time)
        tails[i:i + 1] = [event.story_time]
    return len(timeline.events) - len(tails)


def _ledger_lines(analysis: Analysis) -> list[Text]:
    """The reveal sentence, then each overturned belief -> what refuted it, and who deceived."""
    ledger = analysis.ledger
    lines: list[Text] = []
    if ledger.reveal is not None:
        line = Text("reveal  ", style="bold")
        line.append(ledger.reveal.sentence.text, style="bold magenta")
        line.append(f"  (sentence {ledger.reveal.sentence_index + 1}, score {ledger.reveal.score:.2f}: "
                    f"{', '.join(ledger.reveal.reasons)})", style="dim")
        if placed_only(ledger.reveal):
            line.append(f"\n   {PLACED_ONLY}", style="yellow")
        lines.append(line)
    labels = labels_of(analysis)

    def label(key: str) -> str:
        """A character's label for its id; pronoun keys as they are."""
        return labels.get(key, key)

    refuted = [b for b in ledger.beliefs if b.refutation is not None]
    if not refuted:
        lines.append(Text("no overturned beliefs found", style="dim"))
    for belief in refuted:
        line = Text("belief  ", style="bold")
        line.append(belief.evidence.text)
        line.append("\n   -> refuted by  ", style="bold")
        line.append(belief.refutation.text, style="red")
        also = dict.fromkeys(r.refutation.text for r in ledger.refutations if r.claim == belief.claim)
        for text in [t for t in also if t != belief.refutation.text]:
            line.append("\n      and by  ", style="bold")
            line.append(text, style="red")
        who = [f"held by {label(belief.holder)}" if belief.holder else "", f"source {label(belief.source)}",
               f"deceiver {label(belief.deceiver)}" if belief.deceiver else ""]
        line.append("\n   " + ", ".join(w for w in who if w), style="yellow" if belief.deceiver else "dim")
        lines.append(line)
    held = [b.status for b in ledger.beliefs if b.refutation is None]
    if held:
        noun = "belief" if len(held) == 1 else "beliefs"
        lines.append(Text(f"{len(held)} further {noun} not refuted ({statuses(held)})", style="dim"))
    return lines
MAX_CAST_ROWS = 12


def _cast_table(analysis: Analysis) -> Table:
    """The cast by mentions: character, role or relation, mentions and quotes (the first dozen)."""
    cast = analysis.cast
    quoted = Counter(q.speaker for q in cast.quotes if q.speaker)
    roles, labels = roles_of(analysis), labels_of(analysis)
    ranked = sorted(cast.characters, key=lambda c: (-c.mention_count, c.first_mention))
    table = Table(title=f"Cast ({counted(len(cast.characters), 'character')}, {counted(len(cast.quotes), 'quote')})", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("character", max_width=30)
    table.add_column("role / relation", max_width=44)
    table.add_column("mentions", justify="right")
    table.add_column("quotes", justify="right")
    for character in ranked[:MAX_CAST_ROWS]:
        table.add_row(Text(labels[character.id], style="bold" if character.importance == "main" else ""),
                      roles[character.id], str(character.mention_count), str(quoted.get(character.id, "")))
    if len(ranked) > MAX_CAST_ROWS:
        rest = ranked[MAX_CAST_ROWS:]
        table.add_row(Text(f"+ {len(rest)} more", style="dim"), "",
                      Text(str(sum(c.mention_count for c in rest)), style="dim"),
                      Text(str(sum(quoted.get(c.id, 0) for c in rest) or ""), style="dim"))
    unknown = len(cast.quotes) - sum(quoted.get(c.id, 0) for c in ranked)
    if unknown:  # the quotes column adds up to the title's count
        table.add_row(Text("no known speaker", style="dim"), "", "", Text(str(unknown), style="dim"))
    return table


def render(analysis: Analysis, console: Console) -> None:
    """Print the summary to a console."""
    console.print(summary(analysis))


@contextmanager
def progress(message: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show a spinner with `message` on stderr while the block runs, only when stderr is a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    with Console(file=stream).status(message):
        yield
