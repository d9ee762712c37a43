"""The reveal and the belief ledger: which claims the story overturns, who lied, where the twist lands.

`analyze_reveal(story, doc, sentences, cast, claims, style)` reads the pipeline's sentences and the
Claims (and, when present, the Cast and the Style's emphasis devices) and
returns a `Ledger`:

* refutations: (earlier claim, later claim) pairs where the later one contradicts the earlier:
  - negation: same event core (subject, predicate lemma, overlapping content words) with the
    opposite polarity ("he had moved across the country" / "HE NEVER MOVED ACROSS THE COUNTRY");
  - debunk: a denial broken by a confession cue ("I don't know anything" / "she broke"), a
    rumour about a subject whose story is then emphatically negated, self-doubts a later
    sentence says were induced ("making me feel like I was the one who...");
  - debunk, knowing teller: what a character told others ("I had told them that I should not return")
    followed within two sentences by that teller's own knowing ("These orders were sufficient, I well
    knew, ...") about the same matter; the teller is the deceiver;
  - alternative: the same act given a different reason next to a deceit cue
    ("he left me because I wouldn't follow" / "he left me because he was a coward and a liar");
  - alternative, other agent: an act charged to one person in a quote, belief or hearsay ("you were seen
    to pick up the pocketbook lost by X") later told by the narrator with another person as its agent
    ("Y returned the pocketbook ... to X"), sharing at least three content words;
  - alternative, identity answer: "Who are they?" answered by a bare noun phrase ("Wolves.") overturns
    the latest quoted claim about them, and, when the asker had just guessed who they were ("Are they
    your men?"), every quoted expectation about the guessed group ("When my men come to release us"):
    the answer shows it was never those people who were coming;
  - alternative, retracted expectation: a speaker's "I never thought ..." (a negated belief verb with
    the speaker as subject, in the past: never / didn't / hadn't) tells what they had expected; their
    own next statement about themselves within two sentences and the same quotation ("I will be your
    friend") is what happened instead. Only in quoted speech, where the speaker goes on to say what
    changed; a narrator's "I never imagined" is usually followed by ordinary narration, not the change;
  - negation, expectation let down: someone's "X will meet me here" (a positive claim with a future
    modal about a person) is overturned when X says "I couldn't do it" / "I didn't do so" (a negated
    pro-verb, whose antecedent is the act expected of X); the latest such expectation is the one meant.
    The pro-verb stands in for any act, so the rule needs no list of verbs; with claims' signed-letter
    speakers a letter's "I couldn't do it" is its signer's;
  - negation, failed presupposition: an emphatic denial that a person ever had the thing ("HE NEVER
    TOOK THAT DREAM JOB", the demonstrative pointing back) overturns the earlier verbless descriptions
    of that thing in which the same person figures ("The job he couldn't live without."): each
    presupposes what the denial takes away;
  - negation, thing given up: a person's "I sold the watch" (sell, lose, pawn, trade ...) overturns the latest
    earlier claim that still counts on having that thing ("Give me your watch"): a quoted verb of holding,
    handing or using with the same thing as its object;
  - negation, denied question: a bare "No" answering a yes/no question ("Are they your men?" / "No,")
    overturns the earlier claim the question restates ("Then they are yours"): same subject, same
    predicate, a shared object word. Readers take the question as a check of what was said, and the
    flat "No" as its denial; a question that restates nothing refutes nothing;
  - alternative, answered by the reveal: once the reveal is chosen, a thing its sentence names as known ("the",
    a possessive) as subject or object ("I had walled the monster up within the tomb!") overturns the earlier
    claim about that thing that was held, not just told: believed, reported, known or sure to a person, or,
    with the thing as subject, expected ("The monster had fled the premises forever!": will, forever, no more),
    unless the reveal only says it again. One claim per thing (the most content words shared, the latest of
    equals), none from the reveal's paragraph; people, pronouns, names and generic nouns are no things. Added
    after the reveal is scored, so these pairs never choose it.
* beliefs: every held belief, hearsay or refuted claim, with holder, source, history
  (asserted -> doubted -> refuted), the refuting evidence and the deceiver: a denier whose denial
  broke, a teller who knew better, a person the story names as lying (deceit cues) when the belief
  is about them, told by them, refuted in their sentence or refuted by denying their own act.
* the reveal: the best-scoring sentence, with runners-up and the reasons for each score.

Reveal score of a sentence (weights in `WEIGHTS`, every term named in the reasons):
  refutation  sum over its refuting clauses of each one's strongest refutation (capped at 2): one
              answer that overturns a string of expectations is one turn of the story, not many; the
              claims the reveal answers are found after it is chosen and do not count
  recognition a short statement of who someone really was ("It was my grandmother.", "I was the one on Route
              9."): the recognition (anagnorisis) that overturns a belief about a person the story never states,
              weighed as one refutation
  nearby      half the refutation score of the sentences either side
  cue         revelation cues ("the truth", "turned out", "realized", "will never know", "confessed"), capped at 2;
              a cue with a negation before it in its clause ("nothing was to be discovered") is left out
  caps        an ALL-CAPS run (style's caps devices; read from the text only when there is no Style)
  exclaim     an exclamation mark
  position    (narrative position)^2, weight 0.5: twists land late, but a refutation or cue outweighs
              the bare end of the story
Every term but position is scaled by 0.4 + 0.6 * position, so an early cue weighs less than a late one.
The arc's sharpest change of mood is no term: it marked none of the gold reveals of the 22 development stories,
and on one it drew the pick away from the closing sentence that is the twist (docs/arc.md).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache

from spacy.tokens import Doc

from fabula.analyzers.arc import narrative_time
from fabula.analyzers.cast import person_nouns
from fabula.analyzers.claims import PRONOUN_KEYS, cues
from fabula.model import (
    Belief, BeliefState, Cast, Claim, Claims, Ledger, Refutation, Reveal, RevealCandidate, Sentence, Span, Story,
    Style,
)
from fabula.resources import data_lines

WEIGHTS = {"refutation": 1.0, "recognition": 1.0, "nearby": 0.5, "cue": 0.5, "caps": 0.6, "exclaim": 0.2,
           "position": 0.5}
LATE_FLOOR = 0.4
WEAK_SUBJECTS = {None, "it", "that", "this", "there", "what", "which", "who", "something", "one", "thing", "'"}
PERSON_KEYS = {"he", "she", "they", "you", "we"}
LIGHT_PREDICATES = {"be", "have", "do", "could", "would", "'", "get", "go", "say", "make"}
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
FAKES = frozenset({"fake", "paste", "imitation", "counterfeit", "forgery", "hoax", "sham", "fraud", "phony", "bogus"})
"""What a thing turns out to be when it was never the real one: "my necklace was paste", "the will was a forgery";
not "glass" or "replica", which as often say what a thing is made of or models ("a glass of red wine")."""
DUTIES = frozenset({"fault", "job", "problem", "business", "concern", "responsibility", "call", "choice", "decision",
                    "idea", "place", "affair", "duty", "worry", "intention", "plan"})
"""Nouns that "not my ..." turns into an idiom of who is responsible ("It's not your fault", "That's not my job"): a
denial of a duty, not of an owner."""
POST_MODIFIER = {"of", "about", "with", "for", "from", "to", "in", "on", "at", "what", "who", "whom", "which", "that"}
"""Words that open a modifier after a noun phrase's head ("part of what she liked about him")."""
POSSESSIVE_END = re.compile(r"['’]s?$")


