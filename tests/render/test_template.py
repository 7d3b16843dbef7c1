"""`rhcalc template`: what a district is asked for, the form's make-up, and exact read-back after a
clerk fills it in — in Excel (openpyxl), re-saved as GBK or UTF-8-BOM CSV, with a title and a
signature added."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from rhcalc.catalog.model import Aggregation, Catalog, IndicatorType
from rhcalc.catalog.load import load_catalog
from rhcalc.load.submission import read_submission_rows
from rhcalc.common.periods import period_zh
from rhcalc.render.form import Template, TemplateError, build_template, write_template

PLAN, DISTRICT, PERIOD = "beijing_rh_2024", "西城区", "2024Q2"
FIRST_ROW = 4  # Excel row of the first indicator


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def form(catalog: Catalog) -> Template:
    return build_template(catalog, PLAN, DISTRICT, PERIOD)


def typed_values(form: Template) -> dict[str, tuple[object, object, object]]:
    """What a clerk types per indicator: (数值, 分子, 分母); a few left blank or “—” on purpose."""
    out: dict[str, tuple[object, object, object]] = {}
    for k, ind in enumerate(form.indicators):
        if k % 7 == 3:
            out[ind.id] = ("—" if k % 2 else None, None, None)
        elif ind.type is IndicatorType.yes_no:
            out[ind.id] = ("是" if k % 2 else "否", None, None)
        elif ind.type is IndicatorType.rate:
            out[ind.id] = (None, 37 + k, 15_200 + 3 * k)
        else:
            out[ind.id] = ([12, 1200, 85.3, 0, 3.25][k % 5], None, None)
    return out


def expected(form: Template) -> dict[str, tuple[float | None, float | None, float | None]]:
    def num(x: object) -> float | None:
        if x is None or x == "—":
            return None
        return {"是": 1.0, "否": 0.0}.get(x, x) if isinstance(x, str) else float(x)  # type: ignore[return-value]

    return {i: (num(v), num(n), num(d)) for i, (v, n, d) in typed_values(form).items() if (v, n) not in ((None, None), ("—", None))}


def read_back(path: Path, catalog: Catalog) -> dict[str, tuple[float | None, float | None, float | None]]:
    rows, problems = read_submission_rows(path, catalog)
    assert [p.code for p in problems if p.severity.value != "note"] == []
    assert {r["district"] for r in rows} == {DISTRICT} and {r["period"] for r in rows} == {PERIOD}
    return {r["indicator"]: (r["value"], r["numerator"], r["denominator"]) for r in rows}


def fill_xlsx(src: Path, dst: Path, form: Template, title_rows: int = 0, signature: bool = False) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    ws = wb["填报"]
    values = typed_values(form)
    for r in range(FIRST_ROW, FIRST_ROW + len(form.indicators)):
        for col, v in zip("EFG", values[ws[f"J{r}"].value]):
            if v is not None:
                ws[f"{col}{r}"] = v
    ws[f"C{FIRST_ROW}"] = "（名称被改过）"  # the code column, not the name, says which indicator it is
    if title_rows:
        ws.insert_rows(1, title_rows)
        ws["A1"] = "附件2"
        ws["A2"] = f"{DISTRICT}卫生健康委员会报送"
    if signature:
        ws.append([])
        ws.append(["填报人：李四", None, "联系电话：13800000000", None, "填报日期：2024年7月8日"])
    wb.save(dst)


def excel_general(v: object) -> str:
    """How Excel writes a cell into CSV under the General format."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def resave_as_csv(xlsx: Path, dst: Path, encoding: str) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(xlsx, data_only=True)["填报"]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[excel_general(v) for v in row] for row in ws.iter_rows(values_only=True)])
    dst.write_bytes(buf.getvalue().encode(encoding))


def test_a_unit_is_asked_for_its_own_figures_not_the_citys_own_work(catalog: Catalog, form: Template) -> None:
    city = build_template(catalog, PLAN, "北京市", PERIOD)
    unit_ids = {i.id for i in form.indicators}
    assert unit_ids < {i.id for i in city.indicators}
    left_out = {i.id for i in city.indicators} - unit_ids
    assert left_out and all(catalog.indicators[i].aggregation is Aggregation.any or catalog.indicators[i].type is IndicatorType.rank
                            for i in left_out)
    assert {"youth_health_lectures", "induced_abortion_rate"} <= unit_ids


