"""Terminal summary of an Analysis, drawn with rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fabula.model import Analysis


def summary(analysis: Analysis) -> Group:
    """Analysis -> a rich renderable: the story's facts, then one section per capability."""
    info = analysis.info
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("source", info.source or "-")
    facts.add_row("format", f"{info.format} ({info.encoding})")
    facts.add_row("length", f"{info.words:,} words, {len(analysis.sentences):,} sentences, "
                            f"{len(analysis.paragraphs):,} paragraphs")
    if info.repaired_spaces:
        facts.add_row("repaired", f"{len(info.repaired_spaces)} missing spaces after sentence punctuation")
    parts: list = [Panel(facts, title=Text(info.title or "untitled story", style="bold"), expand=False)]
    for warning in info.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    if analysis.media:
        parts.append(_media_table(analysis))
    if analysis.arc:
        parts.append(_arc_line(analysis))
    return Group(*parts)


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
    shape = f"{arc.shape} ({arc.confidence:.2f})" if arc.shape else "flat"
    turns = ", ".join(f"{t.kind} {t.position:.0%}" for t in arc.turning_points)
    line = Text("arc  ", style="bold")
    line.append(spark, style="cyan")
    line.append(f"  {shape}")
    if turns:
        line.append(f"  [{turns}]", style="dim")
    return line


def _media_table(analysis: Analysis) -> Table:
    table = Table(title=f"Media ({len(analysis.media)}, {sum(m.ai_generated for m in analysis.media)} AI-made)",
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("caption")
    table.add_column("credit")
    table.add_column("AI")
    for item in analysis.media:
        table.add_row(str(item.index + 1), item.caption or "-", item.credit or "-",
                      Text(item.generator or "yes", style="red bold") if item.ai_generated else "")
    return table


def render(analysis: Analysis, console: Console) -> None:
    """Print the summary to a console."""
    console.print(summary(analysis))
