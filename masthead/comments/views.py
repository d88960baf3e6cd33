"""Readers' views: the comments fragment and page, and the members' actions (all POST)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.core import clock
from masthead.news.models import ArticlePage

from . import conf, services
from .forms import CommentForm, EditForm, ReportForm
from .models import Comment, Report
from .services import notifications, reading


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _article(page_id):
    article = ArticlePage.objects.live().filter(pk=page_id).first()
    if article is None:
        raise Http404("No such article.")
    return article


def _next(request, article, anchor="comments"):
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = article.url
    return target.split("#")[0] + f"#{anchor}"


def _context(request, article, *, sort, page, form_text="", error="", status=""):
    now = clock.now()
    state = reading.discussion_state(article)
    data = reading.page_of_threads(article, sort=sort, page=page)
    user = request.user
    member = user if user.is_authenticated else None
    shown = [c for c in data["featured"]]
    stack = list(data["threads"])
    while stack:
        node = stack.pop()
        shown.append(node.comment)
        stack.extend(node.replies)
    return {
        **data,
        "article": article,
        "open": reading.discussion_is_open(article, now, state=state),
        "member": member,
        "needs_display_name": member is not None and not member.display_name,
        "liked": reading.liked_by(member, shown) if member else set(),
        "editable": {c.pk for c in shown if member and services.can_edit(member, c, now)},
        "max_length": conf.get("COMMENTS_MAX_LENGTH"),
        "max_depth": conf.get("COMMENTS_MAX_DEPTH"),
        "reasons": Report.Reason.choices,
        "form_text": form_text,
        "error": error,
        "status_message": status,
        "sorts": [("newest", "Newest"), ("oldest", "Oldest"), ("liked", "Most liked")],
        "fragment_url": reverse("comments:fragment", args=[article.pk]),
        "page_url": reverse("comments:discussion", args=[article.pk]),
        "next_url": article.url,
    }


def shared_query(query_string):
    """Whether shared caches may keep the anonymous answer to this query string: only the
    forms the app's own links write (`purging.shared_queries`), so that removing a comment
    can purge every copy by its address."""
    if not query_string:
        return True
    sort, paged, page = query_string.partition("&page=")
    if not sort.startswith("sort=") or sort.removeprefix("sort=") not in reading.SORTS:
        return False
    return not paged or (page.isdigit() and not page.startswith("0") and len(page) < 6)


def _cache_headers(request, response, *, shareable=True):
    """`shareable`: False when the page shown is not the one asked for (a number past the
    last page shows the last): kept under that address, it would escape a purge."""
    query = request.META.get("QUERY_STRING", "")
    if request.user.is_authenticated or not shareable or not shared_query(query):
        patch_cache_control(response, private=True, no_cache=True)
    else:
        seconds = conf.get("COMMENTS_PUBLIC_CACHE_SECONDS")
        # Browsers ask again each time (a shared cache answers them); shared caches keep the
        # comments a while, and removing a comment purges them (`services.purging`).
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=seconds,
            stale_while_revalidate=seconds,
        )
    patch_vary_headers(response, ["Cookie"])
    return response


def _sort_and_page(request):
    sort = request.GET.get("sort", reading.DEFAULT_SORT)
    if sort not in reading.SORTS:
        sort = reading.DEFAULT_SORT
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 6 else 1
    return sort, page


def _render(request, article, template):
    sort, page = _sort_and_page(request)
    if request.user.is_authenticated:
        context = _context(request, article, sort=sort, page=page)
        html = render_to_string(template, context, request)
        return _cache_headers(request, HttpResponse(html))
    # Every anonymous reader gets the same bytes: keep them until the comments change.
    version = reading.cache_version(article.pk)
    key = f"comments:kept:{article.pk}:{version}:{template}:{sort}:{page}"
    kept = cache.get(key)
    if kept is None:
        context = _context(request, article, sort=sort, page=page)
        kept = (render_to_string(template, context, request), context["pager"].number)
        cache.set(key, kept, 600)
    html, shown_page = kept
    return _cache_headers(request, HttpResponse(html), shareable=shown_page == page)


@require_GET
def fragment(request, page_id):
    """The comments of an article as an HTML fragment, for the article page's placeholder."""
    return _render(request, _article(page_id), "comments/fragment.html")


@require_GET
def discussion(request, page_id):
    """The same comments as a page of their own: the link the article offers without script."""
    return _render(request, _article(page_id), "comments/page.html")


def _signin_redirect(article):
    query = urlencode({"next": f"{article.url}#comments"})
    return SeeOther(f"{reverse('accounts:signin')}?{query}")


