"""A national batch judges its districts in the workers that write their reports (batch/districts.py):
the same reports, hashes and bytes as judging every district first, and a summary that keeps each
county's result only as its league cell shows it, rendering the same bytes as the full results."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES, report_digests
from rhcalc.batch.run import BatchOptions, BatchRun, run_batch
from rhcalc.common.pool import fork_available
from rhcalc.render import RENDERERS
from rhcalc.render.sections import DETAIL_LIMIT

COUNTIES = DETAIL_LIMIT + 6  # more than a summary lists one by one


def _catalog(folder: Path) -> Path:
    """Xicheng's 2024 work points as a plan every county reports to, as bench/corpus.py makes it — but
    every second target left at the plan's level: judged on the counties rolled up, so that each
    county's report shows its share of national figures."""
    (folder / "sources").mkdir(parents=True)
    src = ROOT / "indicators"
    shutil.copy(src / "common.yaml", folder)
    shutil.copy(src / "sources" / "004_7f09631bde681911.txt", folder / "sources")
    doc = yaml.safe_load((src / "xicheng_mch_2024.yaml").read_text(encoding="utf-8"))
    doc["plan"].update(id="counties", jurisdiction="全国", level="national", any_unit=True)
    for i, target in enumerate(doc["targets"]):
        if i % 2 == 0:
            target["level"] = "district"
        else:
            target.pop("level", None)
    (folder / "counties.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _counties(folder: Path) -> Path:
    """One made-up file per county: Xicheng's sample, its counts moved up or down by county."""
    folder.mkdir()
    lines = (SAMPLES / "xicheng_mch_2024_q2.csv").read_text(encoding="utf-8").splitlines()
    for n in range(COUNTIES):
        out = lines[:2]
        for line in lines[2:]:
            cells = line.split(",")
            if cells[0] == "西城区" and cells[3].isdigit() and not cells[4]:
                cells[3] = str(max(0, int(cells[3]) + n % 5 - 2))
            out.append(",".join(["示例%02d县" % n if c == "西城区" else c for c in cells]))
        (folder / f"示例{n:02d}县-2024Q2.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def national(tmp_path: Path) -> tuple[Path, Path]:
    return _counties(tmp_path / "in"), _catalog(tmp_path / "cat")


def _run(src: Path, catalog: Path, out: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool, **options) -> BatchRun:
    import rhcalc.batch.districts as districts

    monkeypatch.setattr(districts, "STREAM_FROM", 10 if streamed else 10**9)
    entered: list[int] = []
    original = districts.district_workers

    def spy(catalog, workers):  # noqa: ANN001, ANN202
        entered.append(workers)
        return original(catalog, workers)

    monkeypatch.setattr("rhcalc.batch.run.district_workers", spy)
    run = run_batch(BatchOptions((src,), out, catalog=catalog, jobs=2, **options))
    assert entered == ([2] if streamed else [])
    return run


def _run_json(out: Path) -> dict:
    data = json.loads((out / "run.json").read_text(encoding="utf-8"))
    data.pop("finished_at")
    return data


@pytest.mark.skipif(not fork_available(), reason="districts are judged in forked workers only")
def test_streamed_run_writes_what_judging_first_writes(national, tmp_path, monkeypatch):
    src, catalog = national
    first = _run(src, catalog, tmp_path / "first", monkeypatch, streamed=False)
    streamed = _run(src, catalog, tmp_path / "streamed", monkeypatch, streamed=True)
    assert first.exit_code == streamed.exit_code == 0
    assert len(streamed.reports) == COUNTIES + 1
    assert [(r.name, r.content_hash, r.mail_hash, r.counts(), r.as_of) for r in streamed.reports] == \
           [(r.name, r.content_hash, r.mail_hash, r.counts(), r.as_of) for r in first.reports]
    assert _run_json(tmp_path / "streamed") == _run_json(tmp_path / "first")
    files = report_digests(tmp_path / "streamed")
    assert len(files) == 2 * (COUNTIES + 1) and files == report_digests(tmp_path / "first")
    # Each county's report shows its share of the national figures it feeds (a roll-up's parts).
    html = (tmp_path / "streamed" / "2024Q2" / "示例03县.html").read_text(encoding="utf-8")
    assert "全国" in html
    counts = streamed.reports[-1].counts()
    assert counts["met"] and counts["behind"]  # the made-up figures reach some targets and fall behind on others

    # Again over the same inputs: nothing read, nothing written. Then one county's file corrected:
    # its report and the summary are rewritten, and (its share of the national figures moved) the
    # reports of the counties that feed the same roll-ups.
    again = run_batch(BatchOptions((src,), tmp_path / "streamed", catalog=catalog, jobs=2))
    assert again.unchanged is not None and again.written == []
    corrected = (src / "示例06县-2024Q2.csv").read_text(encoding="utf-8").replace("示例06县", "示例05县")
    (src / "示例05县-2024Q2.csv").write_text(corrected, encoding="utf-8")
    changed = run_batch(BatchOptions((src,), tmp_path / "streamed", catalog=catalog, jobs=2))
    rewritten = {w.rsplit(".", 1)[0] for w in changed.written}
    assert {"2024Q2/示例05县", "2024Q2/summary"} <= rewritten
    fresh = _run(src, catalog, tmp_path / "fresh", monkeypatch, streamed=True)
    assert [(r.name, r.content_hash) for r in changed.reports] == [(r.name, r.content_hash) for r in fresh.reports]
    assert report_digests(tmp_path / "streamed") == report_digests(tmp_path / "fresh")


def test_slim_results_render_the_summary_the_full_ones_render(national):
    """What Result.slim leaves out is never shown of a county in a national summary's xlsx, html or md."""
    from rhcalc.catalog.load import load_catalog
    from rhcalc.pipeline import score_files
    from rhcalc.render import league_only_above

    src, folder = national
    card = score_files(sorted(src.glob("*.csv")), load_catalog(folder))
    assert league_only_above(("xlsx", "html"), frozenset()) == DETAIL_LIMIT
    assert league_only_above(("xlsx", "json"), frozenset()) is None  # json lists every result in full
    assert league_only_above(("xlsx",), frozenset({"not_met"})) is None  # fewer counties may be listed
    from dataclasses import replace

    from rhcalc.batch.reports import as_summary_shows

    hows: dict = {}
    slim = replace(card, results=[as_summary_shows(r, frozenset({"counties"}), card.catalog, hows) for r in card.results])
    assert len(hows) < len(card.results) / 10  # most results share their How
    assert all(r.history == () for r in slim.results if r.district != "全国")
    assert all(r.history for r in slim.results if r.district == "全国")  # the plan's own: whole
    for fmt in ("xlsx", "html", "md"):
        full_out = RENDERERS[fmt].load()(card, lang="zh", explain=True)
        slim_out = RENDERERS[fmt].load()(slim, lang="zh", explain=True)
        if fmt == "xlsx":
            assert _parts(full_out) == _parts(slim_out)
        else:
            assert full_out == slim_out


def _parts(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.mark.skipif(not fork_available(), reason="districts are judged in forked workers only")
def test_streamed_run_queues_the_mail_judging_first_queues(national, tmp_path, monkeypatch):
    """Each county's e-mail text is written where its results are (the worker): the same messages."""
    from email import message_from_bytes, policy

    src, catalog = national
    config = tmp_path / "rhcalc.toml"
    config.write_text('[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = 2525\nsecurity = "none"\n'
                      'sender = "mch@example.org"\n\n[email.recipients]\n'
                      '"示例03县" = ["c03@example.org"]\n"示例30县" = ["c30@example.org"]\ncity = ["office@example.org"]\n',
                      encoding="utf-8")

    def messages(out: Path) -> dict[str, tuple[str, list[str]]]:
        found = {}
        for path in sorted((out / "outbox").glob("*.eml")):
            msg = message_from_bytes(path.read_bytes(), policy=policy.default)
            found[path.name] = (msg.get_body(("plain",)).get_content(), [a.get_filename() for a in msg.iter_attachments()])
        return found

    first = _run(src, catalog, tmp_path / "first", monkeypatch, streamed=False, dry_run=True, config=config)
    streamed = _run(src, catalog, tmp_path / "streamed", monkeypatch, streamed=True, dry_run=True, config=config)
    assert len(streamed.queued) == len(first.queued) == 3
    mail = messages(tmp_path / "streamed")
    assert mail == messages(tmp_path / "first")
    (body, files), = [m for name, m in mail.items() if name.startswith("2024Q2__示例03县__")]
    assert "示例03县" in body and files == ["示例03县-2024Q2.xlsx", "示例03县-2024Q2.html"]
