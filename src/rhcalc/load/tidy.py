"""One raw record → one tidy row: indicator resolved, district and period settled, cells parsed.

Anything that cannot be used becomes a Problem at the cell the clerk typed, and the row is
dropped; the rest of the sheet carries on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from rhcalc.catalog.model import Catalog, Indicator, IndicatorType
from rhcalc.load.cells import Parsed, cell_text, parse_number, parse_period_cell, parse_yes_no
from rhcalc.load.context import Context
from rhcalc.load.grid import Grid
from rhcalc.load.header import Header, field_of
from rhcalc.load.layout import RawRecord
from rhcalc.common.problems import Location, Problem, column_letter, number_text

# Enum members looked up once: IndicatorType.rate costs an attribute lookup through the enum's
# metaclass on every row.
_YES_NO, _RATE = IndicatorType.yes_no, IndicatorType.rate
# Columns a wide sheet may carry beside its indicators without them being figures.
_IGNORED_WIDE = {"序号", "编号", "no", "no.", "排名", "排序", "联系人", "联系电话", "填报人", "审核人", "合计", "总计"}


class RowReader:
    """Reads the records of one sheet; collects problems in the list it is given."""

    def __init__(self, catalog: Catalog, file: str, grid: Grid, header: Header, context: Context,
                 problems: list[Problem]) -> None:
        self.catalog, self.file, self.grid, self.header = catalog, file, grid, header
        self.context, self.problems = context, problems
        self._percent: set[tuple[int, int]] | None = None
        # The provenance columns of a row depend only on which columns it was read from.
        self._provenance: dict[tuple[int | None, ...], dict[str, Any]] = {}
        self._periods: dict[str, tuple[str, Any, Any] | None] = {}
        self._resolve = partial(resolved, catalog.resolve_indicator)

    def where(self, rec: RawRecord, name: str) -> Location:
        j = rec.columns.get(name)
        if j is None:
            return Location(self.file, self.grid.sheet, rec.row)
        return Location(self.file, self.grid.sheet, rec.row, self.header.texts.get(j, name), column_letter(j))

    def read(self, rec: RawRecord) -> dict[str, Any] | None:
        cells = rec.cells
        if (cell_text(cells.get("value")) is None and cell_text(cells.get("numerator")) is None
                and cell_text(cells.get("denominator")) is None):
            return None  # nothing to report for this indicator: not a zero
        if rec.total:
            if not self.header.wide or rec.columns.get("value") == min(self.header.indicator_columns):
                self.problems.append(Problem("total-row-skipped", Location(self.file, self.grid.sheet, rec.row)))
            return None
        indicator = self._indicator(rec)
        district = self._district(rec)
        period = self._period(rec)
        if indicator is None or district is None or period is None:
            return None
        figures = self._figures(rec, indicator)
        if figures is None:
            return None
        value, numerator, denominator = figures
        if value is None and numerator is None and denominator is None:
            return None  # —, /, 空 …: nothing to report, which is not a zero
        label, start, end = period
        row = {
            "district": district, "period": label, "period_start": start, "period_end": end,
            "indicator": indicator.id, "value": value, "numerator": numerator, "denominator": denominator,
            "unit": cell_text(cells.get("unit")), "note": cell_text(cells.get("note")), "_file": self.file,
            "_sheet": self.grid.sheet, "_row": rec.row,
        }
        row.update(self._columns_of(rec))
        return row

    def _columns_of(self, rec: RawRecord) -> dict[str, Any]:
        columns = rec.columns
        key = (columns.get("value"), columns.get("numerator"), columns.get("denominator"), columns.get("district"), columns.get("unit"))
        found = self._provenance.get(key)
        if found is None:
            value_col = columns.get("value", columns.get("numerator", -1))
            found = self._provenance[key] = {
                "_column": self.header.texts.get(value_col),
                "_letter": column_letter(value_col) if value_col >= 0 else None,
                **self._cell_of(rec, "district"), **self._cell_of(rec, "numerator"), **self._cell_of(rec, "denominator"),
                **self._cell_of(rec, "unit")}
        return found

    def _cell_of(self, rec: RawRecord, name: str) -> dict[str, str | None]:
        """``_<name>_column`` and ``_<name>_letter``, for checks that point at another cell than the value."""
        j = rec.columns.get(name)
        return {f"_{name}_column": self.header.texts.get(j) if j is not None else None,
                f"_{name}_letter": column_letter(j) if j is not None else None}

    def _indicator(self, rec: RawRecord) -> Indicator | None:
        text = cell_text(rec.cells.get("indicator"))
        found = self._resolve(text) if text else None
        alternate = cell_text(rec.alternate)
        if found is None and alternate:
            found = self._resolve(alternate)
        if found is None:
            typed = text or alternate or ""
            self.problems.append(Problem("unknown-indicator", self.where(rec, "indicator"),
                                         {"value": typed, "suggestion": suggest_indicator(typed, self.catalog)}))
            return None
        return self.catalog.indicators[found]

    def _district(self, rec: RawRecord) -> str | None:
        if "district" not in rec.columns and self.context.district:
            return str(self.context.district.value)
        district = cell_text(rec.cells.get("district"))
        if district is None:
            self.problems.append(Problem("missing-district", self.where(rec, "district")))
        return district

    def _period(self, rec: RawRecord) -> tuple[str, Any, Any] | None:
        """(label, start, end) of the row's period; a period typed as text is parsed once per sheet."""
        if "period" not in rec.columns and self.context.period:
            period = self.context.period.value
            return period.label, period.start, period.end  # type: ignore[union-attr]
        raw = rec.cells.get("period")
        if raw.__class__ is str and raw in self._periods:
            found = self._periods[raw]
        else:
            try:
                period = parse_period_cell(raw)
                found = (period.label, period.start, period.end)
            except (ValueError, TypeError, OverflowError):
                found = None
            if raw.__class__ is str:
                self._periods[raw] = found
        if found is None:
            self.problems.append(Problem("unknown-period", self.where(rec, "period"), {"value": cell_text(raw) or ""}))
        return found

    def _figures(self, rec: RawRecord, indicator: Indicator) -> tuple[float | None, float | None, float | None] | None:
        """Value, numerator and denominator as numbers; None (and a problem per bad cell) when any is unreadable."""
        cells = rec.cells
        parse = parse_yes_no if indicator.type is _YES_NO else parse_number
        value, numerator, denominator = (parse(cells.get("value")), parse_number(cells.get("numerator")),
                                         parse_number(cells.get("denominator")))
        if value.error or numerator.error or denominator.error:
            for name, p in (("value", value), ("numerator", numerator), ("denominator", denominator)):
                if p.error:
                    params = {"value": cell_text(cells.get(name)) or ""}
                    if p.suggestion:
                        params["suggestion"] = p.suggestion
                    self.problems.append(Problem(p.error, self.where(rec, name), params))
            return None
        if indicator.type is _RATE and indicator.factor:
            value = self._as_rate(rec, indicator, value, denominator)
        return value.value, numerator.value, denominator.value

    def _as_rate(self, rec: RawRecord, indicator: Indicator, value: Parsed, denominator: Parsed) -> Parsed:
        """A rate in the indicator's own unit: 85.3% typed for a ‰ rate is 853‰, and a cell Excel
        shows as 85.3% but stores as 0.853 is 85.3 for a % rate."""
        factor = float(indicator.factor or 1)
        if value.value is None:
            return value
        if value.percent:
            return Parsed(value.value * factor / 100)
        if value.permille:
            return Parsed(value.value * factor / 1000)
        raw = rec.cells.get("value")
        if not isinstance(raw, (int, float)) or isinstance(raw, bool) or self.grid.sheet is None:
            return value  # text (CSV keeps 85.3% as text) was read as typed
        if self.grid.percent_cells is not None:
            if self._percent is None:
                self._percent = self.grid.percent_cells()
            if (rec.row - self.grid.first_row, rec.columns["value"]) in self._percent:
                return Parsed(value.value * factor)
            if not self.grid.doubt_fractions:
                return value
        if indicator.unit == "%" and 0 < value.value <= 1 and denominator.value is None:
            # A share that may have lost its % (or whose format is not read, .xlsb) is flagged, not guessed.
            self.problems.append(Problem("maybe-fraction", self.where(rec, "value"),
                                         {"value": number_text(value.value), "percent": number_text(value.value * 100)}))
        return value


