"""The one way every human-readable format writes a number: 1,200 · 2.13 · 85% · 64 场."""

from __future__ import annotations

import math

TIGHT_UNITS = ("%", "‰", "/10万", "/万", "/100k", "/10k")  # no space: 85%, 2.1‰, 18.25/10万
# English display units (render.labels.UNIT) are plurals: one of a thing reads in the singular, by
# the plural's -s (times, institutions, points), and this for the one that does not end so.
IRREGULAR_SINGULAR = {"people": "person"}


def _singular(unit: str) -> str:
    if unit in IRREGULAR_SINGULAR:
        return IRREGULAR_SINGULAR[unit]
    # An English word only: a Chinese measure word, “%” or “×10k yuan” has no number.
    return unit[:-1] if unit.endswith("s") and unit.isascii() and unit.isalpha() else unit


def fmt(x: float | None, unit: str | None = None) -> str:
    """At most two decimals, no trailing zeros, thousands separated; “—” for nothing.

    ``unit`` is a display unit (render.labels.unit_label), not the catalog's.
    """
    if x is None or x != x:
        return "—"
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if unit:
        if text in ("1", "-1"):
            unit = _singular(unit)
        sep = "" if unit in TIGHT_UNITS else " "
        return f"{text}{sep}{unit}"
    return text


def shown(x: float) -> float:
    """The number as ``fmt`` prints it (two decimals): a difference of printed figures is printed as
    their difference — 1.32% − 1.11% reads 0.21, never the 0.2 of the unrounded figures."""
    return float(f"{x:.2f}")


def pct(x: float | None) -> str:
    """Attainment as a percentage. 99.6 % is never shown as “100%”: that would read as met."""
    if x is None or x != x:
        return "—"
    shown = round(x * 100)
    if shown >= 100 > x * 100:
        return f"{math.floor(x * 1000) / 10:.1f}%"
    return f"{shown:.0f}%"
