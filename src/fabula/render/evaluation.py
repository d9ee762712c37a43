"""Terminal tables of an evaluation report: scores per story, then the micro-averaged totals beside the
baselines of a trivial reader."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from fabula.evaluate import BASELINES, METRICS, Report, Score
from fabula.render.words import counted

HEADERS = {
    "reveal_hit": "reveal\nhit", "belief_recall": "belief\nrecall", "deceiver_accuracy": "deceiver\naccuracy",
    "main_character_recall": "main\nchars", "character_precision": "char\nprec",
    "character_unity": "told\nas one", "speaker_accuracy": "quote\nspeaker", "arc_accuracy": "arc",
    "time_jump_recall": "time\njumps", "flashback_recall": "flash-\nbacks", "media_accuracy": "media",
}
OVER = {
    "reveal_hit": "stories", "belief_recall": "gold overturned beliefs", "deceiver_accuracy": "found gold beliefs",
    "main_character_recall": "gold main characters", "character_precision": "predicted characters, 3+ mentions",
    "character_unity": "gold main characters found", "speaker_accuracy": "gold quotations with a speaker",
    "arc_accuracy": "stories", "time_jump_recall": "gold time jumps", "flashback_recall": "gold flashbacks",
    "media_accuracy": "media fields (caption, credit, AI flag)",
}
NA = "n/a"


def cell(score: Score | None) -> str:
    """'2/3' for a count, 'n/a' for a capability not built yet or nothing to score."""
    return NA if score is None else f"{score.hits}/{score.total}"


def stories_table(report: Report) -> Table:
    table = Table(title="Scores per story (hits/total)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("story", no_wrap=True)
    for metric in METRICS:
        table.add_column(HEADERS[metric], justify="right")
    for story in report.stories:
        table.add_row(story.id, *(cell(story.scores[m]) for m in METRICS))
    return table


def totals_table(report: Report) -> Table:
    table = Table(title=f"Totals over {counted(len(report.stories), 'story', 'stories')} (micro-averaged)", title_justify="left")
    table.add_column("metric")
    table.add_column("score", justify="right")
    table.add_column("hits/total", justify="right")
    table.add_column("over")
    table.add_column("baseline")
    baselines = report.baselines()
    for metric, score in report.totals().items():
        value = NA if score is None or score.value is None else f"{score.value:.2f}"
        table.add_row(metric, value, cell(score), OVER[metric], baseline_cell(metric, baselines.get(metric)))
    return table


def baseline_cell(metric: str, value: float | None) -> str:
    """'0.43 last sentence' for a metric with a baseline; empty for one without, 'n/a' when nothing to score."""
    if metric not in BASELINES:
        return ""
    return f"{NA if value is None else f'{value:.2f}'} {BASELINES[metric]}"


def render(report: Report, console: Console) -> None:
    """Print both tables (at least 120 columns wide when the output is not a terminal)."""
    if not console.is_terminal:
        console.width = max(console.width, 120)
    console.print(stories_table(report))
    console.print(totals_table(report))
