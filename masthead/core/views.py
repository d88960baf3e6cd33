from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csp import csp_override

from . import outbox, security


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
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


def server_error(request):
    return render(request, "500.html", status=500)
