"""Municipal years run from May to May: a date in May 2018 to April 2019 is in "2018/19"."""

import datetime

MUNICIPAL_YEAR_START_MONTH = 5


def municipal_year_start(on: datetime.date) -> int:
    """The calendar year in which the municipal year containing `on` began."""
    return on.year if on.month >= MUNICIPAL_YEAR_START_MONTH else on.year - 1


def municipal_year_label(on: datetime.date) -> str:
    start = municipal_year_start(on)
    return f"{start}/{(start + 1) % 100:02d}"


def municipal_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the municipal year that starts in May of `start_year`."""
    return (
        datetime.date(start_year, MUNICIPAL_YEAR_START_MONTH, 1),
        datetime.date(start_year + 1, MUNICIPAL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1),
    )
