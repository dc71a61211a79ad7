"""The 卷宗 of a case with a 听证 held and a 法制审核 and 集体讨论 recorded (issue 14's documents):
listed in the procedure's order and as missing until made, made by `packet --fill-missing`, and
read back from the 卷内目录 with their dates and page numbers; a case without a hearing does not
require them; the 案件移送书 is filed after the 调查终结报告."""

from __future__ import annotations

import re
from datetime import date

import pytest
from procedure_desk import Desk
from pypdf import PdfReader

from database.models import Document
from desktop.app import build_context
from desktop.casefile.service import CaseFilePlan
from desktop.documents.order import ARCHIVE_ORDER, procedural_rank

CASE = "青卫医案〔2026〕91号"
#: 医疗机构管理条例 第四十六条 (YLJG-04): 警告, 1万–10万元; the shipped 较重 level is 5.5万–7.8万.
ROW = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
       "执法人员": "张明、李华", "警告": "是", "罚款金额(元)": 60000, "处罚决定日期": "2026-04-10"}  # fmt: skip
STEPS = ("地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20", "告知日期=2026-03-23",
         "告知书送达日期=2026-03-24", "送达日期=2026-04-11", "缴款日期=2026-04-20",
         "裁量理由=鉴于当事人超范围开展手术三例，持续时间较长，", "裁量阶次=较重")  # fmt: skip
#: Requested on the day of service, summoned the next day: 4-3 is the seventh working day after.
HEARING = ("听证告知日期=2026-03-23", "听证申请日期=2026-03-24", "听证通知日期=2026-03-25",
           "听证日期=2026-04-03",
           "听证地点=青溪区卫生健康委员会听证室", "听证主持人=王芳",
           "陈述申辩内容=当事人称系初次违法且已整改", "复核意见=不采纳",
           "复核理由=当事人超范围开展手术三例，初次违法不属于不予处罚或减轻处罚的情形",
           "听证结论=当事人对违法事实无异议，听证主持人建议维持拟作出的行政处罚")  # fmt: skip
REVIEW = ("法制审核日期=2026-04-07", "法制审核人员=郑海", "法制审核结论=通过",
          "法制审核意见=执法主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。",
          "集体讨论日期=2026-04-08", "集体讨论主持人=周建国",
          "集体讨论参加人=周建国（主任）：同意；吴丽（副主任）：同意",
          "集体讨论结论=经集体讨论，决定给予警告并处罚款陆万元。")  # fmt: skip
#: Issue 14's documents in the order of the 卷宗, with the date column each bears.
ACTS = (("行政处罚听证告知书", date(2026, 3, 23)), ("听证通知书", date(2026, 3, 25)),
        ("听证笔录", date(2026, 4, 3)), ("听证报告", date(2026, 4, 3)),
        ("法制审核意见书", date(2026, 4, 7)), ("集体讨论记录", date(2026, 4, 8)))  # fmt: skip
TITLES = tuple(title for title, _on in ACTS)


def _plan(desk: Desk) -> CaseFilePlan:
    ctx = build_context(str(desk.data))
    try:
        return ctx.case_files.plan(CASE)
    finally:
        ctx.close()


def _case(desk: Desk, *pairs: str) -> None:
    # The office's 较大数额 for 单位 is 5万元 here, so the ¥60,000 fine reaches 听证 (第六十三条).
    desk.ok("office", "set", "hearing.amount_organisation=50000")
    assert desk.import_cases([ROW]).code == 0
    desk.ok("case", "set", CASE, *STEPS, *pairs)


