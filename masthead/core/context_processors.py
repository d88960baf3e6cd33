from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import brand


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        # The logo, colours, footer pages and social accounts (masthead.core.brand), read
        # only when a template shows them.
        "brand": SimpleLazyObject(lambda: brand.for_request(request)),
    }
