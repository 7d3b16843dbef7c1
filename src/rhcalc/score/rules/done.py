"""Done (是): a milestone by its deadline (召开交流会, 建立机制), or a duty of every period (每年…宣传日)."""

from __future__ import annotations

import datetime as dt

from rhcalc.catalog.model import Holds, Indicator, Pace, Target
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.rules.base import Line, every_period, how_of, no_figure
from rhcalc.score.window import deadline_passed, done_figure, notes, observed, span_label

DRAW = "check"  # 是 / 否, or 未完成 with its deadline — never a 0 % bar


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    if target.holds is Holds.every_period:
        return every_period(target, indicator, scope, as_of, 1.0, lambda x: x >= 1, "done")
    obs = observed(target, scope.series, as_of)
    answered = [o for o in obs if o.value is not None]
    deadline = target.deadline.isoformat() if target.deadline else None
    if not answered:
        return no_figure(target, indicator, scope, as_of, obs, "done", 1.0)
    m = done_figure(answered)
    assert m is not None and m.value is not None
    if m.value >= 1:
        how = how_of(target, "done", deadline=deadline, done_in=m.period.label)
        return Evaluation(Status.met, 1.0, 1.0, 1.0, 1.0, span_label(answered), how, notes(obs))
    if deadline_passed(target, as_of):
        status, expected = Status.not_met, 1.0
    elif target.pace is Pace.level:
        status, expected = Status.behind, 1.0
    else:
        status, expected = Status.on_track, 0.0
    how = how_of(target, "done", deadline=deadline, expected_rule=(target.pace or Pace.none).value)
    return Evaluation(status, 0.0, 1.0, expected, 0.0, span_label(answered), how, notes(obs))


def explain(x: Line) -> str:
    h = x.how
    if h.slots:
        return x.each_period(x.t("完成", " done"), x.t("完成", "done"))
    if h.done_in:
        return x.t(f"已完成（{h.done_in}）→ {x.status}", f"done ({h.done_in}) → {x.status}")
    return x.t(f"未完成，期限 {h.deadline} → {x.status}", f"not done yet, deadline {h.deadline} → {x.status}")
