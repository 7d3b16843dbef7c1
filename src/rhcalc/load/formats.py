"""Number formats that change what a cell means, read only when a value needs them.

Excel, WPS and LibreOffice keep a cell typed as 85.3% as the number 0.853 with a percent format;
calamine returns the number alone. For an indicator measured in % that is the difference between
85.3 % and 0.853 %, so the format is looked up, each file type with what reads it best:

- .xlsx/.xlsm: styles.xml and the sheet's cell tags, read from the zip (a second full parse with
  openpyxl cost more than calamine's whole read);
- .xls: xlrd with ``formatting_info``, which reads the BIFF XF and FORMAT records calamine skips,
  loading only the sheet asked for;
- .ods: content.xml streamed with expat, up to the end of the sheet asked for; LibreOffice marks
  such a cell ``office:value-type="percentage"`` itself, so no style needs to be resolved.

A format table that cannot be read raises (an IndexError for a style index past its end,
xlrd's XLRDError): without the formats 85.3% would read as 0.853, so ``load.submission`` makes the
file corrupt rather than guess.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

Cells = set[tuple[int, int]]
# A percentage repeated over a whole row or sheet (LibreOffice compresses equal neighbours into one
# element): no grid calamine accepts (load.grid limits) has more rows or columns than this.
_MAX_REPEAT = 200_000


def readable(path: Path) -> bool:
    """Whether the cell formats of this kind of file can be read."""
    return path.suffix.lower() in _READERS


def percent_cells(path: Path, sheet: str) -> Cells:
    """0-based (row, column) of the numeric cells of ``sheet`` shown as a percentage."""
    stat = path.stat()
    return _percent_cells(path, sheet, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _percent_cells(path: Path, sheet: str, mtime_ns: int, size: int) -> Cells:
    # Keyed by the file's time and size too: a notebook reads the file again after the clerk fixed it.
    with warnings.catch_warnings():  # “Data Validation extension is not supported” and the like: not the clerk's concern
        warnings.simplefilter("ignore")
        return _READERS[path.suffix.lower()](path, sheet)


def _xlsx(path: Path, sheet: str) -> Cells:
    """The styles table and the one sheet's cell tags, read straight from the zip.

    openpyxl would parse the whole workbook again (for a form of 100 rows, more than calamine's own
    read); the formats need only styles.xml (which cell style is a percentage) and the ``s`` and
    ``t`` attributes of the sheet's ``<c>`` tags, found with one regular expression.
    """
    import zipfile

    with zipfile.ZipFile(path) as zf:
        member = _sheet_member(zf, sheet)
        if member is None:
            return set()
        if "xl/styles.xml" not in zf.namelist():
            # Excel always writes it; without it 85.3% would silently read as 0.853.
            raise ValueError("xl/styles.xml (the cell formats) is missing")
        percent = _percent_styles(zf.read("xl/styles.xml"))
        xml = zf.read(member)
        _whole(xml)
        return _styled_cells(xml, percent)


def _whole(xml: bytes) -> None:
    """A sheet cut short may still give calamine rows, the rest silently lost: its end must be there."""
    if not xml.rstrip().endswith(b"worksheet>") or (b"</sheetData>" not in xml and b"<sheetData/>" not in xml):
        raise ValueError("the sheet's XML is cut short")


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_BUILT_IN_PERCENT = {9, 10}  # 0% and 0.00%, which styles.xml never spells out
_FIRST_CUSTOM = 164  # ids below are Excel's built-in formats; from here on styles.xml must define them
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?)/?>")
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_TEXT_TYPES = {b"s", b"str", b"inlineStr", b"b", b"e"}


def _sheet_member(zf, sheet: str) -> str | None:  # type: ignore[no-untyped-def]
    """The zip member of the sheet named ``sheet``: workbook.xml's name → id → the rels' target."""
    from xml.etree.ElementTree import fromstring

    book = fromstring(zf.read("xl/workbook.xml"))
    rid = next((s.get(_NS_REL + "id") for s in book.iter(_NS_MAIN + "sheet") if s.get("name") == sheet), None)
    if rid is None:
        return None
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
    if target is None:
        return None
    target = target.lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def _percent_styles(xml: bytes) -> set[int]:
    """Indexes into cellXfs whose number format shows a percentage."""
    from xml.etree.ElementTree import fromstring

    root = fromstring(xml)
    codes = {int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(_NS_MAIN + "numFmt")}
    xfs = root.find(_NS_MAIN + "cellXfs")
    if xfs is None:
        return set()
    out = set()
    for i, xf in enumerate(xf for xf in xfs if xf.tag == _NS_MAIN + "xf"):
        fmt = int(xf.get("numFmtId", "0"))
        if fmt >= _FIRST_CUSTOM and fmt not in codes:
            raise ValueError(f"cell style {i} names number format {fmt}, which the styles table does not define")
        if fmt in _BUILT_IN_PERCENT or "%" in _unquoted(codes.get(fmt, "")):
            out.add(i)
    out.add(-len(xfs))  # how many styles there are, for the range check of _styled_cells
    return out


def _unquoted(code: str) -> str:
    """A format code without its quoted text: "占比" "%" in quotes shows a percent sign, not a percentage."""
    return re.sub(r'"[^"]*"|\\.', "", code)


def _styled_cells(xml: bytes, percent: set[int]) -> Cells:
    count = -min(percent)
    styles = {s for s in percent if s >= 0}
    found: Cells = set()
    for attrs in _CELL_TAG.findall(xml):
        values = dict(_ATTR.findall(attrs))
        style = int(values.get(b"s", b"0"))
        if style >= count:
            # openpyxl raises here too: a style the table does not have is a damaged styles.xml.
            raise IndexError(f"cell style {style} is not in the styles table ({count} styles)")
        if style in styles and values.get(b"t", b"n") not in _TEXT_TYPES:
            ref = values.get(b"r")
            if ref is None:
                raise ValueError("a cell without its reference")
            found.add(_cell_index(ref))
    return found


def _cell_index(ref: bytes) -> tuple[int, int]:
    col = 0
    for i, ch in enumerate(ref):
        if 65 <= ch <= 90:
            col = col * 26 + ch - 64
        elif 97 <= ch <= 122:
            col = col * 26 + ch - 96
        else:
            return int(ref[i:]) - 1, col - 1
    raise ValueError(f"bad cell reference {ref!r}")


def _xls(path: Path, sheet: str) -> Cells:
    import xlrd

    # xlrd writes its notes on odd records to stdout, which would land in the JSON of `score`.
    with open(os.devnull, "w") as quiet:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=quiet)
        try:
            if sheet not in book.sheet_names():
                return set()
            grid = book.sheet_by_name(sheet)  # on demand: only this sheet is parsed
            percent_xfs = {i for i, xf in enumerate(book.xf_list) if "%" in book.format_map[xf.format_key].format_str}
            return {(r, c) for r in range(grid.nrows) for c, kind in enumerate(grid.row_types(r))
                    if kind == xlrd.XL_CELL_NUMBER and grid.cell_xf_index(r, c) in percent_xfs}
        finally:
            book.release_resources()


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
_CELLS = {_TABLE + "table-cell", _TABLE + "covered-table-cell"}  # a cell under a merge still takes its column


def _ods(path: Path, sheet: str) -> Cells:
    import zipfile
    from xml.etree.ElementTree import iterparse

    found: Cells = set()
    inside, row, col, in_row = False, 0, 0, []
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        for event, el in iterparse(fh, ("start", "end")):
            if event == "start":
                if el.tag == _TABLE + "table":
                    inside = el.get(_TABLE + "name") == sheet
                continue
            if not inside:
                el.clear()
            elif el.tag in _CELLS:
                span = _repeat(el, "number-columns-repeated")
                if el.get(_VALUE_TYPE) == "percentage":
                    in_row.extend(range(col, col + span))
                col += span
                el.clear()
            elif el.tag == _TABLE + "table-row":
                rows = _repeat(el, "number-rows-repeated")
                if in_row:
                    found.update((r, c) for r in range(row, row + rows) for c in in_row)
                row, col, in_row = row + rows, 0, []
                el.clear()
            elif el.tag == _TABLE + "table":
                break  # the sheet asked for is read: the rest of the file is not
    return found


def _repeat(el, name: str) -> int:  # type: ignore[no-untyped-def]
    return min(int(el.get(_TABLE + name, "1")), _MAX_REPEAT)


_READERS: dict[str, Callable[[Path, str], Cells]] = {".xlsx": _xlsx, ".xlsm": _xlsx, ".xls": _xls, ".ods": _ods}
