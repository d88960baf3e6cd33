from django.db.models import Count, Q
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton

from . import admin_home, admin_views, sendagain, slots
from .models import Edition, Newsletter, Subscription, Suppression
from .services import charts, editions, subscriptions

admin_urls = (
    [
        path("<int:pk>/", admin_views.console, name="console"),
        path("<int:pk>/preview/", admin_views.preview, name="preview"),
        path("<int:pk>/progress.json", admin_views.progress, name="progress"),
        path("<int:pk>/act/", admin_views.act, name="act"),
    ],
    "newsletters_admin",
)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [path("newsletters/console/", include(admin_urls))]


class NewsletterIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                subscribers=Count(
                    "subscriptions",
                    filter=Q(subscriptions__status=Subscription.Status.SUBSCRIBED),
                )
            )
        )


class NewsletterEditView(generic.EditView):
    """The newsletter's page: its subscribers over time and each send's outcome, then the
    form."""

    template_name = "newsletters/admin/newsletter_edit.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "report": charts.report(self.object)}


class NewsletterViewSet(ModelViewSet):
    model = Newsletter
    name = "newsletters_newsletter"
    url_prefix = "newsletters/newsletters"
    icon = "mail"
    index_view_class = NewsletterIndexView
    edit_view_class = NewsletterEditView
    list_display = ["name", "slug", "send_time", "time_zone", Column("subscribers")]
    form_fields = [
        "name",
        "slug",
        "description",
        "sender",
        "reply_to",
        "send_time",
        "time_zone",
        "automatic",
        "subscribe_on_registration",
        "is_active",
    ]


class FollowingPanel(Panel):
    """Says on the edition's form whether its stories still follow the news."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletters/admin/following.html"

        def get_context_data(self, parent_context=None):
            return {**super().get_context_data(parent_context), "edition": self.instance}

        def is_shown(self):
            return bool(self.instance.pk)


class EditionIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        return [
            ListingButton(
                "Preview and send",
                reverse("newsletters_admin:console", args=[instance.pk]),
                icon_name="mail",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


class EditionCreateView(generic.CreateView):
    def save_instance(self):
        # An edition made by hand is the editor's choice from the start.
        editions.mark_edited(self.form.instance, self.request.user)
        return super().save_instance()


class EditionEditView(generic.EditView):
    def get_object(self, queryset=None):
        edition = super().get_object(queryset)
        if self.request.method == "GET":
            # The form shows the stories as they would go out now.
            editions.follow_news(edition)
        return edition

    def save_instance(self):
        # Saving a change makes the stories the editor's: they no longer follow the news.
        if self.form.has_changed():
            editions.mark_edited(self.form.instance, self.request.user)
        return super().save_instance()

    def get_header_more_buttons(self):
        return [
            HeaderButton(
                "Preview and send",
                reverse("newsletters_admin:console", args=[self.object.pk]),
                icon_name="mail",
            ),
            *super().get_header_more_buttons(),
        ]


class EditionViewSet(ModelViewSet):
    model = Edition
    name = "newsletters_edition"
    url_prefix = "newsletters/editions"
    icon = "doc-full"
    index_view_class = EditionIndexView
    add_view_class = EditionCreateView
    edit_view_class = EditionEditView
    list_display = [
        "__str__",
        Column("outcome_label", label="State"),
        Column("stories_chosen_by", label="Stories"),
        "scheduled_for",
    ]
    list_filter = ["newsletter", "state"]
    panels = [
        FollowingPanel(),
        FieldPanel("newsletter"),
        FieldPanel("date"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        InlinePanel("stories", label="Stories", heading="Stories, in order"),
    ]


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    name = "newsletters_suppression"
    url_prefix = "newsletters/suppressions"
    icon = "warning"
    list_display = ["email", "reason", "created_at"]
    search_fields = ["email"]
    form_fields = ["email", "reason", "detail"]


class NewslettersGroup(ModelViewSetGroup):
    menu_label = "Newsletters"
    menu_icon = "mail"
    menu_order = 260
    items = (NewsletterViewSet, EditionViewSet, SuppressionViewSet)


@hooks.register("register_admin_viewset")
def register_newsletters_viewsets():
    return NewslettersGroup()


hooks.register("construct_homepage_panels", admin_home.add_panel)


# What newsletters adds to other apps' pages (masthead.core.slots).
hooks.register("masthead_slot_account_sections", slots.account_section, order=10)
hooks.register(
    "masthead_member_data",
    lambda member: ("newsletters", subscriptions.export_for(member)),
)

# The sign-up form refused for its CSRF token is shown again, ready to send (core.sendagain).
hooks.register("masthead_send_again_newsletters:subscribe", sendagain.subscribe)
