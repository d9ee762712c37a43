"""Plausible findings for the analyzer slots that are still None, built from a story's own text.

The renderers only read an Analysis; these tests exercise them on real text before (and
independently of) the analyzers. `filled(analysis)` returns a copy with every None slot set:
mentions found by regex, quotes between quotation marks, a made-up arc over the sentences,
one event per sentence, claims from negated sentences and a ledger pairing each negated
sentence with an earlier one that shares its words. Every span is a real slice of the text.
"""

from __future__ import annotations

import math
import re

from fabula.model import (
    Analysis, Arc, Belief, BeliefState, Cast, Character, Claim, Claims, Curve, Device, Event, FormulaItem, Ledger,
    Mention, Quote, Refutation, Reveal, Scene, Span, Style, Tie, TimeExpression, Timeline, TurningPoint,
)

_NAME = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b([A-Z][a-z]{2,})\b", re.M)
_QUOTE = re.compile(r"[“\"]([^”\"\n]{2,400})[”\"]")
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n’t|n't", re.I)
_TIME = re.compile(r"\b(?:(?:weeks?|months?|years?|days?) (?:later|ago|before)|the next (?:day|morning)|"
                   r"that night|long ago|once)\b", re.I)
_WORD = re.compile(r"[A-Za-z’']{5,}")
_STOP = {"about", "after", "again", "their", "there", "these", "those", "which", "would", "could", "should", "while"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _cast(a: Analysis) -> Cast:
    text = a.text
    first_person = len(re.findall(r"\b(?:I|me|my)\b", text)) > len(re.findall(r"\b(?:he|she|him|her)\b", text, re.I))
    counts: dict[str, list[re.Match]] = {}
    for match in _NAME.finditer(text):
        counts.setdefault(match.group(1), []).append(match)
    names = [n for n, found in sorted(counts.items(), key=lambda kv: -len(kv[1])) if len(found) >= 2][:5]
    sentence_at = {i: s for s in a.sentences for i in range(s.start, s.end)}
    characters = []
    groups = ([("narrator", "Narrator", "narrator", r"\b(?:I|me|my)\b")] if first_person else []) + \
             [(f"c{i}", n, "named", rf"\b{re.escape(n)}\b") for i, n in enumerate(names)] + \
             [("he", "the man", "descriptive", r"\b(?:he|him|his)\b")]
    for cid, label, kind, pattern in groups:
        mentions = [Mention(start=m.start(), end=m.end(), text=m.group(), character=cid,
                            kind="pronoun" if m.group().lower() in {"i", "me", "my", "he", "him", "his"} else "name",
                            sentence=sentence_at[m.start()].index)
                    for m in re.finditer(pattern, text, re.I if kind != "named" else 0) if m.start() in sentence_at]
        if mentions:
            characters.append(Character(id=cid, label=label, kind=kind, mentions=mentions,
                                        mention_count=len(mentions), first_mention=mentions[0].start,
                                        importance="main" if len(mentions) > 10 else "minor"))
    quotes = []
    for match in _QUOTE.finditer(text):
        sentence = sentence_at.get(match.start(1))
        near = [c for c in characters for m in c.mentions if sentence and m.sentence == sentence.index]
        quotes.append(Quote(start=match.start(1), end=match.end(1), text=match.group(1),
                            speaker=near[0].id if near else None, confidence=0.5 if near else 0.0,
                            method="adjacency" if near else "none"))
    ties = [Tie(a=x.id, b=y.id, weight=float(len({m.sentence for m in x.mentions} & {m.sentence for m in y.mentions})))
            for i, x in enumerate(characters) for y in characters[i + 1:]]
    return Cast(narration="first-person" if first_person else "third-person",
                narrator="narrator" if first_person else None, characters=characters,
                network=[t for t in ties if t.weight], quotes=quotes)


def _arc(a: Analysis) -> Arc:
    n = len(a.sentences)
    valence = [round(math.sin(3 * math.pi * i / max(n, 1)) * 0.6, 3) for i in range(n)]
    points = [round(math.sin(3 * math.pi * k / 99) * 0.5, 3) for k in range(100)]
    turning = []
    for kind, k in (("peak", 16), ("trough", 49), ("peak", 83)):
        index = min(int(k / 100 * n), n - 1)
        turning.append(TurningPoint(kind=kind, position=k / 100, value=points[k], sentence_index=index,
                                    sentence=Span.of(a.text, a.sentences[index].start, a.sentences[index].end)))
    return Arc(valence=valence, smoothing="sine (test data)", points=points, z=points, shape="cinderella",
               confidence=0.5, turning_points=turning)


def _timeline(a: Analysis) -> Timeline:
    n = len(a.sentences)
    events, flashbacks = [], []
    for s in a.sentences:
        back = " had " in f" {s.text} " and s.index > n // 4
        events.append(Event(id=f"e{s.index}", start=s.start, end=s.end, text=s.text, verb=s.text.split()[0].lower(),
                            tense="past", aspect="perfect" if back else "simple", sentence=s.index, scene=0,
                            story_time=s.index - n / 2 if back else float(s.index)))
        if back:
            flashbacks.append(Span.of(a.text, s.start, s.end))
    expressions = [TimeExpression(id=f"t{i}", start=m.start(), end=m.end(), text=m.group(), type="DURATION",
                                  value="PAST_REF", sentence=0) for i, m in enumerate(_TIME.finditer(a.text))]
    scenes = [Scene(index=0, start=0, end=len(a.text), text=a.text, label="the whole story", story_time=0.0)]
    story_order = [e.id for e in sorted(events, key=lambda e: e.story_time)]
    return Timeline(expressions=expressions, scenes=scenes, events=events, telling_order=[e.id for e in events],
                    story_order=story_order, flashbacks=flashbacks[:6],
                    jumps=[Span.of(a.text, t.start, t.end) for t in expressions[:4]])


def _claims_and_ledger(a: Analysis) -> tuple[Claims, Ledger]:
    claims, refutations, beliefs = [], [], []
    for s in a.sentences:
        negative = bool(_NEGATION.search(s.text))
        claims.append(Claim(id=f"k{s.index}", start=s.start, end=s.end, text=s.text, sentence=s.index,
                            predicate=s.text.split()[0].lower(), polarity="negative" if negative else "positive"))
    for later in claims[len(claims) // 3:]:
        if later.polarity != "negative" or len(beliefs) >= 5:
            continue
        shared = [(len(_words(c.text) & _words(later.text)), c) for c in claims[: later.sentence]
                  if c.polarity == "positive" and c.id not in {b.claim for b in beliefs}]
        best = max(shared, key=lambda pair: pair[0], default=(0, None))
        if best[0] >= 2:
            belief = Span.of(a.text, best[1].start, best[1].end)
            refutation = Span.of(a.text, later.start, later.end)
            refutations.append(Refutation(claim=best[1].id, refuted_by=later.id, kind="negation", confidence=0.6,
                                          belief=belief, refutation=refutation))
            beliefs.append(Belief(id=f"b{len(beliefs)}", claim=best[1].id, holder="narrator", evidence=belief,
                                  history=[BeliefState(sentence=best[1].sentence, status="asserted"),
                                           BeliefState(sentence=later.sentence, status="refuted")],
                                  status="refuted", refutation=refutation, deceiver="he"))
    last = max(refutations, key=lambda r: r.refutation.start, default=None)
    target = next(s for s in a.sentences if s.start == last.refutation.start) if last else a.sentences[-1]
    reveal = Reveal(sentence=Span.of(a.text, target.start, target.end), sentence_index=target.index,
                    position=target.index / len(a.sentences), score=0.9,
                    reasons=["negates an earlier belief"])
    return Claims(items=claims), Ledger(refutations=refutations, beliefs=beliefs, reveal=reveal)


def _style(a: Analysis) -> Style:
    curves = [Curve(name=name, values=[0.2 * k * sign for k in range(5)], canonical=[0.1, 0.3, 0.5, 0.7, 0.9], fit=0.8)
              for name, sign in (("staging", -1), ("progression", 1), ("tension", 1))]
    devices = [Device(start=s.start, end=s.end, text=s.text, kind="caps") for s in a.sentences
               if s.text.isupper() and len(s.text) > 3]
    devices += [Device(start=s.end - 1, end=s.end, text="!", kind="exclamation") for s in a.sentences
                if s.text.endswith("!")]
    return Style(curves=curves, devices=devices, dialogue_share=0.1, first_person_share=0.5,
                 readability={"flesch_reading_ease": 80.0}, lexical_diversity=0.5,
                 formula=[FormulaItem(name="twist at the end", present=True, weight=1.0)], formula_score=0.5)


def filled(analysis: Analysis) -> Analysis:
    """A copy of `analysis` with every None analyzer slot filled with plausible findings."""
    a = analysis.model_copy(deep=True)
    a.cast = a.cast or _cast(a)
    a.arc = a.arc or _arc(a)
    a.timeline = a.timeline or _timeline(a)
    if a.claims is None or a.ledger is None:
        claims, ledger = _claims_and_ledger(a)
        a.claims, a.ledger = a.claims or claims, a.ledger or ledger
    a.style = a.style or _style(a)
    return Analysis.model_validate(a.model_dump())
