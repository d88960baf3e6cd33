"""Words taken off the site leave every cache at once: the app's fragments and the edge's.

Anonymous readers' comments (the fragment and the comments page) are kept by the app per
comments version (`reading.cache_version`) and by shared caches in front of it (nginx's
proxy_cache, a CDN) for `COMMENTS_PUBLIC_CACHE_SECONDS`. A new comment or a like may wait for
that; a comment removed (its author deleted it or their account, a moderator rejected it)
may not: `forget` bumps the version and purges every address a shared cache may hold the
article's comments under, in the request, once the change is committed.

Those addresses are known because only they are shared (`views.shared_query`): the bare
fragment and page, `?sort=<sort>` and `?sort=<sort>&page=<n>` as the app's own links write
them. Any other query string is answered privately, so no cache holds it.

The article page itself holds no comment (its slot is a placeholder the fragment fills), nor
do the members' copies or the page files: they need no purge.
"""

import math

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

from .. import conf
from ..models import Comment
from . import reading


def pages_of(article_id):
    """How many pages of threads the article's comments fill (at least one)."""
    roots = Comment.objects.filter(article_id=article_id, parent=None).count()
    return max(1, math.ceil(roots / conf.get("COMMENTS_PER_PAGE")))


def shared_queries(pages):
    """The query strings under which shared caches may keep an article's comments."""
    queries = [""]
    for sort in reading.SORTS:
        queries.append(f"?sort={sort}")
        queries.extend(f"?sort={sort}&page={number}" for number in range(1, pages + 1))
    return queries


def addresses(article_id, pages):
    base = settings.SITE_URL
    paths = (
        reverse("comments:fragment", args=[article_id]),
        reverse("comments:discussion", args=[article_id]),
    )
    return [f"{base}{path}{query}" for path in paths for query in shared_queries(pages)]


def purge_now(pages_by_article):
    """Forget the articles' cached comments here and at the edge, now."""
    urls = []
    for article_id, pages in pages_by_article.items():
        reading.bump(article_id)
        urls.extend(addresses(article_id, pages))
    if settings.WAGTAILFRONTENDCACHE and urls:
        # Called, not enqueued: the words go before the answer does, not when a worker
        # gets to it.
        purge_urls_from_cache_task.call(urls)


def forget(article_ids):
    """Once the transaction commits, drop every cached copy of these articles' comments.
    The pages are counted now, while what is about to go still counts."""
    pages_by_article = {article_id: pages_of(article_id) for article_id in set(article_ids)}
    if pages_by_article:
        transaction.on_commit(lambda: purge_now(pages_by_article))
