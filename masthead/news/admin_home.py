"""The stories' part of the newsroom home: my drafts, waiting for my approval, scheduled,
published in the last 24 hours. Each row opens the page's edit screen, where the editor acts.
"""

from datetime import timedelta

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Revision,
    TaskState,
    WorkflowState,
    get_default_page_content_type,
)
from wagtail.permissions import policy_registry

from masthead.core import clock
from masthead.core.admin_home import HomePanel, Row, newsroom_time

from .models import ArticlePage

# Wagtail's own page panels that ours replace: the same lists, said the newsroom's way (my
# locked pages are among my drafts).
REPLACED = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
    "recent_edits",
    "locked_pages",
}


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _person(user):
    if user is None:
        return "someone"
    return getattr(user, "display_name", "") or user.get_full_name() or user.get_username()


def _draft_status(page, user):
    if page.locked and page.locked_by_id == user.pk:
        return "Locked by you"
    if page.in_moderation:
        return "In moderation"
    return "Live, with draft changes" if page.live else "Draft"


class PagePanel(HomePanel):
    actions = ()

    def is_shown(self):
        policy = policy_registry.get_by_type(Page)
        return policy.user_has_any_permission(self.request.user, self.actions)


class MyDraftsPanel(PagePanel):
    """Pages I own or last edited whose latest changes are not published (nor scheduled),
    and pages I locked."""

    name = "newsroom-my-drafts"
    heading = "My drafts"
    icon = "edit"
    order = 10
    actions = ("add", "change")
    empty_text = "No drafts: everything you wrote is published or scheduled."

    def get_rows(self):
        user = self.request.user
        in_moderation = WorkflowState.objects.active().filter(
            base_content_type_id=get_default_page_content_type().id,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        pages = (
            Page.objects.annotate_approved_schedule()
            .filter(
                Q(has_unpublished_changes=True, _approved_schedule=False)
                & (Q(owner=user) | Q(latest_revision__user=user))
                | Q(locked=True, locked_by=user)
            )
            .annotate(in_moderation=Exists(in_moderation))
            .order_by("-latest_revision_created_at", "-pk")
        )
        return [
            Row(
                title=page.draft_title,
                url=_edit_url(page.pk),
                detail=f"edited {newsroom_time(page.latest_revision_created_at)}",
                status=_draft_status(page, user),
            )
            for page in self.take(pages)
        ]


class AwaitingMyApprovalPanel(PagePanel):
    """Pages submitted to a workflow step I may approve."""

    name = "newsroom-awaiting-approval"
    heading = "Waiting for my approval"
    icon = "tasks"
    order = 20
    actions = ("publish",)

    def get_rows(self):
        # Wagtail's TaskState.objects.reviewable_by asks each task in turn (a query or two a
        # task); the approval steps here are group approvals, asked in one query.
        user = self.request.user
        states = TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            task__active=True,
            revision__base_content_type_id=get_default_page_content_type().id,
        )
        if not user.is_superuser:
            states = states.filter(task__in=GroupApprovalTask.objects.filter(groups__user=user))
        states = states.select_related("revision", "task", "workflow_state__requested_by").order_by(
            "started_at", "pk"
        )
        return [
            Row(
                title=state.revision.object_str,
                url=_edit_url(state.revision.object_id),
                detail=(
                    f"submitted by {_person(state.workflow_state.requested_by)}, "
                    f"{newsroom_time(state.started_at)}"
                ),
                status=state.task.name,
            )
            for state in self.take(states)
        ]


class ScheduledPanel(PagePanel):
    """Approved revisions waiting for their go-live time, soonest first."""

    name = "newsroom-scheduled"
    heading = "Scheduled"
    icon = "calendar"
    order = 30
    actions = ("publish",)
    empty_text = "Nothing scheduled"

    def get_rows(self):
        revisions = Revision.page_revisions.filter(approved_go_live_at__isnull=False).order_by(
            "approved_go_live_at", "pk"
        )
        return [
            Row(
                title=revision.object_str,
                url=_edit_url(revision.object_id),
                detail=f"goes live {newsroom_time(revision.approved_go_live_at)}",
                status="Scheduled",
            )
            for revision in self.take(revisions)
        ]


class PublishedTodayPanel(PagePanel):
    """Stories published (or published again) in the last 24 hours, newest first."""

    name = "newsroom-published"
    heading = "Published in the last 24 hours"
    icon = "doc-full"
    order = 40
    actions = ("add", "change")
    empty_text = "Nothing published in the last 24 hours"

    def get_rows(self):
        since = clock.now() - timedelta(hours=24)
        stories = (
            ArticlePage.objects.filter(live=True, last_published_at__gte=since)
            .only("pk", "title", "first_published_at", "last_published_at")
            .order_by("-last_published_at", "-pk")
        )
        return [
            Row(
                title=story.title,
                url=_edit_url(story.pk),
                detail=f"published {newsroom_time(story.last_published_at)}",
                status=(
                    "Updated"
                    if story.first_published_at and story.first_published_at < since
                    else "Published"
                ),
            )
            for story in self.take(stories)
        ]


def add_panels(request, panels):
    """construct_homepage_panels: the stories' panels, in place of Wagtail's page lists."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED]
    panels += [
        MyDraftsPanel(request),
        AwaitingMyApprovalPanel(request),
        ScheduledPanel(request),
        PublishedTodayPanel(request),
    ]
