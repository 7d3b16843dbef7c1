"""Damage the readers cannot survive themselves — calamine aborts the process when Rust cannot
allocate what a far cell asks for, or panics — refused or caught before it reaches the run. Those
that could abort read in a child process: a regression fails the test instead of the test run, and
the child's file descriptor 2 shows whether a Rust panic reached the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rhcalc.load.submission import read_submission_rows
from test_load_fuzz import make_fuzz

from conftest import DATA  # noqa: E402

RESAVED = DATA / "resaved"
XLSX, XLS = RESAVED / "xicheng_filled.xlsx", RESAVED / "xicheng_filled.xls"  # a filled form, and LibreOffice's .xls of it
_READ = ("import sys; from pathlib import Path; from rhcalc.catalog import load_catalog; "
         "from rhcalc.load.submission import read_submission_rows as read\n"
         "for name in sys.argv[1:]:\n"
         "    rows, problems = read(Path(name), load_catalog())\n"
         "    print(len(rows), [(p.code, p.location.sheet, p.params['reason']) for p in problems])")


def _read_in_child(*paths: Path) -> tuple[int, list[str], str]:
    """(exit status, one line per file: rows and (code, sheet, reason) of its problems, stderr)."""
    done = subprocess.run([sys.executable, "-c", _READ, *map(str, paths)], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout.splitlines(), done.stderr


def test_a_damaged_zip_signature_is_a_damaged_workbook_not_another_kind_of_file(catalog, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "西城区.xlsx"
    path.write_bytes(make_fuzz.flip_bytes(XLSX.read_bytes(), [0], [0x20]))  # PK → pK
    rows, problems = read_submission_rows(path, catalog)
    assert rows == []
    assert [(p.code, p.location.file, p.location.sheet, p.params) for p in problems] == [
        ("corrupt-workbook", "西城区.xlsx", None, {"reason": "the zip signature at the start is damaged"})]


def test_a_cell_far_beyond_the_table_is_refused_before_calamine_allocates_for_it(tmp_path: Path) -> None:
    """One cell at XFD900000 makes calamine ask for 471 GB, and Rust aborts the process."""
    far = b'<row r="900000"><c r="XFD900000"><v>1</v></c></row></sheetData>'
    path = tmp_path / "far.xlsx"
    path.write_bytes(make_fuzz.replace_member(XLSX.read_bytes(), "xl/worksheets/sheet1.xml",
                                              lambda xml: xml.replace(b"</sheetData>", far)))
    assert _read_in_child(path) == (0, ["0 [('too-large', None, '900,000 rows × 16,384 columns')]"], "")


# Offsets in the committed xicheng_filled.xls (make_resaved.py may lay a new one out otherwise: then
# find the records again). Its BIFF stream is contiguous from sector 2: file offset = stream offset + 1536.
_WORKBOOK_STREAM = 1536
# BIFF has no checksum: each of these reaches calamine as it is. (stream offset, new bytes, expected problem)
XLS_DAMAGE = {
    # DIMENSIONS of 填报 with its first row above its last: calamine's unsigned (last − first) is 4 billion rows
    "dimensions-wrapped": (14193, b"\xc8\x00\x00\x00", ("too-large", "4,294,967,209 rows × 10 columns")),
    # an RK cell moved to row 65,001, column IQ: a block of 16 million cells
    "cell-far-away": (15583 + 4, b"\xe8\xfd\xfa\x00", ("too-large", "65,001 rows × 251 columns")),
    # a NAME record's length: calamine panics (a Rust panic, which pyo3 raises as a BaseException)
    "name-length": (2016 + 8, b"\xff", ("corrupt-workbook", "range start index 18446744073709551388 out of range for slice of length 27")),
}


def _damaged_xls(tmp_path: Path, name: str, at: int, new: bytes) -> Path:
    data = bytearray(XLS.read_bytes())
    data[_WORKBOOK_STREAM + at:_WORKBOOK_STREAM + at + len(new)] = new
    path = tmp_path / f"{name}.xls"
    path.write_bytes(bytes(data))
    return path


def test_damaged_xls_is_refused_or_caught_and_nothing_of_rust_is_printed(tmp_path: Path) -> None:
    paths = [_damaged_xls(tmp_path, name, at, new) for name, (at, new, _) in XLS_DAMAGE.items()]
    sat = bytearray(XLS.read_bytes())
    sat[708] = 43  # the sector allocation table: the workbook stream's chain runs into itself
    (tmp_path / "sector-loop.xls").write_bytes(bytes(sat))
    expected = [f"0 [({code!r}, None, {reason!r})]" for _, _, (code, reason) in XLS_DAMAGE.values()]
    expected.append("0 [('corrupt-workbook', None, 'Workbook corruption: seen[43] == 7')]")
    assert _read_in_child(*paths, tmp_path / "sector-loop.xls") == (0, expected, "")
