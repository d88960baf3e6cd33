"""The demo's identity provider: a small, real OpenID Connect issuer on loopback, so the
sign-in page's "Or Continue with" works on a fresh `make run` without any provider's keys.

Discovery, authorisation (code flow, PKCE S256 required), token (client secret, basic or
post), userinfo and JWKS, with ID tokens signed RS256 by a key made at start. Its
authorisation page lets the reader pick a demo identity or type one; the site learns of
the issuer as an OpenID Connect provider in its database (allauth's SocialApp), the same
place an operator configures one in the admin (Settings → Sign-in providers).

It is for the demo only: anyone who reaches the page may be anyone.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

PROVIDER_ID = "demo"
NAME = "Demo ID"
CLIENT_ID = "masthead-demo"
DEFAULT_PORT = 8009
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CODE_LIFETIME = 120  # seconds a code may wait for the site to redeem it
TOKEN_LIFETIME = 300

# Who a reader may be at the demo issuer (or they type an address of their own).
IDENTITIES = [
    {"sub": "demo-reader", "email": "reader@demo.example", "name": "Dana Reader"},
    {"sub": "demo-subscriber", "email": "subscriber@demo.example", "name": "Sam Subscriber"},
]

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to {name}</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; max-width: 32rem; margin: 2rem auto;
  padding: 0 1rem; color: #1a1a1a; }}
fieldset {{ border: 1px solid #ccc; padding: .5rem 1rem; }}
button, input[type=email], input[type=text] {{ font: inherit; padding: .4rem .6rem; }}
input[type=email], input[type=text] {{ width: 100%; box-sizing: border-box; }}
.error {{ color: #b3001b; }} .note {{ color: #555; font-size: .9rem; }}
</style></head>
<body><main><h1>Sign in to {name}</h1>
<p>{name} is the demo's identity provider: choose who you are, and you go back to the site
signed in.</p>
{error}<form method="post" action="/authorize">{hidden}
<fieldset><legend>Continue as</legend>{choices}
<p><label><input type="radio" name="identity" value="other"> Someone else:</label></p>
<p><label for="email">Email</label><br>
<input type="email" id="email" name="email" autocomplete="off"></p>
<p><label for="name">Name</label><br>
<input type="text" id="name" name="name" autocomplete="off"></p>
</fieldset>
<p><button type="submit">Continue</button></p></form>
<p class="note">A demo only: no password is asked, and anyone may be anyone.</p>
</main></body></html>"""


