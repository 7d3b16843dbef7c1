"""Who has reported: for each plan with units and each report period, the units expected, the file each
sent and when it arrived, the late and the missing (DHIS2's reporting rate and reporting rate on time).

- **Expected**: the plan's unit list (Beijing's 16 districts); for a national any-unit plan, the units
  seen reporting to it, in these inputs or in earlier runs (``seen``). A plan without units (a district's
  own work points) has nobody to chase and no table.
- **A return**: the rows one file gives for one unit. It counts for the plan when it fills an indicator
  only that plan measures (or, filling none such, any indicator of the plan), and for the period its
  rows end with — the latest period, the shortest of those ending last, as the batch files reports.
  Returns are matched by the day their period ends: a 2024 annual file answers for 2024Q4 too.
- **Arrival**: the day the file reached rhcalc (``arrivals``: its mtime, or what the batch knew
  earlier); several files for one return arrive with the first. **Due**: the period's end + ``due_days``.
  On time when it arrived on or before the due day; late after it. A unit without a return is missing,
  *overdue* once ``checked`` is past the due day (the day of a batch run; for ``score``, the day the
  last file given arrived — the same files give the same answer).

Pure: no file system, no clock. ``score`` over several files and the batch both call ``completeness``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rhcalc.catalog.model import Catalog, Plan
from rhcalc.common.frames import row_tuples
from rhcalc.common.periods import as_date

if TYPE_CHECKING:
    import pandas as pd

DUE_DAYS = 10  # rhcalc.toml [reporting] due_days
ON_TIME, LATE, MISSING = "on_time", "late", "missing"
# What a plan's units are called, by how all their names end (16 个区, 31 个省), and in English.
NOUNS = {"区": "districts", "县": "counties", "省": "provinces", "市": "cities", "单位": "units"}


def unit_noun(units: Iterable[str]) -> str:
    names = list(units)
    for ending in ("区", "县", "省", "市"):
        if names and all(u.endswith(ending) for u in names):
            return ending
    return "单位"


def stands_on_text(reported: int, expected: int, noun: str, lang: str) -> str:
    """16 个区中 14 个已上报 · 14 of 16 districts reported."""
    if lang == "en":
        return f"{reported} of {expected} {NOUNS.get(noun, 'units')} reported"
    return f"{expected} 个{noun}中 {reported} 个已上报"


@dataclass(frozen=True)
class UnitReturn:
    """One expected unit in one period: what it sent and when, or that it sent nothing."""

    unit: str
    state: str  # on_time | late | missing
    files: tuple[str, ...] = ()
    arrived: dt.date | None = None
    days_late: int | None = None  # a late return: the days it arrived after the due day
    # Missing and past the due day. A report shows that, never a count of days: it would change the
    # summary (and email it to the city again) every day the return stays missing.
    overdue: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "state": self.state, "files": list(self.files),
                "arrived": self.arrived.isoformat() if self.arrived else None, "days_late": self.days_late,
                "overdue": self.overdue}


@dataclass(frozen=True)
class PeriodReturns:
    """One plan's returns for one report period."""

    plan: str
    jurisdiction: str
    period: str  # the label most of its returns carry (2024Q2)
    end: dt.date
    due: dt.date
    checked: dt.date
    expected_from: str  # "plan" (its unit list) | "seen" (an any-unit plan: the units seen reporting)
    units: tuple[UnitReturn, ...]

    def state(self, *states: str) -> list[UnitReturn]:
        return [u for u in self.units if u.state in states]

    @property
    def received(self) -> list[UnitReturn]:
        return self.state(ON_TIME, LATE)

    @property
    def partial(self) -> bool:
        return len(self.received) < len(self.units)

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "jurisdiction": self.jurisdiction, "period": self.period,
                "period_end": self.end.isoformat(), "due": self.due.isoformat(), "checked": self.checked.isoformat(),
                "expected_from": self.expected_from, "units_expected": len(self.units),
                "units_reported": len(self.received), "on_time": len(self.state(ON_TIME)),
                "late": len(self.state(LATE)), "missing": len(self.state(MISSING)),
                "units": [u.to_dict() for u in self.units]}


@dataclass(frozen=True)
class Completeness:
    periods: tuple[PeriodReturns, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.periods)

    def ending(self, end: dt.date) -> "Completeness":
        """The returns of the periods ending on ``end``: what a report period's summary shows."""
        return Completeness(tuple(p for p in self.periods if p.end == end))

    def to_dict(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self.periods]

    def state(self) -> tuple[Any, ...]:
        """What a report shows of it, for content hashes: everything but the day it was checked."""
        return tuple((p.plan, p.period, p.end, p.due, p.expected_from, p.units) for p in self.periods)


@dataclass(frozen=True)
class Rules:
    """When returns are due: ``due_days`` after the period's end, per plan where rhcalc.toml says so."""

    due_days: int = DUE_DAYS
    due_days_of: Mapping[str, int] = field(default_factory=dict)

    def due(self, plan: str, end: dt.date) -> dt.date:
        return end + dt.timedelta(days=self.due_days_of.get(plan, self.due_days))


@dataclass(frozen=True)
class Return:
    """The rows one file gives for one unit: the period they end with and the indicators filled."""

    unit: str
    file: str
    period: str
    start: dt.date
    end: dt.date
    indicators: frozenset[str]


