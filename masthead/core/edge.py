"""Tell the edge cache (nginx, a CDN) what a publish changed.

Wagtail purges a published or unpublished page itself; the page again (when its privacy
changed, which Wagtail does not purge) and the listings that show it (front page, its section,
the feeds, the sitemaps) are purged here. The purge runs in the task worker.
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
    if page.full_url:  # Wagtail purges a published page itself, not one made private
        urls.append(page.full_url)
    parent = page.get_parent()
    if parent is not None and parent.depth > 2:  # a section, not the front page or root
        urls.append(parent.full_url)
    purge_urls_from_cache(urls)