@lru_cache(maxsize=1)
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """The cue regexes of resources/reveal_cues.txt, one alternation per kind."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for line in data_lines("reveal_cues.txt"):
        if ":" not in line:
            continue
        kind, pattern = line.split(":", 1)
        kinds[kind.strip()].append(pattern.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.IGNORECASE) for k, v in kinds.items()}


def revelations(pattern: re.Pattern[str], sentence: str) -> int:
    """How many revelation cues a sentence holds, leaving out those with a negation before them in their
    clause ("nothing was to be discovered", "nowhere did he discover"): a discovery that did not happen. A
    subordinator ends the clause ("it was not long before he realized", "not until dawn did she discover")."""
    clause_starts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(sentence)]
    negations = [(m.end(), m.start()) for m in NEGATED.finditer(sentence)]  # in order of end, as they never overlap
    count = 0
    for match in pattern.finditer(sentence):  # one look-up per cue: a long sentence is read once, not once a cue
        clause_start = clause_starts[bisect.bisect_right(clause_starts, match.start()) - 1]
        latest = bisect.bisect_right(negations, (match.start(), len(sentence))) - 1
        count += latest < 0 or negations[latest][1] < clause_start
    return count


MAX_CORE_CANDIDATES = 500  # distinct earlier claims of one (predicate, subject) a later claim is compared with


def _overlap(a: Claim, b: Claim) -> tuple[int, float]:
    shared = set(a.core) & set(b.core)
    smaller = min(len(a.core), len(b.core)) or 1
    return len(shared), len(shared) / smaller


def negation_confidence(a: Claim, b: Claim, emphatic: bool) -> float:
    """Confidence that later claim b negates earlier claim a (0 when it does not): same subject and predicate,
    opposite polarity, and shared content words, two for a light predicate ("be", "have") unless the one shared is
    what both say of the subject ("the waiter was Étienne" / "he was not Étienne")."""
    if a.sentence >= b.sentence or a.polarity == b.polarity or a.predicate != b.predicate:
        return 0.0
    if b.modality not in ("assertion",) or a.modality == "speculation":
        return 0.0
    if a.subject_key != b.subject_key or (a.modality == "question" and a.subject_key in WEAK_SUBJECTS):
        return 0.0
    shared, ratio = _overlap(a, b)
    said_of_both = a.predicate in LIGHT_PREDICATES and _object_words(a) & _object_words(b) & set(b.core)
    needed = 2 if a.subject_key in WEAK_SUBJECTS or a.predicate in LIGHT_PREDICATES and not said_of_both else 1
    if shared < needed or ratio <= 0.5:
        return 0.0
    confidence = 0.45 + 0.1 * min(shared, 3) + (0.15 if emphatic else 0.0)
    confidence += 0.1 if a.modality in ("belief", "hearsay") else 0.0
    confidence -= 0.15 if a.modality == "question" else 0.0
    return round(min(confidence, 0.95), 2)


def _object_words(claim: Claim) -> set[str]:
    """The words of a claim's objects, without articles, possessive pronouns in their determiner form."""
    words = {w.lower() for o in claim.objects for w in WORD.findall(o)} - ARTICLES
    return {POSSESSIVES.get(w, w) for w in words}


class _Series:
    """Claims in story order beside their sentence numbers, so that `bisect` finds those of a stretch of
    sentences: a rule reads the few earlier claims it may pair with instead of rescanning the story."""

    def __init__(self) -> None:
        self.sentences: list[int] = []
        self.claims: list[Claim] = []

    def append(self, claim: Claim) -> None:
        self.sentences.append(claim.sentence)
        self.claims.append(claim)

    def between(self, first: int, end: int) -> list[Claim]:
        """The claims of sentences `first` to `end` - 1, in story order."""
        return self.claims[bisect.bisect_left(self.sentences, first): bisect.bisect_left(self.sentences, end)]

    def latest_before(self, end: int) -> Claim | None:
        """The last claim, in story order, of a sentence before `end`; None when there is none."""
        i = bisect.bisect_left(self.sentences, end)
        return self.claims[i - 1] if i else None


def _series(claims: Iterable[Claim], key: Callable[[Claim], Hashable]) -> defaultdict[Hashable, _Series]:
    """`claims` (in story order) grouped by `key`, each group a `_Series`; a key with no claims reads as empty."""
    out: defaultdict[Hashable, _Series] = defaultdict(_Series)
    for claim in claims:
        out[key(claim)].append(claim)
    return out


