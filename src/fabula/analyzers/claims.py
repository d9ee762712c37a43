"""Claims: the propositions a story's clauses make, with polarity, modality and source.

`analyze_claims(story, doc, cast)` reads the parsed Doc (and, when present, the Cast for
characters, the narrator and quote speakers) and returns `Claims`: one `Claim` per clause
head (a finite verb, a copula, or a verbless sentence's root) with its subject (resolved to a
character through the cast's mentions), predicate lemma, objects, key modifiers
("across the country", "for his dream job"), polarity, modality and source.

A signed letter speaks for its signer: a quotation of two or more sentences that opens with a
salutation ("Dear Bob," / "Bob:") or closes with a formula ("Yours truly,") and ends on a sentence
that is only a name ("JIMMY.") has that name as its speaker, whatever speech verb stands near it,
so the letter's "I" is the signer.

A clause is hearsay when a report verb governs it through complement, conjoined or adverbial
clauses whose last step onto the verb is a complement (a clause conjoined or adverbial to the verb
itself is a second act, not what was reported: "He heard a shot and something struck the water",
"He told the joke as she rose"; the same holds for belief verbs), or when a report verb stands in
it as a parenthesis ("The shriek, I said, was my own", "The farm, she says, was sold"; a teller's
present "I say" speaks to the reader); a participle adjunct of that verb
("said Madame, lifting the mass") tells how it was said, not what, so the walk stops there. A report
by "it" ("it is said", "let it be said") is a rumour.

Without a cast the subject falls back to a pronoun key ("he", "she") and a quote's
speaker to the subject of a speech verb in the same sentence.
"""

from __future__ import annotations

import bisect

import re
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from fabula.analyzers.cast.words import finite
from fabula.analyzers.quotes import opens_letter, quote_spans, speech_verbs
from fabula.model import Cast, Claim, Claims, Story
from fabula.resources import cue_words, data_lines

CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "xcomp", "parataxis", "csubj", "acl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
OBJECT_DEPS = {"dobj", "attr", "acomp", "oprd", "dative", "pobj"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"}
PRONOUN_KEYS = {"i": "I", "me": "I", "my": "I", "myself": "I", "mine": "I",
                "he": "he", "him": "he", "his": "he", "himself": "he",
                "she": "she", "her": "she", "hers": "she", "herself": "she",
                "we": "we", "us": "we", "our": "we", "ourselves": "we",
                "they": "they", "them": "they", "their": "they", "themselves": "they",
                "you": "you", "your": "you", "yourself": "you"}
ATTRS = [IDX, LENGTH, HEAD, POS, DEP, LEMMA, LOWER, TAG, IS_STOP, IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START]
TERMINAL = {".", "!", "?", "…"}
NEGATED_ADVERBS = {"longer", "more", "again"}  # "no longer had", "never again saw", "saw her no more"
PERCEPTION = {"hear"}  # a report verb that also perceives: what it perceives ("heard the shot humming") is no report
MAX_SIGNATURE = 3  # words of a signature's name


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """The modality cue lists of resources/claim_cues.txt, by kind."""
    return cue_words("claim_cues.txt")


@lru_cache(maxsize=1)
def retro_belief() -> re.Pattern[str]:
    """One regex of the phrases that make the previous sentence a held belief."""
    lines = data_lines("retro_belief.txt")
    return re.compile("|".join(f"(?:{ln})" for ln in lines), re.IGNORECASE)


def _exceptive(token: Tok) -> bool:
    """"nothing (else) but grass", "no one but her": all there is, said the other way round, not a denial."""
    return any(c.lower_ == "but" and c.dep_ in ("prep", "cc") for c in token.children)


def lemma(token: Tok) -> str:
    """Lower-case lemma, robust to ALL-CAPS text (where the tagger may call a noun PROPN)."""
    if token.text.isupper() and len(token.text) > 1 and token.pos_ in ("PROPN", "NOUN"):
        word = token.text.lower()
        return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word
    return token.lemma_.lower().replace("’", "'")


def content_lemma(token: Tok) -> str | None:
    """The token's lemma when it is a content word (no stop word, pronoun or punctuation), else None."""
    return lemma(token) if token.pos_ in CONTENT_POS and not token.is_stop and token.is_alpha else None


def _quote_regions(story: Story, cast: Cast | None) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of each quotation: the cast's quotes, else quotation marks."""
    if cast is not None and cast.quotes:
        return [(q.start, q.end, q.speaker) for q in cast.quotes]
    return [(q.outer_start, q.outer_end, None) for q in quote_spans(story)]


def _mention_index(cast: Cast | None) -> dict[int, str]:
    """Every character offset inside a mention -> the id of the character it mentions."""
    index: dict[int, str] = {}
    if cast is None:
        return index
    for character in cast.characters:
        for mention in character.mentions:
            for offset in range(mention.start, mention.end):
                index.setdefault(offset, character.id)
    return index


class Tok:
    """A plain-Python copy of a spaCy token's attributes (token access through the Doc is slow)."""

    __slots__ = ("i", "text", "lower_", "lemma_", "pos_", "dep_", "tag_", "idx", "is_stop", "is_alpha",
                 "is_punct", "is_space", "head", "children", "left_edge", "right_edge", "toks")

    @property
    def subtree(self) -> list["Tok"]:
        return self.toks[self.left_edge.i: self.right_edge.i + 1]


class Sent:
    """A sentence as a slice of Toks."""

    __slots__ = ("start", "end", "start_char", "end_char", "text", "toks")

    def __iter__(self):
        return iter(self.toks[self.start: self.end])


def copy_tokens(doc: Doc, text: str) -> tuple[list[Tok], list[Sent]]:
    """The Doc's tokens and sentences as plain objects, read once through `Doc.to_array`; `text` is the
    Doc's text (the story's: `Doc.text` would rebuild it from the tokens)."""
    table = doc.to_array(ATTRS)
    n = len(table)
    idx, length = table[:, 0].tolist(), table[:, 1].tolist()
    heads = (np.arange(n) + table[:, 2].astype(np.int64)).tolist()  # HEAD is an offset, stored unsigned
    pos, dep, lem, low, tag = (_names(doc, table[:, c]) for c in range(3, 8))
    stop, alpha, punct, space = (table[:, c].astype(bool).tolist() for c in range(8, 12))
    toks: list[Tok] = []
    for i in range(n):
        tok = Tok()
        tok.i, tok.idx, tok.text = i, idx[i], text[idx[i]: idx[i] + length[i]]
        tok.pos_, tok.dep_, tok.lemma_, tok.lower_, tok.tag_ = pos[i], dep[i], lem[i], low[i], tag[i]
        tok.is_stop, tok.is_alpha, tok.is_punct, tok.is_space = stop[i], alpha[i], punct[i], space[i]
        tok.children, tok.toks = [], toks
        tok.left_edge = tok.right_edge = tok
        toks.append(tok)
    for tok, head in zip(toks, heads):
        tok.head = toks[head]
        if head != tok.i:
            tok.head.children.append(tok)
    _edges(toks)
    starts = [0, *(np.flatnonzero(table[1:, 12] == 1) + 1).tolist(), n] if n else [0]
    sents = []
    for start, end in zip(starts, starts[1:]):
        sent = Sent()
        sent.start, sent.end, sent.toks = start, end, toks
        sent.start_char = toks[start].idx
        sent.end_char = toks[end - 1].idx + len(toks[end - 1].text)
        sent.text = text[sent.start_char: sent.end_char]
        sents.append(sent)
    return toks, sents


def _adjunct(clause: Tok) -> bool:
    """A participle clause with no subject of its own hung on a verb ("said Madame, lifting the mass"):
    it tells how the act was done, not what was said or believed."""
    return clause.dep_ == "advcl" and clause.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in clause.children)


def _closed_before(clause: Tok, verb: Tok) -> bool:
    """The clause comes before the verb and a semicolon or colon closes it: "His brain was as quick as his legs;
    he thought with the rapidity of lightning" says two things, not what he thought (unlike "He was right, she
    thought")."""
    if clause.i > verb.i:
        return False
    return any(t.text in (";", ":") for t in clause.toks[clause.right_edge.i + 1: verb.i])


def _unsaid(verb: Tok) -> bool:
    """The report verb says that nothing, or not this, was said: "I said nothing", "he did not tell them";
    not the rhetorical question "had I not told them ...?", which says it was."""
    children = list(verb.children)
    if any(c.dep_ == "dobj" and c.lower_ in ("nothing", "naught", "nought") for c in children):
        return True
    if not any(c.dep_ == "neg" for c in children):
        return False
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    aux = next((c for c in children if c.dep_ == "aux"), None)
    return not (subject is not None and aux is not None and aux.i < subject.i)


