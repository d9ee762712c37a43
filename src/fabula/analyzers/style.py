"""Style: how the story is told — the narrative-arc measures, emphasis devices and the viral-story formula.

`analyze_style(story, doc, sentences) -> Style` reads the clean text, its paragraphs and media
(`Story`), the spaCy parse (`Doc`) and the pipeline's sentences, and returns:

Narrative-arc measures (Boyd, Blackburn & Pennebaker 2020, Science Advances 6:eaba2196)
    The words are split into five equal segments (Boyd et al. use five) and each
    measure is the percentage of a segment's words in its classes:

    * staging      — articles (a, an, the tagged DET) + prepositions (ADP);
    * progression  — auxiliary verbs (AUX) + adverbs (ADV) + pronouns (PRON) +
                     conjunctions (CCONJ, SCONJ);
    * tension      — cognitive-process words: lemmas in
                     resources/cognitive_process_words.txt (insight, causation,
                     discrepancy, tentative, certainty, differentiation).

    Each `Curve` carries the story's five values, a canonical shape and `fit`, the
    Pearson correlation between the two. The canonical shapes (`CANONICAL`) are
    idealized curves read off the description and figure of Boyd et al. (2020) and
    the LIWC-22 "Narrative Arc" help page (liwc.app/help/aon): staging starts high
    and falls, steepest early; progression starts low and rises; cognitive tension
    rises to a peak in the fourth fifth (the "middle-to-later parts") then falls.
    Only their shape matters: Pearson's r ignores scale and offset.

How these differ from LIWC-22
    * Word classes come from spaCy's statistical part-of-speech tags, not from
      LIWC's fixed dictionary: a word counts by its use in context ("up" in "moved
      up the avenue" is ADP, in "gave up" a particle and not counted), while LIWC
      counts every listed word form whatever its use. Infinitival "to" is PART in
      spaCy (not a preposition); LIWC counts it under prepositions.
    * Pronouns are all spaCy PRON tokens (personal, possessive, indefinite,
      relative, e.g. "something", "who"); LIWC counts the word forms of its
      pronoun dictionary whatever their use.
    * spaCy splits contractions ("didn't" -> "did" + "n't"), so the word count
      (the denominator) is larger than LIWC's, which counts "didn't" once.
    * Cognitive-process words are an open lemma list of about 120 entries built from
      the category definitions of LIWC2015, not LIWC-22's proprietary "cogproc"
      dictionary (thousands of entries with wildcards); lemmas match inflections.
    * LIWC-22 compares a text with normative curves estimated on its reference
      corpus and can z-score segments; fabula reports raw percentages and compares
      them with the idealized shapes above. Curves of very short texts (segments of
      a few words) are noisy; LIWC-22 enforces a minimum segment size, fabula
      reports them as they are.

Emphasis and devices (each a `Device` span)
    caps                 runs of all-capital words (nothing lower-case and no sentence
                         punctuation between them): two or more words with one of at
                         least four letters ("DREAM JOB"), or a whole sentence in
                         capitals ("NO!"); a lone capital word inside a sentence is an
                         acronym ("FBI", "NASA"), as are pairs of short ones ("US UK"),
                         and a capitals sentence that is only a name (a lone word tagged
                         PROPN or as an entity, "JIMMY.", or up to three words the story
                         writes elsewhere only capitalised, "EBENEZER DORSET.") is a
                         signature or heading, not shouting; nor is a capitals line
                         that frames a letter: its salutation ("DEAR OLD PAL:") or a
                         signature that makes no clause ("TWO DESPERATE MEN.") under a
                         closing formula or an address line ("Ebenezer Dorset, Esq.:");
    exclamation          sentences ending in "!";
    rhetorical-question  sentences of narration ending in "?" (the "?" outside quotes);
    one-line-paragraph   paragraphs of one sentence of at most 12 words, without quotes;
    second-person        you / your / yours / yourself / yourselves outside quotes;
    ellipsis             "..." or "…".

    Quotes are the stretches between double quotation marks (curly “ ” or straight
    "), never crossing a paragraph; single quotes are not read (they double as
    apostrophes). dialogue_share = characters inside quotes / all characters;
    first_person_share = first-person personal pronouns (I, me, my, mine, myself,
    we, us, our, ours, ourselves) / all personal pronouns (tags PRP, PRP$), both in
    narration. Readability uses textstat's Flesch Reading Ease and Flesch-Kincaid
    Grade formulas and constants (Flesch 1948; Kincaid et al. 1975) over one count
    of words (letter runs, apostrophes kept) and the parser's sentences, with
    syllables by the vowel-group rule (`syllables`). textstat 0.7.13 itself is not
    called: it downloads NLTK's CMUdict at first use (no network, no I/O here) and
    its pyphen fallback costs ~0.5 s to load per process.
    Lexical diversity is MTLD (McCarthy & Jarvis 2010, threshold 0.72, mean of the
    forward and backward passes) over lower-cased alphabetic tokens.

Viral-story formula (`FORMULA_WEIGHTS`, summing to 1; the score is the sum of the
weights of the items present)
    hook              0.25  the story opens with a short (<= 8 words) past-tense
                            statement whose verb returns in the last fifth: the
                            ending stated up front ("He left me.")
    shouted-reveal    0.25  a capitals run of >= 3 words or a whole capitals
                            sentence, starting outside quotes, in the second half
    image-inserts     0.20  two or more image inserts with a credit (stock or AI);
                            evidence: empty spans where each insert stood
    moral             0.15  the last paragraph's narration states a lesson: a cue
                            from resources/moral_cues.txt or a present-tense
                            general statement ("Love is blind.")
    one-line-paragraphs 0.10  >= 3 one-line paragraphs (as above) and >= 10% of all
    rhetorical-questions 0.05  >= 3 questions in narration
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from fabula.analyzers.claims import cues
from fabula.analyzers.idset import IdSet
from fabula.analyzers.quotes import quote_spans
from fabula.model import Curve, Device, FormulaItem, Sentence, Span, Story, Style
from fabula.render.words import counted
from fabula.resources import data_lines

SEGMENTS = 5
CANONICAL: dict[str, list[float]] = {
    "staging": [1.0, 0.55, 0.35, 0.2, 0.0],
    "progression": [0.0, 0.45, 0.65, 0.8, 1.0],
    "tension": [0.0, 0.45, 0.8, 1.0, 0.55],
}
FORMULA_WEIGHTS: dict[str, float] = {
    "hook": 0.25,
    "shouted-reveal": 0.25,
    "image-inserts": 0.20,
    "moral": 0.15,
    "one-line-paragraphs": 0.10,
    "rhetorical-questions": 0.05,
}
HOOK_MAX_WORDS = 8
MTLD_THRESHOLD = 0.72

ONE_LINE_MAX_WORDS = 12


_ARTICLES = IdSet.of_strings(["a", "an", "the"])
_FIRST_PERSON = IdSet.of_strings(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"])
_SECOND_PERSON = IdSet.of_strings(["you", "your", "yours", "yourself", "yourselves"])
_PERSONAL_TAGS = IdSet.of_strings(["PRP", "PRP$"])
_ADP, _DET = POS_IDS["ADP"], POS_IDS["DET"]
_PROGRESSION_POS = IdSet(POS_IDS[p] for p in ("AUX", "ADV", "PRON", "CCONJ", "SCONJ"))
_COLUMNS = [POS, TAG, LEMMA, LOWER, IDX, LENGTH, IS_ALPHA, IS_PUNCT, IS_SPACE]
_LIGHT_VERBS = frozenset({"be", "have", "do", "say", "get", "go", "come", "make", "take", "see"})
_GENERIC_SUBJECTS = frozenset({"nothing", "everything", "everyone", "everybody", "nobody", "one"})  # "no one": "one"
_CLOSERS = "\"”’')]» \n"
_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=1)
def cognitive_lemmas() -> frozenset[str]:
    """The cognitive-process lemmas of resources/cognitive_process_words.txt."""
    return frozenset(line.lower() for line in data_lines("cognitive_process_words.txt"))


@lru_cache(maxsize=1)
def _cognitive_ids() -> IdSet:
    return IdSet.of_strings(cognitive_lemmas())


@lru_cache(maxsize=1)
def moral_cues() -> re.Pattern[str]:
    """One case-insensitive pattern for the phrases of resources/moral_cues.txt."""
    cues = sorted(data_lines("moral_cues.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c).replace("'", "['’]") for c in cues) + r")\b", re.IGNORECASE)


_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Syllables of a lower-case word by the vowel-group rule: runs of a e i o u y, less a silent
    final 'e' (not '-le', '-ee') and a silent '-ed' (not after t or d); at least one."""
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
        count -= 1
    elif count > 1 and word.endswith("ed") and len(word) > 3 and word[-3] not in "td":
        count -= 1
    return max(count, 1)


