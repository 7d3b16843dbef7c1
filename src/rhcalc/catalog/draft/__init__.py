"""``rhcalc catalog draft``: a policy document → a proposed catalog file (plan, indicators, targets).

read the document (``documents``) → cut it into clauses (``segment``) → read each clause with the
rules (``rules``, applied by ``read`` and ``kinds``) → the plan's header (``plan``) → YAML
(``write``) or a table of what was found and left out (``table``). Rule-based and offline: the
only catalog file it reads is the folder's common.yaml, for the shared indicators' names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rhcalc.catalog.draft.findings import Draft
from rhcalc.common.problems import Location, Problem


@dataclass(frozen=True)
class DraftOptions:
    document: Path
    plan_id: str
    jurisdiction: str | None = None
    units: tuple[str, ...] = ()
    start: dt.date | None = None
    deadline: dt.date | None = None
    catalog: Path | None = None  # whose common.yaml names the shared indicators


@dataclass(frozen=True)
class DraftResult:
    draft: Draft | None
    problems: list[Problem]


def draft_document(options: DraftOptions) -> DraftResult:
    """Read the document and propose its targets; problems say why it could not be read.

    Raises ``PlanUnclear`` when the document states no window and the options give none.
    """
    from rhcalc.catalog.draft.documents import read_text

    text, problems = read_text(options.document)
    if text is None:
        return DraftResult(None, problems)
    draft = draft_text(text.text, options)
    if not draft.readings:
        problems.append(Problem("no-commitments", Location(options.document.name)))
    return DraftResult(draft, problems)


def draft_text(text: str, options: DraftOptions) -> Draft:
    """The draft of a document's text (``options.document`` names it)."""
    from rhcalc.catalog.draft.names import read_common
    from rhcalc.catalog.draft.plan import read_plan
    from rhcalc.catalog.draft.read import Context, read_document
    from rhcalc.catalog.draft.segment import clauses

    source = options.document.stem + ".txt"
    plan = read_plan(text, options.plan_id, source, options.jurisdiction, options.units, options.start, options.deadline)
    common = read_common(options.catalog)
    has_units = bool(plan.units) or (plan.level in ("city", "province") and "各区" in text)
    ctx = Context((plan.start, plan.end), plan.level, has_units, plan.jurisdiction, common)
    findings = read_document(text, clauses(text), ctx)
    taken = frozenset(n for c in common for n in c.names if n)
    return Draft(plan, tuple(findings), text, options.document.name, taken)
