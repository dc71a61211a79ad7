"""Legal dates only (issue 15 point 2): a document bears the date of the act it records (a field
of the case or inspection step), never the day it is generated; an empty date is refused naming
the field; the 卷内目录 and the 卷宗 use the same dates; evidence is dated and filed by its
取证日期."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from database.models import Case, Document
from desktop.app import AppContext
from desktop.documents.doc_types import PreflightError
from desktop.documents.sources import default_items
from forms.common import cn_date


def _set(ctx: AppContext, case_id: int, **values: object) -> None:
    with ctx.uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        for key, value in values.items():
            setattr(case, key, value)
        uow.commit()
    if ctx.cases.is_locked(case_id):
        ctx.audit.reopen_case(case_id, "测试：补录环节日期")


@pytest.mark.parametrize(
    ("form_id", "attr", "label"),
    [
        ("inquiry_record", "inquired_on", "询问日期"),
        ("deliberation_record", "deliberated_on", "合议日期"),
    ],
)
def test_a_record_is_dated_by_its_own_act_or_refused_naming_the_field(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str],
    form_id: str, attr: str, label: str,
) -> None:  # fmt: skip
    _set(demo_ctx, closed_case_id, **{attr: None})
    assert label in demo_ctx.documents.preflight(form_id, case_id=closed_case_id)
    with pytest.raises(PreflightError) as refused:
        demo_ctx.documents.generate(form_id, case_id=closed_case_id, out_dir=tmp_path)
    assert str(refused.value).endswith(f"缺少：{label}。")
    assert not list(tmp_path.glob("*.docx"))

    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get_one(Case, closed_case_id)
        day = (case.investigation_ended_on or case.filed_on) - timedelta(days=2)
    _set(demo_ctx, closed_case_id, **{attr: day})
    doc = demo_ctx.documents.generate(form_id, case_id=closed_case_id, out_dir=tmp_path)
    text = read_docx(doc.path.read_bytes())  # type: ignore[union-attr]
    assert cn_date(day) in text and cn_date(date.today()) not in text
    with demo_ctx.uow_factory(readonly=True) as uow:
        assert uow.session.get_one(Document, doc.id).document_date == day
        [item] = [i for i in default_items(uow.session, closed_case_id) if i.title == doc.name]
    assert item.day == day


def test_a_numbered_document_without_its_date_is_refused(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    _set(demo_ctx, closed_case_id, notified_on=None, hearing_notified_on=None)
    # Only the date: the 听证申请期限 is printed once the notice's service is recorded (issue 14).
    with pytest.raises(PreflightError, match="行政处罚听证告知书缺少：告知日期。"):
        demo_ctx.documents.generate("hearing_notice", case_id=closed_case_id, out_dir=tmp_path)
    assert demo_ctx.documents.current_copy("hearing_notice", case_id=closed_case_id) is None


def _png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


def test_the_file_index_and_the_case_file_show_the_same_dates_and_evidence_by_its_date(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get_one(Case, closed_case_id)
        filed, ended = case.filed_on, case.investigation_ended_on or case.filed_on
        expected = {
            "立案报告": case.filed_on, "询问笔录": case.inquired_on,
            "案件调查终结报告": case.investigation_ended_on, "合议记录": case.deliberated_on,
            "行政处罚事先告知书": case.notified_on,
            "行政处罚听证告知书": case.hearing_notified_on or case.notified_on,
            "行政处罚决定书": case.decided_on, "结案报告": case.closed_on,
        }  # fmt: skip
    assert all(expected.values())
    for form_id in ("filing_report", "inquiry_record", "investigation_report",
                    "deliberation_record", "penalty_notice", "hearing_notice", "penalty_decision",
                    "closing_report"):  # fmt: skip
        demo_ctx.documents.generate(form_id, case_id=closed_case_id, out_dir=tmp_path)
    # Evidence added out of order: the photo taken at the 询问, the receipt copy at 立案, and
    # one whose 取证日期 nobody recorded.
    paths = {}
    for name, colour in (
        ("询问现场照片", "red"),
        ("收费票据复印件", "green"),
        ("其他材料", "blue"),
    ):
        paths[name] = tmp_path / f"{name}.png"
        paths[name].write_bytes(_png(colour))
    demo_ctx.attachments.add(closed_case_id, paths["询问现场照片"], collected_on=ended)
    demo_ctx.attachments.add(closed_case_id, paths["其他材料"])
    demo_ctx.attachments.add(closed_case_id, paths["收费票据复印件"], collected_on=filed)

    with demo_ctx.uow_factory(readonly=True) as uow:
        index = {i.title: i.day for i in default_items(uow.session, closed_case_id)}
    plan = demo_ctx.case_files.plan(closed_case_id)
    in_file = {i.title: i.on for i in plan.items if not i.title.startswith("证据：")}
    for title, day in expected.items():
        assert index[title] == day and in_file[title] == day, title
    assert date.today() not in {*index.values(), *in_file.values()} - set(expected.values())

    titles = [i.title for i in plan.items]
    evidence = [(i.title, i.on) for i in plan.items if i.title.startswith("证据：")]
    assert evidence == [("证据：收费票据复印件", filed), ("证据：询问现场照片", ended),
                        ("证据：其他材料", None)]  # fmt: skip
    # filed with the 调查取证材料: after the 询问笔录, before the 案件调查终结报告
    first, last = titles.index("证据：收费票据复印件"), titles.index("证据：其他材料")
    assert titles.index("询问笔录") < first and last < titles.index("案件调查终结报告")
    assert [row.collected_on for row in demo_ctx.attachments.list(closed_case_id)] == [
        ended,
        None,
        filed,
    ]


def test_a_collected_on_out_of_range_is_refused(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    from desktop.common.errors import ValidationError

    path = tmp_path / "照片.png"
    path.write_bytes(_png("red"))
    with pytest.raises(ValidationError, match="取证日期"):
        demo_ctx.attachments.add(closed_case_id, path, collected_on=date(1900, 1, 1))
