"""Emailed reports against a real SMTP server (aiosmtpd on 127.0.0.1): once each, never twice, never lost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import PASSWORD, closed_port, write_config, write_quarter
from rhcalc.cli import app
from rhcalc.batch.history import History
from rhcalc.batch.outbox import read_queued

AUTH = {"username": "mch", "password_env": "RHCALC_TEST_PW"}


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RHCALC_TEST_PW", PASSWORD)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    write_quarter(tmp_path / "in", "2024Q1")
    return tmp_path / "in"


def _batch(runner, inbox: Path, out: Path, catalog: Path, config: Path, *extra: str):  # noqa: ANN001, ANN202
    return runner.invoke(app, ["batch", str(inbox), "--out", str(out), "--catalog", str(catalog), "--config", str(config),
                               "--jobs", "1", "--email", *extra])


def _all_text(out: Path, *results) -> str:  # noqa: ANN002
    texts = [r.output + r.stderr for r in results]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file() and p.suffix in (".json", ".eml")]
    return "\n".join(texts)


def test_each_recipient_gets_one_message_and_the_city_the_summary(runner, smtp, inbox: Path, tmp_path: Path,  # noqa: F811
                                                                  mini_catalog_dir: Path) -> None:
    out = tmp_path / "out"
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    result = _batch(runner, inbox, out, mini_catalog_dir, config, "--jobs", "2")  # workers forked beside the server thread
    assert result.exit_code == 0, result.stderr
    assert smtp.to() == ["a@jia.example.org", "b1@yi.example.org", "b2@yi.example.org", "office@city.example.org"]
    by_to = {str(m["To"]): m for m in smtp.messages()}
    jia = by_to["a@jia.example.org"]
    assert str(jia["Subject"]) == "甲区 2024Q1 妇幼健康指标达标情况"
    assert [a.get_filename() for a in jia.iter_attachments()] == ["甲区-2024Q1.xlsx", "甲区-2024Q1.html"]
    assert jia.get_body(("plain",)).get_content().startswith("甲区 2024Q1 达标情况（截至 2024-03-31）")
    city = by_to["office@city.example.org"]
    assert [a.get_filename() for a in city.iter_attachments()] == ["测试市-2024Q1-汇总.xlsx", "测试市-2024Q1-汇总.html"]
    assert "测试市" in str(city["Subject"]) and "各区排名" in city.get_body(("plain",)).get_content()
    assert not list((out / "outbox").glob("*.eml")) and len(list((out / "sent").glob("*.eml"))) == 4
    with History(out / "history.sqlite") as history:
        assert {d.message_id for d in history.ledger()} == {str(m["Message-ID"]) for m in smtp.messages()}
    assert PASSWORD not in _all_text(out, result)
    assert {q.report_hash for q in map(read_queued, (out / "sent").iterdir())} == {
        r["mail_hash"] for r in json.loads((out / "run.json").read_text(encoding="utf-8"))["reports"] if r["name"] != "2024Q1/丙区"}


def test_a_rerun_sends_nothing_even_with_force(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    assert _batch(runner, inbox, out, mini_catalog_dir, config).exit_code == 0
    assert len(smtp.envelopes) == 4
    sent = {p.name: p.stat().st_mtime_ns for p in (out / "sent").iterdir()}
    for extra in ([], ["--force"]):
        again = _batch(runner, inbox, out, mini_catalog_dir, config, *extra)
        assert again.exit_code == 0
        assert "排队邮件 0 封" in again.stderr  # nothing even written to the outbox
    assert len(smtp.envelopes) == 4
    assert {p.name: p.stat().st_mtime_ns for p in (out / "sent").iterdir()} == sent


def test_a_stopped_server_keeps_the_messages_and_a_later_run_delivers_them_once(
        runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    down = write_config(tmp_path / "down.toml", closed_port(), **AUTH)
    failed = _batch(runner, inbox, out, mini_catalog_dir, down)
    assert failed.exit_code == 1
    assert len(list((out / "outbox").glob("*.eml"))) == 4
    # Each message named, with what to check and the server's words.
    assert failed.stderr.count("未发出：") == 4 and "ConnectionRefusedError" in failed.stderr
    assert "无法连接邮件服务器 127.0.0.1:" in failed.stderr and "请检查 smtp_host / smtp_port" in failed.stderr
    # The log says which step runs, and each retry with its wait, before the message is given up.
    steps = [line.split(" ", 1)[1] for line in failed.stderr.splitlines() if line[:4].isdigit()]
    assert [s for s in steps if s.startswith(("评分", "写出报告 ", "发送邮件 "))] == ["评分", "写出报告 4 份", "发送邮件 4 封"]
    assert sum(s.startswith("第 1/1 次重试，0.01 秒后：无法连接邮件服务器 127.0.0.1:") for s in steps) == 1  # one connection for all
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert len(run["email"]["failed"]) == 4 and run["email"]["waiting"] == 4 and run["exit"] == 1
    # Still down: the waiting messages are kept as they are (same bytes, same Message-ID), not queued twice.
    waiting = {p.name: p.read_bytes() for p in (out / "outbox").glob("*.eml")}
    assert _batch(runner, inbox, out, mini_catalog_dir, down).exit_code == 1
    assert {p.name: p.read_bytes() for p in (out / "outbox").glob("*.eml")} == waiting

    up = write_config(tmp_path / "up.toml", smtp.port, **AUTH)
    assert _batch(runner, inbox, out, mini_catalog_dir, up).exit_code == 0
    assert len(smtp.envelopes) == 4 and not list((out / "outbox").glob("*.eml"))
    again = runner.invoke(app, ["send", str(out), "--config", str(up)])
    assert again.exit_code == 0 and "发件箱中没有等待发送的邮件" in again.stderr
    assert len(smtp.envelopes) == 4


def test_a_stopped_server_in_english(runner, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:
    down = write_config(tmp_path / "down.toml", closed_port(), **AUTH)
    failed = _batch(runner, inbox, tmp_path / "out", mini_catalog_dir, down, "--lang", "en")
    assert failed.exit_code == 1
    steps = [line.split(" ", 1)[1] for line in failed.stderr.splitlines() if line[:4].isdigit()]
    assert "scoring" in steps and "sending 4 message(s)" in steps
    assert "retry 1/1 in 0.01 s: cannot connect to the mail server 127.0.0.1:" in failed.stderr
    assert failed.stderr.count("✗ not sent: ") == 4 and "check smtp_host / smtp_port (ConnectionRefusedError" in failed.stderr
    assert not re.search(r"[\u4e00-\u9fff]", failed.stderr.replace("甲区", "").replace("乙区", "").replace("丙区", "")
                         .replace("测试市", "").replace("汇总", ""))


def test_send_delivers_what_waits(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    preview = _batch(runner, inbox, out, mini_catalog_dir, config, "--dry-run")
    assert preview.exit_code == 0 and smtp.envelopes == []
    waiting = sorted((out / "outbox").glob("*.eml"))
    assert len(waiting) == 4 and waiting[0].read_bytes().startswith(b"Subject:")
    sent = runner.invoke(app, ["send", str(out), "--config", str(config)])
    assert sent.exit_code == 0, sent.stderr
    assert len(smtp.envelopes) == 4 and sent.stderr.count("已发送 2024Q1/") == 4


def test_a_refused_recipient_fails_alone(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    smtp.refuse = {"b2@yi.example.org"}
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    result = _batch(runner, inbox, out, mini_catalog_dir, config)
    assert result.exit_code == 1
    assert smtp.to() == ["a@jia.example.org", "b1@yi.example.org", "office@city.example.org"]
    assert "recipient refused: b2@yi.example.org: 550" in result.stderr and "请检查 [email.recipients] 中的地址" in result.stderr
    assert len(list((out / "outbox").glob("*.eml"))) == 1
    smtp.refuse = set()
    assert runner.invoke(app, ["send", str(out), "--config", str(config)]).exit_code == 0
    assert smtp.to().count("b2@yi.example.org") == 1 and len(smtp.envelopes) == 4


def test_a_refused_login_keeps_the_messages(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path,  # noqa: F811
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RHCALC_TEST_PW", "wrong-" + PASSWORD)
    out = tmp_path / "out"
    result = _batch(runner, inbox, out, mini_catalog_dir, write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH))
    assert result.exit_code == 1
    assert "SMTPAuthenticationError: 535" in result.stderr and "拒绝登录，请检查 username 和 password_env" in result.stderr
    assert smtp.envelopes == [] and len(list((out / "outbox").glob("*.eml"))) == 4
    assert PASSWORD not in _all_text(out, result)


def test_starttls_with_a_self_signed_certificate(runner, tls_smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    out = tmp_path / "out"
    untrusted = write_config(tmp_path / "untrusted.toml", tls_smtp.port, security="starttls", **AUTH)
    refused = _batch(runner, inbox, out, mini_catalog_dir, untrusted)
    assert refused.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in refused.stderr and "请用 ca_file 指定" in refused.stderr
    assert tls_smtp.envelopes == []
    trusted = write_config(tmp_path / "trusted.toml", tls_smtp.port, security="starttls", ca_file=str(tls_smtp.cert), **AUTH)
    result = _batch(runner, inbox, out, mini_catalog_dir, trusted)
    assert result.exit_code == 0, result.stderr
    assert len(tls_smtp.envelopes) == 4


def test_a_district_without_recipients_is_written_not_sent(runner, smtp, inbox: Path, tmp_path: Path,  # noqa: F811
                                                           mini_catalog_dir: Path) -> None:
    out = tmp_path / "out"
    _batch(runner, inbox, out, mini_catalog_dir, write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH))
    assert (out / "2024Q1" / "丙区.xlsx").exists()
    assert not any("丙区" in str(m["Subject"]) for m in smtp.messages())


def test_a_changed_report_is_sent_again(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    """A resubmitted file changes 甲区's report and the summary: those go again, the others do not."""
    out = tmp_path / "out"
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    _batch(runner, inbox, out, mini_catalog_dir, config)
    (inbox / "甲区-2024Q1.csv").write_text("district,period,indicator,value\n甲区,2024Q1,lectures,30\n", encoding="utf-8")
    assert _batch(runner, inbox, out, mini_catalog_dir, config).exit_code == 0
    assert smtp.to()[-0:].count("a@jia.example.org") == 2 and smtp.to().count("office@city.example.org") == 2
    assert smtp.to().count("b1@yi.example.org") == 1


