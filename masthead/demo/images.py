"""Placeholder photos: the real photos are not ours to ship, so draw decent stand-ins."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_PATHS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
]

PALETTES = [
    ((27, 58, 95), (214, 146, 86)),  # dusk over a city
    ((36, 72, 60), (201, 205, 160)),  # hills
    ((50, 50, 64), (160, 170, 190)),  # overcast
    ((88, 40, 40), (235, 190, 120)),  # desert evening
    ((20, 44, 80), (120, 180, 220)),  # sea
]


def _font(size):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def placeholder_jpeg(label, seed, size=(1600, 900)):
    """Return JPEG bytes of a landscape-like picture with `label` set in its corner."""
    rng = random.Random(seed)
    top, bottom = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    # Skyline or hills: a few layered silhouettes.
    for layer in range(3):
        shade = tuple(max(0, int(c * (0.25 + 0.15 * layer))) for c in top)
        base = int(height * (0.62 + 0.1 * layer))
        x = 0
        while x < width:
            w = rng.randint(40, 180)
            h = rng.randint(20, 160) // (layer + 1)
            draw.rectangle([x, base - h, x + w, height], fill=shade)
            x += w
    sun_x, sun_y = rng.randint(200, width - 200), rng.randint(120, height // 2)
    draw.ellipse([sun_x - 60, sun_y - 60, sun_x + 60, sun_y + 60], fill=(250, 230, 190))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    draw = ImageDraw.Draw(image)
    font = _font(34)
    text = f"Placeholder photo · {label}"
    box = draw.textbbox((0, 0), text, font=font)
    pad = 18
    draw.rectangle(
        [0, height - (box[3] - box[1]) - 2 * pad, box[2] - box[0] + 2 * pad, height],
        fill=(0, 0, 0),
    )
    draw.text((pad, height - (box[3] - box[1]) - pad - box[1]), text, fill="white", font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
