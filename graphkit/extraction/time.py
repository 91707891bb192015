"""Time expressions: find them (spaCy DATE/TIME entities) and normalise them.

Values follow TIMEX3 conventions: ``2021-06-22`` (day), ``2019-12`` (month), ``2021``
(year), ``199`` (the 1990s, decade), ``20`` (century). Relative expressions
("Sunday", "two months ago", "June 18", "early March", "earlier this year") are
resolved against the article's date when it is known at a fine enough precision;
otherwise they are kept with ``precision="unresolved"`` rather than guessed.

Which way a relative expression points depends on the tense around it: "on
Friday" in "met on Friday" is the last Friday, in "will meet on Friday" the next
one. :func:`normalise` takes that as ``direction`` ("past", the news default, or
"future"); :func:`direction_of` reads it from the verb an expression hangs on.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from graphkit.extraction.document import DocState
from graphkit.types import TimeExpression, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Token

Direction = Literal["past", "future"]

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
WEEKDAYS.update({k[:3]: v for k, v in list(WEEKDAYS.items())})
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2,
           "a few": 3, "a couple of": 2}  # fmt: skip
SEASONS = {"spring", "summer", "autumn", "fall", "winter"}

UNRESOLVED = TimeValue(None, "unresolved")

_LEAD = re.compile(
    r"^(?:the|this|that|on|in|since|by|until|till|from|during|at|as of|before|after|around|about|of|"
    r"earlier|later|early|late|mid|end of|the end of|the beginning of|the start of|beginning of|start of|"
    r"the middle of|the first half of|the second half of|the first quarter of|the last quarter of)\s+"
)
_PART_OF_DAY = r"(?: morning| afternoon| evening| night)?"
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "going"}


def find_times(state: DocState) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    anchor = article_anchor(state.article)
    for ent in state.doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        start, end, text = date_text(ent)
        value = normalise(text, anchor, direction_of(ent.root))
        out.append(TimeExpression(start, end, text, state.sentence_of(ent.start), value))
    return out


def direction_of(token: Token) -> Direction:
    """ "future" when the verb the expression hangs on is future ("will meet on Friday",
    "is due to arrive on Monday", "is going to"), else "past" (news mostly reports)."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.head.i == node.i:
            return "past"
        node = node.head
    for _ in range(3):
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if aux & _FUTURE_AUX:
            return "future"
        if "to" in aux and node.dep_ in ("relcl", "acl"):
            return "future"  # "another event to be held on October 12": an infinitival relative is to come
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in (
            "plan", "expect", "schedule", "set", "due", "intend", "hope", "aim", "prepare", "go"):  # fmt: skip
            return "future"
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return "past"


def article_anchor(article) -> tuple[dt.date, str] | None:
    """The date relative expressions are resolved against: the article's date, or else a line near the
    top of the text that is nothing but a full date (a date line: "September 01, 2007")."""
    anchor = parse_anchor(article.date)
    if anchor is not None:
        return anchor
    for line in article.text.lstrip().split("\n", 4)[:4]:
        line = line.strip()
        if 6 <= len(line) <= 40 and any(ch.isdigit() for ch in line):
            value = _absolute(_clean(line))
            if value is not None and value.precision == "day":
                return parse_anchor(value.value)
    return None


def parse_anchor(date: str | None) -> tuple[dt.date, str] | None:
    """The article date as (date, precision); None when unknown."""
    if not date:
        return None
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1), "month"
        return dt.date(int(parts[0]), 1, 1), "year"
    except ValueError:
        return None


def normalise(
    text: str, anchor: tuple[dt.date, str] | None = None, direction: Direction = "past"
) -> TimeValue:
    """Normalise one expression.

    >>> normalise("December 2019").value
    '2019-12'
    >>> normalise("June 22, 2021").value
    '2021-06-22'
    >>> normalise("the 1990s").value, normalise("the 1990s").precision
    ('199', 'decade')
    >>> import datetime as dt
    >>> normalise("Sunday", (dt.date(2020, 5, 13), "day")).value
    '2020-05-10'
    >>> normalise("Sunday", (dt.date(2020, 5, 13), "day"), "future").value
    '2020-05-17'
    >>> normalise("June 18", (dt.date(2008, 7, 2), "day")).value
    '2008-06-18'
    >>> normalise("Sunday").precision
    'unresolved'
    """
    raw = text.casefold().strip()
    s = _clean(text)

    value = _absolute(s)
    if value is not None:
        return value
    value = UNRESOLVED if anchor is None else _relative(s, raw, text, anchor, direction)
    # "November 11, three days later than planned": the date before the comma
    if value.precision == "unresolved" and "," in text:
        head = text.split(",", 1)[0]
        if head.strip():
            return normalise(head, anchor, direction)
    return value


