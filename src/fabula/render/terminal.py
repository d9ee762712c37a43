"""Terminal summary of an Analysis, drawn with rich."""

from __future__ import annotations

from collections import Counter

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
    if analysis.cast and analysis.cast.characters:
        parts.append(_cast_table(analysis))
    return Group(*parts)


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


def _cast_table(analysis: Analysis) -> Table:
    cast = analysis.cast
    quoted = Counter(q.speaker for q in cast.quotes if q.speaker)
    table = Table(title=f"Cast ({cast.narration}, {len(cast.characters)} characters, {len(cast.quotes)} quotes)",
                  title_justify="left")
    for name, justify in (("character", "left"), ("kind", "left"), ("gender", "left"), ("mentions", "right"),
                          ("quotes", "right"), ("first seen", "left")):
        table.add_column(name, justify=justify)
    for character in cast.characters:
        first = next((m.text for m in character.mentions), "")
        table.add_row(Text(character.label, style="bold" if character.importance == "main" else ""),
                      character.kind, character.gender, str(character.mention_count),
                      str(quoted.get(character.id, "")), Text(first))
    return table


def render(analysis: Analysis, console: Console) -> None:
    """Print the summary to a console."""
    console.print(summary(analysis))
