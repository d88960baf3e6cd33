"""The demo's OpenID Connect issuer (masthead.demo.oidc) and providers configured in the
admin: "Or Continue with" without any provider's keys in the environment."""

import re
import urllib.error
import urllib.parse
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp

from masthead.accounts.models import Member
from masthead.accounts.providers import installed_providers
from masthead.demo import oidc
from masthead.demo.management.commands.demo_issuer import register

pytestmark = pytest.mark.django_db


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def issuer(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    running = oidc.Issuer(port=0, site_url="http://testserver").start()
    register(running)
    yield running
    running.stop()


def at_issuer(url, form=None):
    """The reader's browser at the issuer: (status, the page or where it sends them)."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url if data is None else url.split("?")[0], data=data, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as response:
        if response.code == 302:
            return 302, response.headers["Location"]
        return response.code, response.read().decode()


def test_the_demo_issuer_puts_continue_with_on_the_sign_in_page(client, issuer):
    html = client.get("/account/signin/").content.decode()
    assert "Or Continue with" in html
    assert re.search(r'action="/auth/oidc/demo/login/".*?>Demo ID</button>', html, re.S)


def test_a_reader_picks_a_demo_identity_and_comes_back_signed_in(client, issuer):
    start = client.post("/auth/oidc/demo/login/", {"process": "login", "next": "/"})
    location = start["Location"]
    assert location.startswith(issuer.issuer + "/authorize?")
    status, page = at_issuer(location)
    assert status == 200
    assert "Sign in to Demo ID" in page and "Dana Reader (reader@demo.example)" in page
    query = {k: v[-1] for k, v in parse_qs(urlsplit(location).query).items()}
    status, back = at_issuer(issuer.issuer + "/authorize", {**query, "identity": "demo-reader"})
    assert status == 302 and back.startswith("http://testserver/auth/oidc/demo/login/callback/")
    response = client.get(back.removeprefix("http://testserver"))
    assert response["Location"] == "/auth/3rdparty/signup/"
    client.post("/auth/3rdparty/signup/", {"email": "reader@demo.example", "accept_terms": "on"})
    member = Member.objects.get(email="reader@demo.example")
    assert client.session["_auth_user_id"] == str(member.pk)
    account = SocialAccount.objects.get(user=member)
    assert (account.provider, account.uid) == ("demo", "demo-reader")


def test_the_issuer_sends_codes_only_to_the_site(client, issuer):
    start = client.post("/auth/oidc/demo/login/", {"process": "login"})
    query = {k: v[-1] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    query["redirect_uri"] = "https://elsewhere.example/steal"
    status, page = at_issuer(issuer.issuer + "/authorize", {**query, "identity": "demo-reader"})
    assert status == 400 and "not the demo site" in page


def test_a_typed_identity_must_be_an_email_address(client, issuer):
    start = client.post("/auth/oidc/demo/login/", {"process": "login"})
    query = {k: v[-1] for k, v in parse_qs(urlsplit(start["Location"]).query).items()}
    form = {**query, "identity": "other", "email": "not an address"}
    status, page = at_issuer(issuer.issuer + "/authorize", form)
    assert status == 400 and "name@example.com" in page


def test_a_provider_configured_in_the_admin_gets_its_button(client, editor):
    """The editor-in-chief adds an OpenID Connect provider under Settings → Sign-in
    providers; the sign-in page offers it at once. Google without its routes (no
    environment keys) would only fail, so it has no button."""
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    response = client.post(
        "/admin/signin_providers/new/",
        {
            "provider": "openid_connect",
            "provider_id": "staff-id",
            "name": "Example ID",
            "client_id": "masthead",
            "secret": "s3cret",
            "key": "",
            "server_url": "https://id.example.com",
            "certificate_key": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    app = SocialApp.objects.get(provider_id="staff-id")
    assert app.settings["server_url"] == "https://id.example.com"
    assert app.settings["oauth_pkce_enabled"] is True
    SocialApp.objects.create(provider="google", name="Google", client_id="g", secret="x")
    html = client.get("/account/signin/").content.decode()
    assert 'action="/auth/oidc/staff-id/login/"' in html and ">Example ID</button>" in html
    assert ">Google</button>" not in html


def test_an_openid_connect_provider_needs_its_issuer(client, editor):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    response = client.post(
        "/admin/signin_providers/new/",
        {"provider": "openid_connect", "provider_id": "x", "name": "X", "client_id": "c"},
    )
    assert response.status_code == 200
    assert "An OpenID Connect provider needs its issuer." in response.content.decode()
    assert not SocialApp.objects.exists()


def test_google_apple_and_facebook_get_routes_from_keys_or_for_the_admin():
    assert installed_providers({}) == []
    assert installed_providers({"GOOGLE_CLIENT_ID": "g"}) == ["google"]
    assert installed_providers({"SOCIAL_PROVIDERS": "Apple, facebook"}) == ["apple", "facebook"]
