"""allauth's URLs for identity providers only.

Its password, email and sign-up pages are not served; the names its flows may reverse
lead to Masthead's own pages instead. Provider URLs exist only for configured providers
(settings installs their apps from the environment).
"""

from allauth.urls import build_provider_urlpatterns
from django.urls import include, path
from django.views.generic import RedirectView

signin = RedirectView.as_view(pattern_name="accounts:signin", query_string=True)
account = RedirectView.as_view(pattern_name="accounts:account")

urlpatterns = [
    path("3rdparty/", include("allauth.socialaccount.urls")),
    *build_provider_urlpatterns(),
    path("login/", signin, name="account_login"),
    path("signup/", signin, name="account_signup"),
    path("inactive/", signin, name="account_inactive"),
    path("reauthenticate/", signin, name="account_reauthenticate"),
    path("logout/", account, name="account_logout"),
    path("email/", account, name="account_email"),
]
