"""One left-to-right reading of a parsed story that builds the cast.

`Reader(story, doc)` takes the per-token columns it needs from the Doc and finds the named characters and the
narrator; `read()` then goes through the tokens in order, decaying salience per sentence, attributing each quote
when it opens and resolving every name, person noun and pronoun. After it, `entities`, `relations`, `speakers`,
`narrator` and `first_person` hold what `analyze_cast` turns into the Cast. Salience drops sharply where a
section opens (after a heading such as "III" or a break such as "* * *"); narration's pronouns and definite
descriptions never refer to someone a speaker only supposed ("Suppose a man ...").
"""

from __future__ import annotations

import re

from bisect import bisect_right

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, ORTH, POS, SENT_START
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from fabula.analyzers.cast.characters import Entity, backdrop, name_label
from fabula.analyzers.cast.descriptions import (
    Description, antecedent, converse, epithet_of, generic, is_predicate, known_by_head, latest_described, negated,
    np_span, person_noun_tokens, possessor, predicated_of, presents, restates, unreal,
)
from fabula.analyzers.cast.identities import called_one, familiar_pairs, named_one, took_over, unite
from fabula.analyzers.cast.names import name_tokens, named_characters
from fabula.analyzers.cast.narration import first_person, past_narration, sentence_indices, turns
from fabula.analyzers.cast.pronouns import ambiguous, any_compatible, clause_subject, recent, referents
from fabula.analyzers.cast.speakers import Speakers
from fabula.analyzers.cast.words import (
    ARRIVALS, FIRST_SG, INDEFINITE_DETS, INDEFINITE_PEOPLE, OBJECT_DEPS, PRONOUN_GENDER, QUANTIFIERS, SIBLINGS,
    SUBJECT_DEPS, THIRD_PERSON, full_title, person_word, title_gender,
)
from fabula.analyzers.idset import IdSet
from fabula.analyzers.quotes import offset_quotes, quote_spans, speech_cue
from fabula.analyzers.sections import section_openings
from fabula.model import Span, Story

ROLE_WEIGHT = {"subject": 2.0, "object": 1.5, "other": 1.0}
DECAY = 0.6  # salience kept from one sentence to the next
SECTION_DECAY = 0.1  # and kept, besides, where a section opens ("III", "* * *"): a new discourse segment

# the per-token columns a reading takes from Doc.to_array, and the string ids they are compared with
COLUMNS = [IDX, SENT_START, POS, HEAD, DEP, ENT_TYPE, LEMMA, LOWER, ORTH]
MENTION_IDS = IdSet.of_strings(FIRST_SG | PRONOUN_GENDER.keys() | INDEFINITE_PEOPLE)  # words that may mention someone
FIRST_SG_IDS = IdSet.of_strings(FIRST_SG)
SUBJECT_IDS = IdSet.of_strings(SUBJECT_DEPS)


ASKS_A_NAME = re.compile(r"\b(?:what(?:'s|’s| is) (?:your|thy) name|who are you|your name)\s*\?", re.IGNORECASE)
"""A quotation that asks the one spoken to for their name; a bare name answering it is the answerer's."""


_TRUE_NAME = frozenset({"real", "true", "actual", "full", "birth", "legal", "proper"})


def _renames(possessor: Token) -> bool:
    """Whether the possessor's noun is a name said to be the true one ("His real name was Gus"): another name for
    someone named before, not the same name said again."""
    return any(c.lower_ in _TRUE_NAME for c in possessor.head.children)


_YOUNG = re.compile(r"\b(?:little|younger|youngest|baby|kid|small)\b", re.IGNORECASE)


