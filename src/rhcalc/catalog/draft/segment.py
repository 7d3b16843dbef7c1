"""A document's text → paragraphs → sentences → clauses, each with its place in the text.

Every clause keeps its character span in the text it was cut from, so that a quote is always a
verbatim span of the document (line breaks inside a span are dropped: ``check_quotes`` compares
with white space removed, and the seed texts break lines in the middle of a sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rhcalc.catalog.draft import rules


@dataclass(frozen=True)
class Clause:
    start: int  # span in the document's text
    end: int
    text: str  # the span with its line breaks dropped: the quote
    sentence: int  # index of its sentence in the document
    paragraph: int  # index of its paragraph
    line: int  # 1-based line of the document where it starts
    heading: bool = False  # a section heading or a numbered title sentence


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    line: int
    heading: bool


def quote_of(text: str) -> str:
    """A span as a quote: line breaks (and the blanks around them) dropped, other spaces kept."""
    return re.sub(r"[ \t\u3000]*\n[\s\u3000]*", "", text).strip(" \t\u3000\r\n")


def paragraphs(text: str) -> list[Paragraph]:
    """Lines joined back into paragraphs where a sentence was broken across lines."""
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*", text)]
    lines = [(s, e, t) for s, e, t in lines if t.strip(" \t\u3000\r#*-—")]
    out: list[Paragraph] = []
    i = 0
    while i < len(lines):
        start, end, line = lines[i]
        j = i
        while j + 1 < len(lines) and _continues(lines[j][2], lines[j + 1][2]):
            j += 1
            end = lines[j][1]
        body = text[start:end]
        out.append(Paragraph(start, end, text.count("\n", 0, start) + 1, _is_heading(quote_of(body))))
        i = j + 1
    return out


def _continues(line: str, nxt: str) -> bool:
    """A line broken in the middle of a sentence: long, no closing stop, the next not a heading."""
    stripped = line.strip(" \t\u3000\r#*")
    if not stripped or stripped[-1] in rules.SENTENCE_STOPS + "：:" or line.lstrip().startswith("#"):
        return False
    if rules.TITLE_END.search(stripped):
        return False
    if rules.HEADING_START.match(nxt.strip(" \t\u3000\r#*")):
        return False
    return stripped[-1] in "，、,（(“" or len(stripped) >= rules.BROKEN_LINE_MIN


def _is_heading(body: str) -> bool:
    body = body.strip(" \t\u3000#*")
    if not body:
        return True
    if rules.HEADING_START.match(body) and len(body) <= rules.HEADING_MAX and not any(ch in body for ch in "。；"):
        return True  # 1、 统筹协调，高效落实规划任务
    if body[-1] in rules.SENTENCE_STOPS and len(body) > rules.HEADING_MAX:
        return False
    return len(body) <= rules.HEADING_MAX and not any(ch in body for ch in "，。；")


def clauses(text: str) -> list[Clause]:
    """Every clause of the document, in order; headings are kept (and marked) so that the table
    can say why they were left out."""
    out: list[Clause] = []
    sentence = 0
    for p_index, para in enumerate(paragraphs(text)):
        if para.heading:
            out.append(_clause(text, para.start, para.end, sentence, p_index, True))
            sentence += 1
            continue
        for s_start, s_end in _spans(text, para.start, para.end, rules.SENTENCE_SPLIT):
            title = _is_title(text, para.start, para.end, s_start, s_end)
            for c_start, c_end in _spans(text, s_start, s_end, rules.CLAUSE_SPLIT):
                out.append(_clause(text, c_start, c_end, sentence, p_index, title))
            sentence += 1
    return [c for c in out if c.text]


def _is_title(text: str, para_start: int, para_end: int, s_start: int, s_end: int) -> bool:
    """``1．完善孕产妇保健服务。`` / ``（一）加强组织领导，落实各方责任。`` — the numbered title sentence
    that opens a paragraph, with more sentences after it. A figure in it keeps it a commitment."""
    if s_start != para_start or not quote_of(text[s_end:para_end]):
        return False
    body = quote_of(text[s_start:s_end])
    marker = rules.HEADING_START.match(body)
    body = rules.HEADING_START.sub("", body)
    if not marker or re.search(r"\d\s*[%‰个项家所场人次]|\d{4}\s*年|\d\s*月", body):
        return False
    return 0 < len(body) <= rules.TITLE_MAX and text[s_end - 1:s_end] in "。：:"


def _spans(text: str, start: int, end: int, splitter: re.Pattern[str]) -> list[tuple[int, int]]:
    """Pieces of text[start:end] cut after each match of splitter (the stop stays with the piece)."""
    spans = []
    pos = start
    for m in splitter.finditer(text, start, end):
        if _inside_brackets(text, pos, m.start()):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _inside_brackets(text: str, start: int, at: int) -> bool:
    piece = text[start:at]
    return piece.count("（") > piece.count("）") or piece.count("“") > piece.count("”") or piece.count("《") > piece.count("》")


def _clause(text: str, start: int, end: int, sentence: int, paragraph: int, heading: bool) -> Clause:
    span = text[start:end]
    # Trim the stop and the blanks at both ends; the span keeps what the quote keeps.
    lead = len(span) - len(span.lstrip(" \t\u3000\r\n#*"))
    trail = len(span) - len(span.rstrip(" \t\u3000\r\n" + rules.TRIM_STOPS))
    start, end = start + lead, end - trail
    return Clause(start, end, quote_of(text[start:end]), sentence, paragraph, text.count("\n", 0, start) + 1, heading)
