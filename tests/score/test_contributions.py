"""What each district put into a city roll-up, and who holds a city target back.

Three districts report lectures, an abortion rate with its parts, a mechanism (是/否) and fees; the
expected figures and shares are worked out by hand below.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import write_csv
from rhcalc.pipeline import score_files

ROWS = [
    "甲区,2024Q1,lectures,30,,,场,", "甲区,2024Q2,lectures,10,,,场,",
    "乙区,2024Q1,lectures,5,,,场,", "乙区,2024Q2,lectures,5,,,场,",
    "丙区,2024Q1,lectures,0,,,场,", "丙区,2024Q2,lectures,0,,,场,",  # every district's Q2: the total is not partial
    "甲区,2024Q2,abortion_rate,,30,10000,‰,", "乙区,2024Q2,abortion_rate,,10,5000,‰,", "丙区,2024Q2,abortion_rate,,10,5000,‰,",
    "甲区,2023Q2,abortion_rate,,20,10000,‰,", "乙区,2023Q2,abortion_rate,,15,5000,‰,", "丙区,2023Q2,abortion_rate,,10,5000,‰,",
    "甲区,2024Q2,done,是,,,,", "乙区,2024Q2,done,否,,,,",
    "甲区,2024Q2,fees,0,,,元,", "乙区,2024Q2,fees,200,,,元,", "丙区,2024Q2,fees,50,,,元,",
]


@pytest.fixture
def card(tmp_path, mini_catalog):
    return score_files([write_csv(tmp_path / "city.csv", ROWS)], mini_catalog, dt.date(2024, 6, 30))


def city(card, target):
    [r] = [r for r in card.results if r.target.id == target and r.district == "测试市"]
    return r


def test_a_count_is_shared_out_by_district(card):
    r = city(card, "t_lectures")  # 50 of 120 by mid-year: behind (60 expected)
    assert r.evaluation.actual == 50 and r.status.value == "behind"
    assert [(f.unit, f.value, f.share) for f in r.parts] == [("甲区", 40, 0.8), ("乙区", 10, 0.2), ("丙区", 0, 0.0)]
    assert r.to_dict()["unit_figures"][0] == {"district": "甲区", "actual": 40, "numerator": None, "denominator": None,
                                              "share": 0.8, "reference": None}


def test_a_rate_keeps_its_parts_and_its_share_of_the_cases(card):
    r = city(card, "t_abortion")  # (30+10+10)/20000 = 2.5‰ against 45/20000 = 2.25‰ a year before: up, behind
    assert r.status.value == "behind"
    by_unit = {f.unit: f for f in r.parts}
    assert (by_unit["甲区"].value, by_unit["甲区"].numerator, by_unit["甲区"].denominator) == (3.0, 30, 10000)
    assert by_unit["甲区"].share == pytest.approx(0.6) and by_unit["乙区"].share == pytest.approx(0.2)
    assert by_unit["甲区"].reference == 2.0 and by_unit["乙区"].reference == 3.0


def test_who_holds_a_city_target_back(card):
    from rhcalc.score.contributions import held_back

    def of(target):
        r = city(card, target)
        return held_back(r.target, card.catalog.indicators[r.target.indicator], r.evaluation, r.parts)

    assert of("t_lectures").lowest == ("丙区", "乙区", "甲区")  # a total no district reaches alone
    assert of("t_abortion").failing == ("甲区",)  # 2‰ → 3‰: its own rate rose; 乙区 fell, 丙区 stayed
    assert of("t_fees").highest == ("乙区", "丙区")  # 不收取任何费用: those that charged, most first
    cover = of("t_cover_units")  # 甲区 是, 乙区 否, 丙区 nothing
    assert (cover.failing, cover.not_reported) == (("乙区",), ("丙区",))


def test_a_districts_own_result_has_no_parts(card):
    assert all(r.parts == () for r in card.results if r.district != "测试市")


def test_a_districts_report_covers_every_figure_it_sent(runner, tmp_path, mini_catalog_dir):
    """甲区's own report shows its lectures in the city total (12 of 12 + 8 + 15 = 35: 34 %), the city's
    status (on track: 25%×120 = 30 due by 2024-03-31), and its answer to the city's 各区全覆盖; its e-mail too."""
    import email
    from email import policy

    from conftest import write_quarter
    from rhcalc.cli import app

    write_quarter(tmp_path / "in", "2024Q1")
    config = tmp_path / "rhcalc.toml"
    config.write_text('[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = 2\nsecurity = "none"\nsender = "m@city.example.org"\n'
                      '[email.recipients]\n"甲区" = ["a@jia.example.org"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "--out", str(out), "--catalog", str(mini_catalog_dir),
                                 "--email", "--dry-run", "--config", str(config)])
    assert result.exit_code == 0, result.output
    html = (out / "2024Q1" / "甲区.html").read_text(encoding="utf-8")
    section = html.split('<section class="city-figures">', 1)[1].split("</section>", 1)[0]
    lectures = section.split('data-target="t_lectures"', 1)[1].split("</tr>", 1)[0]
    assert "12 场" in lectures and "34%" in lectures and "35 / 120 场" in lectures and "进度正常" in lectures
    cover = section.split('data-target="t_cover_units"', 1)[1].split("</tr>", 1)[0]
    assert "<td class=\"num\">是</td>" in cover
    [eml] = (out / "outbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    assert "- 讲座场次：本区 12 场，占全市 34%；全市 35 / 120 场，进度正常" in text
    assert [a.get_filename() for a in message.iter_attachments()] == ["甲区-2024Q1.xlsx", "甲区-2024Q1.html"]
