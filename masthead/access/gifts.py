"""A gift: a member gives one story to someone who is not a member (the sharing app's gift
links). The wall knows only that, while one request is served, one article is a gift to its
reader: the app that checked the link says so (`reading_gift`), and `policy.decide` entitles
the reader to that article, and no other, for that request alone.

A context variable rather than a request attribute: `decide` is asked with the reader and the
article, and the wall must not learn about links, tokens or counts to answer it. Such a
response is never shared (`core.caching.keep_private`): it reads something no cache key holds.
"""

import contextlib
import contextvars

_gifted_article = contextvars.ContextVar("gifted_article", default=None)


@contextlib.contextmanager
def reading_gift(article_pk):
    """While the block runs, the article `article_pk` is a gift to the reader being served."""
    token = _gifted_article.set(article_pk)
    try:
        yield
    finally:
        _gifted_article.reset(token)


def is_gift(article_pk):
    return article_pk is not None and _gifted_article.get() == article_pk
