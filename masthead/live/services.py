"""What a live page shows, and what the compose screen does to its entries.

Entries are the page's own text: a reader sees them only when the wall lets them read the
whole story (`may_read_entries`), on the page, in its updates and everywhere else they go.
Every change to an entry starts a new publish generation and purges the page's addresses at
the edge (`signal_handlers`), so readers' next poll brings it.
"""

import hashlib

from django.db.models import Count, Max, Q
from django.http import HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response

from masthead.core import clock

ENTRIES_PER_PAGE = 20
KEY_EVENTS_SHOWN = 20


def may_read_entries(access):
    """Whether the wall's decision lets this reader read the entries: all of a free page,
    or a gated one the reader is entitled to. No decision (Wagtail's password form): none."""
    return access is not None and (not access.gated or access.entitled)


def _entries(page):
    return page.entries.prefetch_related("authors").order_by("-posted_at", "-pk")


def _older_than(entries, page, before):
    """The entries older than the entry `before` (an id from the page's "older" link);
    junk or an entry gone since: from the newest."""
    try:
        anchor = page.entries.filter(pk=int(before)).values("posted_at", "pk").first()
    except (TypeError, ValueError):
        anchor = None
    if anchor is None:
        return entries
    return entries.filter(
        Q(posted_at__lt=anchor["posted_at"]) | Q(posted_at=anchor["posted_at"], pk__lt=anchor["pk"])
    )


def version(page, visible):
    """What a reader's copy of the page's entries depends on, as an entity tag: the entries'
    number and last change, the page's revision and status, and whether they are shown."""
    state = page.entries.aggregate(count=Count("pk"), changed=Max("changed_at"))
    changed = state["changed"].isoformat() if state["changed"] else "-"
    text = f"{page.pk}:{page.live_revision_id}:{page.status}:{visible}:{state['count']}:{changed}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def entries_context(page, access, *, before=None, known_version=None):
    """The entries this reader may read: the pinned one, the key events, and one page of the
    newest (or of those older than the entry `before`). `known_version`: their `version`,
    when the caller has read it already."""
    visible = may_read_entries(access)
    if not visible or page.pk is None:  # a new page's preview has no entries yet
        return {"entries_visible": visible, "entries": [], "key_events": [], "pinned": None}
    entries = list(_older_than(_entries(page), page, before)[: ENTRIES_PER_PAGE + 1])
    older = entries[ENTRIES_PER_PAGE - 1].pk if len(entries) > ENTRIES_PER_PAGE else None
    first_page = not before
    return {
        "entries_visible": True,
        "entries": entries[:ENTRIES_PER_PAGE],
        "older_than": older,
        "first_page": first_page,
        "pinned": _entries(page).filter(pinned=True).first() if first_page else None,
        "key_events": list(
            page.entries.filter(key_event=True)
            .order_by("-posted_at", "-pk")
            .values("pk", "headline", "posted_at")[:KEY_EVENTS_SHOWN]
        ),
        "entries_version": known_version or version(page, visible),
    }


def updates_response(page, request, *, access):
    """The page's newest entries alone, for its open copies to poll: tagged with
    `version` so that a poll that changed nothing is answered `304 Not Modified`."""
    current = version(page, may_read_entries(access))
    etag = f'"{current}"'
    unchanged = get_conditional_response(request, etag=etag)
    if isinstance(unchanged, HttpResponseNotModified):
        return unchanged
    # Always the newest entries, whatever query the poll carried.
    context = {"page": page, **entries_context(page, access, known_version=current)}
    response = TemplateResponse(request, "live/updates.html", context)
    response["ETag"] = etag
    return response


# --- The compose screen ----------------------------------------------------------------


def post_entry(page, *, body, headline="", authors=(), key_event=False, pinned=False, by=None):
    """Publish a new entry on `page` now."""
    entry = page.entries.create(
        posted_at=clock.now(),
        headline=headline,
        body=body,
        key_event=key_event,
        pinned=pinned,
        posted_by=by,
    )
    entry.authors.set(authors)
    if pinned:
        unpin_others(entry)
    return entry


def edit_entry(entry, *, body, headline="", authors=(), key_event=False, pinned=False):
    """Change an entry; readers see it marked "Updated" with the time."""
    entry.headline, entry.body = headline, body
    entry.key_event, entry.pinned = key_event, pinned
    entry.updated_at = clock.now()
    entry.save()
    entry.authors.set(authors)
    if pinned:
        unpin_others(entry)
    return entry


def unpin_others(entry):
    """One pinned entry a page: pinning one unpins the one before."""
    for other in entry.page.entries.filter(pinned=True).exclude(pk=entry.pk):
        other.pinned = False
        other.save(update_fields=["pinned", "changed_at"])


def delete_entry(entry):
    entry.delete()


def end_coverage(page, *, by=None):
    """End the coverage: the page says so and its readers' pages stop polling. Published as
    a new revision, as any change to the page is."""
    page.status = page.Status.ENDED
    page.coverage_end = clock.now()
    page.save_revision(user=by).publish(user=by)


def authors_for_next_entry(page, user):
    """Who the next entry credits by default: whoever this editor credited last on this
    page, else the page's own authors."""
    last = page.entries.filter(posted_by=user).order_by("-posted_at").first()
    if last is not None:
        return list(last.authors.all())
    return [byline.author for byline in page.bylines.select_related("author")]
