"""The rule of a target: its kind's defaults filled in, and the combinations that make no sense refused.

A plain YAML target says only ``kind``; what the kind means by default is written once here, in
``DEFAULTS``. A target whose document means something else states it (``holds: every_period`` for
a rate that must hold every year, ``pace: none`` for 适时) and ``fill_rule`` keeps what it states.
"""

from __future__ import annotations

import dataclasses

from rhcalc.catalog.model import (
    Aggregation, Compare, Holds, Indicator, IndicatorType, Kind, Measure, Pace, Target, Test,
)


def default_measure(kind: Kind, indicator: Indicator) -> Measure:
    if kind in (Kind.milestone,) or (indicator.type is IndicatorType.yes_no and kind is not Kind.coverage):
        return Measure.done
    if kind is Kind.coverage:
        return Measure.units if indicator.type is IndicatorType.yes_no else Measure.level
    if kind is Kind.rank or indicator.type is IndicatorType.rank:
        return Measure.position
    return Measure.total if indicator.aggregation is Aggregation.sum else Measure.level


_TESTS = {Kind.at_least: Test.at_least, Kind.at_most: Test.at_most, Kind.coverage: Test.at_least,
          Kind.trend_down: Test.down, Kind.trend_up: Test.up, Kind.milestone: Test.done, Kind.rank: Test.rank,
          Kind.monitor: Test.none}


def default_test(kind: Kind, measure: Measure) -> Test:
    if kind is Kind.per_period:
        return Test.done if measure is Measure.done else Test.at_least
    return _TESTS[kind]


def default_pace(test: Test, measure: Measure) -> Pace:
    if test in (Test.done, Test.none):
        return Pace.none
    if test in (Test.rank, Test.down, Test.up):
        return Pace.level  # the position, or the direction, so far
    if measure in (Measure.total, Measure.units):
        # A count builds up toward its total; a ceiling on a count (不收取任何费用) holds all along.
        return Pace.level if test is Test.at_most else Pace.linear
    return Pace.projection  # a level with a number: where the current pace leads decides


def fill_rule(t: Target, indicator: Indicator) -> Target:
    """The target with measure, test, holds, pace and compare all stated."""
    measure = t.measure or default_measure(t.kind, indicator)
    test = t.test or default_test(t.kind, measure)
    holds = t.holds or (Holds.every_period if t.kind is Kind.per_period else Holds.by_deadline)
    pace = t.pace or (default_pace(test, measure) if holds is Holds.by_deadline else None)
    t = dataclasses.replace(t, measure=measure, test=test, holds=holds, pace=pace)
    compare = t.compare or (_default_compare(t) if test in (Test.down, Test.up) else None)
    return dataclasses.replace(t, compare=compare)


def _default_compare(t: Target) -> Compare:
    """逐年 and a one-year plan compare with a year earlier; 提高 over a longer plan means since it began."""
    if t.holds is Holds.every_step or t.start is None or t.deadline is None:
        return Compare.year_on_year
    months = (t.deadline.year - t.start.year) * 12 + t.deadline.month - t.start.month + 1
    return Compare.year_on_year if months <= 12 else Compare.since_start


_MEASURE_TYPES = {
    Measure.total: "a count (summed) indicator",
    Measure.done: "a yes_no indicator",
    Measure.units: "a yes_no indicator",
    Measure.position: "a rank or score indicator",
    Measure.level: "a rate, score, rank or count indicator",
}


def _measure_fits(measure: Measure, ind: Indicator) -> bool:
    if measure is Measure.total:
        return ind.aggregation is Aggregation.sum
    if measure in (Measure.done, Measure.units):
        return ind.type is IndicatorType.yes_no
    if measure is Measure.position:
        return ind.type in (IndicatorType.rank, IndicatorType.score)
    return ind.type is not IndicatorType.yes_no


_TEST_MEASURES = {
    Test.at_least: {Measure.total, Measure.level, Measure.units},
    Test.at_most: {Measure.total, Measure.level},
    Test.down: {Measure.total, Measure.level},
    Test.up: {Measure.total, Measure.level},
    Test.rank: {Measure.position},
    Test.done: {Measure.done},
    Test.none: set(Measure),
}


def rule_faults(t: Target, ind: Indicator) -> list[str]:
    """What makes no sense in a filled-in rule, in words a catalog editor can act on."""
    assert t.measure and t.test and t.holds
    faults = []
    if not _measure_fits(t.measure, ind):
        faults.append(f"measure {t.measure.value} needs {_MEASURE_TYPES[t.measure]}; {ind.id} is {ind.type.value}")
    if t.measure not in _TEST_MEASURES[t.test]:
        faults.append(f"test {t.test.value} cannot judge measure {t.measure.value}")
    if (t.test is Test.none) != (t.kind is Kind.monitor):
        faults.append("only a monitor target has test none, and a monitor target is never judged")
    if t.test in (Test.down, Test.up):
        if t.value is not None or t.threshold is not None:
            faults.append("a direction with a number is at_least / at_most: give the number there")
        if t.holds is Holds.every_period:
            faults.append("a direction is judged by_deadline or every_step, not every_period")
    elif t.holds is Holds.every_step:
        faults.append("every_step needs a direction (test down or up)")
    elif t.compare is not None:
        faults.append("compare is for a direction only (test down or up)")
    if t.holds is not Holds.by_deadline and t.pace is not None:
        faults.append(f"pace is for by_deadline targets; {t.holds.value} judges each period on its own")
    if t.holds is Holds.every_period and t.frequency is None:
        faults.append("every_period needs a frequency (year, quarter, month …)")
    if t.pace is Pace.linear and t.measure not in (Measure.total, Measure.units):
        faults.append(f"pace linear builds up a total; measure {t.measure.value} does not build up")
    if t.pace is Pace.projection and t.limit is None:
        faults.append("pace projection needs a number (value or threshold) to project toward")
    if t.threshold_source is not None and t.threshold is None:
        faults.append("threshold_source without a threshold")
    faults += _window_faults(t)
    return faults


def _window_faults(t: Target) -> list[str]:
    if t.frequency is None or t.start is None or t.deadline is None:
        return []
    months = (t.deadline.year - t.start.year) * 12 + t.deadline.month - t.start.month + 1
    if t.frequency.months > months:
        return [f"frequency {t.frequency.value} is longer than the window {t.start}…{t.deadline}"]
    return []
