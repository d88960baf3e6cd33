from django.urls import path

from . import views

app_name = "readinglist"

urlpatterns = [
    path("saved.json", views.saved, name="saved"),
    path("<int:page_id>/save/", views.save, name="save"),
    path("<int:page_id>/remove/", views.remove, name="remove"),
]
