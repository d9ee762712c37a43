"""Speakers: who says each quotation, the second half of quote attribution (`analyzers/quotes.py` is the first).

`Speakers(story, doc, quotes, in_quote, narrated_subjects, speaker_of)` attributes quote q when `attribute(q)` or
`speaker(q)` first asks for it; `speaker_of` is the reading's subject token -> character. `attribution(q)` ->
(speaker, confidence, method, cue span). The speaker is a speech verb's subject (method 'speech-verb', with the
verb's confidence), else the speaker of an earlier quote of the same paragraph (a paragraph is one speaker's
turn) or of the speech it resumes (a quote left open at the end of the paragraph before), else the subject of
the narration that ends in a colon just before the quote ('The mayor continued:'; 'speech-verb' when a speech
verb ends it, 0.7, else 'adjacency', 0.5), else the one character acting in the narration of the quote's
paragraph ('adjacency', 0.5), else the last one acting in the narration paragraph just before ('adjacency',
0.4), else, in dialogue, where each turn is a paragraph of quotes right after the one before, the one the last
turn called by name, or the speaker two turns back, or, where the paragraph two back is narration, the one
other character acting there ('turn-taking', 0.4). A letter ("Bob: I was at ...") is left to its signer, whom
the claims read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Token

from fabula.analyzers.cast.characters import Entity
from fabula.analyzers.quotes import QuoteSpan, left_open, opens_letter, speech_cue, speech_verbs
from fabula.model import Span, Story

UNATTRIBUTED = (None, 0.0, "none", None)
SUBJECTS = {"nsubj", "nsubjpass"}
ARGUMENTS = SUBJECTS | {"dobj", "pobj", "iobj", "poss", "compound"}  # a name in these roles is talked about, not to
ENDEARMENTS = {"my", "dear", "poor", "old", "good", "little"}  # "my poor Mathilde!"


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
        """Find who says quote q, once, by the sieves of the module docstring, in its order."""
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
        if opens_letter(self.story.text[self.quotes[q].start:self.quotes[q].end]):
            return  # a letter is its signer's, whoever acts around it (claims reads the signature)
        same_turn = self._earlier_in_paragraph(q) or self._resumed(q)
        if same_turn is not None:
            self.found[q] = same_turn
            return
        lead_in = self._colon_lead_in(q)
        if lead_in is not None:
            self.found[q] = lead_in
            return
        speaker = self._actor_in_paragraph(q)
        if speaker is not None:
            self.found[q] = (speaker, 0.5, "adjacency", None)
            return
        speaker = self._actor_before(q)
        if speaker is not None:
            self.found[q] = (speaker, 0.4, "adjacency", None)
            return
        speaker = self._turn_taking(q)
        if speaker is not None:
            self.found[q] = (speaker, 0.4, "turn-taking", None)

    def _earlier_in_paragraph(self, q: int) -> tuple[Entity, float, str, Span | None] | None:
        """The attribution of the latest earlier quote of q's paragraph that has a speaker: one paragraph, one
        speaker ('"Amontillado!" ... "I have my doubts," I replied; "and I was silly enough ..."')."""
        paragraph = self.quotes[q].paragraph
        for k in range(q - 1, -1, -1):
            if self.quotes[k].paragraph != paragraph:
                return None
            if self.found.get(k, UNATTRIBUTED)[0] is not None:
                return self.found[k]
        return None

    def _resumed(self, q: int) -> tuple[Entity, float, str, Span | None] | None:
        """When quote q opens its paragraph and the quote before ran to the end of the paragraph before without a
        closing mark, the attribution of that quote: one speech over several paragraphs."""
        if q == 0 or not self._opens_paragraph(q):
            return None
        before = self.quotes[q - 1]
        if before.paragraph != self.quotes[q].paragraph - 1 or not left_open(self.story.text, before):
            return None
        found = self.found.get(q - 1, UNATTRIBUTED)
        return found if found[0] is not None else None

    def _colon_lead_in(self, q: int) -> tuple[Entity, float, str, Span | None] | None:
        """When quote q opens its paragraph and the paragraph before ends in a colon ('Maitre Hauchecorne ...
        answered:', 'But the mayor incredulously shook his head:'), the subject of the verb before the colon."""
        if not self._opens_paragraph(q):
            return None
        before = self.story.paragraphs[self.quotes[q].paragraph - 1]
        end = len(self.story.text[before.start:before.end].rstrip()) + before.start
        if end <= before.start or self.story.text[end - 1] != ":":
            return None
        span = self.doc.char_span(before.start, end, alignment_mode="expand")
        if span is None or self.in_quote[span[-1].i] >= 0:
            return None
        verb = next((t for t in reversed(span) if t.pos_ in ("VERB", "AUX") and self.in_quote[t.i] < 0), None)
        node = verb
        while node is not None:
            subject = next((c for c in node.children if c.dep_ in SUBJECTS and self.in_quote[c.i] < 0), None)
            if subject is not None:
                speaker = self.speaker_of(subject)
                if speaker is None:
                    return None
                speaks = verb.lemma_.lower() in speech_verbs()
                return speaker, 0.7 if speaks else 0.5, "speech-verb" if speaks else "adjacency", None
            node = node.head if node.dep_ in ("conj", "xcomp", "advcl") and node.head is not node else None
        return None

    def _opens_paragraph(self, q: int) -> bool:
        """Whether quote q opens its paragraph, and a paragraph comes before it."""
        quote = self.quotes[q]
        opening = self.story.paragraphs[quote.paragraph].start
        return quote.paragraph > 0 and not self.story.text[opening:quote.outer_start].strip()

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

    def _actor_before(self, q: int) -> Entity | None:
        """When quote q opens its paragraph and the paragraph before is narration only, the last character acting
        as a subject there ("He stood up, bewildered." / "“What!—how? Impossible!”")."""
        paragraph = self.quotes[q].paragraph
        if not self._opens_paragraph(q) or (q > 0 and self.quotes[q - 1].paragraph == paragraph - 1):
            return None
        before = self.story.paragraphs[paragraph - 1]
        span = self.doc.char_span(before.start, before.end, alignment_mode="expand")
        if span is None:
            return None
        first = bisect_left(self.narrated_subjects, span.start)
        for i in reversed(self.narrated_subjects[first:bisect_left(self.narrated_subjects, span.end)]):
            entity = self.speaker_of(self.doc[i])
            if entity is not None:
                return entity
        return None

    def _turn_taking(self, q: int) -> Entity | None:
        """In dialogue, where the paragraph before is a turn of quotes: the one that turn spoke to by name
        ("Good-day, Jeanne."), else the speaker of the turn before that, or, where that paragraph is narration,
        the one other character acting there; never the last turn's speaker."""
        now = self.quotes[q].paragraph
        one = self._turn_speaker(q, now - 1)
        if one is None:
            return None
        addressed = self._turn_addressee(q, now - 1)
        if addressed is not None and addressed is not one:
            return addressed
        two = self._turn_speaker(q, now - 2)
        if two is None and now >= 2 and not self._has_quote(q, now - 2):
            two = self._other_actor(now - 2, one)  # "The haberdasher remained silent, and the mayor continued:"
        return two if two is not None and two is not one else None

    def _has_quote(self, q: int, paragraph: int) -> bool:
        """Whether a quote before quote q lies in that paragraph."""
        for k in range(q - 1, -1, -1):
            if self.quotes[k].paragraph <= paragraph:
                return self.quotes[k].paragraph == paragraph
        return False

    def _other_actor(self, paragraph: int, speaker: Entity) -> Entity | None:
        """The one character besides `speaker` acting as a subject in the narration of that paragraph."""
        span = self.doc.char_span(self.story.paragraphs[paragraph].start, self.story.paragraphs[paragraph].end,
                                  alignment_mode="expand")
        if span is None:
            return None
        first = bisect_left(self.narrated_subjects, span.start)
        others = {e for i in self.narrated_subjects[first:bisect_left(self.narrated_subjects, span.end)]
                  if (e := self.speaker_of(self.doc[i])) is not None and e is not speaker}
        return others.pop() if len(others) == 1 else None

    def _turn_addressee(self, q: int, paragraph: int) -> Entity | None:
        """The character the quotes of that paragraph (before quote q) address by name; None if none or several."""
        found = set()
        for k in range(q - 1, -1, -1):
            if self.quotes[k].paragraph < paragraph:
                break
            if self.quotes[k].paragraph == paragraph:
                found |= self._addressed(k)
        return found.pop() if len(found) == 1 else None

    def _addressed(self, k: int) -> set[Entity]:
        """The characters quote k calls by name: a name set off by the quote's edges or punctuation, in no
        argument role ("Good-day, Jeanne.", "Is that you, Bob?", "Oh, my poor Mathilde!")."""
        quote = self.quotes[k]
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        out: set[Entity] = set()
        if span is None:
            return out
        i = span.start
        while i < span.end:
            if self.doc[i].pos_ != "PROPN":
                i += 1
                continue
            end = i
            while end + 1 < span.end and self.doc[end + 1].pos_ == "PROPN":
                end += 1
            left = i - 1
            while left >= span.start and self.doc[left].lower_ in ENDEARMENTS:
                left -= 1
            head = self.doc[end]
            if ((left < span.start or self.doc[left].is_punct) and (end + 1 >= span.end or self.doc[end + 1].is_punct)
                    and head.dep_ not in ARGUMENTS):
                entity = self.speaker_of(head)
                if entity is not None:
                    out.add(entity)
            i = end + 1
        return out

    def _turn_speaker(self, q: int, paragraph: int) -> Entity | None:
        """The speaker of the latest attributed quote before quote q in that paragraph; None when the paragraph
        has no quote, or none with a speaker."""
        for k in range(q - 1, -1, -1):
            at = self.quotes[k].paragraph
            if at < paragraph:
                return None
            if at == paragraph and self.found.get(k, UNATTRIBUTED)[0] is not None:
                return self.found[k][0]
        return None
