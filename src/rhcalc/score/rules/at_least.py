"""At least N: a total to reach (不少于20所), a level to reach or hold (筛查率98%以上), a share of units (全覆盖)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rhcalc.catalog.model import Indicator, Measure, Target
from rhcalc.common.numbers import fmt, pct
from rhcalc.score.aggregate import latest
from rhcalc.score.model import Evaluation, Scope
from rhcalc.score.rules.base import (
    Line, by_deadline, how_of, judge_number, limit_source, names, no_figure, threshold_words,
)
from rhcalc.score.window import done_figure, notes, observed, span_label

DRAW = "bar"  # attainment as a bar, the expected progress as a tick


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    # 全覆盖 is 100 %; a document's own share, or rhcalc's threshold, replaces it where given.
    value = float(target.limit if target.limit is not None else 100)
    if target.measure is Measure.units:
        return _units(target, indicator, scope, as_of, value)
    return judge_number(target, indicator, scope, as_of, value, lambda x: x >= value, "at_least")


def _units(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, value: float) -> Evaluation:
    """The share of the scope's units answering 是 (区级全覆盖); a district's own 是 is 100 %."""
    units = list(scope.units) or sorted(scope.by_unit)
    if not units:
        obs = observed(target, scope.series, as_of)
        m = done_figure(obs)
        if m is None or m.value is None:
            return no_figure(target, indicator, scope, as_of, obs, "at_least", value)
        actual = 100.0 if m.value >= 1 else 0.0
        return _judged(target, as_of, actual, value, span_label(obs), notes(obs), {})
    answers = {u: latest(observed(target, scope.by_unit.get(u, []), as_of)) for u in units}
    reported = [u for u in units if answers[u] is not None]
    if not reported:
        return no_figure(target, indicator, scope, as_of, [], "at_least", value,
                         units=len(units), not_reported=tuple(units))
    done = [u for u in reported if (answers[u].value or 0) >= 1]  # type: ignore[union-attr]
    fields = {"covered": len(done), "units": len(units), "not_covered": tuple(u for u in reported if u not in done),
              "not_reported": tuple(u for u in units if u not in reported)}
    obs = [o for u in units for o in observed(target, scope.by_unit.get(u, []), as_of)]
    return _judged(target, as_of, len(done) / len(units) * 100, value, span_label(obs), notes(obs), fields)


def _judged(target: Target, as_of: dt.date, actual: float, value: float, period: str | None, note: str | None,
            fields: dict[str, Any]) -> Evaluation:
    status, expected, extra = by_deadline(target, actual, value, actual >= value, as_of, None)
    how = how_of(target, "at_least", limit_source=limit_source(target), **fields, **extra)
    return Evaluation(status, actual, value, expected, actual / value if value else None, period, how, note)


def explain(x: Line) -> str:
    h = x.how
    if h.slots:
        return _every_period(x)
    unit = x.unit
    if h.units is not None:  # coverage across units: a share of them, whatever the indicator's unit
        unit = "%"
        line = x.t(f"{h.covered}/{h.units} 个单位已完成 = {fmt(x.e.actual, '%')}",
                   f"{h.covered}/{h.units} units done = {fmt(x.e.actual, '%')}")
        if h.not_covered:
            line += x.t(f"（未完成：{names(h.not_covered, False)}）", f" (not done: {names(h.not_covered, True)})")
        if h.not_reported:
            line += x.t(f"（未报送：{names(h.not_reported, False)}）", f" (not reported: {names(h.not_reported, True)})")
    else:
        line = f"{x.actual} ÷ {x.t('目标', 'target')} {fmt(x.e.target_value, x.unit)}{threshold_words(x)} = {pct(x.e.attainment)}"
    return f"{line}{progress(x, unit)}{x.projection()} → {x.status}"


def progress(x: Line, unit: str | None) -> str:
    """；截至 2024-06-30 应完成 50%×120 场 = 60 场 — only where progress is pro-rated."""
    h = x.how
    if h.expected_rule == "linear" and h.elapsed_share is not None:
        share, target, expected = h.elapsed_share, fmt(x.e.target_value, unit), fmt(x.e.expected, unit)
        exact = x.e.target_value is not None and abs(share * x.e.target_value - (x.e.expected or 0)) < 1e-6
        eq = "=" if exact else "≈"  # whole things expected in whole numbers: 37%×2 家 ≈ 1 家
        return x.t(f"；截至 {x.as_of} 应完成 {share:.0%}×{target} {eq} {expected}",
                   f"; by {x.as_of} {share:.0%}×{target} {eq} {expected} expected")
    if h.expected_rule == "none" and h.deadline:
        return x.t(f"；期限 {h.deadline}", f"; deadline {h.deadline}")
    return x.no_projection()


def _every_period(x: Line) -> str:
    limit = x.target.limit if x.target.limit is not None else 100
    return x.each_period(f" ≥ {fmt(limit, x.unit)}{threshold_words(x)}", x.t("达到", "reached it"))