# --------------------------------------------------------------------------- entry point

def analyze_style(story: Story, doc: Doc, sentences: list[Sentence]) -> Style:
    """Story + Doc + sentences -> Style: Boyd curves, emphasis devices, shares, readability, diversity, formula."""
    text = story.text
    quoted = quoted_mask(story)
    sents = [(s.start, s.end) for s in sentences]
    table = doc.to_array(_COLUMNS).reshape(-1, len(_COLUMNS))
    in_quotes = np.frombuffer(bytes(quoted), dtype=np.uint8)[table[:, 4].astype(np.int64)].astype(bool) \
        if len(table) else np.zeros(0, dtype=bool)
    words = table[(table[:, 7] == 0) & (table[:, 8] == 0)]
    devices = sorted(
        caps_runs(text, sents, doc) + _sentence_devices(text, sents, quoted)
        + one_line_paragraphs(story, sents, quoted) + second_person(text, table, in_quotes) + ellipses(text),
        key=lambda d: (d.start, d.end, d.kind),
    )
    style = Style(
        curves=arc_curves(words),
        devices=devices,
        dialogue_share=round(sum(quoted) / len(text), 4) if text else 0.0,
        first_person_share=round(first_person_share(table, in_quotes), 4),
        readability=readability(text, len(sents)),
        lexical_diversity=round(mtld(words[words[:, 6] == 1, 3].tolist()), 2),
    )
    style.formula = formula(story, doc, sents, quoted, devices)
    style.formula_score = round(sum(item.weight for item in style.formula if item.present), 4)
    return style


