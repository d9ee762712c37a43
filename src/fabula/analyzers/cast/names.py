"""Named characters: which capitalised words name a person, and which name forms name the same one.

`name_tokens(doc, pos, ents, capitalised)` -> the indices of the tokens that can be part of a name.
`named_characters(doc, head, sent_start, names, orth, other_words)` -> per name run, keyed by the index of its head
token, (first token incl. title, end token, person number), and per person number the gender a title gave them;
persons are numbered from 0, the one with the longest name form first. A name form is kept when its runs show person
evidence (a PERSON label, a title, subject, possessor or dative roles, being called: "My dear Tom,") and it is not a
common word; a shorter form joins the one longer form that introduced it ("Wells" -> "Jimmy Wells"), a nickname its
full name ("Jim" -> "James Young") and a bare title the one person introduced with it ("Madame" -> "Mme. Sofronie");
a form with no such host joins the one person whose longer name holds it later ("Mathilde", "Madame Loisel" ->
"Mathilde Loisel"). A capitalised family word with a role in its clause is a name ("Mom wore it", "went to Mom").
A person without a gendered title takes the gender of their given name ("Tom" -> male) or family word ("Mom" ->
female) when it is clearly one. The same name under a title of the other gender is another person: the one of that
gender named in full before with the surname, if there is one and she or he was not brought in as a blood relative
("Lena Strudwarden" for "Mrs. Strudwarden" beside "Strudwarden ... he"), else one numbered after the rest ("Mrs.
James Young" beside "Mr. James Young"); for a person first named without a title the gender compared is their given
name's, else the one the pronouns taking up their name say ("Peyton Farquhar ... he" beside "Mrs. Farquhar"), before
another name comes in.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from typing import NamedTuple

import numpy as np
from spacy.strings import get_string_id
from spacy.symbols import AUX, NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from fabula.analyzers.cast.words import (
    FAMILIAR, FRENCH_ARTICLES, KIN_GENDER, NAME_ENTITIES, NAME_PARTICLES, NOT_NAMES, SUBJECT_DEPS, epithet, full_title,
    given_name_gender, interjections, is_given_name, same_given_name, title_gender,
)
from fabula.analyzers.idset import IdSet
from fabula.analyzers.timex import is_day_or_month, is_feast

PLACE_PREPOSITIONS = ("in", "at", "to", "from", "into", "near", "toward", "towards")
INSTITUTIONS = frozenset({  # the last word of a place's or a business's name ("Maple Grove Memory Care", "Larch Court")
    "academy", "airport", "apartments", "avenue", "bakery", "bank", "bar", "boulevard", "bridge", "cafe", "café",
    "care", "cathedral", "center", "centre", "chapel", "church", "clinic", "club", "college", "court", "diner",
    "drive", "farm", "gym", "heights", "hospital", "hotel", "inn", "institute", "lane", "library", "mall", "market",
    "motel", "museum", "plaza", "pub", "ranch", "restaurant", "road", "salon", "school", "square", "station",
    "store", "street", "tower", "university"})
PLACE_NOUNS = frozenset({"town", "city", "village", "hamlet", "suburb", "country", "state", "county", "province",
                         "region", "place", "street", "road", "river", "lake", "island", "port", "capital"})
LAND = frozenset({  # what a place has and a person has not ("Jordan's deserts", "Madison's suburbs"); not a season
    # or a landscape a person may have too ("Lucy's summers", "mountains of laundry")
    "beaches", "border", "borders", "capital", "climate", "coast", "coastline", "countryside", "desert", "deserts",
    "downtown", "economy", "heat", "highways", "humidity", "neighborhoods", "neighbourhoods", "nightlife",
    "population", "roads", "skyline", "streets", "suburbs", "traffic", "weather"})


class NameRun(NamedTuple):
    """Name tokens in a row and the titles before them ("Mme. Sofronie"), as token indices."""

    title_start: int  # the first title token; `start` when there is no title
    start: int
    end: int
    gender: str | None  # the gender the titles give
    upper: bool  # all in capitals
    form: tuple[str, ...]  # the name's words, lowercased


PRONOUN_MARGIN = 2  # how many times more often one gender's pronoun must take up a name than the other's


@dataclass
class _Form:
    """What the runs of one name form show: where it first appears, how often, how much like a person,
    and the titles it was written with."""

    first: int
    count: int = 0
    evidence: float = 0.0
    titles: set[str] = field(default_factory=set)


def name_tokens(doc: Doc, pos: np.ndarray, ents: np.ndarray, capitalised: np.ndarray) -> set[int]:
    """Indices of the tokens that can be part of a name: capitalised proper nouns, nouns in a named entity,
    words of a PERSON entity the tagger misread as pronouns ("Zoë") that are no pronoun of English, and
    a capitalised modal before a past-tense verb, which no modal can be ("Will came home"); not a judgement that
    opens a sentence before a name ("Poor Drew, I kept thinking")."""
    maybe = np.flatnonzero((pos == PROPN) | (((pos == NOUN) | (pos == PRON)) & (ents != 0))).tolist()
    names = {i for i, token in zip(maybe, map(doc.__getitem__, maybe))
             if (token.pos == PROPN or token.ent_type_ in NAME_ENTITIES and token.pos == NOUN
                 or token.ent_type_ == "PERSON" and not token.is_stop)
             and token.is_alpha and token.text[:1].isupper() and token.lower_ not in NOT_NAMES}
    names -= {i for i in names if i + 1 in names and doc[i].is_sent_start and epithet(doc[i].lower_)}  # "Poor Drew"
    names |= {i for i in np.flatnonzero((pos == NOUN) & capitalised).tolist() if _familiar_name(doc[i])}
    names -= {i for i in names if doc[i].lower_ in FAMILIAR and _owned(doc[i])}  # "Jake's Mom" is no "Mom"
    return names | {i for i in np.flatnonzero((pos == AUX) & capitalised).tolist() if _named_modal(doc, i)}


FAMILIAR_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "attr", "conj"})


def _familiar_name(token: Token) -> bool:
    """A capitalised word a family calls its own by that someone or something is said of ("Mom wore it every day",
    "Mom's heart"), which the tagger reads as a name after "to" and as a noun opening a sentence: a name both times
    (one with a determiner or an owner is none, however tagged: see `name_tokens`). Not a call ("Mom, look!"), which
    names the one spoken to only as a word of the speaker's."""
    return token.lower_ in FAMILIAR and not token.is_upper and token.dep_ in FAMILIAR_ROLES


