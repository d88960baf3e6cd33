from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from masthead.core import clock

from . import services

NEWS_SITEMAP_WINDOW = timedelta(hours=48)


def news_sitemap(request):
    """The Google News sitemap: articles published in the last 48 hours."""
    since = clock.now() - NEWS_SITEMAP_WINDOW
    articles = services.live_articles().filter(published_at__gte=since)[:1000]
    xml = render_to_string(
        "news/news_sitemap.xml",
        {
            "articles": articles,
            "publication": settings.WAGTAIL_SITE_NAME,
            "language": settings.LANGUAGE_CODE,
            "site_url": settings.SITE_URL,
        },
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
