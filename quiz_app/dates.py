"""Dates at the precision the author knows: a year, a month, a day, or a range of them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import IntEnum

from quiz_app.i18n import N_, _


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

_PART = re.compile(r"^(\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Dates written another way: 1957-3-25, 25/03/1957, 25.03.1957, 03/1957.
_UNPADDED = re.compile(r"^(\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{3,4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.](\d{3,4})$")
FORMAT_HINT = N_("use YYYY, YYYY-MM or YYYY-MM-DD (a range: START/END)")


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist. `fix` says
    how to write it, when that can be told."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.fix = fix


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    return "-".join([f"{year:04d}"] + [f"{part:02d}" for part in (month, day) if part is not None])


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _numbers(match: re.Match[str]) -> tuple[int, int | None, int | None]:
    """Year, month and day of a date pattern's match (the year is always there)."""
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _written_otherwise(text: str) -> DateError | None:
    """A date in another common form, with the way to write it here."""
    if (match := _DAY_FIRST.match(text)) and min(int(match[1]), int(match[2])) in range(1, 13):
        first, second, year = (int(part) for part in match.groups())
        if first > 12 or second > 12:
            day, month = (first, second) if first > 12 else (second, first)
            return DateError(
                _("{text!r} is not a date this format reads").format(text=text),
                _("write dates as YYYY-MM-DD: {date}").format(date=_iso(year, month, day)),
            )
        return DateError(
            _("{text!r} is not a date this format reads").format(text=text),
            _(
                "write dates as YYYY-MM-DD: {date} for day {day}, or {other} for day {other_day}"
            ).format(
                date=_iso(year, second, first),
                day=first,
                other=_iso(year, first, second),
                other_day=second,
            ),
        )
    if (match := _MONTH_YEAR.match(text)) and 1 <= int(match[1]) <= 12:
        month, year = int(match[1]), int(match[2])
        return DateError(
            _("{text!r} is not a date this format reads").format(text=text),
            _("write a month as YYYY-MM: {date}").format(date=_iso(year, month)),
        )
    if match := _UNPADDED.match(text):
        return DateError(
            _("malformed date {text!r}: months and days take two digits").format(text=text),
            _("did you mean {date}?").format(date=_iso(*_numbers(match))),
        )
    return None


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year, or a day: ordered by the earliest moment it covers."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _PART.match(text)
        if not match:
            raise _written_otherwise(text) or DateError(
                _("malformed date {text!r}").format(text=text), _(FORMAT_HINT)
            )
        year, month, day = _numbers(match)
        if year == 0:
            raise DateError(
                _("impossible date {text!r}: there is no year 0").format(text=text),
                _("years start at 1"),
            )
        if month is not None and not 1 <= month <= 12:
            swapped = day is not None and 1 <= day <= 12 and month <= _days_in(year, day)
            raise DateError(
                _("impossible date {text!r}: month {month} is not 1-12").format(
                    text=text, month=month
                ),
                _("the month comes second (YYYY-MM-DD): did you mean {date}?").format(
                    date=_iso(year, day, month)
                )
                if swapped
                else _("write the month as 01 to 12, second: YYYY-MM-DD"),
            )
        if day is not None and month is not None:  # the pattern has no day without a month
            last = _days_in(year, month)
            if not 1 <= day <= last:
                raise DateError(
                    _("impossible date {text!r}: month {month} of {year} has {last} days").format(
                        text=text, month=month, year=year, last=last
                    ),
                    _("check the day: the last of that month is {date}").format(
                        date=_iso(year, month, last)
                    ),
                )
        return cls(year, month, day)

    def iso(self) -> str:
        return _iso(self.year, self.month, self.day)

    def format(self, language: str) -> str:
        """Human form: '31 mars 2003' / '31 March 2003' (day first, as the decks' British
        English writes it), 'mars 2003', '2003'."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[language][self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        if language == "fr":
            day = "1er" if self.day == 1 else str(self.day)
            return f"{day} {month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def shifted(self, amount: int) -> PartialDate:
        """The date `amount` units later at the same precision (days clamp to the month)."""
        if self.month is None:
            return PartialDate(self.year + amount)
        months = self.year * 12 + (self.month - 1) + amount
        year, month = divmod(months, 12)
        if self.day is None:
            return PartialDate(year, month + 1)
        return PartialDate(year, month + 1, min(self.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class DateSpec:
    """What an item's `date:` says: one partial date, or a range of two at the same precision."""

    start: PartialDate
    end: PartialDate | None = None

    @property
    def precision(self) -> Precision:
        return self.start.precision

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return self.start.sort_key

    @classmethod
    def parse(cls, text: str) -> DateSpec:
        text = text.strip()
        if "/" not in text:
            return cls(PartialDate.parse(text))
        if (mistake := _written_otherwise(text)) is not None:
            raise mistake
        first, _slash, last = text.partition("/")
        start, end = PartialDate.parse(first.strip()), PartialDate.parse(last.strip())
        if start.precision != end.precision:
            raise DateError(
                _("range {text!r} mixes precisions").format(text=text),
                _(
                    "write both ends the same way: 1957/1958, 1957-03/1958-01 or "
                    "1957-03-25/1958-01-01"
                ),
            )
        if end.sort_key <= start.sort_key:
            raise DateError(
                _("range {text!r} does not end after it starts").format(text=text),
                _("put the earlier date first: {range}").format(range=f"{end.iso()}/{start.iso()}")
                if start.sort_key != end.sort_key
                else _("a range needs two different dates; for one date, write it alone"),
            )
        return cls(start, end)

    def iso(self) -> str:
        return self.start.iso() if self.end is None else f"{self.start.iso()}/{self.end.iso()}"

    def format(self, language: str) -> str:
        if self.end is None:
            return self.start.format(language)
        start, end, month = self.start, self.end, self.start.month
        if (
            start.precision == Precision.DAY
            and month is not None
            and (start.year, month) == (end.year, end.month)
        ):
            return f"{start.day}–{end.format(language)}"  # 12–13 mai 2016, 12–13 May 2016
        return f"{start.format(language)} – {end.format(language)}"

    def __str__(self) -> str:
        return self.iso()
