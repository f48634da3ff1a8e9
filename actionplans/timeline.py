"""The due date in an action's timeline, as officers write it.

"31/03/15" → 31 March 2015; "start 31/01/15 end 10/04/15" and "29/01/15-09/04/15" → the end of
the range; "31 March 2015" and "March 2015" (the month's last day) also work. "Ongoing",
"Monthly", "TBC" and anything else give no date: the timeline is kept as written either way.
"""

import calendar
import datetime
import re

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?!\d)")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_WORDY = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})")


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def _dates(text: str) -> list[datetime.date]:
    found: list[tuple[int, datetime.date]] = []
    for match in _NUMERIC.finditer(text):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
        try:
            found.append((match.start(), datetime.date(year, month, day)))
        except ValueError:
            continue
    for match in _WORDY.finditer(text):
        month = _MONTHS.get(match[2].lower())
        if not month:
            continue
        year = int(match[3])
        day = int(match[1]) if match[1] else calendar.monthrange(year, month)[1]
        try:
            found.append((match.start(), datetime.date(year, month, day)))
        except ValueError:
            continue
    return [date for _, date in sorted(found, key=lambda pair: pair[0])]


def parse_due_date(timeline: str) -> datetime.date | None:
    """The date an action is due by: the only date, or the last date of a range."""
    dates = _dates(timeline or "")
    if not dates:
        return None
    return dates[-1]


def format_date_cell(value: datetime.date) -> str:
    """How a date typed into a spreadsheet cell is kept as timeline text: 31/03/15."""
    return f"{value:%d/%m/%y}"