class _Ledger:
    """Builds the ledger of one story."""

    def __init__(self, story: Story, sentences: list[Sentence], cast: Cast | None, claims: Claims,
                 style: Style | None):
        self.story, self.cast, self.style = story, cast, style
        self.claims = claims.items
        self.by_id = {c.id: c for c in self.claims}
        self.order = {c.id: k for k, c in enumerate(self.claims)}  # a claim's place in the story
        self.spans = [(s.start, s.end) for s in sentences]
        self.paragraphs = [s.paragraph for s in sentences]
        self.times = narrative_time(sentences)
        self.sentences = [story.text[s:e] for s, e in self.spans]
        self.cues = cue_patterns()
        self.claim_cues = cues()
        self.told_knowingly: set[str] = set()  # ids of claims whose teller is shown to know better
        self._cue_cache: dict[tuple[str, int], bool] = {}
        self._quoted_by_subject: defaultdict[Hashable, _Series] | None = None
        self.by_sentence: dict[int, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self.by_sentence[claim.sentence].append(claim)
        self.caps = self._caps_sentences()
        self.people = None if cast is None else {c.id for c in cast.characters} | {cast.narrator}
        told = [c for c in self.claims if not c.quoted]
        self.told_in_first_person = (cast.narration == "first-person" if cast is not None else
                                     sum(c.subject_key == "narrator" for c in told) >= 0.1 * max(len(told), 1))

    # ------------------------------------------------------------ helpers

    def is_person(self, key: str | None) -> bool:
        """Whether a claim's subject or source key names a person: one of the cast, else a personal pronoun,
        the narrator or a multi-word name."""
        if key is None:
            return False
        if self.people is not None:
            return key in self.people
        return key in PERSON_KEYS or key == "narrator" or " " in key

    def span(self, index: int) -> Span:
        start, end = self.spans[index]
        return Span.of(self.story.text, start, end)

    def claim_span(self, claim: Claim) -> Span:
        return Span.of(self.story.text, claim.start, claim.end)

    def _caps_sentences(self) -> set[int]:
        """Indices of the sentences with an ALL-CAPS run: style's caps devices, read from the text only
        when there is no Style ("FBI, CIA" are acronyms to style, so not shouting)."""
        if self.style is not None:
            sentence_starts = [start for start, _ in self.spans]
            found = set()
            for device in self.style.devices:
                i = bisect.bisect_right(sentence_starts, device.start) - 1
                if device.kind == "caps" and i >= 0 and device.start < self.spans[i][1]:
                    found.add(i)
            return found
        return {i for i, text in enumerate(self.sentences) if CAPS_RUN.search(text)}

    def emphatic(self, claim: Claim) -> bool:
        return claim.sentence in self.caps or "never" in claim.text.lower()

    def cue(self, kind: str, index: int) -> bool:
        key = (kind, index)
        if key not in self._cue_cache:
            self._cue_cache[key] = bool(self.cues[kind].search(self.sentences[index]))
        return self._cue_cache[key]

    # ------------------------------------------------------------ refutations

    def refutations(self) -> list[Refutation]:
        found: dict[tuple[str, str], Refutation] = {}

        def add(a: Claim, b: Claim, kind: str, confidence: float) -> None:
            key = (a.id, b.id)
            if key not in found or found[key].confidence < confidence:
                found[key] = Refutation(claim=a.id, refuted_by=b.id, kind=kind, confidence=confidence,
                                        belief=self.claim_span(a), refutation=self.claim_span(b))

        negations: list[tuple[Claim, Claim, float]] = []
        cores: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
        seen: set[tuple] = set()
        for claim in self.claims:
            # A repeated claim scores exactly as its first statement, which comes first and wins ties:
            # comparing only first statements keeps a story that repeats itself from going quadratic.
            signature = (claim.predicate, claim.subject_key, claim.polarity, claim.modality, tuple(claim.core))
            group = cores[(claim.predicate, claim.subject_key)]
            if signature not in seen and len(group) < MAX_CORE_CANDIDATES:
                seen.add(signature)
                group.append(claim)
        for b in self.claims:
            emphatic = self.emphatic(b)
            best, best_conf = None, 0.0
            for a in cores[(b.predicate, b.subject_key)]:
                if a.sentence >= b.sentence:
                    break
                conf = negation_confidence(a, b, emphatic)
                if conf > best_conf:
                    best, best_conf = a, conf
            if best is not None:
                add(best, b, "negation", best_conf)
                negations.append((best, b, best_conf))
        self._identities(add)
        self._rumours(negations, add)
        self._broken_denials(add)
        self._alternatives(add)
        self._induced_doubts(add)
        self._other_agents(add)
        self._knowing_tellers(add)
        self._identity_answers(add)
        self._denied_questions(add)
        self._retracted_expectations(add)
        self._let_down_expectations(add)
        self._failed_presuppositions(add)
        self._given_up(add)
        self._denied_existence(add)
        self._denied_descriptions(add)
        self._denied_identities(add)
        return sorted(found.values(), key=lambda r: (self.by_id[r.refuted_by].start, self.by_id[r.claim].start))

    def _identities(self, add) -> None:
        """Mistaken identity: "Is that you, Jimmy Wells?" ... "You're not Jimmy Wells." (a character's name, not a
        subject, matches)."""
        named = [c for c in self.claims if c.predicate == "be" and NAME.search(c.text)]
        said_of: defaultdict[str, _Series] = defaultdict(_Series)  # a name -> the positive claims that name it
        for a in named:
            if a.polarity == "positive":
                for name in set(NAME.findall(a.text)):
                    said_of[name].append(a)
        for b in named:
            if b.polarity != "negative" or b.modality != "assertion":
                continue
            earlier = {a.id: a for name in self._person_names(NAME.findall(b.text))
                       for a in said_of[name].between(0, b.sentence)}
            for a in sorted(earlier.values(), key=lambda a: self.order[a.id]):
                if a.subject_key != b.subject_key:
                    add(a, b, "negation", 0.55)

    def _person_names(self, names: list[str]) -> set[str]:
        """The names that name one of the Cast's characters ("Jimmy Wells", not the town "Little Rock");
        all of them without a Cast."""
        if self.cast is None:
            return set(names)
        known = [form for c in self.cast.characters for form in (c.label, *c.aliases)]
        return {name for name in names
                if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", form) for form in known)}  # "Ann Hale", not "Joann Hale"

    def _rumours(self, negations, add) -> None:
        """An emphatic negation of a subject's story also overturns the rumours told about that subject (within
        WINDOW sentences before it)."""
        rumours = _series((c for c in self.claims if c.source == "rumour" and c.polarity == "positive"),
                          key=lambda c: c.subject_key)
        for a, b, conf in negations:
            if not self.emphatic(b) or not self.is_person(b.subject_key):
                continue
            for c in rumours[b.subject_key].between(b.sentence - WINDOW, b.sentence):
                add(c, b, "debunk", round(conf * 0.5, 2))

    def _broken_denials(self, add) -> None:
        """A quoted denial ("I don't know anything") later broken ("she broke", "confessed"); and the latest
        thing a person told others ("The old man, I mentioned, was absent in the country") broken by their
        own confession ("I admit the deed!"), however far back it was told."""
        denials = _series((c for c in self.claims if c.quoted and c.polarity == "negative"
                           and c.modality == "assertion" and c.source not in ("quoted", "narrator")
                           and c.subject_key == c.source), key=lambda c: c.source)
        told = [c for c in self.claims if c.modality == "hearsay" and not c.quoted and self.is_person(c.source)]
        told_by = _series(told, key=lambda c: c.source)
        told_of: defaultdict[tuple[str, str], _Series] = defaultdict(_Series)  # (teller, content word) -> told
        for a in told:
            for word in set(a.core):
                told_of[(a.source, word)].append(a)
        for b in self.claims:
            if not self.cue("confession", b.sentence) or b.polarity != "positive":
                continue
            denial = denials[b.subject_key].latest_before(b.sentence)
            if denial is not None and b.sentence - denial.sentence <= WINDOW // 2:
                add(denial, b, "debunk", 0.6)
            if self.confesses(b):
                matter = self.confessed_matter(b)
                groups = [told_by[b.subject_key]] if matter is None else [told_of[(b.subject_key, w)] for w in matter]
                latest = [a for group in groups if (a := group.latest_before(b.sentence)) is not None]
                if latest:
                    add(max(latest, key=lambda a: self.order[a.id]), b, "debunk", 0.5)

    def confesses(self, claim: Claim) -> bool:
        """The claim is a confession made in the story: a confession verb heads it, said aloud ("“I admit the
        deed!”") or narrated in the past ("he confessed"); a narrator's "let me confess" speaks to the reader,
        and one who "admitted the doctor" let someone in."""
        return (claim.predicate in CONFESSING and claim.subject_key is not None
                and (claim.quoted or CONFESSED.search(claim.text) is not None)
                and not any(map(self.names_someone, claim.objects)))

    def names_someone(self, phrase: str) -> bool:
        """The phrase names a person: an object pronoun, a person noun ("the doctor") or a character's name."""
        last = phrase.split()[-1].lower() if phrase.split() else ""
        nouns = person_nouns()
        return last in PERSON_OBJECTS or last in nouns or last.removesuffix("s") in nouns or (
            self.cast is not None and any(phrase in c.aliases for c in self.cast.characters))

    def confessed_matter(self, claim: Claim) -> set[str] | None:
        """The content words of the clause a confession says it confesses ("admitted that the roads were dry"),
        None when it names no clause ("I admit the deed!"): only a told claim about that matter is broken."""
        inner = [c for c in self.by_sentence[claim.sentence]
                 if c is not claim and claim.start <= c.start and c.end <= claim.end]
        return {word for c in inner for word in c.core} if inner else None

    def _alternatives(self, add) -> None:
        """The same act given a different reason, in a sentence that names a deceit."""
        reasons = {c.id: reason for c in self.claims
                   if c.subject_key not in WEAK_SUBJECTS and (reason := self._reason(c))}
        acts = _series((c for c in self.claims if c.id in reasons),  # the acts given a reason, by act
                       key=lambda c: (c.predicate, c.subject_key, c.polarity))
        for b in self.claims:
            if b.modality != "assertion" or not self.cue("deceit", b.sentence):
                continue
            reason_b = self._reason(b)
            if not reason_b:
                continue
            for a in acts[(b.predicate, b.subject_key, b.polarity)].between(0, b.sentence):
                if not (reasons[a.id] & reason_b):
                    add(a, b, "alternative", 0.55 if a.modality in ("belief", "hearsay") else 0.45)

    def _reason(self, claim: Claim) -> set[str]:
        """Content words of the claim's reason clause ("because ...", "for his job"), if any."""
        text = claim.text.lower()
        for mark in (" because ", " since ", " for "):
            if mark in text:
                tail = text.split(mark, 1)[1]
                return {w for w in claim.core if w in tail}
        return set()

    def _induced_doubts(self, add) -> None:
        """'making me feel like I was the one who ...': the self-doubts asked before it were induced."""
        asked = _series((a for a in self.claims if a.modality == "question" and a.predicate == "be"),
                        key=lambda a: a.subject_key)
        for b in self.claims:
            if b.predicate != "be" or b.subject_key in WEAK_SUBJECTS or not self.cue("induced", b.sentence):
                continue
            doubt = asked[b.subject_key].latest_before(b.sentence)
            if doubt is not None:
                add(doubt, b, "debunk", 0.4)

    def _other_agents(self, add) -> None:
        """Someone else did it: an act charged to one person in a quote, a belief or hearsay ("you were seen
        to pick up the pocketbook lost by X") is later told by the narrator with another person as agent
        ("Y returned the pocketbook ... to X"): the two clauses share most of the act's content words."""
        charged, seen = [], set()
        for a in self.claims:
            if ((a.quoted or a.modality in ("belief", "hearsay")) and a.polarity == "positive"
                    and a.predicate not in LIGHT_PREDICATES and a.modality != "question"
                    and (self.is_person(a.subject_key) or a.subject_key in PERSON_KEYS)
                    and (a.subject_key, tuple(a.core)) not in seen):
                # A charge made again scores as its first telling, which comes first and wins ties: keeping
                # only first tellings keeps a story that repeats itself from going quadratic.
                seen.add((a.subject_key, tuple(a.core)))
                charged.append(a)
        charged_by_word: dict[str, list[int]] = defaultdict(list)  # a core word -> the charged acts that have it
        for k, a in enumerate(charged):
            for word in set(a.core):
                charged_by_word[word].append(k)
        for b in self.claims:
            if (b.quoted or b.modality != "assertion" or b.polarity != "positive" or b.predicate in LIGHT_PREDICATES
                    or not self.is_person(b.subject_key) or b.subject_key in PERSON_KEYS):
                continue
            shared_with = Counter(k for word in set(b.core) for k in charged_by_word.get(word, ()))
            best, best_shared = None, 0
            for k in sorted(shared_with):
                a, shared = charged[k], shared_with[k]
                if a.sentence >= b.sentence:
                    break
                if a.subject_key == b.subject_key:
                    continue
                if shared >= OTHER_AGENT_SHARED and shared / len(a.core) >= 0.5 and shared > best_shared:
                    best, best_shared = a, shared
            if best is not None:
                add(best, b, "alternative", 0.5)

    def _knowing_tellers(self, add) -> None:
        """The teller knew better: "I had told them that I should not return ..." followed within two
        sentences by the teller's own "I well knew" about the same matter (a shared content word). What a
        narrator tells the reader ("have I not told you that ...") deceives no one in the story."""
        knowing = self.claim_cues["knowing"]
        for b in self.claims:
            if (b.predicate not in knowing or b.polarity != "positive" or b.quoted or b.modality != "assertion"
                    or not self.is_person(b.subject_key)):
                continue
            matter_b = self.sentence_core(b.sentence) - knowing
            earlier = (a for s in range(max(b.sentence - 2, 0), b.sentence) for a in self.by_sentence.get(s, ()))
            for a in earlier:
                if (a.modality == "hearsay" and not a.quoted
                        and a.source == b.subject_key and self.sentence_core(a.sentence) & matter_b
                        and not TOLD_THE_READER.search(self.story.text, self.spans[a.sentence][0], a.start)):
                    add(a, b, "debunk", 0.45)
                    self.told_knowingly.add(a.id)
                    break

    def _identity_answers(self, add) -> None:
        """Who they really are: "Who are they?" answered by a bare noun phrase ("Wolves.") overturns the
        latest quoted claim about them that does not already name the answer."""
        quoted = _series((a for a in self.claims if a.quoted and a.polarity == "positive"), key=lambda a: a.subject_key)
        for q in self.claims:
            if q.predicate != "be" or not any(o.lower() in ("who", "what") for o in q.objects) \
                    or q.subject_key in WEAK_SUBJECTS or "?" not in self.sentences[q.sentence]:
                continue
            answer = self._bare_answer(q.sentence)
            if answer is None:
                continue
            words = {w.lower() for w in WORD.findall(self.sentences[answer.sentence])}
            earlier = [a for a in quoted[q.subject_key].between(q.sentence - WINDOW, q.sentence)
                       if "?" not in self.sentences[a.sentence] and not words & set(a.core)]
            if earlier:
                add(max(earlier, key=lambda a: (a.sentence, len(a.core))), answer, "alternative", 0.45)
            for a in self._expectations_of(self._proposed_identities(q), q.sentence):
                if not words & set(a.core):
                    add(a, answer, "alternative", 0.35)

    def _proposed_identities(self, q: Claim) -> set[str]:
        """Who the asker guessed they were just before asking who they are ("Are they your men?" -> man)."""
        return {w for i in range(max(q.sentence - 3, 0), q.sentence) for c in self.by_sentence.get(i, [])
                if c.modality == "question" and c.predicate == "be" and c.subject_key == q.subject_key
                and not any(o.lower() in ("who", "what") for o in c.objects) for w in c.core}

    def _expectations_of(self, groups: set[str], before: int) -> list[Claim]:
        """The latest quoted claims (at most MAX_EXPECTATIONS) made about any of `groups` before a sentence."""
        if not groups:
            return []
        if self._quoted_by_subject is None:
            self._quoted_by_subject = _series((c for c in self.claims if c.quoted and c.polarity == "positive"
                                               and c.modality != "question"), key=lambda c: c.subject_key)
        out = []
        for group in groups:
            said = self._quoted_by_subject[group].between(0, before)
            out.extend(said[-MAX_EXPECTATIONS:])
        return out

    def _bare_answer(self, index: int) -> Claim | None:
        """The claim of a short verbless answer (at most three words, no question) in the next two sentences."""
        for j in (index + 1, index + 2):
            if j >= len(self.sentences) or "?" in self.sentences[j]:
                continue
            claims = self.by_sentence.get(j, [])
            if len(WORD.findall(self.sentences[j])) <= 3 and len(claims) == 1 and claims[0].subject_key is None:
                return claims[0]
        return None

    def _retracted_expectations(self, add) -> None:
        """ "I never thought to do other than hate you ... I will be your friend": a speaker's negated past
        belief verb, then the speaker's own next statement about themselves within two sentences."""
        believing = self.claim_cues["belief"]
        for a in self.claims:
            if not (a.quoted and a.predicate in believing and a.polarity == "negative" and a.modality == "assertion"
                    and a.subject_key == a.source and RETROSPECTIVE.match(a.text)):
                continue
            held = next((c for c in self.by_sentence[a.sentence] if c.modality == "belief" and c.start > a.start), a)
            later = [b for i in (a.sentence + 1, a.sentence + 2) for b in self.by_sentence.get(i, [])
                     if b.quoted and b.source == a.source and b.subject_key == a.source
                     and b.polarity == "positive" and b.modality == "assertion"
                     and not QUOTE_MARKS & set(self.story.text[a.end: b.start])]  # in the same quotation
            if later:
                add(held, later[0], "alternative", 0.4)

    def _let_down_expectations(self, add) -> None:
        """ "Jimmy will meet me here" ... (Jimmy:) "I couldn't do it myself": a person's negated pro-verb
        overturns the latest earlier expectation of an act by that person."""
        expected = _series((c for c in self.claims  # FUTURE in the clause's own words, not a comma-set addition
                            if c.polarity == "positive" and c.modality in ("assertion", "belief", "hearsay")
                            and c.predicate not in LIGHT_PREDICATES and c.subject_key not in WEAK_SUBJECTS
                            and FUTURE.search(c.text.split(",", 1)[0])), key=lambda c: c.subject_key)
        for b in self.claims:
            if (b.predicate == "do" and b.polarity == "negative" and b.modality == "assertion"
                    and {o.lower() for o in b.objects} & PRO_OBJECTS and b.subject_key in expected
                    and (b.subject_key == b.source or self.is_person(b.subject_key))):
                expectation = expected[b.subject_key].latest_before(b.sentence)
                if expectation is not None:
                    add(expectation, b, "negation", 0.45)

    def _failed_presuppositions(self, add) -> None:
        """ "The job he couldn't live without." ... "HE NEVER TOOK THAT DREAM JOB.": a verbless description
        of a thing, with a clause of the person in it, is overturned by the emphatic denial of that thing."""
        for b in self.claims:
            if (b.polarity != "negative" or b.modality != "assertion" or not self.emphatic(b)
                    or not self.is_person(b.subject_key)):
                continue
            things = {words[-1].lower() for o in b.objects if (words := WORD.findall(o))
                      and words[0].lower() in DEMONSTRATIVES}
            things &= set(b.core)
            for i in range(max(b.sentence - WINDOW, 0), b.sentence):
                claims = self.by_sentence.get(i, [])
                if claims and claims[0].predicate in things and claims[0].subject_key is None and any(
                        c.subject_key == b.subject_key for c in claims[1:]):
                    add(claims[0], b, "negation", 0.45)

    def _given_up(self, add) -> None:
        """ "Give me your watch." ... "I sold the watch to get the money": a person's giving up a thing (sold, lost,
        pawned) overturns the latest earlier claim, within WINDOW sentences, that still counts on having it (a
        speaker's verb of holding, handing or using with the thing as its object). What the narration told of
        the thing ("She wore her ring every day", "He kept his temper") was so then and is no expectation."""
        for b in self.claims:
            if (b.predicate not in GIVING_UP or b.polarity != "positive" or b.modality != "assertion"
                    or b.subject_key in WEAK_SUBJECTS or (b.subject or "").lower() in RELATIVES  # "not I who sold it"
                    or FUTURE.search(b.text)  # "I will sell the watch": not given up yet
                    or not (b.subject_key == b.source or self.is_person(b.subject_key))):
                continue
            things = {words[-1].lower() for o in b.objects if (words := WORD.findall(o))} - PRO_OBJECTS
            held = [a for i in range(max(b.sentence - WINDOW, 0), b.sentence) for a in self.by_sentence.get(i, [])
                    if a.predicate in HOLDING and a.polarity == "positive" and a.modality != "question" and a.quoted
                    and things & {words[-1].lower() for o in a.objects if (words := WORD.findall(o))}]
            if held:
                add(held[-1], b, "negation", 0.45)

    def reported(self, claim: Claim) -> bool:
        """Whether a positive claim is something someone said or believed, not the narration's own account: a
        quotation, a belief, hearsay or a character's telling ("he told me about his dad's bad knees"), and no
        question."""
        return claim.polarity == "positive" and claim.modality != "question" and (
            claim.quoted or claim.modality in ("belief", "hearsay")
            or claim.predicate in self.claim_cues["hearsay"] and claim.subject_key != "narrator"
            and self.is_person(claim.subject_key))

    def named(self, claim: Claim) -> bool:
        """Whether the claim's subject is a character's name ("Bob"), not a description ("that boy") or pronoun."""
        if self.cast is not None:
            return any(c.id == claim.subject_key and c.kind == "named" for c in self.cast.characters)
        first = (claim.subject or " ").split()[0]
        return first[:1].isupper() and first.lower() not in {*PRONOUN_KEYS, *DEMONSTRATIVES, *ARTICLES, *OWNERS}

    def _denied_existence(self, add) -> None:
        """ "Stage three ovarian cancer," she said ... "There was no cancer.": a denial that a thing exists ("there
        was no", "there had never been any") overturns the reported claim that holds the most of the denial's
        content words, the thing among them and at least half of them; the earliest of equals. Only the first
        MAX_CORE_CANDIDATES reported claims with a word are read, and a denial said again is not read again, so
        a long story that repeats itself does not go quadratic."""
        holding: defaultdict[str, list[Claim]] = defaultdict(list)  # a word -> the first reported claims with it
        for a in self.claims:
            if self.reported(a):
                for word in set(a.core):
                    if len(holding[word]) < MAX_CORE_CANDIDATES:
                        holding[word].append(a)
        denied: set[frozenset[str]] = set()  # a denial said again overturns what its first saying did
        for b in self.claims:
            if b.predicate != "be" or b.subject_key != "there" or b.polarity != "negative" \
                    or b.modality != "assertion" or frozenset(b.core) in denied:
                continue
            denied.add(frozenset(b.core))
            things = {head for o in b.objects if (head := _head(o, b.core))} - GENERIC
            shared = Counter(a.id for word in set(b.core) for a in holding.get(word, ()) if a.sentence < b.sentence)
            fits = [a for i, n in shared.items() if 2 * n >= len(set(b.core))
                    and things & set((a := self.by_id[i]).core) and not NEGATED.search(a.text)]
            if fits:
                a = max(fits, key=lambda a: (shared[a.id], -self.order[a.id]))
                add(a, b, "negation", 0.65 if self.emphatic(b) else 0.55)

    def _denied_descriptions(self, add) -> None:
        """ "That has to be a glitch." ... "It wasn't a glitch.": "it", "this" or "that" denied to be what one of
        them was said to be within the three sentences before: a thing, not a person, named by the same noun and
        no word the earlier claim lacks ("It was the groan of terror" is not denied by "It was not a groan of
        pain")."""
        for b in self.claims:
            if (b.predicate != "be" or b.polarity != "negative" or b.modality != "assertion"
                    or b.subject_key not in DEMONSTRATIVES | {"it"}):
                continue
            things = {head for o in b.objects if (head := _head(o, b.core))} - GENERIC - person_nouns()
            for i in range(b.sentence - 1, max(b.sentence - 4, -1), -1):
                said = [a for a in self.by_sentence.get(i, []) if a.predicate == "be" and a.polarity == "positive"
                        and a.modality != "question" and a.subject_key in DEMONSTRATIVES | {"it"}
                        and things & {_head(o, a.core) for o in a.objects}
                        and _object_words(b) - NEGATORS <= _object_words(a)]
                if said:
                    add(said[0], b, "negation", 0.5)
                    break

    def _denied_identities(self, add) -> None:
        """ "He said he was the owner's son" ... "That boy isn't anybody's son": a person denied to be what a
        reported claim said a person was (the same noun of a person: son, doctor, owner) overturns the latest
        such claim, whoever its subject, as the one who is denied may be told by another description; not when
        the one denied is named."""
        nouns = person_nouns()
        said: defaultdict[str, _Series] = defaultdict(_Series)  # a person noun -> reported claims that say it
        for a in self.claims:
            if a.predicate == "be" and self.reported(a) and self.is_person(a.subject_key):
                for role in {_head(o, a.core) for o in a.objects} & nouns:
                    said[role].append(a)
        for b in self.claims:
            if (b.predicate != "be" or b.polarity != "negative" or b.modality != "assertion"
                    or not self.is_person(b.subject_key) or self.named(b)):
                continue  # "Bob is not a doctor" is about Bob, whoever else was said to be one
            for role in {_head(o, b.core) for o in b.objects} & nouns:
                a = said[role].latest_before(b.sentence)
                if a is not None and a.subject_key != b.subject_key:
                    add(a, b, "negation", 0.5)

    def _denied_questions(self, add) -> None:
        """A bare "No" answering a yes/no question overturns the earlier claim the question restates."""
        for j, text in enumerate(self.sentences):
            if not BARE_NO.match(text) or not self.by_sentence.get(j):
                continue
            questions = [q for i in (j - 1, j - 2) for q in self.by_sentence.get(i, [])
                         if q.modality == "question" and q.polarity == "positive" and q.subject_key not in WEAK_SUBJECTS
                         and q.objects and not any(o.lower() in ("who", "what") for o in q.objects)]
            for q in questions:
                asked = _object_words(q)
                said = [a for i in range(max(q.sentence - RESTATED_WITHIN, 0), q.sentence)
                        for a in self.by_sentence.get(i, []) if a.modality != "question" and a.predicate == q.predicate
                        and a.subject_key == q.subject_key and a.polarity == "positive"
                        and asked & _object_words(a)]
                if said:
                    add(said[-1], self.by_sentence[j][0], "negation", 0.5)
                    break

    def sentence_core(self, index: int) -> set[str]:
        """The content words of all the claims of a sentence."""
        return {w for c in self.by_sentence.get(index, []) for w in c.core}

    def recognitions(self) -> set[int]:
        """Sentences that say who someone or something really was, the recognition of a twist (Aristotle's
        anagnorisis): a short main assertion (at most MAX_RECOGNITION_WORDS words, no question) that
        - "it", "that" or "this" was a known person ("It was my grandmother.", "That was Kayla.", "It was him.",
          "It was Rosa's mother's."), or a person was "the one" ("I was the one on Route 9."). "It was a man"
          names nobody yet, "She was Tessa" introduces, "I was her maid of honor" tells a role; or someone's name
          was that of a person met before ("The mother's name was Susan Kay Whitfield");
        - or, denied, that something already named was not whose it was taken to be (`_denies_whose`);
        - or, in a main assertion of any length, that a thing was a fake ("my necklace was paste!", "It was certainly a
          wonderful imitation of a truculent-looking toy Pomeranian, and ...")."""
        out: set[int] = set()
        for claim in self.claims:
            if (claim.predicate != "be" or claim.modality != "assertion" or not claim.objects
                    or claim not in _without_embedded([c for c in self.by_sentence[claim.sentence]
                                                       if c.quoted == claim.quoted], keep=())):
                continue  # not "I made sure they knew it was you"; but "“It was you,” she said"
            if self._names_a_fake(claim):
                out.add(claim.sentence)
            if len(WORD.findall(self.sentences[claim.sentence])) > MAX_RECOGNITION_WORDS:
                continue
            if claim.polarity == "negative":
                if self._denies_whose(claim):
                    out.add(claim.sentence)
                continue
            named = claim.objects[0]
            words = named.split()[:-1] + [POSSESSIVE_END.sub("", named.split()[-1])] if named.split() else []
            known = self._names_known_person(words)
            if claim.subject_key in SPECIFYING and known or THE_ONE.match(named) and self._someone(claim.subject_key) \
                    or claim.subject_key == "name" and self._met_before(claim, named.split(",")[0]):
                out.add(claim.sentence)
        return out

    def _names_a_fake(self, claim: Claim) -> bool:
        """A thing was a fake: "be" with a complement whose words before any "of" hold one of FAKES ("paste", "a
        wonderful imitation of a ... Pomeranian", "fake"), said of a thing, not a person ("He was a fraud" is
        a judgement)."""
        words = WORD.findall(claim.objects[0].lower().split(" of ")[0])
        return claim.polarity == "positive" and not FAKES.isdisjoint(words) and not self._someone(claim.subject_key)

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
        "him", "Kayla"; not "a man", nor "part of what she liked about him", whose last word is not its head."""
        return bool(words) and words[0].lower() not in INDEFINITE and not POST_MODIFIER.intersection(
            w.lower() for w in words[1:]) and (
            self.names_someone(" ".join(words)) or words[0].lower() in DEFINITE
            and self.names_someone(" ".join(words[1:])))

    def _denies_whose(self, claim: Claim) -> bool:
        """A negated "be" that says whose something is not, about a thing the story has named before: "That's not
        my signature." (a signature was shown), "That boy isn't anybody's son.", "The cake was never my
        grandmother's." The thing is the complement's head, or the subject when the complement is a bare
        possessive. "It wasn't her business" names no business met before, "He wasn't afraid" no owner, "It's not
        your fault" a duty (DUTIES), and "It was not my aunt Ruth" says who it was not, which recognizes nobody."""
        words = WORD.findall(claim.objects[0].split(",")[0])  # "my signature, Megan": the vocative is no part
        bare = words[-1:] == ["s"]  # "my grandmother's", "Ann's": the subject is the thing owned
        if len(words) < 2 or not bare and _owner(words) is None:
            return False
        if claim.subject_key in SPECIFYING and self._names_known_person(words):
            return False
        thing = (claim.subject or "").lower() if bare else words[-1].lower()
        if not thing.isalpha() or thing in SPECIFYING or thing in PERSON_OBJECTS or thing in DUTIES:
            return False
        named_before = re.compile(rf"\b{thing}\b", re.IGNORECASE)
        return named_before.search(self.story.text, 0, self.spans[claim.sentence][0]) is not None

    # ------------------------------------------------------------ what the reveal answers

    def answered_by(self, reveal: Reveal | None, refutations: list[Refutation]) -> list[Refutation]:
        """`refutations` and the held claims that the reveal's sentence answers: for each thing the sentence names,
        the earlier held claim about it (before the reveal's paragraph) that shares the most content words with
        the reveal's claim, the latest of equals, unless the reveal only says it again or names another owner's
        ("his ring" answers nothing held of "her ring")."""
        if reveal is None:
            return refutations
        index = reveal.sentence_index
        opening = self.paragraphs.index(self.paragraphs[index])  # the first sentence of the reveal's paragraph
        answers = {thing: (b, owner) for b in self.by_sentence.get(index, []) if b.modality == "assertion"
                   for thing, owner in self.things(b, definite=True).items()}
        best: dict[str, tuple[tuple[int, int], Claim, Claim]] = {}  # thing -> (rank, claim, answer)
        for a in self.claims:
            if a.sentence >= opening:
                break
            how = self.held(a)
            if how is None:
                continue
            for thing, owner in self.things(a, subject_only=how == "expected").items():
                b, answer_owner = answers.get(thing, (None, None))
                if b is None or _says_again(b, a, thing) or _other_owners(owner, answer_owner):
                    continue
                rank = (len(set(a.core) & set(b.core) - {thing}), a.sentence)
                if thing not in best or rank >= best[thing][0]:
                    best[thing] = (rank, a, b)
        known = {(r.claim, r.refuted_by) for r in refutations}
        added = [Refutation(claim=a.id, refuted_by=b.id, kind="alternative", confidence=ANSWER_CONFIDENCE,
                            belief=self.claim_span(a), refutation=self.claim_span(b))
                 for _, a, b in best.values() if (a.id, b.id) not in known]
        unique = list({(r.claim, r.refuted_by): r for r in added}.values())  # two things of one claim: one pair
        return sorted(refutations + unique, key=lambda r: (self.by_id[r.refuted_by].start, self.by_id[r.claim].start))

    def held(self, claim: Claim) -> str | None:
        """How a claim is held rather than just told: "believed" when believed or reported (its modality) or
        known or sure to a person ("he knew that the rope had broken", "I was sure the door was locked"),
        "expected" when it tells the future ("will", "forever", "no more"); None otherwise."""
        if claim.modality in ("belief", "hearsay"):
            return "believed"
        if claim.modality != "assertion":
            return None
        if any(self._holds(g, claim) for g in self.by_sentence[claim.sentence]):
            return "believed"
        if EXPECTING.search(claim.text) or PROMISED.search(claim.text.split(",", 1)[0]):
            return "expected"
        return None

    def _holds(self, governor: Claim, claim: Claim) -> bool:
        """`governor` is a person's knowing, believing or being sure, and `claim` lies within it."""
        if governor is claim or not (governor.start <= claim.start and claim.end <= governor.end):
            return False
        sure = governor.predicate == "be" and any(
            (words := WORD.findall(o)) and words[0].lower() in CERTAIN for o in governor.objects)
        holding = governor.predicate in self.claim_cues["belief"] | self.claim_cues["knowing"] or sure
        return holding and governor.polarity == "positive" and self.is_person(governor.subject_key)

    def things(self, claim: Claim, definite: bool = False, subject_only: bool = False) -> dict[str, str | None]:
        """What a claim is about: the lemmas (as its core has them) of the head nouns of its subject and objects
        (not the complement of "be", "seem" ...), each -> its owner (`_owner`); no people, pronouns, names or
        generic nouns. With `definite`, only those named as known ("the monster", "her necklace"): "a new life" is
        not one met before. An expectation is about its subject: "The boat will be safe", not "I will sell the
        painting"."""
        phrases = [] if claim.predicate in LINKING or subject_only else [
            WORD.findall(PHRASE_END.split(o, 1)[0]) for o in claim.objects]
        subject = claim.subject or ""
        if subject.lower() not in PRONOUN_KEYS and not self.is_person(claim.subject_key) \
                and not (subject[:1].isupper() and not claim.text.startswith(subject)):
            before = claim.text[:max(claim.text.find(subject), 0)]
            phrases.append([*WORD.findall(PHRASE_END.split(before)[-1]), (claim.subject_key or "").lower()])
        core, nouns = set(claim.core), person_nouns()
        out: dict[str, str | None] = {}
        for words in phrases:
            named = bool(words) and words[-1][:1].isupper() and not words[-1].isupper()
            if not words or named or (definite and not _definite(words)):
                continue  # none, a name, or something new
            word = next((w for w in _lemma_forms(words[-1].lower()) if w in core), None)
            if word and len(word) > 2 and word not in GENERIC and word not in nouns and word not in PRONOUN_KEYS:
                out[word] = _owner(words)
        return out

    # ------------------------------------------------------------ deceivers and beliefs

    def deceivers(self) -> dict[int, str]:
        """Sentence -> the person named as lying or using an excuse/cover there."""
        out: dict[int, str] = {}
        for index in range(len(self.sentences)):
            if not self.cue("deceit", index):
                continue
            for claim in self.by_sentence.get(index, []):
                if claim.source == "narrator" and self.is_person(claim.subject_key) \
                        and claim.subject_key not in ("narrator", self.narrator):
                    out[index] = claim.subject_key
                    break
        return out

    @property
    def narrator(self) -> str:
        return (self.cast.narrator if self.cast is not None and self.cast.narrator else "narrator")

    def holder(self, claim: Claim) -> str | None:
        """Who holds the belief: the narrator of a first-person story, else a quote's speaker."""
        if claim.modality == "hearsay" and not claim.quoted and claim.source == self.narrator:
            return None  # what the narrator told others is held by them, not by the narrator
        if self.told_in_first_person:
            return self.narrator
        if claim.quoted and claim.source not in ("quoted", "rumour"):
            return claim.source
        return None

    def beliefs(self, refutations: list[Refutation]) -> list[Belief]:
        liars = self.deceivers()
        liar_keys = set(liars.values())
        refuted: dict[str, list[Refutation]] = defaultdict(list)
        for r in refutations:
            refuted[r.claim].append(r)
        held = [c for c in self.claims if c.id in refuted or (c.modality in ("belief", "hearsay") and not c.quoted)]
        held = _without_embedded(held, keep=refuted.keys())
        doubts = [i for i in range(len(self.sentences)) if self.cue("doubt", i)]
        out = []
        for claim in held:
            holder = self.holder(claim)
            history = [BeliefState(sentence=claim.sentence, status="asserted")]
            rs = sorted(refuted.get(claim.id, []), key=lambda r: r.refutation.start)
            end = self.by_id[rs[0].refuted_by].sentence if rs else len(self.sentences)
            after = bisect.bisect_right(doubts, claim.sentence)  # the first doubt after the claim, if before its end
            if after < len(doubts) and doubts[after] < end:
                history.append(BeliefState(sentence=doubts[after], status="doubted"))
            deceiver = None
            if rs:
                history.append(BeliefState(sentence=end, status="refuted"))
                first = self.by_id[rs[0].refuted_by]
                if rs[0].kind == "debunk" and (claim.quoted or claim.modality == "hearsay") \
                        and claim.source == first.subject_key:
                    deceiver = claim.source  # a denial or a telling that its own teller broke
                elif claim.id in self.told_knowingly:
                    deceiver = claim.source
                elif claim.subject_key in liar_keys and claim.subject_key != holder:
                    deceiver = claim.subject_key
                elif claim.source in liar_keys and claim.source != holder:
                    deceiver = claim.source
                elif first.sentence in liars and liars[first.sentence] != holder:
                    deceiver = liars[first.sentence]
                elif first.subject_key in liar_keys and first.subject_key != holder:
                    deceiver = first.subject_key  # the refutation denies a known liar's act
            out.append(Belief(
                id=f"b{len(out)}", claim=claim.id, holder=holder, source=claim.source,
                evidence=self.claim_span(claim), history=history, status=history[-1].status,
                refutation=rs[0].refutation if rs else None, deceiver=deceiver,
            ))
        return out

    # ------------------------------------------------------------ the reveal

    def reveal(self, refutations: list[Refutation]) -> Reveal | None:
        n = len(self.sentences)
        if n == 0:
            return None
        strongest: dict[str, float] = {}
        for r in refutations:
            strongest[r.refuted_by] = max(strongest.get(r.refuted_by, 0.0), r.confidence)
        density = [0.0] * n
        for claim_id, confidence in strongest.items():
            density[self.by_id[claim_id].sentence] += confidence
        density = [min(d, 2.0) for d in density]
        recognitions = self.recognitions()
        scored = []
        for i, text in enumerate(self.sentences):
            terms: dict[str, float] = {}
            if density[i]:
                terms["refutation"] = density[i]
            near = (density[i - 1] if i > 0 else 0.0) + (density[i + 1] if i + 1 < n else 0.0)
            if near:
                terms["nearby"] = near / 2
            if i in recognitions:
                terms["recognition"] = 1.0
            cues = revelations(self.cues["revelation"], text)
            if cues:
                terms["cue"] = min(cues, 2)
            if i in self.caps:
                terms["caps"] = 1.0
            if "!" in text:
                terms["exclaim"] = 1.0
            position = i / max(n - 1, 1)
            for key in terms:
                terms[key] *= LATE_FLOOR + (1 - LATE_FLOOR) * position
            terms["position"] = position ** 2
            scored.append((-round(sum(WEIGHTS[k] * v for k, v in terms.items()), 3), i, terms))
        scored.sort(key=lambda x: (x[0], x[1]))
        candidates = [
            RevealCandidate(sentence=self.span(i), sentence_index=i, position=round(float(self.times[i]), 4),
                            score=-neg,
                            reasons=[f"{k} {WEIGHTS[k] * v:+.2f}" for k, v in terms.items()])
            for neg, i, terms in scored[:MAX_CANDIDATES + 1]
        ]
        return Reveal(**candidates[0].model_dump(), candidates=candidates[1:])


def _says_again(answer: Claim, claim: Claim, thing: str) -> bool:
    """The answer only repeats the claim (the same act, polarity and every other content word): a confirmation."""
    return (answer.predicate == claim.predicate and answer.polarity == claim.polarity
            and set(claim.core) - {thing} <= set(answer.core))


def _definite(words: list[str]) -> bool:
    """The noun phrase whose words (the head last) are given names something already known: its nearest
    determiner before the head is "the", a demonstrative or a possessive ("her", "Anne's")."""
    for word in reversed(words[:-1]):
        word = word.lower()
        if word in DEFINITE or word == "s":  # "s": the possessive "'s", split off by WORD
            return True
        if word in INDEFINITE:
            return False
    return False


def _owner(words: list[str]) -> str | None:
    """The owner a noun phrase (its words, the head last) names in a possessive: "her" of "her ring", "anne" of
    "Anne's ring"; None without one."""
    for i in range(len(words) - 2, -1, -1):
        word = words[i].lower()
        if word == "s" and i > 0:  # the possessive "'s", split off by WORD
            return words[i - 1].lower()
        if word in DEFINITE | INDEFINITE:
            return word if word in OWNERS else None
    return None


def _other_owners(one: str | None, other: str | None) -> bool:
    """Two owners that cannot be one: "his" and "her", or two names ("anne", "mary"). A name and a pronoun, or
    two other pronouns, may be one owner told from two sides ("my ring" in her speech, "her ring" in narration)."""
    if one is None or other is None or one == other:
        return False
    return {one, other} == {"his", "her"} or not {one, other} & OWNERS


def _head(phrase: str, core: list[str]) -> str | None:
    """The lemma, as a claim's core has it, of the head noun of one of its phrases ("no dad with bad knees" ->
    dad, "anybody's son" -> son); None when the head is not a content word."""
    words = WORD.findall(PHRASE_END.split(phrase, 1)[0])
    return next((w for w in _lemma_forms(words[-1].lower()) if w in core), None) if words else None


def _lemma_forms(word: str) -> list[str]:
    """A noun and its possible singulars ("premises" -> premise, "boxes" -> box, "stories" -> story)."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _without_embedded(claims: list[Claim], keep) -> list[Claim]:
    """`claims` less those whose span lies within another's of the same sentence (within an earlier one's when
    the spans are equal): an embedded clause ("what I told everyone" in "That's what I told everyone"). Claims
    whose id is in `keep` stay."""
    by_sentence: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_sentence[claim.sentence].append(claim)

    def embedded(claim: Claim) -> bool:
        group = by_sentence[claim.sentence]
        at = group.index(claim)
        return any(other.start <= claim.start and claim.end <= other.end
                   and (other.end - other.start > claim.end - claim.start or k < at)
                   for k, other in enumerate(group) if k != at)

    return [c for c in claims if c.id in keep or not embedded(c)]


def analyze_reveal(story: Story, doc: Doc, sentences: list[Sentence], cast: Cast | None, claims: Claims,
                   style: Style | None = None) -> Ledger:
    """Story + Doc + sentences + Cast (or None) + Claims (+ Style) -> Ledger: refutations, beliefs and the reveal.
    The Doc is not read (the claims carry what it says); it keeps the analyzers' common signature."""
    ledger = _Ledger(story, sentences, cast, claims, style)
    refutations = ledger.refutations()
    reveal = ledger.reveal(refutations)
    refutations = ledger.answered_by(reveal, refutations)  # after the reveal is scored: it never chooses itself
    return Ledger(refutations=refutations, beliefs=ledger.beliefs(refutations), reveal=reveal)
