"""Once a meeting's minutes are approved, the meeting (date, time, venue,
status), its agenda items (number, title, exemption) and its papers are final through every
door: the admin change forms, the admin inlines, the services and a plain model save.
Point 12: deleting draft minutes deletes their minutes and decisions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings.agendas import services as agenda_services
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.minutes import services
from meetings.minutes.models import Decision, MeetingMinutes, Minute

from ..builders import make_minute, upload
from ..factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

FINAL = "approved as a correct record"


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def final(db):
    committee = CommitteeFactory()
    june = MeetingFactory(committee=committee, start=at(2018, 6, 26), venue="Room 600")
    october = MeetingFactory(committee=committee, start=at(2018, 10, 2))
    item = AgendaItemFactory(meeting=june, number=1, title="Daycare providers")
    paper = upload(item, title="Daycare report")
    minute = make_minute(june, title="Daycare providers", item=item)
    services.decision_create(minute=minute, text="To write to the nurseries.")
    services.minutes_publish(minutes=services.minutes_get_or_create(meeting=june))
    services.minutes_approve(minutes=june.minutes, at=october)
    return june, item, paper


def admin_post_data(page) -> dict:
    """What the browser would send back for an admin change page, unchanged."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(getattr(value, "pk", value))

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for form in formset.initial_forms:
            add(form)
    return data


def snapshot(june, item, paper):
    june.refresh_from_db()
    item.refresh_from_db()
    paper.refresh_from_db()
    return (
        june.start,
        june.venue,
        june.status,
        june.agenda_issued_on,
        item.number,
        item.title,
        item.exempt,
        paper.title,
        paper.exempt,
        paper.file.name,
        june.items.count(),
        Paper.objects.filter(item=item).count(),
    )


# --- model save and delete -----------------------------------------------------------------------


def test_model_save_refuses_changes_to_the_meeting_items_and_papers(final):
    june, item, paper = final
    before = snapshot(june, item, paper)
    for obj, field, value in [
        (june, "venue", "Somewhere else"),
        (june, "start", at(2018, 6, 27)),
        (june, "status", "cancelled"),
        (item, "title", "Renamed"),
        (item, "number", 9),
        (paper, "title", "Renamed"),
        (paper, "exempt", True),
    ]:
        setattr(obj, field, value)
        with pytest.raises(ValidationError, match=FINAL):
            obj.save()
        obj.refresh_from_db()
    with pytest.raises(ValidationError, match=FINAL):
        AgendaItem.objects.create(meeting=june, number=2, title="Late item")
    with pytest.raises(ValidationError, match=FINAL):
        item.exempt, item.exempt_paragraph = True, 1
        item.full_clean()
    item.refresh_from_db()
    for obj in (paper, item, june):
        with pytest.raises(ValidationError, match=FINAL):
            obj.delete()
    assert snapshot(june, item, paper) == before


def test_what_the_rule_does_not_cover_still_changes(final):
    june, item, paper = final
    june.status_note = "Webcast available."
    june.save()
    item.purpose = "To note the report."
    item.save()
    Paper.objects.filter(pk=paper.pk).update(page_count=3)
    paper.refresh_from_db()
    agenda_services.paper_rendered_size_set(paper=paper, page_count=4, size_bytes=1000)
    assert Meeting.objects.get(pk=june.pk).status_note == "Webcast available."


def test_moving_an_item_or_paper_out_of_or_into_final_minutes_is_refused(final):
    june, item, paper = final
    other = AgendaItemFactory(meeting=MeetingFactory(committee=june.committee), number=1)
    paper.item = other
    with pytest.raises(ValidationError, match=FINAL):
        paper.save()
    late = Paper(item=other, title="Late", report=None, file=paper.file.name)
    late.save()  # another meeting: fine
    late.item = item
    with pytest.raises(ValidationError, match=FINAL):
        late.save()


# --- services --------------------------------------------------------------------------------


def test_services_refuse(final):
    june, item, paper = final
    before = snapshot(june, item, paper)
    with pytest.raises(ValidationError, match=FINAL):
        agenda_services.meeting_unpublish(meeting=june)
    with pytest.raises(ValidationError, match=FINAL):
        upload(item, title="Late paper")
    june.refresh_from_db()
    assert snapshot(june, item, paper) == before


