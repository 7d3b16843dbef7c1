"""The pipeline a CLI run, a cron job and a notebook share: load → check → compute.

``score_files`` returns a ``Scorecard`` — results and problems — and prints nothing.
Which targets apply comes from the rows: a row is scored against a plan when its district is
the plan's jurisdiction or one of its units; city targets need the city's own rows or at least
two of its units (one district's figures are not a city total).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.score.aggregate import Obs, as_float, combine
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.partial import MIN_SHARE, judged, stands_on
from rhcalc.score.rules import evaluate
from rhcalc.catalog.model import Catalog, IndicatorType, Level, Plan, Target
from rhcalc.common.frames import row_tuples
from rhcalc.common.periods import Period, as_date
from rhcalc.common.problems import Problem

if TYPE_CHECKING:
    import pandas as pd

# From the widest to the narrowest: a target below its plan's level is judged unit by unit.
LEVEL_ORDER = [Level.national, Level.province, Level.city, Level.district, Level.institution]


@dataclass(frozen=True, slots=True)  # slots: a national batch holds 300,000 results
class Result:
    district: str
    plan: str
    target: Target
    evaluation: Evaluation
    history: tuple[tuple[str, float | None], ...] = ()  # (period, value) for sparklines
    as_of: dt.date | None = None  # the date it was judged as of: its district's latest period's end

    @property
    def status(self) -> Status:
        return self.evaluation.status

    def to_dict(self) -> dict[str, Any]:
        e = self.evaluation
        target_id, indicator, unit, kind, level, deadline, limit = _target_fields(self.target)
        # ``_value_``, not ``.value``: an Enum's value property costs a microsecond on Python 3.11,
        # and a national summary asks for 300,000 of these.
        return {
            "district": self.district,
            "period": e.period,
            "plan": self.plan,
            "target": target_id,
            "indicator": indicator,
            "actual": _clean(e.actual),
            "target_value": _clean(e.target_value),
            "limit": limit,  # the number it is held to (the document's, or rhcalc's threshold)
            "expected": _clean(e.expected),
            "unit": unit,
            "attainment": _clean(e.attainment, 4),
            "status": e.status._value_,
            "note": e.note,
            "kind": kind,
            "level": level,
            "deadline": deadline,
            "projected": _clean(e.projected),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "how": e.how.as_dict(),
            **_stands_on(e.how),
        }

    def state(self) -> tuple[Any, ...]:
        """Everything a report shows of this result, as plain values (for content hashes)."""
        e = self.evaluation
        return (self.district, self.plan, self.target.id, e.status.value, e.actual, e.target_value, e.expected,
                e.attainment, e.period, e.note, e.how, self.history)


def _stands_on(how: Any) -> dict[str, Any]:
    """A city roll-up's units (cli.md: “on city results, the units the figure stands on”)."""
    if how.units_expected is None:
        return {}
    return {"units_reported": how.units_reported, "units_expected": how.units_expected,
            "partial": how.units_reported < how.units_expected}


# Per target (by identity, with the target kept so that its id cannot be reused): the JSON fields
# that depend on the target alone, worked out once rather than for each of 2,850 districts.
_TARGET_FIELDS: dict[int, tuple[Target, tuple[Any, ...]]] = {}


def _target_fields(t: Target) -> tuple[Any, ...]:
    known = _TARGET_FIELDS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]
    fields = (t.id, t.indicator, t.unit, t.kind._value_, t.level._value_ if t.level else None,
              t.deadline.isoformat() if t.deadline else None, _clean(t.limit))
    if len(_TARGET_FIELDS) > 20_000:  # catalogs loaded one after another (tests, a notebook)
        _TARGET_FIELDS.clear()
    _TARGET_FIELDS[id(t)] = (t, fields)
    return fields


def _clean(x: float | None, digits: int = 4) -> float | int | None:
    if x is None or x != x:
        return None
    r = round(float(x), digits)
    return int(r) if r.is_integer() else r


@dataclass
class Scorecard:
    as_of: dt.date | None
    results: list[Result]
    problems: list[Problem]
    catalog: Catalog
    files: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out


