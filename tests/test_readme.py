"""The README's example commands, run as written, print what the README says they print.

Every fenced block line that starts with ``$ rhcalc`` is a command; the lines after it, up to the
next command or the end of the block, are its output as the README shows it. A line “…” stands for
any number of lines (the README abridges); timestamps are normalised; trailing blanks are ignored.
The commands run in a scratch folder holding sample_data/ and tests/data/, with the rhcalc.toml
the README's configuration section shows, at 80 columns — as sqlite-utils checks its docs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d ", re.MULTILINE)
SKIP = "…"


def examples() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown) for each ``$ rhcalc`` line of the README's code blocks."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M):
        current: list[str] | None = None
        for line in block.splitlines():
            if line.startswith("$ rhcalc "):
                current = []
                out.append((line[2:].split("  #")[0].strip(), current))
            elif current is not None:
                current.append(line.rstrip())
    for _, shown in out:  # the blank line between two commands is no output of the first
        while shown and not shown[-1]:
            shown.pop()
    return out


def config_block() -> str:
    """The rhcalc.toml of the README's configuration section (its first ```toml block)."""
    return re.search(r"^```toml\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M).group(1)  # type: ignore[union-attr]


def matches(shown: list[str], got: list[str]) -> str | None:
    """None when ``got`` is ``shown`` with each “…” standing for any lines; else the first line that differs."""
    i = 0
    for n, want in enumerate(shown):
        if want == SKIP:
            continue
        if n and shown[n - 1] == SKIP:
            while i < len(got) and got[i] != want:
                i += 1
        if i >= len(got) or got[i] != want:
            return f"expected {want!r}, got {got[i] if i < len(got) else 'the end'!r}"
        i += 1
    return None if not shown or shown[-1] == SKIP or i == len(got) else f"more output: {got[i]!r}"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    (folder / "sample_data").symlink_to(ROOT / "sample_data")
    (folder / "tests").mkdir()
    (folder / "tests" / "data").symlink_to(ROOT / "tests" / "data")
    (folder / "rhcalc.toml").write_text(config_block(), encoding="utf-8")
    return folder


def run(command: str, cwd: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RHCALC_")}
    env.update(COLUMNS="80", PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    args = command.split()[1:]
    result = subprocess.run([sys.executable, "-m", "rhcalc", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=300)
    text = STAMP.sub("<time> ", result.stderr + result.stdout if args[0] in ("batch", "send") else result.stdout + result.stderr)
    return [line.rstrip() for line in text.splitlines()]


def test_the_readme_has_examples_to_check():
    commands = [c for c, _ in examples()]
    assert len(commands) >= 6 and any(c.startswith("rhcalc batch") for c in commands)


def test_every_example_prints_what_the_readme_shows(scratch: Path):
    """In order: the batch examples run one after another in the same folder (a rerun does nothing)."""
    for command, shown in examples():
        shown = [STAMP.sub("<time> ", line) for line in shown]
        got = run(command, scratch)
        assert matches(shown, got) is None, f"{command}: {matches(shown, got)}\n" + "\n".join(got[:60])


def test_the_matcher_can_fail():
    assert matches(["a", SKIP, "c"], ["a", "b", "b", "c"]) is None
    assert matches(["a", "c"], ["a", "b", "c"]) is not None
    assert matches(["a", SKIP], ["a", "x"]) is None
    assert matches(["a"], ["a", "x"]) is not None