@pytest.mark.parametrize(("plan", "district", "period", "message"), [
    ("nope", "西城区", "2024Q2", "unknown plan"),
    (PLAN, "西城", "2024Q2", "did you mean “西城区”"),
    (PLAN, "西城区", "2024Q5", "not a period"),
    (PLAN, "西城区", "2019", "asks nothing"),
])
def test_bad_choices_say_what_is_known(catalog: Catalog, plan: str, district: str, period: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        build_template(catalog, plan, district, period)


def test_the_workbook_has_title_frozen_header_dropdowns_protection_and_instructions(form: Template, tmp_path: Path) -> None:
    import openpyxl

    path = write_template(form, tmp_path / "form.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填报", "说明"]
    ws = wb["填报"]
    assert ws["A1"].value == form.title and "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == ["地区", "期间", "指标名称", "单位", "数值", "分子", "分母", "备注", "填报说明", "指标代码"]
    assert ws.freeze_panes == "E4"
    assert ws.protection.sheet and not ws.protection.password
    by_id = {ws[f"J{r}"].value: r for r in range(FIRST_ROW, FIRST_ROW + len(form.indicators))}
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    yes_no_rows = {r for r in by_id.values() if any(f"E{r}" in dv.sqref for dv in lists)}
    assert yes_no_rows == {by_id[i.id] for i in form.indicators if i.type is IndicatorType.yes_no}
    assert all(dv.formula1 == '"是,否"' for dv in lists)
    rate, count = by_id["induced_abortion_rate"], by_id["youth_health_lectures"]
    assert not ws[f"F{rate}"].protection.locked and not ws[f"G{rate}"].protection.locked
    assert ws[f"F{count}"].protection.locked and ws[f"J{count}"].protection.locked and not ws[f"E{count}"].protection.locked
    assert "分子：人工流产例数" in ws[f"I{rate}"].value
    assert "无数据" in " ".join(str(c.value) for c in wb["说明"]["A"])


def test_an_empty_form_reads_as_nothing_reported(catalog: Catalog, form: Template, tmp_path: Path) -> None:
    rows, problems = read_submission_rows(write_template(form, tmp_path / "form.xlsx"), catalog)
    assert rows == [] and [p.code for p in problems] == ["no-rows"]


@pytest.mark.parametrize("variant", ["xlsx", "gbk", "utf-8-sig", "title-and-signature", "title-and-signature-gbk"])
def test_a_filled_form_reads_back_exactly(variant: str, catalog: Catalog, form: Template, tmp_path: Path) -> None:
    blank = write_template(form, tmp_path / "form.xlsx")
    filled = tmp_path / "filled.xlsx"
    dressed = variant.startswith("title")
    fill_xlsx(blank, filled, form, title_rows=2 if dressed else 0, signature=dressed)
    target = filled
    if variant != "xlsx" and variant != "title-and-signature":
        target = tmp_path / "filled.csv"
        resave_as_csv(filled, target, "gbk" if variant.endswith("gbk") else variant)
    assert read_back(target, catalog) == expected(form)


def test_the_csv_form_filled_in_reads_back_exactly(catalog: Catalog, form: Template, tmp_path: Path) -> None:
    path = write_template(form, tmp_path / "form.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    values = typed_values(form)
    for row in rows[2:]:
        row[4:7] = ["" if v is None else excel_general(v) for v in values[row[9]]]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode("gbk"))  # re-saved by Excel as “CSV (逗号分隔)”: GBK
    assert read_back(path, catalog) == expected(form)


def test_forms_for_every_plan_read_back(catalog: Catalog, tmp_path: Path) -> None:
    for plan in catalog.plans.values():
        district = plan.units[0] if plan.units else ("广东省" if plan.any_unit else plan.jurisdiction)
        when = f"{plan.end.year}"
        form = build_template(catalog, plan.id, district, when)
        path = write_template(form, tmp_path / f"{plan.id}.xlsx")
        filled = tmp_path / f"{plan.id}-filled.xlsx"
        fill_xlsx(path, filled, form)
        rows, problems = read_submission_rows(filled, catalog)
        assert [p.code for p in problems] == []
        assert len(rows) == len(expected(form))


def test_period_titles_read_as_chinese_forms_write_them() -> None:
    from rhcalc.common.periods import parse_period

    assert [period_zh(parse_period(p)) for p in ("2024", "2024Q2", "2024-05", "2024年1-6月", "2023-09~2024-08")] == [
        "2024年", "2024年第二季度", "2024年5月", "2024年1-6月", "2023年9月-2024年8月"]


def test_writing_is_atomic_and_refuses_other_formats(form: Template, tmp_path: Path) -> None:
    with pytest.raises(TemplateError):
        write_template(form, tmp_path / "form.pdf")
    write_template(form, tmp_path / "form.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["form.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_resaved_by_libreoffice_as_gbk_csv_and_ods_reads_back(catalog: Catalog, form: Template, tmp_path: Path) -> None:
    """A real office suite's re-save, not our simulation of one (85 is LibreOffice's code for GBK)."""
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(write_template(form, tmp_path / "form.xlsx"), filled, form, title_rows=2, signature=True)
    for target, folder in (("csv:Text - txt - csv (StarCalc):44,34,85,1", "csv"), ("ods", "ods")):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target,
                        "--outdir", str(tmp_path / folder), str(filled)], capture_output=True, timeout=120, check=True)
    resaved = tmp_path / "csv" / "filled.csv"
    with pytest.raises(UnicodeDecodeError):
        resaved.read_bytes().decode("utf-8")
    assert read_back(resaved, catalog) == expected(form)
    assert read_back(tmp_path / "ods" / "filled.ods", catalog) == expected(form)


# The cells a hint can ask for, by the header the clerk sees (template.HEADER), and their letters.
ASKABLE = {"数值": "E", "分子": "F", "分母": "G", "备注": "H"}


