"""The catalog: indicators/ YAML → validated, frozen definitions.

A catalog folder holds one YAML file per policy document (a *plan*: its
targets, and indicators only it uses) plus files that hold only shared
indicators. Documents themselves may sit in ``sources/`` beside the YAML so
that every quote can be checked verbatim (see ``check_quotes``).

pydantic validates at this boundary only; the rest of rhcalc reads the frozen
models. Unknown keys are errors because a misspelt ``deadlin:`` would
otherwise silently drop a deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


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


FACTORS = {"%": 100, "‰": 1000, "1/万": 10_000, "1/10万": 100_000}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Model):
    id: str = Field(pattern=ID_PATTERN)
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

    @model_validator(mode="after")
    def _rate_parts(self) -> "Indicator":
        if self.type is IndicatorType.rate:
            missing = [k for k in ("numerator", "denominator", "factor") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"a rate needs {', '.join(missing)}")
        return self

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


class Source(_Model):
    document: str | None = None  # seed file name; defaults to the plan's
    quote: str


class Target(_Model):
    id: str = Field(pattern=ID_PATTERN)
    plan: str | None = None  # defaults to the plan of the file
    indicator: str
    kind: Kind
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
    source: Source

    @model_validator(mode="after")
    def _kind_needs(self) -> "Target":
        if self.kind is Kind.at_least and self.value is None:
            raise ValueError("kind at_least needs a value")
        if self.kind is Kind.per_period and self.frequency is None:
            raise ValueError("kind per_period needs a frequency")
        if self.kind is Kind.at_most and self.value is None and self.threshold is None:
            raise ValueError("kind at_most needs a value or a threshold")
        return self

    @property
    def limit(self) -> float | None:
        """The number attainment is measured against: the document's, else rhcalc's threshold."""
        return self.value if self.value is not None else self.threshold

    def title(self, lang: str) -> str | None:
        return self.title_en if lang == "en" else self.title_zh


class Plan(_Model):
    id: str = Field(pattern=ID_PATTERN)
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

    @field_validator("units")
    @classmethod
    def _no_blank_units(cls, units: tuple[str, ...]) -> tuple[str, ...]:
        if any(not u.strip() for u in units):
            raise ValueError("a unit name is blank")
        return units


class _PlanFile(_Model):
    plan: Plan | None = None
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()


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
    """The bundled catalog: indicators/ at the root of the source tree."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "indicators"
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    raise CatalogError([f"the bundled catalog folder indicators/ was not found above {here.parent}"])


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read and validate every ``*.yaml`` in ``folder``; raise CatalogError listing every fault."""
    folder = Path(folder) if folder else default_folder()
    if not folder.is_dir():
        raise CatalogError([f"{folder}: not a folder"])
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise CatalogError([f"{folder}: no *.yaml files"])
    digest = hashlib.sha256()
    parsed: list[tuple[str, _PlanFile]] = []
    errors: list[str] = []
    for path in files:
        raw_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw_bytes)
        data, err = _parse_yaml(path, raw_bytes)
        if err:
            errors.append(err)
            continue
        try:
            parsed.append((path.name, _PlanFile.model_validate(data)))
        except ValidationError as exc:
            errors.extend(_describe(path.name, data, exc))
    catalog = _assemble(folder, parsed, digest.hexdigest()[:16], errors)
    if errors:
        raise CatalogError(errors)
    return catalog


def _parse_yaml(path: Path, raw: bytes) -> tuple[Any, str | None]:
    import yaml

    # libyaml's C loader is ~10× faster than the pure-Python one; the catalog is read on every run.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except UnicodeDecodeError as exc:
        return None, f"{path.name}: not UTF-8 ({exc.reason} at byte {exc.start})"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        return None, f"{path.name}{where}: not valid YAML ({getattr(exc, 'problem', exc)})"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, f"{path.name}: the top level must be a mapping with plan/indicators/targets"
    return data, None


def _describe(file: str, data: Any, exc: ValidationError) -> list[str]:
    """pydantic's locations → 'file: targets[3] (id bj_x).kind: …' that a catalog editor can find."""
    out = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = file + ": "
        if len(loc) >= 2 and isinstance(loc[1], int):
            section, index = loc[0], loc[1]
            entry = (data.get(section) or [None] * (index + 1))[index] if isinstance(data, dict) else None
            ident = entry.get("id") if isinstance(entry, dict) else None
            where += f"{section}[{index}]" + (f" (id {ident})" if ident else "")
            rest = loc[2:]
        else:
            rest = loc
        if rest:
            where += "." + ".".join(str(p) for p in rest)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        out.append(f"{where}: {msg}")
    return out


