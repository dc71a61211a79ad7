"""Every document type rendered from demo records and read back with python-docx."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from database.models import Case, CaseSource, Document
from desktop.app import AppContext
from desktop.calendar.workdays import CalendarAdminService, YearEntry
from desktop.common.errors import CasedeskError
from forms.common import cn_date, penalty_lines
from forms.money import fen_to_capitals, fen_to_figures
from forms.registry import FORMS

#: The case documents in the order of a case's life (送达回执 needs the decision's 文号 first).
CASE_ORDER = (
    "filing_report", "inquiry_record", "investigation_report", "deliberation_record",
    "penalty_notice", "statement_record", "hearing_notice", "penalty_decision",
    "service_receipt", "closing_report", "file_cover", "file_index",
)  # fmt: skip


def test_every_case_document_renders_with_the_right_content(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    docs = demo_ctx.documents
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None and case.decided_on is not None and case.notified_on is not None
        party, decided, year = case.party_name, case.decided_on, case.decided_on.year
        fine, gain, basis = case.fine_fen, case.confiscation_fen, case.penalty_basis
        violated, filed = case.violated_provisions, case.filed_on
    texts: dict[str, str] = {}
    for form_id in CASE_ORDER:
        overrides = {"statement_date": "2026年1月5日"} if form_id == "statement_record" else None
        result = docs.generate(form_id, case_id=closed_case_id, out_dir=tmp_path,
                               overrides=overrides, user="测试员")  # fmt: skip
        assert result.path is not None and result.path.exists()
        data = result.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == result.sha256
        texts[form_id] = read_docx(data)
        assert party in texts[form_id], form_id
        assert "青溪区卫生健康委员会" in texts[form_id] or form_id == "file_index", form_id
        assert "{{" not in texts[form_id] and "{%" not in texts[form_id], form_id

    decision = texts["penalty_decision"]
    number = f"青卫医罚〔{year}〕1号"
    assert number in decision
    assert f"罚款{fen_to_capitals(fine)}（{fen_to_figures(fine)}）" in decision
    assert f"没收违法所得{fen_to_capitals(gain)}（{fen_to_figures(gain)}）" in decision
    assert f"违反了{violated}的规定" in decision and f"依据{basis}的规定" in decision
    assert cn_date(decided) in decision.splitlines()[-1] or cn_date(decided) in decision
    assert "六十日内向青溪区人民政府申请行政复议" in decision
    assert "六个月内向青溪区人民法院提起行政诉讼" in decision
    assert "十五日内缴至中国农业银行青溪支行" in decision
    assert f"青卫医罚告〔{case_year(demo_ctx, closed_case_id)}〕1号" in texts["penalty_notice"]
    assert "三个工作日内（即" in texts["penalty_notice"]
    assert "五个工作日内（即" in texts["hearing_notice"]
    assert f"行政处罚决定书（{number}）" in texts["service_receipt"]
    assert number in texts["closing_report"] and number in texts["file_cover"]
    assert cn_date(filed) in texts["filing_report"]
    assert "行政处罚决定书" in texts["file_index"] and number in texts["file_index"]

    with demo_ctx.uow_factory(readonly=True) as uow:
        rows = uow.session.scalars(select(Document).where(Document.case_id == closed_case_id)).all()
        assert {r.doc_type for r in rows} == set(CASE_ORDER)
        for row in rows:
            assert row.template_sha256 and row.form_version == FORMS[row.doc_type].version
            assert row.created_by == "测试员" and row.created_at is not None


def case_year(ctx: AppContext, case_id: int) -> int:
    """The year of the case's 事先告知 (the notice's 文号 year)."""
    with ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None and case.notified_on is not None
        return case.notified_on.year


def test_inspection_documents_render(
    demo_ctx: AppContext, add_inspection: Callable[..., int], tmp_path: Path,
    read_docx: Callable[[bytes], str],
) -> None:  # fmt: skip
    inspection_id = add_inspection()
    record = demo_ctx.documents.generate("现场笔录", inspection_id=inspection_id, out_dir=tmp_path)
    text = read_docx(record.path.read_bytes())  # type: ignore[union-attr]
    assert "2026年11月3日 9时30分至10时40分" in text
    assert "医疗废物分类收集" in text and "注射器与生活垃圾混放" in text and "不涉及" in text
    opinion = demo_ctx.documents.generate("supervision_opinion", inspection_id=inspection_id,
                                          out_dir=tmp_path)  # fmt: skip
    assert opinion.number == "2026—1"
    text = read_docx(opinion.path.read_bytes())  # type: ignore[union-attr]
    assert "编号：2026—1" in text
    # The newline in the opinions is a real line break, not a lost character.
    assert "立即停止使用未注册的射频美容仪；\n2.完善医疗废物交接登记。" in text


def test_hostile_values_survive(
    demo_ctx: AppContext,
    closed_case_id: int,
    reopen: Callable[[int], None],
    tmp_path: Path,
    read_docx: Callable[[bytes], str],
) -> None:
    hostile = "A&B<C>\"'"
    long_facts = "事实" * 5000 + "🙂结尾"
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.party_name = hostile
        case.facts = long_facts
        case.party_phone = ""
        case.party_representative = ""
        case.discretion = "第一行\n第二行\x0b"
        uow.commit()
    reopen(closed_case_id)
    result = demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id,
                                         out_dir=tmp_path)  # fmt: skip
    text = read_docx(result.path.read_bytes())  # type: ignore[union-attr]
    assert f"当事人：{hostile}" in text
    assert long_facts in text  # nothing cut short after the & or <
    assert "第一行\n第二行" in text
    assert text.rstrip().endswith(cn_date_of_decision(demo_ctx, closed_case_id))
    report = demo_ctx.documents.generate("filing_report", case_id=closed_case_id, out_dir=tmp_path)
    table_text = read_docx(report.path.read_bytes())  # type: ignore[union-attr]
    assert hostile in table_text and long_facts in table_text


def cn_date_of_decision(ctx: AppContext, case_id: int) -> str:
    """The decision date as printed under the seal."""
    with ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None
        return cn_date(case.decided_on)


def test_render_to_bytes_for_the_case_file_records_nothing(
    demo_ctx: AppContext, closed_case_id: int, read_docx: Callable[[bytes], str]
) -> None:
    from datetime import date

    from forms.engine import FileItem

    items = [
        FileItem("行政处罚决定书", "青卫医罚〔2026〕5号", date(2026, 3, 15), 3, 5),
        FileItem("送达回执", "", date(2026, 3, 16), 6),
        FileItem("现场照片", "", None, 7, 12, "共6张"),
    ]
    index = read_docx(demo_ctx.documents.render_to_bytes("file_index", case_id=closed_case_id,
                                                         items=items))  # fmt: skip
    for expected in (
        "青卫医罚〔2026〕5号",
        "20260315",
        "3-5",
        "20260316",
        "7-12",
        "共6张",
        "现场照片",
    ):
        assert expected in index
    cover = read_docx(demo_ctx.documents.render_to_bytes(
        "卷宗封面", case_id=closed_case_id, items=items, overrides={"archive_no": "20260007"}))  # fmt: skip
    assert "3 件" in cover and "共 12 页" in cover and "20260007" in cover
    assert demo_ctx.documents.list_documents(case_id=closed_case_id) == []


def test_preflight_names_what_is_missing(demo_ctx: AppContext) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        open_case = uow.session.scalars(
            # not a 移送 case (another authority's: who may decide comes before what is missing)
            select(Case).where(
                Case.decided_on.is_(None), Case.notified_on.is_(None), Case.transfer_organ == ""
            )
        ).first()
        assert open_case is not None
        case_id = open_case.id
    missing = demo_ctx.documents.preflight("penalty_decision", case_id=case_id)
    assert "决定日期" in missing
    from desktop.documents.doc_types import PreflightError

    try:
        demo_ctx.documents.generate("penalty_decision", case_id=case_id)
    except PreflightError as error:
        assert str(error).startswith("行政处罚决定书缺少：") and "决定日期" in str(error)
    else:
        raise AssertionError("an undecided case must not get a decision")


def test_generate_without_a_folder_writes_to_the_data_folder(
    demo_ctx: AppContext, closed_case_id: int
) -> None:
    # The window calls generate(title, case_id=…, pdf=False/True) without naming a folder.
    doc = demo_ctx.documents.generate("立案报告", case_id=closed_case_id)
    assert doc.docx_path is not None and doc.docx_path.parent == demo_ctx.data_dir / "documents"
    assert hashlib.sha256(doc.docx_path.read_bytes()).hexdigest() == doc.sha256
    assert demo_ctx.documents.file_bytes(doc.id) == doc.docx_path.read_bytes()


def test_closing_report_of_a_transfer_only_case(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        # Transferred to the 公安机关: no 处罚 of the office's own, no decision.
        case.judicial_transfer, case.warning, case.fine_fen, case.confiscation_fen = (
            True,
            False,
            0,
            0,
        )
        case.suspension = case.revocation = case.order_correction = False
        case.transfer_organ, case.transfer_reason = "青溪区公安分局", "涉嫌非法行医罪"
        case.transferred_on = case.decided_on
        uow.commit()
    assert demo_ctx.documents.preflight("closing_report", case_id=closed_case_id) == []
    result = demo_ctx.documents.generate("结案报告", case_id=closed_case_id, out_dir=tmp_path)
    assert result.path is not None
    text = read_docx(result.path.read_bytes())
    assert "处理结果\n移送司法机关（涉嫌犯罪，依法移送司法机关处理）" in text
    assert "执行情况\n案件已于" in text and "移送青溪区公安分局。" in text
    assert "结案理由\n移送司法机关" in text and "不予行政处罚" not in text


def test_investigation_report_prints_the_range_without_catalogue_remarks(
    demo_ctx: AppContext,
    closed_case_id: int,
    reopen: Callable[[int], None],
    tmp_path: Path,
    read_docx: Callable[[bytes], str],
) -> None:
    # YP-01's catalogue range names the kind a phrase is catalogued as (没收非法财物): a remark
    # for the clerk, not for the report. (YP-01 is the 药品监管部门's: a 移送 case's report.)
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.confiscated_items = []  # loaded first: its autoflush would save (and lock) the rest
        case.provision_code = "YP-01"
        case.source = CaseSource.TRANSFER
        case.penalty_basis = "《中华人民共和国药品管理法》第一百二十九条"
        # Not ours to decide: the report ends in 移送, with no penalty of the office's own.
        case.warning = case.suspension = case.revocation = False
        case.fine_fen = case.confiscation_fen = 0
        case.other_kinds = ""
        case.transfer_organ = "青溪区市场监督管理局"
        case.transferred_on = case.investigation_ended_on
        case.transfer_reason = "该违法行为依法由药品监督管理部门实施行政处罚，不属于本机关管辖"
        uow.commit()
    reopen(closed_case_id)
    report = demo_ctx.documents.generate("investigation_report", case_id=closed_case_id,
                                         out_dir=tmp_path)  # fmt: skip
    text = read_docx(report.path.read_bytes())  # type: ignore[union-attr]
    assert (
        "依据《中华人民共和国药品管理法》第一百二十九条的规定，法定处罚幅度为责令改正，"
        "没收违法购进的药品和违法所得，并处违法购进药品货值金额二倍以上十倍以下的罚款；"
        "货值金额不足五万元的，按五万元计算。" in text
    )
    assert "没收非法财物" not in text and "监管部门职责" not in text
    assert "本案来源于其他部门移送，于" in text
    assert "建议将本案移送青溪区市场监督管理局处理。" in text


def test_investigation_report_prints_the_reason_for_a_penalty_outside_its_range(
    demo_ctx: AppContext,
    closed_case_id: int,
    reopen: Callable[[int], None],
    tmp_path: Path,
    read_docx: Callable[[bytes], str],
) -> None:
    """The reason recorded with an out-of-range fine is where 法制审核 reads it; none, no heading."""
    plain = demo_ctx.documents.generate("investigation_report", case_id=closed_case_id,
                                        out_dir=tmp_path / "plain")  # fmt: skip
    assert "超出法定幅度的理由" not in read_docx(plain.path.read_bytes())  # type: ignore[union-attr]
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.range_override_reason = "当事人系再次违法且拒不改正，经集体讨论从重处罚"
        uow.commit()
    reopen(closed_case_id)
    report = demo_ctx.documents.generate("investigation_report", case_id=closed_case_id,
                                         out_dir=tmp_path / "reason")  # fmt: skip
    text = read_docx(report.path.read_bytes())  # type: ignore[union-attr]
    assert (
        "六、超出法定幅度的理由（提请法制审核）\n当事人系再次违法且拒不改正，经集体讨论从重处罚"
        in text
    )


def test_party_deadline_in_a_year_without_holidays_is_refused_until_entered(
    demo_ctx: AppContext,
    closed_case_id: int,
    reopen: Callable[[int], None],
    tmp_path: Path,
    read_docx: Callable[[bytes], str],
) -> None:
    # Notified just before the 2027 Spring Festival, whose 放假/调休 nobody has entered yet:
    # a weekends-only count would print 2027年2月8日, which the party would rely on.
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.notified_on = case.notice_served_on = date(2027, 2, 3)
        uow.commit()
    reopen(closed_case_id)
    with demo_ctx.uow_factory(readonly=True) as uow:
        before = uow.session.scalar(select(func.count()).select_from(Document))
    label = FORMS["penalty_notice"].field("statement_due").label
    problems = demo_ctx.documents.preflight("penalty_notice", case_id=closed_case_id)
    assert (
        f"{label}无法确定：2027年的节假日和调休安排尚未录入（请先录入该年安排，或手工填写该日期）"
        in problems
    )
    with pytest.raises(
        CasedeskError, match=f"行政处罚事先告知书不能生成：{re.escape(label)}无法确定"
    ):
        demo_ctx.documents.generate("penalty_notice", case_id=closed_case_id, out_dir=tmp_path)
    with demo_ctx.uow_factory(readonly=True) as uow:  # no 文号 used, nothing recorded
        assert uow.session.scalar(select(func.count()).select_from(Document)) == before
    assert not list(tmp_path.glob("*.docx"))

    # Entered: 2月4日–10日 off, Saturday 2月13日 a 调休 working day → 11, 12, 13.
    holidays = [YearEntry(date(2027, 2, d), False, "春节") for d in range(4, 11)]
    CalendarAdminService(demo_ctx.uow_factory).set_year(
        2027, [*holidays, YearEntry(date(2027, 2, 13), True, "春节调休")]
    )
    demo_ctx.documents.generate("penalty_notice", case_id=closed_case_id, out_dir=tmp_path)
    text = read_docx(next(tmp_path.glob("*.docx")).read_bytes())
    assert "自收到本告知书之日起三个工作日内（即至2027年2月13日止）" in text


def test_notices_list_each_intended_penalty_on_its_own_line(
    demo_ctx: AppContext, closed_case_id: int, reopen: Callable[[int], None], tmp_path: Path
) -> None:
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.confiscation_fen = case.confiscation_fen or 479_400
        lines = penalty_lines(case)
        uow.commit()
    reopen(closed_case_id)
    assert len(lines) >= 2 and any("（¥" in line for line in lines)
    expected = [f"{i}.{line}{'。' if i == len(lines) else '；'}"
                for i, line in enumerate(lines, start=1)]  # fmt: skip
    for form_id in ("penalty_notice", "hearing_notice", "penalty_decision", "investigation_report"):
        doc = demo_ctx.documents.generate(form_id, case_id=closed_case_id, out_dir=tmp_path)
        paragraphs = [p.text for p in docx.Document(str(doc.path)).paragraphs]
        start = next(i for i, p in enumerate(paragraphs) if p.endswith("如下行政处罚："))
        assert "1." not in paragraphs[start], form_id
        assert docx.Document(str(doc.path)).paragraphs[start].paragraph_format.keep_with_next
        assert paragraphs[start + 1 : start + 1 + len(lines)] == expected, form_id
