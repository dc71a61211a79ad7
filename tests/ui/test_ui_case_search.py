"""The in-memory case search gives exactly the database's answers, and sees edits once told."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter
from forms.record_forms import CaseStatus


@pytest.mark.parametrize("text", ["青", "青溪艺", "〔2026〕1", "913", "未取得", "没有这个"])
def test_lister_matches_the_database(demo_ctx: AppContext, text: str) -> None:
    for flt, sort, descending in (
        (CaseFilter(search=text), "filed_on", True),
        (CaseFilter(search=text, statuses=(CaseStatus.CLOSED,)), "case_no", False),
    ):
        expected = demo_ctx.cases.list_ids(flt, sort, descending)
        assert demo_ctx.case_search.ids(flt, sort, descending) == expected


def test_lister_sees_an_edit_after_invalidate(demo_ctx: AppContext) -> None:
    flt = CaseFilter(search="改过的当事人")
    assert demo_ctx.case_search.ids(flt) == []
    case_id = demo_ctx.cases.list_ids(CaseFilter())[0]
    data = demo_ctx.cases.get(case_id)
    demo_ctx.cases.update(case_id, replace(data, party_name="改过的当事人"))
    demo_ctx.case_search.invalidate()
    assert demo_ctx.case_search.ids(flt) == [case_id]
