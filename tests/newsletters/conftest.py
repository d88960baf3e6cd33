import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.smtp import Sink, free_port, smtp_sink  # noqa: F401 - a fixture

CANARY = "Gated-canary-paragraph-for-newsletters"


@pytest.fixture
def daily(db):
    from masthead.newsletters.services.subscriptions import ensure_daily_edition

    return ensure_daily_edition()


@pytest.fixture
def todays_story(demo, make_article):
    """A registered-level story published now, with a credited photo and gated text."""
    return make_article(
        title="Newsletter lead story",
        standfirst="The standfirst every reader may see.",
        paragraphs=["Lead one.", "Lead two.", "Lead three.", CANARY, "More gated text."],
        lead_image=demo["seed"].lead_image,
    )


@pytest.fixture
def edition(daily, todays_story):
    from django.utils import timezone

    from masthead.newsletters.services import editions

    return editions.assemble(daily, timezone.localdate())


def subscribe(newsletter, count, prefix="reader"):
    from masthead.newsletters.models import Subscription

    return [
        Subscription.objects.create(
            newsletter=newsletter,
            email=f"{prefix}{n}@example.com",
            status=Subscription.Status.SUBSCRIBED,
        )
        for n in range(count)
    ]


class FlakySink(Sink):
    """Answers RCPT with 421 the first time it sees each address, then accepts."""

    def __init__(self):
        super().__init__()
        self.refused = set()
        self.rcpt_lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.rcpt_lock:
            first = address not in self.refused
            self.refused.add(address)
        if first:
            return "421 4.7.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class BouncingSink(Sink):
    """Refuses addresses starting with ``gone`` with 550 5.1.1, accepts the rest."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("gone"):
            return "550 5.1.1 The email account that you tried to reach does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _serve(settings, sink):
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    return controller


@pytest.fixture
def flaky_sink(settings):
    sink = FlakySink()
    controller = _serve(settings, sink)
    yield sink
    controller.stop()


@pytest.fixture
def bouncing_sink(settings):
    sink = BouncingSink()
    controller = _serve(settings, sink)
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.NEWSLETTERS_BACKOFF_BASE = 0.0
    settings.NEWSLETTERS_BATCH_SIZE = 3


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)
