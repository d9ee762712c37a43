"""Descriptions: the noun phrases that refer to someone without a name ("my mother", "an old friend of his").

`person_noun_tokens(doc, pos, lemmas, lowers)` -> token index -> (gender, class) for the nouns that denote a person.
`Description` is one such phrase as the reader meets it. Questions about a phrase's head token:
`np_span(token, in_quote)` -> the phrase's character span, `is_predicate(token)`, `predicated_of(token)` -> the
token a predicate nominal or an apposition describes, `epithet_of(token)` -> the pronoun an opening epithet
names ("Poor fellow, he ..."), `possessor(children)`, `restates(token)`, `negated(token)`, `unreal(token)`,
`generic(token, quoted, past)`, `antecedent(relative)` -> the noun a relative clause modifies.
Questions about the characters so far: `latest_described(entities, sentence)`, `known_by_head(entities,
description, excluded, narrated)`, `converse(owner, description)` -> the one a relative's owner is the converse
relative of.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from fabula.analyzers.cast.characters import Entity
from fabula.analyzers.cast.words import (
    CONVERSES, DEFINITE_DETS, INDEFINITE_DETS, NEGATIONS, POSSESSIVE_PRONOUNS, SUBJECT_DEPS, finite, person_word,
)

LEFT_DEPS = ("det", "poss", "amod", "compound", "nummod", "advmod", "punct")  # the words a phrase may open with
CLAUSE_DEPS = ("relcl", "acl", "advmod")  # a short clause that may close a phrase ("someone he'd known")
EPITHET_PRONOUNS = {"he", "she", "they"}
NEAR = 6  # tokens from the head within which a phrase takes in its modifiers and clauses
MODALS = {"would", "should", "could", "might", "may", "must", "shall", "will", "'d", "’d", "'ll", "’ll"}
SUPPOSING = {"suppose", "imagine"}  # "Suppose a man should ...", "Imagine a man who ..."
TYPE_NOUNS = {"kind", "sort", "type"}  # "the kind of man who ..."
DEICTIC = {"i", "me", "you", "we", "us"}  # a clause about the speaker or the hearer tells of here and now
PRESENT_AUX = {"can", "ca", "do", "does"}  # "a man cannot ...", "a man doesn't ..."
PRESENTING = {"it", "there"}  # the subjects of "It was a woman in a blue blazer"; "That was a man who ..." describes


class Description(NamedTuple):
    """A noun phrase headed by a person noun or by 'someone': what it tells of the person, and where it is."""

    token: Token  # the head noun
    lemma: str  # the head's lemma, lowercased ('someone' as written)
    gender: str | None
    klass: str  # the person noun's class (kin, social, role, generic); 'indefinite' for 'someone'
    plural: bool
    dets: set[str]  # the determiners, lowercased
    possessor: Token | None  # of a person noun: 'his' in 'his wife' and in 'a friend of his'
    start: int  # the phrase's character span in the story's text
    end: int
    said: str  # the phrase's text
    sentence: int

    @property
    def introduces(self) -> bool:
        """An indefinite phrase ('a man', 'someone') may introduce a new character."""
        return bool(self.dets & INDEFINITE_DETS) or self.klass == "indefinite"

    @property
    def label(self) -> str:
        """The phrase as a character's label, in lower case at its start unless it opens with a proper noun or 'I':
        "Her husband" opening a sentence is "her husband", as elsewhere; a 'whose' names its antecedent ("some
        colleague's wife")."""
        first = next(t for t in self.token.doc[self.token.left_edge.i:self.token.i + 1] if t.idx >= self.start)
        said = self.said
        owner = antecedent(first) if first.lower_ == "whose" else None
        if owner is not None:  # "some colleague whose wife" -> "some colleague's wife"
            first = owner.left_edge
            said = first.doc[first.i:owner.i + 1].text + "'s" + said[len("whose"):]  # not doc.text: built anew
        if first.pos_ == "PROPN" or first.ent_type_ == "NORP" or first.text == "I":
            return said
        return said[:1].lower() + said[1:]

    @property
    def definite(self) -> bool:
        """A definite phrase ('the man', 'his boss') or one without a determiner may refer to someone already met."""
        return bool(self.dets & DEFINITE_DETS) or self.possessor is not None or not self.dets


def person_noun_tokens(doc: Doc, pos: np.ndarray, lemmas: np.ndarray, lowers: np.ndarray) -> dict[int, tuple]:
    """Token index -> (gender, class) for common nouns denoting a person, and for proper nouns that are such a noun
    in capitals ("THE MAN") or capitalised after "the" (an epithet used as a name: "the Kid", "the Captain")."""
    strings = doc.vocab.strings
    nouns = np.flatnonzero((pos == NOUN) | (pos == PROPN))
    out = {}
    for i, kind, lemma, lower in zip(nouns.tolist(), pos[nouns].tolist(), lemmas[nouns].tolist(),
                                     lowers[nouns].tolist()):
        if kind == NOUN or doc[i].is_upper or (i > 0 and doc[i - 1].lower_ == "the"):
            info = person_word(strings[lemma].lower(), strings[lower])
            if info is not None:
                out[i] = info
    return out


# ---------------------------------------------------------------------- the phrase around a person noun


def np_span(token: Token, in_quote: list[int]) -> tuple[int, int]:
    """Character span of the noun phrase a person noun heads, with 'of his' and a short relative clause;
    a comma ends it on the left unless a determiner opens it ('a tall, dark man', but 'So long, officer').
    `in_quote` gives each token's quote (-1 outside quotes): a phrase does not cross a quote's edge."""
    doc = token.doc
    left, right = _left_end(token, in_quote), _right_end(token)
    return doc[left].idx, doc[right].idx + len(doc[right])


def _left_end(token: Token, in_quote: list[int]) -> int:
    """The phrase's first token: the start of its nearby determiners and modifiers, after the last comma unless a
    determiner or possessor comes before that comma, past any punctuation or word outside the head's quote."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in LEFT_DEPS and token.i - child.left_edge.i <= NEAR:
            left = min(left, child.left_edge.i)
    commas = [t.i for t in doc[left:token.i] if t.text == ","]
    if commas and not any(t.dep_ in ("det", "poss") for t in doc[left:commas[-1]]):
        left = commas[-1] + 1
    while left < token.i and (doc[left].is_punct or in_quote[left] != in_quote[token.i]):
        left += 1
    return left


def _right_end(token: Token) -> int:
    """The phrase's last token: the owner of an 'of his'/'of John's', the end of a short clause without punctuation,
    the 'else' of 'someone else', the 'in-law' of 'mother-in-law'."""
    right = token.i
    for child in token.rights:
        owner = _owner_after_of(child)
        if owner is not None:
            right = max(right, owner.i)
        elif child.dep_ in CLAUSE_DEPS and child.right_edge.i - token.i <= NEAR and not _predicate_clause(
                token, child) and not any(t.is_punct for t in token.doc[token.i + 1:child.right_edge.i + 1]):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "amod" and child.lower_ == "else":
            right = max(right, child.i)
        elif child.dep_ == "prep" and child.lower_ == "in" and any(g.lower_ == "law" for g in child.children):
            right = max(right, next(g.i for g in child.children if g.lower_ == "law"))  # "mother-in-law"
    return right


def _predicate_clause(token: Token, clause: Token) -> bool:
    """Whether a clause the parser hung on the noun is the sentence's own predicate: a verb without a subject of its
    own under a noun that roots its sentence ("a young man prowled among the mansions"), or a tensed one ("a man
    came in"). A relative clause has its subject ("who lived there", "he'd known")."""
    if any(c.dep_ in SUBJECT_DEPS for c in clause.children):
        return False
    return token.dep_ == "ROOT" or finite(clause)


def _owner_after_of(child: Token) -> Token | None:
    """For an 'of' after the noun, its possessive pronoun or proper noun ('of his', 'of John's'), if any."""
    if child.dep_ != "prep" or child.lower_ != "of":
        return None
    return next((g for g in child.children if g.lower_ in POSSESSIVE_PRONOUNS or g.tag_ == "PRP$"
                 or g.pos_ == "PROPN"), None)


# ---------------------------------------------------------------------- what the phrase says


def predicated_of(token: Token) -> Token | None:
    """For a predicate nominal ('he was a farmer', 'he was a farmer and a father') or an apposition ('Jim, a
    farmer'), the token it describes: the copula's subject or the apposition's head (None without a subject)."""
    if token.dep_ == "appos":
        return token.head
    copula = token.head if token.dep_ == "attr" else token.head.head
    return next((c for c in copula.children if c.dep_ in SUBJECT_DEPS), None)


def epithet_of(token: Token) -> Token | None:
    """For a bare person noun that opens its sentence before a comma and a subject pronoun ("Poor fellow, he
    was only twenty-two"), that pronoun: the phrase names whoever the pronoun refers to. None otherwise."""
    doc = token.doc
    if any(c.dep_ in ("det", "poss") for c in token.children) or not token.left_edge.is_sent_start \
            or token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
        return None
    pronoun = doc[token.i + 2]
    return pronoun if pronoun.lower_ in EPITHET_PRONOUNS and pronoun.dep_ in SUBJECT_DEPS else None


def is_predicate(token: Token) -> bool:
    """Whether the noun is a predicate nominal or an apposition: it describes someone named elsewhere; not one
    that `presents` someone."""
    conjoined = token.dep_ == "conj" and (token.head.dep_ == "attr" or _role_to(token))
    return (token.dep_ in ("attr", "appos") or conjoined) and not presents(token)


def _role_to(token: Token) -> bool:
    """A bare noun with a "to" after it, a role someone is to others ("She was a pharmacist, and mother to two boys",
    "wife to a farmer"): a predicate, whatever the parser hung it on."""
    return token.tag_ == "NN" and not any(c.dep_ in ("det", "poss") for c in token.children) \
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children)


def presents(token: Token) -> bool:
    """Whether the noun is an indefinite complement of a presenting "it" or "there" ("It was a woman in a blue
    blazer", "There was a man and a child at the door"): it brings someone new into the story, in focus as a
    subject is (Lappin and Leass's "existential emphasis")."""
    complement = token.head if token.dep_ == "conj" else token
    if complement.dep_ != "attr" or not any(c.lower_ in INDEFINITE_DETS for c in token.children if c.dep_ == "det"):
        return False
    subject = next((c for c in complement.head.children if c.dep_ in SUBJECT_DEPS | {"expl"}), None)
    return subject is not None and subject.lower_ in PRESENTING


def possessor(children: list[Token]) -> Token | None:
    """The possessor among a noun's children: 'his' in 'his wife', 'his' in 'a friend of his'."""
    for child in children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.dep_ == "pobj" and (grand.lower_ in POSSESSIVE_PRONOUNS or grand.pos_ == "PROPN"):
                    return grand
    return None


def restates(token: Token) -> bool:
    """A verbless fragment that opens with this noun phrase: 'Someone I hadn't seen in ages.'"""
    sent = token.sent
    if token.left_edge.i != sent.start and not all(t.is_punct for t in sent[: token.left_edge.i - sent.start]):
        return False
    root = sent.root
    return not finite(root)


def negated(token: Token) -> bool:
    """An indefinite under a negation ('Not for another woman') introduces nobody."""
    node = token
    for _ in range(3):
        if any(c.lower_ in NEGATIONS and c.i < token.i for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def unreal(token: Token, in_quote: list[int] | None = None) -> bool:
    """The phrase sits in a clause that does not tell what happened: a modal ("A stranger would want food"), a
    condition or supposition ("if a man came", "Suppose a man should elude the picket"), an order ("Give your card
    to some colleague"), up to the root of its sentence; with `in_quote` (per token, the quotation it is in, -1
    outside), up to the edge of its quotation: the frame's "the maid would say" does not make what she says unreal."""
    node = token
    while True:
        if in_quote is not None and in_quote[node.i] < 0:
            return False
        if node.pos_ in ("VERB", "AUX"):
            children = list(node.children)
            if node.lemma_.lower() in SUPPOSING or any(
                    c.dep_ == "aux" and c.lower_ in MODALS or c.dep_ == "mark" and c.lower_ in ("if", "unless")
                    for c in children):
                return True
            if node.dep_ == "ROOT" and node.tag_ == "VB" and not any(c.dep_ in ("nsubj", "aux") for c in children):
                return True  # an imperative
        if node.head.i == node.i:
            return False
        node = node.head


def antecedent(relative: Token) -> Token | None:
    """For a relative pronoun ('whose' in "some colleague whose wife ..."), the noun its relative clause modifies."""
    node = relative
    while node.dep_ != "relcl":
        if node.head.i == node.i:
            return None
        node = node.head
    return node.head


def generic(token: Token, quoted: bool, past: bool) -> bool:
    """The phrase stands for anyone of a kind, not for someone in the story: 'the kind of man', 'a kid like that',
    the subject of a present-tense clause in a quotation ("A man gets in a groove"), and any 'a man' of a
    present-tense clause in a `past` narration ("To a woman nothing seems impossible"); not in a clause about the
    speaker or the hearer ("A man wants to see you", a narrator's "I know a man who can help")."""
    if token.head.lower_ == "of" and token.head.head.lemma_.lower() in TYPE_NOUNS:
        return True
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "like" and any(g.pos_ in ("PRON", "DET") for g in c.children)
           for c in token.children):
        return True
    verb = _clause_verb(token)
    if verb is None or not _simple_present(verb):
        return False
    if any(t.lower_ in DEICTIC for t in verb.subtree):
        return False  # "A man wants to see you", a narrator's "I know a man who ...": someone here and now
    return token.dep_ in SUBJECT_DEPS if quoted else past


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause the noun sits in."""
    node = token
    while node.pos_ not in ("VERB", "AUX"):
        if node.head.i == node.i:
            return None
        node = node.head
    return node


def _simple_present(verb: Token) -> bool:
    """A verb in the simple present, active or passive ("gets", "is received", "cannot nerve"), not a progressive or
    a perfect ("is waiting", "has come")."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") or c.dep_ == "aux" and c.lower_ in PRESENT_AUX
               for c in verb.children)


