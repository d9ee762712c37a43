"""Identities: where the story says that two characters are one person, and the joining of them.

The reading meets a name and a description of one person as two characters when nothing told it they are one:
"the housekeeper, Mrs. Purdy", "the kid was Johnny", "her name was Ellen", "they called him Red Chief", "a boy
named Tom", and in speech the name a speaker calls the one spoken to ('"Red Chief," says I to the kid').
`named_one(head)` -> for the head token of a name, the token of the one it names, or None; `called_one(head, start,
end, quote_start, quote_end)` -> whether a name said in a quote is a vocative. `took_over(described, at, text)` ->
whether a name that came in while a description was in focus took over from it ("The girl ... Mathilde suffered").
`familiar_pairs(entities, text, narrator)` -> a name the narrator's family uses ("Grandpa Walt") and the narrator's
one relative of that kind ("my grandfather"). `unite(pairs, entities, label, together)` -> each character that
joins another -> the one it joins, after moving its mentions there: named ones keep their name; two relatives of one
owner by one noun ('her husband' of the girl, and of Mathilde once she is the girl) are one as well, and so are the
husbands and the wives of a story that tells of two couples who are one marriage ('her husband' of the girl, 'his
wife' of Lantin).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from fabula.analyzers.cast.characters import Entity
from fabula.analyzers.cast.words import (
    CHILD_FAMILIAR, FAMILIAR, NEGATIONS, PARENTS, SIBLINGS, SUBJECT_DEPS, same_given_name,
)

SPOUSES = {"husband", "wife"}
NAMING_VERBS = {"call", "name", "nickname", "christen", "dub"}
KNOWN_AS = NAMING_VERBS | {"know", "introduce", "address", "describe"}  # a name given with "as": "known as Bob"
COPULAS = {"be"}


def named_one(head: Token) -> Token | None:
    """For the head token of a name, the token standing for the one the name is given to: the noun it is in
    apposition to ("the housekeeper, Mrs. Purdy"), the subject of a copula it completes ("the kid was Johnny", "I
    am Mathilde Loisel"; the owner of a 'name': "her name was Ellen"; no other pronoun, whose referent is a guess:
    "She's Annabel"), the object of a naming verb ("they called him Red Chief") or the noun a naming participle
    modifies ("a boy named Tom", "a man known as Lucky Sam"). None elsewhere: in a list ("the doctor, Mr. Kay, the nurse
    and the cook"; not one of pairs: "her son, Brad, and his wife, Whitney"), a question, under a negation or in a
    subordinate clause ("You're not Jimmy Wells", "Are you Bob?")."""
    if head.dep_ == "appos":
        listed = any(t.dep_ == "conj" and not _named_in_turn(t) for t in (*head.subtree, *head.head.children))
        return head.head if head.head.pos_ == "NOUN" and not listed else None
    verb = head.head
    if head.dep_ == "attr" and verb.lemma_.lower() in COPULAS and _asserted(verb):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.lemma_.lower() == "name":
            return next((c for c in subject.children if c.dep_ == "poss"), None)
        return subject if subject is not None and (subject.pos_ != "PRON" or subject.lower_ == "i") else None
    if head.dep_ in ("oprd", "dobj") and verb.lemma_.lower() in NAMING_VERBS and _asserted(verb):
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a boy named Tom"
            return verb.head
        return next((c for c in verb.children if c.dep_ == "dobj" and c.i < head.i), None)  # the one named first
    if head.dep_ == "pobj" and verb.lower_ == "as":
        return _known_as(verb.head)
    return None


def _named_in_turn(noun: Token) -> bool:
    """A noun joined to a name that has a name of its own in apposition: "her son, Brad, and his wife, Whitney" pairs
    each person with a name, where "the doctor, Mr. Kay, the nurse and the cook" lists people."""
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in noun.children)


def _known_as(verb: Token) -> Token | None:
    """For the verb of a name's "as" ("known as Lucky Sam"), the one the name is given to: the noun its participle
    modifies ("a man known as Lucky Sam") or its object ("everyone knew him as Red Jack"); None for other verbs, and
    for a verb the parser joined to another clause, whose one is not in view."""
    if verb.lemma_.lower() not in KNOWN_AS or not _asserted(verb):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return next((c for c in verb.children if c.dep_ == "dobj"), None) if verb.dep_ != "conj" else None


def _asserted(verb: Token) -> bool:
    """Whether the clause of this verb asserts: not negated, not a question, not subordinate ("before him was")."""
    if any(c.lower_ in NEGATIONS or c.dep_ == "mark" for c in verb.children):
        return False
    return not any(t.text == "?" for t in verb.sent)


def called_one(head: Token, start: int, end: int, quote_start: int, quote_end: int) -> bool:
    """Whether a name (tokens start..end, `head` its head) is a vocative filling a stretch of its quote (tokens
    quote_start..quote_end, the marks excluded): only punctuation between it and the quote's edge or the commas,
    '!', '?' or '.' around it ('"Red Chief," says I', '"Come, Mathilde."')."""
    doc = head.doc
    before = doc[start - 1] if start > quote_start else None
    after = doc[end] if end < quote_end else None
    opens = before is None or before.text in (",", "!", "?", ".", "—", "--")
    closes = after is None or after.text in (",", "!", "?", ".", ";", "—", "--")
    return opens and closes


def took_over(described: Entity, at: int, text: str) -> bool:
    """Whether a described character is never named, nor described by its own head nouns ('the girl', not 'his
    wife'), again from character offset `at` of the story's text on, where a name of its gender came in while it was
    in focus: the name took over from the description."""
    for start, end, kind, _, _ in described.mentions:
        if start >= at and (kind == "name" or kind == "description" and described.heads & set(
                text[start:end].lower().split())):
            return False
    return True


# ---------------------------------------------------------------------- joining


def familiar_pairs(entities: list[Entity], text: str, narrator: Entity | None,
                   others_say: Callable[[Entity], bool]) -> list[tuple[Entity, Entity]]:
    """In a first-person story, a character named as the narrator's family calls it ("Grandpa Walt", "Nana June", "Dad")
    and the narrator's relatives of that kind ("my grandfather", "my dad", "my father"): one person when the story
    has one such name; none when there are two named "Grandpa", and never someone else's
    ("Tom's father" is not "Dad"). A child's word (CHILD_FAMILIAR) that another speaker says (`others_say`:
    "“Mommy said I can't stay,” Lucy told me") is that child's parent, so it joins no relative of the narrator;
    "Dad" in a brother's mouth may be the narrator's father too."""
    if narrator is None:
        return []
    named: dict[str, list[Entity]] = {}
    for entity in entities:
        firsts = {first for s, e, kind, _, _ in entity.mentions if kind == "name"
                  and (first := text[s:e].split()[0].lower()) in FAMILIAR}
        nouns = {FAMILIAR[first] for first in firsts}
        if entity.kind == "named" and len(nouns) == 1 and not (firsts & CHILD_FAMILIAR and others_say(entity)):
            named.setdefault(nouns.pop(), []).append(entity)
    pairs = []
    for noun, ones in named.items():
        relatives = [e for e in entities if e.kind != "named"
                     and any(FAMILIAR.get(n, n) == noun and o is narrator for n, o in e.keys)]  # "my dad" too
        if len(ones) == 1:  # the narrator's one father, whether "my dad" or "my father"
            pairs.extend((relative, ones[0]) for relative in relatives)
    return pairs


def unite(pairs: list[tuple[Entity, Entity]], entities: list[Entity], label: Callable[[Entity], str],
          together: set[frozenset]) -> dict[Entity, Entity]:
    """Join each pair of characters said to be one (not a pair of other genders, with a group, or of two narrators),
    then, until none is left, any two relatives of one owner by one noun, and the two husbands and two wives of
    `_one_marriage` (`together`: pairs of characters some verb has as subject and object). Returns every character
    that joined another -> the one it joined; their mentions, keys, heads and votes are moved there. A named
    character joined by another named one keeps its `label` ("Bill Driscoll", not "Old Hank")."""
    joined: dict[Entity, Entity] = {}
    for a, b in pairs:
        a, b = _final(a, joined), _final(b, joined)
        if a is not b and _joinable(a, b):
            keeper, gone = _keeper_first(a, b)
            if keeper.kind == gone.kind == "named" and keeper.label is None:
                keeper.label = label(keeper)
            _join(keeper, gone, joined)
    _join_relatives(entities, joined)
    for a, b in _one_marriage(entities, joined, together, label):
        if _joinable(a, b):
            _join(*_keeper_first(a, b), joined)
    _join_relatives(entities, joined)
    return {gone: _final(gone, joined) for gone in joined}


def _join_relatives(entities: list[Entity], joined: dict[Entity, Entity]) -> None:
    """Join, until none is left, two characters keyed by one noun of one owner."""
    while (pair := _same_relative(entities, joined)) is not None:
        _join(*_keeper_first(*pair), joined)


def _one_marriage(entities: list[Entity], joined: dict[Entity, Entity], together: set[frozenset],
                  label: Callable[[Entity], str]) -> list[tuple[Entity, Entity]]:
    """When the story's husbands and wives make exactly two couples of four characters ('her husband' of the girl,
    'his wife' of Lantin), the pairs that are one person: the two men and the two women, unless they act on each
    other in one clause (`_apart`) or the couple they would make is two names of two families (`_one_family`).
    Otherwise none: a third couple is other people."""
    couples = {frozenset(couple): couple for couple in _couples(entities, joined)}
    if len(couples) != 2:
        return []
    (man, woman), (other_man, other_woman) = couples.values()
    if len({man, woman, other_man, other_woman}) != 4 or not (
            _apart(man, other_man, together, joined) and _apart(woman, other_woman, together, joined)
            and _one_family((man, other_man), (woman, other_woman), label)
            and _may_share_a_name(man, other_man, label) and _may_share_a_name(woman, other_woman, label)):
        return []
    return [(man, other_man), (woman, other_woman)]


def _may_share_a_name(a: Entity, b: Entity, label: Callable[[Entity], str]) -> bool:
    """Whether two characters may be one by their names: not two named ones whose names share no word or nickname
    ("Nate", the husband of one couple, is not "Daniel", the husband of another)."""
    if not (a.kind == b.kind == "named"):
        return True
    words, others = label(a).lower().split(), label(b).lower().split()
    return any(same_given_name(w, o) for w in words for o in others)


def _one_family(men: tuple[Entity, Entity], women: tuple[Entity, Entity], label: Callable[[Entity], str]) -> bool:
    """Whether the husband and the wife that joining `men` and `women` would make may be one couple: not when both
    are named with a family name and the two differ (Mrs. Harlow's husband and the wife of Mr. Pell are two couples;
    "Monsieur Lantin" and "Madame Lantin" may be one). A lone given name ("Désirée") tells no family."""
    his = {words[-1] for m in men if m.kind == "named" and len(words := label(m).split()) > 1}
    hers = {words[-1] for w in women if w.kind == "named" and len(words := label(w).split()) > 1}
    return not (his and hers) or bool(his & hers)


def _couples(entities: list[Entity], joined: dict[Entity, Entity]) -> list[tuple[Entity, Entity]]:
    """(husband, wife) for each single character keyed as the husband or the wife of a single owner."""
    out = []
    for entity in entities:
        if entity in joined or entity.plural:
            continue
        for noun, owner in entity.keys:
            owner = _final(owner, joined) if owner is not None else None
            if noun in SPOUSES and owner is not None and not owner.plural and owner is not entity:
                out.append((entity, owner) if noun == "husband" else (owner, entity))
    return out


def _apart(a: Entity, b: Entity, together: set[frozenset], joined: dict[Entity, Entity]) -> bool:
    """Whether two characters never act in one clause, one verb's subject and the other its object (`together`:
    the pairs of characters some verb has both as its arguments; followed through the joins)."""
    return not any({_final(x, joined) for x in pair} == {a, b} for pair in together)


def _final(entity: Entity, joined: dict[Entity, Entity]) -> Entity:
    """The character an entity has joined, through any chain of joins; itself when it joined none."""
    while entity in joined:
        entity = joined[entity]
    return entity


def _joinable(a: Entity, b: Entity) -> bool:
    """Two characters that may be one: single, not groups, not two narrators, not of two genders."""
    if a.plural or b.plural or a.kind == "group" or b.kind == "group":
        return False
    if a.kind == "narrator" and b.kind == "narrator":
        return False
    return not (a.sex and b.sex and a.sex != b.sex)


def _keeper_first(a: Entity, b: Entity) -> tuple[Entity, Entity]:
    """(the one kept, the one joining it): the narrator, else a named one, else the one mentioned more often."""
    rank = {"narrator": 0, "named": 1}
    return (a, b) if (rank.get(a.kind, 2), -len(a.mentions)) <= (rank.get(b.kind, 2), -len(b.mentions)) else (b, a)


def _join(keeper: Entity, gone: Entity, joined: dict[Entity, Entity]) -> None:
    """Move what `gone` knows of itself to `keeper`, and record the join."""
    keeper.mentions.extend(gone.mentions)
    keeper.mentions.sort()
    keeper.heads |= gone.heads
    keeper.keys |= gone.keys
    keeper.male_votes += gone.male_votes
    keeper.female_votes += gone.female_votes
    keeper.gender = keeper.gender or gone.gender
    keeper.narrated = keeper.narrated or gone.narrated
    keeper.unnamed = keeper.unnamed and gone.unnamed
    if keeper.kind != "named" and keeper.label is None:
        keeper.label = gone.label
    joined[gone] = keeper


def _family_owner(noun: str, owner: Entity, joined: dict[Entity, Entity]) -> Entity:
    """Whose parent or grandparent (`noun`) this is: of the one the owner is a brother or sister of ("“Our mother is
    sick,” my sister Kate said": the narrator's mother), else of the owner."""
    if noun not in PARENTS:
        return owner
    siblings = [_final(other, joined) for kin, other in owner.keys if kin in SIBLINGS and other is not None]
    siblings = [one for one in siblings if one is not owner]  # the first met, when one is brother to two
    return min(siblings, key=lambda one: one.mentions[0][0] if one.mentions else 0) if siblings else owner


def _same_relative(entities: list[Entity], joined: dict[Entity, Entity]) -> tuple[Entity, Entity] | None:
    """Two characters, not yet joined, keyed by one noun of one owner (owners followed through the joins; a family's
    word is its noun: "my mom" is "my mother"; a brother's or sister's parents are their sibling's: `_family_owner`)."""
    seen: dict[tuple, Entity] = {}
    for entity in entities:
        if entity in joined:
            continue
        for noun, owner in entity.keys:
            if owner is None:
                continue
            noun = FAMILIAR.get(noun, noun)
            key = (noun, _family_owner(noun, _final(owner, joined), joined))
            other = seen.setdefault(key, entity)
            if other is not entity and _joinable(other, entity):
                return other, entity
    return None