def score_files(paths: list[Path], catalog: Catalog, as_of: dt.date | None = None,
                plans: list[str] | None = None, history: "pd.DataFrame | None" = None) -> Scorecard:
    from rhcalc.checks import check_submission
    from rhcalc.load.submission import load_submissions

    submission = load_submissions(paths, catalog)
    frame, problems = check_submission(submission.frame, catalog)
    card = score_periods(frame, catalog, as_of, plans, history)
    card.problems = submission.problems + problems
    card.files = submission.files
    return card


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
    observed = _observations(frame)
    if history is not None and not history.empty:
        for key, obs in _observations(history).items():
            have = {o.period for o in observed.get(key, [])}
            observed.setdefault(key, []).extend(o for o in obs if o.period not in have)
    results: list[Result] = []
    if as_of is not None:
        reporting = _plans_reported(catalog, observed)
        cases = [case for plan in catalog.plans.values() if not plans or plan.id in plans
                 for case in _cases(plan, catalog, observed, reporting)]
        evaluations = _judge(cases, as_of, jobs)
        # (period, value) per observation, for sparklines: one tuple per series, shared by the targets
        # that read the same indicator (the series outlive this loop, so their ids stay theirs).
        histories: dict[int, tuple[tuple[str, float | None], ...]] = {}
        for (plan_id, target, indicator, scope), evaluation in zip(cases, evaluations):
            if scope.by_unit:  # a roll-up of units: what it stands on, and whether it is judged
                evaluation = judged(evaluation, target, indicator, stands_on(target, scope, as_of), min_reported)
            history = histories.get(id(scope.series))
            if history is None:
                history = histories[id(scope.series)] = tuple([(o.period.label, o.value) for o in scope.series])
            results.append(Result(scope.name, plan_id, target, evaluation, history, as_of))
    return Scorecard(as_of, results, [], catalog)


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
                  plans: list[str] | None = None, history: "pd.DataFrame | None" = None) -> Scorecard:
    """Score checked rows, each district as of the end of its own latest period (as the batch does).

    A 2024Q2 file beside a 2025Q2 file is two report periods: the 2024Q2 district is not judged
    against a year it has not reported yet. ``as_of`` given judges every district as of that day.
    """
    groups = period_groups(frame) if not frame.empty else []
    if len(groups) <= 1:
        return score_frame(frame, catalog, as_of, plans, history)
    results: list[Result] = []
    for _, end, districts in groups:
        part = score_frame(frame[frame["district"].isin(districts)], catalog, as_of or end, plans, history)
        results.extend(part.results)
    return Scorecard(as_of or max(end for _, end, _ in groups), results, [], catalog)


# One target judged for one scope: (plan id, target, its indicator, the scope).
Case = tuple[str, Target, Any, Scope]
# Below this many cases a second process costs more than it saves.
PARALLEL_FROM = 20_000
_CASES: list[Case] = []  # set just before forking, inherited by the workers


