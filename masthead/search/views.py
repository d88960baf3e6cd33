import math

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from masthead.core import ratelimit
from masthead.core.caching import Cacheability, add_page_cache_headers, mark

from . import services


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        return 1


def _within_budget(request):
    """Count this search against the reader's budget: per member, or per client address for
    anonymous readers (a separate, smaller budget). Searches the page cache answers are not
    counted: they never reach this view. Unlike sign-in, search fails open when the limit
    cannot count (Redis away): it sends nothing and reveals no more than the wall allows."""
    if request.user.is_authenticated:
        scope, identity, limit = "search:member", request.user.pk, settings.SEARCH_RATE_MEMBER
    else:
        scope, identity = "search:anonymous", ratelimit.client_ip(request)
        limit = settings.SEARCH_RATE_ANONYMOUS
    count = ratelimit.hit(scope, identity, limit)
    return count <= limit[0] or count == math.inf


def _too_many(request, query):
    wait = (
        settings.SEARCH_RATE_MEMBER[1]
        if request.user.is_authenticated
        else (settings.SEARCH_RATE_ANONYMOUS[1])
    )
    context = {"raw_query": query[:200], "wait_seconds": wait}
    response = render(request, "search/too_many.html", context, status=429)
    response["Retry-After"] = str(wait)
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, no_store=True)
    return response


def _is_results(request):
    """A search's results, as opposed to the search page itself: what search engines ask
    sites to keep out of their index (results pages of results pages)."""
    return any(value.strip() for value in request.GET.values())


def search(request):
    """The search page: server-rendered; its results never indexed by search engines, the
    empty page (what a reader finds when looking for a way to search the site) indexed."""
    query = request.GET.get("q", "")
    if query.strip() and not _within_budget(request):
        return _too_many(request, query)
    filters = services.Filters.from_params(request.GET)
    outcome = services.search(request.user, query, filters, page=_page_number(request))
    response = render(
        request,
        "search/search.html",
        {
            "raw_query": query[:200],
            "outcome": outcome,
            "results_page": _is_results(request),
            **services.filter_choices(),
        },
    )
    if _is_results(request):
        response["X-Robots-Tag"] = "noindex"
    # Anonymous readers all get the same wall-safe snippets, so the edge and the page cache
    # may keep the page (a surge of the same search costs one), briefly: no publish purges
    # it. A member's snippets may show what the wall hides: private.
    return add_page_cache_headers(request, response, shared_seconds=settings.SEARCH_SHARED_SECONDS)


SUGGEST_SHARED_SECONDS = 60


def suggest(request):
    """As-you-type suggestions: `{"suggestions": [{"title", "url"}]}`, headlines only."""
    response = JsonResponse({"suggestions": services.suggest(request.GET.get("q", ""))})
    response["X-Robots-Tag"] = "noindex"
    # Headlines only, the same for every reader: kept a minute by every cache.
    return mark(response, Cacheability(shared=True, shared_seconds=SUGGEST_SHARED_SECONDS))
