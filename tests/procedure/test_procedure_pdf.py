"""The two new forms through LibreOffice: every page converts and reads back in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from procedure_desk import Desk

CASE = "青卫医案〔2026〕51号"


def _pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(path).pages]


@pytest.mark.slow
def test_no_penalty_decision_and_transfer_letter_as_pdf(desk: Desk) -> None:
    rows = [
        {"案号": CASE, "案由": "青溪悦颜医疗美容诊所未按规定书写病历案", "执法人员": "张明、李华",
         "不予处罚": "是", "责令改正": "是", "处罚决定日期": "2026-04-02",
         "不予处罚情形": "轻微并及时改正，没有造成危害后果（第三十三条第一款）"},
        {"案号": "青卫医案〔2026〕52号", "案由": "刘某非法行医案", "当事人": "刘某", "当事人类型": "个人",
         "统一社会信用代码": None, "执法人员": "张明、李华", "移送司法机关": "是",
         "移送机关": "青溪区公安分局", "移送日期": "2026-04-03", "处罚决定日期": "2026-04-03"},
    ]  # fmt: skip
    assert desk.import_cases(rows).code == 0
    desk.ok("case", "set", CASE, "地址=青溪区城关街道人民路1号", "证据=现场笔录、病历复印件")
    desk.ok("case", "set", "青卫医案〔2026〕52号", "地址=青溪区城关街道湖滨路7号",
            "移送理由=当事人未取得医师执业资格非法行医，情节严重，涉嫌构成非法行医罪")  # fmt: skip
    made = desk.run("doc", "不予行政处罚决定书", "--case", CASE, "--pdf", "--out", str(desk.out))
    assert made.code == 0, made.err
    pages = _pages(next(desk.out.glob("不予行政处罚决定书_*.pdf")))
    text = "".join(pages)
    # The seal never stands alone on a page: the remedy sentence goes with it.
    assert "青溪区卫生健康委员会（印章）" in pages[-1] and "提起行政诉讼" in pages[-1]
    assert "不予行政处罚决定书" in text and "青卫医不罚〔2026〕1号" in text
    assert "本机关决定对当事人不予行政处罚" in text and "青溪区卫生健康委员会（印章）" in text
    made = desk.run("doc", "案件移送书", "--case", "青卫医案〔2026〕52号", "--pdf", "--out",
                    str(desk.out))  # fmt: skip
    assert made.code == 0, made.err
    pages = _pages(next(desk.out.glob("案件移送书_*.pdf")))
    text = "".join(pages)
    sealed = next(page for page in pages if "青溪区卫生健康委员会（印章）" in page)
    assert "联系地址" in sealed and "回执" in pages[-1] and "接收人" in pages[-1]
    assert "涉嫌犯罪案件移送书" in text and "青卫医移〔2026〕1号" in text
    assert "青溪区公安分局：" in text and "回执" in text
