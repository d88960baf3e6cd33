from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    """A photo as a newsroom files it: with a caption and a separate credit."""

    caption = models.TextField(blank=True, help_text="What the photo shows, as printed under it.")
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text='Who made the photo, e.g. "Amos Ben-Gershom/GPO". Required.',
    )
    source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where the photo came from (agency, URL), for the record.",
    )

    # Caption and credit right under the file, where the photo comes in (the form requires
    # the credit: masthead/news/admin/forms.py).
    admin_form_fields = (
        "title",
        "file",
        "caption",
        "credit",
        "source",
        *(name for name in Image.admin_form_fields if name not in ("title", "file")),
    )

    class Meta(AbstractImage.Meta):
        verbose_name = "photo"

    @property
    def alt_text(self):
        # Wagtail's `description` field is the alt text; fall back to the caption.
        return self.description or self.caption or self.title


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
