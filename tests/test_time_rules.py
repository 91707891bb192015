"""Time normalisation beyond the basics of test_time.py: dates without a year, the tense's
direction, lead words, expressions that must stay unresolved. No model needed."""

import datetime as dt

import pytest

from graphkit.extraction.time import normalise

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
    from graphkit.extraction.time import article_anchor
    from graphkit.types import Article

    text = "Kabul airport reopens after rocket fire\nSeptember 01, 2007\nFlights resumed today."
    assert article_anchor(Article(id="a", text=text)) == (dt.date(2007, 9, 1), "day")
    assert article_anchor(Article(id="a", text=text, date="2008-02")) == (dt.date(2008, 2, 1), "month")
    assert article_anchor(Article(id="a", text="No date here.\nJust text.")) is None


def test_the_date_before_a_comma_when_the_rest_is_not_a_date():
    assert normalise("November 11, two days later than expected", WED, "future").value == "2008-11-11"


# --------------------------------------------------------------------------- event dates (real model)


def dated(x, trigger):
    [e] = [e for e in x.events if e.trigger.text == trigger]
    return (e.type, e.time.value if e.time else None, e.time.basis if e.time else None)


@pytest.mark.model
def test_a_verb_the_text_dates_is_an_event_of_its_own(extract_text):
    """Light, aspectual and stative verbs are not events, unless the text gives them a calendar date."""
    x = extract_text("Sales of the newly launched tablet began Tuesday.", "2010-06-16")
    assert dated(x, "began") == ("other", "2010-06-15", "relative")
    x = extract_text("Karzai, born in Kandahar on December 24, 1957, led the country.", "2011-10-06")
    assert dated(x, "born") == ("other", "1957-12-24", "text")
    x = extract_text("The new banknotes will be available from July 20.", "2009-06-09")
    assert dated(x, "be") == ("other", "2009-07-20", "relative")
    # not without a date, not a copula with a noun predicate, not a date written into a noun
    x = extract_text("The announcement came as a surprise. It was a milestone on Monday.", "2007-10-17")
    assert not [e for e in x.events if e.trigger.text in ("came", "was")]
    x = extract_text("Rahimi keeps a worn copy of Afghanistan’s 2004 constitution.", "2017-07-28")
    assert not [e for e in x.events if e.trigger.text == "keeps"]


@pytest.mark.model
def test_an_infinitival_relative_looks_ahead(extract_text):
    x = extract_text(
        "The ministry announced today another peace conference to be held on November 19.", "2005-10-04"
    )
    assert dated(x, "held")[1] == "2005-11-19"


@pytest.mark.model
def test_what_something_can_do_holds_when_the_article_says_it(extract_text):
    x = extract_text("The new drone can fly for 1,100 kilometres.", "2005-02-17")
    assert dated(x, "fly") == ("travel", "2005-02-17", "publication")
    x = extract_text("The new drone could fly for 1,100 kilometres.", "2005-02-17")
    assert dated(x, "fly")[1] is None


@pytest.mark.model
def test_a_scheduled_event_takes_the_date_it_is_set_for(extract_text):
    x = extract_text("The trial of the three guards is set to open on Thursday in Kabul.", "2006-03-28")
    assert dated(x, "trial")[1] == "2006-03-30"


@pytest.mark.model
def test_verbs_the_tagger_calls_nouns_and_actors_in_by_phrases(extract_text):
    x = extract_text(
        "The Antonov An-225 , the heaviest cargo plane in service , was set to land in the Republic of "
        "Tajikistan on Monday after a test flight .",
        "2007-03-19",
    )
    assert dated(x, "land") == ("travel", "2007-03-19", "relative")
    x = extract_text("The delegation was greeted by Governor Gul Agha Sherzai.", "2007-10-17")
    assert dated(x, "greeted") == ("other", "2007-10-17", "publication")
    # a verb listed for another sense ("operate on a patient") can still be an actor's act
    x = extract_text("Safi Airways already operates an all-Boeing fleet.", "2007-06-09")
    assert dated(x, "operates") == ("other", "2007-06-09", "publication")


@pytest.mark.model
def test_what_a_claim_reports_in_the_present_or_past_holds_at_the_report(extract_text):
    x = extract_text("The ministry claims that the militia sells opium across the border.", "2019-03-05")
    [sells] = [e for e in x.events if e.trigger.text == "sells"]
    assert sells.factuality == "uncertain" and (sells.time.value, sells.time.basis) == (
        "2019-03-05",
        "publication",
    )
    x = extract_text("The ministry says the militia may sell opium across the border.", "2019-03-05")
    assert dated(x, "sell")[1] is None  # a modal's possibility has no date
