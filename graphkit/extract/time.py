"""Time expressions: find them (spaCy DATE/TIME entities) and normalise them.

Values follow TIMEX3 conventions: ``2021-06-22`` (day), ``2019-12`` (month), ``2021``
(year), ``199`` (the 1990s, decade), ``20`` (century). Relative expressions
("Sunday", "two months ago", "early March") are resolved against the article's
date when it is known at a fine enough precision; otherwise they are kept with
``precision="unresolved"`` rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from graphkit.extract.document import DocState
from graphkit.types import TimeExpression, TimeValue

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {
    d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "couple": 2}  # fmt: skip

UNRESOLVED = TimeValue(None, "unresolved")


def find_times(state: DocState) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    anchor = parse_anchor(state.article.date)
    for ent in state.doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        value = normalise(ent.text, anchor)
        out.append(
            TimeExpression(ent.start_char, ent.end_char, ent.text, state.sentence_of(ent.start), value)
        )
    return out


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


def normalise(text: str, anchor: tuple[dt.date, str] | None = None) -> TimeValue:
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
    >>> normalise("Sunday").precision
    'unresolved'
    """
    s = text.casefold().strip()
    s = re.sub(r"^(the|this|that|on|in|since|by|until|from|during)\s+", "", s)
    s = s.replace(",", " ").replace(".", " ")
    s = re.sub(r"\s+", " ", s).strip()

    # absolute: "22 june 2021", "june 22 2021", "june 2021", "2021", "1990s"
    m = re.fullmatch(r"(?:(\d{1,2})(?:st|nd|rd|th)? )?([a-z]+) (?:(\d{1,2})(?:st|nd|rd|th)? )?(\d{4})", s)
    if m and m.group(2) in MONTHS:
        day = m.group(1) or m.group(3)
        year, month = int(m.group(4)), MONTHS[m.group(2)]
        if day:
            return _day(year, month, int(day))
        return TimeValue(f"{year:04d}-{month:02d}", "month")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(?:early |late |mid |mid-)?(\d{4})", s)
    if m and 1000 <= int(m.group(1)) <= 2200:
        return TimeValue(m.group(1), "year")
    m = re.fullmatch(r"(?:early |late |mid-?)?(\d{3})0s", s)
    if m:
        return TimeValue(m.group(1), "decade")
    m = re.fullmatch(r"(?:early |late |mid-?)?'?(\d)0s", s)
    if m and anchor:
        century = str(anchor[0].year)[:2]
        cand = int(century + m.group(1) + "0")
        if cand > anchor[0].year:
            cand -= 100
        return TimeValue(str(cand)[:3], "decade")

    # month name alone, possibly "early March": the nearest such month not after the anchor
    m = re.fullmatch(r"(?:early |late |mid-?|in )?([a-z]+)", s)
    if m and m.group(1) in MONTHS and (len(m.group(1)) > 3 or text.strip()[:1].isupper()):
        month = MONTHS[m.group(1)]
        if anchor and anchor[1] in ("day", "month"):
            year = anchor[0].year - (1 if month > anchor[0].month else 0)
            return TimeValue(f"{year:04d}-{month:02d}", "month", True)
        if anchor:
            return TimeValue(f"{anchor[0].year:04d}-{month:02d}", "month", True)
        return UNRESOLVED

    if anchor is None:
        return UNRESOLVED
    base, precision = anchor
    # weekdays: the most recent one on or before the article date (news reports the past)
    m = re.fullmatch(r"(?:last |this |on )?([a-z]+)(?: morning| afternoon| evening| night)?", s)
    if m and m.group(1) in WEEKDAYS:
        if precision != "day":
            return UNRESOLVED
        delta = (base.weekday() - WEEKDAYS[m.group(1)]) % 7
        return TimeValue((base - dt.timedelta(days=delta)).isoformat(), "day", True)
    simple = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
    if s in simple:
        if precision != "day":
            return UNRESOLVED
        return TimeValue((base + dt.timedelta(days=simple[s])).isoformat(), "day", True)
    m = re.fullmatch(
        r"(?:more than |less than |about |nearly |almost |some |over )?(\w+) (day|week|month|year|decade)s? ago",
        s,
    )
    if m and (m.group(1) in NUMBERS or m.group(1).isdigit()):
        n = NUMBERS.get(m.group(1)) or int(m.group(1))
        unit = m.group(2)
        return _shift(base, precision, -n, unit)
    m = re.fullmatch(r"(last|past|previous|this|next|coming) (week|month|year)", s)
    if m:
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[m.group(1)]
        return _shift(base, precision, step, m.group(2))
    return UNRESOLVED


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
