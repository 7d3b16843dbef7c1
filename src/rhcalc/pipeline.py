"""`rhcalc validate`: load and check, score nothing, change nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rhcalc.catalog.model import Catalog
from rhcalc.common.problems import Problem, Severity
from rhcalc.score.model import Scorecard
from rhcalc.score.scoring import score_periods

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Validation:
    """What a validate run found, for its renderers (render.PROBLEM_RENDERERS)."""

    files: list[str]  # as named on the command line
    rows: int  # usable rows
    problems: list[Problem]

    @property
    def blocking(self) -> bool:
        """Anything but notes (a sheet skipped on purpose) makes the files need another look."""
        return any(p.severity is not Severity.note for p in self.problems)


def validate_files(paths: list[Path], catalog: Catalog) -> tuple[list[Problem], int]:
    """Every problem in the files and the number of usable rows."""
    from rhcalc.checks import check_submission
    from rhcalc.load.submission import load_submissions

    submission = load_submissions(paths, catalog)
    frame, problems = check_submission(submission.frame, catalog)
    return submission.problems + problems, len(frame)


def validate(paths: list[Path], catalog: Catalog) -> Validation:
    problems, rows = validate_files(paths, catalog)
    return Validation([str(p) for p in paths], rows, problems)


def score_files(paths: list[Path], catalog: Catalog, as_of: dt.date | None = None,
                plans: list[str] | None = None, history: "pd.DataFrame | None" = None) -> Scorecard:
    from rhcalc.checks import check_submission
    from rhcalc.load.submission import load_submissions

    submission = load_submissions(paths, catalog)
    frame, problems = check_submission(submission.frame, catalog)
    card = score_periods(frame, catalog, as_of, plans, history)
    card.problems = submission.problems + problems
    card.files = submission.files
    return card
