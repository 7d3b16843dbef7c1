"""A drafted indicator's id and English name come from the lexicon of the field's words
(rhcalc/catalog/draft/lexicon.py); where it cannot name a word the id stays numbered and a review
note says which word, and the README's naming minutes count the difference."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import ROOT
from rhcalc.catalog.draft import DraftOptions, draft_text
from rhcalc.catalog.draft.compare import named
from rhcalc.catalog.draft.findings import IndicatorDraft
from rhcalc.catalog.draft.lexicon import english
from rhcalc.catalog.draft.write import draft_yaml, write_draft
from rhcalc.cli import app


def test_the_fields_terms_read_as_english_in_the_chinese_order():
    assert english("孕产妇死亡率").name == "Maternal mortality rate"
    assert english("产前筛查覆盖率").name == "Prenatal screening coverage rate"
    assert english("新生儿听力筛查率").name == "Newborn hearing screening rate"
    assert english("人工流产后关爱服务").name == "Post-abortion care services"
    assert english("青春健康教育讲座场次").name == "Youth health education lecture sessions"
    assert english("孕产妇健康讲座场次").slug == "maternal_health_lecture_sessions"


def test_a_name_is_cut_where_the_fewest_words_are_left_unnamed():
    # 服务机 (a vending machine) is a term too; 服务 + 机制 names every character
    assert english("服务机制").name == "Services mechanism"
    assert english("0-6岁儿童健康管理").name == "0-6 years child health management"


def test_a_word_outside_the_lexicon_leaves_the_name_untranslated():
    en = english("孕产妇鬯彧服务率")
    assert en.unknown == ("鬯彧",)
    assert not en.complete


def test_drafted_ids_are_readable_and_a_number_stays_where_a_word_is_unknown(tmp_path, runner):
    text = "2025年某县妇幼健康工作要点\n\n全年开展孕产妇健康讲座不少于12场。年底前建立鬯彧联动机制。\n"
    draft = draft_text(text, DraftOptions(Path("doc.txt"), "county_2025", jurisdiction="某县"))
    data = yaml.safe_load(draft_yaml(draft))
    assert [(i["id"], i["name_en"]) for i in data["indicators"]] == [
        ("county_2025_maternal_health_lecture_sessions", "Maternal health lecture sessions"),
        ("county_2025_i002", "鬯彧联动机制"),
    ]
    assert [t["id"] for t in data["targets"]] == ["county_2025_maternal_health_lecture_sessions", "county_2025_t002"]
    assert "review" not in data["targets"][0]
    assert data["targets"][1]["review"] == "英文名未能译出“鬯彧”：id 保留编号；请改 id、写 name_en（或把词补进 lexicon.py）"
    # and the folder still passes catalog check as written
    shutil.copy(ROOT / "indicators" / "common.yaml", tmp_path)
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    write_draft(tmp_path / "county_2025.yaml", draft)
    result = runner.invoke(app, ["catalog", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output


def test_two_indicators_with_the_same_english_get_different_names_and_ids():
    # 宣教 and 健康教育 are both “health education” in the lexicon
    text = "2025年某县妇幼健康工作要点\n\n年底前完成孕产妇宣教。年底前完成孕产妇健康教育。\n"
    data = yaml.safe_load(draft_yaml(draft_text(text, DraftOptions(Path("doc.txt"), "c", jurisdiction="某县"))))
    assert [(i["id"], i["name_en"]) for i in data["indicators"]] == [
        ("c_maternal_health_education", "Maternal health education"),
        ("c_maternal_health_education_2", "Maternal health education (2)"),
    ]


def test_only_a_short_complete_english_name_counts_as_named_for_the_review_minutes():
    assert named(IndicatorDraft("孕产妇死亡率", "rate", "1/10万"))
    assert not named(IndicatorDraft("孕产妇鬯彧服务率", "rate", "%"))  # a word unnamed
    long = "两癌筛查在线预约、个案登记、结果推送、在线随访及健康教育一条龙服务"
    assert english(long).complete and not named(IndicatorDraft(long, "yes_no", "是/否"))  # a clause, not a name
