"""Files → raw grids of cells, one per sheet, with nothing interpreted yet.

Spreadsheets are read with python-calamine (Rust; several times faster than openpyxl and
read-only by construction, so an input can never be modified). CSV text is decoded by
detection, not assumption: Chinese Excel saves CSV as GBK.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rhcalc.problems import Location, Problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES

# Limits that refuse hostile or absurd files before they exhaust memory.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELLS = 5_000_000


@dataclass(frozen=True)
class Grid:
    """One sheet's cells; ``rows[i]`` is Excel row ``first_row + i`` (1-based)."""

    sheet: str | None
    rows: list[list[Any]]
    first_row: int = 1


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
    with open(path, "rb") as fh:
        head = fh.read(8)
    if suffix in SPREADSHEET_SUFFIXES or _looks_like_workbook(head):
        from rhcalc.load.workbook import read_workbook

        return read_workbook(path, display, head)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, display)
    return [], [Problem("not-a-spreadsheet", where)]


def _looks_like_workbook(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


def decode_text(raw: bytes) -> str | None:
    """UTF-8 (with or without BOM) first, since it is unambiguous; then detection; then GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    candidates = ([best.encoding] if best else []) + ["gb18030"]
    for encoding in candidates:
        try:
            # GB18030 is a superset of GBK and GB2312: decode any of them with it.
            if encoding.lower().replace("-", "") in {"gbk", "gb2312", "cp936", "hz"}:
                encoding = "gb18030"
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _read_csv(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    where = Location(display)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [], [Problem("not-a-spreadsheet", where)]
    text = decode_text(raw)
    if text is None:
        return [], [Problem("unknown-encoding", where)]
    if not text.strip():
        return [], [Problem("empty-file", where)]
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    rows: list[list[Any]] = []
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        rows.append(list(row))
        if len(rows) > MAX_ROWS:
            return [], [Problem("too-large", where, {"reason": f"more than {MAX_ROWS:,} rows"})]
    return [Grid(None, rows)], []