# ---------------------------------------------------------------------- whom the phrase may refer to


def latest_described(entities: list[Entity], sentence: int) -> Entity | None:
    """The unnamed character whose last mention, in the sentence before, was a description: the one a verbless
    fragment restates ('an old friend of his. Someone he'd known since childhood')."""
    described = [(e.mentions[-1][0], e) for e in entities if e.mentions and not e.unnamed and e.kind != "named"
                 and e.mentions[-1][2] == "description" and e.mentions[-1][3] == sentence - 1]
    return max(described, key=lambda pair: pair[0])[1] if described else None


def known_by_head(entities: list[Entity], description: Description, excluded: list[Entity],
                  narrated: bool) -> Entity | None:
    """The most salient (then latest introduced) character, not `excluded`, described before with the same head
    noun, number and a compatible gender: the one 'the man' refers to. A `narrated` description takes one the
    narration has mentioned when there is one: not the man a speaker only spoke of ("A man gets in a groove")."""
    gender = description.gender
    same = [e for e in entities if description.lemma in e.heads and e.plural == description.plural
            and (gender is None or e.sex in (None, gender)) and e not in excluded]
    same = [e for e in same if e.narrated] or same if narrated else same
    return max(same, key=lambda e: (e.salience, e.born)) if same else None


def converse(owner: Entity | None, description: Description) -> Entity | None:
    """For a relative ('his wife') whose owner is someone's relative by the converse noun ('her husband'), that
    someone, when of a compatible gender: the wife of her husband is she."""
    if owner is None:
        return None
    gender = description.gender
    return next((other for noun, other in owner.keys if other is not None and noun in CONVERSES.get(
        description.lemma, ()) and (gender is None or other.sex in (None, gender))), None)
