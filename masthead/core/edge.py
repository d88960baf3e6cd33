"""Tell the edge cache (nginx, a CDN) what a publish changed.

Wagtail purges the published page itself; the listings that show it (front page, its
section, the feeds, the sitemaps) are purged here, and a page whose privacy changed (which
Wagtail does not purge). The purge runs in the task worker.
"""

from django.conf import settings


def purge_listings(page):
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.SITE_URL
    urls = [
        f"{base}/",
        f"{base}/feeds/rss/",
        f"{base}/feeds/atom/",
        f"{base}/sitemap.xml",
        f"{base}/news-sitemap.xml",
    ]
    parent = page.get_parent()
    if parent is not None and parent.depth > 2:  # a section, not the front page or root
        urls.append(parent.full_url)
    purge_urls_from_cache(urls)


def purge_page(page):
    """A page made private or public again: Wagtail purges on publish, not on this."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

    purge_page_from_cache(page)
