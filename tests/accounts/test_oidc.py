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


MISSING = object()


@pytest.mark.parametrize(
    ("claim", "links"),
    [(True, True), ("true", False), ("false", False), (False, False), (MISSING, False), (1, False)],
    ids=["true", "string-true", "string-false", "false", "missing", "one"],
)
def test_only_the_json_true_verifies_an_email(client, oidc_provider, reader, claim, links):
    """An identity with a member's address signs in as that member, and is linked to them,
    only when ``email_verified`` is the JSON value true; any other form of the claim
    leaves the member alone and the reader on the sign-up page."""
    user = {"sub": "s-claim", "email": "reader@example.com"}
    if claim is not MISSING:
        user["email_verified"] = claim
    oidc_provider.user = user
    response = come_back(client, authorize(start(client)))
    if links:
        assert client.session["_auth_user_id"] == str(reader.pk)
        assert SocialAccount.objects.get(user=reader).uid == "s-claim"
    else:
        assert "_auth_user_id" not in client.session
        assert response["Location"] == "/auth/3rdparty/signup/"
        assert not SocialAccount.objects.filter(user=reader).exists()


def test_a_string_true_is_not_stored_as_a_verified_address(client, oidc_provider):
    """A new reader whose provider says "true" (a string) registers, but their address is
    not recorded as verified by the provider."""
    from allauth.account.models import EmailAddress

    oidc_provider.user = {"sub": "s-new", "email": "new@example.com", "email_verified": "true"}
    come_back(client, authorize(start(client)))
    client.post("/auth/3rdparty/signup/", {"email": "new@example.com", "accept_terms": "on"})
    member = Member.objects.get(email="new@example.com")
    assert not EmailAddress.objects.filter(user=member, verified=True).exists()


@pytest.mark.parametrize(
    ("claim", "verified"),
    [(True, True), ("true", False), ("false", False), (False, False), (MISSING, False), (1, False)],
    ids=["true", "string-true", "string-false", "false", "missing", "one"],
)
def test_social_providers_follow_the_same_rule(rf, reader, claim, verified):
    """Google's provider (allauth's, which counts any truthy claim as verified) signs in
    the member with the address only for the JSON value true."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp
    from allauth.socialaccount.providers.google.provider import GoogleProvider

    request = rf.get("/")
    app = SocialApp(provider="google", name="Google", client_id="google-test", secret="s")
    provider = GoogleProvider(request, app=app)
    data = {"sub": "g-1", "email": "reader@example.com"}
    if claim is not MISSING:
        data["email_verified"] = claim
    login = provider.sociallogin_from_response(request, data)
    found = get_adapter().authenticate_by_email(login)
    assert (found is not None and found[0] == reader) is verified
    assert [address.verified for address in login.email_addresses] == [verified]


def _now():
    import time

    return int(time.time())


@pytest.mark.parametrize(
    "spoil",
    [{"iat": "future"}, {"exp": "past"}],
    ids=["issued-in-the-future", "expired"],
)
def test_an_id_token_with_wrong_times_is_refused(client, oidc_provider, reader, spoil):
    """An ID token issued an hour from now, or expired ten minutes ago, signs nobody in."""
    times = {"future": _now() + 3600, "past": _now() - 600}
    oidc_provider.user = {"sub": "s-5", "email": "reader@example.com", "email_verified": True}
    oidc_provider.spoil = {name: times[value] for name, value in spoil.items()}
    response = come_back(client, authorize(start(client)))
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_clocks_a_little_apart_are_allowed(client, oidc_provider, reader):
    """An issuer whose clock is half a minute ahead (its token issued "in the future" and
    expiring a little earlier by ours) still signs the reader in."""
    oidc_provider.user = {"sub": "s-6", "email": "reader@example.com", "email_verified": True}
    oidc_provider.spoil = {"iat": _now() + 30, "exp": _now() - 20}
    come_back(client, authorize(start(client)))
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_a_providers_name_is_stored_clean(client, oidc_provider):
    """A new reader's name from the provider becomes their display name without
    bidirectional controls or invisible characters."""
    oidc_provider.user = {
        "sub": "s-name",
        "email": "named@example.com",
        "email_verified": True,
        "name": "Mallory\u202egnp.exe\u200b",
    }
    come_back(client, authorize(start(client)))
    client.post("/auth/3rdparty/signup/", {"email": "named@example.com", "accept_terms": "on"})
    member = Member.objects.get(email="named@example.com")
    assert member.display_name == "Mallorygnp.exe"
    assert "\u202e" not in member.first_name + member.last_name
