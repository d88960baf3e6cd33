from django.urls import path
from wagtail import hooks

from . import mfa_views, sendagain


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [
        path("second-factor/setup/", mfa_views.setup, name="accounts_second_factor_setup"),
        path("second-factor/verify/", mfa_views.verify, name="accounts_second_factor_verify"),
    ]


# Forms a reader sends again after a refusal for their CSRF token (core.sendagain).
hooks.register("masthead_send_again_accounts:signin", sendagain.signin)
hooks.register("masthead_send_again_accounts:welcome", sendagain.welcome)