# --------------------------------------------------------------------------- quotes and sentences

_QUOTE_MARK = re.compile(r'[“”"]')


def quoted_mask(story: Story) -> bytearray:
    """One byte per character of the text: 1 inside a quotation (marks excluded, see quotes.quote_spans), else 0."""
    mask = bytearray(len(story.text))
    for quote in quote_spans(story):
        mask[quote.start:quote.end] = b"\x01" * (quote.end - quote.start)
    return mask


# --------------------------------------------------------------------------- narrative-arc curves

def arc_curves(words: np.ndarray) -> list[Curve]:
    """Word rows of the token table, in order -> staging, progression and tension over five segments."""
    n = len(words)
    if not n:
        return [Curve(name=name, values=[0.0] * SEGMENTS, canonical=c, fit=0.0) for name, c in CANONICAL.items()]
    segment = np.arange(n) * SEGMENTS // n
    pos, lemma, lower = words[:, 0], words[:, 2], words[:, 3]
    classes = {
        "staging": (pos == _ADP) | ((pos == _DET) & _ARTICLES.contains(lower)),
        "progression": _PROGRESSION_POS.contains(pos),
        "tension": _cognitive_ids().contains(lemma) | _cognitive_ids().contains(lower),
    }
    sizes = np.bincount(segment, minlength=SEGMENTS)
    curves = []
    for name, canonical in CANONICAL.items():
        counts = np.bincount(segment, weights=classes[name], minlength=SEGMENTS)
        values = [round(100 * float(c) / int(z), 3) if z else 0.0 for c, z in zip(counts, sizes)]
        curves.append(Curve(name=name, values=values, canonical=canonical, fit=round(pearson(values, canonical), 4)))
    return curves


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson's r; 0.0 when either side is constant."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


# --------------------------------------------------------------------------- devices

def _device(kind: str, text: str, start: int, end: int) -> Device:
    return Device(kind=kind, start=start, end=end, text=text[start:end])


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LETTERS = re.compile(r"[^\W\d_]+")  # a word as the capitals runs bound it: letters between non-letters
_CAPS_WORD = re.compile(rf"(?<![^\W\d_])[{_UPPER}]+(?:['’][{_UPPER}]+)*(?![^\W\d_])")


