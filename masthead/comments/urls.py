from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("<int:page_id>/", views.discussion, name="discussion"),
    path("<int:page_id>/fragment/", views.fragment, name="fragment"),
    path("<int:page_id>/post/", views.post, name="post"),
    path("comment/<int:pk>/edit/", views.edit, name="edit"),
    path("comment/<int:pk>/delete/", views.delete, name="delete"),
    path("comment/<int:pk>/like/", views.like, name="like"),
    path("comment/<int:pk>/report/", views.report, name="report"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
