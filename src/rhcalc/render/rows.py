"""Results flattened once for every report: labels looked up, numbers taken as JSON has them.

Each renderer (table, csv, md, html, xlsx) reads ``Row``s grouped into ``Section``s (one per plan)
instead of walking ``Result``/``Evaluation`` itself, so a label or a number is spelt one way
everywhere. Numbers come from ``Result.to_dict()`` — the JSON values — and are never recomputed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rhcalc.explain import explain as explain_line
from rhcalc.explain import fmt, value_text
from rhcalc.labels import STATUS_ORDER, kind_label, level_label, status_label, unit_label, word
from rhcalc.score import Result, Scorecard

YES_NO = "是/否"
# Up to this many reporting units a summary lists each unit's results; beyond it, per-target counts.
DETAIL_LIMIT = 40


@dataclass(frozen=True)
class Row:
    result: Result
    data: dict[str, Any]  # Result.to_dict(): the numbers as JSON has them
    title: str
    indicator_name: str
    unit: str  # as the reader sees it (labels.unit_label)
    kind: str
    level: str
    status_label: str
    quote: str
    document: str | None
    measure: str  # “17 / 20 所”, “85% / 100%”, “是” …
    # (scorecard, lang) when the arithmetic was asked for; the line itself is made only when shown,
    # since a national summary holds 300,000 rows and shows a few.
    explain_for: tuple[Scorecard, str] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def explain(self) -> str | None:
        if self.explain_for is None:
            return None
        card, lang = self.explain_for
        return explain_line(self.result, card, lang)

    @property
    def status(self) -> str:
        return str(self.data["status"])

    @property
    def district(self) -> str:
        return str(self.data["district"])

    @property
    def target(self) -> str:
        return str(self.data["target"])

    @property
    def note(self) -> str | None:
        return self.data["note"]


@dataclass(frozen=True)
class Section:
    """One plan's rows: its own (the jurisdiction's or a single unit's) and, for city input, its units'."""

    plan: str
    name: str
    issuer: str
    document: str  # the plan's seed file; a quote from another document names its own
    own: list[Row]
    units: list[Row]

    # Cached: templates ask for these inside loops over thousands of districts.
    @cached_property
    def rows(self) -> list[Row]:
        return self.own + self.units

    @cached_property
    def districts(self) -> list[str]:
        return list(dict.fromkeys(r.district for r in self.rows))

    @cached_property
    def unit_districts(self) -> list[str]:
        return sorted({r.district for r in self.units})

    @cached_property
    def detailed(self) -> bool:
        """Every unit's row in the summary? Beijing's 16 districts, yes; 2,850 counties, no — each has
        its own report, and the summary keeps the league table and per-target counts."""
        return len(self.unit_districts) <= DETAIL_LIMIT


def flatten(card: Scorecard, lang: str = "zh", explain: bool = False) -> list[Row]:
    return [_row(r, card, lang, explain) for r in card.results]


def _row(r: Result, card: Scorecard, lang: str, explain: bool) -> Row:
    t = r.target
    ind = card.catalog.indicators[t.indicator]
    data = r.to_dict()
    unit = "%" if "covered" in r.evaluation.how else unit_label(t.unit, lang)
    return Row(
        result=r, data=data, title=t.title(lang) or ind.name(lang), indicator_name=ind.name(lang), unit=unit,
        kind=kind_label(t.kind.value, lang), level=level_label(data["level"], lang),
        status_label=status_label(data["status"], lang), quote=t.source.quote, document=t.source.document,
        measure=measure_text(data, unit, t.unit == YES_NO, lang),
        explain_for=(card, lang) if explain else None,
    )


def sections(card: Scorecard, lang: str = "zh", explain: bool = False) -> list[Section]:
    """Rows grouped by plan in catalog order; a plan with two or more reporting units is city input."""
    by_plan: dict[str, list[Row]] = {}
    for row in flatten(card, lang, explain):
        by_plan.setdefault(str(row.data["plan"]), []).append(row)
    out = []
    for plan_id, rows in by_plan.items():
        plan = card.catalog.plans[plan_id]
        units = [r for r in rows if r.district != plan.jurisdiction]
        if len({r.district for r in units}) < 2:
            units = []
        # By identity: Row equality compares whole dicts, and a national batch has ~300,000 rows.
        in_units = {id(r) for r in units}
        own = [r for r in rows if id(r) not in in_units]
        out.append(Section(plan_id, plan.name(lang), plan.issuer, plan.document, own, units))
    return out


def counts(rows: list[Row]) -> dict[str, int]:
    """Status → how many, in STATUS_ORDER (worst first), every status present."""
    c = Counter(r.status for r in rows)
    return {s: c.get(s, 0) for s in STATUS_ORDER}


def summary(secs: list[Section]) -> list[tuple[Section, str, dict[str, int]]]:
    """(section, district, status counts) per plan and district, the plan's own results first."""
    out = []
    for sec in secs:
        by_district: dict[str, list[Row]] = {}
        for r in sec.rows:  # one pass: 2,850 districts × all rows would be quadratic
            by_district.setdefault(r.district, []).append(r)
        for district, rows in by_district.items():
            out.append((sec, district, counts(rows)))
    return out


