import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.alerts import services as alerts
from meetings.models import AlertDelivery, AlertSubscription, Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

CONFIRM_RE = re.compile(r"http://testserver(/alerts/confirm/[^/\s]+/)")


def subscribe(client, **data):
    return client.post(reverse("meetings:alert-subscribe"), data)


def confirm_path_from_outbox() -> str:
    return CONFIRM_RE.search(mail.outbox[-1].body).group(1)


def unsubscribe_path(message) -> str:
    return re.search(r"http://[^/\s]+(/alerts/unsubscribe/[^/\s]+/)", message.body).group(1)


def confirmed(email="resident@example.com", **topic) -> AlertSubscription:
    """A subscription confirmed last week, before the agendas in `world` were issued."""
    subscription = alerts.alert_subscription_confirm(email=email, **topic)
    subscription.confirmed_at -= datetime.timedelta(days=7)
    subscription.save()
    return subscription


# Subscribing: double opt-in ------------------------------------------------------------------


def test_subscribe_sends_confirmation_and_stores_nothing_until_confirmed(client, world):
    response = subscribe(client, email="Resident@Example.com", topic="committee", committee="ofsted-subgroup")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "resident@example.com" in page.content.decode()
    assert AlertSubscription.objects.count() == 0
    [message] = mail.outbox
    assert message.to == ["resident@example.com"]
    assert message.subject == "Confirm your email alerts for Ofsted Subgroup"

    path = confirm_path_from_outbox()
    page = client.get(path)
    assert page.status_code == 200
    assert "Ofsted Subgroup" in page.content.decode()
    assert AlertSubscription.objects.count() == 0  # following the link only shows the button

    done = client.post(path)
    assert done.status_code == 200
    assert "Your email alerts are set up" in done.content.decode()
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.committee, subscription.keyword) == (
        "resident@example.com",
        world.committee,
        "",
    )
    client.post(path)  # confirming twice changes nothing
    assert AlertSubscription.objects.count() == 1


def test_keyword_subscription_is_confirmed_the_same_way(client, world):
    subscribe(client, email="a@example.com", topic="keyword", keyword="  Harpurhey   Schools ")
    client.post(confirm_path_from_outbox())
    subscription = AlertSubscription.objects.get()
    assert subscription.keyword == "harpurhey schools"
    assert subscription.committee is None


