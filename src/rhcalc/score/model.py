"""What scoring hands on: the status of one target, the scope it was judged on, and the numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from rhcalc.score.aggregate import Obs
from rhcalc.score.how import How


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
    # number of units) of the plan whose units the position is among (scoring._rank_among).
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
