"""Who receives which newsletter: members' choices, double opt-in, one-click unsubscribe."""

import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from masthead.accounts.models import Member, normalize_email
from masthead.core import clock, ratelimit

from .. import conf
from ..models import DAILY_EDITION_SLUG, Newsletter, Subscription, Suppression

logger = logging.getLogger(__name__)

# At most one confirmation email per address and newsletter this often.
CONFIRM_RESEND_SECONDS = 60


def ensure_daily_edition():
    """Return the Daily Edition, creating it when missing (it always exists)."""
    newsletter, _ = Newsletter.objects.get_or_create(
        slug=DAILY_EDITION_SLUG,
        defaults={
            "name": "Daily Edition",
            "description": "The day's top stories, every morning.",
            "subscribe_on_registration": True,
        },
    )
    return newsletter


def _hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def lift_suppression(email):
    """The reader has proven the address again: mail to it may resume."""
    Suppression.objects.filter(email=normalize_email(email)).delete()


def set_member_subscription(member, newsletter, subscribed, *, source="account"):
    """Subscribe ``member`` to ``newsletter`` or unsubscribe them. A signed-in member's
    choice counts as confirming their address."""
    now = clock.now()
    status = Subscription.Status.SUBSCRIBED if subscribed else Subscription.Status.UNSUBSCRIBED
    defaults = {"status": status}
    if subscribed:
        defaults.update(confirmed_at=now, unsubscribed_at=None)
    else:
        defaults.update(unsubscribed_at=now)
    with transaction.atomic():  # the suppression lifted, the subscription and no duplicate
        if subscribed:
            lift_suppression(member.email)
        try:
            with transaction.atomic():
                subscription, created = Subscription.objects.update_or_create(
                    newsletter=newsletter,
                    member=member,
                    defaults=defaults,
                    create_defaults={**defaults, "source": source},
                )
        except IntegrityError:  # created meanwhile by another request
            subscription = Subscription.objects.get(newsletter=newsletter, member=member)
            Subscription.objects.filter(pk=subscription.pk).update(**defaults)
        # An address-only subscription of the same reader would mail them twice.
        Subscription.objects.filter(
            newsletter=newsletter, member=None, email=normalize_email(member.email)
        ).delete()
    return subscription


def set_member_choices(member, wanted_slugs):
    """The account page's newsletter toggles, saved together: every choice or none."""
    with transaction.atomic():
        for newsletter in Newsletter.objects.filter(is_active=True):
            set_member_subscription(member, newsletter, newsletter.slug in wanted_slugs)


def subscribe_new_member(member):
    """Registration said yes to the Daily Edition: subscribe to every such newsletter."""
    ensure_daily_edition()
    for newsletter in Newsletter.objects.filter(is_active=True, subscribe_on_registration=True):
        set_member_subscription(member, newsletter, True, source="registration")


def choices_for(member):
    """Every active newsletter with whether ``member`` receives it, for the account page."""
    subscribed = set(
        Subscription.objects.active().filter(member=member).values_list("newsletter", flat=True)
    )
    return [
        {"newsletter": newsletter, "subscribed": newsletter.pk in subscribed}
        for newsletter in Newsletter.objects.filter(is_active=True)
    ]


def subscribe_allowed(email, ip):
    """Count one anonymous subscribe request; False once the client address or the email
    address has asked too often (the form must not become a way to flood an inbox)."""
    within_ip = ratelimit.within("newsletters:ip", ip, conf.get("NEWSLETTERS_SUBSCRIBE_PER_IP"))
    within_address = ratelimit.within(
        "newsletters:address", normalize_email(email), conf.get("NEWSLETTERS_SUBSCRIBE_PER_ADDRESS")
    )
    return within_ip and within_address


def export_for(member):
    """The member's newsletter subscriptions, for the account's data export."""
    return [
        {
            "newsletter": subscription.newsletter.name,
            "status": subscription.status,
            "source": subscription.source,
            "created_at": subscription.created_at.isoformat(),
            "confirmed_at": (
                subscription.confirmed_at.isoformat() if subscription.confirmed_at else None
            ),
            "unsubscribed_at": (
                subscription.unsubscribed_at.isoformat() if subscription.unsubscribed_at else None
            ),
        }
        for subscription in Subscription.objects.filter(member=member)
        .select_related("newsletter")
        .order_by("created_at")
    ]


