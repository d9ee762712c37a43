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
    if analysis.ledger is not None:
        parts.append(Panel(Group(*_ledger_lines(analysis)), title="Reveal and belief ledger", title_align="left",
                           expand=False))
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


def _ledger_lines(analysis: Analysis) -> list[Text]:
    """The reveal sentence, then each overturned belief -> what refuted it, and who deceived."""
    ledger = analysis.ledger
    lines: list[Text] = []
    if ledger.reveal is not None:
        line = Text("reveal  ", style="bold")
        line.append(ledger.reveal.sentence.text, style="bold magenta")
        line.append(f"  (sentence {ledger.reveal.sentence_index + 1}, score {ledger.reveal.score:.2f}: "
                    f"{', '.join(ledger.reveal.reasons)})", style="dim")
        lines.append(line)
    refuted = [b for b in ledger.beliefs if b.refutation is not None]
    if not refuted:
        lines.append(Text("no overturned beliefs found", style="dim"))
    for belief in refuted:
        line = Text("belief  ", style="bold")
        line.append(belief.evidence.text)
        line.append("\n   -> refuted by  ", style="bold")
        line.append(belief.refutation.text, style="red")
        who = [f"held by {belief.holder}" if belief.holder else "", f"source {belief.source}",
               f"deceiver {belief.deceiver}" if belief.deceiver else ""]
        line.append("\n   " + ", ".join(w for w in who if w), style="yellow" if belief.deceiver else "dim")
        lines.append(line)
    held = len(ledger.beliefs) - len(refuted)
    if held:
        lines.append(Text(f"{held} further beliefs, hearsay or rumours held without refutation", style="dim"))
    return lines


def render(analysis: Analysis, console: Console) -> None:
    """Print the summary to a console."""
    console.print(summary(analysis))
