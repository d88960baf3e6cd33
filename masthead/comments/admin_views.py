"""The moderation queue in the Wagtail admin. Thin: every decision is a services call."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from masthead.core import clock
from masthead.news.models import ArticlePage

from . import services
from .models import Comment, Discussion, LogEntry, Standing
from .services import reading

PERMISSION = "comments.moderate_comment"
TABS = [("pending", "Pending"), ("reported", "Reported"), ("all", "All")]


def moderator_required(view):
    """Only staff with the moderation permission; everyone else is refused (403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_staff and user.has_perm(PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def queue(tab):
    comments = Comment.objects.select_related("author", "article").annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at=None))
    )
    if tab == "pending":
        return comments.filter(status=Comment.Status.PENDING).order_by("created_at")
    if tab == "reported":
        return comments.filter(
            open_reports__gt=0, status=Comment.Status.APPROVED, deleted_at=None
        ).order_by("-open_reports", "created_at")
    return comments.order_by("-created_at")


@moderator_required
def index(request):
    tab = request.GET.get("tab", "pending")
    if tab not in dict(TABS):
        tab = "pending"
    counts = {
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "reported": Comment.objects.filter(
            reports__isnull=False,
            reports__resolved_at=None,
            status=Comment.Status.APPROVED,
            deleted_at=None,
        )
        .distinct()
        .count(),
    }
    page = Paginator(queue(tab), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "comments/admin/index.html",
        {"tab": tab, "tabs": TABS, "counts": counts, "comments": page, "page_title": "Comments"},
    )


def _act(request, comment, action):
    """Apply one moderator action from a form to one comment; return a message."""
    moderator, reason = request.user, request.POST.get("reason", "").strip()
    if action == "approve":
        services.approve(comment, moderator, reason=reason)
        return "approved"
    if action == "reject":
        services.reject(comment, moderator, reason=reason)
        return "rejected"
    if action == "feature":
        services.feature(comment, moderator, featured=True)
        return "featured"
    if action == "unfeature":
        services.feature(comment, moderator, featured=False)
        return "no longer featured"
    if action == "dismiss":
        services.dismiss_reports(comment, moderator, reason=reason)
        return "kept; reports dismissed"
    if action in {"suspend", "ban", "reinstate"} and comment.author is None:
        raise services.NotAllowed("This comment was brought over by an import: no member wrote it.")
    if action == "suspend":
        days = request.POST.get("days", "")
        if not days.isdigit() or not 1 <= int(days) <= 365:
            raise services.NotAllowed("Suspend for 1 to 365 days.")
        services.suspend(comment.author, moderator, days=int(days), reason=reason, comment=comment)
        return f"author suspended for {int(days)} days"
    if action == "ban":
        services.ban(comment.author, moderator, reason=reason, comment=comment)
        return "author banned"
    if action == "reinstate":
        services.reinstate(comment.author, moderator, reason=reason)
        return "author reinstated"
    raise services.NotAllowed("Unknown action.")


@moderator_required
def detail(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("author", "article", "parent__author"), pk=pk
    )
    if request.method == "POST":
        try:
            done = _act(request, comment, request.POST.get("action", ""))
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Comment {comment.pk}: {done}.")
        return redirect("comment_moderation:detail", pk=comment.pk)
    author = comment.author  # None for a comment brought over by an import
    standing = Standing.objects.filter(member=author).first() if author else None
    context = {
        "comment": comment,
        "verdicts": comment.verdicts.all(),
        "reports": comment.reports.select_related("reporter").order_by("-created_at"),
        "log": LogEntry.objects.filter(
            Q(comment=comment) | (Q(member=author) if author else Q(pk__in=[]))
        ).select_related("moderator")[:20],
        "standing": standing,
        "author_comments": Comment.objects.filter(author=author).count() if author else 0,
        "discussion_state": reading.discussion_state(comment.article),
        "page_title": f"Comment {comment.pk}",
    }
    return render(request, "comments/admin/detail.html", context)


@require_POST
@moderator_required
def bulk(request):
    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
    if action not in ("approve", "reject") or not ids:
        messages.error(request, "Choose comments and an action.")
    else:
        comments = Comment.objects.filter(pk__in=ids).select_related("article", "author")
        for comment in comments:
            _act(request, comment, action)
        messages.success(request, f"{len(comments)} comment(s) {action}d.")
    return redirect(reverse("comment_moderation:index") + f"?tab={request.POST.get('tab', '')}")


@moderator_required
def log(request):
    entries = LogEntry.objects.select_related("moderator", "member", "comment", "article")
    page = Paginator(entries, 100).get_page(request.GET.get("p"))
    return render(
        request, "comments/admin/log.html", {"entries": page, "page_title": "Moderation log"}
    )


@moderator_required
def discussions(request):
    """Recent articles with their comment counts; editors close or reopen discussions here."""
    if request.method == "POST":
        article = get_object_or_404(ArticlePage, pk=request.POST.get("article", "0") or 0)
        state = request.POST.get("state", "")
        if state in Discussion.State.values:
            services.set_discussion_state(article, request.user, state)
            messages.success(request, f"“{article.title}”: {Discussion.State(state).label}.")
        next_url = request.POST.get("next", "")
        if next_url.startswith("/admin/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("comment_moderation:discussions")
    articles = ArticlePage.objects.live().order_by("-published_at")[:50]
    states = dict(Discussion.objects.filter(article__in=articles).values_list("article", "state"))
    counts = dict(
        Comment.objects.visible()
        .filter(article__in=articles)
        .values_list("article")
        .annotate(n=Count("pk"))
        .values_list("article", "n")
    )
    now = clock.now()
    rows = [
        {
            "article": a,
            "state": states.get(a.pk, Discussion.State.AUTO),
            "count": counts.get(a.pk, 0),
            "open": reading.discussion_is_open(a, now, state=states.get(a.pk)),
        }
        for a in articles
    ]
    return render(
        request,
        "comments/admin/discussions.html",
        {"rows": rows, "states": Discussion.State.choices, "page_title": "Discussions"},
    )
