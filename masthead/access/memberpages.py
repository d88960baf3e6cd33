"""The members' copy of the pages: every reader the wall takes for a member reads the same
article, front and section pages, so the app keeps one copy of each for them (see
`masthead.core.pagecache`, whose cache and lock it uses, under keys of its own)."""

from django.urls import Resolver404, resolve

from masthead.core import caching, pagecache

from . import policy


class MemberPageCacheMiddleware(pagecache.PageCacheMiddleware):
    """Serve members' pages from the cache kept for members, rendering each missing page
    once; after the session and authentication middleware, so it knows who asks. Only the
    CMS's pages (Wagtail's serve view) can be kept: other views are not held behind its lock."""

    state_prefix = "MEMBER-"

    def keys(self, request):
        if not pagecache.reads_a_kept_page(request.META):
            return None
        if policy.reader_kind(request.user) != "member":
            return None
        try:
            if resolve(request.path_info).url_name != "wagtail_serve":
                return None
        except Resolver404:
            return None
        return tuple(key and key + ":members" for key in pagecache.keys_for(request.META))

    def keep_at_edge(self, request, gen, response):
        pass  # members' pages stay in the app

    def may_store(self, request, response):
        return (
            caching.of(response).members_share
            and pagecache.storable(response)
            # A page that used the reader's CSRF token or session holds something of theirs.
            and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
            and not request.session.modified
        )
