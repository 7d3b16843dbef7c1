"""How a result was reached, as a typed record: what ``--explain``, the reports and JSON spell out.

Every field is optional because each rule fills its own; ``as_dict`` drops the empty ones, so the
JSON ``how`` of a result holds only what that result's rule used.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Slot:
    """One period of an every_period target: its figure and what it did to the target."""

    period: str
    figure: float | None
    verdict: str  # "pass" | "breach" | "unknown" (no figure) | "pending" (not over yet)


@dataclass(frozen=True, slots=True)
class Step:
    """One year-on-year comparison of an every_step (逐年) target."""

    period: str
    figure: float | None
    reference_period: str
    reference: float | None
    verdict: str  # "pass" | "breach" | "unknown"


@dataclass(frozen=True, slots=True)
class Projection:
    """Where the current pace leads by the deadline (UN SDG progress chart / open-sdg method)."""

    method: str  # "linear" (a total at its pace so far) | "cagr" (compound annual growth of a level)
    value: float
    deadline: str  # ISO date
    since: str  # the period the pace is measured from
    latest: str  # the latest period it is measured to
    growth: float | None = None  # the compound annual growth rate, for "cagr"
    reaches: bool | None = None  # whether it reaches the target's number by the deadline


@dataclass(frozen=True, slots=True)
class How:
    rule: str  # the test's module: at_least, at_most, direction, done, rank, monitor
    holds: str = "by_deadline"
    pace: str | None = None
    measure: str | None = None
    periods: tuple[str, ...] = ()  # the periods read
    numerator: float | None = None
    denominator: float | None = None
    # by_deadline before the deadline
    elapsed_share: float | None = None  # of the window, rounded to what reports print (4 digits)
    expected_rule: str | None = None  # "linear" | "level" | "projection" | "none"
    projection: Projection | None = None
    not_started: str | None = None  # the window opens on this date: nothing expected yet
    deadline: str | None = None
    # the number judged against
    limit_source: str | None = None  # "document" | "threshold"
    # coverage across units
    covered: int | None = None
    units: int | None = None
    not_covered: tuple[str, ...] = ()
    not_reported: tuple[str, ...] = ()
    # every_period / every_step
    frequency: str | None = None
    slots: tuple[Slot, ...] = ()
    steps: tuple[Step, ...] = ()
    passed_periods: int | None = None
    judged_periods: int | None = None  # passed or breached: not unknown, not still running
    window_periods: int | None = None
    breached: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    # direction
    compared_with: str | None = None  # a period label, or "baseline"
    reference: float | None = None
    change: float | None = None
    # done
    done_in: str | None = None
    # rank
    peers: float | None = None
    peers_from: str | None = None  # "reported" | "input" | "plan_units"
    peers_among: str | None = None  # whose units they are, when counted from a plan (北京市)
    best_position: float | None = None
    best_rule: str | None = None  # "document" | "top_third"
    score: float | None = None
    # why there is no figure, or a figure the rule could not use
    reason: str | None = None  # "no_figure" | "no_reference" | "parts_missing" | "partial"
    parts_missing: tuple[str, ...] = ()  # units whose rate came without numerator and denominator
    # a city roll-up: the units its latest figure stands on (score/partial.py)
    units_reported: int | None = None
    units_expected: int | None = None
    units_missing: tuple[str, ...] = ()
    units_noun: str | None = None  # what they are called: 区, 县, 省, 市 or 单位 (score/completeness.unit_noun)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _FIELDS:
            value = getattr(self, name)
            if value is None or value == ():
                continue
            if isinstance(value, tuple) and value and hasattr(value[0], "__slots__"):
                value = [_record(v) for v in value]
            elif isinstance(value, Projection):
                value = _record(value)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


# Looked up once: ``dataclasses.fields`` builds its tuple on every call, and a national summary
# made 270,000 of these dicts (2 of its 16 s).
_FIELDS = tuple(f.name for f in fields(How))


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj) if getattr(obj, f.name) is not None}
