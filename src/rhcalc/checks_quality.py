"""Figures that look wrong against their own history: warnings, never errors — the figure may be right.

Each checked row is compared with the earlier periods of its own series (the same district and
indicator): from history.sqlite in a batch, from the other periods in the files given to ``score`` and
``validate``. Only figures of the same length are compared (a quarter with quarters, a year with years);
the *previous figure* is the latest earlier one of that length. Counts and rates are checked; 是/否,
ranks and indices are not.

- ``outlier``: above ``ratio``× or below 1/``ratio`` of the previous figure (a previous 0 is no base
  for a ratio), or — once there are ``z_periods`` earlier figures — a modified z-score
  0.6745·(x − median)/MAD above ``z`` (Iglewicz & Hoaglin; DHIS2's outlier analysis). A history without
  spread (MAD 0) gives no z-score: the ratio rule alone speaks then; nor does a figure within
  ``z_min_change`` (a share) of the median — a rate that barely moves has a tiny MAD, and 2.14‰
  against a usual 2.38‰ (z = −4.4) is not a figure typed wrong. The message says which rule fired
  and its numbers.
- ``denominator-jump``: a rate's denominator changing by more than ``denominator_change`` (a share)
  from the previous figure's, unless both are below ``floor`` (1 death, then 3).
- ``repeated-figure``: every one of at least ``repeated_min`` counts and rates of a district's period
  identical to the previous period's (a copied form).
- ``cumulative-falls``: a year-to-date count (a period from 1 January) below an earlier year-to-date
  count of the same year.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from rhcalc.catalog.model import Aggregation, Catalog, Indicator, IndicatorType
from rhcalc.common.frames import row_tuples
from rhcalc.common.periods import Period, as_date
from rhcalc.common.problems import Location, Problem, number_text

if TYPE_CHECKING:
    import pandas as pd

MAD_SCALE = 0.6745  # the 0.75 quantile of the standard normal: makes the MAD comparable with σ


@dataclass(frozen=True)
class Thresholds:
    """rhcalc.toml [quality]; the defaults are the issue's and DHIS2's."""

    ratio: float = 3.0
    z: float = 3.5
    z_periods: int = 4
    z_min_change: float = 0.2  # 0 gives the plain modified z-score rule
    denominator_change: float = 0.5
    repeated_min: int = 3
    # Small counts vary by chance (8 drills, then 2): the outlier rules look only at figures whose count
    # — a count's value, a rate's numerator — reaches this in the figure or in what it is compared with.
    floor: float = 10


class _Where:
    """Where a checked row was typed (``_file``, ``_sheet``, ``_row``, ``_column`` …), read from the
    frame's columns when a warning is raised on it: a dict of each of a national batch's 300,000 rows,
    held while they were checked, was the run's peak memory."""

    __slots__ = ("columns", "i")

    def __init__(self, columns: dict[str, list[Any]], i: int) -> None:
        self.columns, self.i = columns, i

    def __getitem__(self, key: str) -> Any:
        return self.columns[key][self.i]

    def get(self, key: str, default: Any = None) -> Any:
        column = self.columns.get(key)
        return default if column is None else column[self.i]


class Figure(NamedTuple):
    period: Period
    value: float | None
    numerator: float | None
    denominator: float | None
    file: str
    row: _Where | None  # where the row was typed, for a figure of the files checked now; None for history


# Districts checked at a time: every check reads one district's own series, and a national batch's
# 300,000 figures made into series at once held ~300 MB.
DISTRICTS_AT_ONCE = 250


def check_quality(frame: "pd.DataFrame", catalog: Catalog, thresholds: Thresholds = Thresholds(),
                  earlier: "pd.DataFrame | None" = None) -> list[Problem]:
    """Warnings on the rows of ``frame``, each against its series in ``frame`` and ``earlier``."""
    districts = sorted(set(frame["district"].tolist())) if len(frame) else []
    if len(districts) <= DISTRICTS_AT_ONCE:
        problems = _check(frame, catalog, thresholds, earlier)
    else:
        problems = []
        for start in range(0, len(districts), DISTRICTS_AT_ONCE):
            some = districts[start:start + DISTRICTS_AT_ONCE]
            theirs = None if earlier is None or earlier.empty else earlier[earlier["district"].isin(some)]
            problems += _check(frame[frame["district"].isin(some)], catalog, thresholds, theirs)
    return sorted(problems, key=lambda p: (p.location.file, p.location.sheet or "", p.location.row or 0, p.code))


