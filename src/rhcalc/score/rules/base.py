"""What the rules share: judging a number by the deadline or in every period, and the explanation line.

A rule module (at_least, at_most, direction, done, rank, monitor) holds its test, its line of
arithmetic (``explain``) and what a renderer draws for it (``DRAW``); the holding of a number —
by the deadline with its pace, or in every period of the window — is the same for every test that
compares a figure with a number, so it is written once here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from rhcalc.catalog.model import Holds, Indicator, IndicatorType, Measure, Pace, Target, Test
from rhcalc.common.numbers import fmt
from rhcalc.common.periods import Period, periods_in
from rhcalc.score.aggregate import Obs
from rhcalc.score.how import How, Projection, Slot
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.projection import project
from rhcalc.score.window import (
    deadline_passed, elapsed_share, figure, notes, observed, parts, parts_missing, period_figure,
    span_label,
)

Passes = Callable[[float], bool]
MAX_NAMES = 6  # units named in one line before “等 N 个”


def how_of(target: Target, rule: str, **fields: Any) -> How:
    return How(rule, target.holds.value if target.holds else "by_deadline", target.pace.value if target.pace else None,
               target.measure.value if target.measure else None, **fields)


def limit_source(target: Target) -> str:
    return "document" if target.value is not None else "threshold"


def no_figure(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, obs: list[Obs], rule: str,
              value: float | None, **fields: Any) -> Evaluation:
    missing = parts_missing(indicator, scope.by_unit, target, as_of)
    reason = "parts_missing" if missing else "no_figure"
    how = how_of(target, rule, reason=reason, parts_missing=missing, deadline=_iso(target.deadline), **fields)
    return Evaluation(Status.no_data, target_value=value, period=span_label(obs), how=how, note=notes(obs))


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def judge_number(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, value: float,
                 passes: Passes, rule: str) -> Evaluation:
    """A figure against a number: by the deadline (with its pace) or in every period."""
    if target.holds is Holds.every_period:
        return every_period(target, indicator, scope, as_of, value, passes, rule)
    obs = observed(target, scope.series, as_of)
    m = figure(target, indicator, obs)
    fields: dict[str, Any] = {"limit_source": limit_source(target), "periods": tuple(o.period.label for o in obs)}
    if m is None:
        return no_figure(target, indicator, scope, as_of, obs, rule, value, **fields)
    assert m.value is not None
    fields.update(parts(m))
    # Where the pace leads matters while the number is still to be reached.
    counted = indicator.type is IndicatorType.count
    projection = None if passes(m.value) else project(target, obs, m.value, indicator.max, whole=counted)
    whole = target.measure is Measure.total and counted
    status, expected, extra = by_deadline(target, m.value, value, passes(m.value), as_of, projection, whole)
    attainment = attainment_of(target, m.value, value)
    how = how_of(target, rule, projection=projection, **fields, **extra)
    return Evaluation(status, m.value, value, expected, attainment, m.period.label, how, notes(obs),
                      projection.value if projection else None)


def attainment_of(target: Target, actual: float, value: float) -> float | None:
    if target.test is Test.at_most:
        return 1.0 if actual <= value else (value / actual if actual else 0.0)
    return actual / value if value else None


def expected_by_now(target: Target, value: float, as_of: dt.date, whole: bool) -> tuple[float, float]:
    """The elapsed share as reports print it (a whole per cent) and N × that share.

    Computed from the printed share so that “50%×120 场 = 60 场” adds up as read; whole things
    (场, 家, 所 …) are expected in whole numbers: 37%×2 家 ≈ 1 家, not 0.74 家.
    """
    share = round(elapsed_share(target, as_of), 2)
    expected = value * share
    if whole:
        expected = float(int(expected + 0.5))
    return share, round(expected, 4)


def by_deadline(target: Target, actual: float, value: float, ok: bool, as_of: dt.date,
                projection: Any, whole: bool = False) -> tuple[Status, float | None, dict[str, Any]]:
    """met once it passes; not_met after the deadline; before it, the pace decides."""
    if ok:
        return Status.met, value, {}
    if deadline_passed(target, as_of):
        return Status.not_met, value, {}
    pace = target.pace or Pace.level
    if pace is Pace.linear:
        share, expected = expected_by_now(target, value, as_of, whole)
        status = Status.on_track if actual >= expected else Status.behind
        return status, expected, {"elapsed_share": share, "expected_rule": "linear"}
    if pace is Pace.none:
        return Status.on_track, None, {"expected_rule": "none", "deadline": _iso(target.deadline)}
    if pace is Pace.projection and projection is not None:
        status = Status.on_track if projection.reaches else Status.behind
        return status, value, {"expected_rule": "projection"}
    # The level itself is expected now (a stock, a standing rate), or a projection was wanted but one
    # figure has no pace: judged on where it stands.
    rule = "level" if pace is Pace.level else "no_projection"
    return Status.behind, value, {"expected_rule": rule}


def slots_of(target: Target, as_of: dt.date) -> tuple[list[Period], int]:
    """The periods of an every_period target that had begun by the as-of date, and how many in all."""
    assert target.frequency and target.start and target.deadline
    every = periods_in(target.start, target.deadline, target.frequency.months)
    return [s for s in every if s.start <= as_of], len(every)


def inside(slot: Period, series: list[Obs], measure: Measure, as_of: dt.date) -> list[Obs]:
    """The observations that speak for one period: inside it; for a level or 是/否, else the one
    longer period that covers it most (an annual rate for a pilot year that starts in September)."""
    within = [o for o in series if slot.start <= o.period.start <= as_of and o.period.end <= slot.end]
    if within or measure is Measure.total:
        return within
    covering = [o for o in series if o.period.overlaps(slot) and o.period.months >= slot.months and o.period.start <= as_of]
    if not covering:
        return []
    return [max(covering, key=lambda o: (min(o.period.end, slot.end) - max(o.period.start, slot.start)).days)]


def every_period(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, value: float,
                 passes: Passes, rule: str) -> Evaluation:
    """Each period of ``frequency`` passes on its own; a breach anywhere in the window stays a breach."""
    assert target.measure is not None and target.frequency is not None
    begun, in_all = slots_of(target, as_of)
    slots: list[Slot] = []
    used: list[Obs] = []
    for slot in begun:
        obs = inside(slot, scope.series, target.measure, as_of)
        used.extend(obs)
        m = period_figure(target.measure, indicator, obs)
        slots.append(Slot(slot.label, m.value if m else None, _verdict(m, slot, passes, target.measure, as_of)))
    return slot_status(target, indicator, scope, as_of, slots, in_all, value, rule, used)


def _verdict(m: Obs | None, slot: Period, passes: Passes, measure: Measure, as_of: dt.date) -> str:
    if m is None or m.value is None:
        return "pending" if slot.end > as_of else "unknown"
    if passes(m.value):
        return "pass"
    # A level so far already breaches (a 40 % rate in June breaches a 98 % year); a count or a 否 of
    # a period still running may yet come good.
    return "breach" if slot.end <= as_of or measure is Measure.level else "pending"


def slot_status(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date, slots: list[Slot], in_all: int,
                value: float, rule: str, used: list[Obs]) -> Evaluation:
    passed = [s.period for s in slots if s.verdict == "pass"]
    breached = tuple(s.period for s in slots if s.verdict == "breach")
    unknown = tuple(s.period for s in slots if s.verdict == "unknown")
    judged = len(passed) + len(breached)
    fields: dict[str, Any] = {"frequency": target.frequency.value if target.frequency else None, "slots": tuple(slots),
                              "breached": breached, "unknown": unknown, "limit_source": limit_source(target),
                              "passed_periods": len(passed), "judged_periods": judged, "window_periods": in_all}
    if not judged:
        if any(s.verdict == "pending" for s in slots) and not unknown:
            how = how_of(target, rule, expected_rule="none", deadline=_iso(target.deadline), **fields)
            return Evaluation(Status.on_track, None, float(in_all), 0.0, None, span_label(used), how, notes(used))
        return no_figure(target, indicator, scope, as_of, used, rule, float(in_all), **fields)
    if breached:
        status = Status.not_met if deadline_passed(target, as_of) else Status.behind
    else:
        status = Status.met if deadline_passed(target, as_of) else Status.on_track
    how = how_of(target, rule, **fields)
    if target.measure is Measure.level:
        # A standing level (筛查率98%以上 every year): the latest period's figure against the level.
        latest = next(s for s in reversed(slots) if s.verdict in ("pass", "breach"))
        assert latest.figure is not None
        return Evaluation(status, latest.figure, value, value, attainment_of(target, latest.figure, value),
                          latest.period, how, notes(used))
    # A count or a 是 per period: periods reached of the window's (2 of 4 quarters = 50 %); the status
    # says whether every period judged so far held.
    return Evaluation(status, float(len(passed)), float(in_all), float(judged), len(passed) / in_all,
                      span_label(used), how, notes(used))


def names(units: list[str] | tuple[str, ...], en: bool) -> str:
    shown = (", " if en else "、").join(units[:MAX_NAMES])
    if len(units) > MAX_NAMES:
        shown += f" and {len(units) - MAX_NAMES} more" if en else f" 等 {len(units)} 个"
    return shown


class Line(NamedTuple):
    """What an explanation line is made of, with the labels of the reader's language.

    A NamedTuple rather than a frozen dataclass: one is made per result and row.
    """

    e: Evaluation
    target: Target
    name: str  # the indicator's name
    unit: str | None  # the display unit
    status: str  # the status label
    en: bool
    as_of: str
    yes: str = "是"
    no: str = "否"
    yes_no: bool = False
    sources: bool = True  # name where a number rhcalc supplies comes from (a report's reason column names it apart)

    def t(self, zh: str, en: str) -> str:
        return en if self.en else zh

    @property
    def how(self) -> How:
        return self.e.how

    @property
    def parts(self) -> str:
        """ (290/1,710) — the numerator and denominator behind a rate."""
        if self.how.numerator is None:
            return ""
        return f" ({fmt(self.how.numerator)}/{fmt(self.how.denominator)})"

    def value(self, x: float | None, unit: str | None = None) -> str:
        if self.yes_no and x is not None and x == x:
            return self.yes if x >= 1 else self.no
        return fmt(x, self.unit if unit is None else unit)

    @property
    def actual(self) -> str:
        return f"{self.name} {self.value(self.e.actual)}{self.parts}"

    def projection(self) -> str:
        """；按当前进度，2025年底预计 X — wherever there is one."""
        p = self.how.projection
        if p is None:
            return ""
        return self.t("；", "; ") + projection_words(p, self.unit, self.en)

    def no_projection(self) -> str:
        if self.how.expected_rule != "no_projection":
            return ""
        return self.t("；仅一期数据，尚不能推算进度，按当前水平判断", "; one figure has no pace yet: judged on where it stands")

    def each_period(self, need: str, done: str) -> str:
        """每年须 ≥ 98%（2021: 97%, 2022: 99%）：已判 2 期中 1 期达到（共 10 期）；未达到：2021 — the
        line of every every_period target, ``need`` what each period must do, ``done`` the verb."""
        h = self.how
        each = period_words(h.frequency, self.en)
        need = need.strip() if self.en else need  # “done every year”, “≥ 98% every year”
        listed = ", ".join(f"{s.period}: {self.value(s.figure)}" for s in h.slots if s.figure is not None)
        listed = f"（{listed}）" if listed and not self.en else (f" ({listed})" if listed else "")
        if not h.judged_periods:
            return self.t(f"每{each}须{need}{listed}：本{each}尚未结束，暂无判定（期限 {h.deadline}） → {self.status}",
                          f"{need} every {each}{listed}: the {each} is not over, nothing judged yet (deadline {h.deadline})"
                          f" → {self.status}")
        return self.t(f"每{each}须{need}{listed}：已判 {h.judged_periods} 期中 {h.passed_periods} 期{done}（共 {h.window_periods} 期）"
                      f"{self.periods()} → {self.status}",
                      f"{need} every {each}{listed}: {h.passed_periods} of {h.judged_periods} judged periods {done} "
                      f"({h.window_periods} in all){self.periods()} → {self.status}")

    def periods(self) -> str:
        """；违反：2022、2023；未报：2021 — the periods that broke a standing commitment, and the unknown."""
        out = ""
        if self.how.breached:
            out += self.t(f"；未达到：{names(self.how.breached, False)}", f"; missed in {names(self.how.breached, True)}")
        if self.how.unknown:
            out += self.t(f"；无数据：{names(self.how.unknown, False)}", f"; no figure for {names(self.how.unknown, True)}")
        return out


def projection_words(p: Projection, unit: str | None, en: bool) -> str:
    """按当前进度，2025年底预计 86.4% — the words every format shows a projection in."""
    year, value = p.deadline[:4], fmt(p.value, unit)
    return f"at the current pace, {value} by the end of {year}" if en else f"按当前进度，{year}年底预计 {value}"


_PERIOD_WORDS = {"year": ("年", "year"), "quarter": ("季度", "quarter"), "month": ("月", "month"),
                 "half_year": ("半年", "half-year"), "bimonth": ("两个月", "two months")}


def period_words(frequency: str | None, en: bool) -> str:
    zh, english = _PERIOD_WORDS.get(frequency or "", ("期", "period"))
    return english if en else zh


def threshold_words(x: Line) -> str:
    """（阈值依据《中国儿童发展纲要（2021—2030年）》）: a number rhcalc supplied says where it is from."""
    source = x.target.threshold_source
    if x.how.limit_source != "threshold" or source is None or not x.sources:
        return ""
    clause = source.clause if len(source.clause) <= 24 else source.clause[:23] + "…"
    return x.t(f"（阈值依据：{source.document}“{clause}”）", f" (threshold from: {source.document}, “{clause}”)")


def replace_how(e: Evaluation, **changes: Any) -> Evaluation:
    return dataclasses.replace(e, how=dataclasses.replace(e.how, **changes))
