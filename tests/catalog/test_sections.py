"""The document section each target's quote sits in: what the reports group the quiet targets by."""

from __future__ import annotations

import pytest

from rhcalc.catalog.sections import headings, numbered, target_sections


@pytest.mark.parametrize(("line", "label", "short"), [
    ("一、工作任务", "一、工作任务", True),
    ("1、 统筹协调，高效落实规划任务", "一、统筹协调，高效落实规划任务", True),  # a scan read 一 as 1
    ("## 二、主要任务", "二、主要任务", True),
    ("#### **四、进度安排**", "四、进度安排", True),
    ("（一）全力保障母婴安全。", "（一）全力保障母婴安全", True),
    ("##### **(一) 组织保障**", "（一）组织保障", True),
    ("（一）2023 年 9-10 月，开展服务百姓健康行动大型义诊咨询和在中学开展性与生殖健康专题讲座。", None, False),
    ("（二）加强评估，打造特色。要结合本地实际", None, False),
    ("12、 其他", "十二、其他", True),
])
def test_numbered_lines(line, label, short):
    n = numbered(line)
    assert n is not None
    assert n.short is short
    if label is not None:
        assert n.label == label


@pytest.mark.parametrize("line", ["1. 提升健康素养。倡导群众", "各有关医疗机构：", "", "2024年西城区妇幼健康工作要点"])
def test_not_numbered(line):
    assert numbered(line) is None


def test_a_run_of_duty_paragraphs_is_no_list_of_headings():
    lines = ["一、工作任务", "（一）全力保障母婴安全。", "1．完善孕产妇保健服务。", "二、部门职责",
             "（一）区卫生健康委统筹做好组织实施、协调推动。督促各医疗保健机构做好技术咨询。",
             "（二）区民政局负责社会救助对象家庭中妇女儿童救助指导工作，配合做好婚前保健工作，落实婚姻登记。",
             "（三）区医保局按照规定落实妇女儿童医疗保障政策。"]
    assert headings(lines) == {0: "一、工作任务", 1: "（一）全力保障母婴安全", 3: "二、部门职责"}


def test_plain_headings_and_a_numbering_that_starts_again():
    lines = ["北京市生殖健康促进行动实施方案", "", "重点行动", "", "（一）健康素养根植行动", "1. 提升健康素养。",
             "（二）青春健康促进行动", "保障措施",
             "（一）提高重视程度，加强组织领导。各区要将落实本行动实施方案作为健康中国及健康北京建设的重要内容。",
             "", "乐清市卫生健康局", "", "乐清市计划生育协会", "2024年4月7日"]
    assert headings(lines) == {2: "重点行动", 4: "（一）健康素养根植行动", 6: "（二）青春健康促进行动", 7: "保障措施"}


def test_bundled_targets_sit_in_their_sections(catalog):
    found = target_sections(catalog)
    assert found["xc_district_drill_quarterly"].label == "三、加强管理，提升母婴安全保障水平"
    assert found["tj_maternal_handbook"].label == "（一）全力保障母婴安全"
    assert found["tj_female_worker_checkup"].label == "二、部门职责"
    assert found["bj_district_rules"].label == "保障措施"
    assert found["bj_new_media_publicity"].label == "（一）健康素养根植行动"
    # In the document's order: the sections of one plan sort by their line.
    xicheng = sorted({found[t.id] for t in catalog.targets_of("xicheng_mch_2024")})
    assert [s.label[0] for s in xicheng] == list("一二三四五六七八")


def test_every_bundled_target_has_a_section(catalog):
    found = target_sections(catalog)
    assert [t.id for t in catalog.targets if found[t.id] is None] == []