class Issuer:
    """One issuer at `issuer` (http://127.0.0.1:<port>) for one client: the site, whose
    callbacks must start with `site_url`."""

    def __init__(self, *, host="127.0.0.1", port=DEFAULT_PORT, site_url="", client_secret=None):
        self.server = ThreadingHTTPServer((host, port), self._handler())
        self.port = self.server.server_address[1]
        self.issuer = f"http://{host}:{self.port}"
        self.site_url = site_url.rstrip("/")
        self.client_id = CLIENT_ID
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.codes = {}
        self.access_tokens = {}
        self.lock = threading.Lock()

    # --- running ---
    def serve_forever(self):
        self.server.serve_forever()

    def start(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- the protocol ---
    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def jwks(self):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return {"keys": [jwk]}

    def request_error(self, query):
        """Why an authorisation request is refused, or "" when it may go on."""
        if query.get("client_id") != self.client_id:
            return "This sign-in request is not from the demo site."
        if query.get("response_type") != "code":
            return "Only the authorisation code flow is offered."
        redirect_uri = query.get("redirect_uri", "")
        on_site = bool(self.site_url) and redirect_uri.startswith(self.site_url + "/")
        # The demo is also opened as localhost: any loopback address of the site will do.
        if not on_site and urlsplit(redirect_uri).hostname not in LOOPBACK:
            return "The address to return to is not the demo site's."
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "The request has no PKCE challenge (S256)."
        return ""

    def grant(self, query, identity):
        """The reader chose who to be: a code for the site, at its callback."""
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "redirect_uri": query["redirect_uri"],
                "nonce": query.get("nonce"),
                "challenge": query["code_challenge"],
                "user": identity,
                "expires": time.time() + CODE_LIFETIME,
            }
        state = {"code": code, "state": query.get("state", "")}
        return query["redirect_uri"] + "?" + urlencode(state)

    def token(self, form, authorization):
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            try:
                decoded = base64.b64decode(authorization[6:]).decode()
            except (ValueError, UnicodeDecodeError):
                return 401, {"error": "invalid_client"}
            client_id, _, secret = decoded.partition(":")
        if client_id != self.client_id or not secrets.compare_digest(
            secret or "", self.client_secret
        ):
            return 401, {"error": "invalid_client"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or grant["expires"] < time.time()
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE mismatch"}
        access = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access] = grant["user"]
        return 200, {
            "access_token": access,
            "token_type": "Bearer",  # nosec B105 - the OAuth token type
            "expires_in": TOKEN_LIFETIME,
            "id_token": self.id_token(grant),
        }

    def id_token(self, grant):
        now = int(time.time())
        user = grant["user"]
        claims = {
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "jti": secrets.token_urlsafe(12),
            "email": user["email"],
            "email_verified": True,
            "name": user["name"],
        }
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def userinfo(self, authorization):
        user = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return 401, {"error": "invalid_token"}
        return 200, {**user, "email_verified": True}

    # --- the reader's page ---
    def page(self, query, message=""):
        """Pick a demo identity (or type one): the request's parameters ride along."""
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
            if k != "identity"
        )
        choices = "".join(
            f'<p><label><input type="radio" name="identity" value="{html.escape(i["sub"])}"'
            f"{' checked' if n == 0 else ''}> {html.escape(i['name'])} "
            f"({html.escape(i['email'])})</label></p>"
            for n, i in enumerate(IDENTITIES)
        )
        error = f'<p role="alert" class="error">{html.escape(message)}</p>' if message else ""
        return PAGE.format(name=NAME, error=error, hidden=hidden, choices=choices)

    def identity_from(self, form):
        chosen = form.get("identity", "")
        for identity in IDENTITIES:
            if identity["sub"] == chosen:
                return identity, ""
        if chosen != "other":
            return None, "Choose who to continue as."
        email = form.get("email", "").strip().lower()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or len(email) > 254 or " " in email:
            return None, "Please type an email address such as name@example.com."
        name = form.get("name", "").strip()[:80] or local
        sub = "demo-" + hashlib.sha256(email.encode()).hexdigest()[:16]
        return {"sub": sub, "email": email, "name": name}, ""

    def _handler(self):
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, content_type="application/json"):
                data = (json.dumps(body) if content_type == "application/json" else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location):
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _authorize(self, query, form=None):
                refused = issuer.request_error(query)
                if refused:
                    return self._send(400, issuer.page({}, refused), "text/html")
                if form is None:
                    return self._send(200, issuer.page(query), "text/html")
                identity, message = issuer.identity_from(form)
                if identity is None:
                    return self._send(400, issuer.page(query, message), "text/html")
                return self._redirect(issuer.grant(query, identity))

            def do_GET(self):  # noqa: N802 - the http.server API
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    return self._send(200, issuer.discovery())
                if parts.path == "/jwks":
                    return self._send(200, issuer.jwks())
                if parts.path == "/authorize":
                    return self._authorize(query)
                if parts.path == "/userinfo":
                    return self._send(*issuer.userinfo(self.headers.get("Authorization", "")))
                return self._send(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802 - the http.server API
                length = min(int(self.headers.get("Content-Length") or 0), 65536)
                raw = self.rfile.read(length).decode(errors="replace")
                form = {k: v[-1] for k, v in parse_qs(raw).items()}
                path = urlsplit(self.path).path
                if path == "/token":
                    return self._send(*issuer.token(form, self.headers.get("Authorization", "")))
                if path == "/authorize":
                    return self._authorize(form, form)
                return self._send(404, {"error": "not_found"})

        return Handler
