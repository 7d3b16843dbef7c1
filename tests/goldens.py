"""Golden files: a layout compared byte for byte with tests/golden/<name>, reviewed like code.

A missing golden is a failure, never written on the fly (a test that writes what it then compares
with cannot fail). ``RHCALC_UPDATE_GOLDEN=1 python -m pytest -q`` rewrites them all; review the diff.
The version string becomes <version>, the clone's folder <repo> and clock times <time> before comparing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from rhcalc import __version__

GOLDEN = Path(__file__).parent / "golden"
REPO = str(Path(__file__).resolve().parents[1])
UPDATE = os.environ.get("RHCALC_UPDATE_GOLDEN") == "1"
TIME = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?\b")


def normalise(text: str) -> str:
    return TIME.sub("<time>", text.replace(REPO, "<repo>").replace(__version__, "<version>"))


def check(name: str, text: str) -> None:
    text = normalise(text)
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: write it with RHCALC_UPDATE_GOLDEN=1, then review it")
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file; if the change is right: RHCALC_UPDATE_GOLDEN=1"
