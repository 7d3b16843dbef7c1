"""Damaged copies of filled rhcalc templates, for tests/load/test_load_fuzz.py.

Real workbooks first: ``rhcalc template`` for each plan, filled in with openpyxl as a clerk fills
them in Excel (counts, 是/否, numerators and denominators, and % rates typed as 85.3% — stored as
0.853 with a percent format). Then each is damaged the ways files are damaged in transit or by a
careless writer: bytes flipped anywhere, cut short, zip members dropped, a member's XML mangled,
styles.xml with format and style indexes out of range, shared-string indexes out of range.

Deterministic: every choice comes from ``random.Random(seed)``. The tests generate the files into
their tmp folder (well under a second); ``python tests/data/fuzz/make_fuzz.py OUT`` writes them
to OUT to look at. The mutations are plain functions of bytes, so hypothesis can drive them too.
"""

from __future__ import annotations

import io
import random
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

# (plan, district, period) of the forms filled in: one per plan of the bundled catalog.
FORMS = [
    ("xicheng_mch_2024", "西城区", "2024Q2"),
    ("beijing_rh_2024", "北京市", "2024Q2"),
    ("tianjin_hebei_2021", "河北区", "2024Q2"),
    ("yueqing_pilot_2024", "乐清市", "2024Q2"),
    ("migrant_rh_2018", "全国", "2019"),
]
FIRST_ROW = 4  # 1-based row of the first indicator in a template (title, context, header)
VALUE, NUMERATOR, DENOMINATOR, CODE = 5, 6, 7, 10  # 1-based columns (E F G J) of template.HEADER


def filled_form(plan: str, district: str, period: str, out: Path) -> Path:
    """The plan's form as ``rhcalc template`` writes it, filled in and saved again as Excel would."""
    import openpyxl

    from rhcalc.catalog.load import load_catalog
    from rhcalc.render.form import build_template, write_template

    catalog = load_catalog()
    form = build_template(catalog, plan, district, period)
    write_template(form, out)
    book = openpyxl.load_workbook(out)
    sheet = book["填报"]
    percent_rates = 0
    for offset, indicator in enumerate(form.indicators):
        _fill(sheet, FIRST_ROW + offset, indicator, offset, percent_rates)
        percent_rates += indicator.type.value == "rate" and indicator.unit == "%"
    book.save(out)
    out.write_bytes(share_strings(out.read_bytes()))
    return out


