"""The compose screen: a live page's entries posted, edited, deleted; its coverage ended.
Whoever may publish the page may post to it: an entry goes to readers at once."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from . import services
from .admin_forms import EntryForm
from .models import Entry, LiveBlogPage

RECENT_SHOWN = 50


def _page_for(request, page_id):
    page = get_object_or_404(LiveBlogPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return page


def _entry_for(request, pk):
    entry = get_object_or_404(Entry.objects.select_related("page"), pk=pk)
    _page_for(request, entry.page_id)
    return entry


def _back(page):
    return redirect("live_admin:compose", page.pk)


def compose(request, page_id):
    page = _page_for(request, page_id)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            if not page.live:
                messages.error(request, "Publish the live page before posting to it.")
            else:
                services.post_entry(page, by=request.user, **form.entry_values())
                messages.success(request, "Posted.")
                return _back(page)
    else:
        form = EntryForm(initial={"authors": services.authors_for_next_entry(page, request.user)})
    return _screen(request, page, form)


def edit(request, pk):
    entry = _entry_for(request, pk)
    form = EntryForm.for_entry(entry, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.edit_entry(entry, **form.entry_values())
        messages.success(request, "Entry updated: readers see it marked “Updated”.")
        return _back(entry.page)
    return _screen(request, entry.page, form, editing=entry)


def _screen(request, page, form, editing=None):
    return TemplateResponse(
        request,
        "live/admin/compose.html",
        {
            "page": page,
            "form": form,
            "editing": editing,
            "entries": page.entries.order_by("-posted_at", "-pk")[:RECENT_SHOWN],
            "entry_count": page.entries.count(),
            "edit_page_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


def delete(request, pk):
    entry = _entry_for(request, pk)
    if request.method == "POST":
        services.delete_entry(entry)
        messages.success(request, "Entry deleted.")
        return _back(entry.page)
    return TemplateResponse(request, "live/admin/delete.html", {"entry": entry, "page": entry.page})


@require_POST
def end(request, page_id):
    page = _page_for(request, page_id)
    if page.is_live:
        services.end_coverage(page, by=request.user)
        messages.success(request, "Coverage ended: readers' pages say so and stop updating.")
    return _back(page)
