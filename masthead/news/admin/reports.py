"""Reports for the picture desk."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import policy_registry

from .. import photo_credits
from ..models import NewsImage

TITLE = "Photos without a credit"


def image_policy():
    return policy_registry.get_by_type(NewsImage)


class UncreditedPhotosReport(ReportView):
    """Every photo the user may edit that has no credit yet, each linked to its edit form:
    such a photo cannot go into an article until it has one."""

    page_title = TITLE
    header_icon = "image"
    index_url_name = "news_reports:uncredited_photos"
    index_results_url_name = "news_reports:uncredited_photos_results"
    permission_required = "change"
    list_export = ["title", "caption", "source", "created_at", "uploaded_by_user"]
    export_headings = {"uploaded_by_user": "Uploaded by"}

    @cached_property
    def permission_policy(self):
        return image_policy()

    def get_filename(self):
        return "photos-without-a-credit"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Photo",
                get_url=lambda image: reverse("wagtailimages:edit", args=(image.pk,)),
            ),
            Column("caption", label="Caption"),
            Column("uploaded_by_user", label="Uploaded by"),
            DateColumn("created_at", label="Uploaded"),
        ]

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            editable.filter(pk__in=photo_credits.uncredited_photos().values("pk"))
            .select_related("uploaded_by_user")
            .order_by("-created_at")
        )


class UncreditedPhotosMenuItem(MenuItem):
    def is_shown(self, request):
        return image_policy().user_has_permission(request.user, "change")


def menu_item():
    return UncreditedPhotosMenuItem(
        TITLE,
        reverse("news_reports:uncredited_photos"),
        name="photos-without-a-credit",
        icon_name="image",
        order=650,
    )
