"""What scoring hands on: the status of one target, the scope it was judged on, the numbers, and the
scorecard of a run (its results and problems) that renderers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rhcalc.catalog.model import Catalog, Target
from rhcalc.common.problems import Problem
from rhcalc.score.aggregate import Obs
from rhcalc.score.how import How

if TYPE_CHECKING:
    from rhcalc.score.completeness import Completeness
    from rhcalc.score.contributions import UnitFigure


class Status(str, Enum):
    met = "met"
    on_track = "on_track"
    behind = "behind"
    not_met = "not_met"
    no_data = "no_data"
    monitor = "monitor"


NO_UNITS: Mapping[str, list[Obs]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Scope:
    """What one target is judged on: a district's own series, or a city's roll-up and its units."""

    name: str
    series: list[Obs]  # one observation per period, all periods known (trends look before the window)
    # Read-only and shared: a national batch makes 300,000 district scopes without units, and an
    # empty dict each would cost 20 MB.
    by_unit: Mapping[str, list[Obs]] = field(default_factory=lambda: NO_UNITS)  # for coverage across units
    units: tuple[str, ...] = ()  # the units expected to report (a plan's list), if known
    peers: dict[str, list[Obs]] = field(default_factory=dict)  # for rank: every district's series
    # For a reported rank whose peer count (分母) is left empty: (plan id, its jurisdiction, its
    # number of units) of the plan whose units the position is among (scopes._rank_among).
    rank_among: tuple[str, str, int] | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    status: Status
    actual: float | None = None
    target_value: float | None = None
    expected: float | None = None
    attainment: float | None = None
    period: str | None = None
    how: How = field(default_factory=lambda: How("none"))
    note: str | None = None
    projected: float | None = None  # where the current pace leads by the deadline


@dataclass(frozen=True, slots=True)  # slots: a national batch holds 300,000 results
class Result:
    district: str
    plan: str
    target: Target
    evaluation: Evaluation
    history: tuple[tuple[str, float | None], ...] = ()  # (period, value) for sparklines
    as_of: dt.date | None = None  # the date it was judged as of: its district's latest period's end
    parts: tuple[UnitFigure, ...] = ()  # a city roll-up: each unit's figure and share (score/contributions.py)

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
            "actual": clean(e.actual),
            "target_value": clean(e.target_value),
            "limit": limit,  # the number it is held to (the document's, or rhcalc's threshold)
            "expected": clean(e.expected),
            "unit": unit,
            "attainment": clean(e.attainment, 4),
            "status": e.status._value_,
            "note": e.note,
            "kind": kind,
            "level": level,
            "deadline": deadline,
            "projected": clean(e.projected),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "how": e.how.as_dict(),
            **_stands_on(e.how),
            **({"unit_figures": [f.as_dict() for f in self.parts]} if self.parts else {}),
        }

    def json_attainment(self) -> float | int | None:
        """``to_dict()["attainment"]`` alone, for a reader of 300,000 results that needs no more."""
        return clean(self.evaluation.attainment, 4)

    def slim(self, hows: dict[tuple[Any, ...], How] | None = None) -> "Result":
        """The result as a league table shows it — its status, figures and measure — without its series,
        its line of arithmetic or its units' figures: what a national summary keeps of each of 300,000
        county results (``rhcalc.render.league_only_above`` says where that is all it shows). ``hows``
        shares one ``How`` among the results that have the same (most do)."""
        return Result(self.district, self.plan, self.target, slim_evaluation(slim_parts(self.evaluation), hows),
                      (), self.as_of, ())

    def state(self, with_how: bool = True) -> tuple[Any, ...]:
        """Everything a report shows of this result, as plain values (for content hashes); without its
        How for a caller that hashes each How once."""
        e = self.evaluation
        return (self.district, self.plan, self.target.id, e.status.value, e.actual, e.target_value, e.expected,
                e.attainment, e.period, e.note, e.how if with_how else None, self.history, self.parts)


def slim_parts(e: Evaluation) -> tuple[Any, ...]:
    """What ``Result.slim`` keeps of an evaluation, as plain values (cheap to send between processes)."""
    h = e.how
    return (e.status, e.actual, e.target_value, e.expected, e.attainment, e.period, e.note, e.projected,
            (h.rule, h.measure, h.deadline, h.units, h.slots))


def slim_evaluation(parts: tuple[Any, ...], hows: dict[tuple[Any, ...], How] | None = None) -> Evaluation:
    """An evaluation from ``slim_parts``: its ``How`` holds what a league cell reads (the measure, the
    deadline, coverage's units, every period's slots)."""
    status, actual, target_value, expected, attainment, period, note, projected, key = parts
    how = hows.get(key) if hows is not None else None
    if how is None:
        rule, measure, deadline, units, slots = key
        how = How(rule, measure=measure, deadline=deadline, units=units, slots=slots)
        if hows is not None:
            hows[key] = how
    return Evaluation(status, actual, target_value, expected, attainment, period, how, note, projected)


# Per target (by identity, with the target kept so that its id cannot be reused): the JSON fields
# that depend on the target alone, worked out once rather than for each of 2,850 districts.
_TARGET_FIELDS: dict[int, tuple[Target, tuple[Any, ...]]] = {}


def _stands_on(how: Any) -> dict[str, Any]:
    """A city roll-up's units (cli.md: “on city results, the units the figure stands on”)."""
    if how.units_expected is None:
        return {}
    return {"units_reported": how.units_reported, "units_expected": how.units_expected,
            "partial": how.units_reported < how.units_expected}


def _target_fields(t: Target) -> tuple[Any, ...]:
    known = _TARGET_FIELDS.get(id(t))
    if known is not None and known[0] is t:
        return known[1]
    fields = (t.id, t.indicator, t.unit, t.kind._value_, t.level._value_ if t.level else None,
              t.deadline.isoformat() if t.deadline else None, clean(t.limit))
    if len(_TARGET_FIELDS) > 20_000:  # catalogs loaded one after another (tests, a notebook)
        _TARGET_FIELDS.clear()
    _TARGET_FIELDS[id(t)] = (t, fields)
    return fields


def clean(x: float | None, digits: int = 4) -> float | int | None:
    """A number as JSON and the reports show it: rounded, a whole number as an int, NaN as None."""
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
    period: str | None = None  # the report period (2024Q2) when the results share one
    # A district's own report: the city results its figures feed (each with the district among its
    # parts), so that it covers every figure it sent, not only its own targets.
    city_results: list[Result] = field(default_factory=list)
    # Who was expected to report and who did, per plan and period (score.completeness); None when
    # the inputs say nothing about it (one unit's own file).
    completeness: "Completeness | None" = None

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        for r in self.results:
            out[r.status.value] += 1
        return out
