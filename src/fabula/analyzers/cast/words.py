"""The words the cast is read from: closed-class word sets, and the lexicon of person nouns and titles.

The constants are the pronouns, determiners and name particles the rules test tokens against, and the
parser's tags and labels they read. `lexicon()` -> a `Lexicon` of resources/person_nouns.txt and
resources/titles.txt; `person_nouns()` -> the person nouns' lemmas. One question about a word each:
`person_word(lemma, lower)` -> (gender, class) or None, `title_gender(lower)` -> (is a title, gender),
`full_title(lower)` -> the title's full form, `interjections()` -> resources/interjections.txt,
`same_given_name(a, b)` -> whether one given name is the other or a nickname of it, and
`given_name_gender(word)` -> the gender resources/given_names.txt gives a name ("tom" -> "male"), or None;
and one about a verb, `finite(verb)` -> whether it is tensed (the claims and the timeline read it too).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from fabula.analyzers.lexicons import rated
from fabula.resources import data_lines

# pronouns and the words for someone
FIRST_SG = {"i", "me", "my", "mine", "myself"}
PRONOUN_GENDER = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
    "they": None, "them": None, "their": None, "theirs": None, "themselves": None,
}
POSSESSIVE_PRONOUNS = {"my", "his", "her", "their", "your", "our", "mine", "hers", "theirs", "yours", "ours"}
INDEFINITE_PEOPLE = {"someone", "somebody"}
NOT_NAMES = FIRST_SG | PRONOUN_GENDER.keys()

# kinship nouns and their converses: the wife of her husband is she, the mother of her son is she
_PARENTS, _CHILDREN = {"mother", "father", "parent"}, {"son", "daughter", "child"}
CONVERSES = {"wife": {"husband"}, "husband": {"wife"}, **dict.fromkeys(_PARENTS, _CHILDREN),
             **dict.fromkeys(_CHILDREN, _PARENTS)}

# determiners, quantifiers and negations
INDEFINITE_DETS = {"a", "an", "another", "some"}
DEFINITE_DETS = {"the", "this", "that", "these", "those"}
QUANTIFIERS = {"no", "all", "every", "each", "any", "both", "many", "most", "few", "several"}
NEGATIONS = {"not", "no", "never", "n't", "n’t"}

# the words around and inside names, and the nouns that end like a person noun without being one
NAME_PARTICLES = {"von", "van", "de", "la", "le", "du", "da", "di", "del", "der"}
FRENCH_ARTICLES = {"le", "la", "les"}  # lower-case, before a capitalised word outside a name: a noun ("le Maire")
PERSON_SUFFIXES = ("man", "woman", "men", "women", "maker", "keeper")
NOT_PEOPLE = {"human", "german", "roman", "talisman", "woman's", "amen", "ramen", "shaman"}

# the parser's tags, dependency labels and entity labels the rules read
FINITE = {"VBD", "VBZ", "VBP", "MD"}

FAMILIAR = {  # what a family calls its own, as a name ("Grandpa Walt", "Nana", "Dad") -> the kinship noun
    "grandpa": "grandfather", "granddad": "grandfather", "grandad": "grandfather", "gramps": "grandfather",
    "grandma": "grandmother", "granny": "grandmother", "nana": "grandmother", "nanna": "grandmother",
    "mom": "mother", "mum": "mother", "mommy": "mother", "mummy": "mother", "mama": "mother", "mamma": "mother",
    "dad": "father", "daddy": "father", "papa": "father"}
CHILD_FAMILIAR = {"mommy", "mummy", "daddy"}  # what a child calls a parent: another child saying it names their own
THIRD_PERSON = {"he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their"}  # resolved by guess
SIBLINGS = {"brother", "sister", "sibling", "twin"}  # whose parents are the narrator's too
PARENTS = {"mother", "father", "parent", "grandmother", "grandfather", "grandparent"}  # shared by brothers and sisters
KIN_GENDER = {"mother": "female", "grandmother": "female", "father": "male", "grandfather": "male"}


def finite(verb) -> bool:
    """A verb (a spaCy Token, or any copy with tag_, dep_ and children) that is tensed itself or through an
    auxiliary ("he took", "he had sold"), not a participle or infinitive ("the shot humming")."""
    return verb.tag_ in FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in verb.children)


OBJECT_DEPS = {"dobj", "iobj", "dative", "pobj"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ARRIVALS = {"come", "arrive", "enter", "appear", "approach", "walk", "step", "knock", "emerge", "burst", "stroll",
            "wander", "ride", "drive"}  # a person arriving on the scene: a newcomer, not someone described before
NAME_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")  # entity labels that make a capitalised common noun part of a name


class Lexicon(NamedTuple):
    """The person nouns and titles of resources/, with the gender each word gives."""

    person_nouns: dict[str, tuple[str | None, str]]  # lemma -> (gender, class: kin, social, role or generic)
    title_genders: dict[str, str | None]  # title -> gender ("mrs" -> "female", "dr" -> None)
    title_forms: dict[str, str]  # abbreviated title -> full form ("mme" -> "madame")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The `Lexicon` read from resources/person_nouns.txt and resources/titles.txt."""
    def rows(name: str) -> list[list[str]]:
        return [line.split("|") for line in data_lines(name)]

    sex = {"f": "female", "m": "male", "-": None}
    nouns = {row[0]: (sex[row[1]], row[2]) for row in rows("person_nouns.txt")}
    titles = rows("titles.txt")
    return Lexicon(person_nouns=nouns, title_genders={row[0]: sex[row[1]] for row in titles},
                   title_forms={row[0]: row[2] for row in titles if len(row) > 2})


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """The lemmas of the nouns that denote a person (resources/person_nouns.txt): 'farmer', 'mother'..."""
    return frozenset(lexicon().person_nouns)


