"""At most N: a ceiling by the deadline, or held in every period (持续保持在低水平, 不收取任何费用)."""

from __future__ import annotations

import datetime as dt

from rhcalc.catalog.model import Indicator, Target
from rhcalc.common.numbers import fmt
from rhcalc.score.model import Evaluation, Scope
from rhcalc.score.rules.base import Line, judge_number, threshold_words

DRAW = "limit"  # the figure against its ceiling


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    limit = float(target.limit or 0)
    return judge_number(target, indicator, scope, as_of, limit, lambda x: x <= limit, "at_most")


def explain(x: Line) -> str:
    limit = f"{fmt(x.target.limit, x.unit)}{threshold_words(x)}"
    if x.how.slots:
        return x.each_period(f" ≤ {limit}", x.t("未超过", "within it"))
    sign = "≤" if x.e.attainment == 1 else ">"
    return f"{x.actual} {sign} {x.t('上限', 'limit')} {limit}{x.no_projection()}{x.projection()} → {x.status}"
