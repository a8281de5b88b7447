"""City colours for any number of cities, assigned once when a city is registered.

The first eight are the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies), in its published order. After that, each new colour is a hue stepped by the
golden angle (137.5°) at a fixed saturation, so neighbours in the sequence stay far apart in
hue; every 64 colours the lightness steps (0.42, 0.30, 0.54) so later ones differ too. A
colour already taken is skipped; past the sequence's distinct colours, repeats are allowed.
A city keeps its colour on every page because it is stored with the city (cities.yaml ->
cities.parquet), never taken by position.
"""

from __future__ import annotations

import colorsys

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
GOLDEN_ANGLE = 137.508
EXTENSION_LIGHTNESS, EXTENSION_SATURATION = (0.42, 0.30, 0.54), 0.65
BAND = 64
MAX_SEARCH = 10_000


def colour(position: int) -> str:
    """The position-th colour of the sequence (0-based)."""
    if position < len(OKABE_ITO):
        return OKABE_ITO[position]
    step = position - len(OKABE_ITO)
    hue = (step * GOLDEN_ANGLE + 15) % 360 / 360
    lightness = EXTENSION_LIGHTNESS[(step // BAND) % len(EXTENSION_LIGHTNESS)]
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, EXTENSION_SATURATION)
    return f"#{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"


def next_colour(taken: list[str]) -> str:
    """The first colour of the sequence no registered city has."""
    used = {value.upper() for value in taken}
    position = 0
    while colour(position) in used and position < MAX_SEARCH:
        position += 1
    return colour(position)
