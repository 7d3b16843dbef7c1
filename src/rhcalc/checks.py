"""Checks on tidy submission rows: each yields problems, and rows that cannot be used are dropped.

Rates are settled here too: when numerator and denominator are given, the value is recomputed
from them (the figure a statistician trusts), and a typed value that disagrees is reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rhcalc.catalog.model import Catalog, IndicatorType
from rhcalc.common.frames import row_dicts
from rhcalc.common.problems import Location, Problem, number_text

if TYPE_CHECKING:
    import pandas as pd

KEY = ["district", "period", "indicator"]
# A typed rate may be rounded to one decimal: differences under this share are not reported.
RATE_TOLERANCE = 0.01


def check_rows(rows: Iterable[dict[str, Any]], catalog: Catalog) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Each row on its own: the rows that can be used (rates settled, in place) and the problems.

    Rows as the loader gives them or as the frame holds them: a missing figure (None) becomes NaN,
    as in the frame. Needs no other row, so it runs file by file where each file is read (rhcalc.pipeline);
    ``check_across`` then looks at all rows together.
    """
    problems: list[Problem] = []
    kept: list[dict[str, Any]] = []
    for row in rows:
        for figure in _FIGURES:
            if row[figure] is None:
                row[figure] = NAN
        ind = catalog.indicators[row["indicator"]]
        where = _where(row)
        if ind.type is IndicatorType.count and row["value"] < 0:
            problems.append(Problem("negative-count", where, {"value": number_text(row["value"])}))
            continue
        row_value = row["value"]
        if ind.type is IndicatorType.rate:
            row_value = _settle_rate(row, ind, where, problems)
            if row_value is _BAD:
                continue
            row["value"] = row_value
        if ind.max is not None and row_value == row_value and row_value is not None and row_value > ind.max:
            problems.append(Problem("rate-above-max", where, {"value": number_text(row_value), "max": number_text(ind.max)}))
            continue
        if isinstance(row["unit"], str) and row["unit"] and not _same_unit(row["unit"], ind.unit):
            problems.append(Problem("unit-mismatch", _cell_where(row, "unit", where), {"value": row["unit"], "expected": ind.unit}))
        kept.append(row)
    return kept, problems


def check_across(frame: "pd.DataFrame", catalog: Catalog) -> tuple["pd.DataFrame", list[Problem]]:
    """What needs all rows at once: the same cell reported twice, districts no plan knows."""
    if frame.empty:
        return frame, []
    frame, problems = _drop_conflicting_duplicates(frame)
    unknown = _unknown_districts(frame, catalog)
    if unknown:  # an error: the rows are not used, and a misspelt 海定区 gets no report of its own
        frame = frame[~frame["district"].isin({p.params["value"] for p in unknown})]
    problems.extend(unknown)
    problems.extend(_rates_without_parts(frame, catalog))
    return frame.reset_index(drop=True), problems


_BAD = object()
_FIGURES = ("value", "numerator", "denominator")
NAN = float("nan")


_ROLLED_UP: dict[str, dict[tuple[str, str], str]] = {}


def rolled_up_rates(catalog: Catalog) -> dict[tuple[str, str], str]:
    """(unit, rate indicator) → the plan that adds that unit's rate up to a city rate.

    Worked out once per catalog: a batch checks 300,000 rows against it.
    """
    known = _ROLLED_UP.get(catalog.fingerprint)
    if known is not None:
        return known
    out: dict[tuple[str, str], str] = {}
    for t in catalog.targets:
        plan = catalog.plans[t.plan or ""]
        ind = catalog.indicators[t.indicator]
        if ind.type is IndicatorType.rate and t.level == plan.level and plan.units:
            for unit in plan.units:
                out.setdefault((unit, ind.id), plan.name_zh)
    _ROLLED_UP[catalog.fingerprint] = out
    return out


def _rates_without_parts(frame: "pd.DataFrame", catalog: Catalog) -> list[Problem]:
    """A rate typed as a value only (the form allows it) where the units' rates are summed into a city
    rate: that row cannot count toward it. Only where a roll-up happens: two or more of the plan's
    units report the indicator for the period."""
    rolled_up = rolled_up_rates(catalog)
    if not rolled_up:
        return []
    reporters: dict[tuple[str, str, str], set[str]] = {}
    for district, indicator, period in zip(frame["district"].tolist(), frame["indicator"].tolist(), frame["period"].tolist()):
        plan = rolled_up.get((district, indicator))
        if plan is not None:
            reporters.setdefault((plan, indicator, period), set()).add(district)
    problems = []
    for row in row_dicts(frame[frame["numerator"].isna() | frame["denominator"].isna()]):
        plan = rolled_up.get((row["district"], row["indicator"]))
        if plan is None or row["value"] != row["value"] or len(reporters[(plan, row["indicator"], row["period"])]) < 2:
            continue
        problems.append(Problem("rate-without-parts", _where(row), {"value": number_text(row["value"]), "plan": plan}))
    return problems


