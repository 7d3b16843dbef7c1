"""A draft → catalog YAML in the catalog's own schema, ready for ``rhcalc catalog check``.

Written by hand rather than with yaml.dump: the order of keys is the README's, notes on how the
plan was read are comments, and a reviewer reads one target per block.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rhcalc.catalog.draft import rules
from rhcalc.catalog.draft.findings import Draft, IndicatorDraft, Reading
from rhcalc.catalog.draft.lexicon import english
from rhcalc.common.errors import RhcalcError
from rhcalc.common.text import name_key

UNNAMED = "英文名未能译出“{}”：id 保留编号；请改 id、写 name_en（或把词补进 lexicon.py）"
_PLAIN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\w（）《》“”、，。·—\-/+]*|[a-z][a-z0-9_]*")


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, dt.date)):
        return str(value)
    text = str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def indicator_ids(draft: Draft) -> dict[IndicatorDraft, str]:
    """One id per new indicator (shared by the targets that measure the same thing); common ones keep
    theirs. A new one is named from the English of its name (``lexicon``), or numbered where the
    lexicon cannot name every word of it."""
    ids: dict[IndicatorDraft, str] = {}
    used: set[str] = set()
    n = 0
    for r in draft.readings:
        ind = r.indicator
        if ind in ids:
            continue
        if ind.common_id:
            ids[ind] = ind.common_id
            continue
        n += 1
        en = english(ind.name_zh)
        ids[ind] = _unique(f"{draft.plan.id}_{en.slug}" if en.complete else f"{draft.plan.id}_i{n:03d}", used)
    return ids


@dataclass(frozen=True)
class Names:
    zh: str
    en: str  # the lexicon's English; the Chinese again where it could not name every word
    unknown: tuple[str, ...] = ()  # the words it could not name


def unique_names(draft: Draft, ids: dict[IndicatorDraft, str]) -> dict[str, Names]:
    """id → its names, made unique across the draft and the common indicators (the catalog refuses a
    name used twice, Chinese or English)."""
    taken = {name_key(n) for n in draft.taken_names}
    names: dict[str, Names] = {}
    for ind, ident in ids.items():
        if ind.common_id:
            continue
        zh = _untaken(ind.name_zh, taken, "（{}）")
        en = english(ind.name_zh)
        names[ident] = Names(zh, _untaken(en.name, taken, " ({})") if en.complete else zh, () if en.complete else en.unknown)
    return names


def _untaken(name: str, taken: set[str], mark: str) -> str:
    out, k = name, 1
    while name_key(out) in taken:
        k += 1
        out = name + mark.format(k)
    taken.add(name_key(out))
    return out


def _unique(ident: str, used: set[str]) -> str:
    out, k = ident, 1
    while out in used:
        k += 1
        out = f"{ident}_{k}"
    used.add(out)
    return out


def target_ids(draft: Draft, ids: dict[IndicatorDraft, str], names: dict[str, Names]) -> list[str]:
    """A target is called after its indicator (the plan's id before a common one's); numbered where its
    indicator is."""
    used: set[str] = set()
    out = []
    for n, r in enumerate(draft.readings, 1):
        ident = ids[r.indicator]
        if r.indicator.common_id:
            ident = f"{draft.plan.id}_{ident}"
        elif names[ident].unknown:
            ident = f"{draft.plan.id}_t{n:03d}"
        out.append(_unique(ident, used))
    return out


def draft_yaml(draft: Draft) -> str:
    ids = indicator_ids(draft)
    names = unique_names(draft, ids)
    lines = _header(draft)
    new = [(ind, ident) for ind, ident in ids.items() if not ind.common_id]
    lines.append("\nindicators:" if new else "\nindicators: []")
    for ind, ident in new:
        lines += _indicator(ind, ident, names[ident])
    common = sorted({i for ind, i in ids.items() if ind.common_id})
    if common:
        lines.append(f"# shared indicators used from common.yaml: {', '.join(common)}")
    lines.append("\ntargets:" if draft.readings else "\ntargets: []")
    for r, ident in zip(draft.readings, target_ids(draft, ids, names)):
        lines += _target(r, ident, ids[r.indicator], names.get(ids[r.indicator]), draft.plan.name_zh)
    return "\n".join(lines) + "\n"


def _header(draft: Draft) -> list[str]:
    p = draft.plan
    lines = [f"# Drafted by `rhcalc catalog draft` from {draft.source_name}: a proposal to review before use.",
             "# Every quote is the document's own words; `review:` says what the draft is unsure of.",
             "# ids and name_en are the lexicon's word-for-word English (catalog/draft/lexicon.py): check them;",
             "# where it could not name a word, the id is numbered and a `review:` says which.",
             *(f"# {note}" for note in p.notes), "plan:"]
    en = english(p.name_zh)
    fields = [("id", p.id), ("name_zh", p.name_zh), ("name_en", en.name if en.complete else p.name_zh), ("issuer", p.issuer), ("document", p.document),
              ("issued", p.issued), ("jurisdiction", p.jurisdiction), ("level", p.level), ("start", p.start), ("end", p.end)]
    lines += [f"  {k}: {scalar(v)}" for k, v in fields if v is not None]
    if p.units:
        lines.append(f"  units: [{', '.join(scalar(u) for u in p.units)}]")
    return lines


def _indicator(ind: IndicatorDraft, ident: str, names: Names) -> list[str]:
    name = names.zh
    lines = [f"  - id: {ident}", f"    name_zh: {scalar(name)}", f"    name_en: {scalar(names.en)}",
             f"    type: {ind.type}", f"    unit: {scalar(ind.unit)}"]
    if ind.type == "rate":
        lines += [f"    numerator: {scalar(name + '的分子')}", f"    denominator: {scalar(name + '的分母')}",
                  f"    factor: {ind.factor or 100}"]
        if ind.unit == "%":
            lines.append("    max: 100")
    return lines


def _target(r: Reading, ident: str, indicator: str, names: Names | None, document: str) -> list[str]:
    fields = [("indicator", indicator), ("kind", r.kind), ("value", r.value), ("threshold", r.threshold), ("frequency", r.frequency),
              ("holds", r.holds), ("pace", r.pace), ("level", r.level), ("start", r.start_date), ("deadline", r.deadline)]
    lines = [f"  - id: {ident}"] + [f"    {k}: {scalar(v)}" for k, v in fields if v is not None]
    if r.threshold is not None:
        lines += ["    threshold_source:", f"      document: {scalar(document + '（本文件）')}", f"      clause: {scalar(r.quote)}",
                  f"      note: {scalar(rules.REGULAR_NOTE)}"]
    review = r.review + ((UNNAMED.format("、".join(names.unknown)),) if names and names.unknown else ())
    if review:
        lines.append(f"    review: {scalar('；'.join(review))}")
    lines += ["    source:", f"      quote: {scalar(r.quote)}"]
    return lines


class SourceClash(RhcalcError):
    """sources/ beside the output already holds a different document under the same name."""


def write_draft(output: Path, draft: Draft) -> list[Path]:
    """The YAML at ``output`` and the document's text in ``sources/`` beside it (UTF-8, as the
    quotes were cut from it), so that the folder passes ``rhcalc catalog check`` as written."""
    from rhcalc.common.text import squeeze
    from rhcalc.common.output import write_atomic

    source = output.parent / "sources" / draft.plan.document
    written = []
    if source.is_file():
        if squeeze(source.read_text(encoding="utf-8", errors="replace")) != squeeze(draft.text):
            raise SourceClash.at("draft-source-clash", str(source))
    else:
        write_atomic(source, draft.text)
        written.append(source)
    write_atomic(output, draft_yaml(draft))
    return [output, *written]
