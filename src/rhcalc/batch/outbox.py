"""Report emails: built with the stdlib ``email`` package and queued as ``.eml`` files in DIR/outbox/.

One message per report and recipient, so that the ledger (who got which report) and a refused
recipient concern exactly one message. A message waiting in the outbox is a file a user can open
(``--dry-run`` stops here); ``smtp.py`` sends what waits and moves it to DIR/sent/. The text of a
message is a renderer's (``render.email_body``).
A report is named by its content hash, never by its bytes: re-rendering an unchanged report
(``--force``) does not make it new to anyone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP as SMTP_POLICY
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from rhcalc.batch.config import CITY, DEFAULT_SUBJECT, EmailConfig
from rhcalc.batch.history import History
from rhcalc.common.output import write_atomic
from rhcalc.batch.reports import SUMMARY, Report, safe_name

HEADER_HASH = "X-Rhcalc-Report"  # the report's mail hash (Report.mail_hash): the ledger's key with the recipient
HEADER_NAME = "X-Rhcalc-Report-Name"
EN_SUBJECT = "{district} {period}: maternal and child health targets"
MIME = {".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ".html": ("text", "html"), ".csv": ("text", "csv"), ".md": ("text", "markdown"), ".json": ("application", "json")}


@dataclass(frozen=True)
class Queued:
    """A message waiting in the outbox, as its headers describe it."""

    path: Path
    recipient: str
    report_hash: str
    report: str
    message_id: str


def outbox_dir(out: Path) -> Path:
    return Path(out) / "outbox"


def sent_dir(out: Path) -> Path:
    return Path(out) / "sent"


def queue_messages(reports: Iterable[Report], attachments: dict[str, list[Path]], out: Path, cfg: EmailConfig,
                   history: History) -> list[Queued]:
    """Write an .eml for each report and recipient that has not had it; returns the new ones.

    A message already waiting for the same report is left as it is (same Message-ID, same
    bytes); one waiting for an older version of the report is replaced.
    """
    new: list[Queued] = []
    for report in reports:
        for recipient in cfg.recipients_of(CITY if report.is_summary else str(report.district)):
            if history.delivered(recipient, report.mail_hash):
                continue
            path = outbox_dir(out) / _file_name(report, recipient)
            if path.exists() and read_queued(path).report_hash == report.mail_hash:
                continue
            message = compose(report, attachments.get(report.name, []), cfg, recipient)
            write_atomic(path, message.as_bytes(policy=SMTP_POLICY))  # CRLF: an .eml as RFC 5322 has it
            new.append(read_queued(path))
    return new


def pending(out: Path) -> list[Queued]:
    folder = outbox_dir(out)
    return [read_queued(p) for p in sorted(folder.glob("*.eml"))] if folder.is_dir() else []


def read_queued(path: Path) -> Queued:
    """A waiting message as its headers describe it; one put in the outbox by hand is named by its bytes."""
    data = path.read_bytes()
    headers = BytesHeaderParser(policy=default_policy).parsebytes(data)
    def header(name: str, default: str) -> str:
        # A long value is folded onto a continuation line; read back it keeps the fold's space.
        return str(headers[name] or default).strip()

    recipient = parseaddr(header("To", ""))[1]
    report_hash = header(HEADER_HASH, hashlib.sha256(data).hexdigest())
    return Queued(path, recipient, report_hash, header(HEADER_NAME, path.name), header("Message-ID", ""))


def message(cfg: EmailConfig, recipient: str, subject_text: str, key: str, name: str) -> EmailMessage:
    """A message's headers: the ledger's key (``HEADER_HASH``) and what the log calls it (``HEADER_NAME``)."""
    msg = EmailMessage()
    msg["Subject"] = subject_text
    msg["From"] = cfg.sender
    msg["To"] = recipient
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid("rhcalc", domain=cfg.sender.rsplit("@", 1)[-1])
    msg[HEADER_HASH] = key
    msg[HEADER_NAME] = name
    return msg


def compose(report: Report, files: list[Path], cfg: EmailConfig, recipient: str) -> EmailMessage:
    msg = message(cfg, recipient, subject(report, cfg), report.mail_hash, report.name)
    msg.set_content(report.email_text([attachment_name(report, f) for f in files]))
    for path in files:
        maintype, subtype = MIME.get(path.suffix.lower(), ("application", "octet-stream"))
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=attachment_name(report, path))
    return msg


def attachment_name(report: Report, path: Path) -> str:
    """西城区-2024Q2.xlsx, 北京市-2024Q2-汇总.xlsx: each quarter's download keeps the last one's."""
    who = safe_name(report.title)
    summary = ("-summary" if report.lang == "en" else "-汇总") if report.is_summary else ""
    return f"{who}-{safe_name(report.period)}{summary}{path.suffix}"


def subject(report: Report, cfg: EmailConfig) -> str:
    template = EN_SUBJECT if cfg.subject == DEFAULT_SUBJECT and report.lang == "en" else cfg.subject
    return template.format(district=report.title, period=report.period)


def _file_name(report: Report, recipient: str) -> str:
    who = hashlib.sha256(recipient.lower().encode()).hexdigest()[:10]
    return f"{safe_name(report.period)}__{safe_name(report.district) if report.district else SUMMARY}__{who}.eml"
