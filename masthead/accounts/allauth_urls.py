"""allauth's URLs, with its password pages sent to Masthead's sign-in."""

from django.urls import include, path
from django.views.generic import RedirectView

signin = RedirectView.as_view(pattern_name="accounts:signin", query_string=True)

urlpatterns = [
    path("login/", signin),
    path("signup/", signin),
    path("password/reset/", signin),
    path("", include("allauth.urls")),
]
