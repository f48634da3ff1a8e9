import datetime

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from meetings.demo.agendas import load
from meetings.minutes.models import Decision, Minute
from meetings.models import Committee, Meeting
from meetings.packs.printing import minutes_print_context, terms_and_work_programme_print_context


def test_demo_minutes_print_like_the_seed(db, councillor_user):
    load()
    load()  # idempotent
    june = Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2018, 6, 26))
    assert list(Minute.objects.filter(meeting=june).values_list("reference", flat=True)) == [
        f"CYP/OSG/18/{n}" for n in range(15, 21)
    ]
    html = render_to_string("meetings/print/minutes.html", minutes_print_context(june, AnonymousUser()))
    assert "Councillors Hewitson, T Judge [CYP/OSG/18/15 - CYP/OSG/18/18] and Stone" in html
    assert "Councillor Y Dar, Ward Councillor for Moston" in html
    assert "Action Plan for St Matthew’s High School (Public Excluded)" in html
    # The seed publishes CYP/OSG/18/17, an item taken in private, with its narrative: a public summary.
    assert "main points and themes" in html
    assert "NOT FOR PUBLICATION" not in html
    assert "main points and themes" in render_to_string(
        "meetings/print/minutes.html", minutes_print_context(june, councillor_user)
    )
    jan_2015 = Meeting.objects.get(committee__slug="ofsted-subgroup", start__date=datetime.date(2015, 1, 20))
    assert Minute.objects.filter(meeting=jan_2015).first().reference == "YPC/OSG/15/01"
    assert Decision.objects.filter(minute__meeting=jan_2015).count() == 9
    subgroup = Committee.objects.get(slug="ofsted-subgroup")
    ctx = terms_and_work_programme_print_context(subgroup, AnonymousUser(), on=datetime.date(2018, 10, 1))
    text = render_to_string("meetings/print/terms_and_work_programme.html", ctx)
    assert "Tuesday 29 January 2019 at 10 a.m. (Report deadline Friday 18 January 2019)" in text
    assert "Rachel McKeon - Scrutiny Support" in text
    assert ctx["programme"][0].items[1].agenda_item.number == 5
