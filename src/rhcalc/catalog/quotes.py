"""Tracing the catalog to its documents: every quote verbatim, every value read from its quote.

The documents are kept in ``<catalog>/sources/``. A quote matches when it is a
substring of its document once white space is removed on both sides (the seed
texts break lines and pad digits with spaces: “讲座 120 场”).
"""

from __future__ import annotations

import re
from pathlib import Path

from rhcalc.catalog.load import load_catalog
from rhcalc.catalog.model import Catalog, CatalogError, Kind
from rhcalc.common.problems import Location, Problem
from rhcalc.common.numerals import AFTER_DIGITS, RUN, read_chinese
from rhcalc.common.text import fold, squeeze

_ARABIC = re.compile(rf"(\d+(?:\.\d+)?)\s*([{''.join(AFTER_DIGITS)}]?)")


def numbers_in(quote: str) -> set[float]:
    """Every number a reader finds in a quote: 120, 5千 → 5000, 1万 → 10000, 一次 → 1, 十四五 → 14, 5."""
    text = fold(quote)
    found: set[float] = set()
    for digits, multiplier in _ARABIC.findall(text):
        n = float(digits)
        found.add(n)
        if multiplier:
            found.add(n * AFTER_DIGITS[multiplier])
    for run in RUN.findall(text):
        found.update(_chinese_values(run))
    return found


def _chinese_values(run: str) -> set[float]:
    """A run of Chinese numerals read as every sub-run: 三孩 → 3, 十四五 → 14, 4 and 5."""
    values: set[float] = set()
    for i in range(len(run)):
        for j in range(i + 1, len(run) + 1):
            values.add(read_chinese(run[i:j]))
    return values


_FULL = ("全覆盖", "全部", "所有", "每", "各", "100%", "一致")


def check_quotes(catalog: Catalog, sources: Path | None = None) -> list[Problem]:
    """Problems with the catalog's traceability (file and target of each); empty when every quote
    and value checks out."""
    sources = sources or catalog.folder / "sources"
    texts: dict[str, str | None] = {}
    problems: list[Problem] = []
    for t in catalog.targets:
        doc = t.source.document or ""
        if doc not in texts:
            path = sources / doc
            texts[doc] = squeeze(path.read_text(encoding="utf-8")) if path.is_file() else None
        text = texts[doc]
        where = Location(catalog.files.get("target:" + t.id, "?"), key=f"target {t.id}")
        if text is None:
            problems.append(Problem("quote-no-document", where, {"document": doc, "sources": str(sources)}))
            continue
        if squeeze(t.source.quote) not in text:
            problems.append(Problem("quote-not-verbatim", where, {"document": doc, "quote": t.source.quote[:40]}))
        if t.value is not None and not _value_in_quote(t.kind, t.value, t.source.quote):
            problems.append(Problem("quote-value-unread", where, {"value": f"{t.value:g}"}))
        if t.baseline is not None and t.baseline not in numbers_in(t.source.quote):
            problems.append(Problem("quote-baseline-unread", where, {"value": f"{t.baseline:g}"}))
    return problems


def _value_in_quote(kind: Kind, value: float, quote: str) -> bool:
    if value in numbers_in(quote):
        return True
    # “全覆盖 / 各区 / 所有机构” is 100 % without the digits.
    if kind is Kind.coverage and value == 100 and any(w in quote for w in _FULL):
        return True
    # “每季度 … 1 次” style frequencies and “全市前列” have their own readings elsewhere.
    return False


def check_catalog(folder: Path | None = None, sources: Path | None = None) -> Catalog:
    """``rhcalc catalog check``: the catalog loaded, every quote traced to its document (in
    ``sources``, default FOLDER/sources); CatalogError with every fault."""
    catalog = load_catalog(folder)
    src = sources or catalog.folder / "sources"
    if not src.is_dir():
        raise CatalogError.at("catalog-no-sources", str(src))
    problems = check_quotes(catalog, src)
    if problems:
        raise CatalogError(problems)
    return catalog