def returns_in(frame: "pd.DataFrame") -> list[Return]:
    """Each (unit, file) of the rows, with its report period: the latest, the shortest of those ending last."""
    spans: dict[tuple[str, str], tuple[dt.date, dt.date, str]] = {}
    filled: dict[tuple[str, str], set[str]] = defaultdict(set)
    if frame.empty:
        return []
    cols = ["district", "_file", "period", "period_start", "period_end", "indicator"]
    for district, file, label, start, end, indicator in row_tuples(frame, cols):
        key = (str(district), str(file))
        span = (as_date(end), as_date(start), str(label))
        if key not in spans or span > spans[key]:  # (end, start): the latest end, then the latest start
            spans[key] = span
        filled[key].add(indicator)
    return [Return(unit, file, label, start, end, frozenset(filled[(unit, file)]))
            for (unit, file), (end, start, label) in sorted(spans.items())]


def report_groups(returns: Iterable[Return]) -> list[tuple[str, dt.date, list[str]]]:
    """(label, end, districts) per report period, oldest first: the districts with a return for it.

    A backlog (16 districts × 6 quarters in one folder) is six groups, judged one after another as
    each quarter would have been; a district's single file is one group, as before.
    """
    # A district's returns ending the same day (its 2024 file and its 2024Q4 file) are one: the shortest.
    shortest: dict[tuple[str, dt.date], tuple[dt.date, str]] = {}
    for r in returns:
        key = (r.unit, r.end)
        shortest[key] = max(shortest.get(key, (r.start, r.period)), (r.start, r.period))
    groups: dict[tuple[dt.date, str], list[str]] = defaultdict(list)
    for (unit, end), (_, label) in sorted(shortest.items()):
        groups[(end, label)].append(unit)
    return [(label, end, units) for (end, label), units in sorted(groups.items())]


def completeness(catalog: Catalog, returns: Iterable[Return], arrivals: Mapping[str, dt.date], checked: dt.date,
                 rules: Rules = Rules(), seen: Mapping[str, Iterable[str]] | None = None) -> Completeness:
    """Every plan with units × every period someone returned for it: who was expected, sent, late, missing."""
    returns = list(returns)
    claimed = {u for p in catalog.plans.values() if p.units for u in (p.jurisdiction, *p.units)}
    periods: list[PeriodReturns] = []
    for plan in catalog.plans.values():
        mine = [r for r in returns if _returns_to(catalog, plan, r, claimed)]
        expected, source = _expected(plan, mine, (seen or {}).get(plan.id, ()))
        if not expected:
            continue
        by_end: dict[dt.date, list[Return]] = defaultdict(list)
        for r in mine:
            if r.unit in expected:
                by_end[r.end].append(r)
        for end in sorted(by_end):
            periods.append(_period(plan, end, by_end[end], expected, source, arrivals, checked, rules))
    return Completeness(tuple(periods))


def _expected(plan: Plan, mine: list[Return], seen: Iterable[str]) -> tuple[tuple[str, ...], str]:
    if plan.units:
        return plan.units, "plan"
    if plan.any_unit:
        units = {r.unit for r in mine} | set(seen)
        return tuple(sorted(units - {plan.jurisdiction})), "seen"
    return (), "plan"


def _returns_to(catalog: Catalog, plan: Plan, r: Return, claimed: set[str]) -> bool:
    """A unit's return counts for the plan whose own indicators it fills (西城区's work-points file,
    which shares 人工流产率 with Beijing's plan, is not a Beijing return)."""
    if plan.units and r.unit not in plan.units:
        return False
    if not plan.units and (not plan.any_unit or r.unit in claimed or r.unit == plan.jurisdiction):
        return False
    owners = _owners(catalog)
    own = {owners[i] for i in r.indicators if owners.get(i)}
    if own:
        return plan.id in own
    return bool(r.indicators & _used(catalog, plan.id))


_OWNERS: dict[str, dict[str, str]] = {}


def _owners(catalog: Catalog) -> dict[str, str]:
    """indicator → the one plan whose targets use it ("" when several do). Once per catalog."""
    known = _OWNERS.get(catalog.fingerprint)
    if known is None:
        plans_of: dict[str, set[str]] = defaultdict(set)
        for t in catalog.targets:
            plans_of[t.indicator].add(t.plan or "")
        known = _OWNERS[catalog.fingerprint] = {i: next(iter(p)) if len(p) == 1 else "" for i, p in plans_of.items()}
    return known


def _used(catalog: Catalog, plan_id: str) -> set[str]:
    return {t.indicator for t in catalog.targets_of(plan_id)}


def _period(plan: Plan, end: dt.date, returns: list[Return], expected: tuple[str, ...], source: str,
            arrivals: Mapping[str, dt.date], checked: dt.date, rules: Rules) -> PeriodReturns:
    due = rules.due(plan.id, end)
    label = Counter(r.period for r in returns).most_common(1)[0][0]  # a 2024 annual file among 2024Q4 ones
    files_of: dict[str, list[str]] = defaultdict(list)
    for r in returns:
        files_of[r.unit].append(r.file)
    units = []
    for unit in expected:
        files = tuple(sorted(set(files_of.get(unit, ())), key=lambda f: (arrivals.get(f, dt.date.min), f)))  # as they came
        units.append(_unit_return(unit, files, arrivals, due, checked))
    return PeriodReturns(plan.id, plan.jurisdiction, label, end, due, checked, source, tuple(units))


def _unit_return(unit: str, files: tuple[str, ...], arrivals: Mapping[str, dt.date], due: dt.date,
                 checked: dt.date) -> UnitReturn:
    if not files:
        return UnitReturn(unit, MISSING, overdue=checked > due)
    dates = [arrivals[f] for f in files if f in arrivals]
    arrived = min(dates) if dates else None  # a resubmission does not make an on-time return late
    if arrived is None or arrived <= due:
        return UnitReturn(unit, ON_TIME, files, arrived)
    return UnitReturn(unit, LATE, files, arrived, (arrived - due).days)
