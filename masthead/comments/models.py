"""Comments on articles, what readers do with them, and what moderators decide."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class Discussion(models.Model):
    """An article's comments as a whole: open, closed, or open until the automatic close."""

    class State(models.TextChoices):
        AUTO = "auto", "Open, closing automatically after the set number of days"
        OPEN = "open", "Open (no automatic close)"
        CLOSED = "closed", "Closed (comments stay readable)"

    article = models.OneToOneField(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.AUTO)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Discussion of {self.article_id}: {self.state}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers may see: approved and not deleted. Nothing else leaves moderation."""
        return self.filter(status=Comment.Status.APPROVED, deleted_at__isnull=True)


class Comment(models.Model):
    """A member's comment on an article, or a reply to another comment. A comment brought
    over from another system (an import) has no member: it shows the name it had there."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a moderator"
        APPROVED = "approved", "Published"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
        help_text="The member who wrote it; empty for a comment brought over from elsewhere.",
    )
    author_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="The name shown for a comment with no member behind it (an import's).",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (empty for a top-level comment itself).
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(help_text="Plain text as the author typed it (normalised).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it is held or rejected."
    )
    featured = models.BooleanField(default=False)
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once the parent's author has been told of this reply (sent at most once).
    reply_notified_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self):
        return f"Comment {self.pk} by {self.author_id or self.author_name} on {self.article_id}"

    @property
    def shown_name(self):
        """The name readers see: the member's display name, or the name it was brought with."""
        return self.author.display_name if self.author_id else self.author_name

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED and self.deleted_at is None


class Verdict(models.Model):
    """One pipeline check's answer about one comment, in pipeline order."""

    class Outcome(models.TextChoices):
        PASS = "pass", "passed"
        HOLD = "hold", "held for a moderator"
        REJECT = "reject", "rejected"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="verdicts")
    position = models.PositiveSmallIntegerField()
    check_name = models.CharField(max_length=40)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["comment", "position"]

    def __str__(self):
        return f"{self.check_name}: {self.outcome}"


class Like(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="comment_like_once")
        ]

    def __str__(self):
        return f"{self.member_id} likes {self.comment_id}"


class Report(models.Model):
    """A reader's report that a comment breaks the rules."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or hateful"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Off topic"
        PERSONAL = "personal", "Shares personal information"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_once")
        ]

    def __str__(self):
        return f"{self.reporter_id} reported {self.comment_id}: {self.reason}"


class Standing(models.Model):
    """Whether a member may comment: banned for good, or suspended until a time."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_standing",
    )
    banned_at = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Standing of {self.member_id}"

    def blocks(self, now):
        """The reason this standing stops the member commenting at `now`, or ''."""
        if self.banned_at:
            return "banned"
        if self.suspended_until and self.suspended_until > now:
            return "suspended"
        return ""


class Preferences(models.Model):
    """A member's comment settings (from the account page)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_preferences",
    )
    notify_replies = models.BooleanField(
        default=False, help_text="Email me when someone replies to my comment."
    )

    def __str__(self):
        return f"Comment preferences of {self.member_id}"


class LogEntry(models.Model):
    """One moderation action: who did what, when, to which comment, member or discussion."""

    class Action(models.TextChoices):
        APPROVE = "approve", "approved"
        REJECT = "reject", "rejected"
        FEATURE = "feature", "featured"
        UNFEATURE = "unfeature", "unfeatured"
        DISMISS_REPORTS = "dismiss_reports", "dismissed the reports on"
        SUSPEND = "suspend", "suspended"
        BAN = "ban", "banned"
        REINSTATE = "reinstate", "reinstated"
        CLOSE = "close", "closed comments on"
        OPEN = "open", "opened comments on"
        AUTO = "auto", "set automatic closing on"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="log_entries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_log_entries",
        help_text="The member the action concerns (the comment's author, or the one banned).",
    )
    article = models.ForeignKey(
        "news.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self):
        return f"{self.moderator_id} {self.get_action_display()} at {self.created_at:%Y-%m-%d}"


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    """What editors keep for comments across the site."""

    banned_words = models.TextField(
        blank=True,
        help_text="One word or phrase a line. Matched as whole words, ignoring case and "
        "accents; a comment containing one is rejected.",
    )

    class Meta:
        verbose_name = "comments"
