"""The catalog: indicators/ YAML → validated, frozen definitions.

A catalog folder holds one YAML file per policy document (a *plan*: its
targets, and indicators only it uses) plus files that hold only shared
indicators. Documents themselves may sit in ``sources/`` beside the YAML so
that every quote can be checked verbatim (see ``check_quotes``).

The definitions are plain frozen dataclasses, so that a cached catalog loads
without importing pydantic or yaml (``rhcalc score`` pays for neither when the
catalog has not changed). pydantic validates them at the boundary only, in
``catalog.load``; unknown keys are errors there because a misspelt
``deadlin:`` would otherwise silently drop a deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from rhcalc.common.errors import RhcalcError
from rhcalc.common.text import name_key

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# pydantic reads this from each dataclass when it validates one (catalog.load).
_STRICT_KEYS = {"extra": "forbid"}


def _check_id(value: str) -> None:
    if not ID_PATTERN.match(value):
        raise ValueError(f"id {value!r} must be ASCII lower case, digits and _ (starting with a letter)")


class CatalogError(RhcalcError):
    """The catalog cannot be used; each problem names the YAML file and the entry (its key)."""


class IndicatorType(str, Enum):
    count = "count"  # 场, 人, 所, 家, 次: summed over periods and districts
    rate = "rate"  # numerator / denominator × factor
    yes_no = "yes_no"  # a milestone done or not (是/否)
    rank = "rank"  # a position among peers, 1 = first
    score = "score"  # an index or level that is neither summed nor a ratio


class Aggregation(str, Enum):
    sum = "sum"  # counts: add districts and non-overlapping periods
    ratio = "ratio"  # rates: add numerators and denominators, then divide
    all = "all"  # yes/no: done when every unit has done it
    any = "any"  # yes/no: done when some unit has done it
    latest = "latest"  # levels and indices: the latest period's value


class Kind(str, Enum):
    at_least = "at_least"
    at_most = "at_most"
    coverage = "coverage"
    per_period = "per_period"
    trend_down = "trend_down"
    trend_up = "trend_up"
    milestone = "milestone"
    rank = "rank"
    monitor = "monitor"


class Level(str, Enum):
    national = "national"
    province = "province"
    city = "city"
    district = "district"
    institution = "institution"


class Frequency(str, Enum):
    month = "month"
    bimonth = "bimonth"
    quarter = "quarter"
    half_year = "half_year"
    year = "year"

    @property
    def months(self) -> int:
        return _MONTHS[self]


_MONTHS = {Frequency.month: 1, Frequency.bimonth: 2, Frequency.quarter: 3, Frequency.half_year: 6, Frequency.year: 12}


# The target model: what is measured, the test, when it must hold, the pace before the deadline.
# ``kind`` stays the readable summary and sets the defaults (catalog/rules.py); a target may state
# any of these four itself where its document means something else than its kind's default.
class Measure(str, Enum):
    total = "total"  # a count summed over the window (or over one period of an every_period target)
    level = "level"  # a value read at a period: rates, stocks, indices
    done = "done"  # 是/否
    units = "units"  # the share of a city's units answering 是
    position = "position"  # a rank among peers, 1 = first


class Test(str, Enum):
    at_least = "at_least"
    at_most = "at_most"
    down = "down"
    up = "up"
    rank = "rank"
    done = "done"
    none = "none"  # monitor: reported, never judged


class Holds(str, Enum):
    by_deadline = "by_deadline"  # judged once, against the deadline; the pace decides before it
    every_period = "every_period"  # each period of ``frequency`` in the window on its own
    every_step = "every_step"  # 逐年/持续/不断: every year-on-year step in the window goes the right way


class Pace(str, Enum):
    linear = "linear"  # a total builds up: N × the elapsed share of the window is expected by now
    level = "level"  # the level itself is expected now
    projection = "projection"  # where the current pace leads by the deadline decides
    none = "none"  # 适时, milestones: nothing is expected before the deadline


class Compare(str, Enum):
    year_on_year = "year_on_year"  # the same period a year earlier (seasons cancel out)
    previous = "previous"  # the period just before, of the same length
    baseline = "baseline"  # the target's stated baseline only
    since_start = "since_start"  # the figure the window started from (提高 over a ten-year plan)


@dataclass(frozen=True, kw_only=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit: str
    type: IndicatorType
    numerator: str | None = None
    denominator: str | None = None
    factor: float | None = None
    aggregate: Aggregation | None = None
    aliases: tuple[str, ...] = ()
    hint_zh: str | None = None
    hint_en: str | None = None
    max: float | None = None  # largest possible value, e.g. 100 for a share in %
    __pydantic_config__ = _STRICT_KEYS

    def __post_init__(self) -> None:
        _check_id(self.id)
        if self.type is IndicatorType.rate:
            missing = [k for k in ("numerator", "denominator", "factor") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"a rate needs {', '.join(missing)}")

    @property
    def aggregation(self) -> Aggregation:
        if self.aggregate is not None:
            return self.aggregate
        return {
            IndicatorType.count: Aggregation.sum,
            IndicatorType.rate: Aggregation.ratio,
            IndicatorType.yes_no: Aggregation.all,
        }.get(self.type, Aggregation.latest)

    @property
    def cumulative(self) -> bool:
        """Counts build up over a window, so progress can be pro-rated."""
        return self.aggregation is Aggregation.sum

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True, kw_only=True)
class Source:
    quote: str
    document: str | None = None  # seed file name; defaults to the plan's
    __pydantic_config__ = _STRICT_KEYS


@dataclass(frozen=True, kw_only=True)
class ThresholdSource:
    """Where a number rhcalc supplies comes from: the document (and clause) it is read from."""

    document: str  # e.g. 中国儿童发展纲要（2021—2030年）
    clause: str  # the words that set the number, e.g. 新生儿遗传代谢性疾病筛查率达到98%以上
    note: str | None = None  # why this number stands in for the document's words
    __pydantic_config__ = _STRICT_KEYS


@dataclass(frozen=True, kw_only=True)
class Target:
    id: str
    indicator: str
    kind: Kind
    source: Source
    plan: str | None = None  # defaults to the plan of the file
    value: float | None = None
    unit: str | None = None
    level: Level | None = None  # defaults to the plan's level
    start: dt.date | None = None  # defaults to the plan's start
    deadline: dt.date | None = None  # defaults to the plan's end
    frequency: Frequency | None = None
    baseline: float | None = None
    baseline_period: str | None = None
    threshold: float | None = None  # rhcalc's reading of a limit the document leaves open
    threshold_source: ThresholdSource | None = None  # required with a threshold
    # The rule, stated or filled in from the kind's defaults when the catalog is loaded.
    measure: Measure | None = None
    test: Test | None = None
    holds: Holds | None = None
    pace: Pace | None = None
    compare: Compare | None = None
    title_zh: str | None = None
    title_en: str | None = None
    review: str | None = None  # a reviewer's note: what the reading is unsure of, and why
    __pydantic_config__ = _STRICT_KEYS

    def __post_init__(self) -> None:
        _check_id(self.id)
        if self.kind in (Kind.at_least, Kind.at_most) and self.value is None and self.threshold is None:
            raise ValueError(f"kind {self.kind.value} needs a value or a threshold")
        if self.kind is Kind.per_period and self.frequency is None:
            raise ValueError("kind per_period needs a frequency")
        if self.threshold is not None and self.threshold_source is None:
            raise ValueError("a threshold needs its threshold_source (document and clause)")
        if self.threshold is not None and self.value is not None:
            raise ValueError("value is the document's number and threshold rhcalc's: give one of them")

    @property
    def limit(self) -> float | None:
        """The number attainment is measured against: the document's, else rhcalc's threshold."""
        return self.value if self.value is not None else self.threshold

    def title(self, lang: str) -> str | None:
        return self.title_en if lang == "en" else self.title_zh


@dataclass(frozen=True, kw_only=True)
class Plan:
    id: str
    name_zh: str
    name_en: str
    issuer: str
    document: str
    issued: dt.date | None = None
    jurisdiction: str  # 北京市, 乐清市, 全国 …
    level: Level
    start: dt.date
    end: dt.date
    units: tuple[str, ...] = ()  # the units that report to it (Beijing's 16 districts)
    any_unit: bool = False  # national projects: any province or city may report
    __pydantic_config__ = _STRICT_KEYS

    def __post_init__(self) -> None:
        _check_id(self.id)
        if any(not u.strip() for u in self.units):
            raise ValueError("a unit name is blank")

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    @property
    def unit_names(self) -> tuple[str, ...]:
        """Who reports to the plan by name: its jurisdiction, then its units."""
        return (self.jurisdiction, *self.units)


@dataclass(frozen=True)
class Catalog:
    folder: Path
    plans: dict[str, Plan]
    indicators: dict[str, Indicator]
    targets: tuple[Target, ...]
    fingerprint: str
    files: dict[str, str] = field(default_factory=dict)  # target/indicator id → YAML file
    _names: dict[str, str] = field(default_factory=dict)

    def targets_of(self, plan_id: str) -> list[Target]:
        return [t for t in self.targets if t.plan == plan_id]

    def unit_names(self, listed_only: bool = False) -> frozenset[str]:
        """Every district or unit a plan names (its jurisdiction and units); ``listed_only``: only the
        plans that list who reports to them, not those any unit may report to (``any_unit``)."""
        return frozenset(u for p in self.plans.values() if not (listed_only and p.any_unit) for u in p.unit_names)

    def resolve_indicator(self, text: str) -> str | None:
        """An indicator id from its id, Chinese or English name or an alias."""
        return self._names.get(name_key(text))
