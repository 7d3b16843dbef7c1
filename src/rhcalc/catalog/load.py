"""A catalog folder → a validated Catalog, cached by content.

YAML parsing and pydantic validation cost more than everything else a one-file ``rhcalc score``
does, and the catalog rarely changes: the validated Catalog is pickled under the user's cache
folder, keyed by a hash of every YAML file and of the code that defines it, so any edit to either
invalidates it. ``RHCALC_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rhcalc.catalog.model import (
    Catalog,
    CatalogError,
    Indicator,
    IndicatorType,
    Kind,
    Plan,
    Target,
)
from rhcalc.catalog.rules import fill_rule, rule_faults
from rhcalc.common.problems import Location, Problem
from rhcalc.common.text import name_key


@dataclass(frozen=True)
class _PlanFile:
    plan: Plan | None = None
    indicators: tuple[Indicator, ...] = ()
    targets: tuple[Target, ...] = ()
    __pydantic_config__ = {"extra": "forbid"}


def default_folder() -> Path:
    """The bundled catalog: the package rhcalc.indicators (indicators/ of the repository, pyproject.toml)."""
    from importlib.resources import files

    try:
        folder = files("rhcalc.indicators")
    except ModuleNotFoundError:
        # An editable install made before the catalog became a package maps only src/.
        raise CatalogError.at("catalog-not-installed", "rhcalc.indicators") from None
    # Installed from a wheel or editable, the package is a folder on disk: a Path, as the loader and
    # the catalog cache need. Only a zipped install (which pip never makes) would give anything else.
    if not isinstance(folder, Path):
        raise CatalogError.at("catalog-not-a-folder", str(folder))
    return folder


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read and validate a catalog folder (cached by content); CatalogError holds every fault."""
    return load_cached(Path(folder) if folder else default_folder())


def load_cached(folder: Path) -> Catalog:
    if not folder.is_dir():
        raise CatalogError.at("catalog-not-a-folder", str(folder))
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise CatalogError.at("catalog-no-yaml", str(folder))
    contents = [(p.name, p.read_bytes()) for p in files]
    digest = hashlib.sha256(_code_fingerprint().encode())
    for name, raw in contents:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    fingerprint = digest.hexdigest()[:16]
    return _load_memo(str(folder.resolve()), fingerprint, tuple(contents))


@lru_cache(maxsize=8)
def _load_memo(folder: str, fingerprint: str, contents: tuple[tuple[str, bytes], ...]) -> Catalog:
    """Once per process and fingerprint (a batch worker loads it once); else from disk cache."""
    cache = _cache_file(fingerprint)
    if cache is not None and cache.is_file():
        try:
            with open(cache, "rb") as fh:
                catalog = pickle.load(fh)
            if isinstance(catalog, Catalog) and catalog.fingerprint == fingerprint:
                return dataclasses.replace(catalog, folder=Path(folder))
        except Exception:  # noqa: BLE001 - a stale or broken cache is simply rebuilt
            pass
    catalog = _validate(Path(folder), contents, fingerprint)
    if cache is not None:
        _store(cache, catalog)
    return catalog


def _code_fingerprint() -> str:
    """The definitions' source: a changed dataclass must not unpickle old objects, nor a changed
    name key (common/text.py) leave the index of indicator names as the old one built it."""
    here = Path(__file__).resolve().parent
    sources = [here / "model.py", here / "load.py", here / "rules.py", here.parent / "common" / "text.py"]
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