@lru_cache(maxsize=8192)
def person_word(lemma: str, lower: str) -> tuple[str | None, str] | None:
    """(gender, class) when a noun with this lowercased lemma and form denotes a person (or people)."""
    nouns = lexicon().person_nouns
    if lemma in nouns:
        return nouns[lemma]
    if lower in nouns:
        return nouns[lower]
    if lower.endswith(PERSON_SUFFIXES) and len(lower) > 5 and lower not in NOT_PEOPLE and lemma not in NOT_PEOPLE:
        return ("female" if "wom" in lower else "male" if lower.endswith(("man", "men")) else None), "role"
    return None


@lru_cache(maxsize=4096)
def title_gender(lower: str) -> tuple[bool, str | None]:
    """(is it a title, the gender it gives) for a lowercased word such as 'mrs.'."""
    titles = lexicon().title_genders
    word = lower.rstrip(".")
    if word in titles or lower in titles:
        return True, titles.get(word, titles.get(lower))
    return False, None


def full_title(lower: str) -> str:
    """A lower-case title word in its full form, without a period ("Mme." -> "madame")."""
    word = lower.rstrip(".")
    forms = lexicon().title_forms
    return forms.get(lower, forms.get(word, word))


@lru_cache(maxsize=1)
def interjections() -> frozenset[str]:
    """Interjections and one-word greetings ("ho", "farewell") from resources/interjections.txt."""
    return frozenset(data_lines("interjections.txt"))


def epithet(word: str) -> bool:
    """Whether a lower-case word is a judgement that may stand before a name ("Poor Drew", "Dear John", "Brave
    Tom"): a word of VADER's lexicon that is no given name or nickname ("Grace", "Joy", "Rich" stay names)."""
    names = _nicknamer()
    return rated(word) and not is_given_name(word) \
        and not (names.nicknames_of(word) or names.canonicals_of(word))


@lru_cache(maxsize=1)
def _nicknamer():
    """The `nicknames` package's hand-curated table of English given names and their nicknames."""
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=4096)
def same_given_name(a: str, b: str) -> bool:
    """Whether two lower-case name words may name one person: equal, or one a nickname of the other
    ("jim" and "james", "dell" and "della")."""
    if a == b:
        return True
    names = _nicknamer()
    return b in names.nicknames_of(a) or a in names.nicknames_of(b)


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str | None]:
    """resources/given_names.txt as name -> "male" / "female", or None for a name given to both sexes."""
    sex = {"m": "male", "f": "female", "u": None}
    return {name: sex[code] for name, code in (line.split("|") for line in data_lines("given_names.txt"))}


def given_name_gender(word: str) -> str | None:
    """"male" or "female" for a given name that marks its bearer's gender on its own ("tom", "ann");
    None for one given to both sexes or not in the list ("jean", "montresor")."""
    return _given_names().get(word.lower())


def is_given_name(word: str) -> bool:
    """Whether a word is a known given name, of either sex or both ("tom", "shannon"; not "montresor")."""
    return word.lower() in _given_names()
