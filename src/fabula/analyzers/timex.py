"""Time expressions, TIMEX3-style: find and normalize them in a story's text.

`find_expressions(text, doc)` -> a list of `Timex` (offsets into `text`), longest
match first where patterns overlap. Quantified offsets ("about a year and a half
later" -> +P1.5Y after), durations ("for months" -> PXM), frequencies ("twice a
week" -> SET 2X/P1W), relative points ("the next morning", "that night", "the
other day", "the Monday after"), clock times and calendar dates. Calendar dates are normalized with
dateparser, called only on the month/day/year core of a matched span (or of a
spaCy DATE/TIME entity no pattern covers); a date without a year stays anchored
to nothing ("XXXX-12"). Vague expressions come from resources/temporal_cues.txt.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, POS, SENT_START, SPACY, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from fabula.resources import data_lines

# --------------------------------------------------------------------------- units and numbers

# unit -> (TIMEX3 letter, needs the T designator, length in days)
_UNITS = {
    "moment": ("S", True, 1 / 8640), "instant": ("S", True, 1 / 86400), "second": ("S", True, 1 / 86400),
    "minute": ("M", True, 1 / 1440), "hour": ("H", True, 1 / 24), "day": ("D", False, 1.0),
    "night": ("D", False, 1.0), "week": ("W", False, 7.0), "fortnight": ("W", False, 14.0),
    "month": ("M", False, 30.0), "year": ("Y", False, 365.0), "decade": ("DE", False, 3650.0),
    "century": ("CE", False, 36500.0),
    "morning": ("D", False, 1.0), "afternoon": ("D", False, 1.0), "evening": ("D", False, 1.0),  # counted as days
}
_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                 "hundred": 100, "a hundred": 100, "a thousand": 1000, "a dozen": 12, "a couple of": 2,
                 "a": 1, "an": 1, "half a": 0.5, "half an": 0.5, "the half of a": 0.5, "the half of an": 0.5})
# vague counts: the value gets an X, the length a typical guess
_VAGUE = {"a few": 3, "few": 3, "several": 4, "some": 3, "many": 6, "countless": 10}

_MULTIWORD_COUNTS = r"a\s+few|a\s+couple\s+of|a\s+dozen|a\s+hundred|a\s+thousand|half\s+an?|the\s+half\s+of\s+an?"
# a day part counts as a unit only in the plural ("two mornings later"): "one morning" is a point
_UNIT_WORDS = (r"moments?|instants?|seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|"
               r"century|centuries|mornings|afternoons|evenings")
# any word may stand in the count slot (a plain word class keeps the regex fast); handlers check it is a number.
# Possessive (++): white space or a hyphen follows a count, so giving back its letters or digits never helps.
_COUNT = rf"(?P<count>{_MULTIWORD_COUNTS}|\d++(?:\.\d++)?|[a-z]++(?:-[a-z]++)?)"
_HEDGE = r"(?:about|around|nearly|almost|over|only|just|barely|fully|a good|more than|less than|at least|some)"
_LENGTHENING = r"(?:long|whole|full|short|weary|endless)\s+"  # "three long years", "two whole days"
_QTY = rf"(?:{_HEDGE}\s+)?(?:{_COUNT}\s+)?(?:{_LENGTHENING})?(?P<unit>{_UNIT_WORDS})(?P<half>\s+and\s+a\s+half)?"
_DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "dusk": "EV", "twilight": "EV",
              "nightfall": "NI", "dawn": "MO", "daybreak": "MO", "sunrise": "MO", "sunset": "EV",
              "midnight": "24:00", "midday": "12:00", "noon": "12:00"}
_PART_HOURS = {"MO": 8.0, "AF": 15.0, "EV": 19.0, "NI": 22.0}  # a day part's hour, for the order of a day's times
_HALF_OF_DAY = re.compile(r"a\.m\.|p\.m\.|morning|afternoon|evening|night", re.IGNORECASE)  # "two in the afternoon"
_HOUR = re.compile(r"T(?:(?P<part>MO|AF|EV|NI)|(?P<h>\d\d):(?P<m>\d\d))$")
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI",
            "springtime": "SP", "summertime": "SU", "wintertime": "WI"}
# the season a noun names, where a pattern has already read it as one: the American "fall" too, which the patterns
# admit only in a season's place ("That fall I met Jordan", "by the end of that fall"), not in _POINT_NOUNS
_SEASON_CODES = {**_SEASONS, "fall": "FA"}
_POINT_NOUNS = r"morning|afternoon|evening|night|weekend|day|week|month|year|" + "|".join(_SEASONS) + "|" + "|".join(_WEEKDAYS)


@dataclass
class TokenColumns:
    """A Doc's token attributes as Python lists, read with one `Doc.to_array` call (no Token objects):
    label ids (dependency, part of speech, tag, lemma, lower case), head indices, character offsets
    and sentence starts."""

    dep: list[int]
    pos: list[int]
    tag: list[int]
    lemma: list[int]
    lower: list[int]
    start: list[int]
    end: list[int]
    head: list[int]
    sentence_starts: list[int]

    @classmethod
    def of(cls, doc: Doc) -> TokenColumns:
        if not len(doc):
            return cls([], [], [], [], [], [], [], [], [])
        array = doc.to_array([DEP, POS, TAG, LEMMA, LOWER, IDX, SPACY, HEAD, SENT_START])
        dep, pos, tag, lemma, lower, start, space = array[:, :7].T.tolist()
        # a token ends where the next begins, less its trailing space (lexeme attributes such as LENGTH are slow to read)
        ends = [after - gap for after, gap in zip(start[1:], space)] + [doc[-1].idx + len(doc[-1])]
        heads = array[:, 7].view(numpy.int64) + numpy.arange(len(doc))  # HEAD is an offset, stored unsigned
        # sentences as Doc.sents cuts them: at token 0 and at every later token marked as a start
        starts = [0] + (numpy.flatnonzero(array[1:, 8] == 1) + 1).tolist()
        return cls(dep, pos, tag, lemma, lower, start, ends, heads.tolist(), starts)

    def sentences(self) -> list[tuple[int, int]]:
        """(first token, end token) of every sentence."""
        return list(zip(self.sentence_starts, self.sentence_starts[1:] + [len(self.dep)]))

    def phrase(self, text: str, first: int, last: int) -> str:
        """The text of tokens first..last (inclusive); `text` is the one the Doc was made from."""
        return text[self.start[first]:self.end[last]]


@dataclass
class Timex:
    """A found time expression: offsets, TIMEX3 type/value, direction and anchor, plus what the timeline needs."""

    start: int
    end: int
    type: str
    value: str
    direction: str = "none"
    anchor: str | None = None
    kind: str = "vague"        # offset, duration, set, point, clock, calendar, vague
    days: float = 0.0          # rough length of the offset or duration, in days
    quantified: bool = False   # measured by a count or a plural unit ("months", "twenty minutes"; not "all day")
    setting: str | None = None  # an ordinal dating in a named span, lower case: "second year of the war"


# --------------------------------------------------------------------------- normalizing pieces

def _unit(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def is_time_noun(lemma: str) -> bool:
    """True for a lower-case lemma that names a stretch or point of time: a unit ('day', 'year'), a part of the
    day ('evening'), a season or 'time' itself."""
    return lemma in _UNITS or lemma in _DAY_PARTS or lemma in _SEASONS or lemma == "time"


def is_feast(words: str) -> bool:
    """Whether lower-case words name a feast day ("easter", "christmas day"): a date, not a person."""
    return words.replace("’", "'") in _HOLIDAYS


def is_day_or_month(word: str) -> bool:
    """Whether a capitalised word names a day of the week, a month or a feast ("Friday", "March", "Easter"): a time,
    not a name of a person."""
    return word in _WEEKDAYS or word in _MONTH_LIST or is_feast(word.lower())


def names_a_month(text: str) -> bool:
    """Whether an expression's text names a month ("in November", "last March"), not a feast dated by one."""
    return any(month in text for month in _MONTH_LIST)