def _cache_file(fingerprint: str) -> Path | None:
    if os.environ.get("RHCALC_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rhcalc"
    return base / f"catalog-{fingerprint}.pickle"


def _store(path: Path, catalog: Catalog) -> None:
    try:
        from rhcalc.common.output import write_atomic

        write_atomic(path, pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
        # Each edit of a catalog leaves a pickle behind: keep the few most recent.
        old = sorted(path.parent.glob("catalog-*.pickle"), key=lambda p: p.stat().st_mtime)[:-8]
        for stale in old:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home (a locked-down server) only costs speed


def _validate(folder: Path, contents: tuple[tuple[str, bytes], ...], fingerprint: str) -> Catalog:
    from pydantic import TypeAdapter, ValidationError

    adapter = TypeAdapter(_PlanFile)
    parsed: list[tuple[str, _PlanFile]] = []
    errors: list[Problem] = []
    for name, raw in contents:
        data, err = _parse_yaml(name, raw)
        if err:
            errors.append(err)
            continue
        try:
            parsed.append((name, adapter.validate_python(data)))
        except ValidationError as exc:
            errors.extend(_describe(name, data, exc.errors()))
    catalog = _assemble(folder, parsed, fingerprint, errors)
    if errors:
        raise CatalogError(errors)
    return catalog


def _parse_yaml(name: str, raw: bytes) -> tuple[Any, Problem | None]:
    import yaml

    # libyaml's C loader is ~10× faster than the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except UnicodeDecodeError as exc:
        return None, Problem("catalog-not-utf8", Location(name), {"reason": exc.reason, "byte": exc.start})
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(name, row=mark.line + 1 if mark else None)
        return None, Problem("catalog-bad-yaml", where, {"reason": str(getattr(exc, "problem", exc))})
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, Problem("catalog-not-a-mapping", Location(name))
    return data, None


_CODES = {"extra_forbidden": "catalog-unknown-key", "unexpected_keyword_argument": "catalog-unknown-key",
          "missing": "catalog-missing-key", "missing_argument": "catalog-missing-key"}


def _describe(file: str, data: Any, errors: list[dict[str, Any]]) -> list[Problem]:
    """pydantic's locations → the key a catalog editor can find: targets[3] (id bj_x).kind."""
    out = []
    for err in errors:
        loc = list(err["loc"])
        key = ""
        if len(loc) >= 2 and isinstance(loc[1], int):
            section, index = loc[0], loc[1]
            entries = data.get(section) if isinstance(data, dict) else None
            entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
            ident = entry.get("id") if isinstance(entry, dict) else None
            key = f"{section}[{index}]" + (f" (id {ident})" if ident else "")
            loc = loc[2:]
        key = ".".join([key, *map(str, loc)] if key else map(str, loc))
        code = _CODES.get(err["type"], "catalog-invalid")
        out.append(Problem(code, Location(file, key=key or None), {"reason": err["msg"]} if code == "catalog-invalid" else {}))
    return out


def _assemble(folder: Path, parsed: list[tuple[str, _PlanFile]], fingerprint: str, errors: list[Problem]) -> Catalog:
    plans, indicators, files = _definitions(parsed, errors)
    targets = _filled_targets(parsed, plans, indicators, files, errors)
    names = _name_index(indicators, files, errors)
    return Catalog(folder, plans, indicators, tuple(targets), fingerprint, files, names)


def _fault(file: str, key: str, code: str, **params: Any) -> Problem:
    return Problem(code, Location(file, key=key), params)


def _definitions(parsed: list[tuple[str, _PlanFile]], errors: list[Problem]) -> tuple[dict[str, Plan], dict[str, Indicator], dict[str, str]]:
    plans: dict[str, Plan] = {}
    indicators: dict[str, Indicator] = {}
    files: dict[str, str] = {}
    for name, pf in parsed:
        for kind, entry, known in ([("plan", pf.plan, plans)] if pf.plan else []) + [("indicator", i, indicators) for i in pf.indicators]:
            if entry.id in known:
                errors.append(_fault(name, f"{kind} {entry.id}", "catalog-duplicate", kind=kind, id=entry.id,
                                     other=files[f"{kind}:{entry.id}"]))
            known[entry.id] = entry
            files[f"{kind}:{entry.id}"] = name
    return plans, indicators, files


def _filled_targets(parsed: list[tuple[str, _PlanFile]], plans: dict[str, Plan], indicators: dict[str, Indicator],
                    files: dict[str, str], errors: list[Problem]) -> list[Target]:
    """Targets with the plan's defaults filled in and their references checked."""
    targets: list[Target] = []
    seen: dict[str, str] = {}
    for name, pf in parsed:
        for t in pf.targets:
            plan_id = t.plan or (pf.plan.id if pf.plan else None)
            plan = plans.get(plan_id or "")
            key = f"target {t.id}"
            if plan is None:
                errors.append(_fault(name, key, "catalog-unknown-plan", value=plan_id) if plan_id else _fault(name, key, "catalog-no-plan"))
                continue
            if t.id in seen:
                errors.append(_fault(name, key, "catalog-duplicate", kind="target", id=t.id, other=seen[t.id]))
            seen[t.id] = name
            ind = indicators.get(t.indicator)
            if ind is None:
                errors.append(_fault(name, key, "catalog-unknown-indicator", value=t.indicator))
                continue
            filled = _filled(t, plan, ind)
            faults = _kind_fits(t, ind) + _window(filled) + rule_faults(filled, ind)
            errors.extend(_fault(name, key, "catalog-rule", reason=fault) for fault in faults)
            targets.append(filled)
            files["target:" + t.id] = name
    return targets


def _filled(t: Target, plan: Plan, ind: Indicator) -> Target:
    """The target with its plan's and indicator's defaults and its rule filled in."""
    filled = dataclasses.replace(
        t, plan=plan.id, unit=t.unit or ind.unit, level=t.level or plan.level, start=t.start or plan.start,
        deadline=t.deadline or plan.end, source=dataclasses.replace(t.source, document=t.source.document or plan.document),
    )
    return fill_rule(filled, ind)


def _window(t: Target) -> list[str]:
    if t.start and t.deadline and t.start > t.deadline:
        return [f"start {t.start} is after deadline {t.deadline}"]
    return []


def _kind_fits(t: Target, ind: Indicator) -> list[str]:
    errors = []
    if t.kind is Kind.per_period and t.limit is None and ind.type is not IndicatorType.yes_no:
        # “每季度开展评审” without a number is one 是 per period; a count needs the document's N.
        errors.append("per_period needs a value (or a threshold) unless its indicator is yes_no")
    if t.kind is not Kind.monitor and t.unit and t.unit != ind.unit:
        errors.append(f"unit {t.unit!r} differs from indicator {ind.id}'s {ind.unit!r}")
    return errors


def _name_index(indicators: dict[str, Indicator], files: dict[str, str], errors: list[Problem]) -> dict[str, str]:
    """Every way a submission may name an indicator → its id; a name used twice is an error."""
    names: dict[str, str] = {}
    for ind in indicators.values():
        for text in (ind.id, ind.name_zh, ind.name_en, *ind.aliases):
            key = name_key(text)
            other = names.get(key)
            if other and other != ind.id:
                errors.append(_fault(files["indicator:" + ind.id], f"indicator {ind.id}", "catalog-name-clash", value=text, other=other))
            names[key] = ind.id
    return names