def _refused(request, article, message, text, status=400):
    """Show the comments page again with the author's text kept and the reason given."""
    sort, page = _sort_and_page(request)
    context = _context(request, article, sort=sort, page=page, form_text=text, error=message)
    response = render(request, "comments/page.html", context, status=status)
    return _cache_headers(request, response)


@never_cache
@require_POST
def post(request, page_id):
    article = _article(page_id)
    if not request.user.is_authenticated:
        return _signin_redirect(article)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _refused(request, article, "That comment could not be read.", "")
    data = form.cleaned_data
    parent = None
    if data["parent"]:
        parent = Comment.objects.filter(pk=data["parent"], article=article).first()
        if parent is None:
            return _refused(request, article, "That comment is no longer available.", data["text"])
    try:
        comment = services.post_comment(
            request.user,
            article,
            data["text"],
            parent=parent,
            display_name=data["display_name"] or None,
        )
    except services.Refused as refusal:
        status = 429 if refusal.verdict.check == "rate" else 400
        return _refused(request, article, refusal.message, data["text"], status)
    except services.NotAllowed as error:
        return _refused(request, article, str(error), data["text"])
    if comment.status == Comment.Status.PENDING:
        messages.info(request, "Thank you. Your comment will appear once a moderator approves it.")
        return SeeOther(_next(request, article))
    if comment.status == Comment.Status.REJECTED:
        messages.warning(request, "Your comment was not published: it breaks our rules.")
        return SeeOther(_next(request, article))
    return SeeOther(_next(request, article, f"comment-{comment.pk}"))


def _own_action(request, pk):
    if not request.user.is_authenticated:
        comment = get_object_or_404(Comment, pk=pk)
        return None, _signin_redirect(comment.article)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if not comment.article.live:
        raise Http404("No such article.")
    return comment, None


@never_cache
@require_POST
def edit(request, pk):
    comment, response = _own_action(request, pk)
    if response:
        return response
    form = EditForm(request.POST)
    text = form.data.get("text", "")
    if not form.is_valid():
        return _refused(request, comment.article, "That comment could not be read.", "")
    try:
        services.edit_comment(request.user, comment, form.cleaned_data["text"])
    except services.Refused as refusal:
        return _refused(request, comment.article, refusal.message, text)
    except services.NotAllowed as error:
        return _refused(request, comment.article, str(error), text, status=403)
    if not comment.is_visible:
        messages.info(request, "Your edited comment will appear once a moderator approves it.")
    return SeeOther(_next(request, comment.article, f"comment-{comment.pk}"))


@never_cache
@require_POST
def delete(request, pk):
    comment, response = _own_action(request, pk)
    if response:
        return response
    try:
        services.delete_comment(request.user, comment)
    except services.NotAllowed as error:
        return _refused(request, comment.article, str(error), "", status=403)
    messages.info(request, "Your comment is deleted.")
    return SeeOther(_next(request, comment.article))


@never_cache
@require_POST
def like(request, pk):
    comment, response = _own_action(request, pk)
    if response:
        return response
    try:
        services.toggle_like(request.user, comment)
    except services.NotAllowed as error:
        return _refused(request, comment.article, str(error), "", status=403)
    return SeeOther(_next(request, comment.article, f"comment-{comment.pk}"))


@never_cache
@require_POST
def report(request, pk):
    comment, response = _own_action(request, pk)
    if response:
        return response
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _refused(request, comment.article, "Choose a reason for your report.", "")
    try:
        services.report_comment(
            request.user, comment, form.cleaned_data["reason"], form.cleaned_data["detail"]
        )
    except services.NotAllowed as error:
        return _refused(request, comment.article, str(error), "", status=403)
    messages.info(request, "Thank you. A moderator will look at that comment.")
    return SeeOther(_next(request, comment.article, f"comment-{comment.pk}"))


@never_cache
@require_POST
def preferences(request):
    """The account page's comment settings."""
    if not request.user.is_authenticated:
        return SeeOther(reverse("accounts:signin"))
    notifications.set_notify_replies(request.user, request.POST.get("notify_replies") == "on")
    messages.success(request, "Your comment settings are saved.")
    return SeeOther(reverse("accounts:account") + "#comments")


@never_cache
@csrf_exempt  # mail clients post the one-click unsubscribe without a session; the token decides
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click from the email (POST, RFC 8058); a GET only asks, so scanners change nothing."""
    member = notifications.member_for_unsubscribe(token)
    done = False
    if member is not None and request.method == "POST":
        notifications.set_notify_replies(member, False)
        done = True
    response = render(
        request,
        "comments/unsubscribe.html",
        {"valid": member is not None, "done": done},
    )
    response["Referrer-Policy"] = "strict-origin"
    return response
