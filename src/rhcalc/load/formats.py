"""Number formats that change what a cell means, read only when a value needs them.

Excel, WPS and LibreOffice keep a cell typed as 85.3% as the number 0.853 with a percent format;
calamine returns the number alone. For an indicator measured in % that is the difference between
85.3 % and 0.853 %, so the format is looked up, each file type with what reads it best:

- .xlsx/.xlsm: openpyxl, read-only (it never writes);
- .xls: xlrd with ``formatting_info``, which reads the BIFF XF and FORMAT records calamine skips,
  loading only the sheet asked for;
- .ods: content.xml streamed with expat, up to the end of the sheet asked for; LibreOffice marks
  such a cell ``office:value-type="percentage"`` itself, so no style needs to be resolved.

A format table that cannot be read raises (openpyxl's IndexError for a style index past its end,
xlrd's XLRDError): without the formats 85.3% would read as 0.853, so ``load.submission`` makes the
file corrupt rather than guess.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

Cells = set[tuple[int, int]]
# A percentage repeated over a whole row or sheet (LibreOffice compresses equal neighbours into one
# element): no grid calamine accepts (load.files limits) has more rows or columns than this.
_MAX_REPEAT = 200_000


def readable(path: Path) -> bool:
    """Whether the cell formats of this kind of file can be read."""
    return path.suffix.lower() in _READERS


def percent_cells(path: Path, sheet: str) -> Cells:
    """0-based (row, column) of the numeric cells of ``sheet`` shown as a percentage."""
    stat = path.stat()
    return _percent_cells(path, sheet, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _percent_cells(path: Path, sheet: str, mtime_ns: int, size: int) -> Cells:
    # Keyed by the file's time and size too: a notebook reads the file again after the clerk fixed it.
    with warnings.catch_warnings():  # “Data Validation extension is not supported” and the like: not the clerk's concern
        warnings.simplefilter("ignore")
        return _READERS[path.suffix.lower()](path, sheet)


def _xlsx(path: Path, sheet: str) -> Cells:
    import openpyxl

    found: Cells = set()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in book.sheetnames:
            return found
        for row in book[sheet].iter_rows():
            for cell in row:
                fmt = getattr(cell, "number_format", None)
                if fmt and "%" in fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    found.add((cell.row - 1, cell.column - 1))
    finally:
        book.close()
    return found


def _xls(path: Path, sheet: str) -> Cells:
    import xlrd

    # xlrd writes its notes on odd records to stdout, which would land in the JSON of `score`.
    with open(os.devnull, "w") as quiet:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=quiet)
        try:
            if sheet not in book.sheet_names():
                return set()
            grid = book.sheet_by_name(sheet)  # on demand: only this sheet is parsed
            percent_xfs = {i for i, xf in enumerate(book.xf_list) if "%" in book.format_map[xf.format_key].format_str}
            return {(r, c) for r in range(grid.nrows) for c, kind in enumerate(grid.row_types(r))
                    if kind == xlrd.XL_CELL_NUMBER and grid.cell_xf_index(r, c) in percent_xfs}
        finally:
            book.release_resources()


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
_CELLS = {_TABLE + "table-cell", _TABLE + "covered-table-cell"}  # a cell under a merge still takes its column


def _ods(path: Path, sheet: str) -> Cells:
    import zipfile
    from xml.etree.ElementTree import iterparse

    found: Cells = set()
    inside, row, col, in_row = False, 0, 0, []
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        for event, el in iterparse(fh, ("start", "end")):
            if event == "start":
                if el.tag == _TABLE + "table":
                    inside = el.get(_TABLE + "name") == sheet
                continue
            if not inside:
                el.clear()
            elif el.tag in _CELLS:
                span = _repeat(el, "number-columns-repeated")
                if el.get(_VALUE_TYPE) == "percentage":
                    in_row.extend(range(col, col + span))
                col += span
                el.clear()
            elif el.tag == _TABLE + "table-row":
                rows = _repeat(el, "number-rows-repeated")
                if in_row:
                    found.update((r, c) for r in range(row, row + rows) for c in in_row)
                row, col, in_row = row + rows, 0, []
                el.clear()
            elif el.tag == _TABLE + "table":
                break  # the sheet asked for is read: the rest of the file is not
    return found


def _repeat(el, name: str) -> int:  # type: ignore[no-untyped-def]
    return min(int(el.get(_TABLE + name, "1")), _MAX_REPEAT)


_READERS: dict[str, Callable[[Path, str], Cells]] = {".xlsx": _xlsx, ".xlsm": _xlsx, ".xls": _xls, ".ods": _ods}