def _kin_lemma(token: Token, children: list[Token]) -> str:
    """The noun's lemma, marked as the parser splits it: "half-sister" and "step mother" (a "half" or "step" before
    it), "mother-in-law" (an "in" with "law" after it); a relative of another family, not "sister" or "mother"."""
    lemma = token.lemma_.lower()
    if any(c.lower_ in ("half", "step") and c.dep_ in ("amod", "compound") for c in children):
        lemma = next(c.lower_ for c in children if c.lower_ in ("half", "step")) + "-" + lemma
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "law" for g in c.children) for c in children):
        lemma += "-in-law"
    return lemma


class Reader:
    """One left-to-right reading of a parsed story that builds the cast."""

    def __init__(self, story: Story, doc: Doc):
        self.story, self.doc, self.text = story, doc, story.text
        # per-token attributes as numpy columns, read once: a Python pass over every Token costs more
        idx, starts, pos, heads, deps, ents, lemmas, lowers, orth = doc.to_array(COLUMNS).T
        self.idx = idx.tolist()
        self.head = (np.arange(len(doc)) + heads.astype(np.int64)).tolist()
        self.quotes = quote_spans(story)
        self.in_quote = offset_quotes(idx, self.quotes)
        quoted = np.array(self.in_quote, dtype=np.int64)
        starts = starts == 1
        starts[:1] = True
        self.sent_start = starts.tolist()
        sentences = sentence_indices(doc, starts)
        self.sent_of = sentences.tolist()
        self.turns = turns(sentences, quoted)
        self.narrated_subjects = np.flatnonzero(SUBJECT_IDS.contains(deps) & (quoted < 0)).tolist()
        self.person = person_noun_tokens(doc, pos, lemmas, lowers)
        self.words = np.flatnonzero(MENTION_IDS.contains(lowers)).tolist()  # pronouns and "someone"
        self.entities: list[Entity] = []
        self.supposed: list[Entity] = []  # the characters opened as only supposed (`_supposed`)
        self.token_entity: dict[int, Entity | None] = {}
        names = name_tokens(doc, pos, ents, orth != lowers)
        other = (pos != PROPN) & (pos != NOUN) & (pos != PRON)  # adjectives, verbs, adverbs...
        other[list(names)] = False
        runs, genders = named_characters(doc, self.head, self.sent_start, names, orth, lowers[other])
        named = [self._new("named", gender=gender) for gender in genders]
        self.name_runs = {i: (start, end, named[number]) for i, (start, end, number) in runs.items()}
        self.relations: list[tuple[Entity, Entity, str, Span]] = []
        self.same: list[tuple[Entity, Entity]] = []  # characters the story says are one person (`_name_given`)
        self.handovers: list[tuple[Entity, Entity, int]] = []  # (description, name that may take over, offset)
        self.speakers = Speakers(story, doc, self.quotes, self.in_quote, self.narrated_subjects, self._speaker_of)
        self.narrator: Entity | None = None
        self.first_person = first_person(doc, FIRST_SG_IDS.contains(lowers), quoted < 0)
        self.past = past_narration(doc, quoted < 0)
        if self.first_person:
            self.narrator = self._new("narrator", label="Narrator")
            self.narrator.id = "narrator"

    def _new(self, kind: str, label: str | None = None, **kw) -> Entity:
        """A new character of this kind, numbered in order of creation ("c0", "c1"...)."""
        entity = Entity(id=f"c{len(self.entities)}", kind=kind, label=label, **kw)
        self.entities.append(entity)
        return entity

    # ------------------------------------------------------------------ reading

    def read(self) -> None:
        """Read the tokens in order: salience decays per sentence, a quote is attributed when it opens,
        and every token that may mention someone is resolved (for the others `_mention` is None)."""
        candidates = self.name_runs.keys() | self.person.keys() | set(self.words)
        previous_sentence = -1
        quote_seen = -1
        openings = [self.story.paragraphs[i].start for i in section_openings(self.story)]
        sections = 0
        for i in sorted(candidates.union(self.turns)):  # skipped tokens would change nothing
            sentence = self.sent_of[i]
            if sentence != previous_sentence:
                decay = DECAY ** (sentence - max(previous_sentence, 0))
                if bisect_right(openings, self.idx[i]) > sections:  # a new section: who was in focus mostly is not
                    decay *= SECTION_DECAY
                    sections = bisect_right(openings, self.idx[i])
                for entity in self.entities:
                    entity.salience *= decay
                previous_sentence = sentence
            q = self.in_quote[i]
            if q > quote_seen:
                quote_seen = q
                self.speakers.attribute(q)
            if i in candidates:
                self.entity_of(self.doc[i])
        self._unite()

    def entity_of(self, token: Token) -> Entity | None:
        """The character this token mentions (cached), recording the mention on first sight."""
        if token.i in self.token_entity:
            return self.token_entity[token.i]
        self.token_entity[token.i] = None  # guards against cycles
        entity = self._mention(token)
        self.token_entity[token.i] = entity
        return entity

    def _mention(self, token: Token) -> Entity | None:
        """The character a name, 'I', third-person pronoun, person noun or 'someone' mentions, recording the
        mention; None for any other token and for a mention of no one."""
        lower = token.lower_
        if token.i in self.name_runs:
            start, end, entity = self.name_runs[token.i]
            first = not entity.mentions
            self._add(entity, token, self.idx[start], self.idx[end - 1] + len(self.doc[end - 1]), "name")
            entity.heads |= self._title_nouns(start, end)
            self._name_given(token, start, end, entity)
            if first:
                self._named_later(token, entity)
            return entity
        if lower in FIRST_SG:
            speaker = self._speaker_here(token)
            if speaker is not None:
                return self._add(speaker, token, token.idx, token.idx + len(token), "pronoun")
            return None
        if lower in PRONOUN_GENDER and (token.pos_ in ("PRON", "DET") or token.is_upper):
            entity = self._resolve(token)
            if entity is not None:
                self._add(entity, token, token.idx, token.idx + len(token), "pronoun")
            return entity
        if lower in INDEFINITE_PEOPLE or token.i in self.person:
            return self._description(token)
        return None

    def _speaker_here(self, token: Token) -> Entity | None:
        """Who says this token: the speaker of its quote (attributed now if need be), else the narrator."""
        q = self.in_quote[token.i]
        return self.narrator if q < 0 else self.speakers.speaker(q)

    def _add(self, entity: Entity, token: Token, start: int, end: int, kind: str) -> Entity:
        """Record a mention of entity by token (characters start..end): it gains salience by its role, and a
        pronoun's vote for its gender."""
        quoted = self.in_quote[token.i] >= 0
        entity.mentions.append((start, end, kind, self.sent_of[token.i], quoted))
        entity.narrated = entity.narrated or not quoted
        role = self._role(token)
        entity.salience += ROLE_WEIGHT[role] + (0.5 if kind == "name" else 0.0)
        entity.last_role = role
        if kind == "pronoun" and PRONOUN_GENDER.get(token.lower_) == "male":
            entity.male_votes += 1
        elif kind == "pronoun" and PRONOUN_GENDER.get(token.lower_) == "female":
            entity.female_votes += 1
        return entity

    @staticmethod
    def _role(token: Token) -> str:
        """'subject', 'object' or 'other', from the token's dependency label; someone presented ("It was a woman")
        counts as a subject."""
        if token.dep_ in SUBJECT_DEPS or presents(token):
            return "subject"
        if token.dep_ in OBJECT_DEPS:
            return "object"
        return "other"

    # ------------------------------------------------------------------ pronouns

    def _resolve(self, token: Token) -> Entity | None:
        """The character a third-person pronoun refers to: the best-scored one in focus unless the choice is
        ambiguous; with no one in focus, `_out_of_focus`."""
        gender = PRONOUN_GENDER[token.lower_]
        q = self.in_quote[token.i]
        excluded = self._not_referents(token, q)  # may attribute the quote, and so meet new characters
        ranked = referents(self.entities, excluded, gender, self._role(token))
        if not ranked:
            return None if gender is None else self._out_of_focus(token, gender, q)
        return None if ambiguous(ranked, gender) else ranked[0][1]

    def _not_referents(self, token: Token, q: int) -> list[Entity | None]:
        """Who a pronoun cannot refer to: the narrator, the speaker of its quote, the subject of its clause
        (for an object), the characters of a phrase it sits inside."""
        speaker = self._speaker_here(token) if q >= 0 else None
        subject = clause_subject(token)
        bound = self.token_entity.get(subject.i) if subject is not None else None
        supposed = self._supposed() if q < 0 else []
        return [self.narrator, speaker, bound, *self._containing(token), *supposed]

    def _supposed(self) -> list[Entity]:
        """Characters a speaker has only supposed, opened by an indefinite description in an unreal clause inside
        quotation marks ("Suppose a man should elude the picket post", "Give your card to some colleague") and
        never narrated: they live in that speech, not in the story, so narration's pronouns cannot refer to them.
        Someone a speaker reports ("A man came by this morning") may be taken up by the narration."""
        return [e for e in self.supposed if not e.narrated]

    def _out_of_focus(self, token: Token, gender: str, q: int) -> Entity | None:
        """For a 'he'/'she' with no one in focus: the one of its gender mentioned last, else the story's unnamed
        he/she; a narrated one with nobody at all to refer to opens an unnamed character."""
        fallback = recent(self.entities, self.narrator, gender, self.sent_of[token.i]) \
            or backdrop(self.entities, gender)
        if fallback is not None:
            return fallback
        if q < 0 and not any_compatible(self.entities, self.narrator, gender):
            return self._new("descriptive", unnamed=True, born=self.sent_of[token.i])
        return None

    def _containing(self, token: Token) -> list[Entity]:
        """Characters mentioned by a noun phrase the pronoun sits inside ('Someone he'd known'): never its referent."""
        out, i = [], token.i
        while self.head[i] != i:
            i = self.head[i]
            entity = self.token_entity.get(i)
            if entity is not None:
                out.append(entity)
        return out

    # ------------------------------------------------------------------ descriptions

    def _owner(self, possessor: Token) -> Entity | None:
        """The character a possessor stands for: 'my' the speaker (or narrator), 'your' the addressee, 'our' no one,
        'whose' the one its relative clause's noun mentions ("some colleague whose wife")."""
        lower = possessor.lower_
        if lower in ("my", "mine"):
            return self._speaker_here(possessor)
        if lower in ("your", "yours"):
            return self._addressee(possessor)
        if lower in ("our", "ours"):
            return None
        if lower == "whose":
            noun = antecedent(possessor)
            return self.entity_of(noun) if noun is not None else None
        return self.entity_of(possessor)

    def _addressee(self, token: Token) -> Entity | None:
        """Who 'you' is inside a quote: in a first-person story, the narrator unless the narrator speaks."""
        q = self.in_quote[token.i]
        if q < 0 or self.narrator is None:
            return None
        speaker = self._speaker_here(token)
        return self.narrator if speaker is not None and speaker is not self.narrator else None

    def _description(self, token: Token) -> Entity | None:
        """The character a phrase headed by a person noun or 'someone' refers to, with the mention recorded;
        None when it refers to no one."""
        description = self._noun_phrase(token)
        entity = self._described(description) if description is not None else None
        if entity is None:
            return None
        return self._add(entity, token, description.start, description.end, "description")

    def _noun_phrase(self, token: Token) -> Description | None:
        """The description this token heads; None for part of a compound or a name ('Mr.' in 'Mr. Smith', but not
        'the housekeeper' of 'the housekeeper, Mrs. Purdy' or 'father' of 'Tom's father'), and for a quantified
        phrase ('every man', 'no one')."""
        children = list(token.children)
        if token.dep_ == "compound" or any(c.dep_ == "flat" or c.i in self.name_runs and c.dep_ not in ("appos", "poss")
                                           for c in children):  # "Tom's father" is a description, owned by Tom
            return None
        dets = {c.lower_ for c in children if c.dep_ in ("det", "predet")}
        if dets & QUANTIFIERS:
            return None
        info = self.person.get(token.i)
        gender, klass = info if info else (None, "indefinite")
        start, end = np_span(token, self.in_quote)
        return Description(
            token=token, lemma=_kin_lemma(token, children) if info else token.lower_, gender=gender, klass=klass,
            plural=token.tag_ in ("NNS", "NNPS") and info is not None, dets=dets,
            possessor=possessor(children) if info else None, start=start, end=end, said=self.text[start:end],
            sentence=self.sent_of[token.i],
        )

    def _described(self, description: Description) -> Entity | None:
        """Whom a description refers to: a predicate nominal or an apposition its subject; a possessed kinship or
        social noun the possessor's relative; an indefinite right after an introduction the character introduced,
        'someone' the earlier 'someone' said alike; a definite one the character known by its head noun; else a
        character it opens; an opening epithet ("Poor fellow, he ...") whoever its pronoun refers to, if anyone.
        None under a negation, for a generic phrase ("A man gets in a groove") or for a predicate of no one."""
        if is_predicate(description.token):
            return self._predicated(description)
        epithet = epithet_of(description.token)
        referent = self._resolve(epithet) if epithet is not None else None
        if referent is not None:
            return referent
        if description.possessor is not None and description.klass in ("kin", "social"):
            if description.plural and description.possessor.lower_ == "whose":
                return None  # "three gentlemen whose wives": a crowd's relatives are scenery
            return self._relative(description)
        if generic(description.token, self.in_quote[description.token.i] >= 0, self.past):
            return None
        if description.introduces:
            if negated(description.token):
                return None
            restated = latest_described(self.entities, description.sentence) \
                if restates(description.token) else None
            if restated is not None:
                restated.heads.add(description.lemma)
                return restated
        if description.klass == "indefinite":
            return self._someone(description)
        known = self._known(description) if description.definite else None
        return known if known is not None else self._newcomer(description)

    def _predicated(self, description: Description) -> Entity | None:
        """The subject of a predicate nominal or apposition; a subject that is a name or a description, said to be
        "a ..." ("The kid was a boy of ten", "Jim, a farmer"), or a name given a bare occupation ("Harvey Maxwell,
        broker,"), is known by the predicate's head noun from then on ("the boy", "the broker"); not by another
        bare noun ("Jim, my boy")."""
        subject = predicated_of(description.token)
        entity = self.entity_of(subject) if subject is not None else None
        if entity is None or subject.pos_ == "PRON" or negated(description.token):
            return entity
        bare_role = not description.dets and description.possessor is None and description.klass == "role" \
            and description.token.dep_ == "appos" and subject.pos_ == "PROPN"
        if description.dets & INDEFINITE_DETS or bare_role:
            entity.heads.add(description.lemma)
        return entity

    def _relative(self, description: Description) -> Entity:
        """The relative ('my mother', 'your siblings') keyed by noun and owner: the one met before, else the one
        the converse relation names ('his wife' of 'her husband' is she), else one opened with its relation."""
        owner = self._owner(description.possessor)
        if owner is None and description.klass == "kin" and description.possessor.lower_ in ("our", "ours"):
            owner = self._speaker_here(description.possessor)  # "our mother" of the one who speaks is theirs too
        key = (description.lemma, owner)
        entity = next((e for e in self.entities if key in e.keys), None)
        if entity is None:
            entity = converse(owner, description) or self._newcomer(description, "relational")
            entity.keys.add(key)
            if owner in self.supposed and entity not in self.supposed:  # "some colleague whose wife ..."
                self.supposed.append(entity)
            if owner is not None:
                span = Span.of(self.text, description.start, description.end)
                self.relations.append((entity, owner, description.lemma, span))
        return entity

    def _someone(self, description: Description) -> Entity:
        """The earlier 'someone' said in the same words, else a new one."""
        wanted = description.said.lower()
        entity = next((e for e in self.entities if e.kind == "indefinite" and e.label.lower() == wanted), None)
        return entity or self._new("indefinite", label=description.label, born=description.sentence)

    def _known(self, description: Description) -> Entity | None:
        """The character met before that a definite description refers to (in narration, never one a speaker only
        supposed); for a generic noun ('the man') with no such character, the story's unnamed he/she, which takes
        the description as its label if it has none."""
        narrated = self.in_quote[description.token.i] < 0
        known = known_by_head(self.entities, description, self._supposed() if narrated else [], narrated)
        if known is not None or description.klass != "generic" or description.plural:
            return known
        entity = backdrop(self.entities, description.gender)
        if entity is not None:
            entity.label = entity.label or description.label
        return entity

    def _newcomer(self, description: Description, kind: str = "descriptive") -> Entity:
        """A character the description opens: a group when plural, else of this kind."""
        entity = self._new("group" if description.plural else kind, label=description.label,
                           gender=description.gender, plural=description.plural, born=description.sentence)
        entity.heads.add(description.lemma)
        if description.introduces and self.in_quote[description.token.i] >= 0 \
                and unreal(description.token, self.in_quote):
            self.supposed.append(entity)
        return entity

    # ------------------------------------------------------------------ one person told twice

    def _title_nouns(self, start: int, end: int) -> set[str]:
        """The titles of a name (tokens start..end) that are also person nouns: "Captain Boone" is the one "the
        captain" refers to, as "Dr. Hale" is "the doctor"; "Mr." names no one by itself."""
        titles = (full_title(self.doc[i].lower_) for i in range(start, end) if title_gender(self.doc[i].lower_)[0])
        return {title for title in titles if person_word(title, title) is not None}

    def _name_given(self, token: Token, start: int, end: int, entity: Entity) -> None:
        """Note that a name (head `token`, tokens start..end) is given to someone met as another character: by an
        apposition, a copula or a naming verb (`named_one`), or, as a vocative in a quote, to the one its speech
        verb says is spoken to ('"Red Chief," says I to the kid')."""
        target = named_one(token)
        other = None
        if target is not None:
            other = self._owner(target) if target.dep_ == "poss" else self.entity_of(target)
            if other is not None and target.lower_ in THIRD_PERSON and not _renames(target) \
                    and self._named_before(entity, other, self.sent_of[token.i]):
                return  # "His name is Gus" of a Gus met before says his name again: "his" is Gus, not another name
        elif self.in_quote[token.i] >= 0:
            other = self._called(token, start, end) or self._answers_who(token, start, end)
        if other is not None and other is not entity:
            self.same.append((other, entity))

    def _named(self, entity: Entity) -> bool:
        """Whether the story gave the described character a name ("The shelter called him Old Gus"): no name met
        later takes it over."""
        return any(entity in pair and any(one.kind == "named" for one in pair) for pair in self.same)

    def _named_before(self, entity: Entity, other: Entity, sentence: int) -> bool:
        """Whether a name was given to `entity` before sentence `sentence` (not one said twice in one breath:
        "McManus is the name—James McManus"), `other` is named too, and no word of their names is shared ("Luke",
        "Gus")."""
        if entity.kind != "named" or other.kind != "named" \
                or not any(at < sentence for _, _, kind, at, _ in entity.mentions if kind == "name"):
            return False
        own = {self.text[s:e].lower() for s, e, kind, *_ in entity.mentions if kind == "name"}
        theirs = {self.text[s:e].lower() for s, e, kind, *_ in other.mentions if kind == "name"}
        return not {w for name in own for w in name.split()} & {w for name in theirs for w in name.split()}

    def _answers_who(self, token: Token, start: int, end: int) -> Entity | None:
        """For a name that is the whole of a quotation answering one that asks for a name ("What is your name?" /
        "Lushkov."), the one who answers: the answer's speaker, when it is no named character (a named one who
        answers so names someone else)."""
        q = self.in_quote[token.i]
        quote = self.quotes[q]
        if q == 0 or self.text[quote.start:quote.end].strip(" .!?,;:…") != self.doc[start:end].text \
                or not ASKS_A_NAME.search(self.text[self.quotes[q - 1].start:self.quotes[q - 1].end]):
            return None
        speaker = self.speakers.speaker(q)
        return speaker if speaker is not None and speaker.kind != "named" and speaker is not self.narrator else None

    def _named_later(self, token: Token, entity: Entity) -> None:
        """Note, for a name met for the first time as the subject of a narrated clause, the one the name may take
        over from: the described character of its gender a 'she' or 'he' here would refer to ("The girl was ... She
        ... Mathilde suffered"), kept only if never described again (`identities.took_over`). A name that arrives
        ("Tom came in", "Mary walked up the path") is a newcomer."""
        if self.in_quote[token.i] >= 0 or token.dep_ not in SUBJECT_DEPS or entity.sex is None \
                or token.head.lemma_.lower() in ARRIVALS:
            return
        ranked = referents(self.entities, [self.narrator, entity], entity.sex, "subject")
        if ranked and not ambiguous(ranked, entity.sex) and ranked[0][1].kind == "descriptive" \
                and ranked[0][1].sex == entity.sex:
            self.handovers.append((ranked[0][1], entity, token.idx))

    def _together(self) -> set[frozenset]:
        """The pairs of characters that one verb has as its subject and its object (or its object's preposition's):
        two people, as far as the clause tells ("Tom spoke to her husband")."""
        pairs = set()
        for i, subject in self.token_entity.items():
            token = self.doc[i]
            if subject is None or token.dep_ not in SUBJECT_DEPS:
                continue
            for argument in token.head.children:
                for object_ in (argument, *argument.children) if argument.dep_ == "prep" else (argument,):
                    other = self.token_entity.get(object_.i) if object_.dep_ in OBJECT_DEPS else None
                    if other is not None and other is not subject:
                        pairs.add(frozenset((subject, other)))
        return pairs

    def _called(self, token: Token, start: int, end: int) -> Entity | None:
        """For a name in a quote, the one spoken to when the name is a vocative and the quote's speech verb says to
        whom it is said ("says I to the kid"), unless that one has a name of its own ('"Kit," said Jim to Pat': Kit
        may be someone else spoken of); None otherwise."""
        if not self._said_to(token, start, end):
            return None
        q = self.in_quote[token.i]
        cue = speech_cue(self.doc, self.quotes, q, self.in_quote)
        if cue is None:
            return None
        hearer = next((g for c in cue[0].children if c.dep_ == "prep" and c.lower_ == "to"
                       for g in c.children if g.dep_ == "pobj"), None)
        entity = self.entity_of(hearer) if hearer is not None else None
        if entity is None or entity.kind == "named" or entity is self._speaker_here(token):
            return None
        return entity

    def _said_to(self, token: Token, start: int, end: int) -> bool:
        """Whether a name in a quote (tokens start..end, `token` one of them) is a vocative (`called_one`)."""
        q = self.in_quote[token.i]
        quote = self.doc.char_span(self.quotes[q].start, self.quotes[q].end, alignment_mode="expand")
        return quote is not None and called_one(token, start, end, quote.start, quote.end)

    def _unite(self) -> None:
        """Join the characters the story said are one (`identities.unite`; a name takes over a description only if
        the two never act on each other: "Mary watched her") and put the one each joined in its place wherever the
        reading recorded it."""
        together = self._together()
        same = self.same + familiar_pairs(self.entities, self.text, self.narrator, self._said_by_another) \
            + self._narrator_addressed() + [
            (d, n) for d, n, at in self.handovers if took_over(d, at, self.text) and frozenset((d, n)) not in together
            and not self._named(d)]
        joined = unite(same, self.entities, lambda entity: name_label(entity, self.text), together)
        if not joined:
            return
        self.entities = [e for e in self.entities if e not in joined]
        self.supposed = [e for e in self.supposed if e not in joined]
        self.token_entity = {i: joined.get(e, e) if e is not None else None for i, e in self.token_entity.items()}
        self.relations = [(joined.get(a, a), joined.get(b, b), noun, span) for a, b, noun, span in self.relations
                          if joined.get(a, a) is not joined.get(b, b)]
        for entity in self.entities:
            entity.keys = {(noun, joined.get(owner, owner)) for noun, owner in entity.keys}
        self.speakers.rename(joined)

    def _narrator_s_young_sibling(self, entity: Entity) -> bool:
        """Whether the character, or one the story said it is ("my little brother, Sam"), is a younger brother or
        sister of the narrator ("little", "younger", "baby", "kid"): a child whose "Daddy" is the narrator's father
        too, not a grown one's word for their own children's father."""
        ones = {entity} | {b if a is entity else a for a, b in self.same if entity in (a, b)}
        return self.narrator is not None and any(
            noun in SIBLINGS and owner is self.narrator for one in ones for noun, owner in one.keys) and any(
            _YOUNG.search(self.text, start, end) for one in ones for start, end, kind, *_ in one.mentions
            if kind == "description")

    def _said_by_another(self, entity: Entity) -> bool:
        """Whether a quotation that someone other than the narrator and the narrator's younger brothers and sisters
        speaks names the character: that name is the speaker's word for their own ("“I told Mommy,” Lucy said")."""
        for start, end, kind, _, quoted in entity.mentions:
            span = self.doc.char_span(start, end, alignment_mode="expand") if quoted and kind == "name" else None
            speaker = self._speaker_here(span[0]) if span is not None else None
            if speaker not in (None, self.narrator) and not self._narrator_s_young_sibling(speaker):
                return True
        return False

    def _narrator_addressed(self) -> list[tuple[Entity, Entity]]:
        """(narrator, a name) when the name is only ever said inside others' quotations, at least once to address
        someone in a quotation next to one of the narrator's ("That's not my signature, Megan." after the narrator
        spoke): in a first-person story that is what others call the narrator. A name the narration itself uses
        ("Megan drove home") or the narrator says is someone else's."""
        if self.narrator is None:
            return []
        pairs = []
        for entity in self.entities:
            if entity.kind != "named" or not entity.mentions:
                continue
            tokens = [self.doc.char_span(start, end, alignment_mode="expand") for start, end, *_ in entity.mentions]
            if any(t is None or self.in_quote[t.start] < 0 or self._speaker_here(t[0]) in (None, self.narrator)
                   for t in tokens):
                continue
            if any(self._said_to(t[0], t.start, t.end) and self._answers_the_narrator(self.in_quote[t.start])
                   for t in tokens):
                pairs.append((self.narrator, entity))
        return pairs

    def _answers_the_narrator(self, q: int) -> bool:
        """Whether the quotation before or after quote q is the narrator's: the two talk to each other."""
        return any(0 <= k < len(self.quotes) and self.speakers.speaker(k) is self.narrator for k in (q - 1, q + 1))

    # ------------------------------------------------------------------ quotes

    def _speaker_of(self, subject: Token) -> Entity | None:
        """The character a speech verb's subject (or a narrated subject) mentions; 'I' is the narrator."""
        if subject.lower_ in FIRST_SG:
            return self.narrator
        entity = self.entity_of(subject)
        if entity is None and subject.dep_ in SUBJECT_DEPS:
            for child in subject.children:  # "the old man" heads by its noun; names by their head
                entity = entity or self.token_entity.get(child.i)
        return entity
