"""Cast: who is in the story, where each appears, how they relate, and who says what.

`analyze_cast(story, doc) -> Cast` reads the clean text and its spaCy parse and returns the
narration mode, the characters with all their mentions, kinship/social relations, a
co-occurrence network and the quotations with their speakers.

The package: `reader` makes the one left-to-right reading that builds the cast, with `narration`
for its sentences and turns and the narration mode, `names` for named characters, `descriptions`
for the noun phrases that describe someone, `pronouns` for whom a pronoun may refer to, `speakers`
for who says each quote, `characters` for the `Entity` each character is while reading, `identities`
for where the story says two characters are one person and the joining of them, and `words` for the
word sets and lexicon; this module turns the reading into a Cast.

How (rules in the spirit of BookNLP, sized for short stories):
- narration is first-person when first-person singular pronouns outside quotations are
  frequent; the narrator is then a character of its own;
- named characters come from capitalised name runs (spaCy PROPN/entities) that show person
  evidence (PERSON label, a title, subject or possessor roles) and are not common words (also
  written in lower case and seldom acting as a person, read as another word class as often, an
  interjection, a plural, a modifier of a common noun, after an article);
  a bare name joins the one longer form that introduced it ("Wells" -> "Jimmy Wells"), and a
  nickname the full name that introduced it ("Jim" -> "James Young", "Dell" -> "Della"; the
  `nicknames` package's table of English given names), and a bare title the one person
  introduced with it ("Madame" -> "Mme. Sofronie"); the same name under a title of the other
  gender is another person ("Mrs. James Young"); a character's gender comes from a gendered
  title, else from a clearly gendered given name (resources/given_names.txt), else from the
  pronouns that come to refer to them;
- unnamed characters come from noun phrases headed by a person noun (resources/person_nouns.txt):
  a possessive kinship/social noun is *relational* and keyed by its possessor ("my mother"; a "whose" is the
  noun its relative clause modifies: "some colleague whose wife", while "gentlemen whose wives" are nobody);
  an indefinite one introduces a new character unless it stands for anyone of a kind ("A man gets in a
  groove", "a kid like that", "the kind of man"; in a past-tense narration any "a man" of a present-tense
  clause); a definite one ("the man") joins the latest character described with the same head (in
  narration, one the narration has mentioned); a verbless fragment right after an introduction ("an old
  friend of his. Someone he'd known since childhood") restates it; predicate nominals and appositions join
  their subject (a name or description said to be "a boy" is "the boy" from then on), an opening epithet
  ("Poor fellow, he ...") the one its pronoun refers to;
- a name given to someone met as another character joins them once the reading is done: by an apposition
  ("the housekeeper, Mrs. Purdy"), a copula ("the kid was Johnny", "her name was Ellen", a speaker's "I am
  ..."), a naming verb ("they called him Red Chief", "a boy named Tom"), a vocative said "to" someone ('"Red
  Chief," says I to the kid'), or by taking over, as the subject of a narrated clause, from the described
  character of its gender in focus who is never described again nor acted on by it ("The girl ... Mathilde
  suffered"); an apposition in a list of people names nobody ("the doctor, Mr. Kay, the nurse and the cook"); two
  relatives of one owner by one noun are then one, and a story's two couples that share nobody ('her husband'
  of the girl, 'his wife' of Lantin) are one marriage unless the two men or the two women act on each other;
- third-person pronouns go to the most salient compatible character (salience: role-weighted
  mentions decaying per sentence; gender, number, no object/subject binding in one clause,
  never the speaker inside their own quote); an ambiguous or unmatched pronoun stays unlinked,
  except that a story-opening "he"/"she" with nobody to refer to opens an unnamed character,
  kept when referred to at least MIN_UNNAMED times;
- plural groups ("the children") take plural pronouns while reading but are reported only
  when anchored to someone ("your siblings", "my men"): unanchored crowds are scenery;
- quotations get their speaker from a speech verb's subject, else from the one character
  acting in the same paragraph (adjacency), else by turn-taking in alternating dialogue.

Coreference packages: `coreferee` 1.5.0 installs from PyPI (it accepts spaCy 3.8), but its
English model `coreferee-model-en` is not on PyPI (only on GitHub releases), so it cannot be
installed offline and was not used (checked with pip against PyPI; no comparison on the dev
set was possible). On the dream-job story these rules link 65 of 65 "he/him/his" outside
quotations to the husband.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc

from fabula.analyzers.cast.characters import MIN_UNNAMED, Entity, name_label
from fabula.analyzers.cast.reader import Reader
from fabula.analyzers.cast.words import person_nouns
from fabula.model import Cast, Span, Story

__all__ = ["analyze_cast", "person_nouns"]

MAIN_SHARE = 0.15
RELATIVE_CLAUSE = re.compile(r"\s+(?=(?:who|whom|whose|which|that)\s)")  # where a description's relative clause opens


# ---------------------------------------------------------------------- assembling the cast


def analyze_cast(story: Story, doc: Doc) -> Cast:
    """Story + Doc -> Cast: narration, characters with mentions, relations, co-occurrence network, quotes.

    The cast is assembled as plain data and validated once: one pydantic call for the whole
    cast costs less than one per character, mention and quote.
    """
    reader = Reader(story, doc)
    reader.read()
    spoken = Counter(speaker for q in range(len(reader.quotes))
                     if (speaker := reader.speakers.attribution(q)[0]) is not None)
    characters = _characters(_kept(reader), reader.narrator, story.text, spoken)
    ids = {c["id"] for c in characters}
    return Cast.model_validate({
        "narration": "first-person" if reader.first_person else "third-person",
        "narrator": reader.narrator.id if reader.narrator else None, "characters": characters,
        "relations": _relations(reader.relations, ids), "network": _network(characters),
        "quotes": _quotes(reader, ids, story.text),
    })


def _kept(reader: Reader) -> list[Entity]:
    """The characters worth reporting: mentioned, an unnamed he/she only when mentioned MIN_UNNAMED times, a group
    only when anchored to someone; and the narrator, first, even when never mentioned."""
    kept = [e for e in reader.entities if e.mentions and not (e.unnamed and len(e.mentions) < MIN_UNNAMED)
            and not (e.kind == "group" and not e.keys)]
    if reader.narrator is not None and reader.narrator not in kept:
        kept.insert(0, reader.narrator)
    return kept


def _main_ids(kept: list[Entity], narrator: Entity | None, spoken: Counter) -> set[str]:
    """The ids of the main characters: the narrator, the one or two most present others (with MIN_UNNAMED mentions
    and at least half the most present one's presence), and anyone with MAIN_SHARE of all presence. Presence is
    mentions plus quotations spoken (`spoken`, per entity): a character who talks through a story is in it."""
    presence = {e.id: len(e.mentions) + spoken[e] for e in kept}
    total = sum(presence.values()) or 1
    ranked = sorted((e for e in kept if e is not narrator), key=lambda e: -presence[e.id])
    most = presence[ranked[0].id] if ranked else 0
    top = {e.id for e in ranked[:2] if len(e.mentions) >= MIN_UNNAMED and presence[e.id] >= most / 2}
    return {e.id for e in kept if e is narrator or e.id in top or presence[e.id] / total >= MAIN_SHARE}


def _characters(kept: list[Entity], narrator: Entity | None, text: str, spoken: Counter) -> list[dict]:
    """The characters (as Character fields): main ones first, the narrator first among them, then by mentions
    (most first) and first mention."""
    main = _main_ids(kept, narrator, spoken)
    characters = [_character(entity, text, entity.id in main) for entity in kept]
    characters.sort(key=lambda c: (c["importance"] != "main", c["kind"] != "narrator", -c["mention_count"],
                                   c["first_mention"]))
    return characters


def _character(entity: Entity, text: str, main: bool) -> dict:
    """One character's fields, its mentions in text order."""
    mentions = sorted(entity.mentions)
    return {
        "id": entity.id, "label": _label(entity, text), "kind": entity.kind,
        "gender": entity.sex or "unknown", "plural": entity.plural,
        "aliases": list(dict.fromkeys(text[s:e] for s, e, kind, _, _ in mentions if kind != "pronoun")),
        "mentions": [{"start": s, "end": e, "text": text[s:e], "character": entity.id, "kind": kind,
                      "sentence": sent, "in_quote": quoted} for s, e, kind, sent, quoted in mentions],
        "mention_count": len(mentions), "first_mention": mentions[0][0] if mentions else 0,
        "importance": "main" if main else "minor",
    }


def _relations(found: list[tuple[Entity, Entity, str, Span]], ids: set[str]) -> list[dict]:
    """The relations (as Relation fields) between reported characters, each (source, target, relation) once."""
    relations, seen = [], set()
    for source, target, relation, evidence in found:
        if source.id in ids and target.id in ids and (source.id, target.id, relation) not in seen:
            seen.add((source.id, target.id, relation))
            relations.append({"source": source.id, "target": target.id, "relation": relation, "evidence": evidence})
    return relations


def _quotes(reader: Reader, ids: set[str], text: str) -> list[dict]:
    """The quotations (as Quote fields) with their speakers; a speaker who is not reported makes the quote
    unattributed."""
    quotes = []
    for q, span in enumerate(reader.quotes):
        speaker, confidence, method, cue = reader.speakers.attribution(q)
        if speaker is not None and speaker.id not in ids:
            speaker, confidence, method, cue = None, 0.0, "none", None
        quotes.append({"start": span.start, "end": span.end, "text": text[span.start:span.end],
                       "speaker": speaker.id if speaker else None, "confidence": confidence, "method": method,
                       "cue": cue})
    return quotes


def _label(entity: Entity, text: str) -> str:
    """A character's label: the one it was given (a description's words, lower-case at the start unless a proper
    noun opens them: 'her husband'; 'Narrator'; 'the jeweler' for 'the jeweler whose name was found within' when
    the story also says 'the jeweler' of them), else its longest name (the most used, then the last in alphabetical
    order), else 'he (unnamed)', 'she (unnamed)' or 'they (unnamed)'."""
    if not entity.label:
        return name_label(entity, text)
    head = RELATIVE_CLAUSE.split(entity.label, maxsplit=1)[0]
    said = {text[s:e].lower() for s, e, kind, _, _ in entity.mentions if kind != "pronoun"}
    return head if head != entity.label and head.lower() in said else entity.label


def _network(characters: list[dict]) -> list[dict]:
    """Co-occurrence ties (as Tie fields): +1 for every sentence that mentions both characters."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for character in characters:
        for mention in character["mentions"]:
            by_sentence[mention["sentence"]].add(character["id"])
    weights: Counter = Counter()
    for present in by_sentence.values():
        ordered = sorted(present)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                weights[(a, b)] += 1
    return [{"a": a, "b": b, "weight": float(w)} for (a, b), w in sorted(weights.items())]