MAX_NAME_WORDS = 3  # a capitals sentence of at most this many name words is a name, not shouting
SALUTATION_WORDS = 6  # the most words of a letter's salutation or address line
SIGNATURE_WORDS = 4  # the most words of a signature that is no name ("TWO DESPERATE MEN.")
LETTER_LINES = 12  # how many non-blank lines above a signature its letter's address line may stand
_QUOTE_MARKS = "\"“”"
_CLAUSE_WORDS = frozenset(
    "i he she it we they you me him us them is was are were am be been had has have did do does will would "
    "can could shall should must not never no".split())  # a capitals line with one of these is a clause


def caps_runs(text: str, sents: list, doc: Doc) -> list[Device]:
    """Runs of all-capital words within a sentence that are emphasis, not acronyms or names.

    Capital words join a run when they share a sentence and nothing between them
    holds a lower-case letter or sentence punctuation.
    """
    out: list[Device] = []
    starts = [start for start, _ in sents]
    run: list[re.Match] = []
    run_sentence = -1
    name_words = lru_cache(maxsize=1)(lambda: _name_words(text, sents))  # read once, when a name is in question
    for word in _CAPS_WORD.finditer(text):
        sentence = bisect.bisect_right(starts, word.start()) - 1
        if run and (sentence != run_sentence or _breaks_run(text[run[-1].end():word.start()])):
            _close_run(run, run_sentence, text, sents, doc, out, name_words)
            run = []
        run.append(word)
        run_sentence = sentence
    if run:
        _close_run(run, run_sentence, text, sents, doc, out, name_words)
    return out


def _breaks_run(gap: str) -> bool:
    """Lower-case letters or sentence punctuation between two capital words end a run."""
    return any(c.islower() or c in ".!?…" for c in gap)


def _caps_sentence(text: str, sents: list, index: int) -> bool:
    """True when sentence `index` has no lower-case letter."""
    if index < 0:
        return False
    start, end = sents[index]
    return not any(c.islower() for c in text[start:end])


def _close_run(run: list[re.Match], sentence: int, text: str, sents: list, doc: Doc, out: list[Device],
               name_words: Callable[[], frozenset[str]]) -> None:
    """Keep a run of capital words as emphasis: two or more with one long word, or a whole capitals sentence."""
    longest = max(len(w.group()) for w in run)
    whole_sentence = _caps_sentence(text, sents, sentence)
    if whole_sentence and len(run) <= MAX_NAME_WORDS and _is_name(doc, run, name_words):
        emphasis = False  # a name on a line of its own: a letter's signature or a heading ("EBENEZER DORSET.")
    elif whole_sentence and _frames_a_letter(text, sents[sentence]):
        emphasis = False
    elif len(run) >= 2:
        emphasis = longest >= 4 or whole_sentence
    else:
        emphasis = longest >= 2 and whole_sentence
    if emphasis:
        out.append(_device("caps", text, run[0].start(), run[-1].end()))


def _frames_a_letter(text: str, sentence: tuple[int, int]) -> bool:
    """Whether a capitals sentence alone on its line opens or closes a letter, which is form, not shouting: a
    salutation ("DEAR OLD PAL:", "GENTLEMEN,"), or a signature of a few words that make no clause ("TWO
    DESPERATE MEN.") under a closing formula ("Your old friend,") or in a letter opened by an address line
    ("Ebenezer Dorset, Esq.:") within LETTER_LINES lines above it, with no speech introduced or quoted between.
    A line that the one above introduces ("He roared:", "Captain Hale:") is what it introduces, not a letter's."""
    start, end = sentence
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end].strip()
    if line != text[start:end].strip():
        return False
    words = _LETTERS.findall(line)
    if not _no_clause(line):
        return False  # a clause or a string of them ("LISTEN TO ME:", "RUN, RUN,"): said, not form
    if line.endswith((":", ",")):
        return len(words) <= SALUTATION_WORDS
    if line.endswith(("!", "?")) or len(words) > SIGNATURE_WORDS:
        return False
    above = _lines_above(text, line_start, LETTER_LINES)
    if not above or above[0].endswith(":"):
        return False  # nothing above, or the line above introduces this one
    if _is_closing(above[0]):
        return True
    for earlier in above:
        if _is_address(earlier):
            return True
        if earlier.endswith(":") or any(mark in earlier for mark in _QUOTE_MARKS):
            return False  # narration has resumed: a speech is introduced or quoted after any letter above
    return False


