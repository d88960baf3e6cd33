"""Bounce and complaint webhooks (django-anymail tracking): provider-shaped posts, signed
correctly and incorrectly; bounces and complaints suppress the address until it is
confirmed again."""

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client

from masthead.newsletters.models import Subscription, Suppression
from masthead.newsletters.services import sending

from .conftest import subscribe

SECRET = "provider:Correct-horse-battery-staple"
MAILGUN_KEY = "key-mailgun-signing-0123456789"
SENDGRID_KEY = ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(autouse=True)
def webhook_credentials(settings):
    public = SENDGRID_KEY.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": [SECRET],
        "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY,
        "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY": base64.b64encode(public).decode(),
        "AMAZON_SES_AUTO_CONFIRM_SNS_SUBSCRIPTIONS": False,
    }


def basic_auth(credentials=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def post_json(path, payload, **headers):
    return Client().post(path, json.dumps(payload), content_type="application/json", **headers)


def suppressed(address):
    return Suppression.objects.filter(email=address).first()


# Mailgun: an HMAC-SHA256 signature of timestamp + token with the webhook signing key.


def post_mailgun(payload):
    """Mailgun posts with the shared basic-auth secret in the URL as well as its signature."""
    return post_json("/newsletters/webhooks/mailgun/", payload, **basic_auth())


def mailgun(event_data, key=MAILGUN_KEY):
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    signature = hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def mailgun_failure(recipient, severity="permanent"):
    return {
        "event": "failed",
        "severity": severity,
        "reason": "bounce" if severity == "permanent" else "generic",
        "recipient": recipient,
        "timestamp": time.time(),
        "id": "G9Bn5sl1TC6Lu0mk2X8r1Q",
        "log-level": "error",
        "message": {"headers": {"message-id": "20261125040000.1.abc@masthead.example"}},
        "delivery-status": {
            "code": 550 if severity == "permanent" else 452,
            "message": "5.1.1 The email account that you tried to reach does not exist.",
            "description": "",
            "attempt-no": 1,
        },
        "flags": {"is-authenticated": True, "is-test-mode": False},
        "tags": [],
        "user-variables": {},
    }


def test_mailgun_signed_permanent_failure_suppresses_and_wrong_signatures_are_refused(daily):
    """A correctly signed permanent failure suppresses the address; the same post signed
    with another key, or with no signature at all, is refused with a 4xx and changes
    nothing."""
    wrong = post_mailgun(mailgun(mailgun_failure("forged@example.com"), key="not-the-key"))
    assert wrong.status_code == 400
    unsigned = mailgun(mailgun_failure("forged@example.com"))
    del unsigned["signature"]
    assert post_mailgun(unsigned).status_code == 400
    assert not Suppression.objects.exists()

    assert post_mailgun(mailgun(mailgun_failure("gone@example.com"))).status_code == 200
    suppression = suppressed("gone@example.com")
    assert suppression.reason == Suppression.Reason.BOUNCE
    assert suppression.detail.startswith("Mailgun:")


def test_mailgun_temporary_failure_changes_nothing_and_a_complaint_suppresses(daily):
    soft = mailgun(mailgun_failure("busy@example.com", severity="temporary"))
    assert post_mailgun(soft).status_code == 200
    assert suppressed("busy@example.com") is None
    complaint = {
        "event": "complained",
        "recipient": "Angry@Example.com",
        "timestamp": time.time(),
        "id": "-Agny091SquKnsrW2NEKUA",
        "message": {"headers": {"message-id": "20261125040000.2.abc@masthead.example"}},
    }
    assert post_mailgun(mailgun(complaint)).status_code == 200
    assert suppressed("angry@example.com").reason == Suppression.Reason.COMPLAINT


# Amazon SES: SNS notifications, authenticated with the shared basic-auth secret.


def sns(ses_event):
    message_id = str(uuid.uuid4())
    body = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:masthead-ses-feedback",
        "Message": json.dumps(ses_event),
        "Timestamp": "2026-11-25T04:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    }
    headers = {
        "HTTP_X_AMZ_SNS_MESSAGE_TYPE": "Notification",
        "HTTP_X_AMZ_SNS_MESSAGE_ID": message_id,
        "HTTP_X_AMZ_SNS_TOPIC_ARN": body["TopicArn"],
    }
    return body, headers


def ses_bounce(recipient, bounce_type="Permanent"):
    return {
        "notificationType": "Bounce",
        "bounce": {
            "bounceType": bounce_type,
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": recipient,
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": "2026-11-25T04:00:00.000Z",
            "feedbackId": "0100017a-bounce-feedback-id",
        },
        "mail": {
            "timestamp": "2026-11-25T03:59:58.000Z",
            "source": "news@masthead.example",
            "messageId": "0100017a-ses-message-id",
            "destination": [recipient],
        },
    }


def test_amazon_ses_needs_the_shared_secret_and_suppresses_only_permanent_bounces(daily):
    path = "/newsletters/webhooks/amazon_ses/"
    body, headers = sns(ses_bounce("gone@example.com"))
    # No credentials: the challenge SNS needs before it sends them; wrong ones: refused.
    assert post_json(path, body, **headers).status_code == 401
    wrong = post_json(path, body, **headers, **basic_auth("provider:guess"))
    assert wrong.status_code == 400
    assert not Suppression.objects.exists()

    transient, transient_headers = sns(ses_bounce("busy@example.com", "Transient"))
    assert post_json(path, transient, **transient_headers, **basic_auth()).status_code == 200
    assert suppressed("busy@example.com") is None
    assert post_json(path, body, **headers, **basic_auth()).status_code == 200
    assert suppressed("gone@example.com").reason == Suppression.Reason.BOUNCE

    complaint, complaint_headers = sns(
        {
            "notificationType": "Complaint",
            "complaint": {
                "complainedRecipients": [{"emailAddress": "gone@example.com"}],
                "complaintFeedbackType": "abuse",
                "timestamp": "2026-11-25T05:00:00.000Z",
                "feedbackId": "0100017a-complaint-feedback-id",
            },
            "mail": {"messageId": "0100017a-ses-message-id", "destination": ["gone@example.com"]},
        }
    )
    assert post_json(path, complaint, **complaint_headers, **basic_auth()).status_code == 200
    # A complaint outweighs the earlier bounce: it counts towards the complaint rate.
    assert suppressed("gone@example.com").reason == Suppression.Reason.COMPLAINT


# Postmark: basic auth only.


def postmark(record_type, kind, recipient):
    return {
        "RecordType": record_type,
        "Type": kind,
        "TypeCode": {"HardBounce": 1, "SoftBounce": 4096, "SpamComplaint": 512}[kind],
        "ID": 4323372036854775807,
        "MessageID": str(uuid.uuid4()),
        "MessageStream": "broadcast",
        "Email": recipient,
        "From": "news@masthead.example",
        "BouncedAt": "2026-11-25T04:00:00Z",
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account does not exist",
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Daily Edition",
        "Tag": "",
        "Metadata": {},
        "ServerID": 23,
    }


def test_postmark_hard_bounces_and_complaints_suppress_soft_bounces_do_not(daily):
    path = "/newsletters/webhooks/postmark/"
    hard = postmark("Bounce", "HardBounce", "gone@example.com")
    assert post_json(path, hard).status_code == 400  # no credentials
    assert post_json(path, hard, **basic_auth("provider:wrong")).status_code == 400
    assert not Suppression.objects.exists()
    assert post_json(path, hard, **basic_auth()).status_code == 200
    soft = postmark("Bounce", "SoftBounce", "busy@example.com")
    assert post_json(path, soft, **basic_auth()).status_code == 200
    spam = postmark("SpamComplaint", "SpamComplaint", "angry@example.com")
    assert post_json(path, spam, **basic_auth()).status_code == 200
    assert suppressed("gone@example.com").reason == Suppression.Reason.BOUNCE
    assert suppressed("busy@example.com") is None
    assert suppressed("angry@example.com").reason == Suppression.Reason.COMPLAINT


# SendGrid: the signed event webhook (ECDSA P-256 over timestamp + body).


def sendgrid_post(events, key=SENDGRID_KEY):
    body = json.dumps(events).encode()
    timestamp = str(int(time.time()))
    signature = key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return Client().post(
        "/newsletters/webhooks/sendgrid/",
        body,
        content_type="application/json",
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_SIGNATURE=base64.b64encode(signature).decode(),
        HTTP_X_TWILIO_EMAIL_EVENT_WEBHOOK_TIMESTAMP=timestamp,
        **basic_auth(),
    )


def sendgrid_event(event, recipient, **extra):
    return {
        "email": recipient,
        "timestamp": int(time.time()),
        "smtp-id": "<20261125040000.3.abc@masthead.example>",
        "event": event,
        "category": [],
        "sg_event_id": secrets.token_urlsafe(16),
        "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
        **extra,
    }


def test_sendgrid_signed_batch_suppresses_and_a_forged_signature_is_refused(daily):
    events = [
        sendgrid_event("bounce", "gone@example.com", type="bounce", status="5.1.1"),
        sendgrid_event("bounce", "blocked@example.com", type="blocked", status="5.7.1"),
        sendgrid_event("spamreport", "angry@example.com"),
        sendgrid_event("delivered", "happy@example.com"),
    ]
    forged = sendgrid_post(events, key=ec.generate_private_key(ec.SECP256R1()))
    assert forged.status_code == 400
    assert not Suppression.objects.exists()
    assert sendgrid_post(events).status_code == 200
    assert {s.email: s.reason for s in Suppression.objects.all()} == {
        "gone@example.com": Suppression.Reason.BOUNCE,
        "angry@example.com": Suppression.Reason.COMPLAINT,
    }


def test_a_provider_without_credentials_is_refused(daily, settings):
    """With no secret configured, anymail would accept anyone's post: Masthead refuses it."""
    settings.ANYMAIL = {}
    for provider in ("amazon_ses", "mailgun", "postmark", "sendgrid", "brevo"):
        response = post_json(f"/newsletters/webhooks/{provider}/", {"event": "bounce"})
        assert response.status_code == 403, provider
    assert post_json("/newsletters/webhooks/nonesuch/", {}).status_code == 404
    assert not Suppression.objects.exists()


def test_a_malformed_but_authenticated_post_is_a_400_not_a_500(daily):
    response = Client().post(
        "/newsletters/webhooks/postmark/",
        "{not json",
        content_type="application/json",
        **basic_auth(),
    )
    assert response.status_code == 400


def test_a_bounced_address_gets_no_edition_until_its_reader_confirms_again(
    daily, edition, smtp_sink, django_capture_on_commit_callbacks
):
    """After a provider's bounce, the next send skips the address; the reader's one-click
    re-subscribe (from their own mailbox) lifts the suppression."""
    gone, kept = subscribe(daily, 2)
    assert post_mailgun(mailgun(mailgun_failure(gone.email))).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.start(edition.pk)
    assert send.recipients == 1
    assert [m["To"] for m in smtp_sink.messages] == [kept.email]

    Client().post(f"/newsletters/unsubscribe/{gone.unsubscribe_token}/", {"action": "resubscribe"})
    assert suppressed(gone.email) is None
    assert Subscription.objects.get(pk=gone.pk).status == Subscription.Status.SUBSCRIBED
    assert gone.email in [address for address, _ in sending.recipients(daily)]
