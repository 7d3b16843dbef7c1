"""Pure maths: (observations, a target, the as-of date) → attainment, status and the arithmetic behind it.

One function per target kind, registered in ``RULES``; adding a kind means one function here
and the YAML. Every number a report shows is computed here once, with ``how`` saying how.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any

from rhcalc.aggregate import Obs, cumulative, latest
from rhcalc.catalog import Aggregation, Frequency, Indicator, IndicatorType, Kind, Target
from rhcalc.periods import Period, periods_in


class Status(str, Enum):
    met = "met"
    on_track = "on_track"
    behind = "behind"
    not_met = "not_met"
    no_data = "no_data"
    monitor = "monitor"


NO_UNITS: Mapping[str, list[Obs]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Scope:
    """What one target is judged on: a district's own series, or a city's roll-up and its units."""

    name: str
    series: list[Obs]  # one observation per period, all periods known (trends look before the window)
    # Read-only and shared: a national batch makes 300,000 district scopes without units, and an
    # empty dict each would cost 20 MB.
    by_unit: Mapping[str, list[Obs]] = field(default_factory=lambda: NO_UNITS)  # for coverage across units
    units: tuple[str, ...] = ()  # the units expected to report (a plan's list), if known
    peers: dict[str, list[Obs]] = field(default_factory=dict)  # for rank: every district's series
    # For a reported rank whose peer count (分母) is left empty: (plan id, its jurisdiction, its
    # number of units) of the plan whose units the position is among (score._rank_among).
    rank_among: tuple[str, str, int] | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    status: Status
    actual: float | None = None
    target_value: float | None = None
    expected: float | None = None
    attainment: float | None = None
    period: str | None = None
    how: dict[str, Any] = field(default_factory=dict)
    note: str | None = None


MONTHS = {Frequency.month: 1, Frequency.bimonth: 2, Frequency.quarter: 3, Frequency.half_year: 6, Frequency.year: 12}


# Kinds whose expected progress is nil before their window opens.
_BUILD_UP = {Kind.at_least, Kind.coverage, Kind.per_period, Kind.milestone}


def evaluate(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    result = RULES[target.kind](target, indicator, scope, as_of)
    if result.status is Status.no_data and target.kind in _BUILD_UP and target.start and as_of < target.start:
        # A schedule item whose window has not opened yet (2024年7-8月, judged in April) is not missing:
        # nothing is expected of it so far.
        how = dict(result.how, rule=target.kind.value, not_started=target.start.isoformat())
        return Evaluation(Status.on_track, None, result.target_value, 0.0, None, result.period, how, result.note)
    return result


def window_of(target: Target) -> Period:
    assert target.start and target.deadline  # filled in by the catalog
    return Period(target.start, target.deadline)


def in_window(target: Target, series: list[Obs], as_of: dt.date) -> list[Obs]:
    """Periods inside the target's window that had begun by the as-of date."""
    start, end = target.start, target.deadline
    assert start and end  # filled in by the catalog
    # Comparisons written out (not window_of(...).contains): this runs once per target and district.
    return [o for o in series if start <= o.period.start <= as_of and o.period.end <= end]


def elapsed_share(target: Target, as_of: dt.date) -> float:
    """Share of start…deadline passed at the end of the as-of day (1.0 on the deadline day)."""
    window = window_of(target)
    total = (window.end - window.start).days + 1
    done = (as_of - window.start).days + 1
    return min(max(done / total, 0.0), 1.0)


def deadline_passed(target: Target, as_of: dt.date) -> bool:
    return bool(target.deadline and as_of >= target.deadline)


def _notes(obs: list[Obs]) -> str | None:
    return "；".join(dict.fromkeys(o.note for o in obs if o.note)) or None


def _label(obs: list[Obs]) -> str | None:
    """The span the figures cover: 2024Q1 and 2024Q2 → 2024-01~2024-06, one year → 2024."""
    if not obs:
        return None
    if len(obs) == 1:  # the common case, without building a Period
        return obs[0].period.label
    return Period(min(o.period.start for o in obs), max(o.period.end for o in obs)).label


def _measure(target: Target, indicator: Indicator, obs: list[Obs]) -> Obs | None:
    """Counts add up over the window; everything else is read at its latest period."""
    if indicator.aggregation is Aggregation.sum:
        return cumulative(indicator, obs)
    return latest(obs)


def _progress(target: Target, indicator: Indicator, actual: float, value: float, as_of: dt.date,
              how: dict[str, Any]) -> tuple[Status, float | None]:
    """met / not_met after the deadline; before it, against the progress expected by now."""
    if actual >= value:
        return Status.met, value
    if deadline_passed(target, as_of):
        return Status.not_met, value
    builds_up = indicator.type is IndicatorType.count or target.kind is Kind.coverage
    share = elapsed_share(target, as_of) if builds_up else 1.0
    expected = value * share
    how.update(elapsed_share=round(share, 4), expected_rule="linear" if builds_up else "level")
    return (Status.on_track if actual >= expected else Status.behind), expected


