"""Sentences and events as the timeline reads them (each finite verb's clause with its subject, object, tense and
aspect), the narrating present, and small tests of verbs and clauses: a past perfect, a verb in a "when" clause, the
verb a time expression dates."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token

from fabula.analyzers.cast import person_nouns
from fabula.analyzers.cast.words import FINITE
from fabula.analyzers.quotes import inside_quotes
from fabula.analyzers.timeline.words import (
    CONJ, ELAPSED, EVENT_DEPS, MD, PERSONAL, ROLE_OF, TELLERS, VERB_POS, WHEN_WORDS, ordering_adverbs,
)
from fabula.analyzers.timex import Timex, TokenColumns
from fabula.model import Story


@dataclass
class TimelineSentence:
    index: int
    start: int
    end: int
    paragraph: int
    first_in_paragraph: bool
    token_start: int
    token_end: int
    events: list[int] = field(default_factory=list)
    timexes: list[int] = field(default_factory=list)


@dataclass
class TimelineEvent:
    index: int             # the verb's token
    head: int              # the token it depends on
    dep: str               # its dependency label
    start: int
    end: int
    sentence: int
    tense: str
    aspect: str
    verb: str              # the verb's lemma, lower case
    subject: Token | None
    subject_text: str | None
    object: Token | None
    object_text: str | None
    in_quote: bool
    mark: str | None       # the subordinating conjunction of an adverbial clause ("after", "before", "when")
    adverbs: frozenset[str]  # its adverbs that are ordering cues ("already", "always", "once")
    time: float = 0.0
    negated: bool = False  # the verb has a negation ("did not remember")


def read_sentences(story: Story, columns: TokenColumns) -> list[TimelineSentence]:
    """The Doc's non-blank sentences, indexed as Analysis.sentences is."""
    out: list[TimelineSentence] = []
    text = story.text
    paragraph_starts = [p.start for p in story.paragraphs]
    last_paragraph = -1
    for first, end_token in columns.sentences():
        start_char, end_char = columns.start[first], columns.end[end_token - 1]
        chunk = text[start_char:end_char]
        start = start_char + len(chunk) - len(chunk.lstrip())
        end = end_char - (len(chunk) - len(chunk.rstrip()))
        if start >= end:
            continue
        paragraph = max(0, bisect.bisect_right(paragraph_starts, start) - 1)
        out.append(TimelineSentence(len(out), start, end, paragraph, paragraph != last_paragraph, first, end_token))
        last_paragraph = paragraph
    return out


def sentence_at(starts: list[int], offset: int) -> int | None:
    i = bisect.bisect_right(starts, offset) - 1
    return i if i >= 0 else None


def _dependents(columns: TokenColumns) -> dict[int, dict[str, list[int]]]:
    """Head index -> role -> the indices of its dependents in that role (see ROLE_OF), in text order."""
    out: dict[int, dict[str, list[int]]] = {}
    for i, (dep, head) in enumerate(zip(columns.dep, columns.head)):
        role = ROLE_OF.get(dep)
        if role is not None:
            out.setdefault(head, {}).setdefault(role, []).append(i)
    return out


def read_events(text: str, doc: Doc, columns: TokenColumns, sentences: list[TimelineSentence],
                quotes: list[tuple[int, int]]) -> list[TimelineEvent]:
    """The finite verbs of main, coordinate, complement and adverbial clauses, in text order."""
    strings = doc.vocab.strings
    kids = _dependents(columns)
    cues = {get_string_id(word): word for word in frozenset().union(*ordering_adverbs().values())}
    token_starts = [s.token_start for s in sentences]
    out: list[TimelineEvent] = []
    by_token: dict[int, TimelineEvent] = {}
    for i in [i for i, dep in enumerate(columns.dep) if dep in EVENT_DEPS and columns.pos[i] in VERB_POS]:
        dep = columns.dep[i]
        s = bisect.bisect_right(token_starts, i) - 1
        sentence = sentences[s] if s >= 0 else None
        if sentence is None or i >= sentence.token_end:
            continue
        roles = kids.get(i, {})
        head_event = by_token.get(columns.head[i]) if dep == CONJ else None
        modal = columns.lower[i] if columns.tag[i] == MD else None  # the verb's own word counts only as a modal
        auxes = tuple((columns.tag[c], columns.lower[c], columns.lemma[c]) for c in roles.get("aux", ()))
        shape = _verb_group_shape(strings, (columns.tag[i], modal), auxes,
                                  (head_event.tense, head_event.aspect) if head_event is not None else None)
        if shape is None:
            continue
        first = min([i, *roles.get("aux", ()), *roles.get("neg", ())])
        if "subject" in roles:
            subject = doc[roles["subject"][0]]
            left = subject.left_edge.i
            subject_text, first = columns.phrase(text, left, subject.i), min(first, left)
        else:
            subject = head_event.subject if head_event else None
            subject_text = head_event.subject_text if head_event else None
        obj, obj_text = _object(text, doc, columns, i, roles, kids)
        start = max(columns.start[first], sentence.start)
        end = min(columns.end[obj.i if obj is not None and obj.i > i else i], sentence.end)
        mark = strings[columns.lower[roles["mark"][0]]] if "mark" in roles else None
        adverbs = frozenset(cues[columns.lower[c]] for c in roles.get("advmod", ()) if columns.lower[c] in cues)
        event = TimelineEvent(i, columns.head[i], strings[dep], start, end, sentence.index, shape[0], shape[1],
                              strings[columns.lemma[i]].lower(), subject, subject_text, obj, obj_text,
                              inside_quotes(quotes, columns.start[i]), mark, adverbs, negated="neg" in roles)
        by_token[i] = event
        sentence.events.append(len(out))
        out.append(event)
    return out


