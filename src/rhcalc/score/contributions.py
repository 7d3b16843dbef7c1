"""What each unit put into a city roll-up: its own figure over the same window, and its share.

A district of Beijing fills in 33 indicators; six are its own targets, the rest feed city targets
(全市不少于20所). Its report shows, for each of those, its figure, its share of the city's figure and
the city's status — read with the same window and the same reader of figures as the city's own
result, so the shares of all districts add up to the city's figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rhcalc.catalog.model import Aggregation, Holds, Indicator, IndicatorType, Measure, Target, Test
from rhcalc.score.model import Evaluation, Scope
from rhcalc.score.rules.base import inside, slots_of
from rhcalc.score.rules.direction import reference
from rhcalc.score.window import done_figure, figure, observed, period_figure


@dataclass(frozen=True, slots=True)
class UnitFigure:
    """One unit's part of a city figure."""

    unit: str
    value: float | None  # its figure, as the city's is measured (a count, a rate, 1/0 for 是/否)
    numerator: float | None = None
    denominator: float | None = None
    share: float | None = None  # of the city's count (or of a rate's numerator); None where shares mean nothing
    reference: float | None = None  # for a direction (下降/提高): its own figure compared with, as the city's is

    def as_dict(self) -> dict[str, object]:
        return {"district": self.unit, "actual": _clean(self.value), "numerator": _clean(self.numerator),
                "denominator": _clean(self.denominator), "share": _clean(self.share),
                "reference": _clean(self.reference)}


def _clean(x: float | None) -> float | int | None:
    if x is None or x != x:
        return None
    r = round(float(x), 4)
    return int(r) if r.is_integer() else r


def unit_figures(target: Target, indicator: Indicator, scope: Scope, e: Evaluation, as_of: dt.date) -> tuple[UnitFigure, ...]:
    """Each unit's figure behind a city result, in the order of the plan's units; () for a unit's own result."""
    if not scope.by_unit:
        return ()
    units = list(scope.units) or sorted(scope.by_unit)
    read = _reader(target, indicator, as_of, e)
    out = []
    for unit in units:
        series = scope.by_unit.get(unit, [])
        m = read(series)
        if m is None:
            out.append(UnitFigure(unit, None))
            continue
        ref = reference(target, m, series)[0] if target.test in (Test.down, Test.up) else None
        out.append(UnitFigure(unit, m.value, m.numerator, m.denominator,
                              _share(indicator, target, m.value, m.numerator, e), ref))
    return tuple(out)


def _reader(target: Target, indicator: Indicator, as_of: dt.date, e: Evaluation):  # type: ignore[no-untyped-def]
    """How a unit's series becomes the figure the city's result was judged on."""
    if target.measure is Measure.units:
        return lambda series: done_figure(observed(target, series, as_of))
    if target.holds is Holds.every_period:
        slot = _latest_judged_slot(target, as_of, e)
        if slot is None:
            return lambda series: None
        assert target.measure is not None
        measure = target.measure
        return lambda series: period_figure(measure, indicator, inside(slot, series, measure, as_of))
    return lambda series: figure(target, indicator, observed(target, series, as_of))


def _latest_judged_slot(target: Target, as_of: dt.date, e: Evaluation):  # type: ignore[no-untyped-def]
    """The period the units' figures are read for: the latest breach (what held the city back), else the
    latest period judged."""
    judged = [s.period for s in e.how.slots if s.verdict == "breach"] or \
        [s.period for s in e.how.slots if s.verdict in ("pass", "breach")]
    if not judged:
        return None
    begun, _ = slots_of(target, as_of)
    return next((p for p in begun if p.label == judged[-1]), None)


def _share(indicator: Indicator, target: Target, value: float | None, num: float | None, e: Evaluation) -> float | None:
    """A count's share of the city's count; a rate's share of the city's numerator (its cases)."""
    if value is None or target.measure in (Measure.units, Measure.done, Measure.position):
        return None
    if indicator.aggregation is Aggregation.ratio:
        city = e.how.numerator
        return num / city if num is not None and city else None
    if not _summed_across_units(indicator):
        return None
    city_total = _city_count(target, e)
    return value / city_total if city_total else None


def _summed_across_units(indicator: Indicator) -> bool:
    """Whether a city's figure is its units' sum (aggregate.combine): counts, a stock read at its
    latest period included; not 是/否, positions or indices."""
    return indicator.aggregation not in (Aggregation.ratio, Aggregation.all, Aggregation.any) and \
        indicator.type in (IndicatorType.count,)


def _city_count(target: Target, e: Evaluation) -> float | None:
    """The city's count the shares are of: its figure (for every_period: the latest judged period's)."""
    if target.holds is Holds.every_period:
        judged = [s for s in e.how.slots if s.verdict in ("pass", "breach")]
        return judged[-1].figure if judged else None
    return e.actual


def contributions_of(unit: str, figures: tuple[UnitFigure, ...]) -> UnitFigure | None:
    return next((f for f in figures if f.unit == unit), None)



@dataclass(frozen=True, slots=True)
class HeldBack:
    """The units behind a city result that is behind or not met, by what their own figures show."""

    failing: tuple[str, ...] = ()  # their own figure fails the city's test (a rate below it, a 否)
    not_reported: tuple[str, ...] = ()  # sent no figure for it
    # A city count no unit reaches or breaks alone: the smallest contributors to a total to reach, the
    # largest to one to keep down (不收取任何费用: the provinces that charged).
    lowest: tuple[str, ...] = ()
    highest: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names())

    def names(self) -> tuple[str, ...]:
        return self.failing + self.not_reported + self.lowest + self.highest


LOWEST = 3


def held_back(target: Target, indicator: Indicator, e: Evaluation, figures: tuple[UnitFigure, ...]) -> HeldBack:
    """Who holds a city target back. Nothing for a result that is not behind or not met."""
    if e.status.value not in ("behind", "not_met"):
        return HeldBack()
    h = e.how
    if h.units is not None:  # coverage across units: the rule named them
        return HeldBack(h.not_covered, h.not_reported)
    silent = tuple(f.unit for f in figures if f.value is None)
    known = [f for f in figures if f.value is not None]
    if target.test in (Test.down, Test.up):  # its own figure moved the wrong way, or has nothing to compare with
        sign = -1 if target.test is Test.down else 1
        wrong = tuple(f.unit for f in known if f.reference is not None and (f.value - f.reference) * sign < 0)  # type: ignore[operator]
        return HeldBack(wrong, silent)
    if target.measure is Measure.done or indicator.type is IndicatorType.yes_no:
        return HeldBack(tuple(f.unit for f in known if (f.value or 0) < 1), silent)
    if _summed_across_units(indicator):
        if target.test is Test.at_most:
            largest = sorted((f for f in known if (f.value or 0) > 0), key=lambda f: (-(f.value or 0), f.unit))
            return HeldBack((), silent, highest=tuple(f.unit for f in largest[:LOWEST]))
        smallest = sorted(known, key=lambda f: (f.value, f.unit))[:LOWEST]
        return HeldBack((), silent, tuple(f.unit for f in smallest))
    limit = target.limit
    test = target.test.value if target.test else ""
    if limit is None or test not in ("at_least", "at_most"):
        return HeldBack((), silent)
    fails = (lambda v: v < limit) if test == "at_least" else (lambda v: v > limit)
    return HeldBack(tuple(f.unit for f in known if fails(f.value)), silent)  # type: ignore[arg-type]
