"""The top of every report: whose, which period, as of when, and what its count of results is made of.

“达标情况” alone does not say whose; “目标数 134” for a plan of 43 targets does not say that 38 are the
city's and 6 each of its 16 districts'. The same words head the terminal, html, xlsx, md and e-mail.
Files are named, never their folders: a report travels, the path of a desk's disk should not.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from rhcalc.render.sections import Section
from rhcalc.render.labels import word
from rhcalc.score.model import Scorecard

MAX_WHO = 3  # districts named in a title before “N 个地区”


def who(secs: list[Section], lang: str) -> str:
    """西城区 · 北京市 (a city's input: its jurisdiction) · 东城区、西城区 · 5 个地区."""
    names: list[str] = []
    for sec in secs:
        for district in sec.own_districts:
            if district not in names:
                names.append(district)
    if not names:
        return ""
    if len(names) > MAX_WHO:
        return f"{len(names)} areas" if lang == "en" else f"{len(names)} 个地区"
    return (", " if lang == "en" else "、").join(names)


def title(card: Scorecard, secs: list[Section], lang: str) -> str:
    """西城区 2024Q2 达标情况 — or 达标情况 when there is nothing to say whose."""
    whose, period = who(secs, lang), card.period or ""
    if not whose and not period:
        return word("scorecard", lang)
    return " ".join(word("scorecard_of", lang).format(who=whose, period=period).split())


def file_names(card: Scorecard) -> list[str]:
    """The input files by name only: 西城区-2024Q2.xlsx, not /home/… ."""
    return [PurePath(f).name for f in card.files]


def results_text(card: Scorecard, secs: list[Section], lang: str) -> str:
    """结果 134 项：北京市 38 项，16 个区各 6 项 — what the count of results is made of."""
    n = len(card.results)
    units = [r for sec in secs for r in sec.units]
    if not units:
        fed = sum(len(sec.city) for sec in secs)  # a district's own report: the city targets it has figures in
        return word("results_of", lang).format(n=n) + (word("results_fed", lang).format(k=fed) if fed else "")
    own = [r for sec in secs for r in sec.own]
    own_text = ""
    if own:
        whose = "、".join(dict.fromkeys(r.district for r in own))
        own_text = word("results_own", lang).format(who=whose, n=len(own))
    per = Counter(r.district for r in units)
    sizes = set(per.values())
    key = "results_units" if len(sizes) == 1 else "results_units_mixed"
    m = next(iter(sizes)) if len(sizes) == 1 else len(units)
    units_text = word(key, lang).format(k=len(per), m=m)
    if not own_text:
        units_text = units_text.lstrip("，, ")
    return word("results_split", lang).format(n=n, own=own_text, units=units_text)


def own_district(secs: list[Section]) -> str | None:
    """The one district a report is about, when it is one district's own (not a city's input)."""
    names = {d for sec in secs for d in sec.own_districts}
    if len(names) != 1 or any(sec.units for sec in secs):
        return None
    return next(iter(names))


def names_districts(secs: list[Section]) -> bool:
    """Whether the attention list names whose each result is: a city's input, several districts."""
    return any(s.units or len(s.own_districts) > 1 for s in secs)
