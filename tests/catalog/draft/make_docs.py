"""Documents as they arrive, written by hand for the tests: a PDF with a text layer, a scanned PDF
(an image and no text), a Word file, a saved government web page (GBK, with menus and scripts).

The PDFs are written object by object (no PDF library): a Type0 font with Identity-H codes equal
to the characters' code points and a ToUnicode map back, which is what a text-layer PDF from WPS
or Word gives a reader such as pypdf.
"""

from __future__ import annotations

import zlib
from pathlib import Path


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data)
    return f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode() + packed + b"\nendstream"


_TO_UNICODE = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0000> <FFFF> <0000> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def write_text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF whose text layer holds ``lines`` (Chinese included)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "40 800 Td"]
    for line in lines:
        ops.append("<" + "".join(f"{ord(ch):04X}" for ch in line) + "> Tj T*")
    ops.append("ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream("\n".join(ops).encode("ascii")),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
        b"/Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        _stream(_TO_UNICODE),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] /ItalicAngle 0 /Ascent 860 "
        b"/Descent -140 /CapHeight 700 /StemV 80 >>",
    ]
    path.write_bytes(_pdf(objects))
    return path


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF of page images and no text, as a scanner makes it."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    image = 3 + 2 * pages
    for i in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 {image} 0 R >> >> "
                       f"/Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
    objects.append(_stream(bytes([200] * 64), "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "))
    path.write_bytes(_pdf(objects))
    return path


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    document.save(path)
    return path


PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}_政务公开</title>
<script>var nav = "首页 > 政务公开 > 每季度至少 9 次点击";</script><style>.x{{color:red}}</style></head>
<body><div class="nav">首页 | 机构设置 | 政务公开 | 互动交流</div>
<div class="TRS_Editor">{body}</div>
<div class="footer">主办单位：某区卫生健康委员会 版权所有 联系电话：010-12345678</div></body></html>"""


def write_html(path: Path, title: str, paragraphs: list[str], encoding: str = "gbk") -> Path:
    body = "".join(f"<p style=\"text-indent:2em\">{p.replace('&', '&amp;')}</p>\n" for p in paragraphs)
    path.write_bytes(PAGE.format(title=title, body=f"<h1>{title}</h1>" + body).encode(encoding))
    return path
