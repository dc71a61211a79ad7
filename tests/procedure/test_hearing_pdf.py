"""The three 听证 forms through LibreOffice: every page converts and reads back in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from procedure_desk import Desk

CASE = "青卫医案〔2026〕81号"


def _text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(path).pages)


@pytest.mark.slow
def test_hearing_summons_record_and_report_as_pdf(desk: Desk) -> None:
    row = {"案号": CASE, "案由": "青溪悦颜医疗美容诊所超出登记的诊疗科目范围开展诊疗活动案",
           "执法人员": "张明、李华", "警告": "是", "罚款金额(元)": 100000,
           "处罚决定日期": "2026-04-20"}  # fmt: skip
    assert desk.import_cases([row]).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号", "证据=现场笔录、询问笔录",
            "告知日期=2026-03-23", "听证告知日期=2026-03-23", "告知书送达日期=2026-03-24",
            "听证申请日期=2026-03-26", "听证通知日期=2026-03-27", "听证日期=2026-04-10", "听证地点=青溪区卫生健康委员会听证室",
            "听证主持人=王芳", "陈述申辩内容=当事人称系初次违法且已整改",
            "听证结论=当事人对违法事实无异议，听证主持人建议维持拟作出的行政处罚")  # fmt: skip
    assert desk.doc("行政处罚听证告知书", CASE).code == 0
    expected = {
        "听证通知书": ("青卫医听通〔2026〕1号", "听证时间：2026年4月10日", "青溪区卫生健康委员会（印章）",
                       "2026年3月27日"),
        "听证笔录": ("听证主持人：王芳", "调查人员提出当事人违法的事实", "当事人的申辩和质证"),
        "听证报告": ("四、听证结论及处理意见", "听证主持人建议维持拟作出的行政处罚",
                     "当事人称系初次违法且已整改"),
    }  # fmt: skip
    for form, words in expected.items():
        made = desk.run("doc", form, "--case", CASE, "--pdf", "--out", str(desk.out))
        assert made.code == 0, made.err
        text = _text(next(desk.out.glob(f"{form}_*.pdf")))
        assert form in text and "青溪悦颜医疗美容诊所" in text, form
        for word in words:
            assert word in text, (form, word)