def _lines_above(text: str, end: int, count: int) -> list[str]:
    """The last `count` non-blank lines of text[:end], stripped, the nearest first (read back from `end` only)."""
    lines: list[str] = []
    while end > 0 and len(lines) < count:
        start = text.rfind("\n", 0, end - 1) + 1
        if line := text[start:end].strip():
            lines.append(line)
        end = start
    return lines


def _no_clause(line: str) -> bool:
    """A line of one phrase, with no comma, colon or stop inside but its last mark ("Your old friend,", not "RUN,
    RUN,"), and none of the pronouns, auxiliaries and negations that make a clause ("LISTEN TO ME:")."""
    return not any(mark in line.rstrip(":,.") for mark in ",;:!?") \
        and not any(w.lower() in _CLAUSE_WORDS for w in _LETTERS.findall(line))


def _is_closing(line: str) -> bool:
    """A letter's closing formula: a capitalised phrase of a few words ending in ',' that makes no clause ("Your
    old friend,", "Yours truly,"; not "He stopped," nor "The crowd went wild, shouting,")."""
    return line.endswith(",") and line[:1].isupper() and _no_clause(line) \
        and 0 < len(_LETTERS.findall(line)) <= SALUTATION_WORDS


def _is_address(line: str) -> bool:
    """A letter's opening line: a few words ending in ':' that are all capitalised ("Ebenezer Dorset, Esq.:",
    "Gentlemen:"), or a salutation ("Dear Mr. Hale,")."""
    words = _LETTERS.findall(line)
    if not words or len(words) > SALUTATION_WORDS or not line.endswith((":", ",")):
        return False
    return words[0].lower() in cues()["salutation"] or (line.endswith(":") and all(w[0].isupper() for w in words))


def _is_name(doc: Doc, run: list[re.Match], name_words: Callable[[], frozenset[str]]) -> bool:
    """True when the run is a name: one word tagged PROPN or inside an entity, or words that the story
    writes elsewhere only capitalised ("EBENEZER DORSET." beside "Ebenezer Dorset"), which holds even
    where the tagger, reading capitals, calls "EBENEZER" a verb."""
    if len(run) == 1:
        tokens = doc.char_span(run[0].start(), run[0].end(), alignment_mode="expand") or []
        if any(t.pos_ == "PROPN" or t.ent_type_ for t in tokens):
            return True
    return all(w.group().capitalize() in name_words() for w in run)


def _name_words(text: str, sents: list) -> frozenset[str]:
    """The words the text writes capitalised inside a sentence ("named Ebenezer Dorset") and never in lower case;
    a capital that opens a sentence or a quotation ("“Help me,” she cried") shows nothing. One pass over the text."""
    starts = [start for start, _ in sents]
    lower, inside = set(), set()
    for m in _LETTERS.finditer(text):
        word = m.group()
        if word.islower():
            lower.add(word)
        elif word == word.capitalize() and word not in inside and _inside_a_sentence(text, starts, m.start()):
            inside.add(word)
    return frozenset(w for w in inside if w.lower() not in lower)


def _inside_a_sentence(text: str, starts: list[int], place: int) -> bool:
    """Whether the word at `place` follows other words of its sentence, and no opening quote or bracket (only
    the last few characters before it are read)."""
    first = starts[max(bisect.bisect_right(starts, place) - 1, 0)]
    before = text[max(first, place - 16):place].rstrip()
    return before[-1] not in "\"“‘'([—–-" if before else place - 16 > first