def _is_count(word: str | None) -> bool:
    """True for a number ('twenty', 'twenty-five', '3', 'half an') or a vague count ('a few', 'several')."""
    if not word:
        return False
    word = " ".join(word.lower().split())
    if word in _VAGUE or word in _NUMBERS or re.fullmatch(r"\d+(?:\.\d+)?", word):
        return True
    tens, _, ones = word.partition("-")
    return tens in _NUMBERS and ones in _NUMBERS and _NUMBERS[tens] >= 20 and _NUMBERS[ones] < 10


def _quantity(m: re.Match) -> tuple[str, float]:
    """A QTY match -> (TIMEX3 duration value like 'P1.5Y' / 'PTXM', length in days)."""
    unit = _unit(m.group("unit"))
    letter, timed, days = _UNITS[unit]
    count = " ".join((m.group("count") or "").lower().split())
    half = 0.5 if m.group("half") else 0.0
    if not count or count in _VAGUE:
        amount, guess = "X", _VAGUE.get(count, 3)
    else:
        number = _number(count) + half
        amount, guess = f"{number:g}", number
    prefix = "PT" if timed else "P"
    return f"{prefix}{amount}{letter}", guess * days


def _number(word: str) -> float:
    if word[0].isdigit():
        return float(word)
    if "-" in word:
        tens, ones = word.split("-", 1)
        return _NUMBERS[tens] + _NUMBERS[ones]
    return _NUMBERS[word]


def _counted(m: re.Match) -> bool:
    """A unit counts as a quantity when it has a real count or is plural ('months')."""
    if m.group("count"):
        return _is_count(m.group("count"))
    return m.group("unit").lower().endswith("s")


def _point_value(noun: str) -> tuple[str, str]:
    """'night' -> ('TIME', 'XXXX-XX-XXTNI'); 'week' -> ('DATE', 'XXXX-WXX'); 'Sunday' -> ('DATE', 'XXXX-WXX-7')."""
    low = noun.lower()
    if low in _DAY_PARTS:
        return "TIME", f"XXXX-XX-XXT{_DAY_PARTS[low]}"
    if low in _SEASON_CODES:
        return "DATE", f"XXXX-{_SEASON_CODES[low]}"
    if noun in _WEEKDAYS:
        return "DATE", f"XXXX-WXX-{_WEEKDAYS.index(noun) + 1}"
    return "DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
                    "year": "XXXX"}.get(low, "XXXX")


def _step(noun: str) -> tuple[str, float]:
    """The offset one named step moves: 'morning' -> ('P1D', 1.0), 'week' -> ('P1W', 7.0)."""
    low = noun.lower()
    if low in ("week", "weekend", "month", "year"):  # the next weekend is a week on
        letter, _, days = _UNITS[low.removesuffix("end")]
        return f"P1{letter}", days
    if low in _SEASON_CODES:
        return "P3M", 90.0
    if low == "semester":
        return "P4M", 120.0
    return "P1D", 1.0


# --------------------------------------------------------------------------- the patterns

_I = re.IGNORECASE
# one pattern for every counted unit (one scan instead of three): an offset when a direction word
# follows ("ten years later"), a duration when a preposition leads ("for months"), else a bare duration
_QUANTITY = re.compile(  # every match opens with a word character: (?=\w) skips the ends of words at once
    rf"\b(?=\w)(?:(?P<prep>for|during|in|within|throughout)\s+(?:the\s+(?:past|last|next|first|following)\s+)?)?{_QTY}"
    r"(?:\s+(?P<dir>later|afterwards?|after|on(?=[\s,.;!?])|hence|ago|back(?=[\s,.;!?])|earlier|previously|before))?\b",
    _I)
# time let pass, which moves the story on from where it was: "at the end of a week", "after ten years",
# "this life lasted ten years", "ten years passed", "weeks went by"
_LET_PASS = re.compile(rf"\b(?=\w)(?:(?P<lead>at\s+the\s+(?:end|close)\s+of|after)|lasted|spent|passed)\s+(?P<qty>{_QTY})\b", _I)
# the end of the stretch the story is in, reached: "By the end of the week it had two million views"
_END_OF = re.compile(r"\b(?:by|at|towards?|near)\s+the\s+(?:very\s+)?(?:end|close)\s+of\s+(?:the|that)\s+"
                     r"(?P<unit>week|month|year|summer|winter|spring|autumn|fall)\b", _I)
_PASSING = re.compile(rf"\b(?=\w){_QTY}\s+(?:had\s+)?(?:passed|elapsed|went\s+by|gone\s+by|rolled\s+(?:by|on)|"
                      r"slipped\s+(?:by|away)|wore\s+(?:on|away(?!\s+at\b))|dragged\s+(?:on|by))\b", _I)
_OF = re.compile(r"\s+of\b", _I)  # "hours of searching": what the hours were spent on follows
_PLUPERFECT = re.compile(r"\bhad\s+(?:[a-z]+\s+)?$", _I)  # "had spent", "had already lasted", before the verb
_ORDINALS = "second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_LIST = _MONTHS.split("|")
_OWNERS = "(?:the|his|her|their|my|our|its)"
# "the eighth night"; "the second year of the war" (the span it counts in, not a month: a calendar date)
_ORDINAL_POINT = re.compile(rf"\b(?:(?:on|upon|by|in)\s+)?(?P<det>{_OWNERS})\s+(?P<nth>{_ORDINALS})\s+"
                            r"(?P<noun>day|night|morning|evening|weekend|week|month|year|semester)\b"
                            rf"(?P<of>\s+of\s+(?:{_OWNERS}\s+)?(?!(?:{_OWNERS}|{_MONTHS})\b)[a-z'-]+)?", _I)
