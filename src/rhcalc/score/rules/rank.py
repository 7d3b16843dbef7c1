"""A rank among peers (处于全市前列): within the document's N, else the top third of the peers."""

from __future__ import annotations

import datetime as dt
import math

from rhcalc.catalog.model import Indicator, IndicatorType, Target
from rhcalc.common.numbers import fmt
from rhcalc.score.aggregate import latest
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.rules.base import Line, how_of, no_figure
from rhcalc.score.window import deadline_passed, observed

DRAW = "rank"


def judge(target: Target, indicator: Indicator, scope: Scope, as_of: dt.date) -> Evaluation:
    period = score = among = None
    if indicator.type is IndicatorType.rank:
        obs = observed(target, scope.series, as_of)
        m = latest(obs)
        if m is None or m.value is None:
            return no_figure(target, indicator, scope, as_of, obs, "rank", target.value)
        position, period = m.value, m.period.label
        # The peers as reported (分母 = 参评区数); left blank, the units of the plan the district is
        # one of count them (西城区 among Beijing's 16 districts).
        among = None
        if m.denominator:
            peers, peers_from = m.denominator, "reported"
        elif scope.rank_among is not None:
            _, among, count = scope.rank_among
            peers, peers_from = float(count), "plan_units"
        else:
            peers, peers_from = None, None
    else:  # a score: the position among the districts in the input, highest first
        current = {d: latest(observed(target, s, as_of)) for d, s in scope.peers.items()}
        scores = {d: o.value for d, o in current.items() if o is not None and o.value is not None}
        mine = scores.get(scope.name)
        if mine is None:
            return no_figure(target, indicator, scope, as_of, [], "rank", target.value)
        position = float(1 + sum(1 for v in scores.values() if v > mine))
        peers, peers_from, score = float(len(scores)), "input", mine
    best = target.value if target.value is not None else (math.ceil(peers / 3) if peers else None)
    how = how_of(target, "rank", peers=peers, peers_from=peers_from, peers_among=among, best_position=best, score=score,
                 best_rule="document" if target.value is not None else "top_third")
    if best is None:
        return Evaluation(Status.no_data, position, period=period, how=how)
    if position <= best:
        status = Status.met
    else:
        status = Status.not_met if deadline_passed(target, as_of) else Status.behind
    return Evaluation(status, position, float(best), float(best), min(1.0, best / position) if position else None,
                      period, how)


def explain(x: Line) -> str:
    h = x.how
    peers, best = fmt(h.peers), fmt(h.best_position)
    top_third = h.best_rule == "top_third"
    counted = ""
    if h.peers_from == "plan_units":
        counted = x.t(f"（未填分母，按{h.peers_among}的 {peers} 个单位计）", f" (no denominator given: the {peers} units of {h.peers_among})")
    return x.t(f"排名第 {fmt(x.e.actual)}/{peers}{counted}；需前 {best} 名{'（前三分之一）' if top_third else ''} → {x.status}",
               f"position {fmt(x.e.actual)} of {peers}{counted}; needs ≤ {best}{' (top third)' if top_third else ''} → {x.status}")