def _judge(cases: list[Case], as_of: dt.date, jobs: int) -> list[Evaluation]:
    """``evaluate`` for every case; split across forked processes when there are many.

    The forked workers inherit the cases instead of receiving them pickled and send back only the
    evaluations; this process judges the first share itself rather than wait.
    """
    from rhcalc.common.workers import fork_available

    # Spawned workers would need every case pickled to them (targets, series, peers): that costs
    # about what judging them does (bench/README.md), so without fork this stays serial.
    if jobs <= 1 or len(cases) < PARALLEL_FROM or not fork_available():
        return [evaluate(target, indicator, scope, as_of) for _, target, indicator, scope in cases]
    global _CASES
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from rhcalc.common.workers import watch_parent

    bounds = [len(cases) * k // jobs for k in range(jobs + 1)]
    _CASES = cases
    gc.freeze()  # the workers' GC would otherwise touch (and copy) every page of the parent
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork"), initializer=watch_parent) as pool:
            theirs = [pool.submit(_judge_slice, bounds[k], bounds[k + 1], as_of) for k in range(1, jobs)]
            mine = _judge_slice(bounds[0], bounds[1], as_of)
            return mine + [e for future in theirs for e in future.result()]
    finally:
        _CASES = []
        gc.unfreeze()


def _judge_slice(start: int, stop: int, as_of: dt.date) -> list[Evaluation]:
    return [evaluate(target, indicator, scope, as_of) for _, target, indicator, scope in _CASES[start:stop]]


def _observations(frame: "pd.DataFrame") -> dict[tuple[str, str], list[Obs]]:
    """(district, indicator) → that district's observations, one per period."""
    out: dict[tuple[str, str], list[Obs]] = defaultdict(list)
    cols = ["district", "indicator", "period_start", "period_end", "value", "numerator", "denominator", "note"]
    # One Period and one (district,) per distinct value, shared by every row that has it: a
    # national batch has 300,000 rows but a handful of periods.
    periods: dict[tuple[Any, Any], Period] = {}
    units: dict[str, tuple[str]] = {}
    for district, indicator, start, end, value, num, den, note in row_tuples(frame, cols):
        period = periods.get((start, end)) or periods.setdefault((start, end), Period(as_date(start), as_date(end)))
        unit = units.get(district) or units.setdefault(district, (district,))
        out[(district, indicator)].append(Obs(period, as_float(value), as_float(num), as_float(den), unit, note if isinstance(note, str) else None))
    return out


def _plans_reported(catalog: Catalog, observed: dict[tuple[str, str], list[Obs]]) -> dict[str, set[str]]:
    """district → the plans it reports to, known from indicators only one plan measures.

    西城区 is one of Beijing's 16 districts, but its own work-points file is not a return to the
    Beijing plan: shared indicators (人工流产率) alone must not pull in a plan's other targets.
    """
    users: dict[str, set[str]] = defaultdict(set)
    for t in catalog.targets:
        users[t.indicator].add(t.plan or "")
    out: dict[str, set[str]] = defaultdict(set)
    for district, indicator in observed:
        if len(users.get(indicator, ())) == 1:
            out[district] |= users[indicator]
    return out


def _in_scope(plan: Plan, district: str, claimed: set[str], reports_to: set[str]) -> bool:
    """Its jurisdiction or one of its units; for an any-unit plan, any district not claimed by a plan
    with a unit list — unless it fills in this plan's own indicators (北京市 reporting as a province)."""
    if district == plan.jurisdiction or district in plan.units:
        return True
    return plan.any_unit and (district not in claimed or plan.id in reports_to)


def _cases(plan: Plan, catalog: Catalog, observed: dict[tuple[str, str], list[Obs]],
           reporting: dict[str, set[str]]) -> list[Case]:
    """The plan's targets, each with the scopes it is judged on (districts, or the jurisdiction)."""
    targets = catalog.targets_of(plan.id)
    used = {t.indicator for t in targets}
    claimed = {u for p in catalog.plans.values() if not p.any_unit for u in (p.jurisdiction, *p.units)}
    candidates = {d for (d, i) in observed if i in used}  # each district once, not once per row
    districts = sorted(d for d in candidates if _in_scope(plan, d, claimed, reporting[d])
                       and (plan.id in reporting[d] or not reporting[d]))
    if not districts:
        return []
    units = [d for d in districts if d != plan.jurisdiction]
    cases: list[Case] = []
    # Per indicator, not per target: several targets read one indicator, and each of these maps
    # has a key per district (2,850 in a national batch).
    series_of: dict[str, tuple[dict[str, list[Obs]], dict[str, list[Obs]]]] = {}
    for target in targets:
        indicator = catalog.indicators[target.indicator]
        if target.indicator not in series_of:
            per_district = {d: observed.get((d, target.indicator), []) for d in districts}
            series_of[target.indicator] = per_district, {d: s for d, s in per_district.items() if s and d != plan.jurisdiction}
        per_district, peers = series_of[target.indicator]
        below_plan = LEVEL_ORDER.index(target.level or plan.level) > LEVEL_ORDER.index(plan.level)
        own = per_district.get(plan.jurisdiction)
        if below_plan and (plan.units or plan.any_unit):
            scopes = [Scope(d, per_district[d], peers=peers) for d in units]
        elif own or (own is not None and len(units) < 2):  # the jurisdiction's own figures come first
            scopes = [Scope(plan.jurisdiction, own, peers=peers)]
        elif len(units) >= 2:
            scopes = [_roll_up(plan, indicator, per_district, units, peers)]
        else:
            scopes = []
        if indicator.type is IndicatorType.rank:
            scopes = [replace(s, rank_among=_rank_among(catalog, plan, s.name)) for s in scopes]
        cases.extend((plan.id, target, indicator, scope) for scope in scopes)
    return cases


def _rank_among(catalog: Catalog, plan: Plan, district: str) -> tuple[str, str, int] | None:
    """Among how many a reported position stands when its 分母 is left empty: a unit of the plan among
    the plan's units (a city ranking its districts); the plan's jurisdiction among the units of the
    plan that lists it (西城区 among the 16 districts of Beijing's plan). None when no plan says."""
    if district != plan.jurisdiction and plan.units:
        return plan.id, plan.jurisdiction, len(plan.units)
    for other in catalog.plans.values():
        if district in other.units:
            return other.id, other.jurisdiction, len(other.units)
    return None


def _roll_up(plan: Plan, indicator, per_district: dict[str, list[Obs]], units: list[str], peers) -> Scope:  # type: ignore[no-untyped-def]
    series = combine(indicator, [o for d in units for o in per_district[d]])
    by_unit = {d: per_district[d] for d in units}
    return Scope(plan.jurisdiction, series, by_unit, tuple(plan.units), peers)
