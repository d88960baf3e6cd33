"""The reading list's views: the member's saved ids (private, for the buttons' script) and
the two changes, save and remove (POST; JSON for the script, a redirect without it)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from masthead.news.models import ArticlePage

from . import services

NOT_FOUND = "That story is not available to save."


class SeeOther(HttpResponseRedirect):
    status_code = 303


def list_url():
    return reverse("accounts:account") + "#reading-list"


def signin_url(next_url):
    return f"{reverse('accounts:signin')}?{urlencode({'next': next_url})}"


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _private(response):
    """Never kept by a browser or any cache between: it is one member's list."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _refused(request, message, status):
    if _wants_json(request):
        return _private(JsonResponse({"error": message}, status=status))
    response = render(request, "readinglist/refused.html", {"message": message}, status=status)
    return _private(response)


def _done(request, saved, message):
    if _wants_json(request):
        return _private(JsonResponse({"saved": saved}))
    messages.success(request, message)
    return SeeOther(list_url())


@never_cache
@require_GET
def saved(request):
    """Which stories the reader has saved: the script marks their buttons "pressed"."""
    if not request.user.is_authenticated:
        data = {"signed_in": False, "saved": [], "signin_url": reverse("accounts:signin")}
    else:
        data = {"signed_in": True, "saved": services.saved_ids(request.user)}
    return _private(JsonResponse(data))


@never_cache
@require_POST
def save(request, page_id):
    article = services.story_to_save(page_id)
    if article is None:
        if _wants_json(request):
            return _refused(request, NOT_FOUND, 404)
        raise Http404(NOT_FOUND)
    if not request.user.is_authenticated:
        # Saving needs an account: sign in, then back to the story.
        if _wants_json(request):
            return _private(JsonResponse({"signin_url": signin_url(article.url)}, status=401))
        return SeeOther(signin_url(article.url))
    try:
        services.save(request.user, article)
    except services.Refused as refusal:
        return _refused(request, refusal.message, refusal.status)
    return _done(request, True, f"Saved to your reading list: {article.title}")


@never_cache
@require_POST
def remove(request, page_id):
    if not request.user.is_authenticated:
        return SeeOther(signin_url(list_url()))
    if not services.is_saved(request.user, page_id) and not (
        services.valid_id(page_id) and ArticlePage.objects.filter(pk=page_id).exists()
    ):
        if _wants_json(request):
            return _refused(request, "That story is not on your reading list.", 404)
        raise Http404("That story is not on your reading list.")
    try:
        services.remove(request.user, page_id)
    except services.Refused as refusal:
        return _refused(request, refusal.message, refusal.status)
    return _done(request, False, "Removed from your reading list.")
