"""The newsletter sign-up form, shown again when refused for its CSRF token (a page open
too long, a cookie the browser did not keep), with the address kept (`core.sendagain`)."""

from .forms import SubscribeForm
from .models import DAILY_EDITION_SLUG
from .views import subscribe_page


def subscribe(request, values, notice):
    if values:
        form = SubscribeForm(values)
    else:
        form = SubscribeForm(initial={"newsletter": DAILY_EDITION_SLUG})
    slug = values.get("newsletter") or DAILY_EDITION_SLUG
    return subscribe_page(request, form, slug, send_again=notice)
