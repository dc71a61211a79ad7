"""听证通知日期 through the command line: the field set, shown and checked against the other
听证 dates; the 听证通知书 dated by it (read back with python-docx and from the register), never
by the day it is made, and refused without it or when it is under seven working days before the
hearing (行政处罚法 第六十四条第二项、第八十五条)."""

from __future__ import annotations

import io
import json
from datetime import date

import docx
from procedure_desk import Desk

from database.models import Document
from desktop.app import build_context

CASE = "青卫医案〔2026〕61号"
ROW = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
       "执法人员": "张明、李华", "警告": "是", "罚款金额(元)": 100000, "处罚决定日期": "2026-04-20"}  # fmt: skip
#: Told 3-23, served 3-24, the hearing requested the same day and held on Friday 4-3.
HEARING = ("地址=青溪区城关街道人民路1号", "告知日期=2026-03-23", "听证告知日期=2026-03-23",
           "告知书送达日期=2026-03-24", "听证申请日期=2026-03-24", "听证日期=2026-04-03",
           "听证地点=青溪区卫生健康委员会听证室", "听证主持人=王芳")  # fmt: skip


def _case(desk: Desk, *pairs: str) -> None:
    assert desk.import_cases([ROW]).code == 0
    desk.ok("case", "set", CASE, *HEARING, *pairs)


def _shown(desk: Desk) -> str:
    fields: dict[str, str] = json.loads(desk.ok("case", "show", CASE, "--json"))["fields"]
    return fields["听证通知日期"]


def _paragraphs(desk: Desk) -> list[str]:
    """The 听证通知书's paragraphs and cells, in order, as python-docx reads them."""
    path = next(desk.out.glob("听证通知书_*.docx"))
    document = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text.strip() for row in table.rows for cell in row.cells]
    return [p for p in parts if p]


def _registered(desk: Desk) -> date | None:
    ctx = build_context(str(desk.data))
    try:
        with ctx.uow_factory(readonly=True) as uow:
            doc = uow.session.query(Document).filter_by(doc_type="hearing_summons").one()
            return doc.document_date
    finally:
        ctx.close()


def test_the_field_is_set_shown_cleared_and_ordered(desk: Desk) -> None:
    _case(desk)
    assert _shown(desk) == ""
    desk.ok("case", "set", CASE, "听证通知日期=2026-03-25")
    assert _shown(desk) == "2026-03-25"
    # Summoned before the party asked, or after the hearing: the dates are out of order.
    early = desk.run("case", "set", CASE, "听证通知日期=2026-03-23")
    assert early.code == 1
    assert "听证通知日期（2026-03-23）早于听证申请日期（2026-03-24）" in early.err, early.err
    late = desk.run("case", "set", CASE, "听证通知日期=2026-04-06")
    assert late.code == 1 and "听证日期（2026-04-03）早于听证通知日期（2026-04-06）" in late.err
    assert _shown(desk) == "2026-03-25"  # a refused change keeps the stored date
    desk.ok("case", "set", CASE, "听证通知日期=")
    assert _shown(desk) == ""


def test_the_summons_bears_the_cases_date(desk: Desk) -> None:
    _case(desk)
    refused = desk.doc("听证通知书", CASE)
    assert refused.code == 1 and "听证通知书缺少：通知日期" in refused.err, refused.err
    # Wednesday 3-25: the seventh working day after it is Friday 4-3, the hearing's day.
    desk.ok("case", "set", CASE, "听证通知日期=2026-03-25")
    assert desk.doc("听证通知书", CASE).code == 0
    paragraphs = _paragraphs(desk)
    assert "一、听证时间：2026年4月3日。" in paragraphs
    dated = [p for p in paragraphs if p.endswith("2026年3月25日")]
    assert dated, paragraphs  # the signature's date is the case's, not today's
    today = date.today()
    assert not any(f"{today.year}年{today.month}月{today.day}日" in p for p in paragraphs)
    assert _registered(desk) == date(2026, 3, 25)


def test_a_summons_under_seven_working_days_is_refused(desk: Desk) -> None:
    # Thursday 3-26: six working days to Friday 4-3; the seventh is Tuesday 4-7 (清明 4-4 … 4-6).
    _case(desk, "听证通知日期=2026-03-26")
    refused = desk.doc("听证通知书", CASE)
    assert refused.code == 1
    for words in ("听证通知书不能生成", "听证通知日期（2026年3月26日）距听证日期（2026年4月3日）"
                  "不足7个工作日", "第7个工作日为2026年4月7日", "第六十四条第二项", "第八十五条"):  # fmt: skip
        assert words in refused.err, (words, refused.err)
    assert not list(desk.out.glob("听证通知书_*.docx"))
    legal = desk.run("check", "--legal")
    assert legal.code == 1
    assert "【听证通知须在举行听证的七个工作日前】（summons_period）" in legal.out
    assert "依据：《中华人民共和国行政处罚法》第六十四条第二项、第八十五条" in legal.out
