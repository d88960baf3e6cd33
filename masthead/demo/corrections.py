"""The seed story, corrected once and marked updated, so the demo shows both."""

from datetime import datetime

from django.utils import timezone

from masthead.news.models import ArticlePage, Correction

SEED_UPDATED = datetime(2019, 1, 29, 21, 5, tzinfo=timezone.get_fixed_timezone(120))
SEED_CORRECTED = datetime(2019, 1, 30, 10, 14, tzinfo=timezone.get_fixed_timezone(120))
SEED_CORRECTION = (
    "An earlier version of this story said the Russian officials arrived in Israel on Sunday. "
    "They arrived on Monday."
)


def ensure_seed_correction(article):
    """As an editor does it in the story's form: a correction and the update's time, in a new
    revision, published. Once: a story that has a correction is left alone."""
    if article.corrections.exists():
        return
    article.corrections.add(Correction(text=SEED_CORRECTION, corrected_at=SEED_CORRECTED))
    article.updated_at = SEED_UPDATED
    article.save_revision().publish()
    # The story's last publish is the update's, in 2019, not the demo's load.
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=SEED_UPDATED)
