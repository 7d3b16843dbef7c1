"""Workbooks (.xlsx .xlsm .xls .xlsb .ods) → Grids, with calamine, within size limits.

Everything hostile is refused *before* calamine inflates it: a zip's members are inflated once,
counting bytes (``load.zipguard``), so a zip bomb stops at the limit instead of at the end of
memory; and each sheet's farthest cell is found first
(``load.extents``), so that one cell at XFD900000 does not make calamine abort the process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from rhcalc.common.problems import Location, Problem, reason_of
from rhcalc.load.extents import xls_refusal
from rhcalc.load.formats import percent_cells, readable
from rhcalc.load.grid import MAX_CELLS, MAX_ROWS, Grid
from rhcalc.load.zipguard import zip_refusal


def read_workbook(path: Path, display: str, head: bytes) -> tuple[list[Grid], list[Problem]]:
    import python_calamine as pc

    where = Location(display)
    if head.startswith(b"PK"):
        refusal = zip_refusal(path)
        if refusal:
            return [], [Problem(refusal[0], where, refusal[1])]
    elif _is_encrypted_ole(path):
        return [], [Problem("encrypted-workbook", where)]
    elif refusal := xls_refusal(path):
        return [], [Problem(refusal[0], where, refusal[1])]
    with _panics_unprinted():
        try:
            book = _open_book(path)
        except pc.PasswordError:
            return [], [Problem("encrypted-workbook", where)]
        except (pc.CalamineError, pc.ZipError, pc.XmlError, OSError, ValueError) as exc:
            if not head.startswith(b"PK") and path.suffix.lower() != ".xls":
                return [], [Problem("not-a-spreadsheet", where)]  # a Word .doc is an OLE file too
            return [], [Problem("corrupt-workbook", where, {"reason": reason_of(exc)})]
        try:
            return _read_sheets(book, path, display)
        finally:
            book.close()


def _open_book(path: Path) -> Any:
    """calamine takes a path as UTF-8. Where the file system encoding is not (LANG=zh_CN.GBK on
    Linux) a Chinese file name is other bytes on disk, and calamine is given the open file instead."""
    import python_calamine as pc

    name = str(path)
    if os.fsencode(name) == name.encode("utf-8", "surrogateescape"):
        return pc.CalamineWorkbook.from_path(name)
    with open(path, "rb") as fh:
        return pc.CalamineWorkbook.from_filelike(fh)


@contextmanager
def _panics_unprinted() -> Iterator[None]:
    """While calamine reads: its Rust prints a panic on a damaged file, backtrace and all, straight
    to file descriptor 2 before pyo3 raises it (load.submission makes it the file's problem), and
    the clerk would see a page of Rust. Nothing else writes meanwhile, so fd 2 is /dev/null."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _read_sheets(book: Any, path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    import python_calamine as pc

    grids: list[Grid] = []
    problems: list[Problem] = []
    percent = partial(percent_cells, path) if readable(path) else None
    # A fraction in a % column without a percent format: flagged in an .xls or .ods (maybe-fraction),
    # as it was before their formats were read; an .xlsx never was, and its results stay as they were.
    doubt = path.suffix.lower() in (".xls", ".ods")
    for meta in book.sheets_metadata:
        name = meta.name
        if meta.typ is not pc.SheetTypeEnum.WorkSheet:
            continue  # chart sheets hold no cells
        if meta.visible is not pc.SheetVisibleEnum.Visible:
            # Hidden sheets hold drop-down lists or an old copy of the table: reading them would count twice.
            problems.append(Problem("sheet-hidden", Location(display, name), {"sheet": name}))
            continue
        try:
            sheet = book.get_sheet_by_name(name)
        except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError) as exc:
            problems.append(Problem("corrupt-workbook", Location(display, name), {"reason": reason_of(exc)}))
            continue
        height, width = sheet.total_height + 1, sheet.total_width + 1
        if height > MAX_ROWS or height * width > MAX_CELLS:
            problems.append(Problem("too-large", Location(display, name), {"reason": f"{height:,} rows × {width:,} columns"}))
            continue
        # skip_empty_area=False keeps row 1 and column A where Excel has them even when they are
        # empty, so that indexes are Excel's (iter_rows starts at the first non-empty cell).
        rows = sheet.to_python(skip_empty_area=False)
        _fill_merged_text(rows, sheet.merged_cell_ranges or [])
        grids.append(Grid(name, rows, percent_cells=partial(percent, name) if percent else None, doubt_fractions=doubt))
    return grids, problems


def _fill_merged_text(rows: list[list[Any]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Excel keeps a merged cell's value in its top-left corner only. A district merged down over
    four quarter rows, or 本期 merged over 数值/分子/分母, belongs to every cell of the range.
    Numbers are not spread: one figure must not become two."""
    for (r1, c1), (r2, c2) in ranges:
        if r1 >= len(rows) or c1 >= len(rows[r1]) or not isinstance(rows[r1][c1], str):
            continue
        value = rows[r1][c1]
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            for c in range(c1, min(c2, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


def _is_encrypted_ole(path: Path) -> bool:
    """An encrypted .xlsx is an OLE2 file holding EncryptionInfo/EncryptedPackage streams (names in
    UTF-16); the directory is usually near the start, so a bounded scan finds it without reading GBs."""
    with open(path, "rb") as fh:
        data = fh.read(4 << 20)
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data