def request_subscription(email, newsletter, *, mailer=None):
    """An anonymous visitor asked for ``newsletter``: email them a confirmation link.

    Nothing is sent to the address but that email until the link is used. The answer is the
    same whether or not the address is already subscribed; returns whether an email went out.
    """
    email = normalize_email(email)
    member = Member.objects.filter(email=email).first()
    lookup = {"member": member} if member else {"member": None, "email": email}
    now = clock.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(newsletter=newsletter, **lookup).first()
        )
        if subscription is None:
            subscription = Subscription.objects.create(
                newsletter=newsletter, source="form", **{**lookup, "email": email}
            )
        if subscription.status == Subscription.Status.SUBSCRIBED:
            return False
        recent = now - timedelta(seconds=CONFIRM_RESEND_SECONDS)
        if subscription.confirm_sent_at and subscription.confirm_sent_at > recent:
            return False
        raw = secrets.token_urlsafe(32)
        subscription.confirm_token_hash = _hash(raw)
        subscription.confirm_sent_at = now
        if subscription.status != Subscription.Status.UNSUBSCRIBED:
            subscription.status = Subscription.Status.PENDING
        subscription.save(update_fields=["confirm_token_hash", "confirm_sent_at", "status"])
    link = settings.SITE_URL + reverse("newsletters:confirm", args=[raw])
    context = {
        "newsletter": newsletter,
        "link": link,
        "days": conf.get("NEWSLETTERS_CONFIRM_DAYS"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription to {newsletter.name}",
        body=render_to_string("newsletters/email/confirm.txt", context),
        from_email=newsletter.from_email,
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("newsletters/email/confirm.html", context), "text/html"
    )
    try:
        (mailer or mailers.default).send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        # The mail server is down or refused us: let the visitor try again at once.
        logger.exception("Could not send the confirmation email (subscription %s)", subscription.pk)
        Subscription.objects.filter(pk=subscription.pk).update(confirm_sent_at=None)
        raise ConfirmationNotSent from error
    return True


class ConfirmationNotSent(Exception):
    """The confirmation email could not be handed to the mail server."""


def subscription_for_confirmation(raw_token):
    """The pending subscription a confirmation link names, or None (unknown or expired)."""
    if not raw_token:
        return None
    subscription = (
        Subscription.objects.select_related("newsletter", "member")
        .filter(confirm_token_hash=_hash(raw_token))
        .first()
    )
    if subscription is None or subscription.confirm_sent_at is None:
        return None
    lifetime = timedelta(days=conf.get("NEWSLETTERS_CONFIRM_DAYS"))
    if subscription.confirm_sent_at + lifetime < clock.now():
        return None
    return subscription


def confirm(raw_token):
    """Redeem a confirmation link (by POST): the address is proven, the subscription starts."""
    with transaction.atomic():
        subscription = subscription_for_confirmation(raw_token)
        if subscription is None:
            return None
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.SUBSCRIBED,
            confirmed_at=clock.now(),
            unsubscribed_at=None,
            confirm_token_hash="",  # spent: no token confirms it again  # nosec B106
        )
        lift_suppression(subscription.address)
    subscription.refresh_from_db()
    return subscription


def subscription_for_unsubscribe(token):
    if not token:
        return None
    return (
        Subscription.objects.select_related("newsletter", "member")
        .filter(unsubscribe_token=token)
        .first()
    )


def unsubscribe(token):
    """One click from an email: stop this newsletter for this reader. Idempotent."""
    subscription = subscription_for_unsubscribe(token)
    if subscription is None:
        return None
    if subscription.status != Subscription.Status.UNSUBSCRIBED:
        Subscription.objects.filter(pk=subscription.pk).update(
            status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=clock.now()
        )
        subscription.refresh_from_db()
    return subscription


def resubscribe(token):
    """Undo an unsubscribe from the same page: the link came from the reader's own mailbox."""
    subscription = subscription_for_unsubscribe(token)
    if subscription is None:
        return None
    Subscription.objects.filter(pk=subscription.pk).update(
        status=Subscription.Status.SUBSCRIBED, unsubscribed_at=None, confirmed_at=clock.now()
    )
    lift_suppression(subscription.address)
    subscription.refresh_from_db()
    return subscription
