"""Statutory timing of agendas (Local Government Act 1972 s.100A(6), s.100B(3) and (4)).

*Clear days* exclude the day of publication, the day of the meeting, weekends and bank holidays
(those of settings.BANK_HOLIDAY_COUNTRY / BANK_HOLIDAY_REGION, from the `holidays` package).
"""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=64)
def _bank_holidays(country: str, region: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays(country, subdiv=region or None, years=year).keys())


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(settings.BANK_HOLIDAY_COUNTRY, settings.BANK_HOLIDAY_REGION, day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def clear_days(issued_on: datetime.date, meeting_on: datetime.date) -> int:
    """Working days strictly between the day of issue and the day of the meeting (negative when
    issued after the meeting day)."""
    if issued_on >= meeting_on:
        return -1 if issued_on > meeting_on else 0
    count = 0
    day = issued_on + datetime.timedelta(days=1)
    while day < meeting_on:
        if is_working_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count


def required_clear_days() -> int:
    return settings.AGENDA_CLEAR_DAYS


def latest_issue_date(meeting_on: datetime.date, days: int | None = None) -> datetime.date:
    """The last day an agenda can be issued with `days` (default 5) clear days before the meeting."""
    days = required_clear_days() if days is None else days
    day = meeting_on - datetime.timedelta(days=1)
    counted = 0
    while counted < days:
        if is_working_day(day):
            counted += 1
        day -= datetime.timedelta(days=1)
    return day


def is_in_time(issued_on: datetime.date, meeting_on: datetime.date) -> bool:
    return clear_days(issued_on, meeting_on) >= required_clear_days()
