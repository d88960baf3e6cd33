from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_home
from .admin import photo_chooser, reports
from .admin.choosers import AuthorChooserViewSet, TopicChooserViewSet
from .admin.widgets import CREDIT_STEP_JS
from .models import Author, Topic


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "job_title"]
    search_fields = ["name"]
    chooser_viewset_class = AuthorChooserViewSet


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    chooser_viewset_class = TopicChooserViewSet


class NewsroomGroup(SnippetViewSetGroup):
    menu_label = "Newsroom"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (AuthorViewSet, TopicViewSet)


register_snippet(NewsroomGroup)


@hooks.register("register_admin_viewset")
def register_photo_chooser():
    return photo_chooser.viewset


@hooks.register("insert_editor_js")
def photo_credit_step_js():
    # The body's photo blocks open the photo chooser too; its extra step needs this script
    # even when no other field of the form brings it.
    return format_html('<script src="{}"></script>', static(CREDIT_STEP_JS))


@hooks.register("register_admin_urls")
def register_report_urls():
    report = reports.UncreditedPhotosReport
    urls = [
        path("photos-without-a-credit/", report.as_view(), name="uncredited_photos"),
        path(
            "photos-without-a-credit/results/",
            report.as_view(results_only=True),
            name="uncredited_photos_results",
        ),
    ]
    return [path("news/reports/", include((urls, "news_reports")))]


@hooks.register("register_reports_menu_item")
def register_uncredited_photos_menu_item():
    return reports.menu_item()


hooks.register("construct_homepage_panels", admin_home.add_panels)
