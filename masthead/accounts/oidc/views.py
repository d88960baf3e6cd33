import hmac

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

STATE_ATTRIBUTE = "_masthead_oidc_state"
# Seconds the issuer's clock may differ from ours when an ID token's times are checked.
CLOCK_LEEWAY = 60


class NonceCheckingAdapter(OpenIDConnectOAuth2Adapter):
    """Refuse an ID token whose ``nonce`` is not the one this browser's request sent, or
    whose times are wrong: issued in the future, expired, or not yet valid."""

    def _decode_id_token(self, app, id_token):
        # allauth's decoding checks the issuer, the audience and, with no leeway, the
        # expiry; it skips the signature when the token came straight from the token
        # endpoint (OpenID Connect Core 3.1.3.7), and with it the issue time. Here the
        # times are always checked, with a small leeway for clocks that differ. Decoded
        # once per login (the nonce check and allauth both ask): a token's ``jti`` is
        # recorded as used the first time.
        decoded = self.__dict__.setdefault("_decoded_id_tokens", {})
        if id_token in decoded:
            return decoded[id_token]
        verify_signature = not self.did_fetch_access_token
        try:
            if verify_signature:
                alg, key = jwtkit.fetch_key(
                    id_token, self.openid_config["jwks_uri"], jwtkit.lookup_kid_jwk
                )
                algorithms = [alg]
            else:
                key, algorithms = "", None
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=algorithms,
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                leeway=CLOCK_LEEWAY,
                options={
                    "verify_signature": verify_signature,
                    "verify_iss": True,
                    "verify_aud": True,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_nbf": True,
                    "require": ["iss", "sub", "aud", "exp", "iat"],
                },
            )
            jwtkit.verify_jti(claims)
        except jwt.PyJWTError as error:
            raise OAuth2Error("Invalid id_token") from error
        decoded[id_token] = claims
        return claims

    def complete_login(self, request, app, token, **kwargs):
        state = getattr(request, STATE_ATTRIBUTE, None) or {}
        expected = state.get("nonce") or ""
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The provider sent no ID token.")
        claims = self._decode_id_token(app, id_token)
        if not expected or not hmac.compare_digest(str(claims.get("nonce", "")), expected):
            raise OAuth2Error("The ID token's nonce does not match.")
        return super().complete_login(request, app, token, **kwargs)


class NonceCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        setattr(request, STATE_ATTRIBUTE, state)
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(NonceCheckingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request, provider_id):
    try:
        return NonceCallbackView.adapter_view(NonceCheckingAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
