"""Documents as they arrive — GBK text, Word, a saved web page, a PDF with a text layer — read to the
same targets; what cannot be read (a scan, a .doc, a broken file) is one located, coded problem in
zh and en, and the command exits 1 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from make_docs import write_docx, write_html, write_scanned_pdf, write_text_pdf
from rhcalc.catalog.draft import DraftOptions, draft_document
from rhcalc.catalog.draft.documents import read_text
from rhcalc.cli import app

TITLE = "2025年某区妇幼健康工作要点"
BODY = [
    "一、重点工作",
    "全年开展青春健康教育讲座 120 场，受益青少年 5 千人以上。",
    "区妇幼保健院每季度至少组织 1 次区级模拟演练。",
    "6月底前制定辖区托育机构卫生保健工作方案。",
]
# What each format must draft: (quote, kind, value) in document order.
EXPECTED = [
    ("全年开展青春健康教育讲座 120 场", "at_least", 120.0),
    ("受益青少年 5 千人以上", "at_least", 5000.0),
    ("区妇幼保健院每季度至少组织 1 次区级模拟演练", "per_period", 1.0),
    ("6月底前制定辖区托育机构卫生保健工作方案", "milestone", None),
]


def _seen(path: Path) -> list[tuple[str, str, float | None]]:
    result = draft_document(DraftOptions(path, "sample_2025"))
    assert result.problems == []
    return [(r.quote, r.kind, r.value) for r in result.draft.readings]


def test_gbk_text(tmp_path):
    path = tmp_path / "要点.txt"
    path.write_bytes("\r\n".join([TITLE, "", *BODY]).encode("gbk"))
    assert _seen(path) == EXPECTED


def test_utf8_text_with_bom_and_full_width_digits(tmp_path):
    path = tmp_path / "要点.txt"
    body = [line.replace("120", "１２０") for line in BODY]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join([TITLE, *body]).encode("utf-8"))
    seen = _seen(path)
    assert seen[0] == ("全年开展青春健康教育讲座 １２０ 场", "at_least", 120.0)


def test_word_document_with_a_table(tmp_path):
    path = write_docx(tmp_path / "要点.docx", [TITLE, *BODY], table=[["指标", "目标"], ["讲座", "120场"]])
    assert _seen(path) == EXPECTED


def test_web_page_saved_from_the_browser(tmp_path):
    path = write_html(tmp_path / "要点.html", TITLE, BODY)
    text, problems = read_text(path)
    assert problems == [] and "首页" not in text.text and "联系电话" not in text.text  # menus and footer dropped
    assert _seen(path) == EXPECTED


def test_pdf_with_a_text_layer(tmp_path):
    path = write_text_pdf(tmp_path / "要点.pdf", [TITLE, *BODY])
    assert _seen(path) == EXPECTED


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = write_text_pdf(tmp_path / "要点.txt", [TITLE, *BODY])
    assert _seen(path) == EXPECTED


def _problem(path: Path) -> tuple[str, str, str, str]:
    result = draft_document(DraftOptions(path, "sample_2025"))
    assert result.draft is None and len(result.problems) == 1
    p = result.problems[0]
    return p.code, p.location.file, p.message("zh"), p.message("en")


def test_a_scanned_pdf_says_so(tmp_path):
    code, file, zh, en = _problem(write_scanned_pdf(tmp_path / "扫描件.pdf", pages=3))
    assert (code, file) == ("scanned-pdf", "扫描件.pdf")
    assert "3 页都没有文字层" in zh and "OCR" in zh and "3 pages has a text layer" in en


@pytest.mark.parametrize("name, content, code", [
    ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not-a-document"),
    ("表格.xlsx", b"PK\x03\x04" + b"\0" * 100, "not-a-document"),
    ("坏的.docx", b"PK\x03\x04 this is not really a zip", "corrupt-document"),
    ("坏的.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", "corrupt-document"),
    ("空的.txt", b"  \n", "empty-file"),
    ("英文.txt", b"An English memo with no Chinese at all.", "no-text"),
])
def test_unreadable_documents_are_named_with_a_code(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    assert _problem(path)[:2] == (code, name)


def test_a_missing_file(tmp_path):
    assert _problem(tmp_path / "没有.txt")[:2] == ("file-not-found", "没有.txt")


def test_cli_exits_1_with_the_problem_in_chinese_and_english(runner, tmp_path):
    path = write_scanned_pdf(tmp_path / "扫描件.pdf")
    zh = runner.invoke(app, ["catalog", "draft", str(path), "--plan", "scan_2025"])
    en = runner.invoke(app, ["catalog", "draft", str(path), "--plan", "scan_2025", "--lang", "en"])
    assert (zh.exit_code, en.exit_code) == (1, 1)
    assert "扫描件.pdf" in zh.output and "没有文字层" in zh.output and "[scanned-pdf]" in zh.output
    assert "has a text layer" in en.output and "Traceback" not in zh.output + en.output
