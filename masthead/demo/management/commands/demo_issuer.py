"""`masthead demo_issuer`: the demo's OpenID Connect issuer on loopback (masthead.demo.oidc),
registered with the site as the "Demo ID" sign-in provider. `masthead serve` starts it in
demo mode."""

import errno
import os
import signal

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.demo import oidc

PORT_VARIABLE = "DEMO_OIDC_PORT"


def _stop(signum, frame):
    raise SystemExit(0)


def unregister():
    """A stopped issuer's button would only fail: it goes with the issuer."""
    SocialApp.objects.filter(provider="openid_connect", provider_id=oidc.PROVIDER_ID).delete()


def register(issuer):
    """The site's record of the issuer: the same row an operator edits in the admin, with
    this run's address and secret (both change with the port and each start)."""
    SocialApp.objects.update_or_create(
        provider="openid_connect",
        provider_id=oidc.PROVIDER_ID,
        defaults={
            "name": oidc.NAME,
            "client_id": issuer.client_id,
            "secret": issuer.client_secret,
            "settings": {
                "server_url": issuer.issuer,
                "token_auth_method": "client_secret_basic",  # nosec B105 - a method name
                "oauth_pkce_enabled": True,
            },
        },
    )


class Command(BaseCommand):
    help = "Run the demo's OpenID Connect issuer on loopback (the demo's \"Or Continue with\")."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get(PORT_VARIABLE, oidc.DEFAULT_PORT)),
            help=f"port on 127.0.0.1 (default {oidc.DEFAULT_PORT}, or ${PORT_VARIABLE}); "
            "a free one when it is taken",
        )

    def handle(self, *args, port, **options):
        try:
            issuer = oidc.Issuer(port=port, site_url=settings.SITE_URL)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            # Another site's demo issuer has the port: any free one does, the row says which.
            issuer = oidc.Issuer(port=0, site_url=settings.SITE_URL)
        signal.signal(signal.SIGTERM, _stop)  # `masthead serve` stops its processes so
        register(issuer)
        self.stdout.write(f"Demo sign-in provider ({oidc.NAME}) at {issuer.issuer}/")
        self.stdout.flush()
        try:
            issuer.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            issuer.server.server_close()
            unregister()