def _to_the_reader(verb: Tok) -> bool:
    """A teller's present "I say", "we tell you": spoken to the reader, not a report of what was said."""
    return verb.tag_ in ("VBP", "VB") and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children)


def _names(doc: Doc, column: np.ndarray) -> list[str]:
    """A column of string ids -> their strings ("" for 0), each distinct id looked up once."""
    ids = column.tolist()
    strings = doc.vocab.strings
    names = {k: strings[k] if k else "" for k in set(ids)}
    return [names[k] for k in ids]


def _edges(toks: list[Tok]) -> None:
    """Left and right edges of every token's subtree, computed bottom-up."""
    order: list[Tok] = []
    roots = [t for t in toks if t.head is t]
    stack = list(roots)
    while stack:
        tok = stack.pop()
        order.append(tok)
        stack.extend(tok.children)
    for tok in reversed(order):
        for child in tok.children:
            if child.left_edge.i < tok.left_edge.i:
                tok.left_edge = child.left_edge
            if child.right_edge.i > tok.right_edge.i:
                tok.right_edge = child.right_edge


class _Reader:
    """Reads the claims of one Doc; holds the per-story lookups."""

    def __init__(self, story: Story, doc: Doc, cast: Cast | None):
        self.story, self.cast = story, cast
        self.toks, self.sents = copy_tokens(doc, story.text)
        self.cues = cues()
        self.quotes = sorted(_quote_regions(story, cast))
        self.quote_starts = [region[0] for region in self.quotes]
        self.mentions = _mention_index(cast)
        self.narrator = cast.narrator if cast is not None else None
        self.first_person = cast.narration == "first-person" if cast is not None else None
        self.sent_starts = [sent.start_char for sent in self.sents]
        self.signers: dict[tuple[int, int], str | None] = {}
        self.content = [content_lemma(t) for t in self.toks]

    def quote_of(self, offset: int) -> tuple[int, int, str | None] | None:
        """The quotation (start, end, speaker) holding `offset`, found by bisection; None outside quotes."""
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        return self.quotes[i] if i >= 0 and offset < self.quotes[i][1] else None

    def signer(self, quote: tuple[int, int, str | None]) -> str | None:
        """The key of the name a letter is signed with, when the quotation is a signed letter."""
        key = (quote[0], quote[1])
        if key not in self.signers:
            self.signers[key] = self._signature(quote)
        return self.signers[key]

    def _signature(self, quote: tuple[int, int, str | None]) -> str | None:
        i = bisect.bisect_right(self.sent_starts, quote[1] - 1) - 1
        if i < 0 or self.sents[i].start_char <= quote[0]:
            return None  # no sentence of its own at the end of the quotation
        last = self.sents[i]
        if "?" in last.text or "!" in last.text:
            return None
        words = [t for t in last if t.is_alpha and quote[0] <= t.idx < quote[1]]
        closed = False
        while words and words[0].lower_ in self.cues["closing"]:
            words, closed = words[1:], True
        if not (1 <= len(words) <= MAX_SIGNATURE and all(t.pos_ == "PROPN" or t.idx in self.mentions for t in words)):
            return None
        if not (closed or opens_letter(self.story.text[quote[0]: quote[0] + 80])):
            return None
        return self.entity_key(words[0], None)

    def local_speaker(self, sent, quote: tuple[int, int, str | None]) -> str | None:
        """Without a cast: the subject of a speech verb outside the quote, in the same sentence; for a speech
        verb without one, its governing verb's ("She kept saying, ...")."""
        verbs = speech_verbs()
        for token in sent:
            if token.pos_ == "VERB" and token.lemma_.lower() in verbs and not (quote[0] <= token.idx < quote[1]):
                for verb in (token, token.head) if token.dep_ in ("xcomp", "ccomp") else (token,):
                    for child in verb.children:
                        if child.dep_ in ("nsubj", "nsubjpass") and not (quote[0] <= child.idx < quote[1]):
                            return self.entity_key(child, None)
        return None

    def entity_key(self, token: Tok, speaker: str | None) -> str:
        """A stable key for who a token refers to: character id, pronoun key, or noun lemma."""
        if token.idx in self.mentions:
            return self.mentions[token.idx]
        word = token.text.lower().replace("’", "'")
        key = PRONOUN_KEYS.get(word)
        if key == "I":
            if speaker is not None:
                return speaker
            return self.narrator or "narrator"
        if key is not None:
            return key
        if token.dep_ in ("nsubj", "nsubjpass") and token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
            return self.entity_key(token.head.head, speaker)
        if token.pos_ == "PROPN":
            names = [t for t in token.subtree if t.pos_ == "PROPN"]
            return " ".join(t.text.lower() for t in names)
        return lemma(token)

    def subject_of(self, head: Tok) -> Tok | None:
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if head.dep_ in ("conj", "xcomp") and head.head is not head:
            return self.subject_of(head.head)
        if head.dep_ in ("relcl", "acl"):
            return head.head
        return None

    def polarity(self, head: Tok) -> str:
        negators = self.cues["negator"]
        for child in head.children:
            word = child.lower_.replace("’", "'")
            if child.dep_ == "neg" or word in ("n't", "not", "never") or (
                    child.dep_ in ("det", "advmod") and word in negators):
                return "negative"
            if child.dep_ in ("dobj", "nsubj", "attr", "pobj") and word in {"nothing", "nobody", "none", "noone"} \
                    and not _exceptive(child):
                return "negative"
            if child.dep_ in ("dobj", "attr", "nsubj") and any(
                    g.dep_ == "det" and g.lower_ == "no" or g.dep_ == "poss" and g.lower_ in ("nobody", "noone")
                    for g in child.children):  # "no fool", "nobody's nephew"
                return "negative"
            if child.dep_ == "advmod" and child.lower_ in NEGATED_ADVERBS and any(
                    g.dep_ == "neg" for g in child.children) and not any(g.lower_ == "than" for g in child.children):
                return "negative"
        return "positive"

    def modality(self, head: Tok, terminal: str) -> tuple[str, Tok | None]:
        """(modality, the governing report verb if hearsay)."""
        if any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in head.children):
            return "speculation", None  # a condition is supposed, not asserted ("if she hadn't been good?")
        if terminal == "?":
            return "question", None
        cues = self.cues
        for child in head.children:
            word = child.lower_
            if child.dep_ == "advmod" and word in cues["speculation_adverb"]:
                return "speculation", None
            if child.dep_ == "aux" and word in cues["speculation_modal"] and (
                    word in ("might", "may") or any(c.dep_ == "aux" and c.lower_ == "have" for c in head.children)):
                return "speculation", None
        if head.lemma_.lower() in cues["speculation_verb"]:
            return "speculation", None
        governor, node = None, head
        while node.dep_ in ("ccomp", "xcomp", "conj", "advcl") and node.head is not node and not _adjunct(node):
            clause, node = node, node.head
            if clause.dep_ in ("conj", "advcl") or node.lemma_.lower() in PERCEPTION and not finite(clause) \
                    or _closed_before(clause, node):
                continue  # beside the verb ("He heard a shot and something struck"), perceived ("heard it humming"),
                # or a sentence of its own before it ("His brain was quick; he thought ...")
            verb = node.lemma_.lower()
            if verb in cues["belief"]:
                return "belief", None
            if verb in cues["speculation_verb"]:
                return "speculation", None
            if verb in cues["hearsay"]:
                governor = None if _unsaid(node) else node
                break
        if governor is None:  # a report verb set in the clause: "The shriek, I said, was my own in a dream"
            governor = next((c for c in head.children if c.dep_ == "parataxis" and c.lemma_.lower() in cues["hearsay"]
                             and not _to_the_reader(c)), None)
        if governor is not None:
            inside = self.quote_of(head.idx)
            if inside == self.quote_of(governor.idx):
                return "hearsay", governor
        return "assertion", None

    def terminal(self, head: Tok, sent) -> str:
        """The mark that ends the head's clause: inside a quotation, the first one of the quotation after
        the head ("“Are they your men?” asked Georg." is a question, whatever the parse attaches the
        "?" to); elsewhere the first one after the clause, else the sentence's last mark."""
        quote = self.quote_of(head.idx)
        if quote is not None:
            for token in self.toks[head.i + 1: sent.end]:
                if token.idx >= quote[1]:
                    break
                if token.is_punct and (token.text in TERMINAL or "?" in token.text or "!" in token.text):
                    return "?" if "?" in token.text else token.text
        for token in self.toks[head.right_edge.i + 1: sent.end]:
            if token.text in TERMINAL or token.text in ("?!", "!?"):
                return "?" if "?" in token.text else token.text
            if "?" in token.text and token.is_punct:
                return "?"
        last = [t for t in sent if not t.is_space and t.text not in ("”", '"', "’")]
        return "?" if last and "?" in last[-1].text else "."

    def clause_span(self, head: Tok, sent) -> tuple[int, int]:
        tokens = [t for t in head.subtree if sent.start <= t.i < sent.end]
        if head.dep_ == "ROOT":
            tokens = [t for t in sent]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        while tokens and (tokens[0].is_punct or tokens[0].is_space):
            tokens.pop(0)
        if not tokens:
            return head.idx, head.idx + len(head.text)
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        text = self.story.text
        retro = retro_belief()
        previous: list[Claim] = []
        index = -1
        for sent in self.sents:
            if not sent.text.strip():
                continue
            index += 1
            if retro.search(sent.text):
                for claim in previous:
                    if claim.modality == "assertion":
                        claim.modality = "belief"
            current: list[Claim] = []
            for head in sent:
                if not (head.dep_ == "ROOT" or (head.pos_ in ("VERB", "AUX") and (
                        head.dep_ in CLAUSE_DEPS or any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)))):
                    continue
                if head.is_punct or head.is_space:
                    continue
                current.append(self.claim(head, sent, index, len(out) + len(current), text))
            out.extend(current)
            previous = current
        return out

    def claim(self, head: Tok, sent, index: int, number: int, text: str) -> Claim:
        quote = self.quote_of(head.idx)
        speaker = None
        if quote is not None:
            speaker = self.signer(quote) or quote[2] or self.local_speaker(sent, quote) or "quoted"
        subject = self.subject_of(head)
        subject_key = self.entity_key(subject, speaker) if subject is not None else None
        core = {w for w in self.content[head.left_edge.i: head.right_edge.i + 1] if w}
        if head.dep_ in ("relcl", "acl") and head.head.pos_ in ("NOUN", "PROPN"):
            core.add(lemma(head.head))
        objects, modifiers = [], []
        for child in head.children:
            if child.dep_ in OBJECT_DEPS:
                objects.append(text[child.left_edge.idx: child.right_edge.idx + len(child.right_edge.text)])
            elif child.dep_ in ("prep", "agent", "npadvmod") or (child.dep_ == "advmod" and not child.is_stop):
                modifiers.append(text[child.left_edge.idx: child.right_edge.idx + len(child.right_edge.text)])
        terminal = self.terminal(head, sent)
        modality, governor = self.modality(head, terminal)
        if modality == "hearsay" and governor is not None:
            reporter = self.subject_of(governor)
            if governor.lemma_.lower() in self.cues["rumour"] or reporter is None or not (
                    reporter.idx in self.mentions or reporter.pos_ in ("PRON", "PROPN")) or (
                    reporter.lower_ in self.cues["indefinite"] and reporter.idx not in self.mentions) or (
                    reporter.lower_ == "it"):  # "it is said", "let it be said": nobody in particular
                source = "rumour"
            else:
                source = self.entity_key(reporter, speaker)
        elif speaker is not None:
            source = speaker
        else:
            source = "narrator"
        start, end = self.clause_span(head, sent)
        subject_character = subject_key if self.cast is not None and subject is not None and (
            subject.idx in self.mentions or subject_key == self.narrator) else None
        return Claim.model_construct(  # every field is built here from the parse: nothing to validate
            id=f"c{number}", sentence=index, start=start, end=end, text=text[start:end],
            subject=subject.text if subject is not None else None,
            subject_character=subject_character,
            predicate=lemma(head), objects=objects, modifiers=modifiers,
            polarity=self.polarity(head), modality=modality, source=source,
            subject_key=subject_key, core=sorted(core - {lemma(head)}),
            quoted=quote is not None,
        )


def analyze_claims(story: Story, doc: Doc, cast: Cast | None = None) -> Claims:
    """Story + Doc (+ Cast) -> Claims: one proposition per clause, in story order."""
    return Claims(items=_Reader(story, doc, cast).claims())
