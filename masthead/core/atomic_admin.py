"""Editors' page actions in the admin commit whole or not at all.

Wagtail's edit view publishes in steps (the draft's revision, the page's live fields, the
log entries, the ``page_published`` handlers) with no transaction around them all, so a
database failure between two steps could leave a page live without its log entry, or a
revision saved but never published. Each unsafe request to Wagtail's page views runs in one
transaction here; whatever must happen after it (tasks, cache purges) already waits for the
commit with ``transaction.on_commit``.

Not ``ATOMIC_REQUESTS``: on SQLite (``transaction_mode`` IMMEDIATE) every request would take
the write lock, and views that only read the cache must keep answering while the database
is down. The site's own multi-row writes each have their ``transaction.atomic`` in their
service.
"""

from django.db import transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Wagtail's page actions: add, edit (save, publish, workflow steps), unpublish, move, copy,
# delete, revisions.
PAGE_NAMESPACE = "wagtailadmin_pages"


class AtomicPageActionsMiddleware:
    """Must come last: it calls the view itself, so no later ``process_view`` would run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match is None or PAGE_NAMESPACE not in match.namespaces:
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
