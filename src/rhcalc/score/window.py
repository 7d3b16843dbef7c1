"""A target's window and the figures read inside it: the shared arithmetic of every rule.

Which observations speak for a window depends on what is measured. A total counts only periods
inside the window (the 2024 annual count of a 2023-09…2024-08 pilot holds months outside it); a
level, a 是/否 or a position may come from a period that overlaps it (the 2024 annual rate speaks
for the pilot's last months).
"""

from __future__ import annotations

import datetime as dt

from rhcalc.catalog.model import Aggregation, Indicator, Measure, Target
from rhcalc.common.periods import Period
from rhcalc.score.aggregate import Obs, cumulative, latest


def window_of(target: Target) -> Period:
    assert target.start and target.deadline  # filled in by the catalog
    return Period(target.start, target.deadline)


def in_window(target: Target, series: list[Obs], as_of: dt.date) -> list[Obs]:
    """Periods inside the window that had begun by the as-of date."""
    start, end = target.start, target.deadline
    assert start and end  # filled in by the catalog
    # Comparisons written out (not Period.contains): this runs once per target and district.
    return [o for o in series if start <= o.period.start <= as_of and o.period.end <= end]


def touching_window(target: Target, series: list[Obs], as_of: dt.date) -> list[Obs]:
    """Periods that overlap the window and had begun by the as-of date."""
    start, end = target.start, target.deadline
    assert start and end
    return [o for o in series if o.period.start <= as_of and o.period.end >= start and o.period.start <= end]


def observed(target: Target, series: list[Obs], as_of: dt.date) -> list[Obs]:
    """The observations the target's measure may read."""
    if target.measure is Measure.total:
        return in_window(target, series, as_of)
    return touching_window(target, series, as_of)


def elapsed_share(target: Target, as_of: dt.date) -> float:
    """Share of start…deadline passed at the end of the as-of day (1.0 on the deadline day)."""
    window = window_of(target)
    total = (window.end - window.start).days + 1
    done = (as_of - window.start).days + 1
    return min(max(done / total, 0.0), 1.0)


def deadline_passed(target: Target, as_of: dt.date) -> bool:
    return bool(target.deadline and as_of >= target.deadline)


def figure(target: Target, indicator: Indicator, obs: list[Obs]) -> Obs | None:
    """The one figure a by_deadline target judges: the total so far, or the latest level / answer."""
    if target.measure is Measure.total:
        m = cumulative(indicator, obs)
    elif target.measure is Measure.done:
        m = done_figure(obs)
    else:
        m = latest(obs)
    return m if m is not None and m.value is not None else None


def period_figure(measure: Measure, indicator: Indicator, obs: list[Obs]) -> Obs | None:
    """The figure of one period of an every_period target, from the observations inside it.

    A rate with its parts over several smaller periods is recomputed over them (four quarters of
    screening → the year's rate so far); a level without parts is read at its latest.
    """
    if measure is Measure.total:
        m = cumulative(indicator, obs)
    elif measure is Measure.done:
        m = done_figure(obs)
    elif measure is Measure.level and indicator.aggregation is Aggregation.ratio:
        m = cumulative(indicator, obs)
    else:
        m = latest(obs)
    return m if m is not None and m.value is not None else None


def done_figure(obs: list[Obs]) -> Obs | None:
    """是 once is done: the first period answering 是, else the latest answer."""
    done = [o for o in obs if o.value is not None and o.value >= 1]
    if done:
        return min(done, key=lambda o: (o.period.end, o.period.start))
    return latest(obs)


def notes(obs: list[Obs]) -> str | None:
    return "；".join(dict.fromkeys(o.note for o in obs if o.note)) or None


def span_label(obs: list[Obs]) -> str | None:
    """The span the figures cover: 2024Q1 and 2024Q2 → 2024-01~2024-06, one year → 2024."""
    if not obs:
        return None
    if len(obs) == 1:  # the common case, without building a Period
        return obs[0].period.label
    return Period(min(o.period.start for o in obs), max(o.period.end for o in obs)).label


def parts(m: Obs) -> dict[str, float]:
    """numerator and denominator of a rate figure, for ``How``."""
    if m.numerator is not None and m.denominator is not None and m.numerator == m.numerator:
        return {"numerator": m.numerator, "denominator": m.denominator}
    return {}


def parts_missing(indicator: Indicator, by_unit: dict[str, list[Obs]] | object, target: Target,
                  as_of: dt.date) -> tuple[str, ...]:
    """Units that sent a rate as a value only: a city rate needs every unit's numerator and denominator."""
    if indicator.aggregation is not Aggregation.ratio or not by_unit:
        return ()
    missing = []
    for unit, series in by_unit.items():  # type: ignore[attr-defined]
        if any(o.value is not None and (o.numerator is None or o.denominator is None)
               for o in observed(target, series, as_of)):
            missing.append(unit)
    return tuple(sorted(missing))
