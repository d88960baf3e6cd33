from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from masthead.alerts import views as alerts_views
from masthead.core import brand
from masthead.core import views as core_views
from masthead.core.caching import shared_listing
from masthead.ops import views as ops_views

handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"

urlpatterns = [
    # A few of Wagtail's admin views behind checks of their input (newsroom.admin_guards).
    path("admin/", include("masthead.newsroom.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("account/", include("masthead.accounts.urls")),
    path("auth/", include("masthead.accounts.allauth_urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("brand.css", brand.brand_css, name="brand_css"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", shared_listing(sitemap, tags=("sitemap",)), name="sitemap"),
    path("health/live", ops_views.live, name="health_live"),
    path("health/ready", ops_views.ready, name="health_ready"),
    path("_outbox/", core_views.outbox_list, name="outbox"),
    path("_outbox/<str:name>", core_views.outbox_message, name="outbox_message"),
    # Breaking-news alerts: the opt-in's endpoints, and the service worker at the root scope.
    path("alerts/", include("masthead.alerts.urls")),
    path("sw.js", alerts_views.service_worker, name="alerts_service_worker"),
    path("gift/", include("masthead.sharing.urls")),
    path("reading-list/", include("masthead.readinglist.urls")),
    path("", include("masthead.news.urls")),
    path("search/", include("masthead.search.urls")),
    path("comments/", include("masthead.comments.urls")),
    path("newsletters/", include("masthead.newsletters.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from django.views.static import serve as serve_media

    # Media are served by the app in the embedded default; in production a front
    # server (deploy/nginx/) or object storage serves them instead.
    urlpatterns.append(
        path("media/<path:path>", serve_media, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include(wagtail_urls)))
