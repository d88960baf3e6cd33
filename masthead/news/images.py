"""Responsive image sizes, in one place: templates render them, publishing pre-generates them."""

from django.conf import settings

# Shapes an image is shown in: `None` keeps the photo's own proportions.
SHAPES = {
    "story": None,  # lead and inline photos
    "card": (16, 9),  # story cards in listings
}
FORMATS = ("webp", "jpeg")


def filter_specs(shape):
    ratio = SHAPES[shape]
    widths = settings.MASTHEAD_IMAGE_WIDTHS if ratio is None else settings.MASTHEAD_IMAGE_WIDTHS[:2]
    specs = []
    for fmt in FORMATS:
        for width in widths:
            if ratio is None:
                size = f"width-{width}"
            else:
                size = f"fill-{width}x{width * ratio[1] // ratio[0]}-c100"
            specs.append(f"{size}|format-{fmt}")
    return specs


# Renditions of an image, by everything that decides them: looked up once per process
# (a listing shows dozens of photos, each in several sizes and formats). An edited image has
# a new file or focal point, hence a new key. Bounded: emptied when full.
_found = {}
MEMO_SIZE = 5000


def renditions(image, shape):
    """Return {format: [rendition, ...]} for `image`, creating what is missing."""
    key = (
        image.pk,
        image.file.name,
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
        shape,
    )
    if (by_format := _found.get(key)) is None:
        if len(_found) >= MEMO_SIZE:
            _found.clear()
        by_format = _found[key] = _renditions(image, shape)
    return by_format


def _renditions(image, shape):
    specs = filter_specs(shape)
    found = image.get_renditions(*specs)
    by_format = {fmt: [] for fmt in FORMATS}
    for spec in specs:
        fmt = spec.split("|format-")[1].split("|")[0]
        rendition = found[spec]
        by_format[fmt].append(rendition)
    return by_format


def pregenerate(image):
    """Create every rendition the site will ask for, so no reader waits for one."""
    for shape in SHAPES:
        renditions(image, shape)
