"""Abuse limits.

- Sign-in throttling and lockout on both sign-in pages (django-axes), officers unlock in the admin.
- Officers (staff) confirm a second factor (TOTP, django-otp) when OTP_REQUIRED_FOR_STAFF.
- The alert form's confirmation emails are limited per address and per client, and repeat no
  text the requester typed; unsubscribing is a POST (RFC 8058 one-click), GET shows a button.
"""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings.alerts import services as alerts
from meetings.models import AlertSubscription
from tests.factories import UserFactory
from tests.meetings.factories import CommitteeFactory

PASSWORD = "a-long-password-123"
LOCKED = "Too many attempts to sign in"


@pytest.fixture
def councillor(councillor_user):
    councillor_user.set_password(PASSWORD)
    councillor_user.save()
    return councillor_user


@pytest.fixture
def staff(db):
    user = UserFactory(username="clerk", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


# --- sign-in lockout (django-axes) -------------------------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_failures_lock_the_username_out_from_that_address(client, councillor, staff, url, settings):
    username = "councillor" if url == "/accounts/login/" else "clerk"
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = client.post(url, {"username": username, "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post(url, {"username": username, "password": "wrong"})
    assert locked.status_code == 429 and LOCKED in locked.text and "Try again in 1\xa0hour" in locked.text
    # Even the right password is refused while locked out.
    again = client.post(url, {"username": username, "password": PASSWORD})
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # Lockout is by username and address: another username from here, or this one from elsewhere, may sign in.
    other = UserFactory(username="other", is_staff=True, is_superuser=True)
    other.set_password(PASSWORD)
    other.save()
    other = other.username
    assert client.post(url, {"username": other, "password": PASSWORD}).status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert elsewhere.post(url, {"username": username, "password": PASSWORD}).status_code == 302


def test_a_committee_officer_unlocks_in_the_admin(client, councillor, officer_client):
    other = Client()
    for _ in range(5):
        other.post("/accounts/login/", {"username": "councillor", "password": "wrong"})
    assert other.post("/accounts/login/", {"username": "councillor", "password": PASSWORD}).status_code == 429
    attempt = AccessAttempt.objects.get(username="councillor")
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert officer_client.get(changelist).status_code == 200
    response = officer_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert other.post("/accounts/login/", {"username": "councillor", "password": PASSWORD}).status_code == 302


def test_a_success_clears_earlier_failures(client, councillor):
    for _ in range(4):
        client.post("/accounts/login/", {"username": "councillor", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "councillor", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        client.post("/accounts/login/", {"username": "councillor", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "councillor", "password": PASSWORD}).status_code == 302


# --- second factor for officers (django-otp) ------------------------------------------------------


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_staff_must_confirm_a_code_when_required(officer_client, officer_user, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    response = officer_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fadmin%2F"
    assert officer_client.get("/").status_code == 302  # every page, while signed in unverified
    page = officer_client.get(response["Location"])
    assert page.status_code == 200 and "not set up yet" in page.text

    out = io.StringIO()
    call_command("add_totp_device", "officer", stdout=out)
    assert re.search(r"otpauth://totp/[^\s]*secret=[A-Z2-7]+", out.getvalue())
    device = TOTPDevice.objects.get(user=officer_user)

    wrong = officer_client.post("/accounts/two-factor/", {"token": wrong_code(device), "next": "/admin/"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next attempt wait a second (django-otp's throttling)
    right = officer_client.post("/accounts/two-factor/", {"token": current_token(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert officer_client.get("/admin/").status_code == 200


def test_councillors_need_no_second_factor(councillor_client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    assert councillor_client.get("/").status_code == 200


def test_officers_need_none_when_it_is_off(officer_client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    assert officer_client.get("/admin/").status_code == 200


def test_the_setting_defaults_to_on_in_production():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTP_", "DJANGO_SETTINGS"))}
    code = (
        "import dotenv; dotenv.load_dotenv = lambda *a, **k: None; "
        "import scrutiny.settings.base as s; print(s.OTP_REQUIRED_FOR_STAFF)"
    )
    for debug, expected in (("0", "True"), ("1", "False")):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd="/",
            capture_output=True,
            text=True,
            env=env | {"DEBUG": debug, "SECRET_KEY": "x", "PYTHONPATH": str(root)},
        )
        assert result.stdout.strip() == expected, result.stderr


def test_add_totp_device_refuses_a_second_device_without_replace(officer_user):
    call_command("add_totp_device", "officer", stdout=io.StringIO())
    with pytest.raises(Exception, match="already has a device"):
        call_command("add_totp_device", "officer", stdout=io.StringIO())
    call_command("add_totp_device", "officer", "--replace", stdout=io.StringIO())
    assert TOTPDevice.objects.filter(user=officer_user).count() == 1


# --- alert confirmation emails -------------------------------------------------------------------


def subscribe(client, **data):
    return client.post(reverse("meetings:alert-subscribe"), data)


def test_at_most_three_confirmation_emails_per_address_per_day(client, db):
    CommitteeFactory(slug="ofsted-subgroup")
    for _ in range(3):
        assert (
            subscribe(client, email="victim@example.com", topic="committee", committee="ofsted-subgroup").status_code
            == 302
        )
    refused = subscribe(
        Client(REMOTE_ADDR="192.0.2.9"), email="Victim@Example.com", topic="keyword", keyword="fostering"
    )
    assert refused.status_code == 429 and "already sent several confirmation emails" in refused.text
    assert len(mail.outbox) == 3
    assert (
        subscribe(client, email="someone-else@example.com", topic="committee", committee="ofsted-subgroup").status_code
        == 302
    )


def test_a_bounded_number_per_client_address(client, db, settings):
    settings.ALERT_CONFIRMATIONS_PER_CLIENT_PER_HOUR = 2
    CommitteeFactory(slug="ofsted-subgroup")
    for n in range(2):
        assert (
            subscribe(client, email=f"r{n}@example.com", topic="committee", committee="ofsted-subgroup").status_code
            == 302
        )
    refused = subscribe(client, email="r3@example.com", topic="committee", committee="ofsted-subgroup")
    assert refused.status_code == 429 and "from your connection" in refused.text
    assert len(mail.outbox) == 2
    assert (
        subscribe(
            Client(REMOTE_ADDR="192.0.2.9"), email="r3@example.com", topic="committee", committee="ofsted-subgroup"
        ).status_code
        == 302
    )


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, db, settings):
    from meetings.limits import client_ip

    class Request:
        META = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}

    assert client_ip(Request) == "10.0.0.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(Request) == "203.0.113.5"  # not the client's own claim, 6.6.6.6


def test_confirmation_email_repeats_no_text_the_requester_typed(client, db):
    typed = "cheap pills at spam.example"
    assert subscribe(client, email="victim@example.com", topic="keyword", keyword=typed).status_code == 302
    [message] = mail.outbox
    assert "pills" not in message.body and "spam.example" not in message.body
    assert "pills" not in message.subject and message.subject == "Confirm your keyword alert"
    assert "keyword alert" in message.body
    # The keyword is shown only on the page the link opens.
    path = re.search(r"http://testserver(/alerts/confirm/[^/\s]+/)", message.body).group(1)
    assert "cheap pills at spam.example" in client.get(path).text


def test_unsubscribe_is_a_post_and_alert_emails_offer_one_click(client, db):
    subscription = alerts.alert_subscription_confirm(email="r@example.com", keyword="fostering")
    url = alerts.unsubscribe_url(subscription, "http://testserver").removeprefix("http://testserver")
    page = client.get(url)
    assert page.status_code == 200 and "Unsubscribe" in page.text
    assert AlertSubscription.objects.filter(pk=subscription.pk).exists()
    # RFC 8058: a mail program POSTs List-Unsubscribe=One-Click, without a CSRF token.
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert not AlertSubscription.objects.filter(pk=subscription.pk).exists()


def wrong_code(device) -> str:
    """A six-digit code the device does not accept now (none of the steps its tolerance allows)."""
    from django_otp.oath import TOTP

    accepted = set()
    for offset in range(-device.tolerance - 1, device.tolerance + 2):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        accepted.add(totp.token())
    return next(f"{n:06d}" for n in range(10**6) if n not in accepted)
