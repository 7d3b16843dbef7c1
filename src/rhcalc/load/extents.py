"""How far each sheet of a workbook reaches, found before calamine reads it.

calamine makes each sheet one dense block from its first to its farthest cell. A damaged or hostile
sheet with one cell at XFD900000 (an .xlsx whose XML was spoilt, an .xls with a flipped byte in a row
number — BIFF has no checksum) asks it for hundreds of gigabytes, and Rust aborts the whole process:
no except can catch that, and every other file of the run would be lost. So the farthest row and
column are found here first, cheaply, and a sheet beyond ``MAX_CELLS`` is refused as too large.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

from rhcalc.load.grid import MAX_CELLS

Refusal = tuple[str, dict[str, str]]

# A cell reference (r="XFD900000") or a row number (<row r="900000">) in a worksheet's XML, as
# loosely as XML allows it (r = 'A1'): one regex pass, some 25 ms a megabyte of sheet XML.
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,7})([0-9]{1,12})["']""")


def xlsx_refusal(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Refusal | None:
    for info in infos:
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        refs = _REF.findall(zf.read(info))
        # The largest of distinct numbers by their digits (no int() of every cell's row): 007 is 7.
        height = int(max({r.lstrip(b"0") for _, r in refs}, key=_magnitude, default=b"") or 0)
        width = _column_number(max({c.upper() for c, _ in refs}, key=_magnitude, default=b""))
        if height * width > MAX_CELLS:
            return _too_large(height, width)
    return None


def _magnitude(digits: bytes) -> tuple[int, bytes]:
    return len(digits), digits


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# BIFF8 records (row and column are the first two uint16 of each): NUMBER, RK, LABELSST, LABEL,
# BLANK, BOOLERR, FORMULA, RSTRING; MULRK and MULBLANK end with their last column.
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}
_BOF, _DIMENSIONS = 0x0809, 0x0200


def xls_refusal(path: Path) -> Refusal | None:
    """The OLE container's sector chains (xlrd checks them), then the cell records of each sheet in
    the BIFF stream and its DIMENSIONS (calamine reserves room from them): one pass over the
    records, none of them decoded beyond their first bytes. None for an OLE file without a
    workbook stream (a Word .doc): calamine says what it is."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        doc = CompDoc(path.read_bytes(), logfile=io.StringIO())
        stream = doc.get_named_stream("Workbook") or doc.get_named_stream("Book")
    except CompDocError as exc:
        # A sector chain that runs into itself: calamine follows it round until memory runs out.
        return "corrupt-workbook", {"reason": str(exc)}
    height = width = pos = 0
    while stream and pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        pos += 4 + size
        if kind == _BOF:
            height = width = 0  # a new sheet
        elif kind in _CELL_RECORDS and size >= 4:
            row, col = struct.unpack_from("<HH", body)
            height, width = max(height, row + 1), max(width, col + 1)
        elif kind in _MULTI_RECORDS and size >= 6:
            row, = struct.unpack_from("<H", body)
            height, width = max(height, row + 1), max(width, struct.unpack_from("<H", body, size - 2)[0] + 1)
        elif kind == _DIMENSIONS and size >= 12:
            # calamine reserves (last - first) rows × columns, in unsigned arithmetic: a first row
            # flipped above the last wraps round to billions.
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
            height = max(height, (last_row - first_row) & 0xFFFF_FFFF)
            width = max(width, (last_col - first_col) & 0xFFFF)
        if height * width > MAX_CELLS:
            return _too_large(height, width)
    return None


def _too_large(height: int, width: int) -> Refusal:
    return "too-large", {"reason": f"{height:,} rows × {width:,} columns"}
