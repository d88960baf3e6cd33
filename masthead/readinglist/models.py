from django.conf import settings
from django.db import models


class SavedStory(models.Model):
    """One story on one member's reading list. Kept on the server, so the list is the same
    on every device the member signs in on; it goes with the member or the story."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_stories"
    )
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = "saved story"
        verbose_name_plural = "saved stories"
        ordering = ["-saved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "article"], name="readinglist_once_each")
        ]
        indexes = [models.Index(fields=["member", "-saved_at"], name="readinglist_newest")]

    def __str__(self):
        return f"{self.member_id} saved {self.article_id}"
