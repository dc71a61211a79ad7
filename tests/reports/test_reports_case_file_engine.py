"""The case file from real generated documents: the engine's 卷宗封面/卷内目录 and converter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext, build_context
from desktop.cli.main import run

#: The documents a closed penalty case has, generated as DOCX only (the file converts them).
GENERATED = ("filing_report", "investigation_report", "penalty_notice", "penalty_decision",
             "service_receipt", "closing_report")  # fmt: skip


def _photo(path: Path) -> Path:
    Image.new("RGB", (1200, 900), (40, 140, 90)).save(path, "JPEG")
    return path


@pytest.mark.slow
def test_case_file_from_generated_documents(demo_ctx: AppContext, tmp_path: Path) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        case_id, case_no, party, filed_on = next(
            (c.id, c.case_no, c.party_name, c.filed_on)
            for c in uow.session.scalars(
                select(Case).where(Case.closed_on.is_not(None), Case.fine_fen > 0).order_by(Case.id)
            )
            if len(c.officers) >= 2 and c.notified_on is not None
        )
    # a closed case is locked; reopened, it stays open until its next save (generating the
    # documents and filing the photo do not save the case; the evidence citation below does)
    demo_ctx.audit.reopen_case(case_id, "测试：补齐卷内文书和证据")
    numbers = {f: demo_ctx.documents.generate(f, case_id=case_id).number for f in GENERATED}
    plan = demo_ctx.case_files.plan(case_id)
    assert plan.missing == ()
    # The decision cites 现场笔录、询问笔录、现场照片、收费票据复印件: none is in the file yet.
    assert plan.uncited == ("现场笔录", "询问笔录", "现场照片", "收费票据复印件")
    assert "现场照片（决定书引用的证据）" in plan.gaps
    # taken on the day of the filing inspection: the 卷内目录 dates evidence by its 取证日期
    demo_ctx.attachments.add(case_id, _photo(tmp_path / "photo.jpg"), "现场照片", filed_on)
    with demo_ctx.uow_factory() as uow:  # the clerk's citation, typed with a stop before 等
        uow.session.get(Case, case_id).evidence = "询问笔录、现场照片。等"  # type: ignore[union-attr]
        uow.commit()
    demo_ctx.audit.reopen_case(case_id, "测试：补生成询问笔录")  # the save above locked it again
    numbers["inquiry_record"] = demo_ctx.documents.generate(
        "inquiry_record", case_id=case_id
    ).number
    plan = demo_ctx.case_files.plan(case_id)
    assert plan.gaps == ()
    # the evidence is filed with the 调查取证材料, before the 案件调查终结报告 (issue 15)
    titles = [
        "结案报告", "立案报告", "询问笔录", "证据：现场照片", "案件调查终结报告",
        "行政处罚事先告知书", "行政处罚决定书", "送达回执",
    ]  # fmt: skip
    assert [i.title for i in plan.items] == titles
    data_dir, db_url = str(demo_ctx.data_dir), demo_ctx.database_url
    demo_ctx.close()
    out = tmp_path / "卷宗.pdf"
    args = ["--data-dir", data_dir, "--db", db_url, "packet", "--case", case_no, "--out", str(out)]
    assert run(args) == 0

    reader = PdfReader(out)
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    outline = [o.title for o in reader.outline]
    assert outline == ["卷宗封面", "卷内目录", *titles, "卷内备考表"]
    cover, index_page, note = pages[0], pages[1], pages[-1]
    first = reader.get_destination_page_number(reader.outline[2])  # the first 卷内文件
    assert first == 2  # one cover page, one 卷内目录 page
    numbered = len(reader.pages) - first - 1
    # The cover counts the numbered pages only (not itself, the 目录 or the 备考表).
    assert party in cover and numbers["penalty_decision"] in cover
    assert f"{len(titles)}件共{numbered}页" in cover
    # Every 卷内目录 entry's 页号 is the stamped range of the pages the item is on.
    starts = [reader.get_destination_page_number(m) for m in reader.outline[2:]]
    for n, title in enumerate(titles):
        start, end = starts[n] - first + 1, starts[n + 1] - first
        assert f"-{start}-" in pages[starts[n]] and f"-{end}-" in pages[starts[n + 1] - 1]
        printed = str(start) if start == end else f"{start}-{end}"
        follows = rf"(?={n + 2}\D)" if n + 1 < len(titles) else "$"
        row = rf"{n + 1}{re.escape(title)}\S*?\d{{8}}{re.escape(printed)}{follows}"
        assert re.search(row, index_page), (title, printed, index_page)
        if not title.startswith("证据"):
            assert title in pages[starts[n]]
    # Cover, 卷内目录 and 备考表 carry no number; the items are numbered 1 … N.
    for index in (0, 1, len(reader.pages) - 1):
        assert not re.search(r"- \d+ -", reader.pages[index].extract_text())
    assert reader.page_labels[:3] == ["封面", "目录", "1"] and reader.page_labels[-1] == "备考表"
    # 备考表: 本卷情况说明 with the counts, 立卷人 and 检查人 from 设置, the 归档号.
    assert "卷内备考表" in note and f"本卷共有文件{len(titles)}件，共{numbered}页" in note
    assert "卷内文件齐全" in note and "立卷人：林晓" in note and "检查人：何素青" in note
    assert re.search(r"Q031-\d{4}-D30-\d{4}", cover) and re.search(r"Q031-\d{4}-D30", note)
    decision = reader.get_destination_page_number(
        reader.outline[2 + titles.index("行政处罚决定书")]
    )
    # A document keeps its own 第 X 页 共 Y 页; the combined facts read once "经查".
    assert re.search(r"第\d+页共\d+页", pages[decision])
    assert "证据证实" in pages[decision] and "。等" not in pages[decision]
    # The conversions were recorded: every document now has its PDF in the store.
    again = build_context(data_dir, db_url)
    items = again.case_files.plan(case_id).items
    again.close()
    assert all(isinstance(i.source, Path) and not i.docx_sha256 for i in items)
