import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from .views import NonceCheckingAdapter


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = NonceCheckingAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


provider_classes = [NonceOpenIDConnectProvider]
