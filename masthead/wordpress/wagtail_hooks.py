"""The picture desk's list of photos a WordPress import could not get."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import MissingPhoto


class MissingPhotoViewSet(ModelViewSet):
    """Each row names the stand-in photo: open it, replace its file with the real one, and
    mark the row resolved."""

    model = MissingPhoto
    name = "wordpress_missing_photos"
    url_prefix = "wordpress/missing-photos"
    menu_label = "Missing photos"
    icon = "image"
    add_to_admin_menu = True
    menu_order = 280
    list_display = ["__str__", "reason", "image", "found_at", "resolved_at"]
    list_filter = ["resolved_at"]
    search_fields = ["file_url"]
    form_fields = ["resolved_at"]


@hooks.register("register_admin_viewset")
def register_missing_photos():
    return MissingPhotoViewSet()
