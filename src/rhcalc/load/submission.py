"""A submission file → one tidy long frame with provenance, and the problems met on the way.

The frame has one row per (district, period, indicator) cell that holds something, with
``_file``, ``_sheet``, ``_row`` and ``_column`` so that every later problem points back at
the cell the clerk typed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rhcalc.catalog import Catalog, IndicatorType
from rhcalc.load.cells import Parsed, cell_text, parse_number, parse_yes_no
from rhcalc.load.files import read_grids
from rhcalc.load.header import find_header
from rhcalc.load.layout import RawRecord, records
from rhcalc.periods import period_of
from rhcalc.problems import Location, Problem, column_letter

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["district", "period", "period_start", "period_end", "indicator", "value", "numerator",
           "denominator", "unit", "note", "_file", "_sheet", "_row", "_column"]


@dataclass
class Submission:
    frame: "pd.DataFrame"
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def load_submissions(paths: list[Path], catalog: Catalog) -> Submission:
    """Several files into one frame; a file that cannot be read adds problems, never stops the rest."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for path in paths:
        file_rows, file_problems = read_submission_rows(Path(path), catalog)
        rows.extend(file_rows)
        problems.extend(file_problems)
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame = frame.astype({"value": "float64", "numerator": "float64", "denominator": "float64", "_row": "int64"})
    return Submission(frame, problems, [str(p) for p in paths])


def read_submission_rows(path: Path, catalog: Catalog, display: str | None = None) -> tuple[list[dict[str, Any]], list[Problem]]:
    display = display or path.name
    grids, problems = read_grids(path, display)
    rows: list[dict[str, Any]] = []
    for grid in grids:
        header = find_header(grid.rows, catalog.resolve_indicator)
        if header is None:
            if any(cell_text(c) for r in grid.rows for c in r):
                code = "sheet-skipped" if len(grids) > 1 else "no-header"
                problems.append(Problem(code, Location(display, grid.sheet), {"sheet": grid.sheet or display}))
            continue
        for record in records(grid.rows, header, grid.first_row):
            row = _tidy_row(record, header.texts, catalog, display, grid.sheet, problems)
            if row is not None:
                rows.append(row)
    if not rows and not problems:
        problems.append(Problem("no-rows", Location(display)))
    return rows, problems


def _tidy_row(rec: RawRecord, texts: dict[int, str], catalog: Catalog, file: str, sheet: str | None,
              problems: list[Problem]) -> dict[str, Any] | None:
    def where(name: str) -> Location:
        j = rec.columns.get(name)
        if j is None:
            return Location(file, sheet, rec.row)
        return Location(file, sheet, rec.row, texts.get(j, name), column_letter(j))

    cells = rec.cells
    raw_value, raw_num, raw_den = cells.get("value"), cells.get("numerator"), cells.get("denominator")
    if all(cell_text(v) is None for v in (raw_value, raw_num, raw_den)):
        return None  # nothing to report for this indicator: not a zero
    text = cell_text(cells.get("indicator"))
    indicator_id = catalog.resolve_indicator(text) if text else None
    if indicator_id is None:
        problems.append(Problem("unknown-indicator", where("indicator"), {"value": text or "", "suggestion": _suggest(text or "", catalog)}))
        return None
    district = cell_text(cells.get("district"))
    if district is None:
        problems.append(Problem("missing-district", where("district")))
        return None
    raw_period = cells.get("period")
    try:
        period = period_of(raw_period)
    except (ValueError, TypeError):
        problems.append(Problem("unknown-period", where("period"), {"value": cell_text(raw_period) or ""}))
        return None
    indicator = catalog.indicators[indicator_id]
    parse = parse_yes_no if indicator.type is IndicatorType.yes_no else parse_number
    parsed: dict[str, Parsed] = {"value": parse(raw_value), "numerator": parse_number(raw_num), "denominator": parse_number(raw_den)}
    for name, p in parsed.items():
        if p.error:
            problems.append(Problem(p.error, where(name), {"value": cell_text(cells.get(name)) or ""}))
    if any(p.error for p in parsed.values()):
        return None
    return {
        "district": district,
        "period": period.label,
        "period_start": period.start,
        "period_end": period.end,
        "indicator": indicator_id,
        "value": parsed["value"].value,
        "numerator": parsed["numerator"].value,
        "denominator": parsed["denominator"].value,
        "unit": cell_text(cells.get("unit")),
        "note": cell_text(cells.get("note")),
        "_file": file,
        "_sheet": sheet,
        "_row": rec.row,
        "_column": texts.get(rec.columns.get("value", -1)),
    }


def _suggest(text: str, catalog: Catalog) -> str:
    names = [i.name_zh for i in catalog.indicators.values()] + list(catalog.indicators)
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.5)
    return close[0] if close else ""
