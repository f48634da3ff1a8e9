"""Email alert subscriptions and the record of what was sent."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class AlertSubscription(models.Model):
    """A confirmed subscription: an email address and a committee or a keyword.

    Rows exist only after the address has confirmed (double opt-in): the confirmation link
    carries the request, signed, so nothing is stored for addresses that never confirm.
    """

    email = models.EmailField()
    committee = models.ForeignKey(
        "meetings.Committee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
    )
    keyword = models.CharField(
        max_length=100, blank=True, help_text="A word or phrase to look for in agendas and minutes."
    )
    confirmed_at = models.DateTimeField(
        help_text="When the address confirmed. Only things published from this day on are sent."
    )

    class Meta:
        ordering = ["email", "committee__name", "keyword"]
        verbose_name = "email alert subscription"
        constraints = [
            models.CheckConstraint(
                condition=(Q(committee__isnull=False, keyword="")) | (Q(committee__isnull=True) & ~Q(keyword="")),
                name="alert_subscription_committee_or_keyword",
                violation_error_message="Choose either a committee or a keyword, not both.",
            ),
            models.UniqueConstraint(
                fields=["email", "committee"],
                condition=Q(committee__isnull=False),
                name="alert_subscription_unique_committee",
            ),
            models.UniqueConstraint(
                fields=["email", "keyword"],
                condition=~Q(keyword=""),
                name="alert_subscription_unique_keyword",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.topic}"

    @property
    def topic(self) -> str:
        if self.committee_id:
            return self.committee.name
        return f"“{self.keyword}”"

    @property
    def published_since(self):
        """Alerts cover what is published from the day the address confirmed."""
        return timezone.localtime(self.confirmed_at).date()


class AlertDelivery(models.Model):
    """One thing (an issued agenda, published minutes) alerted to one subscription.

    The unique constraint is what makes `send_alerts` never send the same alert twice, even if
    two runs overlap.
    """

    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda issued"
        MINUTES = "minutes", "Minutes published"

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(help_text="The meeting (agenda) or minutes alerted.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "kind", "object_id"], name="alert_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} to {self.subscription.email}"
