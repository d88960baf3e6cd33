from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from masthead.core.delivery import Ledger, State

EVERYONE = "everyone"


class PushSubscription(models.Model):
    """A browser that agreed to receive breaking-news alerts (a W3C PushSubscription)."""

    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=120, help_text="The browser's public key (base64url).")
    auth = models.CharField(max_length=40, help_text="The browser's auth secret (base64url).")
    key_id = models.CharField(max_length=16, help_text="The VAPID key the browser subscribed with.")
    # Empty: all breaking news. Otherwise only alerts for these sections/topics
    # ("section:world", "topic:iran") and alerts to everyone.
    topics = models.JSONField(default=list, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    user_agent = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "push subscription"

    def __str__(self):
        return self.endpoint[:60]

    @property
    def origin(self):
        from urllib.parse import urlsplit

        parts = urlsplit(self.endpoint)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def browser_name(self):
        agent = self.user_agent
        for needle, name in (
            ("Edg/", "Edge"),
            ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"),
            ("Safari/", "Safari"),
        ):
            if needle in agent:
                return name
        return "A browser"


class SubscriptionTopic(models.Model):
    """One section or topic a subscription chose (a queryable copy of its `topics`)."""

    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="topic_rows"
    )
    topic = models.CharField(max_length=80, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "topic"], name="alerts_sub_topic_once")
        ]

    def __str__(self):
        return self.topic


class Alert(models.Model):
    """A breaking-news notification about one article, sent to an audience."""

    class Urgency(models.TextChoices):
        VERY_LOW = "very-low", "Very low"
        LOW = "low", "Low"
        NORMAL = "normal", "Normal"
        HIGH = "high", "High (breaking)"

    class State(models.TextChoices):
        HELD = "held", "Held for quiet hours"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        # Finished sending, whatever the result: `outcome_label` says what was delivered.
        DONE = "done", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    article = models.ForeignKey(
        "news.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    title = models.CharField(max_length=80)
    body = models.CharField(max_length=180, blank=True)
    url = models.CharField(max_length=500, help_text="The story's address.")
    image_url = models.CharField(max_length=500, blank=True)
    # ["everyone"] or section/topic keys ("section:world", "topic:iran").
    audience = models.JSONField(default=list)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.HIGH)
    ttl = models.PositiveIntegerField(default=3600, help_text="Seconds a push service keeps it.")
    topic = models.CharField(
        max_length=32, help_text="Web Push Topic: a later alert on the story replaces this one."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    send_after = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress, updated by the senders as they go.
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    # Set when a push service refused our credentials (400/401/403): an operator must look.
    operator_flag = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("alerts_admin:detail", args=[self.pk])

    @property
    def for_everyone(self):
        return EVERYONE in self.audience or not self.audience

    @property
    def outcome_label(self):
        """The state in words: "Delivered to 12", "Partly delivered: 9 delivered, 3 failed",
        "Failed: nothing delivered (1 failed)", "No recipients", "Sending: …", "Queued"…"""
        from .services.outcome import outcome_label

        return outcome_label(self)

    @property
    def failure_reasons(self):
        """Why deliveries failed, grouped: ["410 Gone ×3 (subscriptions removed)", …]."""
        from .services.outcome import failure_reasons

        return failure_reasons(self)


class Delivery(models.Model):
    """One alert to one subscription: the unit that makes sending idempotent."""

    class State(models.TextChoices):
        # The delivery engine's states (a deferred delivery is pending again), and removed.
        PENDING = State.PENDING, "Pending"
        CLAIMED = State.CLAIMED, "Being sent"
        DELIVERED = State.DELIVERED, "Delivered"
        REMOVED = "removed", "Expired, subscription removed"
        FAILED = State.FAILED, "Failed"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        PushSubscription, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscription"], name="alerts_delivery_once")
        ]
        indexes = [models.Index(fields=["alert", "state"], name="alerts_delivery_state")]

    def __str__(self):
        return f"{self.alert_id} → {self.subscription_id}: {self.state}"


# How the delivery engine finds alerts' deliveries. A claim older than `stale` belongs to a
# worker that died: its deliveries are sent again.
LEDGER = Ledger(
    Delivery,
    stored={State.DEFERRED: State.PENDING},
    settled_at="finished_at",
    stale=timedelta(minutes=10),
)
