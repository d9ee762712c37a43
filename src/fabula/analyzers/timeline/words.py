"""The timeline's constants and word sets: how far a move must reach to be a jump, which verbs let time go by,
which words date or order a clause."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.strings import get_string_id
from spacy.symbols import AUX, VERB

from fabula.resources import data_lines


STEP = 0.01            # story time one narrated event takes, in days: only the order matters
MIN_JUMP = 0.1         # a time jump moves the narrative on by at least this much
MIN_ELLIPSIS = 1 / 720  # a fronted duration shorter than two minutes ("for a moment") skips nothing
SAME_HOURS = 3.0       # a time of day this much before the story's clock is still the same day ("That morning")
LOOK_BACK = 1.0        # how far back an undated past-perfect run lies
LONG_STRETCH = 28.0    # a past-perfect act done over at least this many days sums up a stretch of the past
FAR_BACK = 30.0        # a back-reference inside dialogue must reach at least this far (days)
LABEL_CHARS = 60
# verbs of a state, not an act (Vendler's states): done over a stretch, they hold up to the story's now
STATIVE_VERBS = frozenset({"know", "believe", "own", "possess", "have", "belong", "live", "love", "hate", "like",
                           "stand", "lie", "sit", "remain", "stay", "exist", "hold", "contain", "resemble", "wait",
                           "rest", "sleep", "hang"})
NEGATIVE_SUBJECTS = frozenset({"no", "nobody", "nothing", "none", "neither", "never"})


def _ids(*labels: str) -> frozenset[int]:
    return frozenset(get_string_id(label) for label in labels)


EVENT_DEPS = _ids("ROOT", "conj", "ccomp", "advcl", "parataxis")
VERB_POS = frozenset({VERB, AUX})
# the dependents that events are read from, by role
ROLE_OF = {dep: role for role, deps in [
    ("subject", _ids("nsubj", "nsubjpass", "expl")), ("object", _ids("dobj", "attr", "dative", "oprd")),
    ("aux", _ids("aux", "auxpass")), ("neg", _ids("neg")), ("prep", _ids("prep")), ("pobj", _ids("pobj")),
    ("mark", _ids("mark")), ("advmod", _ids("advmod"))] for dep in deps}
CONJ, PREP, MD, ADVCL = get_string_id("conj"), get_string_id("prep"), get_string_id("MD"), get_string_id("advcl")
PLACE_PREPS = frozenset({"at", "in", "inside", "outside", "on", "into", "near", "behind", "beyond", "across",
                         "under", "beneath", "through", "upon"})
PLACE_PREP_IDS = frozenset(get_string_id(word) for word in PLACE_PREPS)
AFTER_MARKS = frozenset({"after", "since", "once"})
WHEN_WORDS = frozenset({"when", "whenever", "after", "once", "as"})
BEFORE_MARKS = frozenset({"before", "until", "till"})
PERSONAL = frozenset({"i", "we", "you", "he", "she", "they", "who"})
TELLERS = frozenset({"i", "we", "you", "that", "this"})  # subjects of present-of-telling statements
BOUND = re.compile(r"\b(?:until|till|up to)\s+$", re.IGNORECASE)  # "until five years ago" bounds, not dates
THEN = re.compile(  # "Then, last September, Tom joined": the next step, not back; not "Back then," or "Even then,"
    r"(?<!\bback )(?<!\beven )(?<!\bsince )(?<!\buntil )(?<!\btill )(?<!\bjust )(?<!\bby )\bthen,?\s+$",
    re.IGNORECASE)
# "It was two weeks before the design was done": the time that passed until the clause, a step forward
ELAPSED = re.compile(r"\bit\s+(?:was|is|had\s+been|would\s+be|will\s+be)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
NOW = re.compile(r"now\b", re.IGNORECASE)  # "now midnight": the clock has moved on
THAT_DAY = re.compile(r"(?:(?:early|late)\s+)?(?:that|this)\b", re.IGNORECASE)  # a time of the day already told
BY = re.compile(r"by\b", re.IGNORECASE)  # "By nightfall the snow had covered the road": done by a later time
MEMORY_VERBS = frozenset({"remember", "recall", "recollect", "reminisce"})
PAST_MODALS = frozenset({"could", "might", "should", "would", "ought", "'d", "’d"})
DATING_PREPOSITIONS = frozenset({"on", "upon", "in", "at", "during", "by", "until", "till", "through", "throughout"})
PASSING_VERBS = frozenset({"pass", "elapse", "go", "roll", "slip", "wear", "drag", "fly", "come", "follow"})
WAITING = frozenset({"wait", "linger", "tarry", "stay", "remain"})  # verbs whose duration is time let go by
# verbs of a journey: a whole day or night of one goes by with it ("All that day he traveled")
JOURNEYING = frozenset({"travel", "journey", "walk", "ride", "march", "tramp", "trudge", "wander", "roam", "sail",
                        "row", "drive", "plod", "hike", "flee"})
WHOLE_DAY_ENDS = {"P1D": "TEV", "PT1NI": "TMO"}  # a whole day ends at evening, a whole night at morning
COMPLETION = frozenset({"just", "scarcely", "hardly", "barely"})  # "had just arrived when ...": no look back
# verbs of a change into the state their adjective names (Quirk et al. 1985, 16.21 "resulting copulas")
RESULTING_COPULAS = frozenset({"become", "come", "fall", "get", "go", "grow", "run", "turn", "wear"})


@lru_cache(maxsize=None)
def word_roles(name: str) -> dict[str, frozenset[str]]:
    """A resources/<name> of `word | role` lines as role -> words."""
    roles: dict[str, set[str]] = {}
    for line in data_lines(name):
        word, role = (part.strip() for part in line.split("|"))
        roles.setdefault(role, set()).add(word)
    return {role: frozenset(words) for role, words in roles.items()}


def ordering_adverbs() -> dict[str, frozenset[str]]:
    """resources/ordering_adverbs.txt as role -> adverbs."""
    return word_roles("ordering_adverbs.txt")
