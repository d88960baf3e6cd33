"""Staff second factor at rest: authenticator secrets encrypted, recovery codes hashed."""

import importlib
import time
from types import SimpleNamespace

import pyotp
import pytest
from django.db import connection
from django.test import Client

from masthead.accounts import encryption
from masthead.accounts.models import RecoveryCode, StaffSecondFactor
from tests.security.test_staff_accounts import PASSWORD, desk, enroll, mfa_on, signed_in

__all__ = ["desk", "mfa_on"]  # fixtures shared with test_staff_accounts

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "masthead.accounts.migrations.0004_encrypt_second_factor_secrets"
)


def raw_secret(member):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM accounts_staffsecondfactor WHERE member_id = %s", [member.pk]
        )
        return cursor.fetchone()[0]


def verified(member, code):
    client = signed_in(member)
    client.post("/admin/second-factor/verify/", {"code": code})
    return client.get("/admin/").status_code == 200


def next_code(secret):
    """The next step's code (the current one was spent at setup; a code is never reused)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_the_database_never_holds_the_authenticator_secret(mfa_on, desk):
    secret, _ = enroll(signed_in(desk))
    stored = raw_secret(desk)
    assert secret not in stored and secret.lower() not in stored.lower()
    assert encryption.is_sealed(stored)
    # ... and signing in with the authenticator still works end to end.
    assert verified(desk, next_code(secret))
    assert secret not in raw_secret(desk)


def test_recovery_codes_are_stored_only_as_hashes(mfa_on, desk):
    _, codes = enroll(signed_in(desk))
    stored = " ".join(RecoveryCode.objects.filter(member=desk).values_list("code_hash", flat=True))
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored


def test_a_rotated_key_still_opens_and_the_secret_moves_to_the_new_key(mfa_on, desk, settings):
    settings.MFA_ENCRYPTION_KEY = "old-key-" + "o" * 40
    secret, _ = enroll(signed_in(desk))
    settings.MFA_ENCRYPTION_KEY = "new-key-" + "n" * 40
    settings.MFA_ENCRYPTION_KEY_FALLBACKS = ["old-key-" + "o" * 40]
    assert verified(desk, next_code(secret))
    # The accepted code sealed the secret again under the new key: the old one can go.
    settings.MFA_ENCRYPTION_KEY_FALLBACKS = []
    assert encryption.open_sealed(raw_secret(desk)) == secret


def test_a_secret_no_key_opens_is_an_explicit_error_not_a_bypass(mfa_on, desk, settings):
    settings.MFA_ENCRYPTION_KEY = "old-key-" + "o" * 40
    enroll(signed_in(desk))
    settings.MFA_ENCRYPTION_KEY = "new-key-" + "n" * 40
    with pytest.raises(encryption.UnreadableSecret):
        StaffSecondFactor.objects.get(member=desk)


def test_recovery_codes_survive_a_secret_key_rotation(mfa_on, desk, settings):
    secret, codes = enroll(signed_in(desk))
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-" + "r" * 50
    assert verified(desk, codes[3])
    assert verified(desk, next_code(secret))


def test_the_migration_seals_plain_secrets_and_can_be_reversed(desk):
    plain = pyotp.random_base32()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_staffsecondfactor (member_id, secret, last_step) "
            "VALUES (%s, %s, 0)",
            [desk.pk, plain],
        )
    # The migration only uses its schema editor's connection (SQLite allows no real
    # schema editor inside the test's transaction).
    editor = SimpleNamespace(connection=connection)
    migration.seal_secrets(None, editor)
    migration.seal_secrets(None, editor)  # run twice: sealed once, not twice
    assert plain not in raw_secret(desk)
    assert StaffSecondFactor.objects.get(member=desk).secret == plain
    migration.open_secrets(None, editor)
    assert raw_secret(desk) == plain


def test_the_staff_password_alone_does_not_open_the_admin(mfa_on, desk):
    """Guard against the encryption quietly turning the second factor off."""
    enroll(signed_in(desk))
    client = Client()
    client.post("/admin/login/", {"username": desk.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
