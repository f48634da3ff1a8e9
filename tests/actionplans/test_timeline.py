import datetime

import pytest

from actionplans.timeline import parse_due_date


@pytest.mark.parametrize(
    "timeline, due",
    [
        ("31/03/15", datetime.date(2015, 3, 31)),
        ("31/03/2015", datetime.date(2015, 3, 31)),
        ("start 31/01/15 end 10/04/15", datetime.date(2015, 4, 10)),
        ("Start 31/01/15, End 10/04/15", datetime.date(2015, 4, 10)),
        ("29/01/15-09/04/15", datetime.date(2015, 4, 9)),
        ("29/01/15 - 09/04/15", datetime.date(2015, 4, 9)),
        ("31 March 2015", datetime.date(2015, 3, 31)),
        ("April 2015", datetime.date(2015, 4, 30)),
        ("Ongoing", None),
        ("Monthly", None),
        ("TBC", None),
        ("", None),
        ("31/02/15", None),  # no such day: kept as written, no due date
    ],
)
def test_due_date_from_timeline_as_written(timeline, due):
    assert parse_due_date(timeline) == due