def _owned(token: Token) -> bool:
    """The word has a determiner or an owner ("the Mom", "Jake's Mom"): a description, whoever's it is."""
    return any(child.dep_ in ("det", "poss") for child in token.children)


def _named_modal(doc: Doc, i: int) -> bool:
    """Whether token i is a capitalised modal right before a past-tense verb: a name ("Will said")."""
    token = doc[i]
    return token.tag_ == "MD" and not token.is_upper and i + 1 < len(doc) and doc[i + 1].tag_ == "VBD"


def named_characters(doc: Doc, head: list[int], sent_start: list[bool], names: set[int], orth: np.ndarray,
                     other_words: np.ndarray) -> tuple[dict[int, tuple[int, int, int]], list[str | None]]:
    """Token index of a name's head -> (first token incl. title, end token, person number), and per person number
    the gender of the first gendered title they were named with (None without one). `head` holds each token's
    head index; `other_words` are the lowercased forms (string ids) of the tokens the tagger read as words of
    another class (adjectives, verbs...)."""
    runs = _runs(doc, names)
    forms = _forms(doc, head, sent_start, runs)
    person = _people(_accepted(forms, orth, other_words), forms)
    genders: list[str | None] = [None] * len(set(person.values()))
    spouses: dict[int, int] = {}  # person number -> the number of the one named alike with the other gender's title
    untitled = _untitled_genders(doc, head, runs, person)
    out: dict[int, tuple[int, int, int]] = {}
    for run in runs:
        if run.form not in person:
            continue
        number = person[run.form]
        known = genders[number] or untitled.get(number)
        if run.gender and known and run.gender != known:
            # "Mrs. James Young" beside "Mr. James Young", "Mrs. Farquhar" beside "Peyton Farquhar ... he": the
            # same name under a title of the other gender is another person, the one named in full before if
            # there is one ("Lena Strudwarden ... Mrs. Strudwarden" beside "Strudwarden ... he")
            if number not in spouses:
                named = _named_in_full(doc, run, person, forms, genders, untitled)
                spouses[number] = named if named is not None else len(genders)
                if named is None:
                    genders.append(run.gender)
            number = spouses[number]
        genders[number] = genders[number] or run.gender
        out[_run_head(head, run.start, run.end)] = (run.title_start, run.end, number)
    for key in sorted(person, key=len, reverse=True):  # untitled: the gender of the longest form's given name
        number = person[key]
        if genders[number] is None and number not in spouses.values():
            genders[number] = given_name_gender(key[0]) or KIN_GENDER.get(FAMILIAR.get(key[0], ""))  # "Mom": female
    return out, genders


