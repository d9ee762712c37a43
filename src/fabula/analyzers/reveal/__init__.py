"""The reveal and the belief ledger: which claims the story overturns, who lied, where the twist lands.

`analyze_reveal(story, doc, sentences, cast, claims, style)` reads the pipeline's sentences and the
Claims (and, when present, the Cast and the Style's emphasis devices) and
returns a `Ledger`.

The package: `ledger` builds the ledger of one story (`LedgerBuilder`: plain negations, the claims the reveal
answers, beliefs and deceivers, the reveal's score), with `rules` for the other refutation rules, `recognitions`
for the sentences that say who someone really was, `compare` for how two claims compare and for claims kept in
story order, `cues` for the revelation, doubt and deceit cues, and `words` for the word sets and weights.

The Ledger holds:

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
              9."), or a cleft of any length on someone met before ("It was Brently Mallard who entered, ..."): the
              recognition (anagnorisis) that overturns a belief about a person the story never states, weighed as
              one refutation
  shown       a text the sentence before, narration of four words or more, announces with a colon ("... in her big
              wobbly capitals, it said:" / "MOMMY'S PHONE GAME."): a note, label or statement line put before the
              reader as it is, not speech (opened by a quotation mark or a dash) nor what follows a heading
              ("EDIT:"); weighed as one refutation (0.8 to 1.5 give the same reveals on the 51 development
              stories, 0.5 none)
  nearby      half the refutation score of the sentences either side
  cue         revelation cues ("the truth", "turned out", "realized", "will never know", "confessed"), capped at 2;
              a cue with a negation before it in its clause ("nothing was to be discovered") is left out
  caps        an ALL-CAPS run (style's caps devices; read from the text only when there is no Style)
  exclaim     an exclamation mark
  position    (narrative position)^2, weight 0.5: twists land late, but a refutation or cue outweighs
              the bare end of the story
Every term but position is scaled by 0.4 + 0.6 * position, so an early cue weighs less than a late one.
The best-scoring sentence is the reveal, unless a sentence of evidence (a refutation or a recognition) at most
five sentences before it scores at least 0.9 of its score: the twist reaches the reader at the first of them, and the
ones right after it spell it out ("The mother's name was Susan Kay Whitfield." ... "Daniel wasn't her father's son.").
When no evidence (`EVIDENCE`: a refutation, recognition, shown text, capitals or revelation cue) speaks for that
sentence, only an exclamation, a refutation next to it or its place, the reveal is the story's last sentence: the
twist ending. On the blind classic sets, scored as they arrived, the last sentence held the twist in 12 of 31
stories and fabula's pick in 2; on the 56 development stories this changes four picks and gains one.
The arc's sharpest change of mood is no term: it marked none of the gold reveals of the 22 development stories,
and on one it drew the pick away from the closing sentence that is the twist (docs/arc.md).
"""

from __future__ import annotations

from spacy.tokens import Doc

from fabula.analyzers.reveal.ledger import LedgerBuilder
from fabula.model import Cast, Claims, Ledger, Sentence, Story, Style


def analyze_reveal(story: Story, doc: Doc, sentences: list[Sentence], cast: Cast | None, claims: Claims,
                   style: Style | None = None) -> Ledger:
    """Story + Doc + sentences + Cast (or None) + Claims (+ Style) -> Ledger: refutations, beliefs and the reveal.
    The Doc is not read (the claims carry what it says); it keeps the analyzers' common signature."""
    ledger = LedgerBuilder(story, sentences, cast, claims, style)
    refutations = ledger.refutations()
    reveal = ledger.reveal(refutations)
    refutations = ledger.answered_by(reveal, refutations)  # after the reveal is scored: it never chooses itself
    return Ledger(refutations=refutations, beliefs=ledger.beliefs(refutations), reveal=reveal)
