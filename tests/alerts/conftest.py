import asyncio

import pytest

from masthead.alerts import keys, services
from masthead.alerts.models import PushSubscription
from tests.push_service import PushService


@pytest.fixture
def push_service(settings):
    """A real push service on loopback; the site accepts its endpoints."""
    settings.ALERTS_PUSH_SERVICES = [*settings.ALERTS_PUSH_SERVICES, "http://127.0.0.1:*"]
    settings.ALERTS_BACKOFF_BASE = 0.01
    with PushService() as service:
        yield service


@pytest.fixture
def subscribe(push_service, db):
    """Subscribe a new browser of the push service, as the opt-in would."""

    def make(topics=None, member=None, key_id=""):
        ring = keys.keyring()
        subscriber = push_service.subscribe(server_key=ring.find(key_id).application_server_key)
        record = services.subscribe(
            subscription=subscriber.as_json(),
            topics=topics or [],
            key_id=key_id or ring.current.key_id,
            member=member,
        )
        assert isinstance(record, PushSubscription)
        return subscriber

    return make


class RecordingSleep:
    """Really waits, and remembers how long it was asked to."""

    def __init__(self):
        self.waits = []

    async def __call__(self, seconds):
        self.waits.append(seconds)
        await asyncio.sleep(min(seconds, 2))


@pytest.fixture
def sleep():
    return RecordingSleep()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what the code enqueues on commit (the alert's tasks), as a committed request would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