@lru_cache(maxsize=65_536)
def resolved(resolve: Callable[[str], str | None], text: str) -> str | None:
    """``resolve(text)``, remembered: every return names the same indicators. A bound
    ``catalog.resolve_indicator`` hashes by its catalog's identity, and the catalog is frozen."""
    return resolve(text)


def unknown_wide_columns(grid: Grid, header: Header, catalog: Catalog, display: str) -> list[Problem]:
    """A wide sheet's column headed by no indicator the catalog knows, with figures under it: its
    numbers would silently vanish, so it is named (with the closest indicator)."""
    if not header.wide:
        return []
    known = set(header.fields.values()) | set(header.indicator_columns) | set(header.alternates.values())
    problems = []
    for j, text in header.texts.items():
        if j in known or text.strip().lower() in _IGNORED_WIDE or field_of(text):
            continue
        below = [r[j] for r in grid.rows[header.data_start:] if j < len(r)]
        if any(cell_text(c) is not None for c in below):
            where = Location(display, grid.sheet, grid.first_row + header.row_index, text, column_letter(j))
            problems.append(Problem("unknown-indicator", where, {"value": text, "suggestion": suggest_indicator(text, catalog)}))
    return problems


def suggest_indicator(text: str, catalog: Catalog) -> str:
    names = [i.name_zh for i in catalog.indicators.values()] + list(catalog.indicators)
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.5)
    return close[0] if close else ""
