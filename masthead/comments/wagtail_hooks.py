from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import admin_home, admin_views, export, sendagain, slots


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


class CommentModerationViewSet(ViewSet):
    """Comments in the admin: the queue (pending, reported, all), discussions and the log."""

    name = "comment_moderation"
    url_prefix = "comments"
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = ModerationMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.index, name="index"),
            path("<int:pk>/", admin_views.detail, name="detail"),
            path("bulk/", admin_views.bulk, name="bulk"),
            path("discussions/", admin_views.discussions, name="discussions"),
            path("log/", admin_views.log, name="log"),
        ]


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return CommentModerationViewSet()


hooks.register("construct_homepage_panels", admin_home.add_panel)


# What comments adds to other apps' pages (masthead.core.slots).
hooks.register("masthead_slot_article_extras", slots.article_discussion)
hooks.register("masthead_slot_account_sections", slots.account_section, order=30)
hooks.register("masthead_slot_head_assets", slots.stylesheet)

# What the member wrote, liked and reported, in their data export (accounts).
hooks.register("masthead_member_data", export.member_data)

# A comment refused for its CSRF token is shown again, ready to post (core.sendagain).
hooks.register("masthead_send_again_comments:post", sendagain.post)
