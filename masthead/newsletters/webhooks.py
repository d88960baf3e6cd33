"""Bounce and complaint webhooks: django-anymail's tracking views, one per mail provider.

Anymail verifies each post (HTTP basic auth with ``ANYMAIL["WEBHOOK_SECRET"]``, and the
provider's signature where it signs) and sends a ``tracking`` signal per event, which
``signal_handlers.provider_feedback`` turns into suppressions. This module only refuses what
anymail would accept without proof: a provider with no credentials configured.
"""

import functools
import logging

from anymail.exceptions import AnymailError, AnymailWebhookValidationFailure
from anymail.utils import get_anymail_setting
from django.http import Http404, HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

# Imported on a provider's first post: Amazon SES's view alone loads boto3.
PROVIDERS = {
    "amazon_ses": "anymail.webhooks.amazon_ses.AmazonSESTrackingWebhookView",
    "brevo": "anymail.webhooks.brevo.BrevoTrackingWebhookView",
    "mailgun": "anymail.webhooks.mailgun.MailgunTrackingWebhookView",
    "mailjet": "anymail.webhooks.mailjet.MailjetTrackingWebhookView",
    "postmark": "anymail.webhooks.postmark.PostmarkTrackingWebhookView",
    "sendgrid": "anymail.webhooks.sendgrid.SendGridTrackingWebhookView",
    "sparkpost": "anymail.webhooks.sparkpost.SparkPostTrackingWebhookView",
}


@functools.cache
def _view(provider):
    return import_string(PROVIDERS[provider]).as_view()


def _setting(name, esp_name=None):
    return get_anymail_setting(name, esp_name=esp_name, default=None)


def configured(provider):
    """Whether the provider's posts can be proven: a signing key where the provider signs
    (Mailgun's is required by anymail), else the shared basic-auth secret."""
    if provider == "mailgun":
        return bool(_setting("webhook_signing_key", "Mailgun"))
    if provider == "sendgrid" and _setting("tracking_webhook_verification_key", "SendGrid"):
        return True
    return bool(_setting("webhook_secret"))


def _refuse(status, text):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt  # providers post without a session; anymail checks their credentials instead
@never_cache
def tracking(request, provider):
    if provider not in PROVIDERS:
        raise Http404("No such mail provider.")
    if not configured(provider):
        logger.warning("Refused a %s webhook: no credentials are configured for it", provider)
        return _refuse(403, "This webhook is not configured.")
    try:
        return _view(provider)(request)
    except AnymailWebhookValidationFailure as error:
        logger.warning("Refused a %s webhook: %s", provider, error)
        return _refuse(400, "Refused: the signature or credentials do not match.")
    except (AnymailError, ValueError, KeyError, TypeError) as error:
        logger.warning("Malformed %s webhook: %s", provider, error)
        return _refuse(400, "Malformed webhook payload.")
