import hmac

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404

STATE_ATTRIBUTE = "_masthead_oidc_state"


class NonceCheckingAdapter(OpenIDConnectOAuth2Adapter):
    """Refuse an ID token whose ``nonce`` is not the one this browser's request sent."""

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
