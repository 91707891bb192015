"""Time normalisation beyond the basics of test_time.py: dates without a year, the tense's
direction, lead words, expressions that must stay unresolved. No model needed."""

import datetime as dt

import pytest

from graphkit.extract.time import normalise

WED = (dt.date(2008, 7, 2), "day")  # a Wednesday


@pytest.mark.parametrize(
    "text,direction,value,precision",
    [
        # month and day without a year: the nearest such date on the tense's side of the article date
        ("June 18", "past", "2008-06-18", "day"),
        ("18 June", "past", "2008-06-18", "day"),
        ("June 18th", "past", "2008-06-18", "day"),
        ("11 December", "past", "2007-12-11", "day"),
        ("November 11", "future", "2008-11-11", "day"),
        ("July 10", "past", "2008-07-10", "day"),  # a week ahead: a schedule, not last year's July
        # weekdays: the last one for the past, the next one for the future
        ("Friday", "past", "2008-06-27", "day"),
        ("Friday", "future", "2008-07-04", "day"),
        ("on Wednesday", "past", "2008-07-02", "day"),
        ("last Wednesday", "past", "2008-06-25", "day"),
        ("next Monday", "past", "2008-07-07", "day"),
        ("Tuesday morning", "past", "2008-07-01", "day"),
        # months alone
        ("March", "past", "2008-03", "month"),
        ("September", "past", "2007-09", "month"),
        ("September", "future", "2008-09", "month"),
        ("early March", "past", "2008-03", "month"),
        # lead words and relative spans
        ("earlier this year", "past", "2008", "year"),
        ("this month", "past", "2008-07", "month"),
        ("last night", "past", "2008-07-01", "day"),
        ("a few days ago", "past", "2008-06-29", "day"),
        ("three years ago", "past", "2005", "year"),
        ("since the end of 2006", "past", "2006", "year"),
        ("mid-2009", "past", "2009", "year"),
        ("spring 2009", "past", "2009", "year"),
        ("the '90s", "past", "199", "decade"),
        ("the 20th century", "past", "19", "century"),
        ("Tuesday, June 22, 2021", "past", "2021-06-22", "day"),
        # not dates of the calendar: left unresolved rather than guessed
        ("two weeks later", "past", None, "unresolved"),  # counts from the story, not the article
        ("the past year", "past", None, "unresolved"),  # a stretch of time up to now
        ("the weekend", "past", None, "unresolved"),
        ("recent months", "past", None, "unresolved"),
    ],
)
def test_normalise_against_a_day(text, direction, value, precision):
    t = normalise(text, WED, direction)
    assert (t.value, t.precision) == (value, precision)


def test_relative_values_say_they_came_from_the_article_date():
    assert normalise("Friday", WED).basis == "relative"
    assert normalise("December 2019", WED).basis == "text"


@pytest.mark.parametrize("text", ["June 18", "Friday", "last night", "three years ago"])
def test_no_anchor_no_guess(text):
    assert normalise(text).precision == "unresolved"


def test_a_year_anchor_cannot_place_a_day():
    assert normalise("Friday", (dt.date(2008, 1, 1), "year")).precision == "unresolved"
    assert normalise("June 18", (dt.date(2008, 1, 1), "year")).precision == "unresolved"
    assert normalise("March", (dt.date(2008, 1, 1), "year")).value == "2008-03"


def test_a_date_line_at_the_top_dates_an_undated_article():
    from graphkit.extract.time import article_anchor
    from graphkit.types import Article

    text = (
        "Airbus A380 test flight delayed after accident\nSeptember 01, 2007\nA test flight was delayed today."
    )
    assert article_anchor(Article(id="a", text=text)) == (dt.date(2007, 9, 1), "day")
    assert article_anchor(Article(id="a", text=text, date="2008-02")) == (dt.date(2008, 2, 1), "month")
    assert article_anchor(Article(id="a", text="No date here.\nJust text.")) is None


def test_the_date_before_a_comma_when_the_rest_is_not_a_date():
    assert normalise("November 11, three days later than planned", WED, "future").value == "2008-11-11"
