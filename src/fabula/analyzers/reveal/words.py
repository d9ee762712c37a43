"""The word sets and small word functions of the reveal: what counts as a name, a negator, an owner, a fake.

Every function takes words or claims and returns a fact about them; none reads the story.
"""

from __future__ import annotations

import re

from fabula.model import Claim

WEIGHTS = {"refutation": 1.0, "recognition": 1.0, "shown": 1.0, "nearby": 0.5, "cue": 0.5, "caps": 0.6,
           "exclaim": 0.2, "position": 0.5}
LATE_FLOOR = 0.4
EVIDENCE = frozenset({"refutation", "recognition", "shown", "caps", "cue"})
"""The terms that point at a sentence for what it says; without one, the best sentence has only an exclamation, a
refutation next to it or its place for it, and the reveal is the story's last sentence (the twist ending)."""
OWN_WRITING = {"write", "type", "text", "jot", "scribble", "note", "reply", "answer", "add", "say", "tell"}
"""What the teller writes or says after a colon is the teller's own text ("I wrote in my diary:", "I typed back:"),
not one put before them."""
SHOWN_LEAD_WORDS = 4  # a colon after fewer words heads something ("EDIT:", "Chapter 2:"), it shows no text
SPEECH_OPENINGS = ('"', "“", "'", "‘", "«", "»", "„", "‹", "›", "—", "–", "-")  # a line opened so is speech
WEAK_SUBJECTS = {None, "it", "that", "this", "there", "what", "which", "who", "something", "one", "thing", "'"}
PERSON_KEYS = {"he", "she", "they", "you", "we"}
MOTION = {"go", "move", "relocate"}  # one event when the place is the same: "moving to Portugal" / "had never gone
# to Portugal"; not "fly" or "drive", which say how, not whether
HABITUAL = re.compile(r"\b(?:always|every|usually|often|each|whenever)\b", re.IGNORECASE)  # a habit, not one act
DENIED_PAST = re.compile(r"\b(?:never|had(?:n['’]t| not))\b", re.IGNORECASE)  # "had not died", "never went"
LIGHT_PREDICATES = {"be", "have", "do", "could", "would", "'", "get", "go", "say", "make"}
CAPS_WORD = re.compile(r"[A-Z]{2,}")  # a word of a capitals run, for telling a new run from an echo
CAPS_RUN = re.compile(r"\b[A-Z][A-Z’']+(?:[\s,;:“”\"-]+[A-Z][A-Z’']*){2,}")
NAME = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)+")
WINDOW = 40
OTHER_AGENT_SHARED = 3
WORD = re.compile(r"[A-Za-z]+")
BARE_NO = re.compile(r"^[“\"‘']?\s*no(?:[,!.]*\s*no)*\s*[,.!…]*\s*(?:[”\"’']|$)", re.IGNORECASE)
ARTICLES = {"a", "an", "the"}
NEGATORS = {"no", "not", "any", "never"}  # the words a denial adds to what it denies ("not a glitch")
POSSESSIVES = {"yours": "your", "mine": "my", "ours": "our", "hers": "her", "theirs": "their"}
RETROSPECTIVE = re.compile(r"^(?:\W*\w+\W+){0,3}?(?:never|(?:did|had)(?:n['’]t| not))\b", re.IGNORECASE)
FUTURE = re.compile(r"\b(?:will|would|shall)\b|['’]ll\b|\bgoing to\b", re.IGNORECASE)
PRO_OBJECTS = {"it", "so", "that"}
QUOTE_MARKS = set('"“”')
DEMONSTRATIVES = {"that", "this", "those", "these"}
RESTATED_WITHIN = 10  # sentences between a claim and the yes/no question that restates it
MAX_CANDIDATES = 5
LANDS_WITHIN = 5  # sentences before the best-scoring one in which an earlier sentence of evidence may be the reveal
LANDS_SHARE = 0.9  # the share of the best score such an earlier sentence needs
CONFESSING = {"admit", "confess"}
CONFESSED = re.compile(r"\b(?:admitted|confessed)\b", re.IGNORECASE)
PERSON_OBJECTS = {"him", "her", "them", "me", "us", "you"}  # whom one "admits" is let in, not confessed
TOLD_THE_READER = re.compile(r"\b(?:told|tell|tells|telling)\s+you\b", re.IGNORECASE)
# where a clause (or the phrase of "not until the morning") ends: a negation before it does not reach past it
CLAUSE_BREAK = re.compile(r"[,;:—–(]|\s-+\s|\b(?:and|but|or|that|which|who|when|because|"
                          r"until|till|before|after|since|than|what|where)\b", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:not|no|nothing|nowhere|never|nobody|none|neither|nor)\b|n['’]t\b", re.IGNORECASE)
RELATIVES = {"who", "which", "that", "whom"}  # the subject of a relative clause
GIVING_UP = {"sell", "lose", "pawn", "hock", "mortgage", "trade"}  # a thing one no longer has
HOLDING = {"give", "hand", "show", "wear", "use", "have", "keep", "bring", "lend", "mend", "fix", "return", "carry"}
MAX_EXPECTATIONS = 12  # earlier quoted claims about a guessed identity that a bare identity answer overturns
EXPECTING = re.compile(r"\b(?:forever|for ever|for good|evermore|never again|no more)\b", re.IGNORECASE)
PROMISED = re.compile(r"\b(?:will|shall)\b|['’]ll\b|\bgoing to\b", re.IGNORECASE)  # not "would": habit, wish
CERTAIN = {"sure", "certain", "convinced", "confident"}  # "I was sure that ...": a belief held by the subject
# where the head noun of a phrase ends: "the clasp of her necklace" is about the clasp
PHRASE_END = re.compile(r"[,;:!?()—–]|\s-+\s|\b(?:of|in|into|within|with|to|for|at|on|upon|from|by|as|and|or|"
                        r"that|who|which|whose|where|when)\b", re.IGNORECASE)
LINKING = {"be", "seem", "become", "look", "feel", "appear", "remain", "grow", "turn", "sound", "stay", "prove"}
GENERIC = {"thing", "something", "anything", "everything", "nothing", "one", "way", "time", "day", "place",
           "all", "what", "it", "that", "this", "there", "lot", "kind", "sort", "part", "bit", "quoted", "narrator"}
OWNERS = {"my", "your", "his", "her", "its", "our", "their"}  # the possessive determiners
DEFINITE = {"the", "this", "that", "these", "those"} | OWNERS
INDEFINITE = {"a", "an", "another", "some", "any", "no", "every", "each", "one"}
ANSWER_CONFIDENCE = 0.4
SPECIFYING = {"it", "that", "this"}  # "It was my grandmother": the subject stands for someone yet to be named
THE_ONE = re.compile(r"^the\s+one\b(?!\s+(?:of|thing)\b)", re.IGNORECASE)  # "the one on Route 9", not "the one thing"
MAX_RECOGNITION_WORDS = 12
# a cleft that singles someone out: "It was [Brently Mallard] who entered ..."
CLEFT = re.compile(r"^\W*(?:it|that)\s+(?:was|is)\s+(?P<who>.+?)\s+(?:who|that|whom)\b", re.IGNORECASE)
FAKES = frozenset({"fake", "paste", "imitation", "counterfeit", "forgery", "hoax", "sham", "fraud", "phony", "bogus"})
"""What a thing turns out to be when it was never the real one: "my necklace was paste", "the will was a forgery";
not "glass" or "replica", which as often say what a thing is made of or models ("a glass of red wine")."""
DUTIES = frozenset({"fault", "job", "problem", "business", "concern", "responsibility", "call", "choice", "decision",
                    "idea", "place", "affair", "duty", "worry", "intention", "plan"})
"""Nouns that "not my ..." turns into an idiom of who is responsible ("It's not your fault", "That's not my job"): a
denial of a duty, not of an owner."""
POST_MODIFIER = {"of", "about", "with", "for", "from", "to", "in", "on", "at", "what", "who", "whom", "which", "that"}
"""Words that open a modifier after a noun phrase's head ("part of what she liked about him")."""
MAX_CORE_CANDIDATES = 500  # distinct earlier claims of one (predicate, subject) a later claim is compared with
POSSESSIVE_END = re.compile(r"['’]s?$")


def says_again(answer: Claim, claim: Claim, thing: str) -> bool:
    """The answer only repeats the claim (the same act, polarity and every other content word): a confirmation."""
    return (answer.predicate == claim.predicate and answer.polarity == claim.polarity
            and set(claim.core) - {thing} <= set(answer.core))


def is_definite(words: list[str]) -> bool:
    """The noun phrase whose words (the head last) are given names something already known: its nearest
    determiner before the head is "the", a demonstrative or a possessive ("her", "Anne's")."""
    for word in reversed(words[:-1]):
        word = word.lower()
        if word in DEFINITE or word == "s":  # "s": the possessive "'s", split off by WORD
            return True
        if word in INDEFINITE:
            return False
    return False


def owner_of(words: list[str]) -> str | None:
    """The owner a noun phrase (its words, the head last) names in a possessive: "her" of "her ring", "anne" of
    "Anne's ring"; None without one."""
    for i in range(len(words) - 2, -1, -1):
        word = words[i].lower()
        if word == "s" and i > 0:  # the possessive "'s", split off by WORD
            return words[i - 1].lower()
        if word in DEFINITE | INDEFINITE:
            return word if word in OWNERS else None
    return None


def other_owners(one: str | None, other: str | None) -> bool:
    """Two owners that cannot be one: "his" and "her", or two names ("anne", "mary"). A name and a pronoun, or
    two other pronouns, may be one owner told from two sides ("my ring" in her speech, "her ring" in narration)."""
    if one is None or other is None or one == other:
        return False
    return {one, other} == {"his", "her"} or not {one, other} & OWNERS


def head_lemma(phrase: str, core: list[str]) -> str | None:
    """The lemma, as a claim's core has it, of the head noun of one of its phrases ("no dad with bad knees" ->
    dad, "anybody's son" -> son); None when the head is not a content word."""
    words = WORD.findall(PHRASE_END.split(phrase, 1)[0])
    return next((w for w in lemma_forms(words[-1].lower()) if w in core), None) if words else None


def lemma_forms(word: str) -> list[str]:
    """A noun and its possible singulars ("premises" -> premise, "boxes" -> box, "stories" -> story)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms
