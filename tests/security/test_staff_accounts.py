"""Staff accounts: strong passwords, lockout, and a second factor for the admin."""

import os
import re
import subprocess
import sys
import time

import pyotp
import pytest
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from masthead.accounts.models import Member, StaffSecondFactor

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mfa_on(settings):
    settings.MASTHEAD_STAFF_MFA = True


@pytest.fixture
def desk(db):
    member = Member.objects.create_user("desk@example.com", PASSWORD, is_staff=True)
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return member


def signed_in(member):
    client = Client()
    response = client.post("/admin/login/", {"username": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enroll(client):
    """Set up the authenticator as a person would: read the key off the page, type a code."""
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/second-factor/setup/")
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn by the site itself
    secret = re.search(r"<code data-secret>(\w+)</code>", page).group(1)
    response = client.post(
        "/admin/second-factor/setup/", {"code": pyotp.TOTP(secret).now(), "next": "/admin/pages/"}
    )
    codes = re.findall(
        r"<li><code>([0-9a-f]{6}-[0-9a-f]{6})</code></li>", response.content.decode()
    )
    return secret, codes


def test_staff_passwords_need_twelve_characters_and_no_common_words(desk):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Sh0rt-pass!", desk)
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", desk)
    validate_password(PASSWORD, desk)


def test_an_editor_sets_up_an_authenticator_before_using_the_admin(mfa_on, desk):
    client = signed_in(desk)
    assert client.get("/admin/").status_code == 302
    secret, codes = enroll(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


def test_a_wrong_setup_code_is_refused_with_a_clear_message(mfa_on, desk):
    client = signed_in(desk)
    client.get("/admin/second-factor/setup/")
    response = client.post("/admin/second-factor/setup/", {"code": "000000"})
    assert "That code did not match" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_each_session_proves_the_second_factor_and_a_code_is_never_taken_twice(mfa_on, desk):
    secret, _ = enroll(signed_in(desk))
    client = signed_in(desk)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/second-factor/verify/")
    totp = pyotp.TOTP(secret)
    # The code the setup accepted is spent: replayed, it does not open the admin (its own
    # step, read back, so a 30-second boundary passing meanwhile changes nothing).
    spent_step = StaffSecondFactor.objects.get(member=desk).last_step
    client.post("/admin/second-factor/verify/", {"code": totp.generate_otp(spent_step)})
    assert client.get("/admin/").status_code == 302
    response = client.post("/admin/second-factor/verify/", {"code": totp.at(time.time() + 30)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_opens_the_admin_once(mfa_on, desk):
    _, codes = enroll(signed_in(desk))
    first = signed_in(desk)
    first.post("/admin/second-factor/verify/", {"code": codes[0].upper()})
    assert first.get("/admin/").status_code == 200
    second = signed_in(desk)
    response = second.post("/admin/second-factor/verify/", {"code": codes[0]})
    assert "did not match" in response.content.decode()
    assert second.get("/admin/").status_code == 302


def test_wrong_codes_lock_the_second_factor_for_a_while(mfa_on, desk):
    secret, _ = enroll(signed_in(desk))
    client = signed_in(desk)
    for _ in range(5):
        client.post("/admin/second-factor/verify/", {"code": "123456"})
    response = client.post(
        "/admin/second-factor/verify/", {"code": pyotp.TOTP(secret).at(time.time() + 30)}
    )
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_next_address_after_the_code_stays_on_the_site(mfa_on, desk):
    secret, _ = enroll(signed_in(desk))
    client = signed_in(desk)
    response = client.post(
        "/admin/second-factor/verify/?next=https://evil.example/",
        {"code": pyotp.TOTP(secret).at(time.time() + 30)},
    )
    assert response["Location"] == "/admin/"


def test_without_the_setting_the_admin_opens_with_the_password_alone(settings, desk):
    """The demo and development path: MASTHEAD_STAFF_MFA off."""
    settings.MASTHEAD_STAFF_MFA = False
    assert signed_in(desk).get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("environment", "expected"), [("production", "True"), ("development", "False")]
)
def test_the_second_factor_is_on_by_default_in_production_only(environment, expected):
    env = {
        **os.environ,
        "MASTHEAD_ENV": environment,
        "SECRET_KEY": "x" * 60,
        "SITE_URL": "https://news.example.com",
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
    }
    env.pop("MASTHEAD_STAFF_MFA", None)
    script = "from django.conf import settings; print(settings.MASTHEAD_STAFF_MFA)"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected
