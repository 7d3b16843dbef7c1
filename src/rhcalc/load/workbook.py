"""Workbooks (.xlsx .xlsm .xls .ods) → Grids, with calamine, within size limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

from rhcalc.load.files import MAX_CELLS, MAX_ROWS, Grid
from rhcalc.problems import Location, Problem

# A zip bomb inflates a few KB into GBs: refuse before calamine inflates it.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


def read_workbook(path: Path, display: str, head: bytes) -> tuple[list[Grid], list[Problem]]:
    import python_calamine as pc

    where = Location(display)
    if head.startswith(b"PK"):
        refusal = _zip_refusal(path)
        if refusal:
            return [], [Problem(refusal[0], where, refusal[1])]
    elif head.startswith(b"\xd0\xcf\x11\xe0") and _is_encrypted_ole(path):
        return [], [Problem("encrypted-workbook", where)]
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        return [], [Problem("encrypted-workbook", where)]
    except (pc.CalamineError, pc.ZipError, pc.XmlError, OSError, ValueError) as exc:
        return [], [Problem("corrupt-workbook", where, {"reason": _short(exc)})]
    grids: list[Grid] = []
    problems: list[Problem] = []
    try:
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
            except (pc.CalamineError, pc.XmlError, ValueError) as exc:
                problems.append(Problem("corrupt-workbook", Location(display, name), {"reason": _short(exc)}))
                continue
            if sheet.total_height > MAX_ROWS or sheet.total_height * max(sheet.total_width, 1) > MAX_CELLS:
                problems.append(Problem("too-large", Location(display, name), {"reason": f"{sheet.total_height:,} rows × {sheet.total_width:,} columns"}))
                continue
            rows = sheet.to_python(skip_empty_area=False)
            grids.append(Grid(name, rows))
    except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError) as exc:
        problems.append(Problem("corrupt-workbook", where, {"reason": _short(exc)}))
    finally:
        book.close()
    return grids, problems


def _zip_refusal(path: Path) -> tuple[str, dict[str, str]] | None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        return "corrupt-workbook", {"reason": str(exc)}
    names = {i.filename for i in infos}
    # An encrypted OOXML file is an OLE container, but some tools wrap it: look for the marker.
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted-workbook", {}
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 10 * 1024 * 1024:
        return "too-large", {"reason": f"{total:,} bytes uncompressed from {packed:,}"}
    return None


def _is_encrypted_ole(path: Path) -> bool:
    """An encrypted .xlsx is an OLE2 file holding an EncryptionInfo stream (names are UTF-16)."""
    with open(path, "rb") as fh:
        data = fh.read(1 << 20)
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
