"""CSV and other delimited text (.csv .txt .tsv, and an “.xls” that is text) → one Grid.

The text is decoded by detection, not assumption (``common.encodings``); the delimiter is the one
found on most of the first lines.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from rhcalc.common.encodings import decode_text
from rhcalc.common.problems import Location, Problem
from rhcalc.load.grid import MAX_CELLS, MAX_ROWS, Grid


def read_delimited(path: Path, display: str) -> tuple[list[Grid], list[Problem]]:
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