def _sentence_devices(text: str, sents: list, quoted: bytearray) -> list[Device]:
    """Exclamations (any sentence ending in '!') and rhetorical questions (narration ending in '?')."""
    out: list[Device] = []
    for start, end in sents:
        body = text[start:end].rstrip(_CLOSERS)
        if not body:
            continue
        last = start + len(body) - 1
        if body.endswith("!"):
            out.append(_device("exclamation", text, start, end))
        elif body.endswith("?") and not quoted[last]:
            out.append(_device("rhetorical-question", text, start, end))
    return out


def one_line_paragraphs(story: Story, sents: list, quoted: bytearray) -> list[Device]:
    """Short paragraphs of pure narration: one sentence of at most ONE_LINE_MAX_WORDS words, no quotes."""
    starts = [p.start for p in story.paragraphs]
    per_paragraph = [0] * len(starts)
    for start, _ in sents:
        per_paragraph[bisect.bisect_right(starts, start) - 1] += 1
    return [_device("one-line-paragraph", story.text, p.start, p.end)
            for p, count in zip(story.paragraphs, per_paragraph)
            if count == 1 and len(p.text.split()) <= ONE_LINE_MAX_WORDS and not _QUOTE_MARK.search(p.text)
            and not any(quoted[p.start:p.end])]


def second_person(text: str, table: np.ndarray, in_quotes: np.ndarray) -> list[Device]:
    """'you' and its forms in narration: the narrator addressing the reader."""
    rows = table[_SECOND_PERSON.contains(table[:, 3]) & ~in_quotes]
    return [_device("second-person", text, int(i), int(i + n)) for i, n in rows[:, 4:6]]


def ellipses(text: str) -> list[Device]:
    """Every '...' or '…'."""
    return [_device("ellipsis", text, m.start(), m.end()) for m in _ELLIPSIS.finditer(text)]


# --------------------------------------------------------------------------- shares, readability, diversity

def first_person_share(table: np.ndarray, in_quotes: np.ndarray) -> float:
    """First-person pronouns / all personal pronouns (tags PRP, PRP$), in narration."""
    personal = table[_PERSONAL_TAGS.contains(table[:, 1]) & ~in_quotes]
    return float(_FIRST_PERSON.contains(personal[:, 3]).mean()) if len(personal) else 0.0


def readability(text: str, sentence_count: int) -> dict[str, float]:
    """Flesch Reading Ease and Flesch-Kincaid Grade with textstat's constants (vowel-group syllables)."""
    words = Counter(_WORD.findall(text.lower()))
    total = sum(words.values())
    if not total or not sentence_count:
        return {}
    per_sentence = total / sentence_count
    per_word = sum(syllables(w) * n for w, n in words.items()) / total
    return {
        "flesch_reading_ease": round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 2),
        "flesch_kincaid_grade": round(0.39 * per_sentence + 11.8 * per_word - 15.59, 2),
    }


def mtld(tokens: list, threshold: float = MTLD_THRESHOLD) -> float:
    """MTLD (McCarthy & Jarvis 2010): mean of the forward and backward passes; 0.0 for no tokens."""
    if not tokens:
        return 0.0
    return (_mtld_pass(tokens, threshold) + _mtld_pass(tokens[::-1], threshold)) / 2


def _mtld_pass(tokens: list, threshold: float) -> float:
    factors = 0.0
    types: set = set()
    count = 0
    for token in tokens:
        types.add(token)
        count += 1
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        factors += (1 - len(types) / count) / (1 - threshold)
    return len(tokens) / factors if factors else float(len(tokens))


# --------------------------------------------------------------------------- the viral-story formula

