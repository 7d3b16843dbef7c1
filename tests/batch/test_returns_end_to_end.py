"""The issue's "done when", from the command line: a Beijing batch over 14 of its 16 districts' files
shows the two missing and the late one in every report format, their reminders go out once (aiosmtpd
on 127.0.0.1), and a planted ×10 typo and a copied form are flagged."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import write_csv
from rhcalc.cli import app

BEIJING = ["东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区", "通州区", "顺义区",
           "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区"]
MISSING = ["怀柔区", "延庆区"]
INDICATORS = ("bj_peer_volunteers", "bj_pac_institutions", "bj_one_stop_marriage_sites")


def district_file(folder: Path, district: str, period: str, figures: tuple[int, int, int], arrived: dt.date) -> Path:
    folder.mkdir(exist_ok=True)
    path = write_csv(folder / f"{district}-{period}.csv",
                     [f"{district},{period},{i},{v},,,," for i, v in zip(INDICATORS, figures)])
    moment = dt.datetime.combine(arrived, dt.time(12)).timestamp()
    os.utime(path, (moment, moment))
    return path


@pytest.fixture
def city(tmp_path: Path, smtp) -> dict[str, Path]:  # noqa: ANN001
    """2024Q1 from all 16 districts, on time; 2024Q2 from 14: 丰台区 late (07-15, due 07-10), 朝阳区's
    volunteers typed ×10 (1,340 for 134, after 122), 石景山区's form the first quarter's sent again."""
    for i, d in enumerate(BEIJING):
        district_file(tmp_path / "q1", d, "2024Q1", (120 + i, 10 + i, 20 + i), dt.date(2024, 4, 5))
        if d in MISSING:
            continue
        q2 = (120 + i + 12, 11 + i, 21 + i)
        if d == "朝阳区":
            q2 = ((120 + i + 12) * 10, 11 + i, 21 + i)
        if d == "石景山区":
            q2 = (120 + i, 10 + i, 20 + i)
        district_file(tmp_path / "q2", d, "2024Q2", q2, dt.date(2024, 7, 15) if d == "丰台区" else dt.date(2024, 7, 5))
    recipients = "\n".join(f'"{d}" = ["{n}@district.example.org"]' for n, d in enumerate(BEIJING))
    config = tmp_path / "rhcalc.toml"
    config.write_text(f"""[email]
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
sender = "mch@city.example.org"
timeout = 3
retries = 1
retry_wait = 0.01

