"""'Or Continue with': a real OpenID Connect provider on loopback, through allauth."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount

from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def authorize(url):
    """Play the reader at the provider: they sign in there; return where it sends them."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=5)
    except urllib.error.HTTPError as response:
        assert response.code == 302, response.read()
        return response.headers["Location"]
    raise AssertionError("the provider did not redirect")


def start(client, next_url="/back/to/article/#p-2"):
    response = client.post("/auth/oidc/test/login/", {"process": "login", "next": next_url})
    assert response.status_code == 302, response.content
    return response["Location"]


def come_back(client, location, **change):
    parts = urlsplit(location)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query.update(change)
    return client.get(f"{parts.path}?{urlencode(query)}")


def test_the_authorisation_request_uses_pkce_and_a_nonce(client, oidc_provider):
    """The reader is sent to the issuer with state, nonce and an S256 code challenge."""
    location = start(client)
    assert location.startswith(oidc_provider.issuer + "/authorize?")
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0] and query["state"][0] and query["nonce"][0]
    assert "openid" in query["scope"][0]


def test_a_new_reader_registers_with_the_consent_step(client, oidc_provider):
    """A new identity leads to the consent step; then the member exists, keyed by the
    (provider, subject) pair, with consent recorded, signed in."""
    response = come_back(client, authorize(start(client)))
    assert response.status_code == 302
    assert response["Location"] == "/auth/3rdparty/signup/"
    assert not Member.objects.filter(email="oidc@example.com").exists()
    page = client.get("/auth/3rdparty/signup/")
    assert b"Finish registering" in page.content
    assert b'value="oidc@example.com"' in page.content
    done = client.post(
        "/auth/3rdparty/signup/", {"email": "oidc@example.com", "accept_terms": "on"}
    )
    assert done.status_code == 302
    member = Member.objects.get(email="oidc@example.com")
    assert member.terms_accepted_at is not None and member.daily_edition is False
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == ("test", "subject-1")
    assert client.session["_auth_user_id"] == str(member.pk)
    assert oidc_provider.token_requests[-1]["code_verifier"]


def test_a_verified_email_signs_in_the_existing_member(client, oidc_provider, reader):
    """The provider vouches for the address: the member is signed in and returned."""
    oidc_provider.user = {"sub": "s-2", "email": "Reader@Example.com", "email_verified": True}
    response = come_back(client, authorize(start(client)))
    assert response.status_code == 302
    assert response["Location"] == "/back/to/article/#p-2"
    assert client.session["_auth_user_id"] == str(reader.pk)
    assert SocialAccount.objects.get(user=reader).uid == "s-2"


def test_an_unverified_email_does_not_take_over_an_account(client, oidc_provider, reader):
    """An identity claiming a member's address without verifying it gets no session for
    that member; the sign-up page says the address is taken."""
    oidc_provider.user = {"sub": "s-3", "email": "reader@example.com", "email_verified": False}
    response = come_back(client, authorize(start(client)))
    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/auth/3rdparty/signup/"
    attempt = client.post(
        "/auth/3rdparty/signup/", {"email": "reader@example.com", "accept_terms": "on"}
    )
    assert attempt.status_code == 200
    assert b"already" in attempt.content
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.filter(user=reader).exists()


def test_a_tampered_state_is_refused(client, oidc_provider):
    location = authorize(start(client))
    response = come_back(client, location, state="forged-state")
    assert response.status_code == 401
    assert b"Sign-in did not work" in response.content
    assert "_auth_user_id" not in client.session


def test_a_callback_from_another_browser_is_refused(client, oidc_provider):
    """The state lives in the session of the browser that started: a stranger's fails."""
    from django.test import Client

    location = authorize(start(client))
    stranger = Client()
    response = come_back(stranger, location)
    assert b"Sign-in did not work" in response.content
    assert "_auth_user_id" not in stranger.session


@pytest.mark.parametrize(
    "spoil",
    [
        {"nonce": "not-the-nonce-we-sent"},
        {"aud": "some-other-client"},
        {"iss": "http://127.0.0.1:1/evil"},
    ],
    ids=["wrong-nonce", "wrong-aud", "wrong-iss"],
)
def test_a_spoiled_id_token_is_refused(client, oidc_provider, reader, spoil):
    """An ID token with the wrong nonce, audience or issuer signs nobody in."""
    oidc_provider.user = {"sub": "s-4", "email": "reader@example.com", "email_verified": True}
    oidc_provider.spoil = spoil
    response = come_back(client, authorize(start(client)))
    assert response.status_code == 401
    assert b"Sign-in did not work" in response.content
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_the_button_appears_when_a_provider_is_configured(client, oidc_provider):
    content = client.get("/account/signin/").content.decode()
    assert "Or Continue with" in content
    assert 'action="/auth/oidc/test/login/"' in content
    assert "Test ID" in content


def test_no_button_without_a_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Or Continue with" not in client.get("/account/signin/").content.decode()


def test_allauth_password_pages_lead_to_email_sign_in(client):
    assert client.get("/auth/login/?next=/x/")["Location"] == "/account/signin/?next=/x/"
    assert client.get("/auth/signup/")["Location"] == "/account/signin/"
