"""Reminders to units whose return has not arrived, through the outbox, the ledger and a real SMTP server
(aiosmtpd on 127.0.0.1): once per unit, period and round, with the unit's form attached."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import rows_as_read, write_config, write_csv
from rhcalc.batch.config import load_config
from rhcalc.batch.history import History
from rhcalc.batch.outbox import pending
from rhcalc.batch.reminders import queue_reminders, reminders_due, round_of
from rhcalc.batch.returns import Returns
from rhcalc.batch.smtp import deliver
from rhcalc.score.completeness import completeness, returns_in


@pytest.mark.parametrize("checked, expected", [("2024-07-01", 0), ("2024-07-10", 0), ("2024-07-11", 1),
                                               ("2024-07-17", 1), ("2024-07-18", 2), ("2024-07-25", 3)])
def test_rounds_follow_the_calendar(checked: str, expected: int) -> None:
    assert round_of(dt.date(2024, 7, 10), dt.date.fromisoformat(checked), every=7) == expected


def returns_checked_on(tmp_path: Path, catalog, checked: dt.date):  # noqa: ANN001, ANN201
    """甲区 sent its 2024Q2 file; 乙区 (two addresses) and 丙区 (none) did not."""
    (tmp_path / "in").mkdir(exist_ok=True)
    path = write_csv(tmp_path / "in" / "甲区-2024Q2.csv", ["甲区,2024Q2,lectures,14,,,场,", "甲区,2024Q2,drills,1,,,次,"])
    frame = rows_as_read([path], catalog)
    return completeness(catalog, returns_in(frame), {path.name: dt.date(2024, 7, 5)}, checked)


def test_each_missing_unit_is_reminded_once_per_round(tmp_path: Path, smtp, mini_catalog, monkeypatch) -> None:  # noqa: ANN001, F811
    monkeypatch.setenv("RHCALC_SMTP_PASSWORD", "unused")
    cfg = load_config(write_config(tmp_path / "rhcalc.toml", smtp.port)).email
    out = tmp_path / "reports"

    def run(checked: dt.date) -> tuple[int, int]:
        with History(out / "history.sqlite") as history:
            c = returns_checked_on(tmp_path, mini_catalog, checked)
            queued = queue_reminders(reminders_due(c), mini_catalog, out, cfg, history)
            delivery = deliver(out, cfg, history)
        return len(queued), len(delivery.sent)

    assert run(dt.date(2024, 7, 12)) == (2, 2)  # 乙区's two addresses; 丙区 has none, 甲区 has reported
    assert smtp.to() == ["b1@yi.example.org", "b2@yi.example.org"]
    assert run(dt.date(2024, 7, 12)) == (0, 0) and run(dt.date(2024, 7, 17)) == (0, 0)  # the same round
    assert run(dt.date(2024, 7, 18)) == (2, 2)  # the second week overdue: round 2
    assert run(dt.date(2024, 8, 30)) == (0, 0)  # past the third round: no more
    first, *_, last = smtp.messages()
    assert first["Subject"] == "【催报】乙区 2024Q2 报表（截止 2024-07-10）"
    body = first.get_body(("plain",)).get_content()
    assert "截至 2024-07-12，尚未收到贵单位《测试方案》2024Q2 的报表。报送截止日期为 2024-07-10（已逾期 2 天）。" in body
    assert "（第 2 次提醒）" in last.get_body(("plain",)).get_content()
    [form] = list(first.iter_attachments())
    assert form.get_filename() == "乙区-2024Q2.xlsx"
    ws = load_workbook(io.BytesIO(form.get_content())).worksheets[0]
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "乙区" in cells and "2024Q2" in cells and "lectures" in cells


def test_a_dry_run_writes_the_reminders_and_sends_none(tmp_path: Path, smtp, mini_catalog) -> None:  # noqa: ANN001, F811
    cfg = load_config(write_config(tmp_path / "rhcalc.toml", smtp.port)).email
    out = tmp_path / "reports"
    with History(out / "history.sqlite") as history:
        queue_reminders(reminders_due(returns_checked_on(tmp_path, mini_catalog, dt.date(2024, 7, 9))), mini_catalog, out,
                        cfg, history)
    waiting = pending(out)
    assert sorted(q.recipient for q in waiting) == ["b1@yi.example.org", "b2@yi.example.org"]
    assert {q.report for q in waiting} == {"reminder/2024Q2/乙区/0"} and smtp.envelopes == []
    text = waiting[0].path.read_bytes().decode("ascii")
    assert "X-Rhcalc-Report-Name" in text


def test_the_table_is_kept_for_remind_dir(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    """``rhcalc remind DIR`` reads the last run's table back and judges it as of its own day."""
    c = returns_checked_on(tmp_path, mini_catalog, dt.date(2024, 7, 9))
    with History(tmp_path / "history.sqlite") as history:
        Returns(history.conn).save(c)
        later = Returns(history.conn).load(dt.date(2024, 7, 20))
    [p] = later.periods
    assert (p.plan, p.period, p.due, p.checked) == ("mini", "2024Q2", dt.date(2024, 7, 10), dt.date(2024, 7, 20))
    assert [(u.unit, u.state, u.files, u.arrived, u.overdue) for u in p.units] == [
        ("甲区", "on_time", ("甲区-2024Q2.csv",), dt.date(2024, 7, 5), False), ("乙区", "missing", (), None, True),
        ("丙区", "missing", (), None, True)]


def test_the_reminder_in_english_before_the_due_day(tmp_path: Path, mini_catalog) -> None:  # noqa: ANN001
    from rhcalc.render.reminder import reminder_text

    [p] = returns_checked_on(tmp_path, mini_catalog, dt.date(2024, 7, 7)).periods
    text = reminder_text(mini_catalog, p, p.units[1], 0, "en")
    assert text.subject == "Reminder: 乙区 2024Q2 return (due 2024-07-10)"
    assert text.body.splitlines()[:3] == ["乙区:", "", "As of 2024-07-07 your 2024Q2 return for “Test plan” has not arrived. "
                                          "It is due on 2024-07-10 (3 day(s) left)."]
    assert text.attachment is not None and text.attachment[0] == "乙区-2024Q2.xlsx"
