"""Where each target stands in its document: the heading (一、… or （一）…) above its quote.

Reports group the targets that need no attention by the document's own sections, in the
document's order, so a director finds “三、加强管理，提升母婴安全保障水平” as she knows it from the
paper. The headings are read from the seed texts in ``<catalog>/sources/``; a quote is found as
``catalog check`` finds it (white space removed on both sides).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rhcalc.catalog.model import Catalog, Target
from rhcalc.catalog.quotes import squeeze

_NUMERALS = "一二三四五六七八九十"
# 一、工作任务 · 1、 统筹协调… (a scan read 一 as 1) · ## 二、主要任务 · #### **四、进度安排** (a document
# saved as Markdown)
TOP = re.compile(r"^[#*\s]*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*、\s*(?P<title>[^*]\S*?.*?)[*\s]*$")
# （一）健康素养根植行动 — a heading when it is a short line, not the first sentence of a paragraph
SUB = re.compile(r"^[#*\s]*[（(](?P<num>[一二三四五六七八九十]{1,3})[）)]\s*(?P<title>[^*]\S*?.*?)[*\s]*$")
MAX_HEADING = 30  # characters: longer is a paragraph that starts with its number


@dataclass(frozen=True, order=True)
class DocSection:
    order: int  # the heading's line in the document: sections sort as the document has them
    label: str  # “三、加强管理，提升母婴安全保障水平”


class Numbered(NamedTuple):
    top: bool  # 一、 rather than （一）
    label: str
    short: bool  # a heading's length, not a paragraph's


def numbered(line: str) -> Numbered | None:
    """A line that starts with a section number (一、 or （一）), as the report would print it."""
    text = line.strip()
    for pattern, top in ((TOP, True), (SUB, False)):
        m = pattern.match(text)
        if m is None:
            continue
        title = m["title"].strip().rstrip("。")
        num = m["num"]
        if num.isdigit():
            num = _chinese(int(num))
        short = len(squeeze(title)) <= MAX_HEADING and "。" not in title
        return Numbered(top, f"{num}、{title}" if top else f"（{num}）{title}", short)
    return None


def headings(lines: list[str]) -> dict[int, str]:
    """Line index → heading, for the lines of a document.

    A （一） line is a heading only where most of its run of siblings is short too: “（七）区医保局按照
    规定落实…政策。” among twelve duty paragraphs is one of them. A run ends at a 一、 heading, at a
    plain heading (保障措施) or where the numbering starts again.
    """
    out: dict[int, str] = {}
    run: list[tuple[int, Numbered]] = []

    def close() -> None:
        if run and 2 * sum(n.short for _, n in run) > len(run):
            out.update((i, n.label) for i, n in run if n.short)
        run.clear()

    last_number = 0
    for i, line in enumerate(lines):
        n = numbered(line)
        if n is None:
            if _plain_heading(lines, i):
                close()
                out[i] = line.strip()
            continue
        if n.top:
            close()
            if n.short:
                out[i] = n.label
            continue
        number = _NUMERALS.index(n.label[1]) + 1 if n.label[1] in _NUMERALS else 0
        if number <= last_number:
            close()
        last_number = number
        run.append((i, n))
    close()
    return out


PLAIN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def _plain_heading(lines: list[str], i: int) -> bool:
    """保障措施 on a line of its own, not the title, followed by a numbered line or a paragraph
    (the signature block's 乐清市卫生健康局 is followed by another short line)."""
    if not PLAIN.match(lines[i].strip()) or not any(line.strip() for line in lines[:i]):
        return False
    following = next((line.strip() for line in lines[i + 1:] if line.strip()), "")
    return numbered(following) is not None or len(squeeze(following)) > MAX_HEADING


def _chinese(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


class _Document:
    """A document's text without white space, and the heading in force at each offset of it."""

    def __init__(self, text: str) -> None:
        parts: list[str] = []
        self.starts: list[int] = []  # squeezed offset where each heading's scope begins
        self.sections: list[DocSection] = []
        offset = 0
        lines = text.splitlines()
        found = headings(lines)
        for index, line in enumerate(lines):
            if index in found:
                self.starts.append(offset)
                self.sections.append(DocSection(index + 1, found[index]))
            squeezed = squeeze(line)
            parts.append(squeezed)
            offset += len(squeezed)
        self.text = "".join(parts)

    def section_at(self, quote: str) -> DocSection | None:
        at = self.text.find(squeeze(quote))
        if at < 0:
            return None
        found = None
        for start, section in zip(self.starts, self.sections):
            if start > at:
                break
            found = section
        return found


_lock = threading.Lock()
_cache: dict[tuple[Path, str], dict[str, DocSection | None]] = {}


def target_sections(catalog: Catalog) -> dict[str, DocSection | None]:
    """target id → the document section its quote is in (None: before the first heading, or no document).

    Worked out once per catalog and process: a batch renders thousands of reports from one catalog.
    """
    key = (catalog.folder, catalog.fingerprint)
    with _lock:
        known = _cache.get(key)
        if known is None:
            known = _cache[key] = _read(catalog)
            if len(_cache) > 16:  # catalogs loaded one after another (tests, a notebook)
                _cache.pop(next(iter(_cache)))
        return known


def _read(catalog: Catalog) -> dict[str, DocSection | None]:
    documents: dict[str, _Document | None] = {}
    out: dict[str, DocSection | None] = {}
    for t in catalog.targets:
        name = _document_of(catalog, t)
        if name not in documents:
            path = catalog.folder / "sources" / name
            documents[name] = _Document(path.read_text(encoding="utf-8")) if name and path.is_file() else None
        doc = documents[name]
        out[t.id] = doc.section_at(t.source.quote) if doc is not None else None
    return out


def _document_of(catalog: Catalog, t: Target) -> str:
    if t.source.document:
        return t.source.document
    plan = catalog.plans.get(t.plan or "")
    return plan.document if plan else ""
