"""Three of Wagtail's admin URLs placed again, each behind its guard (admin_guards), ahead of
Wagtail's admin URLs in masthead/urls.py.

Each keeps Wagtail's own route and view, so it goes on following Wagtail. Wagtail's
``register_admin_urls`` hook would not do: it adds URLs after Wagtail's own, and an
address Wagtail already answers never reaches them.
"""

from django.urls import path
from wagtail.admin import urls as wagtailadmin_urls

from masthead.newsroom import admin_guards


def guarded(name, guard):
    """Wagtail's admin URL ``name``: the same route, its view wrapped in ``guard``."""
    for pattern in wagtailadmin_urls.urlpatterns:
        if getattr(pattern, "name", None) == name:
            return path(str(pattern.pattern), guard(pattern.callback))
    raise LookupError(f"Wagtail's admin has no URL named {name!r} to guard")


urlpatterns = [
    guarded("wagtailadmin_choose_page_chosen_multiple", admin_guards.page_ids_are_numbers),
    guarded("wagtailadmin_choose_page_external_link", admin_guards.link_form_has_its_url),
    guarded("wagtailadmin_login", admin_guards.next_is_an_address),
]
