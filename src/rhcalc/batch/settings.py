"""rhcalc.toml's [reporting] and [quality]: when returns are due, when a partial city rate is still
judged, how often reminders go, and when a figure looks odd against its own history.

Every key has a default (the issue's and DHIS2's), so a file without these tables judges as before;
a wrong value is a ConfigError naming the key, like the [email] keys. ``score`` and ``validate`` read
these two tables alone (``--config``, else ./rhcalc.toml): a half-written [email] does not stop them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rhcalc.batch.config import ConfigError, Invalid, invalid_value

if TYPE_CHECKING:
    from rhcalc.pipeline import Settings

EXAMPLE = """\
[reporting]
due_days = 10          # a return is due this many days after its period ends
min_reported = 0.8     # a partial city rate is judged when this share of its units reported
remind_every = 7       # days between reminders once a return is overdue
remind_rounds = 3      # overdue reminders at most (0: only the one before the due day)
# [reporting.due_days_of]   # per plan, where its own document says otherwise
# beijing_rh_2024 = 15

[quality]
ratio = 3.0            # outlier: above 3× or below a third of the previous figure
z = 3.5                # outlier: modified z-score above this …
z_periods = 4          # … once there are this many earlier periods
z_min_change = 0.2     # … and the figure is more than this share away from their median
denominator_change = 0.5   # denominator-jump: a rate's denominator changing by more than half
repeated_min = 3       # repeated-figure: at least this many figures, all as last period's
floor = 10             # counts below this (in both figures) are not called outliers
"""


@dataclass(frozen=True)
class Judging:
    """The two tables as read: the pipeline's Settings and the reminders' rhythm."""

    settings: "Settings" = field(default_factory=lambda: _settings())
    remind_every: int = 7
    remind_rounds: int = 3


def _settings(**kw: Any) -> "Settings":
    from rhcalc.pipeline import Settings

    return Settings(**kw)


def judging(data: dict[str, Any]) -> Judging:
    """[reporting] and [quality] of a parsed rhcalc.toml (absent: the defaults)."""
    from rhcalc.checks_quality import Thresholds
    from rhcalc.score.completeness import Rules

    reporting = _table(data, "reporting", {"due_days", "min_reported", "remind_every", "remind_rounds", "due_days_of"})
    quality = _table(data, "quality", {"ratio", "z", "z_periods", "z_min_change", "denominator_change", "repeated_min", "floor"})
    per_plan = reporting.get("due_days_of", {})
    if not isinstance(per_plan, dict):
        raise invalid_value("reporting.due_days_of", Invalid("须为“规划代码 = 天数”的表", "must be a table of plan id → days"))
    rules = Rules(_key(reporting, "reporting.due_days", _days, 10),
                  {str(k): _key(per_plan, f"reporting.due_days_of.{k}", _days) for k in per_plan})
    thresholds = Thresholds(
        ratio=_key(quality, "quality.ratio", _above(1), 3.0), z=_key(quality, "quality.z", _above(0), 3.5),
        z_periods=_key(quality, "quality.z_periods", _whole(2), 4),
        z_min_change=_key(quality, "quality.z_min_change", _at_least(0), 0.2),
        denominator_change=_key(quality, "quality.denominator_change", _above(0), 0.5),
        repeated_min=_key(quality, "quality.repeated_min", _whole(1), 3),
        floor=_key(quality, "quality.floor", _at_least(0), 10.0))
    share = _key(reporting, "reporting.min_reported", _share, 0.8)
    return Judging(_settings(due=rules, quality=thresholds, min_reported=share),
                   _key(reporting, "reporting.remind_every", _whole(1), 7),
                   _key(reporting, "reporting.remind_rounds", _whole(0), 3))


def _table(data: dict[str, Any], name: str, known: set[str]) -> dict[str, Any]:
    raw = data.get(name, {})
    if not isinstance(raw, dict):
        raise invalid_value(name, Invalid(f"须为表（[{name}]）", f"must be a table ([{name}])"))
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError.key(f"{name}.{unknown[0]}", "config-unknown-key", known=", ".join(sorted(known)))
    return raw


def _key(raw: dict[str, Any], key: str, check: Callable[[Any], Any], default: Any = None) -> Any:
    name = key.rsplit(".", 1)[-1]
    if name not in raw:
        return default
    try:
        return check(raw[name])
    except ValueError as exc:
        raise invalid_value(key, exc) from None


def _number(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise Invalid("须为数字", "must be a number")
    return float(x)


def _above(low: float) -> Callable[[Any], float]:
    def check(x: Any) -> float:
        if _number(x) <= low:
            raise Invalid(f"须为大于 {low:g} 的数字", f"must be a number above {low:g}")
        return float(x)
    return check


def _at_least(low: float) -> Callable[[Any], float]:
    def check(x: Any) -> float:
        if _number(x) < low:
            raise Invalid(f"须为不小于 {low:g} 的数字", f"must be a number, {low:g} or more")
        return float(x)
    return check


def _whole(low: int) -> Callable[[Any], int]:
    def check(x: Any) -> int:
        if isinstance(x, bool) or not isinstance(x, int) or not low <= x <= 366:
            raise Invalid(f"须为 {low} 到 366 的整数", f"must be a whole number from {low} to 366")
        return x
    return check


_days = _whole(0)


def _share(x: Any) -> float:
    if not 0 < _number(x) <= 1:
        raise Invalid("须为大于 0、不大于 1 的比例（0.8 即 80%）", "must be a share above 0 and at most 1 (0.8 = 80 %)")
    return float(x)


def load_judging(explicit: Any = None) -> Judging:
    """[reporting] and [quality] alone from --config FILE or ./rhcalc.toml; the defaults without one."""
    import tomllib

    from rhcalc.batch.config import find_config

    path = find_config(explicit)
    if path is None:
        return Judging()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError.at("config-bad-toml", str(path), reason=str(exc)) from None
    try:
        return judging(data)
    except ConfigError as exc:
        raise exc.in_file(str(path)) from None
