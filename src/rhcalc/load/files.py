"""Files → raw grids of cells, one per sheet, with nothing interpreted yet.

Spreadsheets are read with python-calamine (Rust; several times faster than openpyxl and
read-only by construction, so an input can never be modified). CSV text is decoded by
detection, not assumption: Chinese Excel saves CSV as GBK.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rhcalc.common.problems import Location, Problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUFFIXES = SPREADSHEET_SUFFIXES | CSV_SUFFIXES

# Limits that refuse hostile or absurd files before they exhaust memory. A district's quarterly
# return is a few hundred rows; these are three orders of magnitude above that.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class Grid:
    """One sheet's cells; ``rows[i]`` is Excel row ``first_row + i`` (1-based)."""

    sheet: str | None
    rows: list[list[Any]]
    first_row: int = 1
    # (row, column) 0-based of the cells formatted as a percentage, asked only when needed: Excel
    # keeps a typed 85.3% as 0.853 and only the number format tells the two apart.
    percent_cells: Callable[[], set[tuple[int, int]]] | None = None
    doubt_fractions: bool = False  # a fraction in a % column without a percent format is flagged (load.rows)


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
        from rhcalc.load.workbook import read_workbook

        return read_workbook(path, display, head)
    if suffix in SPREADSHEET_SUFFIXES:
        return _disguised(path, display, suffix)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, display)
    return [], [Problem("not-a-spreadsheet", where)]


def _disguised(path: Path, display: str, suffix: str) -> tuple[list[Grid], list[Problem]]:
    """A “.xls” that is not a workbook: reporting systems export HTML or tab-separated text under
    that name, and Excel opens both without a word. Text is read as such; HTML is named."""
    with open(path, "rb") as fh:
        head = fh.read(4096).lstrip().lower()
    where = Location(display)
    if suffix in _ZIPPED and _zip_without_signature(path):
        return [], [Problem("corrupt-workbook", where, {"reason": "the zip signature at the start is damaged"})]
    if head.startswith((b"<!doctype", b"<html", b"<table", b"<?xml", b"<meta")) or b"<table" in head:
        return [], [Problem("html-not-workbook", where, {"suffix": suffix})]
    if suffix == ".xls" and decode_text(head[:4000]) is not None and b"\x00" not in head:
        grids, problems = _read_csv(path, display)
        return grids, [Problem("read-as-text", where, {"suffix": suffix}), *problems] if grids else problems
    return [], [Problem("not-a-spreadsheet", where)]


_ZIPPED = {".xlsx", ".xlsm", ".ods"}


def _zip_without_signature(path: Path) -> bool:
    """A workbook whose first bytes were damaged: its zip directory (PK\\5\\6 at the end) is still there."""
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 65_557))  # the end record and the longest zip comment
        return b"PK\x05\x06" in fh.read()


def reason_of(exc: BaseException) -> str:
    """An exception as the detail of a problem: its first line, short."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _looks_like_workbook(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0")


# Mainland offices write GB18030/GBK; on a short file charset-normalizer often finds Korean
# cp949 or Big5 just as clean. Among the candidates it finds equally plausible, prefer these.
_PREFERRED = ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_8")
_GB = {"gbk", "gb2312", "cp936", "hz", "gb18030"}


def decode_text(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding): UTF-8 with or without BOM first, as it is unambiguous; then detection."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in _detect(raw[:200_000]) + ["gb18030"]:
        # GB18030 is a superset of GBK and GB2312: decode any of them with it.
        encoding = "gb18030" if encoding.lower().replace("-", "").replace("_", "") in _GB else encoding
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _detect(raw: bytes) -> list[str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        return []
    least = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos <= least + 0.01]
    rank = {name: i for i, name in enumerate(_PREFERRED)}
    return sorted(tied, key=lambda e: rank.get(e, len(rank))) + [m.encoding for m in matches]


def _read_csv(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
    where = Location(display)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [], [Problem("not-a-spreadsheet", where)]
    decoded = decode_text(raw)
    if decoded is None:
        return [], [Problem("unknown-encoding", where)]
    text = decoded[0]
    if not text.strip():
        return [], [Problem("empty-file", where)]
    rows: list[list[Any]] = []
    cells = 0
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
        rows.append(row)
        cells += len(row)
        if len(rows) > MAX_ROWS or cells > MAX_CELLS:
            return [], [Problem("too-large", where, {"reason": f"more than {MAX_ROWS:,} rows or {MAX_CELLS:,} cells"})]
    return [Grid(None, rows)], []


def _delimiter(text: str) -> str:
    """The separator found on most of the first lines; csv.Sniffer is thrown by a title line without any."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_lines = ",", 0
    for candidate in (",", "\t", ";", "|"):
        with_it = sum(1 for line in lines if candidate in line)
        if with_it > best_lines:
            best, best_lines = candidate, with_it
    return best
