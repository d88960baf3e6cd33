import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from masthead.core.delivery import Ledger, State

DAILY_EDITION_SLUG = "daily-edition"


def new_token():
    """An opaque, unguessable token (256 bits) for links in emails."""
    return secrets.token_urlsafe(32)


def default_time_zone():
    return settings.TIME_ZONE


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name, e.g. Asia/Jerusalem.")


class Newsletter(models.Model):
    """An email readers subscribe to, such as the Daily Edition."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=255, blank=True)
    sender = models.CharField(
        max_length=254,
        blank=True,
        help_text='From address, e.g. "Masthead <news@example.com>". Empty: the site default.',
    )
    reply_to = models.EmailField(max_length=254, blank=True)
    send_time = models.TimeField(
        default=datetime.time(6, 0), help_text="When each edition goes out."
    )
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    subscribe_on_registration = models.BooleanField(
        default=False, help_text="Members who said yes to the Daily Edition at registration."
    )
    automatic = models.BooleanField(
        default=True,
        help_text="Assemble and send an edition every day from the day's top stories.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def from_email(self):
        return self.sender or settings.DEFAULT_FROM_EMAIL

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscription.Status.SUBSCRIBED)


class Subscription(models.Model):
    """A reader on a newsletter's list: a member, or an address confirmed by double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for confirmation"
        SUBSCRIBED = "subscribed", "subscribed"
        UNSUBSCRIBED = "unsubscribed", "unsubscribed"

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="subscriptions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
    )
    email = models.EmailField(
        max_length=254, blank=True, help_text="The address of a subscriber without an account."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_token)
    confirm_token_hash = models.CharField(max_length=64, blank=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=40, blank=True, help_text="registration, form, account…")

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "member"],
                condition=Q(member__isnull=False),
                name="newsletter_subscription_member_unique",
            ),
            models.UniqueConstraint(
                fields=["newsletter", "email"],
                condition=Q(member__isnull=True),
                name="newsletter_subscription_email_unique",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(email=""),
                name="newsletter_subscription_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.address} on {self.newsletter}"

    @property
    def address(self):
        return self.member.email if self.member_id else self.email


class Edition(ClusterableModel):
    """One issue of a newsletter: a date, an intro and an ordered list of stories."""

    class State(models.TextChoices):
        DRAFT = "draft", "draft"
        SCHEDULED = "scheduled", "scheduled"
        SENDING = "sending", "sending"
        # Finished sending, whatever the result: `outcome_label` says what was delivered.
        SENT = "sent", "finished sending"
        SKIPPED = "skipped", "skipped (nothing published)"
        CANCELLED = "cancelled", "not sent"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="editions")
    date = models.DateField()
    subject = models.CharField(max_length=200, blank=True, help_text="Empty: name and date.")
    intro = models.TextField(blank=True, help_text="A few words from the editors, shown first.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set on an edition assembled from the news: its stories are chosen again until it goes
    # out or an editor saves it (which keeps the stories as the editor left them).
    automatic_stories = models.BooleanField(
        default=False, help_text="Stories follow the news until an editor edits the edition."
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "newsletter"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "date"], name="newsletter_edition_unique_date"
            )
        ]

    def __str__(self):
        return f"{self.newsletter} — {self.date:%-d %B %Y}"

    @property
    def subject_line(self):
        return self.subject or f"{self.newsletter.name}: {self.date:%A %-d %B %Y}"

    @property
    def editable(self):
        return self.state in (self.State.DRAFT, self.State.SCHEDULED)

    @property
    def follows_news(self):
        """True while the stories are still chosen from the news: assembled automatically,
        no editor has edited it and it has not gone out."""
        return self.automatic_stories and self.state in (
            self.State.DRAFT,
            self.State.SCHEDULED,
            self.State.SKIPPED,
        )

    @property
    def stories_chosen_by(self):
        """Who chooses the stories now, for the editions list."""
        if self.follows_news and self.newsletter.automatic:
            return "Following the news"
        return "Edited" if self.edited_at else "As drafted"

    @property
    def outcome_label(self):
        """The state in words: "Delivered to 120", "Partly delivered: 118 delivered, 2
        failed", "Failed: nothing delivered (3 failed)", "No recipients", "Sending: …",
        "Draft", "Scheduled"…"""
        from .services.outcome import outcome_label

        return outcome_label(self)

    @property
    def failure_reasons(self):
        """Why deliveries failed, grouped: ["SMTP 550 5.1.1 ×3 (no such mailbox; …)", …]."""
        from .services.outcome import failure_reasons

        return failure_reasons(self)


class EditionStory(Orderable):
    edition = ParentalKey(Edition, on_delete=models.CASCADE, related_name="stories")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")

    class Meta(Orderable.Meta):
        verbose_name = "story"
        verbose_name_plural = "stories"

    def __str__(self):
        return str(self.article)


class Send(models.Model):
    """Sending one edition: its recipients are frozen into deliveries when it starts."""

    class State(models.TextChoices):
        SENDING = "sending", "sending"
        DONE = "done", "done"

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="send")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENDING)
    recipients = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Send of {self.edition}"


class Batch(models.Model):
    """A slice of a send's deliveries handled by one task run over one SMTP connection."""

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        WAITING = "waiting", "waiting to retry"
        DONE = "done", "done"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    runs = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "batches"
        constraints = [
            models.UniqueConstraint(
                fields=["send", "number"], name="newsletter_batch_unique_number"
            )
        ]

    def __str__(self):
        return f"Batch {self.number} of {self.send}"


class Delivery(models.Model):
    """One recipient of one edition. Unique per edition and address: nothing goes out twice.

    Addresses are stored normalised (lower-cased), as members' are.
    """

    class Status(models.TextChoices):
        # The delivery engine's states (claimed and delivered stored as "sending" and
        # "sent", see LEDGER), and suppressed.
        PENDING = State.PENDING, "pending"
        CLAIMED = "sending", "in flight"
        SENT = "sent", "sent"
        DEFERRED = State.DEFERRED, "deferred (will retry)"
        FAILED = State.FAILED, "failed"
        SUPPRESSED = "suppressed", "suppressed"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    unsubscribe_token = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    message_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, help_text="The run sending it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "email"], name="newsletter_delivery_unique_recipient"
            )
        ]
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self):
        return f"{self.edition} to {self.email}"


# How the delivery engine finds newsletters' deliveries. A batch's run holds its batch
# alone (`Batch.heartbeat_at`), so it takes over any claim left in it by a run that died.
LEDGER = Ledger(
    Delivery,
    state="status",
    stored={State.CLAIMED: Delivery.Status.CLAIMED, State.DELIVERED: Delivery.Status.SENT},
    retry_at="next_attempt_at",
)


class Suppression(models.Model):
    """An address never mailed again (hard bounce, complaint) until its reader re-confirms."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", "hard bounce"
        COMPLAINT = "complaint", "spam complaint"
        MANUAL = "manual", "added by an editor"

    email = models.EmailField(max_length=254)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email"], name="newsletter_suppression_unique")
        ]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"
