"""The html report in a real browser: headless Chromium loads it with no network request from the page
and no console message. Skipped where Chromium is not installed (CI); the structure tests
(test_render_html.py) need no browser.

Chromium's own background calls (update checks, accounts) are not the page's: the net log marks a
request the page makes with the page's origin (“null” for a file), the browser's own with none.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_render_support import BEIJING, render, scored

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium here (apt-get install chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0"]


def load(page: Path, tmp_path: Path) -> tuple[list[str], list[str], str]:
    """(the URLs the page requested, the console messages, the DOM as loaded)."""
    net = tmp_path / f"{page.stem}.netlog.json"
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={net}",
                             "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    log = json.loads(net.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = [e["params"]["url"] for e in log["events"] if e.get("type") == start
                and e.get("params", {}).get("initiator") not in (None, "not an origin")]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    return requests, console, result.stdout


def test_the_check_sees_a_request_and_a_console_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom")</script><img src="http://example.invalid/x.png">'
                   "</body></html>", encoding="utf-8")
    requests, console, _ = load(bad, tmp_path)
    assert requests == ["http://example.invalid/x.png"] and len(console) == 1


@pytest.mark.parametrize(("name", "lang"), [(BEIJING, "zh"), ("xicheng_mch_2024_q2", "en")])
def test_the_report_loads_with_no_request_and_no_console_message(tmp_path: Path, name: str, lang: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(scored(name), "html", lang=lang, explain=True), encoding="utf-8")
    requests, console, dom = load(page, tmp_path)
    assert requests == [] and console == []
    assert "<svg" in dom and 'class="attention"' in dom