def _named_in_full(doc: Doc, run: NameRun, person: dict[tuple[str, ...], int], forms: dict[tuple[str, ...], _Form],
                   genders: list[str | None], untitled: dict[int, str]) -> int | None:
    """The one person named before `run` by a longer form with its surname, of the gender its title gives ("Lena
    Strudwarden" for "Mrs. Strudwarden"), and not brought in as a blood relative ("his daughter, Alice Brown", "his
    sister Alice Brown": the title is the other one's wife's); None when there is none or more than one."""
    first = run.title_start
    found = {number for key, number in person.items()
             if len(key) > 1 and key[-1] == run.form[-1] and forms[key].first < first
             and (genders[number] or untitled.get(number) or given_name_gender(key[0])) == run.gender
             and not BLOOD_KIN.intersection(t.lower_ for t in doc[max(forms[key].first - 3, 0):forms[key].first])}
    return found.pop() if len(found) == 1 else None


BLOOD_KIN = frozenset({"daughter", "sister", "mother", "niece", "aunt", "granddaughter", "grandmother", "cousin",
                       "son", "brother", "father", "nephew", "uncle", "grandson", "grandfather"})


def _untitled_genders(doc: Doc, head: list[int], runs: list[NameRun], person: dict[tuple[str, ...], int]
                      ) -> dict[int, str]:
    """Person number -> the gender of a person first named without a title ("Peyton Farquhar"): their given name's
    ("Tom" -> male), else the pronouns that take up their name, untitled or under a title of no gender, as a subject
    (PRONOUN_MARGIN times more often one gender than the other). A later title of the other gender ("Mrs. Farquhar")
    then names someone else."""
    votes: dict[int, Counter] = {}
    first_titled: dict[int, bool] = {}
    starts = [run.title_start for run in runs if run.form in person]
    for run in runs:
        if run.form not in person:
            continue
        number = person[run.form]
        first_titled.setdefault(number, run.title_start < run.start)
        # a run under a gendered title ("Mrs. Farquhar ... she") may be the other person: it casts no vote
        if not first_titled[number] and run.gender is None \
                and doc[_run_head(head, run.start, run.end)].dep_ in SUBJECT_DEPS:
            gender = _next_subject_pronoun(doc, run.end, starts)
            if gender:
                votes.setdefault(number, Counter())[gender] += 1
    out: dict[int, str] = {}
    for key in sorted(person, key=len, reverse=True):
        number = person[key]
        if first_titled.get(number, True) or number in out:
            continue
        tally = votes.get(number, Counter())
        gender = given_name_gender(key[0])
        if gender is None and tally:
            (best, n), *rest = tally.most_common()
            gender = best if not rest or n >= PRONOUN_MARGIN * rest[0][1] else None
        if gender:
            out[number] = gender
    return out


def _next_subject_pronoun(doc: Doc, i: int, name_starts: list[int]) -> str | None:
    """The gender of the first "he" or "she" that is a subject after token i, in its sentence or the next one, before
    any quotation mark (a quotation is someone's speech, its pronouns their own) and before the next name (whose
    pronoun it may as well be: "Strudwarden spoke; Lena Strudwarden kept silent. She had no intention ...");
    `name_starts` are the first tokens of the runs that name people, in order."""
    sentence = doc[min(i, len(doc) - 1)].sent
    end = doc[sentence.end].sent.end if sentence.end < len(doc) else sentence.end
    following = bisect.bisect_left(name_starts, i)
    if following < len(name_starts):
        end = min(end, name_starts[following])
    for token in doc[i:end]:
        if token.is_quote and token.tag_ != "POS":  # a possessive's apostrophe ("the Jameses' house") quotes nothing
            return None
        if token.dep_ in SUBJECT_DEPS and token.lower_ in ("he", "she"):
            return "male" if token.lower_ == "he" else "female"
    return None


