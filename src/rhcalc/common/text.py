"""Text as rhcalc compares it: NFKC-folded (full-width digits and punctuation as ASCII, １２０，８５．３％
→ 120,85.3%, the ideographic and no-break spaces as spaces), one function per purpose.

Cached where a sheet repeats the same texts on every row (districts, periods, headers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_SPACE = re.compile(r"\s+")
_NAME_NOISE = re.compile(r"[\s_（）()]+")
_TRAILING_NOTE = re.compile(r"[(\[【].*?[)\]】]$")


def fold(value: Any) -> str:
    """A cell's text (of a number too: str(value)): NFKC, stripped (' １２０ ' → '120')."""
    return _fold(value if value.__class__ is str else str(value))


@lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def squeeze(text: str) -> str:
    """NFKC without any white space: a quote looked up in its document (the seed texts break lines and
    pad digits with spaces: “讲座 120 场”), a period (2024 年 第二季度), a district heading a column."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def header_key(text: Any) -> str:
    """A column header: squeezed, lower case, a trailing note in brackets and colons dropped:
    ' 数 值 ' → 数值, 数值(场) → 数值, 分子（例） → 分子, 备注： → 备注."""
    s = _SPACE.sub("", unicodedata.normalize("NFKC", str(text)).strip().lower())
    s = _TRAILING_NOTE.sub("", s)
    return s.rstrip(":*")


def name_key(text: Any) -> str:
    """An indicator's id, name or alias as the catalog indexes it: no spaces, underscores or brackets, lower case."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def fold_chars(text: str) -> str:
    """NFKC character by character where it keeps the length (１２０ → 120, ％ → %), so that a
    position in the folded text is the same position in the original."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)
