"""A city figure rolled up from its units while some have not reported: what it stands on, and whether
it is still judged.

- A roll-up **stands on** the plan's units that gave a figure for its indicator in the latest period it
  reads (``units_reported`` of ``units_expected``: the plan's unit list, or for a plan without one the
  units in the roll-up). It is **partial** when one is missing.
- **Counts toward a total** (and 是/否 rolled up): the missing units can move the figure one way only —
  a sum can only grow; "every unit did it" can only be undone, "some unit did it" only be reached. A
  verdict they cannot overturn stands (a total already reached; a ceiling already exceeded); any other
  is not judged yet: ``no_data``, ``how.reason = "partial"``.
- **Rates** (numerators and denominators summed): the reporting units' rate stands for the city's when
  they are at least ``min_share`` of the units expected (rhcalc.toml ``[reporting] min_reported``,
  default 0.8: WHO's data-quality review takes 80 % reporting completeness as good); below that the
  rate is not judged.
- **Coverage** (区级全覆盖) is about every unit: a unit without a figure counts as not covered and is
  named (未报送), as before — judged, and marked partial.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from rhcalc.catalog.model import Aggregation, Indicator, Measure, Target, Test
from rhcalc.score.completeness import unit_noun
from rhcalc.score.model import Evaluation, Scope, Status
from rhcalc.score.window import observed

MIN_SHARE = 0.8
_GOOD = (Status.met, Status.on_track)
_PREFERS_HIGHER = (Test.at_least, Test.up, Test.done)


@dataclass(frozen=True)
class StandsOn:
    reported: tuple[str, ...]
    expected: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(u for u in self.expected if u not in self.reported)

    @property
    def partial(self) -> bool:
        return bool(self.missing)


def stands_on(target: Target, scope: Scope, as_of: dt.date) -> StandsOn | None:
    """The units a roll-up's latest figure comes from; None for a scope that is no roll-up."""
    if not scope.by_unit:
        return None
    expected = tuple(scope.units) or tuple(sorted(scope.by_unit))
    ends = [o.period.end for o in observed(target, scope.series, as_of) if o.value is not None or o.numerator is not None]
    if not ends:
        return StandsOn((), expected)
    latest = max(ends)
    reported = tuple(u for u in expected
                     if any(o.period.end == latest and (o.value is not None or o.numerator is not None)
                            for o in observed(target, scope.by_unit.get(u, []), as_of)))
    return StandsOn(reported, expected)


def judged(evaluation: Evaluation, target: Target, indicator: Indicator, on: StandsOn | None,
           min_share: float = MIN_SHARE) -> Evaluation:
    """The evaluation with the units it stands on; not judged (``no_data``) where the rule above says so."""
    if on is None:
        return evaluation
    how = replace(evaluation.how, units_reported=len(on.reported), units_expected=len(on.expected), units_missing=on.missing,
                  units_noun=unit_noun(on.expected))
    marked = replace(evaluation, how=how)
    if not on.partial or not on.reported or evaluation.status not in (*_GOOD, Status.behind, Status.not_met):
        return marked
    if target.measure is Measure.units or _stands(evaluation, target, indicator, on, min_share):
        return marked
    return Evaluation(Status.no_data, evaluation.actual, evaluation.target_value, None, None, evaluation.period,
                      replace(how, reason="partial"), evaluation.note)


def _stands(evaluation: Evaluation, target: Target, indicator: Indicator, on: StandsOn, min_share: float) -> bool:
    agg = indicator.aggregation
    if agg is Aggregation.ratio:
        return len(on.reported) >= min_share * len(on.expected)
    rises = agg is not Aggregation.all  # what the missing units can do to the figure: a sum only grows
    good = evaluation.status in _GOOD
    return good == ((target.test in _PREFERS_HIGHER) == rises)
