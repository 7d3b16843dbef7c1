"""Results flattened once for every report: labels looked up, numbers taken as JSON has them.

Each renderer (table, csv, md, html, xlsx) reads ``Row``s grouped into ``Section``s (one per plan)
instead of walking ``Result``/``Evaluation`` itself, so a label or a number is spelt one way
everywhere. Numbers come from ``Result.to_dict()`` — the JSON values — and are never recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from rhcalc.catalog.model import Catalog, Target
from rhcalc.render.explain import explain as explain_line
from rhcalc.render.explain import TIGHT_UNITS, fmt, pct, value_text
from rhcalc.render.labels import STATUS_ORDER, kind_label, level_label, status_label, unit_label, word
from rhcalc.catalog.sections import target_sections
from rhcalc.score.contributions import UnitFigure
from rhcalc.score.rules import draw_of
from rhcalc.score.rules.base import projection_words
from rhcalc.score.scoring import Result, Scorecard

YES_NO = "是/否"
# Up to this many reporting units a summary lists each unit's results; beyond it, per-target counts.
DETAIL_LIMIT = 40


class Labels(NamedTuple):
    """What every district's row of one target shows alike: looked up once per target and report,
    not once per row (a national summary repeats each target for 2,850 counties). A NamedTuple:
    as immutable as a frozen dataclass and four times cheaper to make, 108 times per report."""

    title: str
    indicator_name: str
    unit: str  # as the reader sees it (labels.unit_label)
    kind: str
    level: str
    quote: str
    document: str | None
    yes_no: bool
    lang: str
    plan: str  # the plan's name
    threshold: str  # 阈值依据：《…》“…” where rhcalc supplied the number, else ""
    draw: str  # what the target's rule draws: bar, limit, check, arrow, rank, none (score/rules)


def target_labels(t: Target, card: Scorecard, lang: str) -> Labels:
    ind = card.catalog.indicators[t.indicator]
    plan = card.catalog.plans.get(t.plan or "")
    return Labels(
        title=t.title(lang) or ind.name(lang), indicator_name=ind.name(lang), unit=unit_label(t.unit, lang),
        kind=kind_label(t.kind.value, lang), level=level_label(t.level.value if t.level else None, lang),
        quote=t.source.quote, document=t.source.document, yes_no=t.unit == YES_NO, lang=lang,
        plan=plan.name(lang) if plan else (t.plan or ""), threshold=threshold_text(t, lang), draw=draw_of(t),
    )


def threshold_text(t: Target, lang: str) -> str:
    """Where a number rhcalc supplies comes from, in the reader's words: the document and its clause."""
    src = t.threshold_source
    if t.threshold is None or src is None:
        return ""
    return f"{word('threshold_from', lang)}{src.document}“{src.clause}”"


