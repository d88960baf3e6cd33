"""VAPID keys: generated once into the data folder or read from the environment; rotation."""

import stat

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from masthead.alerts import checks, keys, services
from masthead.alerts.models import PushSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.ALERTS_VAPID_PRIVATE_KEY = ""
    return tmp_path


def test_keys_are_generated_once_into_the_data_folder(data_dir):
    """The first use writes a private key file only its owner can read; later uses reuse it."""
    first = keys.keyring().current
    path = data_dir / keys.KEY_FILE_NAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.keyring().current.key_id == first.key_id
    assert len(keys.b64url_decode(first.application_server_key)) == 65


def test_keys_come_from_the_environment_when_set(data_dir, settings):
    """VAPID_PRIVATE_KEY wins over the data folder; VAPID_PUBLIC_KEY must match it."""
    private = ec.generate_private_key(ec.SECP256R1())
    raw = keys.b64url(private.private_numbers().private_value.to_bytes(32, "big"))
    settings.ALERTS_VAPID_PRIVATE_KEY = raw
    ring = keys.keyring()
    assert ring.current.private_key.private_numbers() == private.private_numbers()
    assert not (data_dir / keys.KEY_FILE_NAME).exists()
    settings.ALERTS_VAPID_PUBLIC_KEY = ring.current.application_server_key
    assert checks.check_alert_settings(None) == []
    settings.ALERTS_VAPID_PUBLIC_KEY = keys.VapidKey(
        ec.generate_private_key(ec.SECP256R1())
    ).application_server_key
    assert [e.id for e in checks.check_alert_settings(None)] == ["alerts.E002"]


def test_config_offers_the_current_key(client, data_dir):
    """The opt-in fetches the application server key, its id and a CSRF token, uncached."""
    response = client.get("/alerts/config.json")
    data = response.json()
    ring = keys.keyring()
    assert data["public_key"] == ring.current.application_server_key
    assert data["key_id"] == ring.current.key_id
    assert data["csrf_token"]
    assert "no-store" in response["Cache-Control"]


def test_rotation_keeps_signing_old_subscriptions_with_their_key(
    data_dir, push_service, run_on_commit, demo
):
    """After rotation, new subscriptions get the new key; a browser subscribed with the old
    key still gets alerts signed by it, until it re-subscribes and replaces its endpoint."""
    old = keys.keyring().current
    old_browser = push_service.subscribe(server_key=old.application_server_key)
    services.subscribe(subscription=old_browser.as_json(), topics=[], key_id=old.key_id)

    call_command("alerts", "rotate-keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new = keys.keyring().current
    assert new.key_id != old.key_id
    assert PushSubscription.objects.get().key_id == old.key_id

    new_browser = push_service.subscribe(server_key=new.application_server_key)
    services.subscribe(subscription=new_browser.as_json(), topics=[], key_id=new.key_id)
    run_on_commit(services.create_alert, article=demo["seed"], title="After rotation")
    assert push_service.delivered(old_browser)[0].vapid_key == old.application_server_key
    assert push_service.delivered(new_browser)[0].vapid_key == new.application_server_key

    # The old browser notices the new key and subscribes again, replacing its endpoint.
    renewed = push_service.subscribe(server_key=new.application_server_key)
    services.subscribe(
        subscription=renewed.as_json(),
        topics=None,
        key_id=new.key_id,
        replaces=old_browser.endpoint,
    )
    assert set(PushSubscription.objects.values_list("key_id", flat=True)) == {new.key_id}
    assert not PushSubscription.objects.filter(endpoint=old_browser.endpoint).exists()


def test_a_subscription_with_an_unknown_key_id_gets_the_current_key(data_dir, push_service, db):
    browser = push_service.subscribe()
    record = services.subscribe(subscription=browser.as_json(), topics=[], key_id="nonsense")
    assert record.key_id == keys.keyring().current.key_id