_DATE_LEFT = frozenset({"this", "last", "next", "coming", "past", "previous", "that", "same", "early", "late",
                        "earlier", "later", "mid"})  # fmt: skip


def date_text(ent) -> tuple[int, int, str]:
    """A DATE entity's (start char, end char, text), taking in a determiner the model left out:
    spaCy tags "year" in "this year" or "week" in "last week"; "this year" is the date."""
    doc = ent.doc
    start = ent.start
    while (
        start > 0
        and doc[start - 1].lower_ in _DATE_LEFT
        and doc[start - 1].head.i in range(ent.start, ent.end)
    ):
        start -= 1
    span = doc[start : ent.end]
    return span.start_char, span.end_char, span.text


def _clean(text: str) -> str:
    """Lower case, no punctuation, no lead words ("in early March" -> "march"), no ordinals."""
    s = text.casefold().strip().replace(",", " ").replace(".", " ").replace("’", "'")
    s = re.sub(r"\s+", " ", s).strip()
    for _ in range(3):  # "in early March", "since the end of 2019"
        stripped = _LEAD.sub("", s)
        if stripped == s:
            break
        s = stripped
    return re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)


def _absolute(s: str) -> TimeValue | None:
    """Dates that need no anchor: "22 june 2021", "june 22 2021", "june 2021", "2021", "1990s"."""
    # a weekday in front is redundant: "tuesday june 22 2021"
    s = re.sub(r"^(?:" + "|".join(WEEKDAYS) + r") ", "", s)
    m = re.fullmatch(r"(?:(\d{1,2}) )?([a-z]+) (?:(\d{1,2}) )?(\d{4})", s)
    if m and m.group(2) in MONTHS:
        day = m.group(1) or m.group(3)
        year, month = int(m.group(4)), MONTHS[m.group(2)]
        if day:
            return _day(year, month, int(day))
        return TimeValue(f"{year:04d}-{month:02d}", "month")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return TimeValue(s, "month")
    m = re.fullmatch(r"(?:(?:" + "|".join(SEASONS) + r") |fiscal |fy ?|mid-?)?(\d{4})(?: season)?", s)
    if m and 1000 <= int(m.group(1)) <= 2200:
        return TimeValue(m.group(1), "year")
    m = re.fullmatch(r"(?:mid-?)?(\d{3})0s", s)
    if m:
        return TimeValue(m.group(1), "decade")
    m = re.fullmatch(r"(\d{2}) century", s)
    if m:
        return TimeValue(f"{int(m.group(1)) - 1:02d}", "century")
    return None


