"""Every printed line of arithmetic adds up when re-done from the numbers it prints.

A director checks “应完成 50%×120 场 = 60 场” with a pocket calculator; a line that reads
“50%×2 家 = 0.99 家” or “1.32% … 1.11%，下降 0.2” tells her the report cannot be trusted. Each
explanation of every result of every sample (zh and en) is parsed back and re-computed here from
its printed figures only — never with the code that made them.
"""

from __future__ import annotations

import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import SAMPLES
from rhcalc.cli import app

N = r"-?[\d,]+(?:\.\d+)?"
FACTORS = {"%": 100, "‰": 1000, "/万": 10_000, "/10万": 100_000, "/10k": 10_000, "/100k": 100_000}
FILES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".csv", ".xlsx"))


def number(text: str) -> float:
    return float(text.replace(",", ""))


def two(x: float) -> float:
    """What a figure reads with two decimals, rounded half up as a person would."""
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def whole_percent(x: float) -> str:
    return f"{Decimal(repr(x * 100)).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


def explanations(runner, name: str, lang: str) -> list[str]:
    result = runner.invoke(app, ["score", str(SAMPLES / name), "--format", "json", "--explain", "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    return [r["explain"] for r in json.loads(result.stdout)["results"]]


@pytest.fixture(scope="module")
def lines():
    from typer.testing import CliRunner

    runner = CliRunner()
    return {(name, lang): explanations(runner, name, lang) for name in FILES for lang in ("zh", "en")}


def checks_of(line: str) -> list[str]:
    """The failed checks of one line; [] when it adds up."""
    failed: list[str] = []
    for check in (ratio, parts, expected, covered, moved, periods, ceiling):
        failed += check(line)
    return failed


def ratio(line: str) -> list[str]:
    """64 场 ÷ 目标 120 场 = 53%"""
    m = re.search(rf"(?P<a>{N})\s*[^\s÷(]*(?: \({N}/{N}\))?\s*÷ (?:目标|target) (?P<t>{N})[^=]*= (?P<p>{N}%)", line)
    if m is None:
        return []
    a, t, p = number(m["a"]), number(m["t"]), m["p"]
    if t == 0:
        return []
    share = a / t
    # Just below 100 % is never printed as 100 % (it would read as met): 99.6 % reads 99.6%.
    allowed = {whole_percent(share)} | ({f"{math.floor(share * 1000) / 10:.1f}%"} if 0.995 <= share < 1 else set())
    return [] if p in allowed else [f"{a} ÷ {t} is not {p}"]


def parts(line: str) -> list[str]:
    """13% (1,300/10,000): the rate from its printed numerator and denominator."""
    out = []
    for m in re.finditer(rf"(?P<v>{N})(?P<u>%|‰|/万|/10万|/10k|/100k) \((?P<n>{N})/(?P<d>{N})\)", line):
        v, n, d = number(m["v"]), number(m["n"]), number(m["d"])
        if d and two(n / d * FACTORS[m["u"]]) != v:
            out.append(f"{n}/{d} is not {v}{m['u']}")
    return out


def expected(line: str) -> list[str]:
    """应完成 50%×120 场 = 60 场 · 37%×2 家 ≈ 1 家 — the elapsed share as printed, times the target."""
    m = re.search(rf"(?P<s>\d+)%×(?P<t>{N})\s*\S*? (?P<eq>[=≈]) (?P<e>{N})", line)
    if m is None:
        return []
    product = int(m["s"]) / 100 * number(m["t"])
    e = number(m["e"])
    if m["eq"] == "=":
        return [] if two(product) == e else [f"{m['s']}% × {m['t']} is not {m['e']}"]
    rounded = float(Decimal(repr(product)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return [] if e == rounded and e.is_integer() else [f"{m['s']}% × {m['t']} is not about {m['e']}"]


def covered(line: str) -> list[str]:
    """9/16 个单位已完成 = 56.25%"""
    m = re.search(rf"(?P<c>\d+)/(?P<n>\d+) (?:个单位已完成|units done) = (?P<p>{N})%", line)
    if m is None:
        return []
    c, n, p = int(m["c"]), int(m["n"]), number(m["p"])
    return [] if two(c / n * 100) == p else [f"{c}/{n} is not {p}%"]


def moved(line: str) -> list[str]:
    """13%，对比 2023Q2 12.42%，上升 0.58 个百分点: the change is the difference of the printed figures."""
    out = []
    unit = r"(?: ?(?:/10万|/100k|/10k|[^\s\d,，(]+))?"  # 13% · 28 个 · 118 cases · 12.64/10k
    pattern = (rf"(?P<a>{N}){unit}(?: \({N}/{N}\))?(?:，对比| vs) \S+ (?P<r>{N}){unit}[，,] ?"
               rf"(?P<w>上升|下降|up|down) (?P<c>{N})")
    for m in re.finditer(pattern, line):
        a, r, c = number(m["a"]), number(m["r"]), number(m["c"])
        if two(abs(a - r)) != c:
            out.append(f"{a} against {r} is a change of {two(abs(a - r))}, not {c}")
        if (a > r) != (m["w"] in ("上升", "up")):
            out.append(f"{a} against {r} is not {m['w']}")
    return out


def periods(line: str) -> list[str]:
    """已判 2 期中 1 期达到（共 4 期）"""
    m = re.search(r"已判 (?P<j>\d+) 期中 (?P<p>\d+) 期\S*?（共 (?P<w>\d+) 期）", line) or \
        re.search(r"(?P<p>\d+) of (?P<j>\d+) judged periods \S+(?: \S+)? \((?P<w>\d+) in all\)", line)
    if m is None:
        return []
    p, j, w = int(m["p"]), int(m["j"]), int(m["w"])
    return [] if p <= j <= w else [f"{p} of {j} of {w} periods"]


def ceiling(line: str) -> list[str]:
    """2.1‰ ≤ 上限 3‰ · 1.05% > limit 1%"""
    m = re.search(rf"(?P<a>{N})[^\s≤>]*(?: \({N}/{N}\))? (?P<s>[≤>]) (?:上限|limit) (?P<l>{N})", line)
    if m is None:
        return []
    a, limit = number(m["a"]), number(m["l"])
    ok = a <= limit if m["s"] == "≤" else a > limit
    return [] if ok else [f"{a} {m['s']} {limit} is false"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", FILES)
def test_every_explanation_adds_up(lines, name, lang):
    failed = {line: checks_of(line) for line in lines[(name, lang)]}
    assert {line: f for line, f in failed.items() if f} == {}


def test_the_checks_can_fail():
    """Each check catches the lines the issue quotes."""
    assert checks_of("应完成 50%×2 家 = 0.99 家")
    assert checks_of("应完成 75%×20 所 = 14.97 所")
    assert checks_of("产后非意愿妊娠发生率 1.11% (57/5,120)，对比 2022-09~2023-04 1.32%，下降 0.2 个百分点 → 进度正常")
    assert checks_of("讲座 64 场 ÷ 目标 120 场 = 54% → 进度落后")
    assert checks_of("9/16 个单位已完成 = 56%")
    assert checks_of("人工流产率 2.13‰ (132/61,000)，对比 2024Q1 2.45‰，下降 0.32‰")
    assert checks_of("已判 2 期中 3 期达到（共 4 期）")
    assert checks_of("乙肝母婴传播率 1.05% ≤ 上限 1%")
    assert checks_of("应完成 37%×2 家 ≈ 0.74 家")
    assert not checks_of("应完成 37%×2 家 ≈ 1 家")
    assert not checks_of("青春健康讲座 64 场 ÷ 目标 120 场 = 53%；截至 2024-02-29 应完成 50%×120 场 = 60 场 → 进度落后")
