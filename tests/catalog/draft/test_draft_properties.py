"""Whatever the text, the draft never raises, every quote is verbatim and every value is read from its quote."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rhcalc.catalog.draft import DraftOptions, draft_text
from rhcalc.catalog.model import Kind
from rhcalc.catalog.quotes import _value_in_quote
from rhcalc.common.text import squeeze

PIECES = ["开展", "建立", "机制", "每季度", "至少", "1", "次", "不少于", "20", "所", "%", "‰", "/10万", "分别", "下降到", "、",
          "和", "，", "。", "；", "\n", "\n\n", "提高", "逐年", "下降", "全覆盖", "前列", "到2025年", "2024年3-4月", "7月份",
          "中期", "末期", "一批", "定期", "“", "”", "（一）", "1.", "孕产妇死亡率", "讲座", "五", "千", "万", " ", "以上", "以下",
          "加强", "各区要", "保持在低水平", "推动", "进高校", "预防", "发生", "年底前", "十四五", "0-6岁", "16+X", "分", "率"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60))
def test_any_text_drafts_without_error(pieces):
    text = "2025年某区工作要点\n" + "".join(pieces)
    draft = draft_text(text, DraftOptions(Path("doc.txt"), "p", start=dt.date(2025, 1, 1), deadline=dt.date(2025, 12, 31)))
    flat = squeeze(text)
    for r in draft.readings:
        assert squeeze(r.quote) in flat
        assert r.value is None or _value_in_quote(Kind(r.kind), r.value, r.quote)
        assert r.deadline is None or r.start_date is None or r.start_date <= r.deadline


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.sampled_from([(2025, 1, 2025, 12), (2021, 1, 2030, 12), (2024, 9, 2025, 2)]))
def test_any_draft_passes_catalog_check(tmp_path_factory, pieces, window):
    import shutil

    from conftest import ROOT
    from rhcalc.catalog.load import load_catalog
    from rhcalc.catalog.quotes import check_quotes
    from rhcalc.catalog.draft.when import month_end
    from rhcalc.catalog.draft.write import write_draft

    y1, m1, y2, m2 = window
    text = "某区妇幼健康工作要点\n" + "".join(pieces)
    draft = draft_text(text, DraftOptions(Path("doc.txt"), "p", start=dt.date(y1, m1, 1), deadline=month_end(y2, m2)))
    if not draft.readings:
        return
    folder = tmp_path_factory.mktemp("any")
    shutil.copy(ROOT / "indicators" / "common.yaml", folder)
    write_draft(folder / "p.yaml", draft)
    assert check_quotes(load_catalog(folder)) == []