# a day named by what happens on it, or awaited, arriving: "The day of the ball drew near", "The great night duly
# arrived"; not a plain "Night came on" or "Morning came", the same day's hours going by
_AWAITED = r"(?:great|big|appointed|fateful|long-awaited|dreaded)"
_ARRIVING = re.compile(rf"\b(?:the\s+)?(?={_AWAITED}\s|(?:day|night|morning|evening)\s+of\s)(?:{_AWAITED}\s+)?"
                       r"(?P<noun>day|night|morning|evening)(?:\s+of\s+(?:(?:the|his|her|their|my|our)\s+)?"
                       r"[a-z'-]+(?:\s+[a-z'-]+)?)?\s+(?:(?:duly|finally|at\s+last)\s+)?"
                       r"(?:came|arrived|dawned|drew\s+near|had\s+come|had\s+arrived)\b"
                       r"(?!\s+(?:back|to|into|over|on)\b)", _I)  # "the night of the storm came back to me" is a memory
# a whole stretch: "all day", "all that night", "the whole week", "the entire night"
_ALL = re.compile(r"\b(?:all(?:\s+(?:that|this|the))?|the\s+(?:whole|entire))\s+"
                  r"(?P<unit>night|day|morning|afternoon|evening|week|month|year|winter|summer)(?:\s+long)?\b", _I)
_EVERY = re.compile(rf"\b(?:every|each)\s+(?:single\s+|other\s+)?(?P<unit>{_POINT_NOUNS}|hour|minute|(?-i:{_MONTHS}))\b",
                    _I)
_TIMES = re.compile(r"\b(?P<n>once|twice|thrice|\w+\s+times|\w+(?:\s+or\s+\w+)?\s+(?:days|nights|mornings|evenings))"
                    r"\s+(?:a|an|per|each|every)\s+(?P<unit>day|night|week|month|year|hour|minute|morning|evening)\b", _I)
_ADVERB_SET = re.compile(r"\b(?P<unit>hour|dai|night|week|month|year)ly\b|\bannually\b", _I)
_NEXT = re.compile(rf"\b(?P<the>the\s+)?(?P<rel>next|following|previous|preceding)\s+(?P<noun>{_POINT_NOUNS})\b", _I)
_WEEKDAY_NAMES = "|".join(_WEEKDAYS)
# "the day after", "the night before"; a weekday may name the day ("the Monday night after he wrote")
_NOUN_REL = re.compile(rf"\bthe\s+(?:(?:{_WEEKDAY_NAMES})\s+)?(?P<noun>day|night|morning|evening|week|month|year|"
                       rf"{_WEEKDAY_NAMES})\s+(?P<rel>before|after|earlier|later|succeeding|following)\b"
                       r"(?!\s+\w+ed\b)", _I)
# the American season, before a comma or the subject of its clause ("That fall I met Jordan", "Last fall, we moved");
# not a tumble ("that fall from the ladder", "in that fall."), a verb ("leaves that fall every autumn") or a noun
# clause ("She feared that fall would end her career")
_FALL = r"fall(?=\s*,|\s+(?-i:I|we|he|she|they|you|[A-Z][a-z]+)\b)"
_DEICTIC = re.compile(rf"\b(?P<det>that\s+very|that|this|the\s+same|one|last)\s+(?:[a-z]+\s+)?"
                      rf"(?P<noun>{_POINT_NOUNS}|{_FALL})\b", _I)
_OTHER = re.compile(r"\bthe\s+other\s+(?P<noun>day|night|evening|morning|week)\b", _I)
_NOW_WORDS = re.compile(r"\b(?P<w>yesterday|to-?day|to-?morrow|to-?night)\b", _I)
_CLOCK = re.compile(r"\b(?:(?:about|at|nearly|around|barely|just|almost|past)\s+)?(?P<h>\d{1,2}(?::\d\d)?|[a-z]+)\s*"
                    r"(?P<suffix>o['’]clock|a\.m\.|p\.m\.|in\s+the\s+(?:morning|afternoon|evening)|at\s+night)"
                    r"(?P<part>\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night))?", _I)
_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_CLOCK_FRACTION = re.compile(rf"\b(?:(?:about|at|nearly|around|just|almost|by)\s+)?"
                             rf"(?P<frac>half[-\s]past|(?:a\s+)?quarter\s+(?:past|after|to|before))\s+"
                             rf"(?P<h>\d{{1,2}}|{_HOURS})\b(?:\s*o['’]clock)?", _I)  # "At half-past eight"
_DAY_PART = re.compile(r"\b(?:(?:at|about|towards?|till|until|after|before|by|now)\s+)?(?P<w>midnight|midday|noon|dusk|dawn|daybreak|nightfall|sunset|sunrise|twilight)\b", _I)
# "By morning it had ...": a part of the day the narration reaches, said without "the" only after a word of reaching
_DAY_PART_REACHED = re.compile(r"\b(?:by|till|until|towards?)\s+(?P<w>morning|afternoon|evening)\b", _I)
# the days of a month spelled as ordinals, longest first for the regex ("the twenty-first of May", "the first of May")
_FIRST_NINE = "first second third fourth fifth sixth seventh eighth ninth".split()
_DAY_ORDINALS = {word: day for day, word in enumerate(
    _FIRST_NINE + "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth".split(), 1)}
_DAY_ORDINALS.update({f"twenty-{word}": 20 + day for day, word in enumerate(_FIRST_NINE, 1)})
_DAY_ORDINALS.update({"thirtieth": 30, "thirty-first": 31})
_DAY_ORDINALS = dict(sorted(_DAY_ORDINALS.items(), key=lambda pair: -len(pair[0])))
_FROM_NOW = r"(?P<rel>(?i:last|next|this\s+past|this\s+coming)\s+)?"  # "last March", "this past Tuesday"
_CALENDAR = re.compile(
    r"\b(?:That\s+)?(?i:(?:(?:about|around|towards?|toward|near|early|late|in|on|by|until|till|since|during)\s+)*"
    r"(?:(?:the\s+)?(?:very\s+)?(?:beginning|end|middle|start|close)\s+of\s+|early\s+in\s+|late\s+in\s+|mid-"
    r"|the\s+(?:first|second|third|fourth|last)\s+week\s+of\s+)?)"
    rf"{_FROM_NOW}(?P<core>(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?|(?i:the\s+)?(?i:{'|'.join(_DAY_ORDINALS)})\s+of\s+)?"
    rf"(?P<month>{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?)\b")
_WEEKDAY = re.compile(rf"\b(?:on\s+)?{_FROM_NOW}(?P<day>{'|'.join(_WEEKDAYS)})s?\b")
# the feasts a year is told by, with their dates (the movable ones, Easter, Whitsun, Thanksgiving and the US feasts
# of a weekday in a month, by their month only)
_HOLIDAYS = {"christmas eve": "XXXX-12-24", "christmas day": "XXXX-12-25", "christmas": "XXXX-12-25",
             "new year's eve": "XXXX-12-31", "new year's day": "XXXX-01-01", "new year": "XXXX-01-01",
             "easter": "XXXX-04", "whitsun": "XXXX-05", "midsummer": "XXXX-06-24", "michaelmas": "XXXX-09-29",
             "all saints' day": "XXXX-11-01", "thanksgiving": "XXXX-11", "candlemas": "XXXX-02-02",
             "valentine's day": "XXXX-02-14", "mother's day": "XXXX-05", "memorial day": "XXXX-05",
             "father's day": "XXXX-06", "labor day": "XXXX-09", "halloween": "XXXX-10-31"}
