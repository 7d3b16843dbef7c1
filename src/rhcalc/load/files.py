"""Files → raw grids of cells, one per sheet, with nothing interpreted yet.

Which reader a file needs is told by its first bytes, then its suffix: workbooks go to
``load.workbook`` (python-calamine: Rust, several times faster than openpyxl and read-only by
construction, so an input can never be modified), CSV text to ``load.delimited``; a “.xls” that is
a web page or text is named for what it is.
"""

from __future__ import annotations

from pathlib import Path

from rhcalc.common.encodings import decode_text
from rhcalc.common.problems import Location, Problem
from rhcalc.common.suffixes import TEXT_TABLES, WORKBOOKS
from rhcalc.load.delimited import read_delimited
from rhcalc.load.grid import MAX_FILE_BYTES, Grid
from rhcalc.load.workbook import read_workbook
from rhcalc.load.zipguard import ZIPPED, zip_without_signature



def read_grids(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    """Every sheet of a file as a Grid; problems instead of exceptions for anything unreadable."""
    where = Location(display)
    if not path.exists():
        return [], [Problem("file-not-found", where)]
    if path.is_dir():
        return [], [Problem("file-unreadable", where, {"reason": "a folder, not a file"})]
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [], [Problem("file-unreadable", where, {"reason": exc.strerror or str(exc)})]
    if size == 0:
        return [], [Problem("empty-file", where)]
    if size > MAX_FILE_BYTES:
        return [], [Problem("too-large", where, {"reason": f"{size:,} bytes > {MAX_FILE_BYTES:,}"})]
    suffix = path.suffix.lower()
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:  # no read permission (another user's file, a share), a file locked on Windows
        return [], [Problem("file-unreadable", where, {"reason": exc.strerror or str(exc)})]
    if _looks_like_workbook(head):
        return read_workbook(path, display, head)
    if suffix in WORKBOOKS:
        return _disguised(path, display, suffix)
    if suffix in TEXT_TABLES:
        return read_delimited(path, display)
    return [], [Problem("not-a-spreadsheet", where)]


def _disguised(path: Path, display: str, suffix: str) -> tuple[list[Grid], list[Problem]]:
    """A “.xls” that is not a workbook: reporting systems export HTML or tab-separated text under
    that name, and Excel opens both without a word. Text is read as such; HTML is named."""
    with open(path, "rb") as fh:
        head = fh.read(4096).lstrip().lower()
    where = Location(display)
    if suffix in ZIPPED and zip_without_signature(path):
        return [], [Problem("corrupt-workbook", where, {"reason": "the zip signature at the start is damaged"})]
    if head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta")) or b"<table" in head:
        return [], [Problem("html-not-workbook", where, {"suffix": suffix})]
    if suffix == ".xls" and decode_text(head[:4000]) is not None and b"\x00" not in head:
        grids, problems = read_delimited(path, display)
        return grids, [Problem("read-as-text", where, {"suffix": suffix}), *problems] if grids else problems
    return [], [Problem("not-a-spreadsheet", where)]


def _looks_like_workbook(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")
