"""The shape every panel of the newsroom home (Wagtail's dashboard) shares.

Each app contributes its own panel from its own ``admin_home`` module through Wagtail's
``construct_homepage_panels`` hook; this module knows none of them.
"""

import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Window
from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import clock


@dataclass(frozen=True)
class Row:
    """One thing to act on: what it is, where to act on it, and what to know first."""

    title: str
    url: str
    detail: str = ""
    status: str = ""
    # A status that needs someone (a failure, a hold) reads as a warning.
    warning: bool = False


def newsroom_time(moment):
    """A time as the newsroom reads it: in its zone (TIME_ZONE), whatever the admin user's."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    today = timezone.localtime(clock.now(), local.tzinfo).date()
    if local.date() == today:
        return f"today {local:%H:%M}"
    return f"{local:%a %-d %b, %H:%M}"


class HomePanel(Component):
    """A panel of rows to act on, with its count, a link to the whole list and an empty
    state. Subclasses say who sees it (``is_shown``) and what it lists (``get_rows``)."""

    template_name = "core/admin/home_panel.html"
    name = ""
    heading = ""
    icon = "list-ul"
    order = 100
    limit = 8
    empty_text = "Nothing waiting"
    more_label = "See all"

    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return True

    def get_rows(self):
        return []

    def take(self, queryset):
        """The first rows of ``queryset``, and how many there are in all, in one query (a
        window count is taken over every row before the limit)."""
        items = list(queryset.annotate(panel_total=Window(Count("pk")))[: self.limit])
        self.total = items[0].panel_total if items else 0
        return items

    def get_total(self, rows):
        """How many there are in all (a panel showing only the first few says so)."""
        return getattr(self, "total", len(rows))

    def get_more_url(self):
        return ""

    def get_context_data(self, parent_context=None):
        rows = self.get_rows()
        return {
            "panel": self,
            "rows": rows,
            "total": self.get_total(rows),
            "more_url": self.get_more_url(),
        }

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)