def test_tampered_or_expired_confirmation_link_subscribes_no_one(client, world, monkeypatch):
    subscribe(client, email="a@example.com", topic="committee", committee="ofsted-subgroup")
    path = confirm_path_from_outbox()
    tampered = path.replace("/confirm/", "/confirm/x")
    assert client.get(tampered).status_code == 404
    assert client.post(tampered).status_code == 404
    monkeypatch.setattr(alerts, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    expired = client.post(path)
    assert expired.status_code == 404
    assert "This link does not work" in expired.content.decode()
    assert AlertSubscription.objects.count() == 0


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"topic": "committee", "committee": "ofsted-subgroup"}, "email", "Enter your email address"),
        (
            {"email": "not-an-email", "topic": "committee", "committee": "ofsted-subgroup"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"email": "a@example.com"}, "topic", "Select whether to follow a committee or a word or phrase"),
        ({"email": "a@example.com", "topic": "committee"}, "committee", "Select a committee"),
        (
            {"email": "a@example.com", "topic": "keyword", "keyword": "ab"},
            "keyword",
            "Enter a word or phrase of at least 3 letters",
        ),
    ],
)
def test_subscribe_form_names_what_is_wrong_and_sends_nothing(client, world, data, field, message):
    response = subscribe(client, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert response.context["form"].errors[field] == [message]
    assert mail.outbox == []


def test_subscribe_page_preselects_committee_from_link(client, world):
    html = client.get(reverse("meetings:alert-subscribe") + "?committee=ofsted-subgroup").content.decode()
    assert 'value="committee" checked' in html
    assert '<option value="ofsted-subgroup" selected>' in html


# Sending -------------------------------------------------------------------------------------


def test_committee_subscriber_is_emailed_once_when_agenda_issued(world):
    subscription = confirmed(committee=world.committee)
    assert alerts.send_alerts(base_url="https://council.example") == 1
    [message] = mail.outbox
    assert message.to == ["resident@example.com"]
    assert message.subject.startswith("Agenda: Ofsted Subgroup, ")
    assert "https://council.example" + world.published.get_absolute_url() in message.body
    assert "1. Ofsted inspection of Harpurhey schools" in message.body
    assert "2. Children's home contract (exempt)" in message.body
    # One-click unsubscribe: link in the body (text and HTML) and the List-Unsubscribe headers.
    url = alerts.unsubscribe_url(subscription, "https://council.example")
    assert url in message.body
    assert url in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AlertDelivery.objects.filter(subscription=subscription, object_id=world.published.pk).count() == 1

    assert alerts.send_alerts(base_url="https://council.example") == 0
    assert len(mail.outbox) == 1


def test_send_alerts_command_never_sends_the_same_alert_twice(world):
    confirmed(committee=world.committee)
    confirmed(email="other@example.com", keyword="harpurhey")
    call_command("send_alerts", "--base-url", "https://council.example")
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.com", "resident@example.com"]
    call_command("send_alerts")
    call_command("send_alerts")
    assert len(mail.outbox) == 2

    # A newly issued agenda is sent; the old one is not sent again.
    newer = MeetingFactory(committee=world.committee, agenda_issued_on=timezone.localdate())
    AgendaItemFactory(meeting=newer, title="Harpurhey follow-up")
    call_command("send_alerts")
    assert len(mail.outbox) == 4
    assert all(
        newer.get_absolute_url() in m.body and world.published.get_absolute_url() not in m.body for m in mail.outbox[2:]
    )


def test_delivery_record_is_unique_in_the_database(world):
    subscription = confirmed(committee=world.committee)
    AlertDelivery.objects.create(subscription=subscription, kind="agenda", object_id=world.published.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        AlertDelivery.objects.create(subscription=subscription, kind="agenda", object_id=world.published.pk)


def test_a_run_that_finds_the_alert_already_recorded_does_not_send_it(world, monkeypatch):
    """Two overlapping runs: the second one's insert hits the unique constraint and sends nothing."""
    subscription = confirmed(committee=world.committee)
    real_bulk_create = AlertDelivery.objects.bulk_create

    def other_run_got_there_first(objs, *args, **kwargs):
        AlertDelivery.objects.create(subscription=subscription, kind="agenda", object_id=world.published.pk)
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(AlertDelivery.objects, "bulk_create", other_run_got_there_first)
    assert alerts.send_alerts() == 0
    assert mail.outbox == []


def test_failed_send_is_not_recorded_and_is_retried(world, monkeypatch):
    confirmed(committee=world.committee)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(alerts.EmailMultiAlternatives, "send", broken)
    assert alerts.send_alerts() == 0
    assert AlertDelivery.objects.count() == 0
    monkeypatch.undo()
    assert alerts.send_alerts() == 1
    assert len(mail.outbox) == 1


def test_keyword_matches_public_agenda_text_but_never_drafts_or_exempt_papers(world):
    confirmed(email="kw1@example.com", keyword="harpurhey")  # item title and open paper title
    confirmed(email="kw2@example.com", keyword="zanzibarquux")  # only in a draft meeting
    confirmed(email="kw3@example.com", keyword="quuxconfidential")  # only in an exempt paper's title
    confirmed(email="kw4@example.com", keyword="draftvenue")  # only in a draft meeting's venue
    confirmed(email="kw5@example.com", keyword="school")  # start of a word: "schools"
    confirmed(email="kw6@example.com", keyword="hool")  # not the start of a word
    alerts.send_alerts()
    assert sorted(m.to[0] for m in mail.outbox) == ["kw1@example.com", "kw5@example.com"]
    for message in mail.outbox:
        for secret in ("Zanzibarquux", "Quuxconfidential", "Draftvenue", "Draftpaper"):
            assert secret not in message.body


def test_draft_meeting_is_alerted_only_once_its_agenda_is_issued(world):
    confirmed(committee=world.committee)
    alerts.send_alerts()
    assert all(world.draft.get_absolute_url() not in m.body for m in mail.outbox)
    Meeting.objects.filter(pk=world.draft.pk).update(agenda_issued_on=timezone.localdate())
    alerts.send_alerts()
    assert world.draft.get_absolute_url() in mail.outbox[-1].body
    assert len(mail.outbox) == 2


def test_agendas_issued_before_the_subscription_are_not_sent(world):
    subscription = confirmed(committee=world.committee)
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert alerts.send_alerts() == 0


def test_other_committees_agendas_are_not_sent(world):
    confirmed(committee=world.other_committee)
    assert alerts.send_alerts() == 0


# Unsubscribing -------------------------------------------------------------------------------


def test_unsubscribe_link_shows_a_button_that_stops_alerts(client, world):
    confirmed(committee=world.committee)
    alerts.send_alerts(base_url="http://testserver")
    path = unsubscribe_path(mail.outbox[0])
    page = client.get(path)  # following the link (or a mail scanner doing so) changes nothing
    assert page.status_code == 200
    assert "Ofsted Subgroup" in page.content.decode() and '<form method="post">' in page.content.decode()
    assert AlertSubscription.objects.count() == 1
    response = client.post(path)
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert "Ofsted Subgroup" in response.content.decode()
    assert AlertSubscription.objects.count() == 0
    again = client.get(path)
    assert "already unsubscribed" in again.content.decode()
    MeetingFactory(committee=world.committee, agenda_issued_on=timezone.localdate())
    assert alerts.send_alerts() == 0


def test_list_unsubscribe_post_works_without_csrf_token(world):
    from django.test import Client

    subscription = confirmed(keyword="harpurhey")
    url = alerts.unsubscribe_url(subscription, "http://testserver").removeprefix("http://testserver")
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()


def test_forged_unsubscribe_link_removes_nothing(client, world):
    subscription = confirmed(keyword="harpurhey")
    url = alerts.unsubscribe_url(subscription, "http://testserver").removeprefix("http://testserver")
    assert client.get(url.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404
    other = confirmed(email="other@example.com", keyword="harpurhey")
    assert client.get(f"/alerts/unsubscribe/{other.pk}/").status_code == 404
    assert AlertSubscription.objects.count() == 2


# Minutes -------------------------------------------------------------------------------------


def test_minutes_are_alerted_to_committee_subscribers_once(minutes_world):
    confirmed(committee=minutes_world.meeting.committee)
    alerts.send_alerts(base_url="http://testserver")
    minutes_mail = [m for m in mail.outbox if minutes_world.minutes.get_absolute_url() in m.body]
    assert len(minutes_mail) == 1
    body = minutes_mail[0].body
    assert f"{minutes_world.open_minute.reference} Wibblefrotz school improvement" in body
    assert "(draft, subject to approval)" in body
    assert "List-Unsubscribe" in minutes_mail[0].extra_headers
    count = len(mail.outbox)
    alerts.send_alerts(base_url="http://testserver")
    assert len(mail.outbox) == count
    assert AlertDelivery.objects.filter(kind="minutes", object_id=minutes_world.minutes.pk).count() == 1


def test_minutes_keyword_alerts_match_public_text_only(minutes_world):
    confirmed(email="narrative@example.com", keyword="glorpwidget")  # open minute's narrative
    confirmed(email="decision@example.com", keyword="plumbob")  # open decision
    confirmed(email="secret1@example.com", keyword="secretnarrativeword")  # exempt minute's text
    confirmed(email="secret2@example.com", keyword="secretdecisionword")  # exempt decision
    confirmed(email="secret3@example.com", keyword="unpublishedminuteword")  # unpublished minutes
    alerts.send_alerts()
    assert sorted(m.to[0] for m in mail.outbox) == ["decision@example.com", "narrative@example.com"]
    for message in mail.outbox:
        for secret in ("Secretnarrativeword", "Secretdecisionword", "Unpublishedminuteword"):
            assert secret not in message.body
