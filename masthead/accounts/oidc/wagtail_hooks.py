"""Settings → Sign-in providers: the "Or Continue with" providers an operator configures in
the admin (beside those of the environment, masthead/accounts/providers.py)."""

from allauth.socialaccount.models import SocialApp
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import SignInProviderForm


class SignInProviderViewSet(ModelViewSet):
    model = SocialApp
    icon = "key"
    menu_label = "Sign-in providers"
    add_to_settings_menu = True
    list_display = ["name", "provider", "provider_id", "client_id"]
    search_fields = None

    def get_form_class(self, for_update=False):
        return SignInProviderForm


@hooks.register("register_admin_viewset")
def register_signin_providers():
    return SignInProviderViewSet("signin_providers")