# --- the admin -----------------------------------------------------------------------------------


def test_admin_meeting_change_form_and_agenda_item_inline(officer_client, final):
    june, item, paper = final
    before = snapshot(june, item, paper)
    url = reverse("admin:meetings_meeting_change", args=[june.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for name in ("committee", "start", "end", "venue", "status", "agenda_issued_on"):
        assert name not in form.fields  # shown read-only
    items = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is AgendaItem)
    assert items.has_add_permission is False and items.has_delete_permission is False
    assert {"number", "title", "exempt", "exempt_paragraph"} <= set(items.readonly_fields)
    data = admin_post_data(page)
    data.update(
        {
            "venue": "Somewhere else",
            "status": "cancelled",
            "items-0-title": "Renamed",
            "items-0-number": "7",
            "items-0-DELETE": "on",
        }
    )
    # An extra agenda item sent anyway is ignored.
    data.update(
        {
            "items-TOTAL_FORMS": "2",
            "items-1-number": "2",
            "items-1-title": "Late item",
            "items-1-kind": "report",
            "items-1-meeting": str(june.pk),
        }
    )
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert snapshot(june, item, paper) == before
    assert (
        officer_client.post(reverse("admin:meetings_meeting_delete", args=[june.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_admin_agenda_item_form_paper_inline_and_paper_form(officer_client, final):
    june, item, paper = final
    before = snapshot(june, item, paper)
    url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
    page = officer_client.get(url)
    papers = page.context["inline_admin_formsets"][0]
    assert papers.has_add_permission is False and papers.has_delete_permission is False
    data = admin_post_data(page)
    data.update({"title": "Renamed", "exempt": "on", "exempt_paragraph": "1", "papers-0-title": "Renamed"})
    assert officer_client.post(url, data).status_code == 302
    assert snapshot(june, item, paper) == before

    url = reverse("admin:meetings_paper_change", args=[paper.pk])
    page = officer_client.get(url)
    assert "title" not in page.context["adminform"].form.fields
    data = admin_post_data(page)
    data["title"] = "Renamed"
    officer_client.post(url, data)
    assert snapshot(june, item, paper) == before
    assert (
        officer_client.post(reverse("admin:meetings_paper_delete", args=[paper.pk]), {"post": "yes"}).status_code == 403
    )
    response = officer_client.post(
        reverse("admin:meetings_agendaitem_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert response.status_code in (200, 302, 403)


def test_admin_add_form_refuses_an_item_for_a_meeting_with_final_minutes(officer_client, final):
    june, item, paper = final
    response = officer_client.post(
        reverse("admin:meetings_agendaitem_add"),
        {
            "meeting": june.pk,
            "number": 5,
            "title": "Late item",
            "kind": "report",
            "papers-TOTAL_FORMS": "0",
            "papers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert FINAL in response.text
    assert not AgendaItem.objects.filter(title="Late item").exists()


# --- point 12: deleting draft minutes takes their minutes and decisions with them -------------


def test_deleting_draft_minutes_deletes_their_minutes_and_decisions(officer_client, db):
    meeting = MeetingFactory(start=at(2018, 6, 26))
    minute = make_minute(meeting, title="Daycare providers")
    services.decision_create(minute=minute, text="To write to the nurseries.")
    other = make_minute(MeetingFactory(start=at(2018, 7, 26)), title="Kept")
    minutes = MeetingMinutes.objects.get(meeting=meeting)
    response = officer_client.post(reverse("admin:meetings_meetingminutes_delete", args=[minutes.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Minute.objects.filter(meeting=meeting).exists()
    assert not Decision.objects.filter(minute__meeting=meeting).exists()
    assert Minute.objects.filter(pk=other.pk).exists()

    # The bulk action too.
    minute = make_minute(meeting, title="Again")
    services.decision_create(minute=minute, text="Again.")
    minutes = MeetingMinutes.objects.get(meeting=meeting)
    officer_client.post(
        reverse("admin:meetings_meetingminutes_changelist"),
        {"action": "delete_selected", "_selected_action": [minutes.pk], "post": "yes"},
    )
    assert not MeetingMinutes.objects.filter(meeting=meeting).exists()
    assert not Minute.objects.filter(meeting=meeting).exists() and not Decision.objects.filter(text="Again.").exists()
