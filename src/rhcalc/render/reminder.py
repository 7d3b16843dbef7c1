"""The reminder email's words and its attachment: a unit's return not received, with the due date and
that unit's fill-in form (what ``rhcalc template`` writes) attached."""

from __future__ import annotations

from dataclasses import dataclass

from rhcalc.catalog.model import Catalog
from rhcalc.score.completeness import PeriodReturns, UnitReturn

WORDS = {
    "zh": {
        "subject": "【催报】{unit} {period} 报表（截止 {due}）",
        "greeting": "{unit}：",
        "missing": "截至 {checked}，尚未收到贵单位《{plan}》{period} 的报表。报送截止日期为 {due}（{when}）。",
        "overdue": "已逾期 {days} 天",
        "left": "还有 {days} 天",
        "form": "请用附件中的报表（{form}）填报后报送；填报说明在表中。",
        "ignore": "如已报送，请忽略本邮件。",
        "round": "（第 {round} 次提醒）",
        "footer": "本邮件由 rhcalc 自动生成；如有疑问请回复本邮件。",
    },
    "en": {
        "subject": "Reminder: {unit} {period} return (due {due})",
        "greeting": "{unit}:",
        "missing": "As of {checked} your {period} return for “{plan}” has not arrived. It is due on {due} ({when}).",
        "overdue": "{days} day(s) overdue",
        "left": "{days} day(s) left",
        "form": "Please fill in the attached form ({form}) and send it; the instructions are in the form.",
        "ignore": "If you have sent it already, please ignore this message.",
        "round": "(reminder {round})",
        "footer": "Sent by rhcalc; reply to this message with any question.",
    },
}


@dataclass(frozen=True)
class ReminderText:
    subject: str
    body: str
    attachment: tuple[str, bytes] | None  # (file name, the form's bytes); None when the plan asks nothing then


def reminder_text(catalog: Catalog, p: PeriodReturns, u: UnitReturn, round_: int, lang: str = "zh") -> ReminderText:
    words = WORDS["en" if lang == "en" else "zh"]
    form = _form(catalog, p, u.unit)
    overdue = (p.checked - p.due).days
    when = words["overdue"].format(days=overdue) if overdue > 0 else words["left"].format(days=-overdue)
    fields = {"unit": u.unit, "period": p.period, "due": p.due.isoformat(), "checked": p.checked.isoformat(),
              "plan": catalog.plans[p.plan].name(lang), "when": when, "round": round_, "form": form[0] if form else ""}
    lines = [words["greeting"], "", words["missing"], ""]
    lines += [words["form"], ""] if form else []
    lines += [words["ignore"], *([words["round"]] if round_ > 1 else []), "", words["footer"]]
    body = "\n".join(line.format(**fields) for line in lines) + "\n"
    return ReminderText(words["subject"].format(**fields), body, form)


def _form(catalog: Catalog, p: PeriodReturns, unit: str) -> tuple[str, bytes] | None:
    """The unit's form for the period, as ``rhcalc template --plan … --district … --period …`` writes it."""
    from rhcalc.render.form import TemplateError, build_template, form_bytes

    try:
        template = build_template(catalog, p.plan, unit, p.period)
    except TemplateError:
        return None
    return f"{unit}-{p.period}.xlsx", form_bytes(template, ".xlsx")
