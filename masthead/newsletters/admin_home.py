"""The newsletters' part of the newsroom home: today's Daily Edition and where it stands,
as the edition itself says it (``Edition.outcome_label``)."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from masthead.core import clock
from masthead.core.admin_home import HomePanel, Row, newsroom_time

from .models import DAILY_EDITION_SLUG, Edition


class DailyEditionPanel(HomePanel):
    name = "newsroom-daily-edition"
    heading = "Today’s Daily Edition"
    icon = "mail"
    order = 70
    more_label = "All editions"
    empty_text = "Not drafted yet: no edition for today."

    def is_shown(self):
        return self.request.user.has_perm("newsletters.change_edition")

    def get_rows(self):
        # "Today" is the newsletter's own day, in its zone: one of the dates around today's
        # here. Fetched with the newsletter, in one query (the home keeps to a few).
        now = clock.now()
        around = [timezone.localdate(now) + timedelta(days=days) for days in (-1, 0, 1)]
        candidates = (
            Edition.objects.filter(newsletter__slug=DAILY_EDITION_SLUG, date__in=around)
            .select_related("newsletter")
            .annotate(story_count=Count("stories"))
        )
        edition = next(
            (e for e in candidates if e.date == timezone.localtime(now, e.newsletter.zone).date()),
            None,
        )
        if edition is None:
            return []
        stories = f"{edition.story_count} stor{'y' if edition.story_count == 1 else 'ies'}"
        when = f", goes out {newsroom_time(edition.scheduled_for)}" if edition.scheduled_for else ""
        return [
            Row(
                title=edition.subject_line,
                url=reverse("newsletters_admin:console", args=[edition.pk]),
                detail=stories + when,
                status=edition.outcome_label,
            )
        ]

    def get_more_url(self):
        return reverse("newsletters_edition:index")


def add_panel(request, panels):
    """construct_homepage_panels: today's edition, for those who run the newsletters."""
    panels.append(DailyEditionPanel(request))