def test_hearing_and_review_documents_are_required_in_order_and_filled(desk: Desk) -> None:
    _case(desk, *HEARING, *REVIEW)
    plan = _plan(desk)
    titles = [item.title for item in plan.items]
    # 调查终结报告 → 事先告知书 → the 听证 → 法制审核 → 集体讨论 → 决定书 → 送达回执
    assert titles == ["结案报告", "立案报告", "案件调查终结报告", "行政处罚事先告知书", *TITLES,
                      "行政处罚决定书", "送达回执"]  # fmt: skip
    assert set(TITLES) <= set(plan.missing)
    dates = {item.title: item.on for item in plan.items}
    assert all(dates[title] == on for title, on in ACTS), dates

    out = desk.out / "卷宗.pdf"
    args = ("packet", "--case", CASE, "--out", str(out), "--fill-missing")
    # Before 结案 everything but the 结案报告 is made, in the procedure's order.
    filled = desk.run(*args)
    assert filled.code == 1 and "未能生成 1 份：结案报告缺少：结案日期。" in filled.out, filled.out
    made = re.search(r"已生成 (\d+) 份：(.*?)。", filled.out)
    assert made is not None, filled.out
    listed = [re.sub(r"（.*?）", "", t) for t in made.group(2).split("、")]
    expected = sorted((t for t in plan.missing if t != "结案报告"), key=procedural_rank)
    assert listed == expected and set(TITLES) <= set(listed), listed
    assert _plan(desk).missing == ("结案报告",)
    desk.ok("case", "set", CASE, "结案日期=2026-04-25")
    filled = desk.run(*args)
    assert filled.code == 0, filled.err + filled.out
    assert "已生成 1 份：结案报告" in filled.out and "已生成卷宗" in filled.out
    plan = _plan(desk)
    assert plan.missing == ()
    titles = [item.title for item in plan.items]
    between = titles[titles.index("行政处罚事先告知书") + 1 : titles.index("行政处罚决定书")]
    assert between == list(TITLES)

    # The 卷内目录 read back: each line 序号 题名 文号 日期(YYYYMMDD) 页号, the 页号 where the
    # item's stamped pages are, the date the one the case records for the act.
    reader = PdfReader(out)
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
    outline = [o.title for o in reader.outline]
    assert outline[2:-1] == titles
    first = reader.get_destination_page_number(reader.outline[2])
    index_text = "".join(pages[1:first])
    starts = [reader.get_destination_page_number(m) for m in reader.outline[2:]]
    # The summons made now by --fill-missing bears the case's 听证通知日期, as registered.
    assert _summons_day(desk) == date(2026, 3, 25)
    for title, on in ACTS:
        n = titles.index(title)
        start, end = starts[n] - first + 1, starts[n + 1] - first
        printed = str(start) if start == end else f"{start}-{end}"
        day = on.strftime("%Y%m%d")
        row = rf"{n + 1}{re.escape(title)}\S*?{day}{re.escape(printed)}(?={n + 2}\D)"
        assert re.search(row, index_text), (title, day, printed, index_text)
        assert title in pages[starts[n]] and f"-{start}-" in pages[starts[n]]


def _summons_day(desk: Desk) -> date:
    """The date the register keeps for the 听证通知书 (what the 卷内目录 and number order read)."""
    ctx = build_context(str(desk.data))
    try:
        with ctx.uow_factory(readonly=True) as uow:
            doc = uow.session.query(Document).filter_by(doc_type="hearing_summons").one()
            assert doc.document_date is not None
            return doc.document_date
    finally:
        ctx.close()


def test_a_case_without_hearing_or_review_does_not_require_them(desk: Desk) -> None:
    desk.ok("office", "set", "hearing.amount_organisation=50000")
    assert desk.import_cases([{**ROW, "罚款金额(元)": 20000}]).code == 0
    desk.ok("case", "set", CASE, *STEPS[:-1], "裁量阶次=轻微")
    plan = _plan(desk)
    titles = [item.title for item in plan.items]
    assert not set(TITLES) & set(titles), titles
    assert plan.missing == ("结案报告", "立案报告", "案件调查终结报告", "行政处罚事先告知书",
                            "行政处罚决定书", "送达回执")  # fmt: skip


@pytest.mark.parametrize("recorded", ["hearing", "review"])
def test_each_recorded_act_requires_only_its_documents(desk: Desk, recorded: str) -> None:
    # A hearing requires its notice, summons, record and report; a review its two records.
    _case(desk, *(HEARING if recorded == "hearing" else REVIEW))
    missing = set(_plan(desk).missing)
    hearing, review = set(TITLES[:4]), set(TITLES[4:])
    assert (hearing <= missing, review <= missing) == (recorded == "hearing", recorded == "review")
    assert not (review if recorded == "hearing" else hearing) & missing


def test_the_transfer_letter_is_filed_after_the_investigation_report(desk: Desk) -> None:
    row = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所从无资质的个人购进药品案", "条款编码": "YP-01",
           "违反条款": "《中华人民共和国药品管理法》第五十五条", "案由分类": "药品和医疗器械",
           "处罚依据": "《中华人民共和国药品管理法》第一百二十九条", "执法人员": "张明、李华"}  # fmt: skip
    assert desk.import_cases([row]).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号", "调查终结日期=2026-03-20",
            "移送机关=青溪区市场监督管理局", "移送日期=2026-03-25",
            "移送理由=该违法行为依法由药品监督管理部门实施行政处罚，不属于本机关管辖")  # fmt: skip
    plan = _plan(desk)
    filed = ("结案报告", "立案报告", "案件调查终结报告", "案件移送书")
    assert tuple(i.title for i in plan.items) == filed and plan.missing == filed
    # made in the procedure's order too: the letter follows the report it rests on
    assert procedural_rank("案件调查终结报告") < procedural_rank("案件移送书")
    assert ARCHIVE_ORDER.index("案件调查终结报告") < ARCHIVE_ORDER.index("案件移送书")
    for form in ("立案报告", "案件调查终结报告", "案件移送书"):
        assert desk.doc(form, CASE).code == 0, form
    plan = _plan(desk)
    assert tuple(i.title for i in plan.items) == filed and plan.missing == ("结案报告",)
    assert {i.title: i.on for i in plan.items}["案件移送书"] == date(2026, 3, 25)
