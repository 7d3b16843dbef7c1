"""`rhcalc validate`: load and check, score nothing, change nothing."""

from __future__ import annotations

from pathlib import Path

from rhcalc.catalog.model import Catalog
from rhcalc.common.problems import Problem


def validate_files(paths: list[Path], catalog: Catalog) -> tuple[list[Problem], int]:
    """Every problem in the files and the number of usable rows."""
    from rhcalc.checks import check_submission
    from rhcalc.load.submission import load_submissions

    submission = load_submissions(paths, catalog)
    frame, problems = check_submission(submission.frame, catalog)
    return submission.problems + problems, len(frame)
