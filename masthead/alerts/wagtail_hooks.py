from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from masthead.news.models import ArticlePage

from . import admin_home, admin_views, services, slots

admin_urls = (
    [
        path("", admin_views.alert_list, name="list"),
        path("new/<int:page_id>/", admin_views.compose, name="compose"),
        path("<int:pk>/", admin_views.detail, name="detail"),
        path("<int:pk>/progress.json", admin_views.progress, name="progress"),
    ],
    "alerts_admin",
)


@hooks.register("register_admin_urls")
def register_alert_urls():
    return [path("alerts/", include(admin_urls))]


class AlertsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("alerts.view_alert")


@hooks.register("register_admin_menu_item")
def register_alerts_menu_item():
    return AlertsMenuItem("Alerts", reverse("alerts_admin:list"), icon_name="warning", order=250)


def _can_alert(page, user):
    return (
        isinstance(page.specific_deferred, ArticlePage)
        and page.live
        and page.permissions_for_user(user).can_publish()
    )


@hooks.register("register_page_header_buttons")
def alert_header_button(page, user, view_name=None, next_url=None):
    if _can_alert(page, user):
        yield Button(
            "Send breaking-news alert",
            reverse("alerts_admin:compose", args=[page.pk]),
            icon_name="warning",
            priority=40,
        )


@hooks.register("register_page_listing_more_buttons")
def alert_listing_button(page, user, next_url=None):
    if _can_alert(page, user):
        yield Button(
            "Send breaking-news alert",
            reverse("alerts_admin:compose", args=[page.pk]),
            icon_name="warning",
            priority=45,
        )


def _offer_alert(request, page):
    """Publishing a story marked breaking offers to send the alert."""
    specific = page.specific
    if (
        "action-publish" in request.POST
        and isinstance(specific, ArticlePage)
        and specific.breaking
        and specific.live
        and specific.permissions_for_user(request.user).can_publish()
    ):
        messages.warning(
            request,
            f"“{specific.title}” is marked breaking. Alert the readers who subscribed?",
            buttons=[
                messages.button(
                    reverse("alerts_admin:compose", args=[specific.pk]),
                    "Send breaking-news alert",
                )
            ],
        )


hooks.register("after_edit_page", _offer_alert)
hooks.register("after_create_page", _offer_alert)


hooks.register("construct_homepage_panels", admin_home.add_panel)

# The member's data export lists their browsers' alert subscriptions.
hooks.register("masthead_member_data", lambda member: ("alerts", services.export_for(member)))


# What alerts adds to other apps' pages (masthead.core.slots).
hooks.register("masthead_slot_head_assets", slots.stylesheet)
hooks.register("masthead_slot_article_after_story", slots.article_optin)
hooks.register("masthead_slot_account_sections", slots.account_section, order=20)
