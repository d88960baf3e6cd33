"""The editors' side in the Wagtail admin: compose, preview, confirm, follow an alert."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from wagtail.admin import messages

from masthead.news.models import ArticlePage

from . import services
from .forms import AlertForm
from .models import EVERYONE, Alert


def _article_for(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not article.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if not article.live:
        raise PermissionDenied
    return article


def compose(request, page_id):
    """Send breaking-news alert: the form, then a preview to confirm, then the send."""
    article = _article_for(request, page_id)
    initial = {
        "title": Truncator(article.title).chars(services.TITLE_MAX),
        "body": Truncator(article.standfirst).chars(services.BODY_MAX),
        "audience_mode": EVERYONE,
        "topics": services.article_audience(article),
        "urgency": Alert.Urgency.HIGH if article.breaking else Alert.Urgency.NORMAL,
    }
    form = AlertForm(request.POST or None, initial=initial)
    context = {"article": article, "form": form, "step": "compose"}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = services.guard(title=data["title"], body=data["body"])
        audience = form.audience
        quiet = None if data["urgency"] == Alert.Urgency.HIGH else services.quiet_until(audience)
        context.update(
            step="preview",
            guard=check,
            quiet_until=quiet,
            audience_labels=services.topic_labels(audience),
            reach=services.recipients(audience).count(),
            preview={
                "title": data["title"],
                "body": data["body"],
                "image": services.image_url_for(article),
            },
        )
        if check.blocked:
            form.add_error("title", check.blocked)
            context["step"] = "compose"
        elif request.POST.get("action") == "send":
            if check.warning and not data["confirm_repeat"]:
                form.add_error("confirm_repeat", "Confirm that this second alert should go out.")
            else:
                alert = services.create_alert(
                    article=article,
                    title=data["title"],
                    body=data["body"],
                    audience=audience,
                    urgency=data["urgency"],
                    ttl=data["ttl"],
                    created_by=request.user,
                    confirmed_repeat=bool(data["confirm_repeat"]),
                )
                if alert.state == Alert.State.HELD:
                    messages.warning(
                        request,
                        f"Quiet hours: the alert waits until "
                        f"{alert.send_after:%H:%M} (it is not urgent).",
                    )
                else:
                    messages.success(request, "The alert is on its way.")
                return redirect("alerts_admin:detail", alert.pk)
    return TemplateResponse(request, "alerts/admin/compose.html", context)


def _may_follow_alerts(view):
    """The alerts' list and pages are for those who may see alerts (editors and the
    editor-in-chief), not every member of staff."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm("alerts.view_alert"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@_may_follow_alerts
def alert_list(request):
    alerts = list(Alert.objects.select_related("article", "created_by")[:100])
    reasons = services.failure_reasons_for(alert.pk for alert in alerts)
    rows = [(alert, reasons.get(alert.pk, [])) for alert in alerts]
    return TemplateResponse(request, "alerts/admin/list.html", {"rows": rows})


@_may_follow_alerts
def detail(request, pk):
    alert = get_object_or_404(Alert, pk=pk)
    return TemplateResponse(
        request,
        "alerts/admin/detail.html",
        {
            "alert": alert,
            "progress": services.progress(alert),
            "audience_labels": services.topic_labels(alert.audience),
        },
    )


@_may_follow_alerts
def progress(request, pk):
    """Live numbers for the alert page (polled)."""
    alert = get_object_or_404(Alert, pk=pk)
    response = JsonResponse(services.progress(alert))
    response["Cache-Control"] = "no-store"
    return response
