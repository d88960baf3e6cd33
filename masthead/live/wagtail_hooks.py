from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets import Button

from . import admin_views, slots
from .models import LiveBlogPage

admin_urls = (
    [
        path("<int:page_id>/", admin_views.compose, name="compose"),
        path("<int:page_id>/end/", admin_views.end, name="end"),
        path("entries/<int:pk>/", admin_views.edit, name="edit"),
        path("entries/<int:pk>/delete/", admin_views.delete, name="delete"),
    ],
    "live_admin",
)


@hooks.register("register_admin_urls")
def register_live_urls():
    return [path("live/", include(admin_urls))]


def _compose_button(page, user, priority):
    if (
        isinstance(page.specific_deferred, LiveBlogPage)
        and page.permissions_for_user(user).can_publish()
    ):
        yield Button(
            "Post updates",
            reverse("live_admin:compose", args=[page.pk]),
            icon_name="edit",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def compose_header_button(page, user, view_name=None, next_url=None):
    yield from _compose_button(page, user, priority=5)


@hooks.register("register_page_listing_more_buttons")
def compose_listing_button(page, user, next_url=None):
    yield from _compose_button(page, user, priority=5)


def _offer_compose_screen(request, page):
    """Publishing a live page leads to where its coverage is written."""
    specific = page.specific
    if (
        "action-publish" in request.POST
        and isinstance(specific, LiveBlogPage)
        and specific.live
        and specific.is_live
        and specific.permissions_for_user(request.user).can_publish()
    ):
        messages.success(
            request,
            f"“{specific.title}” is live. Post its updates from the compose screen.",
            buttons=[
                messages.button(reverse("live_admin:compose", args=[specific.pk]), "Post updates")
            ],
        )


hooks.register("after_edit_page", _offer_compose_screen)
hooks.register("after_create_page", _offer_compose_screen)


hooks.register("masthead_slot_story_label", slots.story_label)
hooks.register("masthead_slot_card_label", slots.card_label)
hooks.register("masthead_slot_head_assets", slots.stylesheet)
