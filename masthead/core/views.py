import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csp import csp_override

from . import outbox, security, sendagain


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # The search page may be crawled, a search's results (and suggestions) not.
        "Allow: /search/$",
        "Disallow: /search/",
        "Disallow: /_outbox/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/news-sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _require_demo():
    if not settings.DEMO_MODE:
        raise Http404("The outbox exists in demo mode only.")


@never_cache
def outbox_list(request):
    _require_demo()
    return render(request, "core/outbox_list.html", {"messages_": outbox.list_messages()})


@never_cache
@csp_override(security.outbox_policy())
def outbox_message(request, name):
    _require_demo()
    message = outbox.read_message(name)
    if message is None:
        raise Http404("No such message.")
    return render(request, "core/outbox_message.html", {"message": message})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@never_cache
def csrf_failure(request, reason=""):
    """A form the site could not accept (its token had expired, or the browser refused the
    cookie): say so in the site's own words and send the reader back to try again, instead
    of Django's bare 403. Back goes to the page the form was on when that is this site.
    A reader's form that offers it (`sendagain`) is shown again instead, ready to send."""
    again = sendagain.page(request, reason)
    if again is not None:
        return again
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)


def server_error(request):
    """The designed error pages, rendered without the database or any context processor:
    they must work when the failure is the database itself. A database that cannot be
    reached is an outage, not a bug: 503 with Retry-After, so clients and proxies retry
    (and nginx serves its stale copy)."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
