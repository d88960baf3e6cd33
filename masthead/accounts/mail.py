"""The emails accounts sends, built from templates with HTML and plain-text parts."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string

from . import conf

SUBJECTS = {
    "sign_in": "ACCOUNTS_SUBJECT_SIGN_IN",
    "register": "ACCOUNTS_SUBJECT_REGISTER",
    "change_email": "ACCOUNTS_SUBJECT_CHANGE_EMAIL",
    "deactivated": "ACCOUNTS_SUBJECT_DEACTIVATED",
    "email_changed": "ACCOUNTS_SUBJECT_EMAIL_CHANGED",
}


def build_link_email(*, purpose, to, link, code, minutes, **extra):
    """Return the message carrying a sign-in link and code for ``purpose``."""
    context = {
        "purpose": purpose,
        "email": to,
        "link": link,
        "code": code,
        "minutes": minutes,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        **extra,
    }
    subject = conf.get(SUBJECTS[purpose]).format(site_name=settings.WAGTAIL_SITE_NAME)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"accounts/email/{purpose}.txt", context),
        from_email=conf.get("ACCOUNTS_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(
        render_to_string(f"accounts/email/{purpose}.html", context), "text/html"
    )
    return message


def build_notice_email(*, purpose, to):
    """Return a message that carries no link, such as "your account is closed"."""
    return build_link_email(purpose=purpose, to=to, link="", code="", minutes=0)


def build_email_changed_notice(*, to, new_email, link, days):
    """Return the notice to the old address of a change, with its undo link."""
    return build_link_email(
        purpose="email_changed",
        to=to,
        link=link,
        code="",
        minutes=0,
        new_email=new_email,
        days=days,
    )


def send(message):
    """Send through the default mailer (``settings.MAILERS``)."""
    return mailers.default.send_messages([message])
