from django.urls import path
from wagtail import hooks

from . import mfa_views


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [
        path("second-factor/setup/", mfa_views.setup, name="accounts_second_factor_setup"),
        path("second-factor/verify/", mfa_views.verify, name="accounts_second_factor_verify"),
    ]
