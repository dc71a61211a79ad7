"""卷内目录 default items: procedural order of the case file, each with the date it bears."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from database.models import Case, Inspection
from desktop.app import AppContext
from desktop.documents.order import PROCEDURAL_ORDER
from desktop.documents.sources import default_items
from forms.registry import FORMS

#: Issued out of order on purpose (the 送达回执 needs the decision's 文号 first).
#: Out of the procedure's order, but the 听证告知书 before the decision it allows (第六十三条).
ISSUE_ORDER = ("hearing_notice", "penalty_decision", "service_receipt", "closing_report",
               "filing_report", "inquiry_record", "penalty_notice")  # fmt: skip


def test_items_follow_the_procedural_order_with_each_documents_date(
    demo_ctx: AppContext,
    closed_case_id: int,
    add_inspection: Callable[..., int],
    reopen: Callable[[int], None],
    tmp_path: Path,
) -> None:
    inspection_id = add_inspection()
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None and case.notified_on is not None
        # The 听证告知书 went out with the 事先告知: no separate date recorded.
        case.hearing_notified_on = None
        case.inspection_id = inspection_id
        uow.commit()
        notified, decided, served = case.notified_on, case.decided_on, case.served_on
        filed, closed = case.filed_on, case.closed_on
        inquired = case.inquired_on
    reopen(closed_case_id)
    for form_id in ISSUE_ORDER:
        demo_ctx.documents.generate(form_id, case_id=closed_case_id, out_dir=tmp_path)
    demo_ctx.documents.generate("site_record", inspection_id=inspection_id, out_dir=tmp_path)
    demo_ctx.documents.generate("file_index", case_id=closed_case_id, out_dir=tmp_path)

    with demo_ctx.uow_factory(readonly=True) as uow:
        items = default_items(uow.session, closed_case_id)
    titles = [i.title for i in items]
    place = {name: n for n, slot in enumerate(PROCEDURAL_ORDER) for name in slot.doc_types}
    assert [place[t] for t in titles] == sorted(place[t] for t in titles)
    assert set(titles) == {FORMS[f].name for f in (*ISSUE_ORDER, "site_record")}
    assert "卷内目录" not in titles
    dates = {i.title: i.day for i in items}
    assert dates == {
        "立案报告": filed,
        "现场笔录": date(2026, 11, 3),  # the inspection's date, not when it was generated
        "询问笔录": inquired,  # the 询问's own date, not another step's
        "行政处罚事先告知书": notified,
        "行政处罚听证告知书": notified,
        "行政处罚决定书": decided,
        "送达回执": served,
        "结案报告": closed,
    }
    numbers = {i.title: i.number for i in items}
    assert numbers["行政处罚决定书"].startswith("青卫医罚〔")
    assert numbers["行政处罚听证告知书"] != ""


def test_a_case_without_documents_has_no_items(demo_ctx: AppContext, closed_case_id: int) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        assert default_items(uow.session, closed_case_id) == []
        assert default_items(uow.session, 10**9) == []
        assert uow.session.get(Inspection, 10**9) is None
