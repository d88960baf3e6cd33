import json
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import conf, services, undo
from .forms import CodeForm, ConsentForm, DeleteForm, EmailChangeForm, EmailForm, ProfileForm
from .models import normalize_email
from .ratelimit import client_ip
from .tokens import tokens

BROWSER_COOKIE_AGE = 60 * 60 * 24
# The same words whatever the address: the rate limits count addresses with or without an
# account alike, so this reveals nothing but that the limit was reached.
LIMITED_MESSAGE = (
    "No new email was sent: too many were asked for in a short time. "
    "Links and codes in emails you already have still work until they expire; "
    "please try again later."
)


def member_required(view):
    """Send anonymous visitors to the sign-in page, coming back here afterwards."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:signin')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


def _private(response):
    """Headers for pages whose URL holds a token: no Referer leaves them, no index keeps them."""
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _see_other(url):
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _check_email(request, *, email, next_url, shown_email=None, again=False):
    """Ask for a link for ``email`` and answer "Check your email", whatever happened."""
    browser = request.COOKIES.get(services.BROWSER_COOKIE) or services.new_browser_secret()
    token_id = services.request_link(
        email=email, ip=client_ip(request), next_url=next_url, browser=browser
    )
    sent = token_id != services.LIMITED
    if sent:
        services.remember_pending(request, token_id, email, next_url)
    elif not _pending_for(request, email):
        # Nothing went out: the code form has no email of this request to spend.
        services.remember_pending(request, None, email, next_url)
    response = _render_check_email(
        request, shown_email=shown_email or email, again=again, sent=sent
    )
    response.set_cookie(
        services.BROWSER_COOKIE,
        browser,
        max_age=BROWSER_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _pending_for(request, email):
    """Whether the session already waits for a code sent to ``email`` (kept when a request
    is refused by the rate limits: the last email's code still works)."""
    pending = request.session.get(services.PENDING_SESSION_KEY) or {}
    return pending.get("token") is not None and pending.get("email") == normalize_email(email)


def _render_check_email(
    request, *, shown_email, again=False, sent=True, code_form=None, code_error=""
):
    context = {
        "shown_email": normalize_email(shown_email),
        "again": again,
        "sent": sent,
        "code_form": code_form or CodeForm(),
        "code_error": code_error,
    }
    return render(request, "accounts/check_email.html", context)


def _finish(request, token, method="link"):
    outcome, url = services.complete(request, token, method)
    if outcome == "email_changed":
        messages.success(request, f"Your email address is now {token.email}.")
    elif outcome == "refused":
        messages.error(request, "That link can no longer be used for this account.")
    return _private(_see_other(url))


@never_cache
@require_http_methods(["GET", "POST"])
def signin(request):
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            next_url = services.safe_next(request, form.cleaned_data["next"])
            return _check_email(request, email=form.cleaned_data["email"], next_url=next_url)
    else:
        form = EmailForm(initial={"next": services.safe_next(request, request.GET.get("next"))})
    return render(request, "accounts/signin.html", {"form": form})


@never_cache
@require_POST
def resend(request):
    pending = request.session.get(services.PENDING_SESSION_KEY)
    if not pending:
        return _see_other(reverse("accounts:signin"))
    return _check_email(
        request, email=pending["email"], next_url=pending.get("next", ""), again=True
    )


@never_cache
@require_POST
def enter_code(request):
    pending = request.session.get(services.PENDING_SESSION_KEY)
    if not pending:
        return _see_other(reverse("accounts:signin"))
    form = CodeForm(request.POST)
    outcome = tokens.redeem_code(pending["token"], form.data.get("code", ""))
    if outcome.ok:
        return _finish(request, outcome.token, "code")
    if outcome.status in {"wrong", "unknown"}:
        error = "That code isn't right. Check the email and try again."
    else:
        error = "This code can no longer be used. Ask for a new email below."
    return _render_check_email(
        request, shown_email=pending["email"], code_form=form, code_error=error
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link(request, token):
    """The link in the email. A GET spends it only in the browser that asked for it;
    anywhere else (another device, a mail scanner) it asks for a POST first."""
    if request.method == "POST":
        outcome = tokens.redeem(token)
        if outcome.ok:
            return _finish(request, outcome.token)
        return _private(_refused(request, token, outcome))
    outcome = tokens.peek(token)
    if not outcome.ok:
        return _private(_refused(request, token, outcome))
    browser = request.COOKIES.get(services.BROWSER_COOKIE, "")
    if request.method == "GET" and tokens.bound_to(outcome.token, browser):
        outcome = tokens.redeem(token)
        if outcome.ok:
            return _finish(request, outcome.token)
        return _private(_refused(request, token, outcome))
    context = {
        "purpose": outcome.token.purpose,
        "masked_email": services.mask_email(outcome.token.email),
        "new_email": outcome.token.email,
    }
    return _private(render(request, "accounts/link_confirm.html", context))


def _refused(request, token, outcome):
    # A 200: the page is an answer, not an error, and a 4xx would log the URL (the token).
    context = {"status": outcome.status, "can_renew": outcome.token is not None}
    return render(request, "accounts/link_refused.html", context)


@never_cache
@require_POST
def renew(request, token):
    """One click from a dead link to a new one, sent to the same address."""
    outcome = tokens.peek(token)
    old = outcome.token
    if old is None:
        return _see_other(reverse("accounts:signin"))
    masked = services.mask_email(old.email)
    if old.purpose == old.Purpose.CHANGE_EMAIL:
        sent = True
        if old.member is not None:
            sent = (
                services.request_email_change(
                    member=old.member, new_email=old.email, ip=client_ip(request)
                )
                != services.LIMITED
            )
        return _private(_render_check_email(request, shown_email=masked, again=True, sent=sent))
    return _private(
        _check_email(
            request, email=old.email, next_url=old.next_url, shown_email=masked, again=True
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def welcome(request):
    """The consent step of a first sign-in: the terms, and the Daily Edition."""
    pending = services.pending_registration(request)
    if pending is None:
        if request.user.is_authenticated:
            return redirect("accounts:account")
        return redirect("accounts:signin")
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _member, next_url = services.register(
            request, daily_edition=form.cleaned_data["daily_edition"]
        )
        return _see_other(next_url)
    return welcome_page(request, form, pending)


def welcome_page(request, form, pending, send_again=""):
    """The consent step's page; `send_again` is the line shown when the form comes back
    refused for its CSRF token (`sendagain`)."""
    context = {
        "form": form,
        "email": pending["email"],
        "terms_url": conf.get("TERMS_URL"),
        "terms_version": conf.get("TERMS_VERSION"),
        "send_again": send_again,
    }
    return render(request, "accounts/welcome.html", context)


@never_cache
@require_POST
def signout(request):
    services.sign_out(request)
    return _see_other("/")


@never_cache
@require_POST
@member_required
def signout_everywhere(request):
    services.sign_out_everywhere(request)
    return _see_other("/")


@never_cache
@require_GET
@member_required
def account(request):
    member = request.user
    context = {
        "member": member,
        "profile_form": ProfileForm(initial={"display_name": member.display_name}),
        "email_form": EmailChangeForm(),
    }
    return render(request, "accounts/account.html", context)


@never_cache
@require_POST
@member_required
def profile(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        services.update_profile(request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, "Your display name is saved.")
        return _see_other(reverse("accounts:account"))
    return render(
        request,
        "accounts/account.html",
        {"member": request.user, "profile_form": form, "email_form": EmailChangeForm()},
    )


@never_cache
@require_POST
@member_required
def change_email(request):
    form = EmailChangeForm(request.POST)
    if not form.is_valid():
        context = {
            "member": request.user,
            "profile_form": ProfileForm(initial={"display_name": request.user.display_name}),
            "email_form": form,
        }
        return render(request, "accounts/account.html", context)
    new_email = normalize_email(form.cleaned_data["email"])
    sent = services.request_email_change(
        member=request.user, new_email=new_email, ip=client_ip(request)
    )
    if sent == services.LIMITED:
        messages.error(request, LIMITED_MESSAGE)
    else:
        messages.info(
            request,
            f"We sent an email to {new_email}. Its link changes your address; until then, "
            "nothing changes.",
        )
    return _see_other(reverse("accounts:account"))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def undo_email(request, token):
    """The link in the notice to the old address. A GET only asks (mail scanners open
    links); the button's POST puts the old address back."""
    if request.method == "POST":
        outcome = services.undo_email_change(request, token)
    else:
        outcome = undo.peek(token)
    context = {
        "status": outcome.status,
        "done": request.method == "POST" and outcome.ok,
        "old_email": outcome.undo.old_email if outcome.undo is not None else "",
        "new_email": outcome.undo.new_email if outcome.undo is not None else "",
        "signed_in_here": request.user.is_authenticated,
    }
    # A 200 whatever the link's state: the page is an answer, and the URL holds a secret.
    return _private(render(request, "accounts/undo_email.html", context))


@never_cache
@require_GET
@member_required
def export(request):
    body = json.dumps(services.export_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-masthead-data.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def delete(request):
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request)
        return _see_other("/")
    return render(request, "accounts/delete.html", {"form": form})


@never_cache
@require_GET
def state(request):
    """Who is signed in, for the header of cached pages; with ``?csrf=1`` a CSRF token for
    the sign-in forms those pages embed."""
    user = request.user
    data = {"signed_in": user.is_authenticated}
    if user.is_authenticated:
        data.update(
            name=user.display_name or user.get_short_name(),
            account_url=reverse("accounts:account"),
        )
    else:
        data["signin_url"] = reverse("accounts:signin")
    if request.GET.get("csrf"):
        data["csrf_token"] = get_token(request)
    return JsonResponse(data)
