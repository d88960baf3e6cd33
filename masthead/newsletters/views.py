"""The readers' side: subscribe (double opt-in), confirm, one-click unsubscribe, settings."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core.ratelimit import client_ip

from .forms import SubscribeForm
from .models import DAILY_EDITION_SLUG, Newsletter
from .services import subscriptions


class SeeOther(HttpResponseRedirect):
    status_code = 303


def _private(response):
    response["Referrer-Policy"] = "strict-origin"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Anyone may ask for a newsletter; the confirmation email decides."""
    subscriptions.ensure_daily_edition()
    initial = {"newsletter": request.GET.get("newsletter") or DAILY_EDITION_SLUG}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not subscriptions.subscribe_allowed(email, client_ip(request)):
            message = "Too many requests from here. Please try again in an hour."
            return _form_refused(request, form, message, status=429, retry_after=3600)
        try:
            subscriptions.request_subscription(email, form.cleaned_data["newsletter"])
        except subscriptions.ConfirmationNotSent:
            message = (
                "We could not send the confirmation email just now. "
                "Please try again in a few minutes."
            )
            return _form_refused(request, form, message, status=503, retry_after=60)
        return render(
            request,
            "newsletters/check_email.html",
            {"email": email, "newsletter": form.cleaned_data["newsletter"]},
        )
    return subscribe_page(request, form, initial["newsletter"])


def subscribe_page(request, form, slug, send_again=""):
    """The sign-up page for the newsletter `slug`; `send_again` is the line shown when the
    form comes back refused for its CSRF token (`sendagain`)."""
    newsletter = Newsletter.objects.filter(slug=slug, is_active=True).first()
    context = {"form": form, "newsletter": newsletter, "send_again": send_again}
    return render(request, "newsletters/subscribe.html", context)


def _form_refused(request, form, message, *, status, retry_after):
    """The form again, with why it did not go through and when to try again."""
    form.add_error("email", message)
    context = {"form": form, "newsletter": form.cleaned_data["newsletter"]}
    response = render(request, "newsletters/subscribe.html", context, status=status)
    response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """A GET shows a button (mail scanners fetch links); the POST confirms."""
    subscription = subscriptions.subscription_for_confirmation(token)
    done = False
    if subscription is not None and request.method == "POST":
        subscription = subscriptions.confirm(token)
        done = subscription is not None
    return _private(
        render(request, "newsletters/confirm.html", {"subscription": subscription, "done": done})
    )


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST one-click unsubscribes without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """POST unsubscribes at once (or re-subscribes with ``action=resubscribe``); a GET only
    shows the page with its button, so link scanners change nothing."""
    subscription = subscriptions.subscription_for_unsubscribe(token)
    action = None
    if subscription is not None and request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            subscription = subscriptions.resubscribe(token)
            action = "resubscribed"
        else:
            subscription = subscriptions.unsubscribe(token)
            action = "unsubscribed"
    return _private(
        render(
            request,
            "newsletters/unsubscribe.html",
            {"subscription": subscription, "action": action},
        )
    )


@never_cache
@require_POST
def preferences(request):
    """The account page's newsletter toggles."""
    if not request.user.is_authenticated:
        return SeeOther(reverse("accounts:signin"))
    subscriptions.set_member_choices(request.user, set(request.POST.getlist("newsletter")))
    messages.success(request, "Your newsletter settings are saved.")
    return SeeOther(reverse("accounts:account") + "#newsletters")
