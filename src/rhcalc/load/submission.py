"""A submission file → its tidy long rows with provenance, and the problems met on the way.

One row per (district, period, indicator) cell that holds something, in the columns of the
submission frame (``common.frames.COLUMNS``), with ``_file``, ``_sheet``, ``_row``, ``_column``
(the header as typed) and ``_letter`` so that every later problem points back at the cell the
clerk typed. ``rhcalc.pipeline.read_files`` reads a set of files with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rhcalc.catalog.model import Catalog
from rhcalc.load.cells import cell_text
from rhcalc.load.context import Context, infer_context
from rhcalc.load.files import read_grids
from rhcalc.load.grid import Grid
from rhcalc.load.header import Header, find_header
from rhcalc.load.layout import records
from rhcalc.load.tidy import RowReader, unknown_wide_columns
from rhcalc.common.problems import Location, Problem, reason_of

# Sheets of instructions ride along with the table in nearly every official form; they are
# skipped without a note (any other sheet without a table gets one).
INSTRUCTION_SHEETS = {"说明", "填报说明", "填表说明", "指标说明", "使用说明", "指标解释", "instructions", "readme"}
_HEADER_FIELDS = {"district": ("地区", "district"), "period": ("期间", "period")}
_SOURCES = {"title": ("标题", "title"), "sheet": ("工作表名", "sheet name"), "file": ("文件名", "file name")}


def read_submission_rows(path: Path, catalog: Catalog, display: str | None = None) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One file's tidy rows and problems. Whatever a reader trips over in a damaged file — a zip
    stream that does not inflate, XML cut short, a style index past the end of its table — makes
    the file one ``corrupt-workbook`` problem and no rows (what was read before the fault may not
    be all there is, nor mean what it seems: a percent format unread is 85.3 read as 0.853), and the
    other files of the run go on as if it were not there."""
    display = display or path.name
    try:
        return _read_rows(path, catalog, display)
    except BaseException as exc:  # noqa: BLE001 - the guard around one file: any reader's fault is this file's
        if not _reader_fault(exc):
            raise
        return [], [Problem("corrupt-workbook", Location(display), {"reason": reason_of(exc)})]


def _reader_fault(exc: BaseException) -> bool:
    """An error, or a panic in calamine's Rust (pyo3 raises those as a BaseException, so that a bare
    ``except Exception`` would not swallow them — here one should); never Ctrl-C or an exit."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _read_rows(path: Path, catalog: Catalog, display: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    grids, problems = read_grids(path, display)
    rows: list[dict[str, Any]] = []
    for grid in grids:
        grid_rows, grid_problems = read_grid(grid, catalog, display, several=len(grids) > 1)
        rows.extend(grid_rows)
        problems.extend(grid_problems)
    if not rows and not any(p.severity.value == "error" for p in problems):
        problems.append(Problem("no-rows", Location(display)))
    return rows, problems


def read_grid(grid: Grid, catalog: Catalog, display: str, several: bool = False) -> tuple[list[dict[str, Any]], list[Problem]]:
    """One sheet → tidy rows; a sheet without a table is skipped (a note) or, alone, an error."""
    districts = catalog.unit_names()
    header = find_header(grid.rows, catalog.resolve_indicator, districts=districts)
    if header is None and infer_context(catalog, grid.rows[:30], grid.sheet, display, grid.first_row).complete:
        header = find_header(grid.rows, catalog.resolve_indicator, context=True, districts=districts)
    if header is None:
        return [], _no_table(grid, display, several)
    context = infer_context(catalog, grid.rows[:header.row_index], grid.sheet, display, grid.first_row)
    problems = _missing_columns(header, context, display, grid)
    if any(p.severity.value == "error" for p in problems):
        return [], problems
    problems += unknown_wide_columns(grid, header, catalog, display)
    reader = RowReader(catalog, display, grid, header, context, problems)
    rows = [row for rec in records(grid.rows, header, grid.first_row) if (row := reader.read(rec)) is not None]
    return rows, problems


def _no_table(grid: Grid, display: str, several: bool) -> list[Problem]:
    if not any(cell_text(c) for r in grid.rows for c in r):
        return []  # an empty sheet (Sheet2, Sheet3 of a new workbook) is not worth a word
    if grid.sheet and grid.sheet.strip().lower() in INSTRUCTION_SHEETS:
        return []
    code = "sheet-skipped" if several else "no-header"
    return [Problem(code, Location(display, grid.sheet), {"sheet": grid.sheet or display})]


def _missing_columns(header: Header, context: Context, display: str, grid: Grid) -> list[Problem]:
    """A district or period column that is absent must be stated in the title, sheet or file name."""
    given = set(header.fields) | ({"district"} if header.district_columns else set())
    missing = [name for name, found in (("district", context.district), ("period", context.period))
               if name not in given and found is None]
    if missing:
        where = Location(display, grid.sheet, grid.first_row + header.row_index)
        return [Problem("missing-column", where, {"column": _HEADER_FIELDS[n][0], "column_en": _HEADER_FIELDS[n][1]})
                for n in missing]
    notes = []
    for name, inferred in (("district", context.district), ("period", context.period)):
        if name not in given and inferred is not None:
            zh, en = _SOURCES[inferred.source]
            notes.append(Problem(f"{name}-inferred", Location(display, grid.sheet, inferred.row),
                                 {"value": str(inferred.value), "source_zh": zh, "source_en": en}))
    return notes
