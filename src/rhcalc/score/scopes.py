"""Who is judged on what: each plan's targets with the scopes they are judged on.

Which targets apply comes from the rows: a row is scored against a plan when its district is
the plan's jurisdiction or one of its units; city targets need the city's own rows or at least
two of its units (one district's figures are not a city total), which are rolled up into one
series (``score.aggregate``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rhcalc.catalog.model import Catalog, IndicatorType, Level, Plan, Target
from rhcalc.common.frames import row_tuples
from rhcalc.common.periods import Period, as_date
from rhcalc.score.aggregate import Obs, as_float, combine
from rhcalc.score.model import Scope

if TYPE_CHECKING:
    import pandas as pd

# From the widest to the narrowest: a target below its plan's level is judged unit by unit.
LEVEL_ORDER = [Level.national, Level.province, Level.city, Level.district, Level.institution]

# One target judged for one scope: (plan id, target, its indicator, the scope).
Case = tuple[str, Target, Any, Scope]


def observations(frame: "pd.DataFrame") -> dict[tuple[str, str], list[Obs]]:
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


def plans_reported(catalog: Catalog, observed: dict[tuple[str, str], list[Obs]]) -> dict[str, set[str]]:
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


def plan_cases(plan: Plan, catalog: Catalog, observed: dict[tuple[str, str], list[Obs]],
           reporting: dict[str, set[str]]) -> list[Case]:
    """The plan's targets, each with the scopes it is judged on (districts, or the jurisdiction)."""
    targets = catalog.targets_of(plan.id)
    used = {t.indicator for t in targets}
    claimed = catalog.unit_names(listed_only=True)
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
