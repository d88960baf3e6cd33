"""The site's colours and the contrast rule they keep (WCAG 2: 4.5:1 for text)."""

DEFAULT_ACCENT = "#0b5cad"
DEFAULT_ACCENT_DARK = "#8cb8ff"
LIGHT_PAPER = "#ffffff"
DARK_PAPER = "#121417"
MINIMUM_CONTRAST = 4.5


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_colour):
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first, second):
    """WCAG's contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