def formula(story: Story, doc: Doc, sents: list, quoted: bytearray, devices: list[Device]) -> list[FormulaItem]:
    """The checklist of the mass-produced web story, each item with its evidence and weight."""
    text = story.text
    by_kind: dict[str, list[Device]] = {}
    for d in devices:
        by_kind.setdefault(d.kind, []).append(d)
    half = len(text) / 2
    shouted = [d for d in by_kind.get("caps", []) if d.start >= half and not quoted[d.start]
               and (len(d.text.split()) >= 3 or _caps_sentence(text, sents, _sentence_of(d, sents)))]
    credited = [m for m in story.media if m.credit]
    ai = sum(m.ai_generated for m in story.media)  # as the Media header counts them, credited or not
    one_line = by_kind.get("one-line-paragraph", [])
    questions = by_kind.get("rhetorical-question", [])
    hook = _hook(text, doc, sents, quoted)
    moral = _moral(story, doc, sents, quoted)
    return [
        _item("hook", hook, "opening statement and where its verb returns" if hook else "no short opening "
              "statement whose verb returns at the end"),
        _item("shouted-reveal", _spans(text, shouted), f"{counted(len(shouted), 'capitals run')} in the second half"),
        _item("image-inserts", [Span.of(text, m.offset, m.offset) for m in credited],
              f"{counted(len(story.media), 'insert')}, {len(credited)} credited, {ai} AI-made", minimum=2),
        _item("moral", moral, "general statement in the last paragraph" if moral else "no lesson stated at the end"),
        _item("one-line-paragraphs", _spans(text, one_line),
              f"{len(one_line)} of {len(story.paragraphs)} paragraphs",
              minimum=max(3, math.ceil(0.1 * len(story.paragraphs)))),
        _item("rhetorical-questions", _spans(text, questions), f"{counted(len(questions), 'question')} in narration",
              minimum=3),
    ]


def _sentence_of(span: Span, sents: list) -> int:
    return bisect.bisect_right([start for start, _ in sents], span.start) - 1


def _item(name: str, evidence: list[Span], detail: str, minimum: int = 1) -> FormulaItem:
    """A checklist item, present with `minimum` pieces of evidence; an absent item that needs more than one says
    how many ("2 of 43 paragraphs, needs 5")."""
    present = len(evidence) >= minimum
    if not present and minimum > 1:
        detail += f", needs {minimum}"
    return FormulaItem(name=name, present=present, weight=FORMULA_WEIGHTS[name],
                       evidence=evidence, count=len(evidence), detail=detail)



def _spans(text: str, devices: list[Device]) -> list[Span]:
    return [Span.of(text, d.start, d.end) for d in devices]


def _hook(text: str, doc: Doc, sents: list, quoted: bytearray) -> list[Span]:
    """The opening sentence, when it is a short past-tense statement whose verb comes back in the last fifth."""
    if not sents:
        return []
    start, end = sents[0]
    sent = doc.char_span(start, end, alignment_mode="expand")
    body = text[start:end].rstrip(_CLOSERS)
    words = [t for t in sent if not t.is_punct and not t.is_space]
    root = sent.root
    past = root.tag_ == "VBD" or (root.tag_ == "VBN" and any(c.dep_ == "aux" for c in root.children))
    if (len(words) > HOOK_MAX_WORDS or not body.endswith((".", "!")) or quoted[start] or text[start] in "“\""
            or not past or root.lemma_ in _LIGHT_VERBS):
        return []
    last_fifth = len(text) * 4 // 5
    for s_start, s_end in sents[1:]:
        if s_start < last_fifth:
            continue
        later = doc.char_span(s_start, s_end, alignment_mode="expand")
        if any(t.lemma_ == root.lemma_ and t.pos_ == "VERB" and not quoted[t.idx] for t in later):
            return [Span.of(text, start, end), Span.of(text, s_start, s_end)]
    return []


def _moral(story: Story, doc: Doc, sents: list, quoted: bytearray) -> list[Span]:
    """Narration sentences of the last paragraph that state a lesson: a moral cue or a general present-tense claim."""
    text = story.text
    last = story.paragraphs[-1]
    found = []
    for start, end in sents:
        if start < last.start:
            continue
        cue = next((m for m in moral_cues().finditer(text, start, end) if not quoted[m.start()]), None)
        if cue or (not quoted[start] and _general_statement(doc.char_span(start, end, alignment_mode="expand"))):
            found.append(Span.of(text, start, end))
    return found


def _general_statement(sent) -> bool:
    """A present-tense claim about a general subject: 'Love is blind.', 'Nothing lasts.'."""
    root = sent.root
    if root.tag_ not in ("VBZ", "VBP"):
        return False
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and all(
        (s.pos_ == "NOUN" and not any(c.dep_ in ("det", "poss") and c.lower_ not in ("all", "some", "no")
                                      for c in s.children))
        or s.lower_ in _GENERIC_SUBJECTS for s in subjects)
