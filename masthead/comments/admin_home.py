"""The comments' part of the newsroom home: what waits for a moderator, oldest first."""

from django.urls import reverse
from django.utils.text import Truncator

from masthead.core.admin_home import HomePanel, Row, newsroom_time

from .admin_views import PERMISSION
from .models import Comment


class PendingCommentsPanel(HomePanel):
    name = "newsroom-comments"
    heading = "Comments waiting for moderation"
    icon = "comment"
    order = 60
    more_label = "Moderation queue"

    def is_shown(self):
        return self.request.user.has_perm(PERMISSION)

    def get_rows(self):
        pending = (
            Comment.objects.filter(status=Comment.Status.PENDING)
            .select_related("author", "article")
            .order_by("created_at", "pk")
        )
        return [
            Row(
                title=Truncator(comment.text).chars(90),
                url=reverse("comment_moderation:detail", args=[comment.pk]),
                detail=f"on “{comment.article.title}”, {newsroom_time(comment.created_at)}",
                status=comment.get_status_display(),
            )
            for comment in self.take(pending)
        ]

    def get_more_url(self):
        return reverse("comment_moderation:index")


def add_panel(request, panels):
    """construct_homepage_panels: the moderation panel, for moderators."""
    panels.append(PendingCommentsPanel(request))
