"""The zip check before calamine: a member inflated straight from the buffer (the quick way) must
refuse exactly what ZipFile.open refuses — a wrong CRC, a size the header states too small, a bomb
just under the quick way's limit — with the same problem and reason."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from rhcalc.load.files import read_grids

SHEET = "xl/worksheets/sheet1.xml"


def _workbook(path: Path, sheet_xml: bytes) -> Path:
    """A minimal zip with the parts that make it a workbook for the check (calamine is not reached)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr(SHEET, sheet_xml)
    return path


def _patch_central(path: Path, name: str, field: str, value: int) -> None:
    """Overwrite the CRC or uncompressed size of ``name`` in both the local and the central header."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    local, central = {"crc": 14, "size": 22}[field], {"crc": 16, "size": 24}[field]
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        if data[i + 30:i + 30 + len(encoded)] == encoded:
            struct.pack_into("<I", data, i + local, value)
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        if data[i + 46:i + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", data, i + central, value)
        i = data.find(b"PK\x01\x02", i + 4)
    path.write_bytes(bytes(data))


def _codes(path: Path) -> list[tuple[str, dict]]:
    return [(p.code, p.params) for p in read_grids(path, path.name)[1]]


def test_a_member_whose_crc_is_wrong_is_a_corrupt_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "crc.xlsx", b"<worksheet>" + b"<row/>" * 500 + b"</worksheet>")
    _patch_central(path, SHEET, "crc", 0xDEADBEEF)
    assert _codes(path) == [("corrupt-workbook", {"reason": f"Bad CRC-32 for file '{SHEET}'"})]


def test_a_member_larger_than_its_header_says_is_a_corrupt_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "size.xlsx", b"<worksheet>" + b"<row/>" * 500 + b"</worksheet>")
    _patch_central(path, SHEET, "size", 100)  # ZipFile stops at 100 bytes, and their CRC is not the member's
    assert _codes(path) == [("corrupt-workbook", {"reason": f"Bad CRC-32 for file '{SHEET}'"})]


def test_a_bomb_small_enough_to_inflate_at_once_is_still_too_large(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bomb.xlsx", b"0" * (12 * 1024 * 1024))
    [(code, params)] = _codes(path)
    assert code == "too-large"
    assert params["reason"].startswith(f"more than {12 * 1024 * 1024 + len(b'<workbook/>'):,} bytes uncompressed")