def _run_head(head: list[int], begin: int, end: int) -> int:
    """The token of begin..end whose head lies outside the run (or is itself): the run's head."""
    for k in range(begin, end):
        if not (begin <= head[k] < end) or head[k] == k:
            return k
    return end - 1


# ---------------------------------------------------------------------- runs of name tokens


def _runs(doc: Doc, names: set[int]) -> list[NameRun]:
    """The runs of name tokens, in text order, each with the titles before it."""
    runs = []
    end = 0
    for i in sorted(names):
        if i < end:  # inside the run before
            continue
        end = _run_end(doc, names, i)
        title_start, start, gender = _titles(doc, i, end)
        runs.append(NameRun(title_start, start, end, gender, all(doc[k].is_upper for k in range(start, end)),
                            tuple(doc[k].lower_ for k in range(start, end))))
    return runs


def _run_end(doc: Doc, names: set[int], i: int) -> int:
    """The end of the run of name tokens that starts at i, taking in particles between names ("van", "de")."""
    j = i + 1
    while j < len(doc) and (j in names or (
            doc[j].lower_ in NAME_PARTICLES and j + 1 < len(doc) and j + 1 in names)):
        j += 1
    return j


def _titles(doc: Doc, i: int, end: int) -> tuple[int, int, str | None]:
    """(first title token, first name token, gender) for the name tokens i..end: the titles before them, and
    titles that open them while a name follows; the gender comes from the first gendered title read."""
    start, gender = i, None
    while start > 0 and title_gender(doc[start - 1].lower_)[0] and not _after_an_article(doc, start - 1):
        start -= 1
        gender = gender or title_gender(doc[start].lower_)[1]
    while i < end and title_gender(doc[i].lower_)[0] and end - i > 1:
        gender = gender or title_gender(doc[i].lower_)[1]
        i += 1
    return start, i, gender


def _after_an_article(doc: Doc, k: int) -> bool:
    """A title word in lower case after an article is a common noun: "the father Gwen saw" (a relative clause
    without "that" follows), not Father Gwen."""
    return doc[k].is_lower and k > 0 and doc[k - 1].lower_ in ("the", "a", "an")


# ---------------------------------------------------------------------- evidence of a person


def _forms(doc: Doc, head: list[int], sent_start: list[bool], runs: list[NameRun]) -> dict[tuple[str, ...], _Form]:
    """Name form -> its tally over the runs not written in capitals, in order of first appearance."""
    forms: dict[tuple[str, ...], _Form] = {}
    for run in runs:
        if run.upper:
            continue
        form = forms.setdefault(run.form, _Form(first=run.start))
        form.count += 1
        form.evidence += _person_evidence(doc, head, sent_start, run)
        form.titles.update(full_title(doc[k].lower_) for k in range(run.title_start, run.start))
    return forms


def _person_evidence(doc: Doc, head: list[int], sent_start: list[bool], run: NameRun) -> float:
    """How much one run reads as a person's name: the signs of a person less those of a place and of a word."""
    token = doc[_run_head(head, run.start, run.end)]
    return (_signs_of_a_person(token, run) - _signs_of_a_place(token, run)
            - _signs_of_a_word(doc, sent_start, token, run))


def _signs_of_a_person(token: Token, run: NameRun) -> float:
    """A PERSON label, a title, a known given name or a family's word for its own ("Mom"), acting as a subject,
    possessing something, being given something (a dative), being called ("“Tom!”", "My dear Tom, ...")."""
    score = 0.0
    if token.dep_ == "dative" or _called(token.doc, run):
        score += 1
    if token.ent_type_ == "PERSON":
        score += 1.5
    if is_given_name(run.form[0]) or run.form[0] in FAMILIAR:  # "Tom", "Shannon", "Mom"
        score += 1
    if run.title_start < run.start:
        score += 3
    if token.dep_ in SUBJECT_DEPS and token.head.pos_ in ("VERB", "AUX") and token.head.lemma_ != "be" \
            or token.tag_ == "MD":  # a named modal ("Will said") is the subject the parser missed
        score += 1
    if token.dep_ == "poss" or any(c.tag_ == "POS" for c in token.children):
        score += 0.5
    return score


