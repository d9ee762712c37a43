"""Recognitions: short statements of who someone or something really was ("It was my grandmother.").

`Recognitions` is mixed into the `LedgerBuilder` (ledger.py) and reads its claims, sentences and cast.
"""

from __future__ import annotations

import re

from fabula.analyzers.cast import person_nouns
from fabula.analyzers.reveal.compare import without_embedded
from fabula.analyzers.reveal.words import (
    CLEFT, DEFINITE, DUTIES, FAKES, INDEFINITE, MAX_RECOGNITION_WORDS, OWNERS, PERSON_KEYS, PERSON_OBJECTS,
    POSSESSIVE_END, POST_MODIFIER, SPECIFYING, THE_ONE, WORD, owner_of,
)
from fabula.model import Claim


class Recognitions:
    """The recognition sentences of a story, for the reveal's score."""

    def sentence_core(self, index: int) -> set[str]:
        """The content words of all the claims of a sentence."""
        return {w for c in self.by_sentence.get(index, []) for w in c.core}

    def recognitions(self) -> tuple[set[int], set[int]]:
        """(the sentences that say who someone or something really was, those of them that say it by a cleft alone).
        A recognition of a twist (Aristotle's anagnorisis) is a short main assertion (at most MAX_RECOGNITION_WORDS
        words, no question) that
        - "it", "that" or "this" was a known person ("It was my grandmother.", "That was Kayla.", "It was him.",
          "It was Rosa's mother's."), or a person was "the one" ("I was the one on Route 9."). "It was a man"
          names nobody yet, "She was Tessa" introduces, "I was her maid of honor" tells a role; or someone's name
          was that of a person met before ("The mother's name was Susan Kay Whitfield"); or someone described was a
          person met before ("The man on the footage is you.", `_description_named`);
        - or, denied, that something already named was not whose it was taken to be (`_denies_whose`);
        - or, in a main assertion of any length, that a thing was a fake ("my necklace was paste!", "It was certainly a
          wonderful imitation of a truculent-looking toy Pomeranian, and ..."), or that someone met before was the one
          who did something, in a cleft ("It was Brently Mallard who entered, a little travel-stained, ...")."""
        out: set[int] = set()
        clefts: set[int] = set()
        for claim in self.claims:
            if (claim.predicate != "be" or claim.modality != "assertion" or not claim.objects
                    or claim not in without_embedded([c for c in self.by_sentence[claim.sentence]
                                                       if c.quoted == claim.quoted], keep=())):
                continue  # not "I made sure they knew it was you"; but "“It was you,” she said"
            if self._cleft_on_someone_met_before(claim):
                clefts.add(claim.sentence)
            if self._names_a_fake(claim):
                out.add(claim.sentence)
            if len(WORD.findall(self.sentences[claim.sentence])) > MAX_RECOGNITION_WORDS:
                continue
            if claim.polarity == "negative":
                if self._denies_whose(claim):
                    out.add(claim.sentence)
                continue
            named, _, after = claim.objects[0].partition(",")  # "It's Christmas Eve, boy": the vocative is no part
            words = named.split()[:-1] + [POSSESSIVE_END.sub("", named.split()[-1])] if named.split() else []
            known = self._names_known_person(words) or not claim.quoted and self._apposition_known(after.split())
            if claim.subject_key in SPECIFYING and known or THE_ONE.match(named) and self._someone(claim.subject_key) \
                    or claim.subject_key == "name" and self._met_before(claim, named) \
                    or self._description_named(claim, words):
                out.add(claim.sentence)
        return out | clefts, clefts - out

    def _apposition_known(self, words: list[str]) -> bool:
        """The words after a complement's comma, in narration, name a person known: an apposition that says who the
        one named first was ("It was the mailman, Tom.", "..., my aunt Ruth."). A bare common noun there is said to
        someone ("It's Christmas Eve, boy.")."""
        return bool(words) and (words[0][:1].isupper() or words[0].lower() in OWNERS) \
            and self._names_known_person(words)

    def _names_a_fake(self, claim: Claim) -> bool:
        """A thing was a fake: "be" with a complement whose words before any "of" hold one of FAKES ("paste", "a
        wonderful imitation of a ... Pomeranian", "fake"), said of a thing, not a person ("He was a fraud" is
        a judgement)."""
        words = WORD.findall(claim.objects[0].lower().split(" of ")[0])
        return claim.polarity == "positive" and not FAKES.isdisjoint(words) and not self._someone(claim.subject_key)

    def _cleft_on_someone_met_before(self, claim: Claim) -> bool:
        """A cleft that singles out a person the story has met before as the one who did something, in a sentence of
        any length: "It was Brently Mallard who entered, a little travel-stained, ...", "It was Louisa Mebbin who drew
        attention to the fact that the goat was in death-throes ...". "It was her sister Josephine who told her",
        where she is first met, names her."""
        found = CLEFT.match(self.sentences[claim.sentence])
        return claim.polarity == "positive" and claim.subject_key in SPECIFYING and found is not None \
            and self._names_known_person(found.group("who").split()) and self._met_before_in(claim, found.group("who"))

    def _description_named(self, claim: Claim, words: list[str]) -> bool:
        """Someone described ("the man on the footage", "the woman in the photo") was a person met before under
        another name: "The man on the footage is you.", "The stranger was my aunt Ruth." The subject is a definite
        phrase headed by a person noun, the complement a pronoun or a person met before; "The driver was Paul", where
        Paul is first met, introduces him."""
        subject = (claim.subject or "").lower()
        before = claim.text[:max(claim.text.lower().find(subject), 0)].lower().split()
        if not subject or subject not in person_nouns() or not DEFINITE.intersection(before[-3:]):
            return False  # "the man", "the old man", "that masked man"
        if len(words) == 1 and words[0].lower() in PERSON_OBJECTS:  # a pronoun stands for someone present
            return True
        # the complement's last word (a name, or its head) was written before: the copula has joined the two in the
        # Cast already, so the text, not the Cast, tells whether the person was met before
        last = words[-1] if words else ""
        start = self.spans[claim.sentence][0]
        return self._names_known_person(words) and last.isalpha() and re.compile(
            rf"\b{last}\b", 0 if last[:1].isupper() else re.IGNORECASE).search(self.story.text, 0, start) is not None

    def _met_before_in(self, claim: Claim, phrase: str) -> bool:
        """A character the Cast finds within `phrase` of the claim's sentence ("Brently Mallard", "Mr. Hale") was
        mentioned before that sentence; not the owner a possessive names ("her" of "her neighbour Martha")."""
        if self.cast is None:
            return False
        start, end = self.spans[claim.sentence]
        at = self.story.text.find(phrase, start, end)
        return at >= 0 and any(
            any(at <= m.start < at + len(phrase) and m.text.lower() not in OWNERS for m in c.mentions)
            and any(m.start < start for m in c.mentions) for c in self.cast.characters)

    def _someone(self, key: str | None) -> bool:
        """A claim's subject key stands for a person: one of the cast, a personal pronoun or the narrator."""
        return self.is_person(key) or key in PERSON_KEYS | {"narrator"}

    def _met_before(self, claim: Claim, name: str) -> bool:
        """A character was called by the name's first word before the sentence, other than the one a possessive
        pronoun says the name is of: "The mother's name was Susan Kay Whitfield" names Susan, whom the story knows.
        "Her name was Tessa" introduces Tessa; "Her name was Tessa Marie Holt", "her" being Tessa, only gives her
        full name; "His wife's name was Susan Whitfield" after "Tom Whitfield" shares a surname only."""
        if self.cast is None or not name.split() or not name[:1].isupper():
            return False
        given, start = name.split()[0], self.spans[claim.sentence][0]
        owners = {c.id for c in self.cast.characters for m in c.mentions if claim.start <= m.start < claim.end
                  and m.text.lower() in OWNERS and self.story.text[m.end:claim.end].lstrip().lower().startswith("name")}
        return any(c.id not in owners and any(m.start < start and given in m.text.split() for m in c.mentions)
                   for c in self.cast.characters)

    def _names_known_person(self, words: list[str]) -> bool:
        """The words of a noun phrase name a person already known: "my aunt Ruth" (the cast knows "aunt Ruth"),
        "him", "Kayla"; not "a man", nor "part of what she liked about him" or "the version Maureen told her", whose
        last word is not its head."""
        if not words or words[0].lower() in INDEFINITE or POST_MODIFIER.intersection(w.lower() for w in words[1:]):
            return False
        if words[0].lower() in DEFINITE and len(words) > 2:
            # a relative clause without "that" ends the phrase at its subject: "the version [Maureen told her]"
            words = words[:next((k for k in range(2, len(words)) if words[k][:1].isupper()
                                 or words[k].lower() in PERSON_KEYS | DEFINITE | INDEFINITE | {"i"}), len(words))]
        return self.names_someone(" ".join(words)) or words[0].lower() in DEFINITE \
            and self.names_someone(" ".join(words[1:]))

    def _denies_whose(self, claim: Claim) -> bool:
        """A negated "be" that says whose something is not, about a thing the story has named before: "That's not
        my signature." (a signature was shown), "That boy isn't anybody's son.", "The cake was never my
        grandmother's." The thing is the complement's head, or the subject when the complement is a bare
        possessive. "It wasn't her business" names no business met before, "He wasn't afraid" no owner, "It's not
        your fault" a duty (DUTIES), and "It was not my aunt Ruth" says who it was not, which recognizes nobody."""
        words = WORD.findall(claim.objects[0].split(",")[0])  # "my signature, Megan": the vocative is no part
        bare = words[-1:] == ["s"]  # "my grandmother's", "Ann's": the subject is the thing owned
        if len(words) < 2 or not bare and owner_of(words) is None:
            return False
        if claim.subject_key in SPECIFYING and self._names_known_person(words):
            return False
        thing = (claim.subject or "").lower() if bare else words[-1].lower()
        if not thing.isalpha() or thing in SPECIFYING or thing in PERSON_OBJECTS or thing in DUTIES:
            return False
        named_before = re.compile(rf"\b{thing}\b", re.IGNORECASE)
        return named_before.search(self.story.text, 0, self.spans[claim.sentence][0]) is not None
