"""Story + Doc -> Analysis: runs the analyzers in dependency order.

Every analyzer is a pure function `analyze_x(story, doc, *earlier) -> X`; its
result fills the Analysis slot of the same name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from threading import Event

from spacy.tokens import Doc

from fabula import limits, nlp
from fabula.analyzers.arc import analyze_arc
from fabula.analyzers.cast import analyze_cast
from fabula.analyzers.claims import analyze_claims
from fabula.analyzers.reveal import analyze_reveal
from fabula.analyzers.style import analyze_style
from fabula.analyzers.timeline import analyze_timeline
from fabula.errors import raise_if_cancelled
from fabula.model import Analysis, Cast, Sentence, Story


def sentences(story: Story, doc: Doc) -> list[Sentence]:
    """The Doc's sentences as spans trimmed of whitespace, each with its paragraph index."""
    out: list[Sentence] = []
    paragraph = 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        chunk = story.text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if start >= end:
            continue
        while paragraph + 1 < len(story.paragraphs) and story.paragraphs[paragraph + 1].start <= start:
            paragraph += 1
        out.append(Sentence(index=len(out), start=start, end=end, text=story.text[start:end], paragraph=paragraph))
    return out


def build(story: Story, doc: Doc, stop: Event | None = None) -> Analysis:
    """Run every analyzer over one parsed story, each after the ones it reads; once `stop` is set,
    Cancelled is raised before the next analyzer."""
    sents = sentences(story, doc)
    limits.check(len(sents), limits.MAX_SENTENCES, "sentences")
    style = analyze_style(story, doc, sents)
    raise_if_cancelled(stop)
    timeline = analyze_timeline(story, doc)
    raise_if_cancelled(stop)
    cast = analyze_cast(story, doc)
    _check_cast(cast)
    raise_if_cancelled(stop)
    arc = analyze_arc(story, doc, sents, cast)
    raise_if_cancelled(stop)
    claims = analyze_claims(story, doc, cast)
    raise_if_cancelled(stop)
    ledger = analyze_reveal(story, doc, sents, cast, claims, style)
    return Analysis(
        info=story.info,
        text=story.text,
        paragraphs=story.paragraphs,
        sentences=sents,
        media=story.media,
        style=style,
        cast=cast,
        arc=arc,
        timeline=timeline,
        claims=claims,
        ledger=ledger,
    )


def _check_cast(cast: Cast) -> None:
    """InputError when the cast is past fabula's limits (before claims and the ledger compare across it)."""
    limits.check(len(cast.characters), limits.MAX_CHARACTERS, "characters in its cast")
    limits.check(sum(len(c.mentions) for c in cast.characters), limits.MAX_MENTIONS, "character mentions")
    limits.check(len(cast.quotes), limits.MAX_QUOTES, "quotations")


def run(story: Story, stop: Event | None = None) -> Analysis:
    """Parse and analyze one story; Cancelled between stages once `stop` is set."""
    return build(story, nlp.parse(story, stop), stop)


def run_many(stories: Iterable[Story], batch_size: int = 16) -> Iterator[Analysis]:
    """Parse in batches and analyze, yielding one Analysis per story in order."""
    for story, doc in nlp.parse_many(stories, batch_size=batch_size):
        yield build(story, doc)
