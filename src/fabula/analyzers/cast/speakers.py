"""Speakers: who says each quotation, the second half of quote attribution (`analyzers/quotes.py` is the first).

`Speakers(story, doc, quotes, in_quote, narrated_subjects, speaker_of)` attributes quote q when `attribute(q)` or
`speaker(q)` first asks for it; `speaker_of` is the reading's subject token -> character. `attribution(q)` ->
(speaker, confidence, method, cue span). The speaker is a speech verb's subject (method 'speech-verb', with the
verb's confidence), else the one character acting in the narration of the quote's paragraph ('adjacency', 0.5),
else the speaker two turns back in alternating dialogue ('turn-taking', 0.4).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Token

from fabula.analyzers.cast.characters import Entity
from fabula.analyzers.quotes import QuoteSpan, speech_cue
from fabula.model import Span, Story

UNATTRIBUTED = (None, 0.0, "none", None)


class Speakers:
    """The speaker of each quotation of one story, found once, when first asked for."""

    def __init__(self, story: Story, doc: Doc, quotes: list[QuoteSpan], in_quote: list[int],
                 narrated_subjects: list[int], speaker_of: Callable[[Token], Entity | None]):
        self.story, self.doc, self.quotes, self.in_quote = story, doc, quotes, in_quote
        self.narrated_subjects = narrated_subjects  # indices of the subjects outside quotes, in order
        self.speaker_of = speaker_of
        self.found: dict[int, tuple[Entity | None, float, str, Span | None]] = {}

    def attribution(self, q: int) -> tuple[Entity | None, float, str, Span | None]:
        """(speaker, confidence, method, cue span) of quote q; (None, 0.0, 'none', None) when unattributed."""
        return self.found.get(q, UNATTRIBUTED)

    def rename(self, joined: dict[Entity, Entity]) -> None:
        """Put, in every attribution, the character a speaker joined (`identities.unite`) in the speaker's place."""
        self.found = {q: (joined.get(s, s) if s is not None else None, *rest) for q, (s, *rest) in self.found.items()}

    def speaker(self, q: int) -> Entity | None:
        """Who says quote q, attributing it first if need be (None while it is being attributed)."""
        if q not in self.found:
            self.attribute(q)
        return self.found[q][0]

    def attribute(self, q: int) -> None:
        """Find who says quote q, once: a speech verb's subject, else the one actor of its paragraph, else the
        speaker two turns back in alternating dialogue."""
        if q in self.found:
            return
        self.found[q] = UNATTRIBUTED  # guards against cycles
        cue = speech_cue(self.doc, self.quotes, q, self.in_quote)
        if cue is not None:
            verb, subject, confidence = cue
            speaker = self.speaker_of(subject)
            if speaker is not None:
                low, high = sorted((verb.i, subject.i))
                cue_span = Span.of(self.story.text, self.doc[low].idx, self.doc[high].idx + len(self.doc[high]))
                self.found[q] = (speaker, confidence, "speech-verb", cue_span)
                return
        speaker = self._actor_in_paragraph(q)
        if speaker is not None:
            self.found[q] = (speaker, 0.5, "adjacency", None)
            return
        speaker = self._turn_taking(q)
        if speaker is not None:
            self.found[q] = (speaker, 0.4, "turn-taking", None)

    def _actor_in_paragraph(self, q: int) -> Entity | None:
        """The only character acting as a subject in the narration of the quote's paragraph."""
        paragraph = self.story.paragraphs[self.quotes[q].paragraph]
        span = self.doc.char_span(paragraph.start, paragraph.end, alignment_mode="expand")
        if span is None:
            return None
        actors, found = set(), None
        first = bisect_left(self.narrated_subjects, span.start)
        for i in self.narrated_subjects[first:bisect_left(self.narrated_subjects, span.end)]:
            entity = self.speaker_of(self.doc[i])
            if entity is not None:
                actors.add(entity.id)
                found = entity
        return found if len(actors) == 1 else None

    def _turn_taking(self, q: int) -> Entity | None:
        """In alternating dialogue (one quote per paragraph), the speaker two turns back."""
        if q < 2:
            return None
        now, one, two = self.quotes[q].paragraph, self.quotes[q - 1].paragraph, self.quotes[q - 2].paragraph
        if not (one == now - 1 and two == now - 2):
            return None
        a, b = self.found.get(q - 1, (None,))[0], self.found.get(q - 2, (None,))[0]
        return b if a is not None and b is not None and a is not b else None
