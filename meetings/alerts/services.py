"""Email alerts: double opt-in subscriptions, one-click unsubscribe, and sending the alerts.

- Subscribing stores nothing: it emails a confirmation link that carries the request, signed
  (django.core.signing) and valid for CONFIRM_MAX_AGE. Following it creates the subscription.
- Every alert email carries a signed one-click unsubscribe link, also as List-Unsubscribe
  (RFC 2369) with List-Unsubscribe-Post (RFC 8058).
- `send_alerts()` (the `send_alerts` command, run from cron) emails each subscription one
  message listing what was published for it since it confirmed, and records each thing sent
  in AlertDelivery, whose unique constraint makes sure nothing is ever sent twice.

Alerts are a public surface: everything matched and shown goes through the visibility rule as
an anonymous member of the public sees it.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from meetings import visibility
from meetings.agendas.models import AgendaItem, Meeting, Paper
from meetings.alerts.models import AlertDelivery, AlertSubscription
from meetings.committees.models import Committee
from meetings.limits import within_limit
from meetings.minutes.models import Decision, MeetingMinutes, Minute

logger = logging.getLogger(__name__)

CONFIRM_SALT = "meetings.alerts.confirm"
UNSUBSCRIBE_SALT = "meetings.alerts.unsubscribe"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# How far back `send_alerts` looks for newly published things.
LOOKBACK_DAYS = 14
ANONYMOUS = visibility.THE_PUBLIC


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_keyword(keyword: str) -> str:
    return " ".join(keyword.split()).lower()


# Confirmation (double opt-in) --------------------------------------------------------------


def confirmation_token(*, email: str, committee: Committee | None, keyword: str) -> str:
    payload = {"e": normalise_email(email)}
    if committee is not None:
        payload["c"] = committee.pk
    else:
        payload["k"] = normalise_keyword(keyword)
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


@dataclass
class SubscriptionRequest:
    email: str
    committee: Committee | None
    keyword: str

    @property
    def topic(self) -> str:
        return self.committee.name if self.committee else f"“{self.keyword}”"


class TooManyConfirmations(ValidationError):
    """Refused: too many confirmation emails for this address today, or from this client."""


def confirmation_allowed(*, email: str, client: str | None) -> None:
    """Count one confirmation email against the limits; raise TooManyConfirmations past them.

    At most settings.ALERT_CONFIRMATIONS_PER_ADDRESS_PER_DAY per address per day (so the form
    cannot be used to flood someone's inbox) and ALERT_CONFIRMATIONS_PER_CLIENT_PER_HOUR per
    client address per hour. Counted in the cache (meetings/limits.py)."""
    import hashlib

    if client and not within_limit(
        f"alert-confirm:client:{client}", seconds=3600, limit=settings.ALERT_CONFIRMATIONS_PER_CLIENT_PER_HOUR
    ):
        raise TooManyConfirmations(
            "Too many requests for email alerts have come from your connection. Try again in an hour."
        )
    address = hashlib.sha256(normalise_email(email).encode()).hexdigest()
    if not within_limit(
        f"alert-confirm:address:{address}", seconds=24 * 3600, limit=settings.ALERT_CONFIRMATIONS_PER_ADDRESS_PER_DAY
    ):
        raise TooManyConfirmations(
            "We have already sent several confirmation emails to this address today. Check your inbox "
            "and spam folder for them, or try again tomorrow."
        )


def confirmation_load(token: str) -> SubscriptionRequest:
    """The request a confirmation link carries. Raises signing.BadSignature (also when expired)
    or Committee.DoesNotExist."""
    payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    committee = Committee.objects.get(pk=payload["c"]) if "c" in payload else None
    return SubscriptionRequest(email=payload["e"], committee=committee, keyword=payload.get("k", ""))


def alert_confirmation_send(
    *,
    email: str,
    committee: Committee | None = None,
    keyword: str = "",
    base_url: str | None = None,
    client: str | None = None,
) -> None:
    """Email the address a link to confirm the subscription. Nothing is stored yet.

    Within the limits of confirmation_allowed (`client`: the requester's address). The email
    repeats nothing the requester typed: a keyword is shown only on the confirmation page."""
    if (committee is None) == (not normalise_keyword(keyword)):
        raise ValidationError("Choose either a committee or a keyword.")
    confirmation_allowed(email=email, client=client)
    base_url = (base_url or site_url()).rstrip("/")
    token = confirmation_token(email=email, committee=committee, keyword=keyword)
    request = SubscriptionRequest(email=normalise_email(email), committee=committee, keyword=normalise_keyword(keyword))
    context = {
        "request_": request,
        "confirm_url": base_url + reverse("meetings:alert-confirm", kwargs={"token": token}),
        "days": CONFIRM_MAX_AGE.days,
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=(
            f"Confirm your email alerts for {request.committee.name}"
            if request.committee
            else "Confirm your keyword alert"
        ),
        body=render_to_string("meetings/email/confirm_subscription.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
    )
    message.send()


@transaction.atomic
def alert_subscription_confirm(
    *, email: str, committee: Committee | None = None, keyword: str = ""
) -> AlertSubscription:
    """Create the subscription (or return the existing one: confirming twice changes nothing)."""
    email = normalise_email(email)
    keyword = "" if committee is not None else normalise_keyword(keyword)
    existing = AlertSubscription.objects.filter(email=email, committee=committee, keyword=keyword).first()
    if existing:
        return existing
    subscription = AlertSubscription(email=email, committee=committee, keyword=keyword, confirmed_at=timezone.now())
    subscription.full_clean()
    subscription.save()
    return subscription


# Unsubscribing -------------------------------------------------------------------------------


def unsubscribe_token(subscription: AlertSubscription) -> str:
    return signing.dumps([subscription.pk, subscription.email], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: AlertSubscription, base_url: str | None = None) -> str:
    base_url = (base_url or site_url()).rstrip("/")
    return base_url + reverse("meetings:alert-unsubscribe", kwargs={"token": unsubscribe_token(subscription)})


def unsubscribe_load(token: str) -> AlertSubscription | None:
    """The subscription an unsubscribe link names, or None if already gone.

    Raises signing.BadSignature for a token we did not sign."""
    pk, email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return AlertSubscription.objects.select_related("committee").filter(pk=pk, email=email).first()


@transaction.atomic
def alert_subscription_unsubscribe(*, token: str) -> str | None:
    """Delete the subscription the token names; returns its topic, or None if already gone.

    Raises signing.BadSignature for a token we did not sign.
    """
    pk, email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    subscription = AlertSubscription.objects.select_related("committee").filter(pk=pk, email=email).first()
    if subscription is None:
        return None
    topic = subscription.topic
    subscription.delete()
    return topic


# Matching and sending ------------------------------------------------------------------------


@dataclass
class Alertable:
    """One newly published thing an alert can be about."""

    kind: str
    object_id: int
    committee_id: int
    published_on: datetime.date
    title: str
    url: str
    text: str = ""
    lines: list[str] = field(default_factory=list)

    def matches(self, subscription: AlertSubscription) -> bool:
        if subscription.published_since > self.published_on:
            return False
        if subscription.committee_id:
            return subscription.committee_id == self.committee_id
        return keyword_pattern(subscription.keyword).search(self.text) is not None


def keyword_pattern(keyword: str) -> re.Pattern:
    """The keyword at the start of a word, so 'school' finds 'schools' but not 'preschool'."""
    words = [re.escape(word) for word in keyword.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words), re.IGNORECASE)


def recent_agendas(*, since: datetime.date, base_url: str) -> list[Alertable]:
    """Agendas issued on or after `since`, as the public sees them (drafts and exempt papers out)."""
    meetings = (
        Meeting.objects.agenda_visible_to(ANONYMOUS)
        .filter(agenda_issued_on__gte=since)
        .select_related("committee")
        .prefetch_related(
            "committee__former_names",  # each meeting named as on its day
            Prefetch(
                "items",
                queryset=AgendaItem.objects.visible_to(ANONYMOUS)
                .order_by("number")
                .prefetch_related(
                    Prefetch("papers", queryset=Paper.objects.visible_to(ANONYMOUS).order_by("order", "id"))
                ),
            ),
        )
        .order_by("agenda_issued_on", "start")
    )
    found = []
    for meeting in meetings:
        local = timezone.localtime(meeting.start)
        when = f"{local:%A} {local.day} {local:%B %Y}"
        texts = [meeting.committee_name, meeting.venue]
        lines = []
        for item in meeting.items.all():
            texts += [item.title, item.purpose, item.report_of]
            texts += [paper.title for paper in item.papers.all()]
            lines.append(f"{item.number}. {item.title}" + (" (exempt)" if item.exempt else ""))
        found.append(
            Alertable(
                kind=AlertDelivery.Kind.AGENDA,
                object_id=meeting.pk,
                committee_id=meeting.committee_id,
                published_on=meeting.agenda_issued_on,
                title=f"Agenda: {meeting.committee_name}, {when}",
                url=base_url + meeting.get_absolute_url(),
                text="\n".join(texts),
                lines=lines,
            )
        )
    return found


def recent_minutes(*, since: datetime.date, base_url: str) -> list[Alertable]:
    """Minutes published on or after `since`, as the public sees them: draft minutes out, and
    the text and decisions of exempt minutes (visibility.minute_is_exempt) and exempt annexes
    neither matched nor shown."""
    minutes_qs = (
        MeetingMinutes.objects.visible_to(ANONYMOUS)
        .filter(published_on__gte=since)
        .select_related("meeting__committee")
        .prefetch_related(
            "meeting__committee__former_names",  # each meeting named as on its day
            Prefetch(
                "meeting__minute_set",
                queryset=Minute.objects.visible_to(ANONYMOUS)
                .select_related("item")
                .order_by("order", "number")
                .prefetch_related(
                    Prefetch("decisions", queryset=Decision.objects.visible_to(ANONYMOUS).order_by("number"))
                ),
                to_attr="public_minutes",
            ),
        )
        .order_by("published_on", "meeting__start")
    )
    found = []
    for minutes in minutes_qs:
        meeting = minutes.meeting
        local = timezone.localtime(meeting.start)
        when = f"{local:%A} {local.day} {local:%B %Y}"
        texts = [meeting.committee_name]
        lines = []
        for minute in meeting.public_minutes:
            texts.append(minute.title)
            lines.append(f"{minute.reference} {minute.title}")
            if visibility.can_read_minute_text(ANONYMOUS, minute):  # never an exempt annex
                texts.append(strip_tags(minute.narrative))
                texts += [decision.text for decision in minute.decisions.all()]
        draft = " (draft, subject to approval)" if minutes.status == MeetingMinutes.Status.PUBLISHED else ""
        found.append(
            Alertable(
                kind=AlertDelivery.Kind.MINUTES,
                object_id=minutes.pk,
                committee_id=meeting.committee_id,
                published_on=minutes.published_on,
                title=f"Minutes: {meeting.committee_name}, {when}{draft}",
                url=base_url + minutes.get_absolute_url(),
                text="\n".join(texts),
                lines=lines,
            )
        )
    return found


def alertables(*, since: datetime.date, base_url: str) -> list[Alertable]:
    return recent_agendas(since=since, base_url=base_url) + recent_minutes(since=since, base_url=base_url)


def _send_one(subscription: AlertSubscription, found: list[Alertable], base_url: str) -> None:
    unsubscribe = unsubscribe_url(subscription, base_url)
    context = {
        "subscription": subscription,
        "alertables": found,
        "unsubscribe_url": unsubscribe,
        "subscribe_url": base_url + reverse("meetings:alert-subscribe"),
        "COUNCIL_NAME": settings.COUNCIL_NAME,
        "SERVICE_NAME": settings.SERVICE_NAME,
    }
    if len(found) == 1:
        subject = found[0].title
    else:
        subject = f"{len(found)} new documents for {subscription.topic}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("meetings/email/alert.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("meetings/email/alert.html", context), "text/html")
    message.send()


class AlertsNotSent(Exception):
    """Some alerts could not be sent (a mail server error); they are sent by the next run."""


def send_alerts(
    *, base_url: str | None = None, today: datetime.date | None = None, raise_on_failure: bool = False
) -> int:
    """Email every subscription what was published for it and not yet sent. Returns emails sent.

    For each subscription, the delivery rows are written and the email sent inside one
    transaction: if sending fails nothing is recorded (it is retried next run); if another run
    already recorded the same thing, the unique constraint stops this one sending it again. With
    `raise_on_failure` (the background task, which is then tried again) a run where some emails
    could not be sent ends with AlertsNotSent, after sending all the others.
    """
    base_url = (base_url or site_url()).rstrip("/")
    today = today or timezone.localdate()
    found = alertables(since=today - datetime.timedelta(days=LOOKBACK_DAYS), base_url=base_url)
    if not found:
        return 0
    sent_before = set(
        AlertDelivery.objects.filter(object_id__in=[a.object_id for a in found]).values_list(
            "subscription_id", "kind", "object_id"
        )
    )
    sent = 0
    failures: list[str] = []
    for subscription in AlertSubscription.objects.select_related("committee").order_by("pk"):
        due = [
            a for a in found if (subscription.pk, a.kind, a.object_id) not in sent_before and a.matches(subscription)
        ]
        if not due:
            continue
        try:
            with transaction.atomic():
                AlertDelivery.objects.bulk_create(
                    [AlertDelivery(subscription=subscription, kind=a.kind, object_id=a.object_id) for a in due]
                )
                _send_one(subscription, due, base_url)
        except IntegrityError:
            logger.info("Alerts for subscription %s were sent by another run.", subscription.pk)
            continue
        except Exception as exc:  # a mail server error: nothing recorded, so the next run retries
            logger.exception("Could not send alerts to subscription %s.", subscription.pk)
            failures.append(repr(exc))
            continue
        sent += 1
    if failures and raise_on_failure:
        raise AlertsNotSent(f"{len(failures)} alert email(s) not sent ({sent} sent): {failures[-1]}")
    return sent