[email.recipients]
{recipients}
city = ["office@city.example.org"]
""", encoding="utf-8")
    return {"q1": tmp_path / "q1", "q2": tmp_path / "q2", "out": tmp_path / "out", "config": config}


def batch(runner, city: dict[str, Path], folder: str, as_of: str, *extra: str):  # noqa: ANN001, ANN201
    return runner.invoke(app, ["batch", str(city[folder]), "--out", str(city["out"]), "--as-of", as_of,
                               "--config", str(city["config"]), *extra])


def test_a_city_batch_over_14_of_16_districts(runner, city, smtp) -> None:  # noqa: ANN001
    first = batch(runner, city, "q1", "2024-04-20")
    assert first.exit_code == 0, first.output
    run = batch(runner, city, "q2", "2024-07-20", "--remind")
    assert run.exit_code == 0, run.output
    out = city["out"]

    # The terminal summary and run.json
    assert "北京市 2024Q2：16 个区中 14 个已上报（逾期 1 个，未报送 2 个），截止 2024-07-10" in run.output
    assert "未报送：怀柔区、延庆区" in run.output and "逾期报送：丰台区" in run.output
    record = json.loads((out / "run.json").read_text(encoding="utf-8"))
    [q2] = [p for p in record["completeness"] if p["period"] == "2024Q2"]
    assert (q2["units_expected"], q2["units_reported"], q2["late"], q2["missing"]) == (16, 14, 1, 2)
    states = {u["unit"]: (u["state"], u["arrived"]) for u in q2["units"]}
    assert states["丰台区"] == ("late", "2024-07-15") and states["东城区"] == ("on_time", "2024-07-05")
    assert [u for u, (s, _) in states.items() if s == "missing"] == MISSING

    # The summary html and xlsx
    html = (out / "2024Q2" / "summary.html").read_text(encoding="utf-8")
    assert "16 个区中 14 个已上报" in html and all(u in html for u in [*MISSING, "丰台区"]) and "2024-07-15" in html
    ws = load_workbook(io.BytesIO((out / "2024Q2" / "summary.xlsx").read_bytes()))["上报情况"]
    rows = {r[1]: r[2:] for r in ws.iter_rows(values_only=True) if r and r[0] == "2024Q2" and r[1] in BEIJING}
    assert rows["怀柔区"][0].startswith("未报送") and rows["丰台区"][:3] == ("逾期报送", "2024-07-15", 5)

    # The ×10 typo and the copied form, located
    flagged = {(p["code"], p["file"]) for p in record["problems"]}
    assert ("outlier", "朝阳区-2024Q2.csv") in flagged and ("repeated-figure", "石景山区-2024Q2.csv") in flagged
    [typo] = [p for p in record["problems"] if p["code"] == "outlier"]
    assert (typo["row"], typo["column_letter"], typo["column"]) == (2, "D", "value")
    assert typo["message"] == "1,340 可能有误：是上期（2024Q1：122）的 10.98 倍，超过 3 倍"

    # The reminders: the two missing districts, once, their forms attached
    sent = {m["To"]: m for m in smtp.messages() if "催报" in m["Subject"]}
    assert sorted(sent) == ["12@district.example.org", "15@district.example.org"]
    mail = sent["12@district.example.org"]
    assert "怀柔区" in mail["Subject"] and "2024-07-10" in mail.get_body().get_content()
    [form] = [a for a in mail.iter_attachments()]
    assert form.get_filename() == "怀柔区-2024Q2.xlsx"
    before = len(smtp.messages())
    again = batch(runner, city, "q2", "2024-07-20", "--remind")
    assert again.exit_code == 0, again.output
    assert len(smtp.messages()) == before  # never twice for the same unit, period and round


@pytest.mark.parametrize("fmt", ["json", "md", "csv", "table", "html"])
def test_score_over_the_files_shows_the_returns(runner, city, fmt: str) -> None:  # noqa: ANN001
    files = sorted(str(p) for p in city["q2"].iterdir())
    result = runner.invoke(app, ["score", *files, "-f", fmt, "--config", str(city["config"])])
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        data = json.loads(text)
        [p] = data["completeness"]
        assert (p["units_reported"], p["late"], p["missing"]) == (14, 1, 2)
        city_rows = [r for r in data["results"] if r["district"] == "北京市" and "units_expected" in r]
        assert city_rows and all((r["units_expected"], r["partial"]) == (16, True) for r in city_rows)
    elif fmt == "csv":
        head, *rows = text.splitlines()
        assert "已上报单位数" in head and any(",14,16,True," in r for r in rows)
    else:
        assert "14 个已上报" in text and "怀柔区" in text and "丰台区" in text


class July20(dt.date):
    @classmethod
    def today(cls) -> dt.date:
        return dt.date(2024, 7, 20)


def test_remind_dir_previews_then_sends_once(runner, city, smtp, monkeypatch) -> None:  # noqa: ANN001
    import types

    import rhcalc.batch.remind as batch_remind

    # remind DIR checks the stored table as of today: 2024-07-20 here, ten days past the due day.
    monkeypatch.setattr(batch_remind, "dt", types.SimpleNamespace(date=July20, datetime=dt.datetime, timedelta=dt.timedelta))
    assert batch(runner, city, "q2", "2024-07-20").exit_code == 0  # the table, no reminders yet
    out, config = str(city["out"]), str(city["config"])
    preview = runner.invoke(app, ["remind", out, "--config", config, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    waiting = sorted(p.name for p in (city["out"] / "outbox").iterdir())
    assert len(waiting) == 2 and all(n.startswith("reminder__2024Q2__") for n in waiting) and smtp.messages() == []
    sent = runner.invoke(app, ["remind", out, "--config", config])
    assert sent.exit_code == 0, sent.output
    assert sorted(m["To"] for m in smtp.messages()) == ["12@district.example.org", "15@district.example.org"]
    assert runner.invoke(app, ["remind", out, "--config", config]).exit_code == 0
    assert len(smtp.messages()) == 2


def test_remind_a_folder_no_batch_wrote_is_refused(runner, tmp_path: Path, city) -> None:  # noqa: ANN001
    result = runner.invoke(app, ["remind", str(tmp_path / "nowhere"), "--config", str(city["config"])])
    assert result.exit_code == 2
    assert "没有 rhcalc batch 的记录（history.sqlite）" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("lang, line", [("zh", "没有找到任何报表文件"), ("en", "no submission file found in")])
def test_an_empty_or_mistyped_folder_is_an_error(runner, tmp_path: Path, lang: str, line: str) -> None:  # noqa: ANN001
    (tmp_path / "submisions").mkdir()
    result = runner.invoke(app, ["batch", str(tmp_path / "submisions"), "--out", str(tmp_path / "out"), "--lang", lang])
    assert result.exit_code == 1
    assert line in result.output and "东城区" in result.output
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert [p["code"] for p in record["problems"]] == ["no-submissions"] and record["exit"] == 1


def test_a_backlog_writes_every_quarter_oldest_first(runner, tmp_path: Path) -> None:  # noqa: ANN001
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"]
    for q, quarter in enumerate(quarters):
        for i, d in enumerate(BEIJING):
            district_file(tmp_path / "in", d, quarter, (120 + i + q, 10 + i, 20 + i + q), dt.date(2025, 7, 5))
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    summaries = [r["name"] for r in record["reports"] if r["district"] is None]
    assert summaries == [f"{q}/summary" for q in quarters]
    assert all((tmp_path / "out" / q / "东城区.xlsx").is_file() for q in quarters)


def test_a_mistyped_district_gets_no_report_and_its_old_one_goes(runner, tmp_path: Path) -> None:  # noqa: ANN001
    folder, out = tmp_path / "in", tmp_path / "out"
    district_file(folder, "西城区", "2024Q2", (120, 10, 20), dt.date(2024, 7, 5))
    typo = district_file(folder, "海定区", "2024Q2", (130, 11, 21), dt.date(2024, 7, 5))
    # An earlier rhcalc wrote 2024Q2/海定区.*: this run records it as made from the mistyped file.
    first = runner.invoke(app, ["batch", str(folder), "--out", str(out)])
    assert first.exit_code == 1  # unknown-district is an error
    assert not (out / "2024Q2" / "海定区.xlsx").exists() and (out / "2024Q2" / "西城区.xlsx").exists()
    typo.unlink()
    district_file(folder, "海淀区", "2024Q2", (130, 11, 21), dt.date(2024, 7, 6))
    second = runner.invoke(app, ["batch", str(folder), "--out", str(out)])
    assert second.exit_code == 0, second.output
    assert (out / "2024Q2" / "海淀区.xlsx").exists()


def test_a_resubmission_supersedes_and_names_both_files(runner, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "in"
    district_file(folder, "西城区", "2024Q2", (120, 10, 20), dt.date(2024, 7, 5))
    second = district_file(folder, "西城区", "2024Q2", (125, 10, 20), dt.date(2024, 7, 8))
    second.rename(folder / "西城区-2024Q2-第二版.csv")
    os.utime(folder / "西城区-2024Q2-第二版.csv", (dt.datetime(2024, 7, 8, 12).timestamp(),) * 2)
    district_file(folder, "西城区", "2024Q2", (120, 10, 20), dt.date(2024, 7, 5))
    result = runner.invoke(app, ["score", *sorted(str(p) for p in folder.iterdir()), "-f", "json"])
    assert result.exit_code == 0, result.output
    [note] = json.loads(result.stdout)["problems"]
    assert (note["code"], note["file"], note["severity"]) == ("superseded", "西城区-2024Q2.csv", "note")
    assert note["message"] == ("西城区 2024Q2：本文件（2024-07-05 12:00）的 3 项数据已被较新的 西城区-2024Q2-第二版.csv"
                               "（2024-07-08 12:00）取代，不再使用")


def test_thresholds_and_due_days_come_from_rhcalc_toml(runner, city) -> None:  # noqa: ANN001
    config = city["config"]
    config.write_text(config.read_text(encoding="utf-8") + "\n[reporting]\ndue_days = 20\n\n[quality]\nratio = 20\n",
                      encoding="utf-8")
    files = sorted(str(p) for p in city["q2"].iterdir())
    data = json.loads(runner.invoke(app, ["score", *files, "-f", "json", "--config", str(config)]).stdout)
    [p] = data["completeness"]
    assert (p["due"], p["late"]) == ("2024-07-20", 0)  # 丰台区's 07-15 is on time with 20 days
    assert "outlier" not in {q["code"] for q in data["problems"]}  # ×10.98 is under 20×
    config.write_text(config.read_text(encoding="utf-8").replace("ratio = 20", "ratio = 1"), encoding="utf-8")
    bad = runner.invoke(app, ["score", *files, "--config", str(config)])
    assert bad.exit_code == 2 and "quality.ratio：取值无效：须为大于 1 的数字" in bad.output
