"""The readers' side of alerts: the opt-in's JSON endpoints, the service worker, clicks."""

import json

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import keys, services
from .models import Alert, PushSubscription

MAX_BODY = 8192


@never_cache
@require_GET
def config(request):
    """The application server key the browser subscribes with, and a CSRF token."""
    ring = keys.keyring()
    return JsonResponse(
        {
            "public_key": ring.current.application_server_key,
            "key_id": ring.current.key_id,
            "subscribe_url": reverse("alerts:subscribe"),
            "unsubscribe_url": reverse("alerts:unsubscribe"),
            "status_url": reverse("alerts:status"),
            "csrf_token": get_token(request),
        }
    )


def _json_body(request):
    if len(request.body) > MAX_BODY:
        raise services.SubscriptionError("The request is too large.")
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise services.SubscriptionError("The request is not JSON.") from error
    if not isinstance(data, dict):
        raise services.SubscriptionError("The request must be a JSON object.")
    return data


def _endpoint(request):
    """The subscription's endpoint the browser names in its JSON body."""
    endpoint = _json_body(request).get("endpoint")
    if not isinstance(endpoint, str):
        raise services.SubscriptionError("endpoint is required.")
    return endpoint


@never_cache
@require_POST
def subscribe(request):
    """Store this browser's push subscription with the topics the reader chose."""
    try:
        data = _json_body(request)
        record = services.subscribe(
            subscription=data.get("subscription"),
            topics=data.get("topics"),
            key_id=data.get("key_id", ""),
            member=request.user,
            user_agent=request.headers.get("User-Agent", ""),
            replaces=data.get("replaces", ""),
        )
    except services.SubscriptionError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "topics": record.topics,
            "labels": services.topic_labels(record.topics),
            "key_id": record.key_id,
        },
        status=201,
    )


@never_cache
@require_POST
def unsubscribe(request):
    """Forget this browser's subscription (the reader chose "Stop")."""
    try:
        endpoint = _endpoint(request)
    except services.SubscriptionError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    return JsonResponse({"ok": True, "removed": services.unsubscribe(endpoint)})


@never_cache
@require_POST
def status(request):
    """What the site holds for this browser's subscription: the opt-in shows the reader the
    topics alerts really go by, not what the page last remembered."""
    try:
        endpoint = _endpoint(request)
    except services.SubscriptionError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    record = PushSubscription.objects.filter(endpoint=endpoint).only("topics").first()
    if record is None:
        return JsonResponse({"ok": True, "subscribed": False, "topics": [], "labels": []})
    return JsonResponse(
        {
            "ok": True,
            "subscribed": True,
            "topics": record.topics,
            "labels": services.topic_labels(record.topics),
        }
    )


@require_GET
def service_worker(request):
    """The service worker, at the root so it may control every page."""
    path = finders.find("alerts/sw.js")
    if not path:
        raise Http404
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker at least daily; keep shared caches from pinning it.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@never_cache
@require_GET
def open_alert(request, alert_id):
    """A click on a notification: count it, then go to the story."""
    alert = Alert.objects.filter(pk=alert_id).only("url").first()
    if alert is None:
        raise Http404
    services.record_click(alert.pk)
    # Only our own story's path: never an address from the request.
    target = alert.url if alert.url.startswith("/") and not alert.url.startswith("//") else "/"
    return HttpResponseRedirect(target)


def _own_subscription(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(PushSubscription, pk=pk, member=request.user)


@never_cache
@require_POST
def account_remove(request, pk):
    """A signed-in reader turns off alerts for one of their browsers."""
    _own_subscription(request, pk).delete()
    messages.success(request, "That browser will get no more alerts.")
    return redirect(reverse("accounts:account") + "#alerts")


@never_cache
@require_POST
def account_topics(request, pk):
    """A signed-in reader changes what one of their browsers is alerted about: all breaking
    news, or only the sections and topics they tick."""
    record = _own_subscription(request, pk)
    try:
        topics = services.chosen_topics(
            request.POST.get("scope", ""), request.POST.getlist("topics")
        )
        services.set_topics(record, topics)
    except services.SubscriptionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Alert topics saved.")
    return redirect(reverse("accounts:account") + "#alerts")