class Row:
    """One result as the reports show it.

    A national summary makes one for each of its 300,000 results and reads only the district,
    target and status of most, so those are all that is worked out up front; the JSON numbers, the
    measure and the line of arithmetic are made the first time a renderer asks for them. Slots, not
    a __dict__: a third of the memory, for rows that live until the file is written.
    """

    __slots__ = ("result", "labels", "card", "status", "district", "target", "_data", "_measure", "_explain")

    def __init__(self, result: Result, labels: Labels, card: Scorecard) -> None:
        self.result = result
        self.labels = labels
        self.card = card  # for the line of arithmetic and the catalog, made only when asked for
        self.status: str = result.evaluation.status.value
        self.district: str = result.district
        self.target: str = result.target.id
        self._data: dict[str, Any] | None = None
        self._measure: str | None = None
        self._explain: str | None = None

    def __repr__(self) -> str:
        return f"Row({self.district!r}, {self.target!r}, {self.status!r})"

    @property
    def data(self) -> dict[str, Any]:
        """Result.to_dict(): the numbers as JSON has them."""
        if self._data is None:
            self._data = self.result.to_dict()
        return self._data

    @property
    def unit(self) -> str:
        return "%" if self.result.evaluation.how.units is not None else self.labels.unit

    @property
    def measure(self) -> str:
        """“17 / 20 所”, “85% / 100%”, “是” …"""
        if self._measure is None:
            self._measure = measure_text(self.data, self.unit, self.labels.yes_no, self.labels.lang)
        return self._measure

    @property
    def explain(self) -> str:
        """The line of arithmetic (score/rules): under --explain, and as the reason of each target that
        needs attention."""
        if self._explain is None:
            self._explain = explain_line(self.result, self.card, self.labels.lang)
        return self._explain

    @property
    def reason(self) -> str:
        """The line of arithmetic without its “→ status” tail, for beside the status, and without where
        a threshold comes from (the quote column says it)."""
        return explain_line(self.result, self.card, self.labels.lang, sources=False).rsplit(" → ", 1)[0]

    @property
    def plan_name(self) -> str:
        return self.labels.plan

    @property
    def section(self) -> str:
        """The heading of the document the target's quote is under (一、…), or ""."""
        found = target_sections(self.card.catalog).get(self.target)
        return found.label if found else ""

    @property
    def source(self) -> str:
        """The quote, and for a number rhcalc supplies where it comes from (阈值依据：document“clause”)."""
        threshold = self.labels.threshold
        return f"{self.labels.quote}\n{threshold}" if threshold else self.labels.quote

    @property
    def draw(self) -> str:
        """bar, limit, check, arrow, rank or none; a duty of every period is drawn as its periods' bar."""
        draw = self.labels.draw
        return "bar" if draw == "check" and self.result.evaluation.how.slots else draw

    @property
    def projection(self) -> str:
        """按当前进度，2025年底预计 86.4% — shown in every format wherever the rule made a projection."""
        p = self.result.evaluation.how.projection
        return projection_words(p, self.unit, self.labels.lang == "en") if p is not None else ""

    @property
    def due(self) -> str | None:
        """The deadline of a milestone not done yet and not overdue: it reads 未完成，期限 …, never 0 %."""
        d = self.data
        if self.draw == "check" and d["actual"] is not None and d["actual"] < 1 and self.status in ("on_track", "behind"):
            return d["how"].get("deadline")
        return None

    def part(self, unit: str) -> UnitFigure | None:
        """A unit's figure behind this city result (score/contributions.py)."""
        return next((f for f in self.result.parts if f.unit == unit), None)

    def part_figure(self, unit: str) -> str:
        """The unit's own figure as the reports print it: 13 次, 2.08‰, 是 (its 是/否 for a coverage)."""
        f = self.part(unit)
        if f is None or f.value is None:
            return "—"
        t = self.result.target
        if self.labels.yes_no or (t.measure is not None and t.measure.value in ("units", "done")):
            return value_text(f.value, "", True, self.labels.lang)
        return fmt(f.value, self.labels.unit)

    def part_share(self, unit: str) -> str:
        """Its share of the city's count — for a rate, of the city's numerator, which it names: 5%（人流例数）."""
        f = self.part(unit)
        if f is None or f.share is None:
            return ""
        indicator = self.card.catalog.indicators[self.result.target.indicator]
        # The catalog names numerators in Chinese only: an English report gives the share alone.
        if indicator.numerator and f.numerator is not None and self.labels.lang != "en":
            return f"{pct(f.share)}（{indicator.numerator}）"
        return pct(f.share)

    @property
    def lower_better(self) -> bool:
        """Whether a lower figure is the better one: a ceiling, a fall to reach, a rank."""
        test = self.result.target.test
        return test is not None and test.value in ("at_most", "down", "rank")

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.labels.lang)

    @property
    def note(self) -> str | None:
        return self.result.evaluation.note

    @property
    def title(self) -> str:
        return self.labels.title

    @property
    def indicator_name(self) -> str:
        return self.labels.indicator_name

    @property
    def kind(self) -> str:
        return self.labels.kind

    @property
    def level(self) -> str:
        return self.labels.level

    @property
    def quote(self) -> str:
        return self.labels.quote

    @property
    def document(self) -> str | None:
        return self.labels.document


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


def flatten(card: Scorecard, lang: str = "zh", explain: bool = False, only: frozenset[str] = frozenset(),
            results: list[Result] | None = None) -> list[Row]:
    """A Row per result (``results``: another list of the card's, e.g. its city results), in order;
    ``only``: the statuses to keep (all when empty)."""
    labels: dict[int, Labels] = {}  # by target: a summary repeats each one for every district
    out = []
    for r in card.results if results is None else results:
        if only and r.evaluation.status.value not in only:
            continue
        lab = labels.get(id(r.target))  # the targets live in card.catalog for the whole call
        if lab is None:
            lab = labels[id(r.target)] = target_labels(r.target, card, lang)
        out.append(Row(r, lab, card))
    return out


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


