from __future__ import annotations

import pytest

from quiz_app.dates import DateError, DateSpec, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "fr", "en"),
    [
        ("2003", Precision.YEAR, "2003", "2003"),
        ("2003-03", Precision.MONTH, "mars 2003", "March 2003"),
        ("2003-03-31", Precision.DAY, "31 mars 2003", "31 March 2003"),
        ("2001-05-01", Precision.DAY, "1er mai 2001", "1 May 2001"),
        ("2006/2010", Precision.YEAR, "2006 – 2010", "2006 – 2010"),
        ("2016-05-12/2016-05-13", Precision.DAY, "12–13 mai 2016", "12–13 May 2016"),
    ],
)
def test_parse_and_format(text: str, precision: Precision, fr: str, en: str) -> None:
    spec = DateSpec.parse(text)
    assert spec.precision == precision
    assert (spec.format("fr"), spec.format("en"), spec.iso()) == (fr, en, text)


@pytest.mark.parametrize(
    "text",
    [
        "2003-02-30",
        "2003-13",
        "2003-00-10",
        "03/2003",
        "2003-3-1",
        "2010/2006",
        "2003/2003-05",
        "",
        "year",
    ],
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(DateError):
        DateSpec.parse(text)


def test_leap_day() -> None:
    assert DateSpec.parse("2004-02-29").start == PartialDate(2004, 2, 29)
    with pytest.raises(DateError):
        DateSpec.parse("2003-02-29")


def test_order_and_shift() -> None:
    assert (
        PartialDate(2003).sort_key
        < PartialDate(2003, 1).sort_key
        < PartialDate(2003, 1, 2).sort_key
    )
    assert PartialDate(2003, 12).shifted(1) == PartialDate(2004, 1)
    assert PartialDate(2003, 3, 31).shifted(-1) == PartialDate(2003, 2, 28)
    assert PartialDate(2003).shifted(-3) == PartialDate(2000)