def _check(frame: "pd.DataFrame", catalog: Catalog, thresholds: Thresholds, earlier: "pd.DataFrame | None") -> list[Problem]:
    series = _series(frame, earlier)
    problems: list[Problem] = []
    for (district, indicator_id), figures in series.items():
        indicator = catalog.indicators.get(indicator_id)
        if indicator is None or indicator.type not in (IndicatorType.count, IndicatorType.rate):
            continue
        for i, figure in enumerate(figures):
            if figure.row is None:
                continue
            before = [f for f in figures[:i] if _same_length(f.period, figure.period) and f.period.end < figure.period.start]
            problems.extend(_outlier(figure, before, indicator, thresholds))
            problems.extend(_denominator_jump(figure, before, indicator, thresholds))
            problems.extend(_cumulative_falls(figure, figures[:i], indicator))
    problems.extend(_repeated(series, catalog, thresholds))
    return problems


_SERIES = ["district", "indicator", "period_start", "period_end", "value", "numerator", "denominator", "_file"]


def _series(frame: "pd.DataFrame", earlier: "pd.DataFrame | None") -> dict[tuple[str, str], list[Figure]]:
    """(district, indicator) → its figures in period order; a period given now replaces the stored one."""
    out: dict[tuple[str, str], dict[Period, Figure]] = defaultdict(dict)
    for source, current in ((earlier, False), (frame, True)):
        if source is None or source.empty:
            continue
        where = {c: source[c].tolist() for c in source.columns if c.startswith("_")} if current else {}
        periods: dict[tuple[Any, Any], Period] = {}  # one per distinct period: 300,000 rows have a handful
        for i, (district, indicator, start, end, value, num, den, file) in enumerate(row_tuples(source, _SERIES)):
            period = periods.get((start, end)) or periods.setdefault((start, end), Period(as_date(start), as_date(end)))
            figure = Figure(period, _number(value), _number(num), _number(den), str(file), _Where(where, i) if current else None)
            out[(str(district), str(indicator))][period] = figure
    return {key: [figs[p] for p in sorted(figs)] for key, figs in out.items()}


def _number(x: Any) -> float | None:
    return None if x is None or x != x else float(x)


def _same_length(a: Period, b: Period) -> bool:
    return a.months == b.months and (a.start.day == 1) == (b.start.day == 1)


def _outlier(figure: Figure, before: list[Figure], indicator: Indicator, t: Thresholds) -> list[Problem]:
    v = figure.value
    known = [f for f in before if f.value is not None]
    if v is None or not known:
        return []
    previous = known[-1]
    p = previous.value
    assert p is not None
    if _small(figure, previous, indicator, t):
        return []
    if p > 0 and (v > t.ratio * p or v < p / t.ratio):
        factor = v / p
        shown = number_text(round(p, 2))
        zh = (f"是上期（{previous.period.label}：{shown}）的 {_times(factor)} 倍，"
              + (f"超过 {_times(t.ratio)} 倍" if v > p else f"不到{_fraction_zh(t.ratio)}"))
        en = (f"{_times(factor)}× the previous figure ({previous.period.label}: {shown}), "
              + (f"more than {_times(t.ratio)}×" if v > p else f"less than 1/{_times(t.ratio)} of it"))
        return [_problem("outlier", figure, {"rule": "ratio", "previous": p, "previous_period": previous.period.label,
                                             "factor": round(factor, 4), "rule_zh": zh, "rule_en": en})]
    if len(known) < t.z_periods:
        return []
    values = [f.value for f in known]
    median = statistics.median(values)  # type: ignore[type-var]
    mad = statistics.median(abs(x - median) for x in values)  # type: ignore[operator]
    if mad == 0:
        return []
    z = MAD_SCALE * (v - median) / mad
    if abs(z) <= t.z or abs(v - median) <= t.z_min_change * abs(median):
        return []
    span = f"{known[0].period.label}–{known[-1].period.label}"
    zh = f"修正 z 分数 {z:.1f}，超过 {number_text(t.z)}（此前 {len(known)} 期 {span} 的中位数 {number_text(round(median, 2))}，MAD {number_text(round(mad, 2))}）"
    en = (f"modified z-score {z:.1f}, beyond {number_text(t.z)} (median {number_text(round(median, 2))} and MAD "
          f"{number_text(round(mad, 2))} of the {len(known)} earlier periods {span})")
    return [_problem("outlier", figure, {"rule": "z", "z": round(z, 2), "median": median, "mad": mad,
                                         "periods": len(known), "rule_zh": zh, "rule_en": en})]


def _small(figure: Figure, previous: Figure, indicator: Indicator, t: Thresholds) -> bool:
    """Both counts below the floor: a count's values, a rate's numerators (a rate without them has none)."""
    pair = (figure.numerator, previous.numerator) if indicator.type is IndicatorType.rate else (figure.value, previous.value)
    known = [x for x in pair if x is not None]
    return len(known) == 2 and max(known) < t.floor