def _called(doc: Doc, run: NameRun) -> bool:
    """Whether a name run is a call to its bearer: after "dear" and before a comma, "!" or "?" ("My dear Tom,
    ..."); after an opening quotation mark and before a comma or "!" ("“Tom!”", not a question: "“Whither?”"); or
    between a comma and "!" or "?" ("Stop, Tom!")."""
    before = doc[run.title_start - 1].text if run.title_start > 0 else ""
    after = doc[run.end].text if run.end < len(doc) else ""
    if before.lower() == "dear":
        return after in (",", "!", "?")
    if before in ("“", '"'):
        return after in (",", "!")
    return before == "," and after in ("!", "?")


def _signs_of_a_place(token: Token, run: NameRun) -> float:
    """A place's entity label, unless a known given name acts as a person there (the recognizer takes "Tyler flew
    in" for the town); being the object of 'in', 'to', 'from'...; being said to be a town or the like."""
    score = 0.0
    if token.ent_type_ in ("GPE", "LOC", "FAC") and not (is_given_name(run.form[0]) and _acts(token)):
        score += 1
    if token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS:
        score += 1
    if _names_a_place_it_owns(token):
        score += 4
    if token.dep_ == "poss" and token.head.lower_ in LAND:
        score += 3  # "Madison's traffic had worn us down"
    if len(run.form) > 1 and run.form[-1] in INSTITUTIONS and not is_given_name(run.form[0]) \
            and not _acts(token) and run.title_start == run.start:
        score += 3  # "to Maple Grove Memory Care"; not "John Street" (a given name) nor "Thaddeus Lane kept the lamp"
    if token.dep_ == "nsubj" and token.head.lemma_ == "be" \
            and any(c.dep_ == "attr" and c.lemma_.lower() in PLACE_NOUNS for c in token.head.children):
        score += 2  # "Tyler was a quiet town"
    return score


def _names_a_place_it_owns(token: Token) -> bool:
    """The name owns a capitalised place's name that is where something is or goes: a place called after someone
    ("at St. Brendan’s Children’s Hospital", "to Joe's Diner"), not "to Tom's house", "Shannon's lawyer" or "to
    Kayla's Airbnb", which is no place's word (INSTITUTIONS)."""
    while token.dep_ == "poss" and token.head.pos == PROPN and not token.head.is_lower:
        token = token.head
    return token.pos == PROPN and token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS \
        and any(c.dep_ == "poss" for c in token.children) and token.lower_ in INSTITUTIONS


def _acts(token: Token) -> bool:
    """The name is the subject of a verb other than "be", or possesses something: what a person, not a place, does."""
    return token.dep_ == "poss" or token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") \
        and token.head.lemma_ != "be"


def _signs_of_a_word(doc: Doc, sent_start: list[bool], token: Token, run: NameRun) -> float:
    """A plural proper noun, a feast day ("Easter"), a title that is a word after "a" before no name ("a General
    Election", not "a Colonel Fitch"); and without a title: a plural common noun that does not act ("“Novels have
    been written ...”"), modifying a common noun, an article before it, being an interjection, opening a sentence
    without a PERSON label."""
    score = 0.0
    if token.tag_ == "NNPS":  # a plural proper noun names a people or a family ("Italians"), not one person
        score += 3
    if is_feast(" ".join(run.form)):
        score += 3
    if run.title_start < run.start:
        spelled_out = not doc[run.title_start].text.endswith(".")  # "General", not "Gen." or "Mr."
        after_a = run.title_start > 0 and doc[run.title_start - 1].lower_ in ("a", "an")
        named = token.ent_type_ == "PERSON" or any(is_given_name(word) for word in run.form)  # "a Colonel Fitch"
        return score + 3 * (spelled_out and after_a and not named)
    if token.tag_ == "NNS" and token.ent_type_ != "PERSON" and not _acts(token):
        score += 3  # the tagger's plural common noun, capitalised; not a surname in -s acting ("Banks nodded")
    if token.dep_ in ("compound", "amod") and token.head.pos == NOUN and token.head.is_lower:
        score += 2  # a modifier of a common noun ("a Norman peasant", "his Norman craftiness")
    if any(c.dep_ == "det" for c in token.children) or run.start > 0 and doc[run.start - 1].text in FRENCH_ARTICLES:
        score += 2  # a common noun with an article ("the Amontillado", "M'sieu le Maire")
    if run.end - run.start == 1 and token.lower_ in interjections():
        score += 2
    if sent_start[run.start] and token.ent_type_ != "PERSON":
        score += 0.5
    return score


