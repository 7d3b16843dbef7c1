"""Rows grouped for the reports: a Section per plan (its own rows and, for city input, its units'),
the units' rows by target, the league table of districts, status counts.

What renderers derive from a section is cached on it, and the sections of the last scorecard are
kept: a batch renders each report in each of its formats in turn, and the second format reuses
the first one's rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from rhcalc.catalog.model import Catalog
from rhcalc.render.flat import Labels, Row, flatten
from rhcalc.render.labels import STATUS_ORDER
from rhcalc.score.model import Result, Scorecard

# Up to this many reporting units a summary lists each unit's results; beyond it, per-target counts.
DETAIL_LIMIT = 40


@dataclass(frozen=True)
class Section:
    """One plan's rows: its own (the jurisdiction's or a single unit's) and, for city input, its units';
    in a district's own report, ``city`` holds the city results its figures feed.

    What renderers derive from a section is cached on it: templates ask inside loops over
    thousands of districts, and html and xlsx of one report share the section (``sections``).
    """

    plan: str
    name: str
    issuer: str
    document: str  # the plan's seed file; a quote from another document names its own
    own: list[Row]
    units: list[Row]
    city: list[Row] = field(default_factory=list)

    @cached_property
    def rows(self) -> list[Row]:
        return self.own + self.units

    @cached_property
    def districts(self) -> list[str]:
        return list(dict.fromkeys(r.district for r in self.rows))

    @cached_property
    def own_districts(self) -> list[str]:
        return list(dict.fromkeys(r.district for r in self.own))

    @cached_property
    def unit_districts(self) -> list[str]:
        return sorted({r.district for r in self.units})

    @cached_property
    def detailed(self) -> bool:
        """Every unit's row in the summary? Beijing's 16 districts, yes; 2,850 counties, no — each has
        its own report, and the summary keeps the league table and per-target counts."""
        return len(self.unit_districts) <= DETAIL_LIMIT

    @cached_property
    def counts(self) -> dict[str, int]:
        return counts(self.rows)

    @cached_property
    def district_counts(self) -> list[tuple[str, dict[str, int]]]:
        """(district, status counts) in order of appearance, the plan's own results first."""
        by_district: dict[str, list[Row]] = {}
        for r in self.rows:  # one pass: 2,850 districts × all rows would be quadratic
            by_district.setdefault(r.district, []).append(r)
        return [(district, counts(rows)) for district, rows in by_district.items()]

    @cached_property
    def league(self) -> League | None:
        return league(self)

    @cached_property
    def targets(self) -> list[TargetGroup]:
        """The units' rows by target."""
        return by_target(self.units)


@dataclass(frozen=True)
class _Made:
    """What the last ``sections`` call was made from, held (not just its ids) so that no id is reused."""

    card: Scorecard
    catalog: Catalog
    results: list[Result]  # a copy: an edit to card.results in place must not go unnoticed
    as_of: dt.date | None
    lang: str
    only: frozenset[str]
    sections: list[Section]

    def fits(self, card: Scorecard, lang: str, only: frozenset[str]) -> bool:
        # Identity first, and never Scorecard equality: that would compare 300,000 results field by field.
        return (self.card is card and self.catalog is card.catalog and self.as_of == card.as_of
                and self.lang == lang and self.only == only and self.results == card.results)


# A batch renders each report in each of its formats in turn, one report at a time: the second
# format reuses the first one's rows, with the numbers and lines of arithmetic already made.
_last: _Made | None = None


def sections(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset()) -> list[Section]:
    """Rows grouped by plan in catalog order; a plan with two or more reporting units is city input.
    ``only``: the statuses to show (--only behind,not_met), all when empty. (``explain`` changes what a
    renderer shows of each row, not the rows.)

    Asked again for the same, unchanged scorecard, it returns the same sections.
    """
    global _last
    last = _last  # read once: another thread may replace it
    if last is not None and last.fits(card, lang, only):
        return last.sections
    out = _sections(card, lang, only)
    _last = _Made(card, card.catalog, list(card.results), card.as_of, lang, only, out)
    return out


def _sections(card: Scorecard, lang: str, only: frozenset[str]) -> list[Section]:
    by_plan: dict[str, list[Row]] = {}
    for row in flatten(card, lang, only=only):
        by_plan.setdefault(row.result.plan, []).append(row)
    city_of: dict[str, list[Row]] = {}
    for row in flatten(card, lang, only=only, results=card.city_results):
        city_of.setdefault(row.result.plan, []).append(row)
    out = []
    for plan_id in [p for p in card.catalog.plans if p in by_plan or p in city_of]:
        rows = by_plan.get(plan_id, [])
        plan = card.catalog.plans[plan_id]
        units = [r for r in rows if r.district != plan.jurisdiction]
        if len({r.district for r in units}) < 2:
            units = []
        own = [r for r in rows if r.district == plan.jurisdiction] if units else rows
        out.append(Section(plan_id, plan.name(lang), plan.issuer, plan.document, own, units, city_of.get(plan_id, [])))
    return out


def counts(rows: list[Row]) -> dict[str, int]:
    """Status → how many, in STATUS_ORDER (worst first), every status present."""
    c = Counter(r.status for r in rows)
    return {s: c.get(s, 0) for s in STATUS_ORDER}


def summary(secs: list[Section]) -> list[tuple[Section, str, dict[str, int]]]:
    """(section, district, status counts) per plan and district, the plan's own results first."""
    return [(sec, district, c) for sec in secs for district, c in sec.district_counts]


@dataclass(frozen=True)
class TargetGroup:
    """One unit-level target across districts: for a compact view of 16 districts × N targets."""

    target: str
    labels: Labels
    members: list[Row]  # in the scorecard's order

    @property
    def title(self) -> str:
        return self.labels.title

    @cached_property
    def rows(self) -> list[Row]:
        """Worst status first, then by district. Sorted only when asked: 2,850 per target nationally."""
        return sorted(self.members, key=lambda r: (_ORDER[r.status], r.district))

    @cached_property
    def counts(self) -> dict[str, int]:
        return counts(self.members)

    def districts(self, *statuses: str) -> list[str]:
        return [r.district for r in self.rows if r.status in statuses]


_ORDER = {s: i for i, s in enumerate(STATUS_ORDER)}


def by_target(rows: list[Row]) -> list[TargetGroup]:
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.target, []).append(r)
    return [TargetGroup(t, rs[0].labels, rs) for t, rs in groups.items()]


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
    return League(sec.targets, ranked)