def _figure(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> tuple[list[Obs], Obs | None]:
    """The window's observations and the one figure judged (None when there is no usable figure)."""
    obs = in_window(target, scope.series, as_of)
    m = _measure(target, indicator, obs)
    return obs, (m if m is not None and m.value is not None else None)


def _no_figure(value: float, obs: list[Obs]) -> Evaluation:
    return Evaluation(Status.no_data, target_value=value, period=_label(obs), note=_notes(obs))


def _at_least(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    value = float(target.value or 0)
    obs, m = _figure(target, indicator, scope, as_of)
    if m is None:
        return _no_figure(value, obs)
    how: dict[str, Any] = {"rule": "at_least", "periods": [o.period.label for o in obs]}
    _parts(how, m)
    status, expected = _progress(target, indicator, m.value, value, as_of, how)
    attainment = m.value / value if value else None
    # The period of the figure judged: the summed span for counts, the latest period for levels.
    return Evaluation(status, m.value, value, expected, attainment, m.period.label, how, _notes(obs))


def _at_most(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    limit = float(target.limit or 0)
    obs, m = _figure(target, indicator, scope, as_of)
    if m is None:
        return _no_figure(limit, obs)
    how: dict[str, Any] = {"rule": "at_most", "limit_source": "document" if target.value is not None else "threshold"}
    _parts(how, m)
    within = m.value <= limit
    if within:
        status = Status.met
    else:
        status = Status.not_met if deadline_passed(target, as_of) else Status.behind
    attainment = 1.0 if within else (limit / m.value if m.value else 0.0)
    return Evaluation(status, m.value, limit, limit, attainment, m.period.label, how, _notes(obs))


def _coverage(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    # 全覆盖 is 100 %; a document's own share, or rhcalc's threshold, replaces it where given.
    value = float(target.limit if target.limit is not None else 100)
    how: dict[str, Any] = {"rule": "coverage"}
    if indicator.type is IndicatorType.yes_no and (scope.by_unit or scope.units):
        units = list(scope.units) or sorted(scope.by_unit)
        done = []
        for unit in units:
            last = latest(in_window(target, scope.by_unit.get(unit, []), as_of))
            if last is not None and last.value and last.value >= 1:
                done.append(unit)
        reported = [u for u in units if latest(in_window(target, scope.by_unit.get(u, []), as_of)) is not None]
        if not reported:
            return Evaluation(Status.no_data, target_value=value)
        actual = len(done) / len(units) * 100
        how.update(covered=len(done), units=len(units), not_covered=[u for u in units if u not in done])
        obs = [o for u in units for o in in_window(target, scope.by_unit.get(u, []), as_of)]
        status, expected = _progress(target, indicator, actual, value, as_of, how)
        return Evaluation(status, actual, value, expected, actual / value, _label(obs), how, _notes(obs))
    obs = in_window(target, scope.series, as_of)
    m = latest(obs)
    if m is None or m.value is None:
        return Evaluation(Status.no_data, target_value=value, period=_label(obs))
    actual = m.value * 100 if indicator.type is IndicatorType.yes_no else m.value
    _parts(how, m)
    status, expected = _progress(target, indicator, actual, value, as_of, how)
    return Evaluation(status, actual, value, expected, actual / value if value else None, m.period.label, how, _notes(obs))


def _per_period(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    assert target.frequency is not None
    window = window_of(target)
    slots = periods_in(window.start, window.end, MONTHS[target.frequency])
    obs = in_window(target, scope.series, as_of)
    value = float(target.value if target.value is not None else 1)  # a yes/no per period: 是 each time
    if not obs:
        return Evaluation(Status.no_data, target_value=float(len(slots)))
    elapsed = [s for s in slots if s.end <= as_of]
    reached, per_slot = [], {}
    for slot in elapsed:
        inside = [o for o in obs if slot.contains(o.period)]
        m = _measure(target, indicator, inside)
        amount = m.value if m is not None else None
        per_slot[slot.label] = amount
        if amount is not None and amount >= value:
            reached.append(slot.label)
    how = {"rule": "per_period", "per_period_value": value, "slots": per_slot, "slots_in_window": len(slots)}
    actual, expected = float(len(reached)), float(len(elapsed))
    all_elapsed_met = len(reached) == len(elapsed)
    if deadline_passed(target, as_of):
        status = Status.met if all_elapsed_met and len(elapsed) == len(slots) else Status.not_met
    else:
        status = Status.on_track if all_elapsed_met else Status.behind
    return Evaluation(status, actual, float(len(slots)), expected, actual / len(slots), _label(obs), how, _notes(obs))


def _trend(direction: int) -> Callable[[Target, Indicator, Scope, dt.date], Evaluation]:
    def rule(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
        obs = in_window(target, scope.series, as_of)
        current = latest(obs)
        if current is None or current.value is None:
            return Evaluation(Status.no_data, period=_label(obs))
        before = previous(current.period, scope.series, year_on_year=target.frequency is Frequency.year)
        how: dict[str, Any] = {"rule": "trend_down" if direction < 0 else "trend_up"}
        _parts(how, current)
        if before is not None and before.value is not None:
            reference, how["compared_with"] = before.value, before.period.label
        elif target.baseline is not None:
            reference, how["compared_with"] = target.baseline, "baseline"
        else:
            how["compared_with"] = None
            return Evaluation(Status.no_data, current.value, period=current.period.label, how=how, note=current.note)
        improving = (current.value - reference) * direction > 0
        if improving:
            status = Status.met if deadline_passed(target, as_of) else Status.on_track
        else:
            status = Status.not_met if deadline_passed(target, as_of) else Status.behind
        how["change"] = current.value - reference
        return Evaluation(status, current.value, None, reference, None, current.period.label, how, current.note)

    return rule


def previous(period: Period, series: list[Obs], year_on_year: bool = False) -> Obs | None:
    """The figure a trend compares with: the period just before of the same length, else a year earlier."""
    months = period.months
    candidates = [o for o in series if o.period.months == months and o.period.end < period.start and o.value is not None]
    if not candidates:
        return None
    year_before = [o for o in candidates if o.period.start.replace(year=o.period.start.year + 1) == period.start]
    adjacent = [o for o in candidates if (period.start - o.period.end).days == 1]
    order = (year_before, adjacent) if year_on_year else (adjacent, year_before)
    for group in order:
        if group:
            return group[0]
    return None


def _milestone(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    obs = in_window(target, scope.series, as_of)
    answered = [o for o in obs if o.value is not None]
    how: dict[str, Any] = {"rule": "milestone", "deadline": target.deadline.isoformat() if target.deadline else None}
    if not answered:
        return Evaluation(Status.no_data, target_value=1.0, period=_label(obs), how=how)
    done = [o for o in answered if o.value and o.value >= 1]
    if done:
        how["done_in"] = min(o.period for o in done).label
        return Evaluation(Status.met, 1.0, 1.0, 1.0, 1.0, _label(answered), how, _notes(obs))
    status = Status.not_met if deadline_passed(target, as_of) else Status.on_track
    return Evaluation(status, 0.0, 1.0, 0.0 if status is Status.on_track else 1.0, 0.0, _label(answered), how, _notes(obs))


def _rank(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    how: dict[str, Any] = {"rule": "rank"}
    if indicator.type is IndicatorType.rank:
        obs = in_window(target, scope.series, as_of)
        m = latest(obs)
        if m is None or m.value is None:
            return Evaluation(Status.no_data, period=_label(obs))
        position, peers = m.value, m.denominator
        period = m.period.label
        if peers is None and scope.rank_among is not None:  # 第1 without 分母: among the plan's units
            plan_id, among, count = scope.rank_among
            peers = float(count)
            how.update(peers_from=plan_id, peers_among=among)
    else:  # a score: the position among the districts in the input, highest first
        current = {d: latest(in_window(target, s, as_of)) for d, s in scope.peers.items()}
        scores = {d: o.value for d, o in current.items() if o is not None and o.value is not None}
        mine = scores.get(scope.name)
        if mine is None:
            return Evaluation(Status.no_data)
        position = float(1 + sum(1 for v in scores.values() if v > mine))
        peers, period = float(len(scores)), None
        how["score"] = mine
    best = target.value if target.value is not None else (math.ceil(peers / 3) if peers else None)
    how.update(peers=peers, best_position=best, best_rule="document" if target.value is not None else "top_third")
    if best is None:
        return Evaluation(Status.no_data, position, period=period, how=how)
    if position <= best:
        status = Status.met
    else:
        status = Status.not_met if deadline_passed(target, as_of) else Status.behind
    return Evaluation(status, position, float(best), float(best), min(1.0, best / position) if position else None, period, how)


def _monitor(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    obs = in_window(target, scope.series, as_of)
    m = _measure(target, indicator, obs)
    how: dict[str, Any] = {"rule": "monitor"}
    if m is not None:
        _parts(how, m)
    return Evaluation(Status.monitor, m.value if m else None, None, None, None, _label(obs), how, _notes(obs))


def _parts(how: dict[str, Any], m: Obs) -> None:
    if m.numerator is not None and m.denominator is not None and m.numerator == m.numerator:
        how.update(numerator=m.numerator, denominator=m.denominator)


RULES: dict[Kind, Callable[[Target, Indicator, Scope, dt.date], Evaluation]] = {
    Kind.at_least: _at_least,
    Kind.at_most: _at_most,
    Kind.coverage: _coverage,
    Kind.per_period: _per_period,
    Kind.trend_down: _trend(-1),
    Kind.trend_up: _trend(+1),
    Kind.milestone: _milestone,
    Kind.rank: _rank,
    Kind.monitor: _monitor,
}
