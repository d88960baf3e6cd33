from django.conf import settings
from django.db import models


class GiftLink(models.Model):
    """A member's gift of one gated story: whoever opens the link reads it whole, until it
    expires, has been opened `max_opens` times (by as many browsers) or is revoked."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gift_links"
    )
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    # Part of the signed token: a link stays unique even if a deleted gift's id comes back.
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    max_opens = models.PositiveIntegerField()
    opens = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "created_at"])]

    def __str__(self):
        return f"Gift of {self.article_id} by {self.member_id}"