def _fill(sheet, row: int, indicator, k: int, percent_rates: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Plausible figures that break no check: the good file must read and score cleanly. The first
    % rate of a form takes the custom 0.0% format (a numFmts entry of styles.xml), the next the
    built-in 0%, and so on: every form has both, whichever rates its plan asks for."""
    kind = indicator.type.value
    cell = sheet.cell(row, VALUE)
    if kind == "yes_no":
        cell.value = "是" if k % 3 else "否"
    elif kind == "rank":
        cell.value, sheet.cell(row, DENOMINATOR).value = 3, 16
    elif kind == "rate" and indicator.unit == "%":
        cell.value = round(0.5 + (k % 40) / 100, 3)  # typed as 85.3% in Excel
        cell.number_format = "0%" if percent_rates % 2 else "0.0%"
    elif kind == "rate":
        sheet.cell(row, NUMERATOR).value, sheet.cell(row, DENOMINATOR).value = 2 + k % 5, 12_000 + 37 * k
    else:
        cell.value = 3 + (k * 7) % 50


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
_SST_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
             b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
_SST_REL = (b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def share_strings(data: bytes) -> bytes:
    """openpyxl writes text inline in each cell; Excel and WPS keep it in xl/sharedStrings.xml and
    cells hold indexes into it. Re-laid out as Excel saves it, so that those indexes can be damaged."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m.group(3), len(strings))
        return b'<c %st="s"%s><v>%d</v></c>' % (m.group(1), m.group(2), index)

    def change(name: str, content: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return _INLINE.sub(shared, content)
        return content

    data = rezip(data, change)
    items = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
    extra = {"xl/sharedStrings.xml": _SST % (len(strings), len(strings), items)}
    return rezip(data, lambda n, c: c.replace(b"</Types>", _SST_TYPE) if n == "[Content_Types].xml"
                 else c.replace(b"</Relationships>", _SST_REL) if n == "xl/_rels/workbook.xml.rels" else c, extra)


# ---- mutations: bytes → bytes ------------------------------------------------------------------

def flip_bytes(data: bytes, positions: list[int], masks: list[int]) -> bytes:
    out = bytearray(data)
    for at, mask in zip(positions, masks):
        out[at % len(out)] ^= mask or 0xFF
    return bytes(out)


def truncate(data: bytes, at: int) -> bytes:
    return data[:at % len(data)]


def members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def rezip(data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """The same package with each member replaced by ``change(name, content)`` (None drops it) and
    ``extra`` members added: CRCs and sizes are right, so only the content is damaged."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return buf.getvalue()


def drop_member(data: bytes, name: str) -> bytes:
    return rezip(data, lambda n, c: None if n == name else c)


def replace_member(data: bytes, name: str, new: Callable[[bytes], bytes]) -> bytes:
    return rezip(data, lambda n, c: new(c) if n == name else c)


def mangle_xml(xml: bytes, how: str, rng: random.Random) -> bytes:
    """XML broken as a bad writer or a cut copy breaks it."""
    if how == "cut":  # ends in the middle of a tag
        return xml[:len(xml) // 2]
    if how == "garble":  # junk in the middle of the markup
        # In a worksheet, among its cells: after </sheetData> (data validations, print setup) no
        # reader looks, and the form's per-cell validations make that a good part of the file.
        end = xml.find(b"</sheetData>")
        at = rng.randrange(end if end > 0 else len(xml))
        return xml[:at] + b"<<\xff\xfe&;</>" + xml[at:]
    if how == "unclosed":  # the root's end tag gone
        return xml[:xml.rfind(b"</")] if b"</" in xml else xml + b"<"
    if how == "empty":
        return b""
    raise ValueError(how)


MANGLES = ("cut", "garble", "unclosed", "empty")


def _sub(pattern: bytes, repl: bytes, xml: bytes) -> bytes:
    return re.sub(pattern, repl, xml)


# styles.xml damaged the ways that reach the percent lookup: style and format indexes pointing past
# the lists they index, and lists missing.
STYLE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "xf-font-out-of-range": lambda x: _sub(rb'fontId="\d+"', b'fontId="97"', x),
    "xf-fill-out-of-range": lambda x: _sub(rb'fillId="\d+"', b'fillId="97"', x),
    "xf-border-out-of-range": lambda x: _sub(rb'borderId="\d+"', b'borderId="97"', x),
    "numfmt-undefined": lambda x: _cell_xfs(x, lambda xfs: _sub(rb'numFmtId="\d+"', b'numFmtId="200"', xfs)),
    "numfmts-gone": lambda x: _sub(rb"<numFmts.*?</numFmts>", b"", x),
    "cellxfs-cut": lambda x: _sub(rb"(<cellXfs[^>]*>(?:<xf[^>]*/>|<xf.*?</xf>){2}).*?</cellXfs>", rb"\1</cellXfs>", x),
    "fonts-gone": lambda x: _sub(rb"<fonts.*?</fonts>", b"", x),
}


def _cell_xfs(xml: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """``change`` applied to the cellXfs list alone (the styles cells point at)."""
    return re.sub(rb"<cellXfs.*?</cellXfs>", lambda m: change(m.group(0)), xml, flags=re.S)


def sheet_damage(xml: bytes, what: str) -> bytes:
    """A worksheet whose cells point past the shared strings or the styles."""
    if what == "shared-string-out-of-range":
        return _sub(rb'(<c [^>]*t="s"[^>]*>\s*<v>)\d+(</v>)', rb"\g<1>99999\2", xml)
    if what == "style-out-of-range":
        return _sub(rb'(<c [^>]*?)s="\d+"', rb'\1s="999"', xml)
    raise ValueError(what)


def shared_strings_cut(xml: bytes) -> bytes:
    """The shared strings table holding only its first few strings."""
    items = re.findall(rb"<si>.*?</si>", xml, flags=re.S)
    head = xml[:xml.find(b"<si>")]
    return head + b"".join(items[:5]) + b"</sst>"


# ---- the corpus ----------------------------------------------------------------------------------

def mutants(good: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """(kind, bytes) of every damaged copy of one good workbook."""
    for k in range(4):
        n = rng.choice((1, 1, 3, 20))
        yield f"flip{k}", flip_bytes(good, [rng.randrange(len(good)) for _ in range(n)], [rng.randrange(1, 256) for _ in range(n)])
    for k in range(3):
        yield f"cut{k}", truncate(good, rng.randrange(8, len(good)))
    names = members(good)
    sheet = next(n for n in names if n.startswith("xl/worksheets/"))
    for name in names:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        yield f"drop-{slug}", drop_member(good, name)
        how = MANGLES[rng.randrange(len(MANGLES))]
        yield f"{how}-{slug}", replace_member(good, name, lambda x, how=how: mangle_xml(x, how, rng))
    for what, damage in STYLE_DAMAGE.items():
        yield f"styles-{what}", replace_member(good, "xl/styles.xml", damage)
    for what in ("shared-string-out-of-range", "style-out-of-range"):
        yield f"sheet-{what}", replace_member(good, sheet, lambda x, what=what: sheet_damage(x, what))
    yield "sharedstrings-cut", replace_member(good, "xl/sharedStrings.xml", shared_strings_cut)


def make_corpus(out: Path, seed: int = 11, forms: list[tuple[str, str, str]] | None = None) -> tuple[list[Path], list[Path]]:
    """(good workbooks, damaged copies) written under ``out``; the same bytes for the same seed."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    good_files, damaged = [], []
    for plan, district, period in forms or FORMS:
        good = filled_form(plan, district, period, out / f"{plan}.xlsx")
        good_files.append(good)
        for kind, data in mutants(good.read_bytes(), rng):
            path = out / f"{plan}~{kind}.xlsx"
            path.write_bytes(data)
            damaged.append(path)
    return good_files, damaged


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz-out")
    goods, bad = make_corpus(folder)
    print(f"{len(goods)} good and {len(bad)} damaged workbooks in {folder}")
