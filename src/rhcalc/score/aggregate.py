"""From rows of several units to one series per period: the district → city roll-up.

Counts add up; rates add numerators and denominators and are recomputed — a city rate is
never the mean of district rates, since districts differ in size. Yes/no work is “done” for a
city when every unit has done it (or any, per the indicator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rhcalc.catalog.model import Aggregation, Indicator, IndicatorType
from rhcalc.common.periods import Period


@dataclass(frozen=True, slots=True)
class Obs:
    """One figure for one period: a unit's own, or the sum over units."""

    period: Period
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    units: tuple[str, ...] = ()
    note: str | None = None


def as_float(x: object) -> float | None:
    """A cell's number, None for nothing or NaN (pandas' blank)."""
    return None if x is None or x != x else float(x)  # type: ignore[arg-type]


def combine(indicator: Indicator, observations: Iterable[Obs]) -> list[Obs]:
    """Observations of several units → one per period, in period order."""
    by_period: dict[Period, list[Obs]] = defaultdict(list)
    for o in observations:
        by_period[o.period].append(o)
    return [_combine_one(indicator, period, obs) for period, obs in sorted(by_period.items())]


def _combine_one(indicator: Indicator, period: Period, obs: list[Obs]) -> Obs:
    # No shortcut for a single unit: one district's rate without its parts, or its rank, is not the city's.
    units = tuple(u for o in obs for u in o.units)
    notes = "；".join(dict.fromkeys(o.note for o in obs if o.note)) or None
    agg = indicator.aggregation
    if agg is Aggregation.ratio:
        pairs = [(o.numerator, o.denominator) for o in obs if as_float(o.numerator) is not None and as_float(o.denominator) is not None]
        if len(pairs) == len(obs):
            num = sum(p[0] for p in pairs)  # type: ignore[misc]
            den = sum(p[1] for p in pairs)  # type: ignore[misc]
            value = num / den * (indicator.factor or 1) if den else None
            return Obs(period, value, num, den, units, notes)
        # Without the parts a city rate cannot be honestly computed.
        return Obs(period, None, None, None, units, notes)
    values = [as_float(o.value) for o in obs]
    known = [v for v in values if v is not None]
    if not known:
        return Obs(period, None, units=units, note=notes)
    if agg is Aggregation.all:
        return Obs(period, float(all(v >= 1 for v in known) and len(known) == len(values)), units=units, note=notes)
    if agg is Aggregation.any:
        return Obs(period, float(any(v >= 1 for v in known)), units=units, note=notes)
    if indicator.type in (IndicatorType.rank, IndicatorType.score):
        return Obs(period, None, units=units, note=notes)  # positions and indices do not add up
    return Obs(period, sum(known), units=units, note=notes)


def outermost(observations: list[Obs]) -> list[Obs]:
    """Drop periods nested in another reported period: 2024Q1 inside 2024年1-6月 is counted once."""
    keep = []
    for o in observations:
        if not any(other.period != o.period and other.period.contains(o.period) for other in observations):
            keep.append(o)
    return keep


def cumulative(indicator: Indicator, observations: list[Obs]) -> Obs | None:
    """Sum of a count over non-overlapping periods, or a rate over summed parts."""
    obs = [o for o in outermost(observations) if o.value is not None or o.numerator is not None]
    if not obs:
        return None
    span = Period(min(o.period.start for o in obs), max(o.period.end for o in obs))
    if indicator.aggregation is Aggregation.ratio:
        if all(as_float(o.numerator) is not None and as_float(o.denominator) is not None for o in obs):
            num = sum(o.numerator for o in obs)  # type: ignore[misc]
            den = sum(o.denominator for o in obs)  # type: ignore[misc]
            return Obs(span, num / den * (indicator.factor or 1) if den else None, num, den)
        return latest(obs)
    known = [o.value for o in obs if o.value is not None]
    return Obs(span, sum(known)) if known else None


def latest(observations: list[Obs]) -> Obs | None:
    """The most recent figure; among periods ending together, the longest (a year over its Q4)."""
    usable = [o for o in observations if o.value is not None]
    if not usable:
        return None
    return max(usable, key=lambda o: (o.period.end, o.period.end - o.period.start))
