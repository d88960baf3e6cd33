from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("config.json", views.config, name="config"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("status/", views.status, name="status"),
    path("<int:alert_id>/open/", views.open_alert, name="open"),
    path("subscriptions/<int:pk>/remove/", views.account_remove, name="account_remove"),
    path("subscriptions/<int:pk>/topics/", views.account_topics, name="account_topics"),
]
