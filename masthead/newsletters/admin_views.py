"""The editors' console for one edition: preview, test, schedule or send, follow progress."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from .models import Edition, Send
from .services import editions, presend, sending

PREVIEW_WIDTHS = {"desktop": 680, "phone": 375}


def _edition(request, pk):
    if not request.user.has_perm("newsletters.change_edition"):
        raise PermissionDenied
    return get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)


def console(request, pk):
    edition = _edition(request, pk)
    editions.follow_news(edition)
    send = Send.objects.filter(edition=edition).first()
    width = request.GET.get("width", "desktop")
    return TemplateResponse(
        request,
        "newsletters/admin/console.html",
        {
            "edition": edition,
            "send": send,
            "progress": sending.progress(send) if send else None,
            "widths": PREVIEW_WIDTHS,
            "width": width if width in PREVIEW_WIDTHS else "desktop",
            "stories": editions.story_cards(edition),
            "outcome": edition.outcome_label,
            "failures": edition.failure_reasons if send else [],
            "presend": presend.check(edition.newsletter),
            "recipients": sending.recipient_rows(edition.newsletter).count() if not send else None,
            "scheduled_local": (
                timezone.localtime(edition.scheduled_for, edition.newsletter.zone)
                if edition.scheduled_for
                else None
            ),
        },
    )


def preview(request, pk):
    """The edition's HTML exactly as rendered for sending (with a token naming no one)."""
    edition = _edition(request, pk)
    editions.follow_news(edition)
    _, html = editions.render(edition).for_token("preview")
    response = HttpResponse(html)
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


def progress(request, pk):
    edition = _edition(request, pk)
    send = Send.objects.filter(edition=edition).first()
    return JsonResponse(sending.progress(send) if send else {"state": edition.state})


@require_POST
def act(request, pk):
    """One of: send a test to myself, send now, schedule, or don't send."""
    edition = _edition(request, pk)
    action = request.POST.get("action")
    if action == "test":
        sending.send_test(edition, request.user.email)
        messages.success(request, f"A test was sent to {request.user.email}.")
    elif not edition.editable and action != "cancel":
        messages.error(request, f"This edition is {edition.get_state_display()}.")
    elif action == "send_now":
        from .tasks import start_send

        blocked = presend.block_reason()
        if blocked:
            messages.error(request, blocked)
        elif not editions.story_cards(edition):
            messages.error(request, "This edition has no published story to send.")
        else:
            user_id = request.user.pk
            transaction.on_commit(lambda: start_send.enqueue(edition.pk, user_id))
            messages.success(request, "Sending has started.")
    elif action == "schedule":
        when = _parse_local(request.POST.get("when", ""), edition)
        if when is None:
            messages.error(request, "Give a date and time, e.g. 2026-11-26 06:00.")
        else:
            Edition.objects.filter(pk=edition.pk).update(
                state=Edition.State.SCHEDULED, scheduled_for=when
            )
            messages.success(request, f"Scheduled for {when:%Y-%m-%d %H:%M %Z}.")
    elif action == "cancel":
        if edition.editable or edition.state == Edition.State.SKIPPED:
            Edition.objects.filter(pk=edition.pk).update(state=Edition.State.CANCELLED)
            messages.success(request, "This edition will not be sent.")
        else:
            messages.error(request, "An edition already sending cannot be stopped here.")
    elif action == "draft" and edition.state in (Edition.State.CANCELLED, Edition.State.SKIPPED):
        Edition.objects.filter(pk=edition.pk).update(state=Edition.State.DRAFT)
    elif action == "follow" and edition.editable and not edition.automatic_stories:
        editions.follow_again(edition)
        messages.success(request, "The stories follow the news again until you edit them.")
    return redirect("newsletters_admin:console", edition.pk)


def _parse_local(value, edition):
    try:
        naive = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=edition.newsletter.zone)
