import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")

django_application = get_wsgi_application()

from masthead.core.pagecache import PageCacheApplication  # noqa: E402 - needs the settings
from masthead.core.requestbody import DrainedBodyApplication  # noqa: E402

# Fresh anonymous pages are answered before Django handles the request at all; every answer
# leaves the connection ready for the next request (the body read to its end).
application = DrainedBodyApplication(PageCacheApplication(django_application))