def test_implicit_tls(runner, ssl_smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path) -> None:  # noqa: F811
    config = write_config(tmp_path / "rhcalc.toml", ssl_smtp.port, security="ssl", ca_file=str(ssl_smtp.cert), **AUTH)
    result = _batch(runner, inbox, tmp_path / "out", mini_catalog_dir, config)
    assert result.exit_code == 0, result.stderr
    assert len(ssl_smtp.envelopes) == 4


def test_a_message_the_ledger_knows_is_moved_not_sent(runner, smtp, inbox: Path, tmp_path: Path,  # noqa: F811
                                                      mini_catalog_dir: Path) -> None:
    """A run stopped after the server accepted a message but before moving it: the next one does not send it twice."""
    from rhcalc.batch.outbox import pending

    out = tmp_path / "out"
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    _batch(runner, inbox, out, mini_catalog_dir, config, "--dry-run")
    first = pending(out)[0]
    with History(out / "history.sqlite") as history:
        history.record_sent(first.recipient, first.report_hash, first.message_id, first.report)
    result = runner.invoke(app, ["send", str(out), "--config", str(config)])
    assert result.exit_code == 0
    assert len(smtp.envelopes) == 3 and first.recipient not in smtp.to()
    assert "已送达过，移到 sent/" in result.stderr and not pending(out)


def test_a_dry_run_needs_no_password(runner, smtp, inbox: Path, tmp_path: Path, mini_catalog_dir: Path,  # noqa: F811
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RHCALC_TEST_PW")
    config = write_config(tmp_path / "rhcalc.toml", smtp.port, **AUTH)
    result = _batch(runner, inbox, tmp_path / "out", mini_catalog_dir, config, "--dry-run")
    assert result.exit_code == 0 and "排队邮件 4 封" in result.stderr
    assert smtp.envelopes == []
