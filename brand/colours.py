"""The accent colour: checked for legibility, and the shades the stylesheet derives from it.

The accent is the colour of links on the white page and of buttons with white text, so a
colour that fails WCAG's 4.5:1 contrast against white would make the site unreadable for
some readers and fail the accessibility checks: it is refused with the ratio it has.
"""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = (255, 255, 255)
MIN_CONTRAST = 4.5  # WCAG 2.x AA for normal text


def parse_hex(value):
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


def to_hex(rgb):
    return "#" + "".join(f"{round(channel):02x}" for channel in rgb)


def relative_luminance(rgb):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(rgb, other, share_of_other):
    return tuple(a + (b - a) * share_of_other for a, b in zip(rgb, other, strict=True))


def validate_accent_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Give the colour as # and six hexadecimal digits, e.g. #05843e.")
    ratio = contrast_ratio(parse_hex(value), WHITE)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            f"This colour is too light to read on white (contrast {ratio:.1f}:1; links and "
            f"buttons need at least {MIN_CONTRAST}:1). Choose a darker shade."
        )


def accent_shades(value):
    """``{name: hex}``: the accent, a darker shade for hover and a pale tint for boxes."""
    rgb = parse_hex(value.lower())
    return {
        "accent": to_hex(rgb),
        "accent-dark": to_hex(mix(rgb, (0, 0, 0), 0.15)),
        "tint": to_hex(mix(rgb, WHITE, 0.92)),
    }
