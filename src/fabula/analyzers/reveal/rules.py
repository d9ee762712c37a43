"""The refutation rules besides plain negation: each finds one kind of (earlier claim, later claim) pair.

`RefutationRules` is mixed into the `LedgerBuilder` (ledger.py) and reads its claims, sentences, cues and cast; each
rule calls `add(a, b, kind, confidence)` for every pair it finds. The module docstring of the package lists them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from fabula.analyzers.cast import person_nouns
from fabula.analyzers.claims import PRONOUN_KEYS
from fabula.analyzers.reveal.compare import Series, object_words, series_by
from fabula.analyzers.reveal.words import (
    ARTICLES, BARE_NO, CONFESSED, CONFESSING, DEMONSTRATIVES, FUTURE, GENERIC, GIVING_UP, HOLDING, LIGHT_PREDICATES,
    MAX_CORE_CANDIDATES, MAX_EXPECTATIONS, NAME, NEGATED, NEGATORS, OTHER_AGENT_SHARED, OWNERS, PERSON_KEYS,
    PERSON_OBJECTS, PRO_OBJECTS, QUOTE_MARKS, RELATIVES, RESTATED_WITHIN, RETROSPECTIVE, TOLD_THE_READER, WEAK_SUBJECTS,
    WINDOW, WORD, head_lemma,
)
from fabula.model import Claim


class RefutationRules:
    """The rules of `LedgerBuilder.refutations` other than plain negation."""

    def _identities(self, add) -> None:
        """Mistaken identity: "Is that you, Jimmy Wells?" ... "You're not Jimmy Wells." (a character's name, not a
        subject, matches)."""
        named = [c for c in self.claims if c.predicate == "be" and NAME.search(c.text)]
        said_of: defaultdict[str, Series] = defaultdict(Series)  # a name -> the positive claims that name it
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
        rumours = series_by((c for c in self.claims if c.source == "rumour" and c.polarity == "positive"),
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
        denials = series_by((c for c in self.claims if c.quoted and c.polarity == "negative"
                           and c.modality == "assertion" and c.source not in ("quoted", "narrator")
                           and c.subject_key == c.source), key=lambda c: c.source)
        told = [c for c in self.claims if c.modality == "hearsay" and not c.quoted and self.is_person(c.source)]
        told_by = series_by(told, key=lambda c: c.source)
        told_of: defaultdict[tuple[str, str], Series] = defaultdict(Series)  # (teller, content word) -> told
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
        acts = series_by((c for c in self.claims if c.id in reasons),  # the acts given a reason, by act
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
        asked = series_by((a for a in self.claims if a.modality == "question" and a.predicate == "be"),
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
        quoted = series_by((a for a in self.claims if a.quoted and a.polarity == "positive"),
                           key=lambda a: a.subject_key)
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
            self._quoted_by_subject = series_by((c for c in self.claims if c.quoted and c.polarity == "positive"
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
        expected = series_by((c for c in self.claims  # FUTURE in the clause's own words, not a comma-set addition
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
            things = {head for o in b.objects if (head := head_lemma(o, b.core))} - GENERIC
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
            things = {head for o in b.objects if (head := head_lemma(o, b.core))} - GENERIC - person_nouns()
            for i in range(b.sentence - 1, max(b.sentence - 4, -1), -1):
                said = [a for a in self.by_sentence.get(i, []) if a.predicate == "be" and a.polarity == "positive"
                        and a.modality != "question" and a.subject_key in DEMONSTRATIVES | {"it"}
                        and things & {head_lemma(o, a.core) for o in a.objects}
                        and object_words(b) - NEGATORS <= object_words(a)]
                if said:
                    add(said[0], b, "negation", 0.5)
                    break

    def _denied_identities(self, add) -> None:
        """ "He said he was the owner's son" ... "That boy isn't anybody's son": a person denied to be what a
        reported claim said a person was (the same noun of a person: son, doctor, owner) overturns the latest
        such claim, whoever its subject, as the one who is denied may be told by another description; not when
        the one denied is named."""
        nouns = person_nouns()
        said: defaultdict[str, Series] = defaultdict(Series)  # a person noun -> reported claims that say it
        for a in self.claims:
            if a.predicate == "be" and self.reported(a) and self.is_person(a.subject_key):
                for role in {head_lemma(o, a.core) for o in a.objects} & nouns:
                    said[role].append(a)
        for b in self.claims:
            if (b.predicate != "be" or b.polarity != "negative" or b.modality != "assertion"
                    or not self.is_person(b.subject_key) or self.named(b)):
                continue  # "Bob is not a doctor" is about Bob, whoever else was said to be one
            for role in {head_lemma(o, b.core) for o in b.objects} & nouns:
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
                asked = object_words(q)
                said = [a for i in range(max(q.sentence - RESTATED_WITHIN, 0), q.sentence)
                        for a in self.by_sentence.get(i, []) if a.modality != "question" and a.predicate == q.predicate
                        and a.subject_key == q.subject_key and a.polarity == "positive"
                        and asked & object_words(a)]
                if said:
                    add(said[-1], self.by_sentence[j][0], "negation", 0.5)
                    break
