from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("give/<int:article_pk>/", views.give, name="give"),
    path("given/<int:pk>/", views.given, name="given"),
    path("revoke/<int:pk>/", views.revoke, name="revoke"),
    path("<str:token>/", views.read, name="read"),
]