def measure_text(d: dict[str, Any], unit: str, yes_no: bool, lang: str) -> str:
    """Actual against what it is judged by, in one cell: “17 / 20 所”, “0% / ≤2%”, “16.96% vs 17.65%”."""
    kind, a, t = d["kind"], d["actual"], d["target_value"]
    if kind == "milestone" or (yes_no and kind == "monitor"):
        return value_text(a, unit, True, lang)
    if kind == "monitor" or (a is None and t is None):
        return fmt(a, unit)
    if kind == "per_period":
        return f"{fmt(a)} / {fmt(t)} {word('periods_unit', lang)}"
    if kind == "rank":
        where = f"#{fmt(a)}" if lang == "en" else f"第{fmt(a)}"
        return where if t is None else f"{where} / {word('top', lang)}{fmt(t)}"
    if kind in ("trend_down", "trend_up"):
        ref = d["expected"]
        return fmt(a, unit) if ref is None else f"{fmt(a, unit)} {word('vs', lang)} {fmt(ref, unit)}"
    sign = "≤" if kind == "at_most" else ""
    if not unit or fmt(1, unit) == f"1{unit}":  # tight units repeat: 85% / 100%
        return f"{fmt(a, unit)} / {sign}{fmt(t, unit)}"
    return f"{fmt(a)} / {sign}{fmt(t)} {unit}"


@dataclass(frozen=True)
class TargetGroup:
    """One unit-level target across districts: for a compact view of 16 districts × N targets."""

    target: str
    title: str
    rows: list[Row]  # worst status first, then by district

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.rows)

    def districts(self, *statuses: str) -> list[str]:
        return [r.district for r in self.rows if r.status in statuses]


def by_target(rows: list[Row]) -> list[TargetGroup]:
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.target, []).append(r)
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    return [TargetGroup(t, rs[0].title, sorted(rs, key=lambda r: (order[r.status], r.district)))
            for t, rs in groups.items()]


@dataclass(frozen=True)
class LeagueLine:
    rank: int
    district: str
    cells: dict[str, Row]  # target id → that district's row
    counts: dict[str, int]


@dataclass(frozen=True)
class League:
    targets: list[TargetGroup]
    lines: list[LeagueLine]


def league(sec: Section) -> League | None:
    """Districts × unit-level targets, ranked; None unless the plan has two or more reporting units.

    The rank orders districts by how many targets are met or on track, then met, then fewest
    not met. It counts statuses; it never averages attainments (a rate averaged across
    districts means nothing, domain.md).
    """
    if not sec.units:
        return None
    groups = by_target(sec.units)
    cells_of: dict[str, dict[str, Row]] = {}
    for r in sec.units:  # one pass, not one per district: 2,850 counties would make it quadratic
        cells_of.setdefault(r.district, {})[r.target] = r
    lines = [(district, cells_of[district], counts(list(cells_of[district].values()))) for district in sec.unit_districts]

    def key(line: tuple[str, dict[str, Row], dict[str, int]]) -> tuple[int, int, int]:
        c = line[2]
        return (-(c["met"] + c["on_track"]), -c["met"], c["not_met"])

    lines.sort(key=lambda line: (key(line), line[0]))
    ranked, rank = [], 0
    for i, line in enumerate(lines):
        if i == 0 or key(line) != key(lines[i - 1]):
            rank = i + 1  # competition ranking: 1, 2, 2, 4
        ranked.append(LeagueLine(rank, *line))
    return League(groups, ranked)


# The columns of flat exports (csv, xlsx): (key, label key in labels.WORDS). What a reader scans comes
# first; the ASCII ids that scripts join on come last (and stay off the xlsx print area).
COLUMNS: list[tuple[str, str]] = [
    ("plan", "plan"), ("district", "district"), ("period", "period"), ("title", "target"),
    ("actual", "actual"), ("target_value", "target_value"), ("expected", "expected"), ("unit", "unit"),
    ("attainment", "attainment"), ("status", "status"), ("note", "note"), ("kind", "kind"), ("level", "level"),
    ("deadline", "deadline"),
]
EXPLAIN_COLUMNS: list[tuple[str, str]] = [("explain", "explain"), ("quote", "quote"), ("document", "document")]
ID_COLUMNS: list[tuple[str, str]] = [("target", "target_id"), ("indicator", "indicator_id")]


def columns(explain: bool) -> list[tuple[str, str]]:
    return COLUMNS + (EXPLAIN_COLUMNS if explain else [("quote", "quote")]) + ID_COLUMNS


def record(row: Row) -> dict[str, Any]:
    """Every flat column of one row; numbers exactly as in JSON, words in the reader's language."""
    d = row.data
    return {
        **{k: d.get(k) for k, _ in COLUMNS + ID_COLUMNS},
        "title": row.title, "kind": row.kind, "level": row.level, "unit": row.unit,
        "status": row.status_label, "explain": row.explain, "quote": row.quote, "document": row.document,
    }
