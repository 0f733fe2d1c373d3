"""The book's colours, defined once: one colour per entity in every chart, the named colours
of what is not an entity, and the contrast rules they keep (no plotting library needed)."""

from __future__ import annotations

import functools

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; grey and wine extend
# it for charts with more than eight series (lines are also labelled by name).
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
]
# The same colours by name, for what is not an entity (kinds of figure, verdicts, statuses):
# entities take theirs from entity_colour().
BLUE, ORANGE, GREEN, PINK, SKY_BLUE, VERMILION, YELLOW, BLACK, GREY, WINE = OKABE_ITO
LIGHT = "#BBBBBB"  # what a chart does not emphasise


# One colour per entity in every chart of the book, defined here only: the Okabe-Ito hues for
# the four the book follows most, then hues chosen so that any two entities that share a
# chart differ by at least colour.DISTINCT (CIEDE2000) from each other and from the grey of
# "the rest"; each is 3:1 or more on white. tests/test_colours.py checks every chart.
ENTITY_HUES = {
    "Japan": "#D55E00",
    "United States": "#0072B2",
    "China": "#CC79A7",
    "South Korea": "#009E73",
    "Germany": "#C22942",
    "United Kingdom": "#A11DCD",
    "France": "#285C23",
    "Italy": "#87871D",
    "Canada": "#87871D",
    "Mexico": "#2969C2",
    "Vietnam": "#A11DCD",
    "India": "#87871D",
    "Australia": "#87871D",
    "Poland": "#694716",
    "Taiwan": "#C22942",
    "Netherlands": "#87871D",
    "Russia": "#2D9A76",
    "Malaysia": "#AE6319",
    "Qatar": "#4A35B6",
    "Oman": "#CD1D49",
    "Indonesia": "#CD1DCD",
    "Papua New Guinea": "#315C23",
    "Other EU": "#CD1D58",
    "G7": "#2969C2",
    "ASEAN": "#AE6319",
}
# Everything else is "the rest", in one grey (3:1 on white).
REST = "#767676"
# Codes and short names in the tables, mapped to the entity they name.
ENTITY_ALIASES = {
    "US": "United States",
    "USA": "United States",
    "JPN": "Japan",
    "CHN": "China",
    "KOR": "South Korea",
    "Korea": "South Korea",
    "DEU": "Germany",
    "GBR": "United Kingdom",
    "FRA": "France",
    "Russian Federation": "Russia",
}


def _luminance(colour: str) -> float:
    if len(colour) == 4:  # "#333" is "#333333"
        colour = "#" + "".join(c * 2 for c in colour[1:])
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a colour against white."""
    return 1.05 / (_luminance(colour) + 0.05)


def darkened(colour: str, ratio: float) -> str:
    """The colour, darkened in steps until it reaches ``ratio`` against white."""
    while contrast_on_white(colour) < ratio:
        colour = "#" + "".join(f"{int(int(colour[i : i + 2], 16) * 0.92):02X}" for i in (1, 3, 5))
    return colour


def entity_colour(name: str, *, text: bool = False) -> str:
    """The entity's colour: for lines and marks at least 3:1 on white, for text 4.5:1. An
    entity without a colour of its own is one of "the rest", in grey. A name in another
    language (中国) has its English name's colour."""
    name = ENTITY_ALIASES.get(name, name)
    if name not in ENTITY_HUES:
        name = _english_names().get(name, name)
    hue = ENTITY_HUES.get(name, REST)
    return darkened(hue, 4.5 if text else 3.0)


@functools.cache
def _english_names() -> dict[str, str]:
    """English names by their translations (the glossary's countries and groups); where two
    English spellings share one (Vietnam, Viet Nam), the one with a colour."""
    from japan_us import i18n

    names: dict[str, str] = {}
    for english, japanese in i18n.glossary().items():
        english = ENTITY_ALIASES.get(english, english)
        if japanese not in names or english in ENTITY_HUES:
            names[japanese] = english
    return names


JAPAN_COLOR, JAPAN_TEXT = entity_colour("Japan"), entity_colour("Japan", text=True)
JAPAN_DARK = "#7A3300"  # Japan's hue, far enough from JAPAN_COLOR to tell two kinds apart
MUTED = entity_colour("")  # the grey of entities without a colour of their own
