"""Checked rows → a Scorecard: every plan's targets judged on their scopes as of a date.

``score_frame`` judges all rows as of one date; ``score_periods`` judges each district as of the
end of its own latest period, as the batch does (``period_groups``). Judging is shared with forked
processes when there are many cases (a national batch judges 300,000). Nothing here reads files
or prints: ``rhcalc.pipeline`` reads and checks them first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from rhcalc.catalog.model import Catalog
from rhcalc.score.contributions import unit_figures
from rhcalc.score.model import Evaluation, Result, Scorecard
from rhcalc.score.partial import MIN_SHARE, judged, stands_on
from rhcalc.score.rules import evaluate
from rhcalc.score.aggregate import Obs
from rhcalc.score.scopes import Case, observations, plan_cases, plans_reported
from rhcalc.common.periods import as_date

if TYPE_CHECKING:
    import pandas as pd


def score_frame(frame: "pd.DataFrame", catalog: Catalog, as_of: dt.date | None = None,
                plans: list[str] | None = None, history: "pd.DataFrame | None" = None, jobs: int = 1,
                min_reported: float = MIN_SHARE) -> Scorecard:
    """Score checked rows. ``history`` holds earlier periods (from earlier runs) that trends may compare with.

    ``jobs`` > 1 shares the judging with forked processes (a national batch judges 300,000 targets);
    the results are the same, in the same order. A city roll-up says what it stands on and is judged
    partial or not at all by ``score.partial`` (``min_reported``: the share of units a rate needs).
    """
    if as_of is None and not frame.empty:
        as_of = max(frame["period_end"])
    if as_of is None:
        return Scorecard(as_of, [], [], catalog)
    cases = cases_of(catalog, observed_of(frame, history), plans)
    return Scorecard(as_of, results_of(cases, _judge(cases, as_of, jobs), as_of, min_reported), [], catalog)


def observed_of(frame: "pd.DataFrame", history: "pd.DataFrame | None" = None) -> dict[tuple[str, str], list[Obs]]:
    """(district, indicator) → its observations: the rows', then the earlier periods' from ``history``."""
    observed = observations(frame)
    if history is not None and not history.empty:
        # A period a district sent now is its whole return for that period: what an earlier run stored
        # for the same district and period (an older file's figure the new one leaves out) is not used,
        # or a rerun over the same inputs would judge differently from the run before it.
        sent = {(district, o.period) for (district, _), obs in observed.items() for o in obs}
        for key, obs in observations(history).items():
            earlier = [o for o in obs if (key[0], o.period) not in sent]
            if earlier:
                observed.setdefault(key, []).extend(earlier)
    return observed


def cases_of(catalog: Catalog, observed: dict[tuple[str, str], list[Obs]], plans: list[str] | None = None) -> list[Case]:
    """Every case to judge, in the scorecard's order: each plan's targets, each with its scopes."""
    reporting = plans_reported(catalog, observed)
    return [case for plan in catalog.plans.values() if not plans or plan.id in plans
            for case in plan_cases(plan, catalog, observed, reporting)]


def results_of(cases: list[Case], evaluations: list[Evaluation], as_of: dt.date,
               min_reported: float = MIN_SHARE) -> list[Result]:
    """Each case's result from its evaluation: a roll-up judged on what it stands on, with its units' figures."""
    results: list[Result] = []
    # (period, value) per observation, for sparklines: one tuple per series, shared by the targets
    # that read the same indicator (the series outlive this loop, so their ids stay theirs).
    histories: dict[int, tuple[tuple[str, float | None], ...]] = {}
    for (plan_id, target, indicator, scope), evaluation in zip(cases, evaluations):
        if scope.by_unit:  # a roll-up of units: what it stands on, and whether it is judged
            evaluation = judged(evaluation, target, indicator, stands_on(target, scope, as_of), min_reported)
        history = histories.get(id(scope.series))
        if history is None:
            history = histories[id(scope.series)] = tuple([(o.period.label, o.value) for o in scope.series])
        parts = unit_figures(target, indicator, scope, evaluation, as_of) if scope.by_unit else ()
        results.append(Result(scope.name, plan_id, target, evaluation, history, as_of, parts))
    return results


def judge(cases: list[Case], as_of: dt.date) -> list[Evaluation]:
    """``evaluate`` for each case, here."""
    return [evaluate(target, indicator, scope, as_of) for _, target, indicator, scope in cases]


def report_periods(frame: "pd.DataFrame") -> dict[str, tuple[str, dt.date]]:
    """district → (label, end) of its report period: the latest, and the shortest of those ending last.

    A quarterly file that also carries 1–6月 cumulative rows belongs to 2024Q2; an annual file with
    2024 and 2024Q4 rows to 2024Q4.
    """
    out: dict[str, tuple[str, dt.date]] = {}
    spans = frame[["district", "period", "period_start", "period_end"]].drop_duplicates()
    for district, rows in spans.groupby("district", sort=True):
        # (end, start) ordering: the latest end first, then the latest start = the shortest span.
        end, _, label = max(zip(map(as_date, rows["period_end"]), map(as_date, rows["period_start"]), rows["period"]))
        out[str(district)] = (str(label), end)
    return out


def period_groups(frame: "pd.DataFrame") -> list[tuple[str, dt.date, list[str]]]:
    """The districts that share a report period, oldest period first: each group is judged together."""
    groups: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for district, key in report_periods(frame).items():
        groups[key].append(district)
    return [(label, end, districts) for (label, end), districts in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]))]


def score_periods(frame: "pd.DataFrame", catalog: Catalog, as_of: dt.date | None = None,
                  plans: list[str] | None = None, history: "pd.DataFrame | None" = None,
                  min_reported: float = MIN_SHARE) -> Scorecard:
    """Score checked rows, each district as of the end of its own latest period (as the batch does).

    A 2024Q2 file beside a 2025Q2 file is two report periods: the 2024Q2 district is not judged
    against a year it has not reported yet. ``as_of`` given judges every district as of that day.
    """
    groups = period_groups(frame) if not frame.empty else []
    if len(groups) <= 1:
        card = score_frame(frame, catalog, as_of, plans, history, min_reported=min_reported)
        card.period = groups[0][0] if groups else None
        return card
    results: list[Result] = []
    for _, end, districts in groups:
        part = score_frame(frame[frame["district"].isin(districts)], catalog, as_of or end, plans, history,
                           min_reported=min_reported)
        results.extend(part.results)
    return Scorecard(as_of or max(end for _, end, _ in groups), results, [], catalog)


# Below this many cases a second process costs more than it saves.
PARALLEL_FROM = 20_000

_CASES: list[Case] = []  # set just before forking, inherited by the workers


def _judge(cases: list[Case], as_of: dt.date, jobs: int) -> list[Evaluation]:
    """``evaluate`` for every case; split across forked processes when there are many.

    The forked workers inherit the cases instead of receiving them pickled and send back only the
    evaluations; this process judges the first share itself rather than wait.
    """
    from rhcalc.common.pool import Pool, fork_available

    # Spawned workers would need every case pickled to them (targets, series, peers): that costs
    # about what judging them does (bench/README.md), so without fork this stays serial.
    if jobs <= 1 or len(cases) < PARALLEL_FROM or not fork_available():
        return judge(cases, as_of)
    global _CASES
    bounds = [len(cases) * k // jobs for k in range(jobs + 1)]
    _CASES = cases
    try:
        with Pool(jobs - 1, fork=True, stage="judging") as pool:
            theirs = [pool.submit(_judge_slice, bounds[k], bounds[k + 1], as_of) for k in range(1, jobs)]
            mine = _judge_slice(bounds[0], bounds[1], as_of)
            return mine + [e for future in theirs for e in future.result()]
    finally:
        _CASES = []


def _judge_slice(start: int, stop: int, as_of: dt.date) -> list[Evaluation]:
    return judge(_CASES[start:stop], as_of)
