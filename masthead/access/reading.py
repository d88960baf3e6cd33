"""A reader's page, once through the wall: the one place a served page is decided.

Wagtail serves a page through its `on_serve_page` chain, its own view restrictions first
(`check_view_restrictions`); ours (`wagtail_hooks.through_the_wall`) runs inside it, once per
request, in three steps:

1. **decide**: for a story (a page with an `access_level`), the wall's `AccessDecision` from
   the reader, the site's wall settings, the meter and whether this is a preview or a gift
   (`decision_for`);
2. **render**: the page renders with that decision as its `access` argument
   (`get_context(request, access=...)`); nothing reads it back from the request;
3. **settle**: one `Cacheability` is decided from the reader, the page and the decision, and
   attached to the response with the headers it means (`core.caching.mark`); the meter's
   cookie is written when the decision counted the story.

Every later layer (the page cache, the members' copy, the page files for nginx, nginx
itself) reads that value and nothing else. An editor's preview (`decision_for`) and a gift
link's page (`masthead.sharing`) take the same steps through the same functions.
"""

from masthead.core import caching, privacy

from . import policy
from .meter import Meter


def is_story(page):
    """Whether the wall applies to `page`: it has an access level of its own."""
    return hasattr(page, "access_level")


def decision_for(request, story, *, gift=False):
    """The wall's answer for the reader of `request` and `story`. `gift`: the reader holds a
    valid gift link to this story (the sharing app checked it)."""
    settings = policy.wall_settings()
    anonymous = policy.reader_kind(request.user) == "anonymous"
    return policy.decide(
        request.user,
        story,
        settings=settings,
        preview=getattr(request, "is_preview", False),
        gift=gift,
        meter=Meter.from_request(request, settings) if anonymous else None,
    )


def serve(page, request, args, kwargs, *, serve_page, gift=False):
    """Serve `page` through `serve_page` (the rest of Wagtail's chain): decide, render, settle."""
    decision = decision_for(request, page, gift=gift) if is_story(page) else None
    if decision is not None:
        kwargs = {**kwargs, "access": decision}
    return settle(request, page, serve_page(page, request, args, kwargs), decision)


def cacheability(request, page, decision):
    """Who may be given the copy of `page` rendered for this reader with `decision`."""
    if privacy.is_private(page):
        return caching.PRIVATE  # a password or a group let this reader in, not the next
    personal = decision is not None and decision.personal
    tags = page.cache_tags() if hasattr(page, "cache_tags") else [f"page-{page.pk}"]
    return caching.for_reader(
        request,
        personal=personal,
        # Nothing of the reader is in these pages: every member may get the same copy.
        members_share=not personal,
        tags=tuple(tags),
        # A page that reads no query parameter is the same whatever the query string.
        same_for_any_query=not getattr(page, "reads_query", False),
    )


def settle(request, page, response, decision):
    """Write the meter's cookie when the decision counted the story, and attach the page's
    one `Cacheability` to `response`."""
    if decision is not None and decision.personal:
        decision.meter.write(response)
    return caching.mark(response, cacheability(request, page, decision))
