"""What a target measures: a common indicator of the catalog where its name is in the clause, else a
new indicator named from the clause's own words, with the unit, type and factor its figure needs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rhcalc.catalog.draft import rules
from rhcalc.catalog.draft.findings import IndicatorDraft
from rhcalc.common.text import squeeze

# Only this file of a catalog folder is read: the shared indicators, never another plan's targets.
COMMON_FILE = "common.yaml"
_SUFFIXES = re.compile(r"(?:场次|人数|次数|例数|个数|家数|数)$")


@dataclass(frozen=True)
class Common:
    id: str
    name_zh: str
    type: str
    unit: str
    keys: tuple[str, ...]  # the words that name it in a document
    names: tuple[str, ...] = ()  # its id, name_zh, name_en and aliases: no new indicator may take one


def read_common(folder: Path | None) -> list[Common]:
    """The shared indicators of a catalog folder (its common.yaml), as a lexicon of names."""
    import yaml

    from rhcalc.catalog.load import default_folder

    path = (folder or default_folder()) / COMMON_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for ind in data.get("indicators") or []:
        names = [ind["name_zh"], *(ind.get("aliases") or [])]
        keys = {squeeze(n) for n in names} | {_SUFFIXES.sub("", squeeze(n)) for n in names}
        taken = (ind["id"], ind["name_zh"], ind.get("name_en") or "", *(ind.get("aliases") or []))
        out.append(Common(ind["id"], ind["name_zh"], ind["type"], str(ind["unit"]), tuple(sorted(k for k in keys if len(k) >= 3)), taken))
    return out


def find_common(text: str, type_: str, unit: str | None, common: list[Common]) -> Common | None:
    """The common indicator named in text whose type (and unit, where the figure has one) fits."""
    flat = squeeze(text)
    best: tuple[int, Common] | None = None
    for c in common:
        if c.type != type_ or (unit is not None and c.unit != unit):
            continue
        for key in c.keys:
            if key in flat and (best is None or len(key) > best[0]):
                best = (len(key), c)
    return best[1] if best else None


def core(text: str) -> str:
    """The words of a clause that say what is measured: no time, subject, adverb or leading verb."""
    text = re.sub(r"\s+", "", text)
    text = rules.HEADING_START.sub("", text)
    for _ in range(4):
        before = text
        text = rules.LEAD_WORDS.sub("", text)
        for verb in sorted(rules.END_STATES + rules.DUTIES + rules.PREPOSITIONS, key=len, reverse=True):
            if text.startswith(verb) and len(text) - len(verb) >= 4:  # 培训计划 stays: 计划 alone names nothing
                text = text[len(verb):]
                break
        if text == before:
            break
    return text.strip("，、：:的") or before


def indicator(name: str, type_: str, unit: str, factor: int | None, text: str, common: list[Common]) -> IndicatorDraft:
    """A common indicator when one is named in the clause, else a new one called ``name``."""
    match = find_common(text, type_, unit if type_ == "count" else None, common)
    if match is not None:
        return IndicatorDraft(match.name_zh, match.type, match.unit, common_id=match.id)
    name = name[: rules.NAME_MAX]
    return IndicatorDraft(name, type_, unit, factor)


def count_name(noun: str, unit: str) -> str:
    """讲座 + 场 → 讲座场次; 高校 + 所 → 高校数."""
    noun = noun.strip("，、的")
    if unit in ("场", "次") and not noun.endswith(("次", "场次")):
        return noun + "场次" if unit == "场" else noun + "次数"
    if unit in ("人", "人次"):
        return noun if noun.endswith(("人数", "人次")) else noun + ("人次" if unit == "人次" else "人数")
    return noun if noun.endswith("数") else noun + "数"


def rate_review(ind: IndicatorDraft) -> tuple[str, ...]:
    if ind.common_id is not None or ind.type != "rate":
        return ()
    return (f"新的比率指标：请写明分子、分母（单位按{ind.unit}读取）",)
