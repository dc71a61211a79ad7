"""The case file from real generated documents: the engine's 卷宗封面/卷内目录 and converter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext, build_context
from desktop.cli.main import run

#: The documents a closed penalty case has, generated as DOCX only (the file converts them).
GENERATED = ("filing_report", "investigation_report", "penalty_notice", "penalty_decision",
             "service_receipt", "closing_report")  # fmt: skip


@pytest.mark.slow
def test_case_file_from_generated_documents(demo_ctx: AppContext, tmp_path: Path) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        case_id, case_no, party = next(
            (c.id, c.case_no, c.party_name)
            for c in uow.session.scalars(
                select(Case).where(Case.closed_on.is_not(None), Case.fine_fen > 0).order_by(Case.id)
            )
            if len(c.officers) >= 2 and c.notified_on is not None
        )
    demo_ctx.audit.reopen_case(case_id, "测试：补齐卷内文书")  # a closed case is locked
    numbers = {f: demo_ctx.documents.generate(f, case_id=case_id).number for f in GENERATED}
    plan = demo_ctx.case_files.plan(case_id)
    assert plan.missing == ()
    assert [i.title for i in plan.items] == [
        "结案报告",
        "立案报告",
        "案件调查终结报告",
        "行政处罚事先告知书",
        "行政处罚决定书",
        "送达回执",
    ]
    data_dir, db_url = str(demo_ctx.data_dir), demo_ctx.database_url
    demo_ctx.close()
    out = tmp_path / "卷宗.pdf"
    assert (
        run(
            ["--data-dir", data_dir, "--db", db_url, "packet", "--case", case_no, "--out", str(out)]
        )
        == 0
    )

    reader = PdfReader(out)
    outline = [o.title for o in reader.outline]
    assert outline == ["卷宗封面", "卷内目录", *(i.title for i in plan.items)]
    cover = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert party in cover and numbers["penalty_decision"] in cover
    index_page = re.sub(r"\s+", "", reader.pages[1].extract_text())
    decision_mark = reader.outline[2 + 4]
    first = reader.get_destination_page_number(decision_mark)  # cover is index 0 → stamped number
    assert numbers["penalty_decision"] in index_page and "行政处罚决定书" in index_page
    assert str(first) in index_page
    decision_text = re.sub(r"\s+", "", reader.pages[first].extract_text())
    assert "行政处罚决定书" in decision_text and f"-{first}-" in decision_text
    for index in range(1, len(reader.pages)):
        assert f"- {index} -" in reader.pages[index].extract_text()
    # The cover bears no page number and the 卷内目录 only its stamped one (no template
    # footer), while a document keeps its own 第 X 页 共 Y 页.
    assert not re.search(r"第\d+页", cover) and not re.search(r"第\d+页", index_page)
    assert re.search(r"第\d+页共\d+页", decision_text)
    # The conversions were recorded: every document now has its PDF in the store.
    again = build_context(data_dir, db_url)
    items = again.case_files.plan(case_id).items
    again.close()
    assert all(isinstance(i.source, Path) and not i.docx_sha256 for i in items)
