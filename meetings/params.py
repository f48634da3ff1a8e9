"""Reading query parameters of public pages: bad input is ignored or refused, never a 5xx.

Every public view that reads ``request.GET`` goes through these. A value that is too long,
holds a NUL or other control character, or is not what it should be (ASCII digits only: Python's
``str.isdigit()`` and ``int()`` accept superscripts and other scripts' digits; dates within
:data:`MIN_YEAR`–:data:`MAX_YEAR`) reads as missing (``default``/``None``), so the page shows
unfiltered results or a form error instead of a database error.
"""

import datetime
import re

MAX_TEXT = 200
MIN_YEAR, MAX_YEAR = 1900, 2200  # wider than any meeting, narrower than any database's dates
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value, *, max_length: int = MAX_TEXT, default: str = "") -> str:
    """``value`` stripped, or ``default`` if it is not a string, too long or holds control characters."""
    if not isinstance(value, str) or len(value) > max_length or _CONTROL.search(value):
        return default
    return value.strip()


def text(params, name: str, *, max_length: int = MAX_TEXT, default: str = "") -> str:
    return clean_text(params.get(name, default), max_length=max_length, default=default)


def choice(params, name: str, choices, *, default: str = "") -> str:
    """The parameter if it is one of ``choices``, else ``default``."""
    value = text(params, name, default=default)
    return value if value in choices else default


def parse_int(value, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    """An integer written in ASCII digits within the bounds, or None."""
    if not isinstance(value, str) or not _INTEGER.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def integer(params, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    return parse_int(params.get(name), minimum=minimum, maximum=maximum)


def year(params, name: str = "year") -> int | None:
    return integer(params, name, minimum=MIN_YEAR, maximum=MAX_YEAR)


def parse_date(value) -> datetime.date | None:
    """A date written YYYY-MM-DD (ASCII digits) in a sensible range, or None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        return None
    y, m, d = (int(part) for part in match.groups())
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def date(params, name: str) -> datetime.date | None:
    return parse_date(params.get(name))


def make_date(day, month, year_) -> datetime.date | None:
    """A date from three fields (day, month, year) of ASCII digits, or None."""
    d = parse_int(day, minimum=1, maximum=31)
    m = parse_int(month, minimum=1, maximum=12)
    y = parse_int(year_, minimum=MIN_YEAR, maximum=MAX_YEAR)
    if d is None or m is None or y is None:
        return None
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None
