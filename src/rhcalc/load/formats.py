"""Number formats that change what a cell means, read only when a value needs them.

Excel keeps a cell typed as 85.3% as the number 0.853 with a percent format; calamine returns
the number alone. For an indicator measured in % that is the difference between 85.3 % and
0.853 %, so for .xlsx/.xlsm the format is looked up (openpyxl, read-only: it never writes).
.xls and .ods formats are not read; see ``submission`` for what happens there.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=32)
def percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """0-based (row, column) of the numeric cells of ``sheet`` shown as a percentage.

    A style table openpyxl cannot read raises (IndexError for an index past its end): without the
    formats 85.3% would silently read as 0.853, so the file is corrupt (load.submission says so)."""
    with warnings.catch_warnings():  # “Data Validation extension is not supported” and the like: not the clerk's concern
        warnings.simplefilter("ignore")
        return _percent_cells(path, sheet)


def _percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    import openpyxl

    found: set[tuple[int, int]] = set()
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
