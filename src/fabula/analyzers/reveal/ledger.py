"""The ledger of one story: its refutations, the claims its reveal answers, its beliefs and the reveal's score."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Hashable

from fabula.analyzers.arc import narrative_time
from fabula.analyzers.cast import person_nouns
from fabula.analyzers.claims import PRONOUN_KEYS, cues
from fabula.analyzers.quotes import inside_quotes, quote_spans
from fabula.analyzers.reveal.compare import Series, negation_confidence, without_embedded
from fabula.analyzers.reveal.cues import cue_patterns, revelations
from fabula.analyzers.reveal.recognitions import Recognitions
from fabula.analyzers.reveal.rules import RefutationRules
from fabula.analyzers.reveal.words import (
    ANSWER_CONFIDENCE, CAPS_RUN, CAPS_WORD, CERTAIN, EVIDENCE, EXPECTING, GENERIC, LANDS_SHARE, LANDS_WITHIN,
    LATE_FLOOR, LINKING, MAX_CANDIDATES, MAX_CORE_CANDIDATES, MOTION, OWN_WRITING, PERSON_KEYS, PHRASE_END, PROMISED,
    SHOWN_LEAD_WORDS, SPEECH_OPENINGS, WEIGHTS, WORD, is_definite, lemma_forms, other_owners, owner_of, says_again,
)
from fabula.model import (
    Belief, BeliefState, Cast, Claim, Claims, Refutation, Reveal, RevealCandidate, Sentence, Span, Story, Style,
)


class LedgerBuilder(RefutationRules, Recognitions):
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
        self._quoted_by_subject: defaultdict[Hashable, Series] | None = None
        self.by_sentence: dict[int, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self.by_sentence[claim.sentence].append(claim)
        self.caps = self._caps_sentences()
        self.shown = self._shown_sentences()
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
        """Indices of the sentences with an ALL-CAPS run that says something not said in capitals before: style's
        caps devices, read from the text only when there is no Style ("FBI, CIA" are acronyms to style, so not
        shouting). A run whose words all stood in an earlier one echoes it ("R. BESSEMER — SON" ... "It says
        BESSEMER & SON."): the capitals struck where they were first put before the reader."""
        if self.style is not None:
            sentence_starts = [start for start, _ in self.spans]
            runs = []
            for device in self.style.devices:
                i = bisect.bisect_right(sentence_starts, device.start) - 1
                if device.kind == "caps" and i >= 0 and device.start < self.spans[i][1]:
                    runs.append((i, device.text))
        else:
            runs = [(i, run.group()) for i, text in enumerate(self.sentences) for run in CAPS_RUN.finditer(text)]
        found, said = set(), set()
        for i, text in runs:
            words = set(CAPS_WORD.findall(text))
            if not words <= said:
                found.add(i)
            said |= words
        return found

    def _shown_sentences(self) -> set[int]:
        """Indices of the sentences that show a text the one before announces with a colon ("And across the top, in
        her big wobbly capitals, it said:" / "MOMMY'S PHONE GAME."): a note, a label, a line of a statement, put
        before the reader as it is. The announcing sentence is narration of at least SHOWN_LEAD_WORDS words ("EDIT:"
        and "Chapter 2:" announce nothing; "Listen to me:" in a quotation is speech going on), and the shown one has
        a word or a number ("07/19") and opens with no mark of speech (a quotation mark or a dash). What the teller
        writes or says ("I wrote in my diary:") is their own text, not one shown to them."""
        quoted = [(q.outer_start, q.outer_end) for q in quote_spans(self.story)]
        out = set()
        for i in range(1, len(self.sentences)):
            lead, shown = self.sentences[i - 1].rstrip(), self.sentences[i].lstrip()
            colon = self.spans[i - 1][0] + len(lead) - 1
            if lead.endswith(":") and len(WORD.findall(lead)) >= SHOWN_LEAD_WORDS and re.search(r"\w", shown) \
                    and not shown.startswith(SPEECH_OPENINGS) \
                    and not inside_quotes(quoted, colon) and not self._tellers_own(i - 1):
                out.add(i)
        return out

    def _tellers_own(self, index: int) -> bool:
        """Whether the clause that ends a sentence at its colon says the teller writes or says something (OWN_WRITING
        with "I" as its subject: "and that night I wrote in my diary:"); not "I typed the number in, and the page
        said:", whose last clause is the page's."""
        told = [c for c in self.by_sentence.get(index, []) if not c.quoted]
        last = max(told, key=lambda c: c.start, default=None)
        return last is not None and last.predicate in OWN_WRITING and last.subject_key in ("narrator", self.narrator)

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
            for a in _earlier(cores, b):
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
                if b is None or says_again(b, a, thing) or other_owners(owner, answer_owner):
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
        (not the complement of "be", "seem" ...), each -> its owner (`owner_of`); no people, pronouns, names or
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
            if not words or named or (definite and not is_definite(words)):
                continue  # none, a name, or something new
            word = next((w for w in lemma_forms(words[-1].lower()) if w in core), None)
            if word and len(word) > 2 and word not in GENERIC and word not in nouns and word not in PRONOUN_KEYS:
                out[word] = owner_of(words)
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
        held = without_embedded(held, keep=refuted.keys())
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
        recognitions, clefts = self.recognitions()
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
            if i in self.shown:
                terms["shown"] = 1.0
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
        scored.insert(0, scored.pop(_where_it_lands(scored, clefts)))
        if not EVIDENCE.intersection(scored[0][2]):  # only an exclamation, a neighbour or the place speaks for it
            scored.insert(0, scored.pop(next(k for k, (_, i, _) in enumerate(scored) if i == n - 1)))
        candidates = [
            RevealCandidate(sentence=self.span(i), sentence_index=i, position=round(float(self.times[i]), 4),
                            score=-neg,
                            reasons=[f"{k} {WEIGHTS[k] * v:+.2f}" for k, v in terms.items()])
            for neg, i, terms in scored[:MAX_CANDIDATES + 1]
        ]
        return Reveal(**candidates[0].model_dump(), candidates=candidates[1:])


def _earlier(cores: dict[tuple[str, str | None], list[Claim]], b: Claim) -> list[Claim]:
    """The claims before b, by predicate and subject, that may negate it: those of its predicate, and for a verb of
    going those of the other verbs of going (MOTION), in story order."""
    predicates = MOTION if b.predicate in MOTION else {b.predicate}
    found = [a for p in predicates for a in cores.get((p, b.subject_key), []) if a.sentence < b.sentence]
    return sorted(found, key=lambda a: (a.sentence, a.start)) if len(predicates) > 1 else found


def _where_it_lands(scored: list[tuple[float, int, dict[str, float]]], clefts: set[int]) -> int:
    """The place in `scored` (best first: negated score, sentence, terms) of the sentence where the twist reaches the
    reader: the best one, unless a sentence of evidence (a refutation or a recognition) at most LANDS_WITHIN sentences
    before it scores at least LANDS_SHARE of its score; then the first such sentence. A twist lands once, and the
    sentences right after it spell it out, their later position adding to their scores ("The mother's name was Susan
    Kay Whitfield." ... "Daniel wasn't her father's son."). A cleft alone (`clefts`: "It was Grant who paid for the
    telegram") is everyday syntax as often as a recognition: it may be the best sentence, but it takes no place."""
    best_score, best, _ = scored[0]
    earlier = [(i, k) for k, (score, i, terms) in enumerate(scored)
               if best - LANDS_WITHIN <= i < best and score <= LANDS_SHARE * best_score
               and ("refutation" in terms or "recognition" in terms and i not in clefts)]
    return min(earlier)[1] if earlier else 0
