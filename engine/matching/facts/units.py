"""Units of measure: one spelling per unit, and conversions within a dimension.

Outlets print one measurement in different units and spellings: "a crater 12m (40ft) wide" / "12 meters (39 feet)",
"some 200km (125 miles) south of Mexico City" / "125 miles south". Read as bare figures these look like clashes;
converted, "40 ft" and "12 m" agree to the rounding a parenthetical conversion uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.matching.text.tokens import singular

# Spellings and abbreviations of one unit, after `singular` ("metres" -> "metre", "feet" stays "feet").
_SPELLINGS = {
    "meter": "metre",
    "m": "metre",
    "kilometer": "kilometre",
    "km": "kilometre",
    "centimeter": "centimetre",
    "cm": "centimetre",
    "mi": "mile",
    "feet": "foot",
    "ft": "foot",
    "inche": "inch",
    "kg": "kilogram",
    "lb": "pound",
    "lbs": "pound",
    "liter": "litre",
    "tonne": "ton",
    "sec": "second",
    "min": "minute",
    "hr": "hour",
}

# Units a figure is converted through: (dimension, size in the dimension's base unit). "ton" is left out (short,
# long and metric tons differ by up to 12 %), as are months and years (of varying length).
_SIZES = {
    "metre": ("length", 1.0),
    "kilometre": ("length", 1000.0),
    "centimetre": ("length", 0.01),
    "mile": ("length", 1609.344),
    "yard": ("length", 0.9144),
    "foot": ("length", 0.3048),
    "inch": ("length", 0.0254),
    "kilogram": ("mass", 1.0),
    "gram": ("mass", 0.001),
    "pound": ("mass", 0.45359237),
    "litre": ("volume", 1.0),
    "gallon": ("volume", 3.785411784),
    "second": ("time", 1.0),
    "minute": ("time", 60.0),
    "hour": ("time", 3600.0),
    "day": ("time", 86400.0),
    "week": ("time", 604800.0),
}

# A parenthetical conversion is rounded ("12m (40ft)": 12 m is 39.4 ft): within this share the two are one figure.
CONVERSION_ROUNDING = 0.05

# The unit written right after a figure, joined to it or not: "12m", "200 km", "40-feet", "6.6 pounds".
_FIGURE_UNIT = re.compile(r"\d(?:[\d,.]*\d)?\s*-?\s*(?P<unit>[A-Za-z]+)")


def canonical_unit(word: str) -> str:
    """One spelling for a unit word ("meters", "metres", "m" -> "metre"); other words come back singular."""
    one = singular(word.lower().rstrip("."))
    return _SPELLINGS.get(one, one)


@dataclass(frozen=True, slots=True)
class Measure:
    unit: str
    dimension: str
    base_value: float  # the figure in the dimension's base unit (metres, kilograms, litres, seconds)


def measure(value: float, surface: str) -> Measure | None:
    """The figure of `surface` ("some 200 km", "12m", "40 ft wide") as a measurement, when its unit converts."""
    match = _FIGURE_UNIT.search(surface)
    if match is None:
        return None
    unit = canonical_unit(match.group("unit"))
    size = _SIZES.get(unit)
    if size is None:
        return None
    dimension, factor = size
    return Measure(unit, dimension, value * factor)
