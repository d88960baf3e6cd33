"""Uploaded images are pictures and nothing else, checked before they are decoded.

Wagtail's image field refuses what it cannot open, an extension outside
``WAGTAILIMAGES_EXTENSIONS`` (so no SVG, which can carry script), a format that does not
match its extension, a file over ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and more pixels than
``WAGTAILIMAGES_MAX_IMAGE_PIXELS``. But it reads a small upload whole into memory before
checking its size, and decodes the whole image to count its pixels: a 10,000 x 10,000
PNG of a few kilobytes would cost hundreds of megabytes. This field checks size and
pixel count first, from the file's length and the image header alone; then, after
Wagtail's checks, that no markup hides in the bytes (a GIF/HTML polyglot is a valid GIF
that a browser sniffing content would run as a page).
"""

import re
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# What makes bytes a web page or a script to a browser that sniffs them. (Not `<?xml`:
# cameras write XMP metadata as XML into ordinary photos.)
MARKUP = re.compile(rb"<(?:script|html|!doctype|iframe|object|embed|body)[\s/>]", re.IGNORECASE)
CHUNK = 1024 * 1024


def contains_markup(uploaded):
    """Whether the file holds markup anywhere (chunks overlap, so none is split unseen)."""
    uploaded.seek(0)
    tail = b""
    try:
        for chunk in iter(lambda: uploaded.read(CHUNK), b""):
            if MARKUP.search(tail + chunk):
                return True
            tail = chunk[-16:]
        return False
    finally:
        uploaded.seek(0)


def header_pixels(uploaded):
    """Width x height from the image header (nothing decoded); None when unreadable."""
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded) as image:
                width, height = image.size
        return width * height
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return float("inf")
    except Exception:  # noqa: BLE001 - not an image we can read: Wagtail's checks say so
        return None
    finally:
        uploaded.seek(0)


class SafeImageField(WagtailImageField):
    def to_python(self, data):
        if data is not None and hasattr(data, "seek"):
            if self.max_upload_size is not None and data.size > self.max_upload_size:
                raise ValidationError(
                    self.error_messages["file_too_large"]
                    % {
                        "file_size": filesizeformat(data.size),
                        "max_filesize": self.max_upload_size_text,
                    },
                    code="file_too_large",
                )
            pixels = header_pixels(data)
            if pixels is not None and self.max_image_pixels and pixels > self.max_image_pixels:
                shown = "unknown number" if pixels == float("inf") else pixels
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {"num_pixels": shown, "max_pixels_count": self.max_image_pixels},
                    code="file_too_many_pixels",
                )
        uploaded = super().to_python(data)
        if uploaded is not None and hasattr(data, "seek") and contains_markup(data):
            raise ValidationError(
                "This file holds web-page markup besides the picture, so it cannot be used. "
                "Open it in an image editor and export it again as JPEG or PNG.",
                code="image_with_markup",
            )
        return uploaded


class SafeImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            self.fields["file"] = SafeImageField(
                label=field.label,
                required=field.required,
                help_text=field.help_text,
                widget=field.widget,
            )