def _relative(s: str, raw: str, text: str, anchor: tuple[dt.date, str], direction: Direction) -> TimeValue:
    base, precision = anchor
    # "the '90s", "the 90s": the decade in the anchor's century, not in the future
    m = re.fullmatch(r"(?:mid-?)?'?(\d)0s", s)
    if m:
        cand = int(str(base.year)[:2] + m.group(1) + "0")
        if cand > base.year:
            cand -= 100
        return TimeValue(str(cand)[:3], "decade", True)

    # "june 18", "18 june", "friday june 18": the date nearest the anchor in the tense's direction
    m = re.fullmatch(r"(?:[a-z]+ )?(?:(\d{1,2}) ([a-z]+)|([a-z]+) (\d{1,2}))" + _PART_OF_DAY, s)
    if m:
        month_word = m.group(2) or m.group(3)
        day = int(m.group(1) or m.group(4))
        if month_word in MONTHS and 1 <= day <= 31:
            if precision == "year":
                return UNRESOLVED
            return _nearest_day(base, MONTHS[month_word], day, direction)

    # a month alone ("March", "early March"): the nearest such month in the tense's direction
    m = re.fullmatch(r"([a-z]+)", s)
    if m and m.group(1) in MONTHS and (len(m.group(1)) > 3 or text.strip()[:1].isupper()):
        month = MONTHS[m.group(1)]
        if precision == "year":
            return TimeValue(f"{base.year:04d}-{month:02d}", "month", True)
        year = base.year
        if direction == "past" and month > base.month:
            year -= 1
        elif direction == "future" and month < base.month:
            year += 1
        return TimeValue(f"{year:04d}-{month:02d}", "month", True)

    # weekdays: the most recent one on or before the article date, or the next one for the future
    m = re.fullmatch(r"(last |this |next |coming |on )?([a-z]+)" + _PART_OF_DAY, s)
    if m and m.group(2) in WEEKDAYS and (len(m.group(2)) > 3 or text.strip()[:1].isupper()):
        if precision != "day":
            return UNRESOLVED
        target = WEEKDAYS[m.group(2)]
        word = (m.group(1) or "").strip()
        if word in ("next", "coming") or (direction == "future" and word != "last"):
            delta = (target - base.weekday()) % 7 or (7 if word in ("next", "coming") else 0)
            return TimeValue((base + dt.timedelta(days=delta)).isoformat(), "day", True)
        delta = (base.weekday() - target) % 7
        if word == "last" and delta == 0:
            delta = 7
        return TimeValue((base - dt.timedelta(days=delta)).isoformat(), "day", True)

    simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this morning": 0, "this afternoon": 0,
              "this evening": 0, "morning": 0, "afternoon": 0, "evening": 0, "day": 0,
              "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1, "last night": -1,
              "tomorrow morning": 1, "day before yesterday": -2, "day after tomorrow": 2}  # fmt: skip
    if raw.startswith(("earlier ", "later ")):
        s2 = re.sub(r"^(?:earlier|later) ", "", raw.replace(".", "").strip())
        if s2 in simple:
            s = s2
    if s in simple:
        if precision != "day":
            return UNRESOLVED
        return TimeValue((base + dt.timedelta(days=simple[s])).isoformat(), "day", True)

    m = re.fullmatch(
        r"(?:more than |less than |about |nearly |almost |some |over |just |only )?"
        r"(a few|a couple of|\w+) (day|week|month|year|decade)s? (ago|from now|hence)",
        s,
    )
    if m and (m.group(1) in NUMBERS or m.group(1).isdigit()):
        n = NUMBERS.get(m.group(1)) or int(m.group(1))
        sign = -1 if m.group(3) == "ago" else 1  # "two weeks earlier" counts from the story, not the article
        return _shift(base, precision, sign * n, m.group(2))
    # ("the past year" is a stretch of time up to now, not a calendar year: left unresolved)
    m = re.fullmatch(r"(last|previous|this|current|next|coming) (week|weekend|month|year|decade)", s)
    if m:
        step = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m.group(1)]
        unit = "week" if m.group(2) == "weekend" else m.group(2)
        return _shift(base, precision, step, unit)
    # "year", "month" left after "earlier this year" lost its lead words
    if s in ("year", "month", "week") and re.search(r"\b(this|current)\b", raw):
        return _shift(base, precision, 0, s)
    # "spring", "this summer": the season of the anchor's year
    if s in SEASONS or (s.startswith("this ") and s[5:] in SEASONS):
        return TimeValue(f"{base.year:04d}", "year", True)
    return UNRESOLVED


def _nearest_day(base: dt.date, month: int, day: int, direction: Direction) -> TimeValue:
    """ "June 18" written in an article of 2 July 2008: 18 June 2008 (the past side by default,
    unless that is more than ~10 months away and the coming one is within two months)."""
    cands = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            cands.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not cands:
        return UNRESOLVED
    if direction == "future":
        after = [c for c in cands if c >= base]
        pick = min(after) if after else max(cands)
    else:
        before = [c for c in cands if c <= base]
        after = [c for c in cands if c > base]
        pick = max(before) if before else min(after)
        # a date a few days or weeks ahead is a schedule, not last year's event
        if after and (base - pick).days > 300 and (min(after) - base).days <= 60:
            pick = min(after)
    return TimeValue(pick.isoformat(), "day", True)


def _day(year: int, month: int, day: int) -> TimeValue:
    try:
        return TimeValue(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return TimeValue(f"{year:04d}-{month:02d}", "month")


def _shift(base: dt.date, precision: str, n: int, unit: str) -> TimeValue:
    if unit == "day" and precision == "day":
        return TimeValue((base + dt.timedelta(days=n)).isoformat(), "day", True)
    if unit == "week" and precision == "day":
        return TimeValue((base + dt.timedelta(weeks=n)).isoformat()[:7], "month", True)
    if unit in ("week", "day"):
        return UNRESOLVED
    if unit == "month" and precision in ("day", "month"):
        months = base.year * 12 + base.month - 1 + n
        return TimeValue(f"{months // 12:04d}-{months % 12 + 1:02d}", "month", True)
    if unit == "year" or (unit == "month" and precision == "year"):
        years = n if unit == "year" else 0
        return TimeValue(f"{base.year + years:04d}", "year", True)
    if unit == "decade":
        return TimeValue(f"{base.year + 10 * n:04d}", "year", True)
    return UNRESOLVED
