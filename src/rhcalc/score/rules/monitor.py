"""Monitor: the document sets no checkable value (培养一批, 加强); the figure is reported, never judged."""

from __future__ import annotations

import datetime as dt

from rhcalc.catalog.model import Indicator, Target
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.rules.base import Line, how_of
from rhcalc.score.window import figure, notes, observed, parts, span_label

DRAW = "none"  # the figure only, never coloured


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    obs = observed(target, scope.series, as_of)
    m = figure(target, indicator, obs)
    how = how_of(target, "monitor", **(parts(m) if m else {}))
    return Evaluation(Status.monitor, m.value if m else None, None, None, None, span_label(obs), how, notes(obs))


def explain(x: Line) -> str:
    return x.t(f"{x.actual}（文件未设可核对的数值，仅监测）→ {x.status}",
               f"{x.actual} (the document sets no checkable value) → {x.status}")