def _assemble(folder: Path, parsed: list[tuple[str, _PlanFile]], fingerprint: str, errors: list[str]) -> Catalog:
    plans: dict[str, Plan] = {}
    indicators: dict[str, Indicator] = {}
    targets: list[Target] = []
    files: dict[str, str] = {}
    for name, pf in parsed:
        if pf.plan:
            if pf.plan.id in plans:
                errors.append(f"{name}: plan {pf.plan.id} is already defined in {files['plan:' + pf.plan.id]}")
            plans[pf.plan.id] = pf.plan
            files["plan:" + pf.plan.id] = name
        for ind in pf.indicators:
            if ind.id in indicators:
                errors.append(f"{name}: indicator {ind.id} is already defined in {files['indicator:' + ind.id]}")
            indicators[ind.id] = ind
            files["indicator:" + ind.id] = name
    seen: dict[str, str] = {}
    for name, pf in parsed:
        for t in pf.targets:
            plan_id = t.plan or (pf.plan.id if pf.plan else None)
            plan = plans.get(plan_id or "")
            where = f"{name}: target {t.id}"
            if plan is None:
                errors.append(f"{where}: plan {plan_id!r} does not exist" if plan_id else f"{where}: no plan (add plan: or a plan section)")
                continue
            if t.id in seen:
                errors.append(f"{where}: duplicate id (also in {seen[t.id]})")
            seen[t.id] = name
            ind = indicators.get(t.indicator)
            if ind is None:
                errors.append(f"{where}: indicator {t.indicator!r} does not exist")
                continue
            if t.kind is Kind.per_period and t.value is None and ind.type is not IndicatorType.yes_no:
                # “每季度开展评审” without a number is one 是 per period; a count needs the document's N.
                errors.append(f"{where}: per_period needs a value unless its indicator is yes_no")
            if t.kind is Kind.milestone and ind.type is not IndicatorType.yes_no:
                errors.append(f"{where}: a milestone needs a yes_no indicator, {ind.id} is {ind.type.value}")
            if t.kind is not Kind.monitor and t.unit and t.unit != ind.unit:
                errors.append(f"{where}: unit {t.unit!r} differs from indicator {ind.id}'s {ind.unit!r}")
            filled = t.model_copy(
                update={
                    "plan": plan.id,
                    "unit": t.unit or ind.unit,
                    "level": t.level or plan.level,
                    "start": t.start or plan.start,
                    "deadline": t.deadline or plan.end,
                    "source": t.source.model_copy(update={"document": t.source.document or plan.document}),
                }
            )
            if filled.start and filled.deadline and filled.start > filled.deadline:
                errors.append(f"{where}: start {filled.start} is after deadline {filled.deadline}")
            targets.append(filled)
            files["target:" + t.id] = name
    names: dict[str, str] = {}
    for ind in indicators.values():
        for text in (ind.id, ind.name_zh, ind.name_en, *ind.aliases):
            key = _name_key(text)
            other = names.get(key)
            if other and other != ind.id:
                errors.append(f"{files['indicator:' + ind.id]}: indicator {ind.id}: name or alias {text!r} is also used by {other}")
            names[key] = ind.id
    return Catalog(folder, plans, indicators, tuple(targets), fingerprint, files, names)