def _object(text: str, doc: Doc, columns: TokenColumns, i: int, roles: dict[str, list[int]],
            kids: dict[int, dict[str, list[int]]]) -> tuple[Token | None, str | None]:
    """The direct object (or attribute) of verb `i`, else its first prepositional phrase: its head and its text."""
    if "object" in roles:
        token = doc[roles["object"][0]]
        return token, columns.phrase(text, token.left_edge.i, token.i)
    prep = roles["prep"][0] if "prep" in roles else None
    pobjs = kids.get(prep, {}).get("pobj") if prep is not None else None
    if pobjs and pobjs[0] > i:
        token = doc[pobjs[0]]
        return token, f"{columns.phrase(text, prep, prep)} {columns.phrase(text, token.left_edge.i, token.i)}"
    return None, None


@lru_cache(maxsize=4096)
def _verb_group_shape(strings: StringStore, verb: tuple[int, int | None], auxes: tuple[tuple[int, int, int], ...],
                      head_shape: tuple[str, str] | None) -> tuple[str, str] | None:
    """_tense_aspect of a verb group given as label ids (verb: tag and, for a modal, its word; auxiliaries:
    tag, word, lemma), cached: each distinct group is read as strings once."""
    tag, word = verb
    return _tense_aspect((strings[tag], strings[word] if word is not None else ""),
                         tuple((strings[t], strings[w], strings[lemma]) for t, w, lemma in auxes), head_shape)


def _tense_aspect(verb: tuple[str, str], auxes: tuple[tuple[str, str, str], ...],
                  head_shape: tuple[str, str] | None) -> tuple[str, str] | None:
    """(tense, aspect) of a finite verb group, e.g. ('past', 'perfect') for 'had met'; None when not finite.

    `verb` is the verb's (tag, lower case; the word only counts for a modal), `auxes` its auxiliaries
    as (tag, lower case, lemma), and `head_shape` the shape of the verb it is coordinated with (a bare
    participle shares it)."""
    tag = verb[0]
    if not auxes and tag not in FINITE:
        if head_shape is not None and tag in ("VBN", "VBD", "VBG"):
            return head_shape
        return None
    if auxes and not any(a_tag in FINITE for a_tag, _, _ in auxes):
        return None
    words = [word for _, word, _ in auxes]
    contracted_had = any(w in ("’d", "'d") for w in words) and (tag == "VBN" or "been" in words)
    perfect = contracted_had or any(lemma == "have" and a_tag in FINITE for a_tag, _, lemma in auxes)
    progressive = tag == "VBG" and any(lemma == "be" for _, _, lemma in auxes)
    aspect = "perfect-progressive" if perfect and (progressive or "been" in words) else \
        "perfect" if perfect else "progressive" if progressive else "simple"
    finite = next((aux[:2] for aux in auxes if aux[0] in FINITE), None)
    finite_tag, finite_word = finite or verb
    if finite_tag == "MD" and not contracted_had:
        tense = "future" if finite_word in ("will", "shall", "’ll", "'ll", "wo") else \
            "conditional" if finite_word in ("would", "’d", "'d") else "modal"
    elif contracted_had or finite_tag == "VBD" or (finite is None and tag == "VBN"):
        tense = "past"
    else:
        tense = "present"
    return tense, aspect


def is_past_perfect(event: TimelineEvent) -> bool:
    return event.tense == "past" and event.aspect.startswith("perfect")