# ---------------------------------------------------------------------- forms that name one person


def _accepted(forms: dict[tuple[str, ...], _Form], orth: np.ndarray, other_words: np.ndarray) -> set[tuple[str, ...]]:
    """The forms with person evidence that are not common words. A one-word name also written in lower case
    ("a mark") is a word unless it acts as a person about as often as it is named ("Mark told me"); one read as
    often as an adjective... is a word ("Chaque"). A longer form with more signs of a person than of a place or a
    word whose first word is a name accepted on its own is a name too ("Fridays belonged to Lorraine Hale", then
    "Lorraine"); not "Friday Lorraine" or "Big Lorraine", whose first word is none."""
    written = IdSet(orth)
    other_readings = Counter(other_words.tolist())
    accepted = {key for key, form in forms.items() if form.evidence >= 1 and not (len(key) == 1 and (
        get_string_id(key[0]) in written and form.evidence < form.count
        or other_readings[get_string_id(key[0])] >= form.count))}
    return accepted | {key for key, form in forms.items() if len(key) > 1 and form.evidence > 0
                       and (key[0],) in accepted}


def _people(accepted: set[tuple[str, ...]], forms: dict[tuple[str, ...], _Form]) -> dict[tuple[str, ...], int]:
    """Name form -> person number. Longest forms first; a form joins the earlier form it may be short for that was
    used most, else it names a new person."""
    numbers = count()
    person: dict[tuple[str, ...], int] = {}
    for key in sorted(accepted, key=lambda k: (-len(k), forms[k].first)):
        hosts = _hosts(key, person, forms)
        person[key] = person[max(hosts, key=lambda k: forms[k].count)] if hosts else next(numbers)
    return person


def _hosts(key: tuple[str, ...], person: dict[tuple[str, ...], int],
           forms: dict[tuple[str, ...], _Form]) -> list[tuple[str, ...]]:
    """The earlier forms, longer or as long, that hold each word of `key` or a nickname of it ("Wells" and "Jim"
    join "James Wells", "Dell" joins "Della"); for a bare title ("Madame") without one, the form of the one
    person introduced with it ("Mme. Sofronie"); without either, the longer forms of the one person named so only
    later (`_later_host`)."""
    first = forms[key].first
    hosts = [k for k in person if forms[k].first <= first and (
        len(k) > len(key) and set(key) <= set(k) or _names_match(key, k))]
    if not hosts and len(key) == 1 and title_gender(key[0])[0]:
        titled = {person[k]: k for k in person if forms[k].first <= first and full_title(key[0]) in forms[k].titles}
        hosts = list(titled.values()) if len(titled) == 1 else []
    return hosts or _glued_host(key, person) or _later_host(key, person)


def _glued_host(key: tuple[str, ...], person: dict[tuple[str, ...], int]) -> list[tuple[str, ...]]:
    """For a given name glued to a day or month that opens its sentence ("One Friday Lorraine did not come", "Sunday
    Lorraine stayed home"), the full names of the one person whose given name it is ("Lorraine Hale"); none when
    the given name is more than one person's. A nickname is another person ("Buffalo Bill" is not "Bill Harlan")."""
    if len(key) != 2 or not is_day_or_month(key[0].capitalize()):  # forms are lower case
        return []
    full = [k for k in person if len(k) > 1 and k != key and k[0] == key[1]]
    return full if len({person[k] for k in full}) == 1 else []


def _later_host(key: tuple[str, ...], person: dict[tuple[str, ...], int]) -> list[tuple[str, ...]]:
    """For a form no earlier form may be short for, the longer forms of the one person whose full name comes only
    later and holds it ("Mathilde" and "Madame Loisel", then "I am Mathilde Loisel"); none when the longer forms
    that hold it name more than one person."""
    longer = [k for k in person if len(k) > len(key) and _names_match(key, k)]
    return longer if len({person[k] for k in longer}) == 1 else []


def _names_match(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether every word of a name form is a word of a longer or equal form, or a nickname of one of them."""
    return all(any(same_given_name(word, other) for other in long) for word in short)
