"""A policy document as it arrives → its text: .txt (UTF-8 or GBK), .docx, .html saved from a
browser, .pdf with a text layer. What cannot be read is a Problem naming the file, never a traceback.

Each reader imports its library inside itself (pypdf), so that ``rhcalc --help`` loads none of them;
.docx and .html are read with the standard library (a .docx is a zip of XML; html.parser is enough
for a saved page).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rhcalc.common.problems import Location, Problem

SUFFIXES = (".txt", ".text", ".md", ".docx", ".html", ".htm", ".pdf")
MAX_BYTES = 50 * 1024 * 1024  # a policy document is a few hundred KB; a scanned one a few MB


@dataclass(frozen=True)
class Text:
    text: str
    kind: str  # txt | docx | html | pdf
    encoding: str | None = None


def read_text(path: Path) -> tuple[Text | None, list[Problem]]:
    """The document's text, or None and the problem that says why it cannot be read."""
    where = Location(path.name)
    if not path.is_file():
        return None, [Problem("file-not-found", where)]
    if path.stat().st_size > MAX_BYTES:
        return None, [Problem("too-large", where, {"reason": f"{path.stat().st_size:,} bytes > {MAX_BYTES:,}"})]
    raw = path.read_bytes()
    if not raw.strip():
        return None, [Problem("empty-file", where)]
    reader = _READERS.get(_sniff(path.suffix.lower(), raw))
    if reader is None:
        return None, [Problem("not-a-document", where, {"suffix": path.suffix or "（无）"})]
    text, problem = reader(raw, where)
    if problem is not None:
        return None, [problem]
    assert text is not None
    if not re.search(r"[\u4e00-\u9fff]", text.text):
        return None, [Problem("no-text", where)]
    return text, []


def _sniff(suffix: str, raw: bytes) -> str:
    """What the bytes are, whatever the name says (a .doc saved as .html, a PDF named .txt)."""
    head = raw[:1024].lstrip()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx" if suffix in (".docx", ".txt", ".html", ".htm", "") or b"word/" in raw[:4096] else "zip"
    if head[:15].lower().startswith((b"<!doctype html", b"<html", b"<?xml")) or suffix in (".html", ".htm"):
        return "html"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"  # Word 97–2003: not read (save as .docx)
    return "txt" if suffix in (".txt", ".text", ".md", "") else suffix.lstrip(".")


def _read_txt(raw: bytes, where: Location) -> tuple[Text | None, Problem | None]:
    from rhcalc.common.encodings import decode_text

    decoded = decode_text(raw)
    if decoded is None:
        return None, Problem("unknown-encoding", where)
    text, encoding = decoded
    return Text(text.replace("\r\n", "\n").replace("\r", "\n"), "txt", encoding), None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(raw: bytes, where: Location) -> tuple[Text | None, Problem | None]:
    """Paragraphs of word/document.xml (tables included, in reading order), one per line."""
    import io
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            xml = z.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        return None, Problem("corrupt-document", where, {"reason": str(exc) or type(exc).__name__})
    lines = []
    for p in root.iter(_W + "p"):
        parts = []
        for node in p.iter():
            if node.tag == _W + "t" and node.text:
                parts.append(node.text)
            elif node.tag in (_W + "tab",):
                parts.append(" ")
            elif node.tag in (_W + "br", _W + "cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return Text("\n".join(lines), "docx"), None


def _read_html(raw: bytes, where: Location) -> tuple[Text | None, Problem | None]:
    from rhcalc.catalog.draft.html_text import html_to_text

    decoded = _decode_html(raw)
    if decoded is None:
        return None, Problem("unknown-encoding", where)
    return Text(html_to_text(decoded), "html"), None


def _decode_html(raw: bytes) -> str | None:
    """The charset the page declares (a saved gov.cn page is often GBK), else detection."""
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.I)
    if m:
        try:
            name = m[1].decode("ascii").lower()
            return raw.decode("gb18030" if name in ("gbk", "gb2312", "gb18030") else name)
        except (LookupError, UnicodeDecodeError):
            pass
    text, _ = _read_txt(raw, Location(""))
    return text.text if text else None


def _read_pdf(raw: bytes, where: Location) -> tuple[Text | None, Problem | None]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            return None, Problem("encrypted-document", where)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        return None, Problem("corrupt-document", where, {"reason": str(exc) or type(exc).__name__})
    if not any(re.search(r"\S", p) for p in pages):
        return None, Problem("scanned-pdf", where, {"pages": len(pages)})
    return Text("\n".join(pages), "pdf"), None


_READERS = {"txt": _read_txt, "docx": _read_docx, "html": _read_html, "pdf": _read_pdf}