def present_of_telling(sentences: list[TimelineSentence], events: list[TimelineEvent]) -> list[int]:
    """Narration sentences in the present of telling ("That's what I told everyone", "I still remember")
    in a story whose narration is otherwise in the past; not those whose verb may be a past ("I read novels"), nor
    an "I" or "we" of a story told in the third person (a letter or a message set in italics: "I'm 41.")."""
    roots = [(s, events[i]) for s in sentences for i in s.events
             if events[i].dep == "ROOT" and not events[i].in_quote]
    past = sum(e.tense == "past" for _, e in roots)
    mine = sum(e.subject is not None and e.subject.lower_ in ("i", "we") for _, e in roots)
    told_by_me = mine >= max(2, len(roots) / 10)
    tellers = TELLERS if told_by_me else TELLERS - {"i", "we"}  # a third-person story's "I'm 41" is a message
    present = [s.index for s, e in roots if e.tense == "present" and e.subject is not None
               and e.subject.lower_ in tellers and e.verb not in _SAME_IN_THE_PAST]
    return present if past > 2 * len(present) else []


# verbs whose simple past is spelled as their present: "I read novels" in a story told in the past is the past
_SAME_IN_THE_PAST = frozenset({"read", "put", "set", "cut", "hit", "let", "hurt", "cost", "quit", "shut", "spread",
                               "bet", "cast", "burst", "split", "shed", "thrust", "upset", "broadcast", "bid", "rid"})


def in_when_clause(token: Token) -> bool:
    """The verb heads, or serves, an adverbial clause opened by a temporal conjunction ("When the baby was ...")."""
    clause = token.head if token.dep_ in ("aux", "auxpass") else token
    return clause.dep_ == "advcl" and any(c.lower_ in WHEN_WORDS and c.dep_ in ("advmod", "mark")
                                          for c in clause.children)


def elapsed_until(text: str, timex: Timex) -> bool:
    """ "It was two weeks before the design was done": a counted stretch before a clause, said of an expletive
    "it", is the time that passed until that clause, a step forward, not a look back."""
    return timex.anchor == "clause" and ELAPSED.search(text, max(0, timex.start - 24), timex.start) is not None


def in_the_past(verb: Token) -> bool:
    """A verb in the past tense or with a past auxiliary ("waited", "had waited", "was waiting")."""
    return verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)


def is_pluperfect(verb: Token) -> bool:
    """A participle with "had" ("had torn", "had been torn", "had been going")."""
    children = list(verb.children)
    return (verb.tag_ == "VBN" or verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ == "been" for c in children)) \
        and any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "’d") for c in children)


def main_event(sentence: TimelineSentence, events: list[TimelineEvent]) -> TimelineEvent | None:
    """The sentence's root event, else its first event; None when it has none."""
    return next((events[i] for i in sentence.events if events[i].dep == "ROOT"),
                events[sentence.events[0]] if sentence.events else None)


def dates_unnegated(token: Token, verb: int) -> bool:
    """The phrase of `token` hangs from verb `verb` (no other verb between them), with no negation on
    the way ("Never in her life") and not as a circumstance ("With his life in danger", "For the rest of
    his life")."""
    path = path_to_verb(token)
    circumstance = any(t.dep_ == "prep" and t.lower_ in ("with", "for") for t in path)
    return path[-1].i == verb and not circumstance and not any(c.dep_ == "neg" for t in path[:-1] for c in t.children)


def timex_verb(doc: Doc, timex: Timex) -> Token | None:
    """The nearest verb at or above an expression's head in the parse (the root when there is none); None when the
    expression's span does not map onto tokens."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    return path_to_verb(tokens.root)[-1] if tokens is not None else None


def stretches_of(doc: Doc, main: TimelineEvent, sentence: TimelineSentence, timexes: list[Timex]) -> list[Timex]:
    """The sentence's durations that hang from its main verb ("for seventeen years" of "Jo and I had talked ... for
    seventeen years"), not those of another clause."""
    return [timexes[t] for t in sentence.timexes if timexes[t].kind == "duration"
            and (verb := timex_verb(doc, timexes[t])) is not None and verb.i == main.index]


def path_to_verb(token: Token) -> list[Token]:
    """`token` and its heads up to the nearest verb (or the root when there is none), in that order."""
    path = [token]
    while path[-1].pos_ not in ("VERB", "AUX") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def is_person(subject: Token | None) -> bool:
    """A personal pronoun, a person's name or a person noun ("the farmer", "her mother")."""
    if subject is None:
        return False
    return subject.lower_ in PERSONAL or subject.ent_type_ == "PERSON" or subject.pos_ == "PROPN" \
        or subject.lemma_.lower() in person_nouns()


def sentence_runs(indices: list[int], sentences: list[TimelineSentence], gap: int = 2) -> list[list[int]]:
    """Group sentence indices into runs: neighbours within `gap` sentences in one paragraph."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i - runs[-1][-1] <= gap and sentences[i].paragraph == sentences[runs[-1][-1]].paragraph:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
