"""The bundled catalog traces to its documents; a broken catalog is refused with file and entry."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from rhcalc.catalog.model import CatalogError, Kind
from rhcalc.catalog.load import load_catalog
from rhcalc.catalog.quotes import check_quotes, numbers_in
from rhcalc.common.text import squeeze

SEEDS = ROOT.parent / "shared" / "seeds"
BUNDLED = ROOT / "indicators"


def test_bundled_documents_are_the_seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present")
    for seed in SEEDS.glob("*.txt"):
        assert (BUNDLED / "sources" / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_every_quote_is_verbatim_and_every_value_readable(catalog):
    sources = SEEDS if SEEDS.is_dir() else BUNDLED / "sources"
    assert check_quotes(catalog, sources) == []


def test_every_document_is_in_the_catalog_with_many_targets(catalog):
    per_plan = Counter(t.plan for t in catalog.targets)
    assert set(per_plan) == set(catalog.plans) and len(catalog.plans) == 5
    assert sum(per_plan.values()) > 100
    assert min(per_plan.values()) >= 20, per_plan


def test_the_documents_headline_numbers_are_targets(catalog):
    by_value = {(t.plan, t.value) for t in catalog.targets}
    for expected in [("beijing_rh_2024", 20), ("yueqing_pilot_2024", 120), ("yueqing_pilot_2024", 5000),
                     ("yueqing_pilot_2024", 2), ("migrant_rh_2018", 10000), ("migrant_rh_2018", 100),
                     ("xicheng_mch_2024", 2), ("xicheng_mch_2024", 1)]:
        assert expected in by_value, expected


def test_every_kind_is_used(catalog):
    assert {t.kind for t in catalog.targets} == set(Kind)


def test_quote_numbers_read_like_a_person():
    assert {120, 5000} <= numbers_in("全市开展青春健康教育讲座 120 场，受益青少年 5 千人以上")
    assert 10000 in numbers_in("1万人")
    assert 1 in numbers_in("开展一次盆底知识宣教")
    assert squeeze("讲座 120\n场") == "讲座120场"


def _copy_catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "cat"
    shutil.copytree(BUNDLED, folder)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "code", "key", "message"),
    [
        ("    kind: at_least\n", "    kind: at_least\n    deadlin: 2025-12-31\n", "catalog-unknown-key", ".deadlin", "unknown key"),
        ("    kind: at_least\n", "    kind: at_leest\n", "catalog-invalid", ".kind", "Input should be"),
        ("  - id: bj_peer_edu_universities_20\n", "  - id: bj_lectures_x\n    bogus_only: 1\n", "catalog-unknown-key",
         " (id bj_lectures_x).bogus_only", "unknown key"),
    ],
)
def test_bad_target_is_named_by_file_and_entry(tmp_path, old, new, code, key, message):
    folder = _copy_catalog(tmp_path)
    path = folder / "beijing_rh_2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    assert any((p.code, p.location.file) == (code, "beijing_rh_2024.yaml") and p.location.key.startswith("targets[")
               and p.location.key.endswith(key) and message in p.message("en") for p in err.value.problems), err.value


def test_unknown_indicator_and_duplicate_id_are_refused(tmp_path, mini_catalog_dir):
    path = mini_catalog_dir / "mini.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("indicator: fees,", "indicator: feez,")
    text += "  - {id: t_watch, indicator: lectures, kind: monitor, source: {quote: 加强宣传}}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(mini_catalog_dir)
    found = [(p.code, p.location.file, p.location.key, p.message("en")) for p in err.value.problems]
    assert ("catalog-unknown-indicator", "mini.yaml", "target t_fees", "indicator feez does not exist") in found
    assert ("catalog-duplicate", "mini.yaml", "target t_watch", "target t_watch is defined twice (also in mini.yaml)") in found


def test_missing_field_and_bad_yaml(tmp_path, mini_catalog_dir):
    (mini_catalog_dir / "broken.yaml").write_text("targets: [\n", encoding="utf-8")
    path = mini_catalog_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name_en: Lectures, ", ""), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(mini_catalog_dir)
    found = [(p.code, p.location.file, p.location.row, p.location.key) for p in err.value.problems]
    assert ("catalog-bad-yaml", "broken.yaml", 2, None) in found
    assert ("catalog-missing-key", "mini.yaml", None, "indicators[0] (id lectures).name_en") in found


def test_a_quote_not_in_the_document_is_reported(mini_catalog_dir):
    path = mini_catalog_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("全市开展讲座 120 场", "全市开展讲座 130 场"), encoding="utf-8")
    problems = check_quotes(load_catalog(mini_catalog_dir))
    found = [(p.code, p.location.file, p.location.key) for p in problems]
    assert found == [("quote-not-verbatim", "mini.yaml", "target t_lectures"), ("quote-value-unread", "mini.yaml", "target t_lectures")]
    assert problems[1].message("en") == "value 120 cannot be read from its quote"


def test_cache_is_keyed_by_content(tmp_path, mini_catalog_dir):
    import os

    first = load_catalog(mini_catalog_dir)
    cached = list(Path(os.environ["XDG_CACHE_HOME"], "rhcalc").glob(f"catalog-{first.fingerprint}.pickle"))
    assert cached, "the validated catalog is stored"
    path = mini_catalog_dir / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name_en: Lectures", "name_en: Talks"), encoding="utf-8")
    second = load_catalog(mini_catalog_dir)
    assert second.fingerprint != first.fingerprint
    assert second.indicators["lectures"].name_en == "Talks"


# ---- how the re-read plans read their documents (issue 13) ------------------------------------
# Plans whose targets were re-read under the target model v2; the lead adds the others as they are.
REREAD = ["yueqing_pilot_2024", "migrant_rh_2018"]
STEP_WORDS = ("逐年", "持续", "不断", "逐步")  # with a direction: every step, not the end only
FREQUENCY_WORDS = ("每年", "每季度", "每月", "定期", "持续", "逐年")  # never a one-off milestone


@pytest.mark.parametrize("plan", REREAD)
def test_one_commitment_is_one_target(catalog, plan):
    # A monitor beside its own judged target, or the same quote judged twice, counts one
    # commitment twice on the scorecard.
    per_indicator = Counter(t.indicator for t in catalog.targets_of(plan))
    assert [i for i, n in per_indicator.items() if n > 1] == []


@pytest.mark.parametrize("plan", REREAD)
def test_every_indicator_of_the_plan_is_used(catalog, plan):
    file = catalog.files["plan:" + plan]
    own = {key.split(":", 1)[1] for key, f in catalog.files.items() if f == file and key.startswith("indicator:")}
    assert own - {t.indicator for t in catalog.targets_of(plan)} == set()


@pytest.mark.parametrize("plan", REREAD)
def test_every_threshold_says_where_it_comes_from(catalog, plan):
    document = squeeze((BUNDLED / "sources" / catalog.plans[plan].document).read_text(encoding="utf-8"))
    for t in catalog.targets_of(plan):
        if t.threshold is None:
            continue
        src = t.threshold_source
        assert src is not None and src.document and src.clause and src.note, t.id
        if "本文件" in src.document:  # read from the plan's own words: they must be there
            assert squeeze(src.clause) in document, t.id


@pytest.mark.parametrize("plan", REREAD)
def test_step_words_with_a_direction_hold_every_step(catalog, plan):
    directions = [t for t in catalog.targets_of(plan) if t.test.value in ("down", "up")]
    for t in directions:
        if any(w in t.source.quote for w in STEP_WORDS):
            assert (t.holds.value, t.frequency is not None, t.compare.value) == ("every_step", True, "year_on_year"), t.id


@pytest.mark.parametrize("plan", REREAD)
def test_a_frequency_is_never_a_milestone(catalog, plan):
    # …except setting up a system of regular work (建立定期联系制度), which is done once.
    def sets_up_a_system(quote: str) -> bool:
        return re.search(r"建立.*(制度|机制)", quote) is not None

    assert [t.id for t in catalog.targets_of(plan) if t.kind is Kind.milestone and not sets_up_a_system(t.source.quote)
            and any(w in t.source.quote for w in FREQUENCY_WORDS)] == []


@pytest.mark.parametrize("plan", REREAD)
def test_shishi_sets_no_pace(catalog, plan):
    # 适时 (when the time is right): judged at the deadline only.
    timely = [t for t in catalog.targets_of(plan) if "适时" in t.source.quote]
    assert [t.id for t in timely if t.pace is None or t.pace.value != "none"] == []


def test_unit_names_are_every_plans_jurisdiction_and_units(mini_catalog, catalog) -> None:  # noqa: ANN001
    assert mini_catalog.unit_names() == {"测试市", "甲区", "乙区", "丙区"}
    assert mini_catalog.plans["mini"].unit_names == ("测试市", "甲区", "乙区", "丙区")
    names = catalog.unit_names()
    # Beijing and its 16 districts, 全国, 河北区, 乐清市; 西城区 is a Beijing district and a plan of its own.
    assert len(names) == 1 + 16 + 3 and {"北京市", "西城区", "东城区", "河北区", "乐清市", "全国"} <= names
    # 全国 is the jurisdiction of a plan any province may report to: it lists nobody.
    assert names - catalog.unit_names(listed_only=True) == {"全国"}
