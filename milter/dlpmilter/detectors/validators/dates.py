"""Calendar dates written the ways people write them, for DATE_OF_BIRTH."""

from __future__ import annotations

import datetime

import regex

#: Earliest year a living person's birth date can plausibly have.
EARLIEST_YEAR = 1900

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_NUMERIC = regex.compile(r"([0-9]{1,4})[-/. ]([0-9]{1,2})[-/. ]([0-9]{2,4})")
_DAY_MONTH = regex.compile(
    r"([0-9]{1,2})(?:st|nd|rd|th)?[-/. ]*(?:of +)?([A-Za-z]{3,9})\.?[-/., ]*([0-9]{2,4})"
)
_MONTH_DAY = regex.compile(
    r"([A-Za-z]{3,9})\.?[-/. ]*([0-9]{1,2})(?:st|nd|rd|th)?[-/., ]*([0-9]{2,4})"
)


def _year(text: str, today: datetime.date) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        short = int(text)
        return 2000 + short if short <= today.year % 100 else 1900 + short
    return None


def _month(name: str) -> int | None:
    name = name.lower()
    if name in _MONTHS:
        return _MONTHS[name]
    full = {"january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december"}  # fmt: skip
    return _MONTHS.get(name[:3]) if name in full else None


def _plausible(year: int | None, month: int | None, day: int, today: datetime.date) -> bool:
    if year is None or month is None:
        return False
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(EARLIEST_YEAR, 1, 1) <= date <= today


def _numeric(match: regex.Match[str], today: datetime.date) -> bool:
    a, b, c = match.groups()
    if len(a) == 4:  # ISO: year-month-day
        return _plausible(int(a), int(b), int(c), today)
    if len(a) > 2:
        return False
    year = _year(c, today)
    # US month/day/year first, then day/month/year.
    return _plausible(year, int(a), int(b), today) or _plausible(year, int(b), int(a), today)


def birth_date(value: str, *, today: datetime.date | None = None) -> bool:
    """Whether ``value`` is a real calendar date between 1900 and today.

    Accepts ``03/14/1962``, ``3-14-62``, ``14.03.1962``, ``1962-03-14``, ``1962/03/14``,
    ``14 Mar 1962``, ``14-Mar-1962``, ``14th of March 1962`` and ``March 14, 1962``.
    """
    today = today or datetime.date.today()
    value = value.strip()
    match = _NUMERIC.fullmatch(value)
    if match is not None:
        return _numeric(match, today)
    match = _DAY_MONTH.fullmatch(value)
    if match is not None:
        day, month, year = match.groups()
        return _plausible(_year(year, today), _month(month), int(day), today)
    match = _MONTH_DAY.fullmatch(value)
    if match is not None:
        month, day, year = match.groups()
        return _plausible(_year(year, today), _month(month), int(day), today)
    return False
