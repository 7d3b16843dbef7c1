"""Where the current pace leads by the deadline.

The method of the UN SDG progress chart and open-sdg (Statistics Canada's progress measure):
a level grows at its compound annual growth rate, CAGR = (y_i / y_0)^(1 / (t_i − t_0)) − 1, from
the first figure to the latest of the same length, and is carried on to the deadline,
y_T = y_i × (1 + CAGR)^(t_T − t_i). A total (a count toward N) goes on at its pace so far. Time is
in years between the periods' last days (whole months ÷ 12).

Only with a number to reach, a deadline still ahead and at least two figures: one figure has no pace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from rhcalc.catalog.model import Measure, Target, Test
from rhcalc.score.aggregate import Obs
from rhcalc.score.how import Projection

YEAR_DAYS = 365.25


def project(target: Target, obs: list[Obs], total: float | None = None, ceiling: float | None = None,
            whole: bool = False) -> Projection | None:
    """The projection for a by_deadline target from the figures it read; None where there is none.

    ``ceiling`` is the indicator's largest possible value (100 for a share in %): growth carried on
    past it would promise a coverage of 121 %. ``whole``: things counted whole (所, 家, 人次) are
    projected in whole numbers, those the pace will have completed — 4.02 platforms is 4, 3.9 is 3
    (a ceiling's count is rounded up: 10.2 cases is 11) — and judged as printed.
    """
    projection = _project(target, obs, total, ceiling)
    if projection is None or not whole:
        return projection
    value = math.ceil(projection.value - 1e-9) if target.test is Test.at_most else math.floor(projection.value + 1e-9)
    return dataclasses.replace(projection, value=float(value), reaches=_reaches(target, value))


def _project(target: Target, obs: list[Obs], total: float | None, ceiling: float | None) -> Projection | None:
    limit, deadline = target.limit, target.deadline
    usable = sorted((o for o in obs if o.value is not None), key=lambda o: o.period)
    if limit is None or deadline is None or target.test not in (Test.at_least, Test.at_most) or len(usable) < 2:
        return None
    latest = usable[-1]
    if latest.period.end >= deadline:
        return None
    if target.measure is Measure.total:
        return _linear_total(target, usable, total)
    same = [o for o in usable if o.period.months == latest.period.months]
    if len(same) < 2:
        return None
    projection = _compound(target, same[0], latest)
    if projection is not None and ceiling is not None and projection.value > ceiling:
        projection = dataclasses.replace(projection, value=ceiling, reaches=_reaches(target, ceiling))
    return projection


def _linear_total(target: Target, usable: list[Obs], total: float | None) -> Projection | None:
    assert target.start and target.deadline and target.limit is not None
    if total is None:
        return None
    latest_end = max(o.period.end for o in usable)
    elapsed = (latest_end - target.start).days + 1
    window = (target.deadline - target.start).days + 1
    value = total * window / elapsed
    first = min(usable, key=lambda o: o.period.start)
    return Projection("linear", _round(value), target.deadline.isoformat(), first.period.label,
                      max(usable, key=lambda o: o.period.end).period.label, None, _reaches(target, value))


def _compound(target: Target, first: Obs, latest: Obs) -> Projection | None:
    assert target.deadline is not None
    y0, yi = first.value, latest.value
    assert y0 is not None and yi is not None
    years = _years(first.period.end, latest.period.end)
    ahead = _years(latest.period.end, target.deadline)
    if years <= 0:
        return None
    if y0 > 0 and yi > 0:
        growth = (yi / y0) ** (1 / years) - 1
        value, method = yi * (1 + growth) ** ahead, "cagr"
    else:
        # A rate at zero has no growth rate: carry its change per year on instead.
        growth, method = None, "linear"
        value = yi + (yi - y0) / years * ahead
    return Projection(method, _round(value), target.deadline.isoformat(), first.period.label, latest.period.label,
                      None if growth is None else round(growth, 4), _reaches(target, value))


def _years(a: dt.date, b: dt.date) -> float:
    """Years from a to b: whole months ÷ 12 between month ends (periods end on one), else days ÷ 365.25."""
    if _month_end(a) and _month_end(b):
        return ((b.year - a.year) * 12 + b.month - a.month) / 12
    return (b - a).days / YEAR_DAYS


def _month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).day == 1


def _reaches(target: Target, value: float) -> bool:
    limit = target.limit
    assert limit is not None
    return _round(value) <= limit if target.test is Test.at_most else _round(value) >= limit


def _round(x: float) -> float:
    """Projections are rounded to what reports print (two decimals), and judged as printed."""
    return round(x, 2)