def _every_form(catalog: Catalog):  # type: ignore[no-untyped-def]
    """Each plan's form for its jurisdiction and for its first unit, in its last year."""
    for plan in catalog.plans.values():
        for district in dict.fromkeys([plan.jurisdiction, *(plan.units[:1] or (["广东省"] if plan.any_unit else []))]):
            yield build_template(catalog, plan.id, district, f"{plan.end.year}")


def test_every_cell_a_hint_asks_for_is_open(catalog: Catalog, tmp_path: Path) -> None:
    """“分母填参评区数” over a locked 分母 left the clerk no way to do as told."""
    import openpyxl

    checked = set()
    for k, form in enumerate(_every_form(catalog)):
        ws = openpyxl.load_workbook(write_template(form, tmp_path / f"{k}.xlsx"))["填报"]
        assert ws.protection.sheet
        for r in range(FIRST_ROW, FIRST_ROW + len(form.indicators)):
            hint_text = ws[f"I{r}"].value or ""
            asked = {word for word in ASKABLE if word in hint_text} | {"数值"}
            locked = {word for word in asked if ws[f"{ASKABLE[word]}{r}"].protection.locked}
            assert not locked, f"{form.plan.id} {ws[f'J{r}'].value}: {hint_text!r} asks for locked {locked}"
            checked |= {(ws[f"J{r}"].value, word) for word in asked}
    assert ("xc_foundation_index_rank", "分母") in checked and ("induced_abortion_rate", "分子") in checked


def test_the_rank_row_opens_its_denominator_and_nothing_else_that_is_not_asked(catalog: Catalog, tmp_path: Path) -> None:
    import openpyxl

    form = build_template(catalog, "xicheng_mch_2024", "西城区", "2024Q2")
    ws = openpyxl.load_workbook(write_template(form, tmp_path / "xc.xlsx"))["填报"]
    by_id = {ws[f"J{r}"].value: r for r in range(FIRST_ROW, FIRST_ROW + len(form.indicators))}
    rank, count = by_id["xc_foundation_index_rank"], by_id["xc_modern_delivery_rooms"]
    assert [ws[f"{c}{rank}"].protection.locked for c in "EFG"] == [False, True, False]
    assert [ws[f"{c}{count}"].protection.locked for c in "EFG"] == [False, True, True]
    assert ws[f"I{rank}"].value == "西城区在全市16区中的名次（1为第一）；分母填参评区数"


def test_a_rank_reported_without_its_denominator_is_among_beijings_16_districts(catalog: Catalog, tmp_path: Path) -> None:
    """Xicheng's plan lists no units; Beijing's, which lists 西城区, has 16: a 第1 is met (top third: 1…6),
    where it used to be no_data, and the explanation says where the 16 came from."""
    import json

    from typer.testing import CliRunner

    from rhcalc.cli import app

    form = build_template(catalog, "xicheng_mch_2024", "西城区", "2024Q2")
    path = write_template(form, tmp_path / "xc.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in rows[2:]:
        if row[9] == "xc_foundation_index_rank":
            row[4] = "1"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    result = CliRunner().invoke(app, ["score", str(path), "--format", "json", "--explain"])
    [rank] = [r for r in json.loads(result.stdout)["results"] if r["target"] == "xc_foundation_index_rank"]
    assert (rank["status"], rank["actual"], rank["target_value"], rank["how"]["peers"]) == ("met", 1, 6, 16)
    assert rank["explain"] == "排名第 1/16（未填分母，按北京市的 16 个单位计）；需前 6 名（前三分之一） → 达标"


def test_the_title_says_district_period_and_plan_once(catalog: Catalog) -> None:
    xicheng = build_template(catalog, "xicheng_mch_2024", "西城区", "2024Q3")
    assert xicheng.title == "西城区2024年第三季度妇幼健康工作要点指标填报表"  # not 西城区2024年第三季度2024年西城区…
    beijing = build_template(catalog, "beijing_rh_2024", "西城区", "2024Q3")
    assert beijing.title == "西城区2024年第三季度北京市生殖健康促进行动实施方案指标填报表"


def test_number_cells_take_the_no_data_mark_the_title_asks_for(form: Template, tmp_path: Path) -> None:
    """“无数据请留空或填‘—’”: the number rule accepts “—” (and /, 无), a number not below 0, and warns on the rest;
    the ids' column is as wide as the longest id, inside the printed page."""
    import openpyxl

    ws = openpyxl.load_workbook(write_template(form, tmp_path / "form.xlsx"))["填报"]
    rules = [dv for dv in ws.data_validations.dataValidation if dv.type == "custom"]
    count = next(r for r in range(FIRST_ROW, FIRST_ROW + len(form.indicators)) if ws[f"J{r}"].value == "youth_health_lectures")
    [rule] = [dv for dv in rules if f"E{count}" in dv.sqref]
    assert rule.formula1 == f'OR(AND(ISNUMBER(E{count}),E{count}>=0),E{count}="—",E{count}="-",E{count}="/",E{count}="无")'
    assert rule.errorStyle == "warning"
    assert ws.column_dimensions["J"].width >= max(len(i.id) for i in form.indicators)
