from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import services


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        return 1


def search(request):
    """The search page: server-rendered, never indexed by search engines."""
    query = request.GET.get("q", "")
    filters = services.Filters.from_params(request.GET)
    outcome = services.search(request.user, query, filters, page=_page_number(request))
    response = render(
        request,
        "search/search.html",
        {"raw_query": query[:200], "outcome": outcome, **services.filter_choices()},
    )
    response["X-Robots-Tag"] = "noindex"
    if request.user.is_authenticated:
        # A member's snippets may show what the wall hides: never stored by shared caches.
        patch_cache_control(response, private=True, max_age=0)
    else:
        # Every anonymous reader gets the same wall-safe page, so the edge and the page cache
        # may keep it: a surge of readers searching the same news costs one search. Briefly,
        # since a publish does not purge search pages.
        seconds = settings.SEARCH_SHARED_SECONDS
        patch_cache_control(
            response,
            public=True,
            max_age=seconds,
            s_maxage=seconds,
            stale_if_error=settings.PAGE_CACHE_STALE_IF_ERROR,
        )
    patch_vary_headers(response, ["Cookie"])
    return response


def suggest(request):
    """As-you-type suggestions: `{"suggestions": [{"title", "url"}]}`, headlines only."""
    response = JsonResponse({"suggestions": services.suggest(request.GET.get("q", ""))})
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=60)
    return response
