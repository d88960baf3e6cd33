"""The alerts' part of the newsroom home: the breaking-news alerts of the last 24 hours and
what became of each, as the alert itself says it (``Alert.outcome_label``)."""

from datetime import timedelta

from django.urls import reverse

from masthead.core import clock
from masthead.core.admin_home import HomePanel, Row, newsroom_time

from .models import Alert


class AlertsPanel(HomePanel):
    name = "newsroom-alerts"
    heading = "Breaking alerts, last 24 hours"
    icon = "warning"
    order = 50
    empty_text = "No alerts sent in the last 24 hours"
    more_label = "All alerts"

    def is_shown(self):
        return self.request.user.has_perm("alerts.view_alert")

    def get_rows(self):
        since = clock.now() - timedelta(hours=24)
        alerts = Alert.objects.filter(created_at__gte=since).select_related("created_by")
        return [
            Row(
                title=alert.title,
                url=reverse("alerts_admin:detail", args=[alert.pk]),
                detail=f"{newsroom_time(alert.created_at)}"
                + (f" by {alert.created_by.get_short_name()}" if alert.created_by else ""),
                status=alert.outcome_label,
                warning=bool(alert.failed or alert.operator_flag),
            )
            for alert in self.take(alerts)
        ]

    def get_more_url(self):
        return reverse("alerts_admin:list")


def add_panel(request, panels):
    """construct_homepage_panels: the alerts panel, for those who follow alerts."""
    panels.append(AlertsPanel(request))
