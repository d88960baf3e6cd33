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

Last, every accepted image is decoded and encoded again (`reencode`), original included:
only its pixels survive, so no markup, script or metadata hidden anywhere in the file (a
polyglot the check above does not know, an EXIF comment, an XMP packet) reaches storage,
nginx or object storage. The photo is turned upright by its EXIF orientation and converted
to sRGB by its colour profile first, so it looks as it did; the credit and caption a camera
or an agency wrote into it (IPTC, XMP) are read before they go, for the form to offer.
"""

import html
import io
import re
import warnings

import willow
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, ImageSequence, IptcImagePlugin
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


# How each accepted format is written again: quality high enough that a newsroom's photo is
# not visibly changed (its renditions are made from it).
SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 92},
    "AVIF": {"quality": 85},
}
# IPTC datasets (record 2) and XMP properties that carry a photo's credit and caption.
IPTC_CREDIT = ((2, 110), (2, 80))  # Credit, By-line
IPTC_CAPTION = ((2, 120),)  # Caption-Abstract
XMP_CREDIT = ("photoshop:Credit", "dc:creator")
XMP_CAPTION = ("dc:description",)


def _iptc_text(info, keys):
    for key in keys:
        value = info.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return value.decode("utf-8", "replace").strip()
    return ""


def _xmp_text(xmp, names):
    for name in names:
        # <photoshop:Credit>X</photoshop:Credit>, photoshop:Credit="X", or an rdf:Alt/Seq list.
        found = re.search(
            rf'{name}="([^"]*)"|<{name}[^>]*>(?:\s*<rdf:(?:Alt|Seq|Bag)>\s*<rdf:li[^>]*>)?([^<]*)<',
            xmp,
        )
        if found and (value := (found.group(1) or found.group(2) or "").strip()):
            return html.unescape(value)
    return ""


def embedded_credit_and_caption(image):
    """(credit, caption) the file itself carries, from IPTC then XMP; empty when none."""
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:  # noqa: BLE001 - damaged metadata is no reason to refuse a photo
        iptc = {}
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    xmp = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
    credit = _iptc_text(iptc, IPTC_CREDIT) or _xmp_text(xmp, XMP_CREDIT)
    caption = _iptc_text(iptc, IPTC_CAPTION) or _xmp_text(xmp, XMP_CAPTION)
    return credit[:255], caption


def _in_srgb(image):
    """The picture in sRGB when it carries another colour profile (the profile goes)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        return image
    try:
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(
            image, io.BytesIO(profile), ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _pixels_only(image):
    """The image without what the file said besides its pixels: Pillow writes an image's
    `info` (comments, EXIF, XMP, the colour profile) back when it saves it."""
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    return image


def reencode(data, name):
    """The upload decoded and encoded again: pixels only. Returns (file, credit, caption)."""
    data.seek(0)
    with Image.open(data) as original:
        fmt = original.format
        credit, caption = embedded_credit_and_caption(original)
        buffer = io.BytesIO()
        options = dict(SAVE_OPTIONS[fmt])
        if getattr(original, "is_animated", False):
            # Every frame again, with its timing; nothing else of the file.
            frames, durations = [], []
            for frame in ImageSequence.Iterator(original):
                durations.append(frame.info.get("duration", 100))
                frames.append(_pixels_only(frame.copy()))
            loop = original.info.get("loop", 0)
            frames[0].save(
                buffer,
                fmt,
                save_all=True,
                append_images=frames[1:],
                duration=durations,
                loop=loop,
                **options,
            )
        else:
            picture = _pixels_only(_in_srgb(ImageOps.exif_transpose(original)))
            if fmt == "JPEG" and picture.mode not in ("RGB", "L", "CMYK"):
                picture = picture.convert("RGB")
            picture.save(buffer, fmt, **options)
    content = buffer.getvalue()
    cleaned = SimpleUploadedFile(name, content, content_type=Image.MIME.get(fmt))
    cleaned.image = willow.Image.open(io.BytesIO(content))  # as Wagtail's field annotates it
    return cleaned, credit, caption


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
        if uploaded is None or not hasattr(data, "seek"):
            return uploaded
        try:
            cleaned, credit, caption = reencode(data, uploaded.name)
        except (OSError, ValueError, KeyError) as error:
            raise ValidationError(
                "This image could not be read to the end. Open it in an image editor and "
                "export it again as JPEG or PNG.",
                code="image_unreadable",
            ) from error
        self.embedded_credit, self.embedded_caption = credit, caption
        return cleaned


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