def _times(x: float) -> str:
    return number_text(round(x, 2))


def _fraction_zh(ratio: float) -> str:
    return "三分之一" if ratio == 3 else f"{_times(ratio)} 分之一"


def _denominator_jump(figure: Figure, before: list[Figure], indicator: Indicator, t: Thresholds) -> list[Problem]:
    d = figure.denominator
    known = [f for f in before if f.denominator is not None]
    if indicator.type is not IndicatorType.rate or d is None or not known or not known[-1].denominator:
        return []
    previous = known[-1]
    p = previous.denominator
    assert p is not None
    change = (d - p) / p
    if abs(change) <= t.denominator_change or max(d, p) < t.floor:  # 1 death, then 3: chance, not a jump
        return []
    return [_problem("denominator-jump", figure, {
        "name": indicator.denominator or "", "value": number_text(d), "previous": number_text(p),
        "previous_period": previous.period.label, "change": _percent(change, signed=True),
        "limit": _percent(t.denominator_change)},
        cell="denominator")]


def _percent(share: float, signed: bool = False) -> str:
    sign = ("+" if share > 0 else "−") if signed and share else ""
    return f"{sign}{number_text(round(abs(share) * 100, 2))}%"


def _cumulative_falls(figure: Figure, before: list[Figure], indicator: Indicator) -> list[Problem]:
    """A count from 1 January (1–6月, 前三季度, the year) below an earlier such count of the same year."""
    if indicator.aggregation is not Aggregation.sum or figure.value is None or not _year_to_date(figure.period):
        return []
    earlier = [f for f in before if f.value is not None and _year_to_date(f.period)
               and f.period.start == figure.period.start and f.period.end < figure.period.end]
    if not earlier or earlier[-1].value is None or figure.value >= earlier[-1].value:
        return []
    previous = earlier[-1]
    return [_problem("cumulative-falls", figure, {"previous": number_text(round(previous.value, 2)), "previous_period": previous.period.label})]


def _year_to_date(p: Period) -> bool:
    return p.start.month == 1 and p.start.day == 1 and p.end.year == p.start.year


def _repeated(series: dict[tuple[str, str], list[Figure]], catalog: Catalog, t: Thresholds) -> list[Problem]:
    """Every count and rate of a district's period identical to the previous period's."""
    by_period: dict[tuple[str, Period], dict[str, Figure]] = defaultdict(dict)
    for (district, indicator_id), figures in series.items():
        indicator = catalog.indicators.get(indicator_id)
        if indicator is None or indicator.type not in (IndicatorType.count, IndicatorType.rate):
            continue
        for f in figures:
            by_period[(district, f.period)][indicator_id] = f
    periods_of: dict[str, list[Period]] = defaultdict(list)
    for district, period in by_period:
        periods_of[district].append(period)
    problems = []
    for (district, period), figures in by_period.items():
        current = [f for f in figures.values() if f.row is not None]
        earlier = [p for p in periods_of[district] if _same_length(p, period) and p.end < period.start]
        if not current or not earlier:
            continue
        previous_period = max(earlier)
        previous = by_period[(district, previous_period)]
        given = [i for i, f in figures.items() if f.value is not None]
        if len(given) < t.repeated_min or not all(i in previous and _same_figure(figures[i], previous[i]) for i in given):
            continue
        row = min((f.row for f in current if f.row is not None), key=lambda r: (r["_file"], r["_row"]))
        where = Location(row["_file"], _text(row["_sheet"]), int(row["_row"]))
        problems.append(Problem("repeated-figure", where, {"district": district, "period": period.label,
                                                           "count": len(given), "previous_period": previous_period.label}))
    return problems


def _same_figure(a: Figure, b: Figure) -> bool:
    return (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)


def _problem(code: str, figure: Figure, params: dict[str, Any], cell: str | None = None) -> Problem:
    row = figure.row
    assert row is not None
    params = {"value": number_text(round(figure.value, 2)) if figure.value is not None else "", **params}
    return Problem(code, _where(row, cell), params)


def _where(row: _Where, cell: str | None) -> Location:
    """The figure's cell; for ``cell`` (the denominator) its own cell where the loader noted it."""
    sheet, line = _text(row["_sheet"]), int(row["_row"])
    column, letter = (row.get(f"_{cell}_column"), row.get(f"_{cell}_letter")) if cell else (None, None)
    if not isinstance(column, str):
        column, letter = row.get("_column"), row.get("_letter")
    return Location(row["_file"], sheet, line, _text(column), _text(letter))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
