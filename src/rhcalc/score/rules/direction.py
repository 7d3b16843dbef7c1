"""A direction (下降 / 提高 / 减少): by the deadline against a year earlier, or at every step (逐年, 持续).

逐年 compares each year with the year before, and a quarter with the same quarter a year earlier —
never a quarter with the one before it, which would read a seasonal rise as a failure.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rhcalc.catalog.model import Compare, Holds, Indicator, Measure, Target, Test
from rhcalc.common.numbers import fmt, shown
from rhcalc.score.aggregate import Obs, latest
from rhcalc.score.how import Step
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.rules.base import Line, how_of, names, no_figure
from rhcalc.score.window import deadline_passed, notes, observed, parts, touching_window

DRAW = "arrow"  # the figure, the one compared with, and which way it moved


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    sign = -1 if target.test is Test.down else 1
    if target.holds is Holds.every_step:
        return _every_step(target, indicator, scope, as_of, sign)
    obs = observed(target, scope.series, as_of)
    current = latest(obs)
    if current is None or current.value is None:
        return no_figure(target, indicator, scope, as_of, obs, "direction", None)
    ref, label = reference(target, current, scope.series)
    fields: dict[str, Any] = {"compared_with": label, **parts(current)}
    if ref is None:
        how = how_of(target, "direction", reason="no_reference", **fields)
        return Evaluation(Status.no_data, current.value, period=current.period.label, how=how, note=current.note)
    change = current.value - ref
    status = _status(change * sign > 0, target, as_of)
    how = how_of(target, "direction", reference=ref, change=change, **fields)
    return Evaluation(status, current.value, None, ref, None, current.period.label, how, current.note)


def _status(improving: bool, target: Target, as_of: dt.date) -> Status:
    if improving:
        return Status.met if deadline_passed(target, as_of) else Status.on_track
    return Status.not_met if deadline_passed(target, as_of) else Status.behind


def year_before(current: Obs, series: list[Obs]) -> Obs | None:
    """The figure for the same span a year earlier (2023Q2 for 2024Q2, 2023 for 2024)."""
    try:
        start = current.period.start.replace(year=current.period.start.year - 1)
    except ValueError:  # 29 February
        return None
    months = current.period.months
    for o in series:
        if o.period.start == start and o.period.months == months and o.value is not None:
            return o
    return None


def reference(target: Target, current: Obs, series: list[Obs]) -> tuple[float | None, str | None]:
    """What a by_deadline direction compares with, and its label."""
    if target.compare is Compare.since_start:
        start = since_start(target, current, series)
        if start is not None:
            return start.value, start.period.label
    elif target.compare is Compare.previous:
        before = [o for o in series if o.period.months == current.period.months and o.value is not None
                  and (current.period.start - o.period.end).days == 1]
        if before:
            return before[0].value, before[0].period.label
    elif target.compare is not Compare.baseline:
        same = year_before(current, series)
        if same is not None:
            return same.value, same.period.label
    if target.baseline is not None:
        return target.baseline, "baseline"
    if target.compare is Compare.year_on_year and target.measure is Measure.level and current.period.months < 12:
        # Part of a year against the whole year before (“较上年”): for a rate, not for a count.
        last_year = current.period.start.year - 1
        for o in series:
            if o.period.label == str(last_year) and o.value is not None:
                return o.value, o.period.label
    return None, None


def since_start(target: Target, current: Obs, series: list[Obs]) -> Obs | None:
    """The figure the window started from: the last of the same length before it opened, else its first."""
    assert target.start is not None
    same = sorted((o for o in series if o.period.months == current.period.months and o.value is not None
                   and o.period < current.period), key=lambda o: o.period)
    before = [o for o in same if o.period.end < target.start]
    return before[-1] if before else (same[0] if same else None)


def _every_step(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, sign: int) -> Evaluation:
    obs = [o for o in touching_window(target, scope.series, as_of) if o.value is not None]
    if not obs:
        return no_figure(target, indicator, scope, as_of, [], "direction", None)
    by_length: dict[int, list[Step]] = {}
    for o in sorted(obs, key=lambda o: o.period):
        ref = year_before(o, scope.series)
        verdict = "unknown" if ref is None else ("pass" if (o.value - ref.value) * sign > 0 else "breach")  # type: ignore[operator]
        by_length.setdefault(o.period.months, []).append(
            Step(o.period.label, o.value, ref.period.label if ref else "", ref.value if ref else None, verdict))
    # Years first: the longest periods that have a comparison at all.
    lengths = sorted(by_length, reverse=True)
    steps = next((by_length[n] for n in lengths if any(s.verdict != "unknown" for s in by_length[n])), by_length[lengths[0]])
    known = [s for s in steps if s.verdict != "unknown"]
    fields: dict[str, Any] = {"steps": tuple(steps), "breached": tuple(s.period for s in steps if s.verdict == "breach"),
                              "unknown": tuple(s.period for s in steps if s.verdict == "unknown")}
    last = steps[-1]
    if not known:
        how = how_of(target, "direction", reason="no_reference", **fields)
        return Evaluation(Status.no_data, last.figure, period=last.period, how=how, note=notes(obs))
    judged = known[-1]
    status = _status(not fields["breached"], target, as_of)
    change = judged.figure - judged.reference  # type: ignore[operator]
    how = how_of(target, "direction", compared_with=judged.reference_period, reference=judged.reference,
                 change=change, **fields)
    passed = sum(1 for s in known if s.verdict == "pass")
    return Evaluation(status, judged.figure, None, judged.reference, passed / len(known), judged.period, how, notes(obs))


def _moved(x: Line, figure: float | None, ref: float | None) -> str:
    """，下降 0.21 个百分点 — the difference of the two figures as printed, so that it adds up as read."""
    if figure is None or ref is None:
        return ""
    change = round(shown(figure) - shown(ref), 2)
    if figure == ref:
        return x.t("，持平", ", unchanged")
    word = x.t("上升", "up") if figure > ref else x.t("下降", "down")
    if change == 0:  # apart only beyond the second decimal
        return x.t(f"，{word}不足 0.01", f", {word} by less than 0.01")
    # A change between two percentages is in percentage points, not per cent.
    size = fmt(abs(change), x.t("个百分点", "points") if x.unit == "%" else x.unit)
    return x.t(f"，{word} {size}", f", {word} {size}")


def explain(x: Line) -> str:
    h = x.how
    if h.reason == "no_reference":
        return x.t(f"{x.actual}；无上年同期数据或基线可比 → {x.status}",
                   f"{x.actual}; no figure a year earlier and no baseline to compare with → {x.status}")
    if h.steps:
        known = [s for s in h.steps if s.verdict != "unknown"]
        listed = "；".join(f"{s.period} {x.t('对比', 'vs')} {s.reference_period} {_moved(x, s.figure, s.reference).lstrip('，, ')}"
                          for s in known)
        missed = x.t(f"；未达到：{names(h.breached, False)}", f"; missed in {names(h.breached, True)}") if h.breached else ""
        unknown = x.t(f"；无上年同期：{names(h.unknown, False)}", f"; no year-earlier figure: {names(h.unknown, True)}") if h.unknown else ""
        return x.t(f"逐年比较：{listed}{missed}{unknown} → {x.status}",
                   f"year on year: {listed}{missed}{unknown} → {x.status}")
    ref = x.t("基线", "baseline") if h.compared_with == "baseline" else h.compared_with
    moved = _moved(x, x.e.actual, h.reference)
    return x.t(f"{x.actual}，对比 {ref} {fmt(h.reference, x.unit)}{moved} → {x.status}",
               f"{x.actual} vs {ref} {fmt(h.reference, x.unit)}{moved} → {x.status}")