def _settle_rate(row: dict[str, Any], ind, where: Location, problems: list[Problem]):  # type: ignore[no-untyped-def]
    num, den, value = row["numerator"], row["denominator"], row["value"]
    has_parts = num == num and den == den  # NaN-safe “both present”
    if not has_parts:
        return value
    if num < 0 or den < 0:
        problems.append(Problem("negative-count", where, {"value": number_text(min(num, den))}))
        return _BAD
    if den == 0:
        problems.append(Problem("zero-denominator", where))
        return float("nan")
    if num > den:
        problems.append(Problem("numerator-above-denominator", _numerator_where(row, where), {"numerator": number_text(num), "denominator": number_text(den)}))
        return _BAD
    computed = num / den * ind.factor
    if value == value and abs(value - computed) > max(RATE_TOLERANCE * abs(computed), 0.05):
        problems.append(Problem("value-mismatch", where, {"value": number_text(value), "computed": number_text(round(computed, 2))}))
    return computed


def _drop_conflicting_duplicates(frame: "pd.DataFrame") -> tuple["pd.DataFrame", list[Problem]]:
    """The same cell twice: identical figures are one report; different ones are never summed."""
    problems: list[Problem] = []
    dup = frame[frame.duplicated(KEY, keep=False)]
    drop: list[int] = []
    for _, group in dup.groupby(KEY, sort=False):
        values = group[["value", "numerator", "denominator"]].drop_duplicates()
        if len(values) == 1:
            drop.extend(group.index[1:])
            continue
        first = group.iloc[0]
        for idx, row in group.iloc[1:].iterrows():
            problems.append(Problem("duplicate-row", _where(row), {"other_row": int(first["_row"])}))
        drop.extend(group.index)
    return frame.drop(index=drop), problems


def _unknown_districts(frame: "pd.DataFrame", catalog: Catalog) -> list[Problem]:
    """A district that no plan scoring its indicators knows: most often a typo (西城 for 西城区)."""
    known = catalog.unit_names()
    open_plans = [p for p in catalog.plans.values() if p.any_unit]
    problems = []
    for district, group in frame.groupby("district", sort=False):
        if district in known:
            continue
        indicators = set(group["indicator"])
        if any(_plan_uses(catalog, p.id, indicators) for p in open_plans):
            continue
        first = group.iloc[0]
        close = difflib.get_close_matches(str(district), sorted(known), n=1, cutoff=0.5)
        plans = "、".join(sorted({p.name_zh for p in catalog.plans.values() if p.units})) or "目录"
        problems.append(Problem("unknown-district", _district_where(first),
                                {"value": district, "plan": plans, "suggestion": close[0] if close else ""}))
    return problems


def _plan_uses(catalog: Catalog, plan_id: str, indicators: set[str]) -> bool:
    return any(t.indicator in indicators for t in catalog.targets_of(plan_id))


def _where(row: "pd.Series | dict[str, Any]", column: str | None = None) -> Location:
    if column is not None:  # a problem with another cell of the row than its figure (the district)
        return Location(row["_file"], _text(row["_sheet"]), int(row["_row"]), column)
    letter = row.get("_letter")
    return Location(row["_file"], _text(row["_sheet"]), int(row["_row"]), _text(row["_column"]), _text(letter))


def _text(value: Any) -> str | None:
    """A text column of the frame; pandas turns an all-None column (the sheet of a CSV) into NaN."""
    return value if isinstance(value, str) else None


def _numerator_where(row: dict[str, Any], fallback: Location) -> Location:
    """The numerator's own cell: that is the figure to look at when it exceeds its denominator."""
    return _cell_where(row, "numerator", fallback)


def _cell_where(row: dict[str, Any], name: str, fallback: Location) -> Location:
    """Another cell of the row than its figure (the numerator, the unit), where the loader noted it."""
    column, letter = row.get(f"_{name}_column"), row.get(f"_{name}_letter")
    if not isinstance(column, str):
        return fallback
    return Location(row["_file"], _text(row["_sheet"]), int(row["_row"]), column, letter)


def _district_where(row: "pd.Series") -> Location:
    column, letter = row.get("_district_column"), row.get("_district_letter")
    if not isinstance(column, str):  # taken from the title or the file name
        return Location(row["_file"], _text(row["_sheet"]), int(row["_row"]))
    return Location(row["_file"], _text(row["_sheet"]), int(row["_row"]), column, letter)


def _same_unit(typed: str, unit: str) -> bool:
    aliases = {"是/否": {"是否", "是/否", "-"}, "%": {"%", "百分比"}, "1/10万": {"1/10万", "/10万", "十万分之"}}
    return typed == unit or typed in aliases.get(unit, set())