_HOLIDAY = re.compile(r"\b(?i:(?:on|at|after|before|by|until|till|since|about|towards?|near)\s+)?" + _FROM_NOW + r"(?P<feast>"
                      r"Christmas(?:\s+(?:Eve|Day))?|New\s+Year(?:['’]s\s+(?:Eve|Day))?|Easter|Whitsun|Midsummer|"
                      r"Michaelmas|All\s+Saints['’]?\s+Day|Thanksgiving|Candlemas|Valentine['’]?s\s+Day|"
                      r"(?:Mother|Father)s?['’]?s?\s+Day|Memorial\s+Day|Labou?r\s+Day|Halloween)\b")
_YEAR = re.compile(r"\b(?:in|of|since|until|till|by|during)\s+(?P<year>1[5-9]\d\d|20\d\d)\b")
_SEASON = re.compile(r"\b(?:in|during|through|by)\s+(?:the\s+)?(?P<season>(?:spring|summer|winter)(?:time)?|autumn)"
                     r"(?:\s+of\s+(?P<year>\d{4}))?\b", _I)
_DAYS_OF = re.compile(r"\bin\s+the\s+(?:old\s+)?days\s+of\s+(?:(?:his|her|their|my|our|your|the)\s+)?[a-z]+\b", _I)
_ONCE = re.compile(r"\bonce\b", _I)
_YEAR_DIGITS = re.compile(r"\b1[5-9]\d\d\b|\b20\d\d\b")
_YEAR_LIKE = re.compile(r"1[5-9]\d\d|20\d\d")  # in every text that _YEAR_DIGITS finds in a piece of it


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, tuple[str, str, str, str | None]]]:
    """The vague expressions of resources/temporal_cues.txt, as one regex and a phrase -> (type, value, direction, anchor) map."""
    table: dict[str, tuple[str, str, str, str | None]] = {}
    for line in data_lines("temporal_cues.txt"):
        phrase, kind, value, direction, anchor = (part.strip() for part in line.split("|"))
        table[phrase.lower()] = (kind, value, direction, None if anchor == "none" else anchor)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(table, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", _I), table


@lru_cache(maxsize=1)
def _date_parser():
    """dateparser's English parser (loaded once; only ever given a calendar core like 'January 5, 1890')."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"})


# the shapes a calendar core takes once ordinals and "of" are dropped; dateparser tries these first
_DATE_FORMATS = ["%B", "%B %d", "%B %d %Y", "%B %d, %Y", "%d %B", "%d %B %Y", "%B %Y", "%B, %Y", "%Y"]
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\s+")


@lru_cache(maxsize=4096)
def _calendar_value(core: str) -> str | None:
    """'January' -> 'XXXX-01'; 'January 5, 1890' -> '1890-01-05'; None when dateparser cannot read it
    (dateparser is slow: each distinct core is read once)."""
    core = " ".join(_ORDINAL.sub("", core).split())
    data = _date_parser().get_date_data(core, date_formats=_DATE_FORMATS)
    if data is None or data.date_obj is None:
        return None
    year = f"{data.date_obj.year:04d}" if re.search(r"\b\d{4}\b", core) else "XXXX"
    if data.period == "year":
        return year
    if data.period == "month" or not re.search(r"\d", core.replace(year, "")):
        return f"{year}-{data.date_obj.month:02d}"
    return f"{year}-{data.date_obj.month:02d}-{data.date_obj.day:02d}"


# --------------------------------------------------------------------------- one handler per pattern

def _quantified(m: re.Match) -> Timex | None:
    if m.group("dir"):
        return _offset(m)
    return _duration(m) if m.group("prep") else _bare(m)


def _offset(m: re.Match) -> Timex | None:
    if not _counted(m):
        return None
    value, days = _quantity(m)
    word = m.group("dir").lower()
    before = word in ("ago", "back", "earlier", "previously", "before")
    anchor = "story-now" if word in ("ago", "back") else "previous"
    if word in ("before", "after") and m.end() < len(m.string) and m.string[m.end():m.end() + 2].strip(" ")[:1].isalpha():
        anchor = "clause"  # "months before he got that offer": anchored on the event of the clause that follows
        if (m.group("prep") or "").lower() in ("for", "during", "throughout"):  # "sat there for twenty minutes
            end = len(m.string[:m.start("dir")].rstrip())                      # before I could go in": a length
            return Timex(m.start(), end, "DURATION", value, "none", None, "duration", days, True)
    start = m.start("count") if m.group("prep") and m.group("count") else m.start("unit") if m.group("prep") else m.start()
    return Timex(start, m.end(), "DURATION" if anchor != "story-now" else "DATE", ("-" if before else "+") + value,
                 "before" if before else "after", anchor, "offset", days, True)


def _duration(m: re.Match) -> Timex | None:
    if not _counted(m):
        return None
    value, days = _quantity(m)
    return Timex(m.start(), m.end(), "DURATION", value, "none", None, "duration", days, True)


_ONE_OF_A_LENGTH = frozenset({"minute", "hour", "week", "fortnight", "month", "year", "decade", "century"})  # "an hour"


def _bare(m: re.Match) -> Timex | None:
    """A counted length with neither preposition nor direction ("twenty minutes", "waited an hour"); "one day",
    "some day", "a day" are a vague point (see _deictic) and "a second", "a moment" an ordinal or an instant, not
    a length of time."""
    count = (m.group("count") or "").lower()
    if not _is_count(count) or count in ("some", "one") \
            or (count in ("a", "an") and _unit(m.group("unit")) not in _ONE_OF_A_LENGTH):
        return None
    value, days = _quantity(m)
    return Timex(m.start(), m.end(), "DURATION", value, "none", None, "duration", days, True)


def _let_pass(m: re.Match) -> Timex | None:
    """Time let pass, led ("after ten years", "at the end of a week") or spent ("lasted ten years"): an
    offset forward from the previous moment. "after hours" is none, "after a long day" only the day's length."""
    if not _counted(m) or _off_hours(m):
        return None
    if _day_just_told(m):
        return Timex(m.start(), m.end(), "DURATION", "P1D", "none", None, "duration", 1.0)
    value, days = _quantity(m)
    if m.group("lead"):
        return _forward(m.start(), m, value, days)
    if days < 1:
        return None  # "spent countless hours", "lasted two hours": the length of a scene, not time skipped
    if _PLUPERFECT.search(m.string, max(0, m.start() - 24), m.start()):
        return None  # "she had spent ten years in prison": what came before the story's now, not time let pass
    return _forward(m.start("qty"), m, value, days)


def _off_hours(m: re.Match) -> bool:
    """"after hours" with no count and no "of" after it: outside working hours ("he stayed after hours"),
    not hours gone by ("after hours of searching")."""
    return m.group("lead") is not None and m.group("qty").lower() == "hours" \
        and _OF.match(m.string, m.end()) is None


def _day_just_told(m: re.Match) -> bool:
    """"after a long day", "at the end of a weary night": one day or night, described, that ends the
    one being told; nothing is skipped (unlike "after a day", "after three long days")."""
    count = (m.group("count") or "").lower()
    return m.group("lead") is not None and count in ("a", "an") and m.group("unit").lower() in ("day", "night") \
        and re.search(rf"\b{_LENGTHENING}", m.group("qty"), _I) is not None


def _end_of(m: re.Match) -> Timex:
    """"By the end of the week", "at the close of that summer": the end of the week, month, year or season the
    story is in, a point about half of it ahead, which the story moves on to where it dates the main line (as "the
    next day" does). "At the end of the day" is the evening of the day told, an idiom besides, and is none."""
    unit = m.group("unit").lower()
    if unit in _SEASON_CODES:
        code = _SEASON_CODES[unit]
        return Timex(m.start(), m.end(), "DATE", f"+P1{code}", "after", "previous", "point", 45.0)
    code, _, days = _UNITS[unit]
    return Timex(m.start(), m.end(), "DATE", f"+P1{code}", "after", "previous", "point", days / 2)


def _passing(m: re.Match) -> Timex | None:
    """Time passing ("Ten years passed", "weeks went by"): an offset forward from the previous moment."""
    if not _counted(m):
        return None
    value, days = _quantity(m)
    return _forward(m.start(), m, value, days)


def _forward(start: int, m: re.Match, value: str, days: float) -> Timex:
    """The offset of time let pass, from `start` to the end of its unit."""
    end = m.end("half") if m.group("half") else m.end("unit")
    return Timex(start, end, "DURATION", "+" + value, "after", "previous", "offset", days, True)


def _ordinal_point(m: re.Match) -> Timex:
    """"Upon the eighth night": a later day or night of the story. Its count is not read: the value is one
    step (+P1D, +P1W...) after the previous moment, which is all the timeline's order needs; so is a week,
    counted one by one as days are ("In the second week of his training"), or a year or semester of someone's
    own ("By her second year", "In her second semester"). A month or year of a named span
    ("the second year of the war") dates the story instead: see _ordinal_dating."""
    noun = m.group("noun").lower()
    kind, point = _point_value(noun)
    step, days = _step(noun)
    if m.group("of") and noun in ("month", "year") and m.group("det").lower() == "the":
        return _ordinal_dating(m, kind, point, days)  # not "her second year of college", a span of her own
    return Timex(m.start(), m.end("noun"), kind, "+" + step, "after", "previous", "point", days)


def _ordinal_dating(m: re.Match, kind: str, point: str, days: float) -> Timex:
    """"the second year of the war": a point in a span the story names, no step from the previous moment;
    its `setting` ("second year of the war") tells the timeline when a later dating moves on."""
    setting = " ".join(m.string[m.start("nth"):m.end()].lower().split())
    return Timex(m.start(), m.end(), kind, point, "none", None, "point", days, setting=setting)


def _arriving(m: re.Match) -> Timex | None:
    """"The day of the ball drew near", "The great night duly arrived": the story moves on, by an unknown stretch,
    to a day it names.
    Only as a sentence of its own making: "He said that the day of the fair had come" reports it."""
    before = m.string[max(0, m.start() - 3):m.start()].rstrip()
    if before and before[-1] not in ".!?\"”’":
        return None
    noun = m.group("noun")
    kind, _ = _point_value(noun)
    return Timex(m.start(), m.end(), kind, "+PXD", "after", "previous", "offset", 1.0)


def _all(m: re.Match) -> Timex:
    unit = m.group("unit").lower()
    value = {"night": "PT1NI", "morning": "PT1MO", "afternoon": "PT1AF", "evening": "PT1EV"}.get(unit)
    if value is None:
        value = f"P1{_SEASONS.get(unit) or _UNITS[unit][0]}"
    return Timex(m.start(), m.end(), "DURATION", value, "none", None, "duration", _UNITS.get(unit, ("", 0, 1.0))[2])


def _every(m: re.Match) -> Timex:
    low = m.group("unit").lower()
    if low.capitalize() in _WEEKDAYS:
        return Timex(m.start(), m.end(), "SET", f"XXXX-WXX-{_WEEKDAYS.index(low.capitalize()) + 1}", kind="set")
    if low in _DAY_PARTS:
        return Timex(m.start(), m.end(), "SET", f"XXXX-XX-XXT{_DAY_PARTS[low]}", kind="set")
    if low in _SEASONS:
        return Timex(m.start(), m.end(), "SET", f"XXXX-{_SEASONS[low]}", kind="set")
    if low == "weekend":
        return Timex(m.start(), m.end(), "SET", "XXXX-WXX-WE", kind="set")
    if low.capitalize() in _MONTH_LIST:  # "every September"
        return Timex(m.start(), m.end(), "SET", f"XXXX-{_MONTH_LIST.index(low.capitalize()) + 1:02d}", kind="set")
    letter, timed, _ = _UNITS[low]
    return Timex(m.start(), m.end(), "SET", f"{'PT' if timed else 'P'}1{letter}", kind="set")


def _times(m: re.Match) -> Timex | None:
    n = m.group("n").lower()
    count = {"once": 1, "twice": 2, "thrice": 3}.get(n)
    if count is None:
        word = n.split()[0]
        if not (word.isdigit() or word in _NUMBERS):
            return None
        count = int(_number(word))
    unit = m.group("unit").lower()
    letter, timed, _ = _UNITS.get(unit, ("D", False, 1.0))
    return Timex(m.start(), m.end(), "SET", f"{count}X/{'PT' if timed else 'P'}1{letter}", kind="set")


def _adverb_set(m: re.Match) -> Timex:
    unit = {"dai": "day", None: "year"}.get(m.group("unit") and m.group("unit").lower(), m.group("unit"))
    letter, timed, _ = _UNITS[(unit or "year").lower()]
    return Timex(m.start(), m.end(), "SET", f"{'PT' if timed else 'P'}1{letter}", kind="set")


def _next(m: re.Match) -> Timex:
    noun, rel = m.group("noun"), m.group("rel").lower()
    kind, point = _point_value(noun)
    step, days = _step(noun)
    before = rel in ("previous", "preceding")
    anchor = "previous" if m.group("the") or rel in ("following", "previous", "preceding") else "story-now"
    tail = point.split("T", 1)[1] if "T" in point else ""
    value = ("-" if before else "+") + step + (f"T{tail}" if tail else "")
    return Timex(m.start(), m.end(), kind, value, "before" if before else "after", anchor, "point", days)


def _noun_rel(m: re.Match) -> Timex:
    noun, rel = m.group("noun"), m.group("rel").lower()
    kind, _ = _point_value(noun)
    step, days = _step(noun)
    before = rel in ("before", "earlier")
    return Timex(m.start(), m.end(), kind, ("-" if before else "+") + step, "before" if before else "after",
                 "previous", "point", days)


_DETERMINED = re.compile(r"\b(?:the|my|his|her|its|our|their|your)\s+$", re.IGNORECASE)  # "my last night": the final


def _deictic(m: re.Match) -> Timex | None:
    det = m.group("det").lower().split()[0]
    kind, value = _point_value(m.group("noun"))
    if det == "last" and _DETERMINED.search(m.string, max(0, m.start() - 8), m.start()):
        return None  # "on my last night in 2B", "the last day of the season": the final one, not the one before
    if det == "last":
        step, days = _step(m.group("noun"))
        return Timex(m.start(), m.end(), kind, "-" + step, "before", "story-now", "point", days)
    anchor = {"that": "previous", "the": "previous", "this": "story-now"}.get(det)
    season = m.group("det") == "That" and m.group("noun").lower() in _SEASON_CODES  # "That summer", as "That March"
    return Timex(m.start(), m.end(), kind, value, "none", anchor, "calendar" if season else "point")


def _other(m: re.Match) -> Timex:
    return Timex(m.start(), m.end(), "DATE", "PAST_REF", "before", "story-now", "point", 3.0)


def _now_word(m: re.Match) -> Timex:
    word = m.group("w").lower().replace("-", "")
    value, direction = {"yesterday": ("-P1D", "before"), "tomorrow": ("+P1D", "after"),
                        "today": ("PRESENT_REF", "none"), "tonight": ("XXXX-XX-XXTNI", "none")}[word]
    return Timex(m.start(), m.end(), "TIME" if word == "tonight" else "DATE", value, direction, "story-now", "point", 1.0)


def hour_of(value: str) -> float | None:
    """A TIMEX3 value's hour of the day ("XXXX-XX-XXT08:30" -> 8.5, "+P1DTMO" -> 8.0, midnight 24.0); None
    without one."""
    m = _HOUR.search(value)
    if m is None:
        return None
    return _PART_HOURS[m.group("part")] if m.group("part") else int(m.group("h")) + int(m.group("m")) / 60


def hours_of(value: str, said: str) -> list[float]:
    """The hours of the day a TIMEX3 value may mean, given the expression's text: a clock time said without a.m.,
    p.m. or a part of the day ("two o'clock": 2 or 14) either half of the day, else its one hour (`hour_of`);
    none without one."""
    hour = hour_of(value)
    if hour is None:
        return []
    m = _HOUR.search(value)
    if m.group("h") is not None and 0 < hour < 13 and not _HALF_OF_DAY.search(said):
        return [hour, hour + 12]
    return [hour]


def _clock(m: re.Match) -> Timex | None:
    hour_text = m.group("h").lower()
    if ":" in hour_text:
        hour, minute = (int(x) for x in hour_text.split(":"))
    elif hour_text[0].isdigit() or (hour_text in _NUMBERS and len(hour_text) > 2):
        hour, minute = int(_number(hour_text)), 0
    else:
        return None
    if not 0 < hour <= 12 and not (hour <= 24 and m.group("suffix").lower().startswith("o")):
        return None
    tail = (m.group("suffix") + (m.group("part") or "")).lower()
    if ("p.m." in tail or "afternoon" in tail or "evening" in tail or "night" in tail) and hour < 12:
        hour += 12
    return Timex(m.start(), m.end(), "TIME", f"XXXX-XX-XXT{hour:02d}:{minute:02d}", kind="clock")


def _clock_fraction(m: re.Match) -> Timex | None:
    """"half-past eight", "a quarter to nine": a clock time (hours 1-12, as said)."""
    hour = int(_number(m.group("h").lower()))
    if not 0 < hour <= 12:
        return None
    frac = m.group("frac").lower()
    minutes = hour * 60 + (30 if frac.startswith("half") else -15 if frac.endswith(("to", "before")) else 15)
    return Timex(m.start(), m.end(), "TIME", f"XXXX-XX-XXT{minutes // 60:02d}:{minutes % 60:02d}", kind="clock")


def _day_part(m: re.Match) -> Timex:
    code = _DAY_PARTS[m.group("w").lower()]
    return Timex(m.start(), m.end(), "TIME", f"XXXX-XX-XXT{code}", kind="clock")


def _calendar(m: re.Match) -> Timex | None:
    """A date or a month ("In March", "November 1", "the 14th of March", "the first of November")."""
    core, month = m.group("core"), m.group("month")
    if month in ("May", "March") and core == month and m.start("core") == m.start():
        return None  # the modal "may" and the verb "march" at a sentence start
    words = core.split()
    if words[0].lower() == "the":  # "the first of November": the day as a number, which dateparser reads
        words = words[1:]
    if words[0].lower() in _DAY_ORDINALS:
        core = " ".join([str(_DAY_ORDINALS[words[0].lower()]), *words[1:]])
    value = _calendar_value(core)
    if value is None:
        return None
    return _from_now(m, value, 182.0) or Timex(m.start(), m.end(), "DATE", value, kind="calendar")


_NOT_FROM_NOW = re.compile(r"\b(?:the|at|my|his|her|its|our|their|your)\s+$", re.IGNORECASE)


def _from_now(m: re.Match, value: str, days: float) -> Timex | None:
    """A date measured from the speaker's or narrator's now ("last March", "next Tuesday", "this past June"): a
    calendar date before or after it, about `days` away; None without such a word, after "the" ("the next September"
    is measured from the story's last date), a possessive ("her last May in the city": the final one) or "at" ("At
    last March came"), or with a year of its own ("last March 3, 2019")."""
    rel = m.group("rel")
    if not rel or _NOT_FROM_NOW.search(m.string, max(0, m.start("rel") - 8), m.start("rel")) \
            or re.search(r"\d{4}", m.group(0)):
        return None
    before = rel.lower().startswith(("last", "this past"))
    return Timex(m.start(), m.end(), "DATE", value, "before" if before else "after", "story-now", "calendar", days)


def _holiday(m: re.Match) -> Timex:
    feast = " ".join(m.group("feast").lower().replace("’", "'").split())
    feast = _FEAST_SPELLINGS.sub(lambda s: _FEAST_SPELLED[s.group(0)], feast.replace("saints day", "saints' day"))
    value = _HOLIDAYS[feast]
    return _from_now(m, value, 182.0) or Timex(m.start(), m.end(), "DATE", value, kind="calendar")


# the spellings of a feast besides its key in _HOLIDAYS
_FEAST_SPELLED = {"valentines": "valentine's", "mothers'": "mother's", "mothers": "mother's", "fathers'": "father's",
                  "fathers": "father's", "labour": "labor"}
_FEAST_SPELLINGS = re.compile(r"\b(?:valentines|mothers'?|fathers'?|labour)(?=\s|$)")


def _weekday(m: re.Match) -> Timex:
    value = f"XXXX-WXX-{_WEEKDAYS.index(m.group('day')) + 1}"
    return _from_now(m, value, 4.0) or Timex(m.start(), m.end(), "DATE", value, kind="calendar")


def _year(m: re.Match) -> Timex | None:
    value = _calendar_value(m.group("year"))
    return Timex(m.start(), m.end(), "DATE", value, kind="calendar") if value else None


def _season(m: re.Match) -> Timex:
    year = m.group("year") or "XXXX"
    return Timex(m.start(), m.end(), "DATE", f"{year}-{_SEASONS[m.group('season').lower()]}", kind="calendar")


def _days_of(m: re.Match) -> Timex:
    return Timex(m.start(), m.end(), "DATE", "PAST_REF", "before", "story-now", "vague", 365.0 * 40)


def _cue(m: re.Match) -> Timex:
    kind, value, direction, anchor = _cues()[1][" ".join(m.group(0).lower().split())]
    days = 365.0 * 10 if value == "PAST_REF" and anchor == "story-now" else 1.0
    return Timex(m.start(), m.end(), kind, value, direction, anchor, "vague", days)


# order matters only between matches of equal length: the earlier pattern wins
_PATTERNS = [
    (_LET_PASS, _let_pass), (_END_OF, _end_of), (_PASSING, _passing), (_QUANTITY, _quantified),
    (_ORDINAL_POINT, _ordinal_point),
    (_ARRIVING, _arriving), (_ALL, _all), (_EVERY, _every), (_TIMES, _times),
    (_ADVERB_SET, _adverb_set), (_NEXT, _next), (_NOUN_REL, _noun_rel), (_OTHER, _other), (_DEICTIC, _deictic),
    (_NOW_WORDS, _now_word), (_CLOCK, _clock), (_CLOCK_FRACTION, _clock_fraction), (_DAY_PART, _day_part),
    (_DAY_PART_REACHED, _day_part),
    (_CALENDAR, _calendar), (_HOLIDAY, _holiday),
    (_WEEKDAY, _weekday), (_YEAR, _year), (_SEASON, _season), (_DAYS_OF, _days_of),
]
# per pattern, words of which every match holds one (in any case; a space stands for any run of white
# space): a window without them is not searched
_GATES = [
    ["end of", "close of", "after", "lasted", "spent", "passed"], ["end of", "close of"],
    ["passed", "elapsed", "went by", "gone by", "rolled", "slipped", "wore on", "wore away", "dragged"],
    list(_UNITS) + ["centuries"],
    _ORDINALS.split("|"), ["came", "arrived", "dawned", "drew near", "had come"],
    ["all", "the whole", "the entire"], ["every", "each"],
    ["once", "twice", "thrice", "times", "days", "nights", "mornings", "evenings"],
    ["hourly", "daily", "nightly", "weekly", "monthly", "yearly", "annually"],
    ["next", "following", "previous", "preceding"],
    ["before", "after", "earlier", "later", "succeeding", "following"], ["the other"], ["that", "this", "the same", "one", "last"],
    ["yesterday", "today", "to-day", "tomorrow", "to-morrow", "tonight", "to-night"],
    ["clock", "a.m.", "p.m.", "morning", "afternoon", "evening", "night"], ["half", "quarter"],
    ["midnight", "midday", "noon", "dusk", "dawn", "daybreak", "nightfall", "sunset", "sunrise", "twilight"],
    ["morning", "afternoon", "evening"],
    _MONTH_LIST, ["christmas", "new year", "easter", "whitsun", "midsummer", "michaelmas", "all saints",
                         "thanksgiving", "candlemas", "valentine", "mother's", "mother’s", "mothers", "father's",
                         "father’s", "fathers", "memorial day", "labor day", "labour day", "halloween"],
    _WEEKDAYS, ["1", "2"], list(_SEASONS), ["days of"],
]
# the characters that a case-insensitive regex matches to an ASCII letter but str.lower() does not lower to it
# (the `re` docs: with IGNORECASE, [a-z] also matches these four); one character for one, so offsets stay
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _fold(text: str) -> str:
    """Lower case as a case-insensitive regex sees ASCII letters, white space runs as one space: every match
    of a phrase (words apart by white space) is a substring of the fold."""
    return " ".join((text.lower() if text.isascii() else text.translate(_FOLD).lower()).split())


def _gate(words: list[str]) -> frozenset[str]:
    """Folded words, without those that hold another of them ('fortnight' holds 'night')."""
    folded = {_fold(w) for w in words}
    return frozenset(w for w in folded if not any(o != w and o in w for o in folded))


@lru_cache(maxsize=1)
def _gated_patterns() -> list[tuple[re.Pattern, object, frozenset[str]]]:
    """(pattern, handler, gate) in rank order, the cue phrases last (gated on the phrases themselves)."""
    cue_pattern, table = _cues()
    return [(p, h, _gate(g)) for (p, h), g in zip(_PATTERNS + [(cue_pattern, _cue)], _GATES + [list(table)])]


@lru_cache(maxsize=1)
def _gate_words() -> tuple[str, ...]:
    """Every pattern's gate words."""
    return tuple(sorted(set().union(*(gate for _, _, gate in _gated_patterns()))))


def _gate_words_in(window: str) -> set[str]:
    """The gate words that the (folded) window holds."""
    return set(filter(_fold(window).__contains__, _gate_words()))


def find_expressions(text: str, doc: Doc | None = None, columns: TokenColumns | None = None) -> list[Timex]:
    """All time expressions in `text`, non-overlapping, in text order.

    With a parsed `doc`, the patterns only run on short windows around trigger words
    (units, months, day parts, ...), adverbial "once" ("they had once had a quarrel")
    counts as a past reference, a clock time whose number counts a noun ("a quarter to
    one beggar") and a whole stretch whose last word is compounded into a noun ("all the
    evening papers") are none, and so is a bare month that the story uses as a name ("Nana
    June"), and spaCy DATE/TIME entities that no pattern covers are given
    to dateparser (kept only when it reads a year in them). A pattern is
    only run on a window that holds one of its gate words. `columns` are the doc's,
    where the caller has read them already.
    """
    if doc is not None and columns is None:
        columns = TokenColumns.of(doc)
    windows = _windows(text, columns) if doc is not None else [(0, len(text))]
    present = [_gate_words_in(text[start:end]) for start, end in windows]
    folded = text if text.isascii() else text.translate(_FOLD)  # matched words are then ones the handlers look up
    names = {m.group("month") for m in _TITLED_MONTH.finditer(text)}
    found: list[tuple[int, int, Timex]] = []
    for rank, (pattern, handler, gate) in enumerate(_gated_patterns()):
        for (start, end), words in zip(windows, present):
            if gate.isdisjoint(words):
                continue
            for timex in _handled(pattern, handler, folded, start, end):
                if text[timex.start:timex.end] in names:
                    continue  # "June was a farm girl" where the story calls her "Nana June": a name, no month
                if doc is None:
                    found.append((rank, len(found), timex))
                elif not (timex.kind == "clock" and _counts_a_noun(doc, timex) or _names_a_thing(doc, timex)):
                    found.append((rank, len(found), _as_rate(doc, timex)))
    if doc is not None:
        found.extend((99, len(found), t) for t in _from_doc(text, doc))
    found.sort(key=lambda item: (-(item[2].end - item[2].start), item[0], item[2].start))
    taken: list[Timex] = []
    starts: list[int] = []
    for _, _, timex in found:
        i = bisect.bisect_left(starts, timex.start)
        if (i > 0 and taken[i - 1].end > timex.start) or (i < len(taken) and taken[i].start < timex.end):
            continue
        starts.insert(i, timex.start)
        taken.insert(i, timex)
    return taken


# a month the story uses as someone's name, after a title or a family word ("Nana June", "Aunt April", "Miss May")
_TITLED_MONTH = re.compile(r"\b(?:Nana|Grandma|Granny|Gran|Grandmother|Aunt|Auntie|Aunty|Uncle|Cousin|Miss|Mrs|Ms|Mr|"
                           rf"Sister|Lady)\.?\s+(?P<month>{_MONTHS})\b")


def _counts_a_noun(doc: Doc, timex: Timex) -> bool:
    """The expression's last word is a number that counts a noun after it ("a quarter to one beggar"): no clock time."""
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    last = tokens[-1] if tokens is not None else None
    return last is not None and last.dep_ == "nummod" and last.head.idx >= timex.end


def _as_rate(doc: Doc, timex: Timex) -> Timex:
    """A length "a week" or "an hour" that rates a quantity before it ("eight dollars a week", "a million a year",
    "$20 a week") is a set, each week, not time spent; any other expression comes back as it was."""
    if timex.kind != "duration" or not timex.quantified:
        return timex
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if tokens is None or len(tokens) != 2 or tokens[0].lower_ not in ("a", "an"):
        return timex
    unit = tokens[-1]
    if unit.dep_ != "npadvmod" or unit.head.pos_ not in ("NOUN", "NUM") or unit.head.i > unit.i:
        return timex
    return Timex(timex.start, timex.end, "SET", timex.value, kind="set", days=timex.days)


_TIME_HEADS = {*_UNITS, *_DAY_PARTS, *_SEASONS, *(d.lower() for d in _WEEKDAYS),
               "eve", "holiday", "vacation", "break", "term", "season", "time"}
# per kind of expression, the roles its last word has when it only modifies a noun after it
_MODIFYING = {"duration": ("compound",), "calendar": ("compound", "amod"), "clock": ("compound", "amod")}


def _names_a_thing(doc: Doc, timex: Timex) -> bool:
    """An expression whose last word modifies a noun after it that is no time: a length compounded into it ("all the
    evening papers", "a night course", "a four year sentence"), a date word or part of the day ("the summer house",
    "Easter eggs", "Christmas Jones", "by morning light"): a kind of thing or a name, no time. "An October afternoon"
    and "the summer holidays" stay times."""
    roles = _MODIFYING.get(timex.kind)
    if roles is None:
        return False
    tokens = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    last = tokens[-1] if tokens is not None else None
    return last is not None and last.dep_ in roles and last.head.idx >= timex.end \
        and last.head.lemma_.lower() not in _TIME_HEADS


def _handled(pattern: re.Pattern, handler, text: str, start: int, end: int):
    """The Timexes `handler` makes of the matches of `pattern` in text[start:end]. A match its handler refuses
    for a word in the count slot that is no number ("Then years later", "and weeks went by") is tried again
    from after that word: the regex tries one match at each place, and the word would hide the rest."""
    position = start
    while (m := pattern.search(text, position, end)) is not None:
        timex = handler(m)
        if timex is not None:
            yield timex
        count = m.groupdict().get("count")
        position = m.end("count") if timex is None and count and not _is_count(count) else m.end()


_BEFORE_TRIGGER, _AFTER_TRIGGER = 8, 6


@lru_cache(maxsize=1)
def _triggers() -> frozenset[str]:
    """Words without which no pattern can match: units, day parts, months, weekdays, seasons, cue heads."""
    words = {w for unit in _UNITS for w in (unit, unit + "s")} | {"centuries"}
    words |= set(_DAY_PARTS) | {m.lower() for m in _MONTH_LIST} | {d.lower() for d in _WEEKDAYS}
    words |= set(_SEASONS) | {"fall", "yesterday", "today", "to-day", "tomorrow", "to-morrow", "tonight", "to-night",
                              "daily", "nightly", "hourly", "weekly", "monthly", "yearly", "annually",
                              "o'clock", "o’clock", "a.m.", "p.m.", "am", "pm", "times", "once", "twice", "thrice",
                              "half", "half-past", "quarter"}
    words |= {"christmas", "easter", "whitsun", "midsummer", "michaelmas", "saints", "thanksgiving", "candlemas",
              "valentine", "halloween"}
    words.update(p.split()[-1] if p.split()[-1] != "on" else p.split()[0] for p in _cues()[1])
    return frozenset(words)


@lru_cache(maxsize=1)
def _trigger_ids() -> frozenset[int]:
    return frozenset(get_string_id(word) for word in _triggers())


def _windows(text: str, columns: TokenColumns) -> list[tuple[int, int]]:
    """Character windows around trigger tokens (and four-digit numbers), merged, never crossing a sentence."""
    triggers = _trigger_ids()
    sentence_ends = columns.sentence_starts[1:] + [len(columns.lower)]
    out: list[tuple[int, int]] = []
    s = 0
    for i, (word, first_char, end_char) in enumerate(zip(columns.lower, columns.start, columns.end)):
        if word not in triggers and not (end_char - first_char == 4 and text[first_char:end_char].isdigit()):
            continue
        while sentence_ends[s] <= i:
            s += 1
        first = max(columns.sentence_starts[s], i - _BEFORE_TRIGGER)
        last = min(sentence_ends[s], i + _AFTER_TRIGGER + 1) - 1
        start, end = columns.start[first], columns.end[last]
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _formerly(once: Token) -> bool:
    """"once" meaning formerly: before its past verb ("they had once had a quarrel", "I once knew"), not
    after it, where it counts ("He shrieked once"), nor before a bare participle ("once conceived, it
    haunted me"), where it means as soon as."""
    verb = once.head
    if once.dep_ != "advmod" or verb.tag_ not in ("VBN", "VBD") or once.i > verb.i:
        return False
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _from_doc(text: str, doc: Doc) -> list[Timex]:
    """Adverbial "once" as a past reference, and DATE/TIME entities with a year that dateparser reads.
    Each search is skipped where a quick look at the whole text rules it out."""
    out = []
    # no character but ASCII letters folds to "once" in a case-insensitive match
    for m in _ONCE.finditer(text) if "once" in text.lower() else ():
        span = doc.char_span(m.start(), m.end())
        token = span[0] if span is not None else None
        if token is None or (token.i > 0 and doc[token.i - 1].lower_ == "at"):
            continue  # "at once" means "immediately"
        if _formerly(token):
            out.append(Timex(m.start(), m.end(), "DATE", "PAST_REF", "before", "previous", "point", 365.0))
    for ent in doc.ents if _YEAR_LIKE.search(text) else ():
        if ent.label_ in ("DATE", "TIME") and _YEAR_DIGITS.search(ent.text):
            value = _calendar_value(ent.text)
            if value is not None:
                out.append(Timex(ent.start_char, ent.end_char, "DATE", value, kind="calendar"))
    return out
