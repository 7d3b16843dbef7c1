"""The plan section of a draft: title, issuer, date, jurisdiction, level and window, read from the
document where the options do not give them, each with a note of where it came from."""

from __future__ import annotations

import datetime as dt
import re

from rhcalc.catalog.draft import rules, when
from rhcalc.catalog.draft.findings import PlanDraft
from rhcalc.common.errors import RhcalcError
from rhcalc.catalog.draft.segment import paragraphs, quote_of


class PlanUnclear(RhcalcError):
    """The document does not say its window and no --start/--deadline was given."""


def read_plan(text: str, plan_id: str, document: str, jurisdiction: str | None = None, units: tuple[str, ...] = (),
              start: dt.date | None = None, deadline: dt.date | None = None) -> PlanDraft:
    lines = [quote_of(text[p.start:p.end]) for p in paragraphs(text)]
    title = _title(lines)
    notes = [f"name_zh: 取自文件标题“{title}”"]
    issuer = _issuer(lines) or "（未识别，请填写）"
    issued = _issued(lines)
    place = jurisdiction or _place(title) or _place(issuer) or "（未识别）"
    level = _level(place)
    window, how = _window(text, title, issued)
    if start or deadline:
        how = "--start/--deadline"
    begin, end = start or (window[0] if window else None), deadline or (window[1] if window else None)
    if begin is None or end is None:
        raise PlanUnclear.at("draft-no-window", document)
    notes.append(f"start/end: {how}")
    if jurisdiction is None:
        notes.append(f"jurisdiction: 取自标题或发文机关“{place}”，级别 {level}")
    return PlanDraft(plan_id, title, issuer, document, place, level, begin, end, issued, units, tuple(notes))


def _title(lines: list[str]) -> str:
    """The document's own title: the first short line ending in 方案/要点/措施… (not the covering 通知)."""
    for i, line in enumerate(lines[:40]):
        body = line.strip("# *")
        if (rules.TITLE_WORDS.search(body) or rules.TITLE_END.search(body)) and len(body) <= 60 and "，" not in body \
                and not body.endswith(("通知", "函")):
            prev = lines[i - 1].strip("# *") if i else ""
            if prev and not rules.TITLE_WORDS.search(prev) and len(prev) < rules.BROKEN_LINE_MIN and "，" not in prev \
                    and not rules.ISSUED.search(prev) and not prev.startswith("（"):
                body = prev + body  # a title broken over two lines
            return re.sub(r"\s+", "", body)
    return lines[0].strip("# *") if lines else ""


def _issuer(lines: list[str]) -> str | None:
    """The issuer of the covering letter (XX关于印发…), else the signature (XX  2024年1月26日印发)."""
    for line in lines[:10]:
        if m := rules.ISSUER.match(line):
            return m["issuer"].strip()
    for line in reversed(lines):
        if m := rules.SIGNATURE.match(line):
            return m["issuer"].strip()
    return None


def _issued(lines: list[str]) -> dt.date | None:
    """The signature date: a line that is a date (and perhaps 印发), nothing else."""
    for line in lines:
        m = rules.ISSUED.search(line)
        if m and len(re.sub(r"\s+", "", line)) <= len(re.sub(r"\s+", "", m.group())) + 24 and "，" not in line:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _place(text: str) -> str | None:
    m = rules.PLACE.search(re.sub(r"\d{4}\s*年", "", text))
    return m["place"] if m else None


def _level(place: str) -> str:
    for suffix, level in rules.PLACE_LEVELS:
        if place.startswith(suffix) or place.endswith(suffix):
            return level
    return "city"


def _window(text: str, title: str, issued: dt.date | None) -> tuple[when.Window | None, str]:
    flat = re.sub(r"\s+", "", text)
    if m := re.search(rules.PLAN_WINDOW.pattern + r"(?P<span>\d{4}年\d{1,2}月[-－—~至到]\d{4}年\d{1,2}月)", flat):
        return when.window_in(m["span"], (dt.date.min, dt.date.max)), f"文中“{m.group()}”"
    if (w := when.window_in(title, (dt.date.min, dt.date.max))) is not None:
        return w, f"标题中的年份“{title}”"
    if m := re.match(r"^(\d{4})年", title):
        year = int(m[1])
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)), f"标题中的年份“{m.group()}”"
    stages = [when.window_in(s.group(), (dt.date.min, dt.date.max)) for s in rules.YEAR_MONTH_SPAN.finditer(flat)]
    stages = [s for s in stages if s]
    if stages:
        return (min(s[0] for s in stages), max(s[1] for s in stages)), "文中各阶段时间的起止"
    years = [int(m[1]) for m in re.finditer(r"到(\d{4})年", flat)]
    if years and issued:
        return (dt.date(issued.year, 1, 1), dt.date(max(years), 12, 31)), f"发文年份至“到{max(years)}年”"
    if issued:
        return (dt.date(issued.year, 1, 1), dt.date(issued.year, 12, 31)), "发文年份"
    return None, ""