def measure_text(d: dict[str, Any], unit: str, yes_no: bool, lang: str) -> str:
    """Actual against what it is judged by, in one cell: “17 / 20 所”, “0% / ≤2%”, “16.96% vs 17.65%”."""
    kind, a, t = d["kind"], d["actual"], d["target_value"]
    how = d["how"]
    if how.get("slots") and how.get("measure") != "level":
        return f"{fmt(a)} / {fmt(t)} {word('periods_unit', lang)}"
    if kind == "milestone" or (yes_no and kind == "monitor"):
        if a is not None and a < 1 and how.get("deadline") and d["status"] in ("on_track", "behind"):
            return word("not_done_due", lang).format(deadline=how["deadline"])  # never a 0 % bar
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
    if not unit or unit in TIGHT_UNITS:  # tight units repeat: 85% / 100%
        return f"{fmt(a, unit)} / {sign}{fmt(t, unit)}"
    return f"{fmt(a)} / {sign}{fmt(t)} {unit}"


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


# The columns of flat exports (csv, xlsx): (key, label key in labels.WORDS). What a reader scans comes
# first — the place in the attention list, whose, which target, the figures, the status; the ASCII
# ids that scripts join on come last (and stay off the xlsx print area).
COLUMNS: list[tuple[str, str]] = [
    ("attention", "attention_rank"), ("plan", "plan"), ("section", "section"), ("district", "district"),
    ("period", "period"), ("title", "target"),
    ("actual", "actual"), ("target_value", "target_value"), ("expected", "expected"), ("unit", "unit"),
    ("attainment", "attainment"), ("status", "status"), ("projected", "projected"), ("note", "note"),
    ("kind", "kind"), ("level", "level"), ("deadline", "deadline"),
]
EXPLAIN_COLUMNS: list[tuple[str, str]] = [("explain", "explain"), ("quote", "quote"), ("document", "document")]
ID_COLUMNS: list[tuple[str, str]] = [("target", "target_id"), ("indicator", "indicator_id"), ("plan_id", "plan_id")]


def columns(explain: bool) -> list[tuple[str, str]]:
    return COLUMNS + (EXPLAIN_COLUMNS if explain else [("quote", "quote")]) + ID_COLUMNS


# The flat columns that are words on the row, in the reader's language: key → Row attribute. The rest
# are Result.to_dict()'s values (``plan_id`` is its ``plan``).
ROW_WORDS = {"title": "title", "kind": "kind", "level": "level", "unit": "unit", "status": "status_label",
             "explain": "explain", "quote": "source", "document": "document", "plan": "plan_name",
             "section": "section"}
DATA_KEYS = {"plan_id": "plan"}
YES_NO_KEYS = ("actual", "target_value", "expected")
RECORD_KEYS = [k for k, _ in COLUMNS + ID_COLUMNS] + ["explain", "quote", "document"]


def values(row: Row, keys: list[str], rank: dict[int, int] | None = None) -> list[Any]:
    """Those flat columns of one row; numbers exactly as in JSON, words in the reader's language;
    ``rank``: id(row) → its place in the attention list."""
    d = row.data
    yes_no = row.labels.yes_no and row.draw == "check"  # a milestone's 1/0 reads 是/否, as everywhere else
    out = []
    for k in keys:
        if k == "attention":
            out.append((rank or {}).get(id(row)))
        elif k in ROW_WORDS:
            out.append(getattr(row, ROW_WORDS[k]))
        elif yes_no and k in YES_NO_KEYS and d.get(k) is not None:
            out.append(value_text(d[k], "", True, row.labels.lang))
        else:
            out.append(d.get(DATA_KEYS.get(k, k)))
    return out


def record(row: Row, rank: dict[int, int] | None = None) -> dict[str, Any]:
    """Every flat column of one row."""
    return dict(zip(RECORD_KEYS, values(row, RECORD_KEYS, rank)))
