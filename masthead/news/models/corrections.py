from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Correction(Orderable):
    """A correction to a story: a public notice printed at its foot, in the site's corrections
    page and feed. Part of the article (a `ParentalKey`), so it is drafted, previewed and
    published with the story's revisions; readers see it once the story is published."""

    page = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(
        max_length=1000,
        help_text="What was wrong and what is right; every reader sees it.",
    )
    corrected_at = models.DateTimeField(
        "time", default=timezone.now, help_text="When the correction was made."
    )

    panels = [FieldPanel("text"), FieldPanel("corrected_at")]

    class Meta(Orderable.Meta):
        verbose_name = "correction"

    def __str__(self):
        return self.text[:80]
