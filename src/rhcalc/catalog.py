"""The catalog: indicators/ YAML → validated, frozen definitions.

A catalog folder holds one YAML file per policy document (a *plan*: its
targets, and indicators only it uses) plus files that hold only shared
indicators. Documents themselves may sit in ``sources/`` beside the YAML so
that every quote can be checked verbatim (see ``check_quotes``).

The definitions are plain frozen dataclasses, so that a cached catalog loads
without importing pydantic or yaml (``rhcalc score`` pays for neither when the
catalog has not changed). pydantic validates them at the boundary only, in
``catalog_load``; unknown keys are errors there because a misspelt
``deadlin:`` would otherwise silently drop a deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# pydantic reads this from each dataclass when it validates one (catalog_load).
_STRICT_KEYS = {"extra": "forbid"}


def _check_id(value: str) -> None:
    if not ID_PATTERN.match(value):
        raise ValueError(f"id {value!r} must be ASCII lower case, digits and _ (starting with a letter)")


class CatalogError(Exception):
    """The catalog cannot be used; ``errors`` names file and entry for each reason."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


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
    title_zh: str | None = None
    title_en: str | None = None
    __pydantic_config__ = _STRICT_KEYS

    def __post_init__(self) -> None:
        _check_id(self.id)
        if self.kind is Kind.at_least and self.value is None:
            raise ValueError("kind at_least needs a value")
        if self.kind is Kind.per_period and self.frequency is None:
            raise ValueError("kind per_period needs a frequency")
        if self.kind is Kind.at_most and self.value is None and self.threshold is None:
            raise ValueError("kind at_most needs a value or a threshold")

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

    def resolve_indicator(self, text: str) -> str | None:
        """An indicator id from its id, Chinese or English name or an alias."""
        return self._names.get(_name_key(text))


def _name_key(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s_（）()]+", "", text).lower()


def default_folder() -> Path:
    """The bundled catalog: the package rhcalc.indicators (indicators/ of the repository, pyproject.toml)."""
    from importlib.resources import files

    try:
        folder = files("rhcalc.indicators")
    except ModuleNotFoundError:
        # An editable install made before the catalog became a package maps only src/.
        raise CatalogError(["the bundled catalog (package rhcalc.indicators) is not installed; install rhcalc again "
                            "(in a clone: pip install -e .), or name a catalog folder with --catalog"]) from None
    # Installed from a wheel or editable, the package is a folder on disk: a Path, as the loader and
    # the catalog cache need. Only a zipped install (which pip never makes) would give anything else.
    if not isinstance(folder, Path):
        raise CatalogError([f"the bundled catalog is not a folder on disk ({folder}); name one with --catalog"])
    return folder


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read and validate a catalog folder (cached by content); CatalogError lists every fault."""
    from rhcalc.catalog_load import load_cached

    return load_cached(Path(folder) if folder else default_folder())
