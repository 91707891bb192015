import datetime as dt

import pytest

from graphkit.extraction.time import normalise

ANCHOR = (dt.date(2020, 5, 13), "day")  # a Wednesday


@pytest.mark.parametrize(
    "text,anchor,value,precision",
    [
        ("December 2019", None, "2019-12", "month"),
        ("June 22, 2021", None, "2021-06-22", "day"),
        ("22 June 2021", None, "2021-06-22", "day"),
        ("1996", None, "1996", "year"),
        ("the 1990s", None, "199", "decade"),
        ("Sunday", ANCHOR, "2020-05-10", "day"),
        ("Sunday", None, None, "unresolved"),
        ("Sunday", (dt.date(2021, 1, 1), "year"), None, "unresolved"),
        ("yesterday", ANCHOR, "2020-05-12", "day"),
        ("more than two months ago", ANCHOR, "2020-03", "month"),
        ("last year", ANCHOR, "2019", "year"),
        ("early March", ANCHOR, "2020-03", "month"),
        ("early March", None, None, "unresolved"),
        ("recent weeks", ANCHOR, None, "unresolved"),
    ],
)
def test_normalise(text, anchor, value, precision):
    t = normalise(text, anchor)
    assert (t.value, t.precision) == (value, precision)
