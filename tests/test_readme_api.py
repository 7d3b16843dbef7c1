"""The README's public-API example runs as written, output and all (doctest over its pycon block)."""

from __future__ import annotations

import doctest
import re
import tempfile

import pytest

from conftest import ROOT


def _example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## From Python: the public API", 1)[1]
    return re.search(r"```pycon\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(ROOT)  # the example names sample_data/ as a clone has it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its batch writes under tmp_path
    test = doctest.DocTestParser().get_doctest(_example(), {}, "README.md", "README.md", 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=lambda text: pytest.fail(text, pytrace=False))
    assert runner.failures == 0 and runner.tries == len(test.examples)


def test_import_rhcalc_loads_nothing_else() -> None:
    import subprocess
    import sys

    code = "import sys, rhcalc; print(sorted(m for m in sys.modules if m.startswith('rhcalc') or m == 'pandas'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['rhcalc']"
