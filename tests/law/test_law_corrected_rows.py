"""The 17 rows issue 21 found wrong, as the shipped catalogue now states them once seeded into a
real database: citation (条款项, the law's full name), tiers with their ranges and kinds, and the
authority that applies them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.app import AppContext, build_context
from desktop.law.catalogue import ProvisionRow, is_transfer_row

JB = "《中华人民共和国基本医疗卫生与健康促进法》"
TL = "《医疗机构管理条例》"
YP = "《中华人民共和国药品管理法》"
QX = "《医疗器械监督管理条例》"
YF = "《医疗废物管理条例》"
XZ = "《医疗机构管理条例实施细则》"

#: (condition, mandatory, optional, fine_base, min 分, max 分, min %, max %, floor 分)
Tier = tuple[str, str, str, str, int | None, int | None, int | None, int | None, int | None]

#: code → (违反, 依据, authority, party, tiers)
CORRECTED: dict[str, tuple[str, str, str, str, list[Tier]]] = {
    # 第三十九条 has four paragraphs: 不得对外出租、承包医疗科室 is the 第四款.
    "YLJG-03": (f"{JB}第三十九条第四款", f"{JB}第一百条第二项", "卫生健康", "机构",
                [("", "没收违法所得、罚款", "", "illegal_income", None, None, 200, 1000,
                  1_000_000)]),
    # 医师法 第五十七条 punishes the doctor; the institution answers under 条例 27/47 via 细则 81②.
    "MR-02": (f"《医疗美容服务管理办法》第十八条、{TL}第二十七条",
              f"{TL}第四十七条、{XZ}第八十一条第二款", "卫生健康", "机构",
              [("", "", "罚款", "fixed", 1_000_000, 10_000_000, None, None, None),
               ("情节严重", "", "吊销许可证件、责令停止执业活动", "none", None, None, None, None,
                None)]),
    # 医师法 第五十六条 has no prescription item: the doctor under 处方管理办法, no tier until
    # the 法制科 decides (the 执业医师法 article it refers to is repealed).
    "CF-01": ("《处方管理办法》第六条", "《处方管理办法》第五十七条第二项", "卫生健康", "个人", []),
    # Reused 一次性医疗器械: 医疗器械条例 第九十条第二项, 卫生主管部门.
    "XD-01": (f"{QX}第四十九条第二款", f"{QX}第九十条第二项", "卫生健康", "机构",
              [("", "警告", "", "none", None, None, None, None, None),
               ("拒不改正", "罚款", "", "fixed", 5_000_000, 10_000_000, None, None, None),
               ("情节严重", "罚款、限制开展生产经营活动", "吊销许可证件", "fixed", 10_000_000,
                30_000_000, None, None, None)]),
    "YP-01": (f"{YP}第五十五条", f"{YP}第一百二十九条", "药品监管", "机构",
              [("", "没收非法财物、没收违法所得、罚款", "", "goods_value", None, None, 200, 1000,
                5_000_000),
               ("情节严重", "没收非法财物、没收违法所得、罚款、吊销许可证件", "", "goods_value",
                None, None, 1000, 3000, 5_000_000)]),
    "YP-02": (f"{YP}第五十一条第一款", f"{YP}第一百一十五条", "药品监管", "机构或个人",
              [("", "责令关闭、没收非法财物、没收违法所得、罚款", "", "goods_value", None, None,
                1500, 3000, 10_000_000)]),
    "QX-01": (f"{QX}第五十五条", f"{QX}第八十六条第三项", "药品监管", "机构",
              [("", "没收非法财物、罚款", "", "goods_value", 2_000_000, 5_000_000, 500, 2000, None),
               ("情节严重", "没收非法财物、罚款、责令停产停业", "吊销许可证件", "goods_value",
                2_000_000, 5_000_000, 500, 2000, None)]),
    # 第四条 is the scope, the principle is 第五条; the penalty is 第五十一条's, text not read.
    "YP-03": ("《抗菌药物临床应用管理办法》第五条", "《抗菌药物临床应用管理办法》第五十一条",
              "卫生健康", "机构", []),
    # 2022 条例 第二十三条 has one paragraph; 责令停止执业活动 and 没收药品、医疗器械 go with the fine.
    "YLJG-01": (f"{TL}第二十三条", f"{JB}第九十九条第一款", "卫生健康", "机构或个人",
                [("", "责令停止执业活动、没收违法所得、没收非法财物、罚款", "", "illegal_income",
                  None, None, 500, 2000, 1_000_000)]),
    "YLJG-06": (f"{TL}第二十七条", f"{TL}第四十七条、{XZ}第八十一条第二款", "卫生健康", "机构",
                [("", "", "罚款", "fixed", 1_000_000, 10_000_000, None, None, None),
                 ("情节严重", "", "吊销许可证件、责令停止执业活动", "none", None, None, None, None,
                  None)]),
    "YLJG-07": (f"{TL}第三十一条", f"{TL}第四十八条", "卫生健康", "机构",
                [("", "警告", "", "none", None, None, None, None, None),
                 ("造成危害后果", "警告", "罚款", "fixed", 1_000_000, 10_000_000, None, None,
                  None)]),
    # 第二十八条第二项; 核减诊疗科目 / 暂停执业 after 逾期不改正 were missing.
    "HS-01": ("《护士条例》第二十一条第一款第一项", "《护士条例》第二十八条第二项", "卫生健康", "机构",
              [("", "警告", "", "none", None, None, None, None, None),
               ("逾期不改正", "", "核减诊疗科目、暂停执业活动", "none", None, None, None, None,
                None)]),
    "MR-01": ("《医疗美容服务管理办法》第十六条第二款", f"{TL}第四十六条", "卫生健康", "机构",
              [("", "警告、没收违法所得", "罚款", "fixed", 1_000_000, 10_000_000, None, None, None),
               ("情节严重", "", "吊销许可证件、责令停止执业活动", "none", None, None, None, None,
                None)]),
    # 制度 is 第八条 (培训 第九条 is YF-04); the fine only after 逾期不改正.
    "YF-01": (f"{YF}第八条", f"{YF}第四十五条第一项", "卫生健康", "机构",
              [("", "警告", "", "none", None, None, None, None, None),
               ("逾期不改正", "罚款", "", "fixed", 200_000, 500_000, None, None, None)]),
    # 第十四条第二款 / 第四十七条第一项: 5,000–10,000 first.
    "YF-03": (f"{YF}第十四条第二款", f"{YF}第四十七条第一项", "卫生健康", "机构",
              [("", "警告、罚款", "", "fixed", 500_000, 1_000_000, None, None, None),
               ("逾期不改正", "罚款", "", "fixed", 1_000_000, 3_000_000, None, None, None),
               ("造成危害后果", "", "暂扣许可证件、吊销许可证件", "none", None, None, None, None,
                None)]),
    # The fine only after 逾期不改正: no ordinary tier.
    "YLZL-07": ("《医疗质量管理办法》第九条", "《医疗质量管理办法》第四十四条", "卫生健康", "机构",
                [("逾期不改正", "警告、罚款", "", "fixed", None, 3_000_000, None, None, None)]),
    # Ends with the 2013 law (2025-08-31); the 2025 law's row is the 疾控's.
    "CR-01": ("《中华人民共和国传染病防治法》（2013年修正）第二十一条第一款",
              "《中华人民共和国传染病防治法》（2013年修正）第六十九条第一项", "卫生健康", "机构",
              [("", "通报批评、警告", "", "none", None, None, None, None, None)]),
}  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One database seeded from the shipped files at start-up, shared by the rows' tests."""
    context = build_context(str(Path(tmp_path_factory.mktemp("catalogue")) / "data"))
    yield context
    context.close()


def _tiers(row: ProvisionRow) -> list[Tier]:
    return [(t.condition, t.mandatory_kinds, t.optional_kinds, t.fine_base, t.min_fine_fen,
             t.max_fine_fen, t.min_multiple_pct, t.max_multiple_pct, t.base_floor_fen)
            for t in row.tiers]  # fmt: skip


@pytest.mark.parametrize("code", sorted(CORRECTED))
def test_corrected_row(seeded: AppContext, code: str) -> None:
    violated, basis, authority, party, tiers = CORRECTED[code]
    row = seeded.provisions.get(code)
    assert (row.violated_article, row.basis_article) == (violated, basis)
    assert (row.authority, row.party) == (authority, party)
    assert is_transfer_row(row) == (authority == "药品监管")
    assert _tiers(row) == tiers
    # Verified only when read in the text itself: then the source and the day are recorded.
    assert (row.checked is not None) == row.verified and (bool(row.source) or not row.verified)


def test_rows_no_longer_cite_the_doctors_article_for_an_institution(seeded: AppContext) -> None:
    for code in ("MR-02", "CF-01"):
        assert "医师法" not in seeded.provisions.get(code).basis_article


def test_versions_are_linked_with_their_periods(seeded: AppContext) -> None:
    old = seeded.provisions.get("YLJG-01-2020")
    assert old.violated_article == "《医疗机构管理条例》（2016年修订）第二十四条"
    assert (old.effective_from, old.effective_to) == (date(2020, 6, 1), date(2022, 4, 30))
    assert seeded.provisions.get("YLJG-01").predecessor == "YLJG-01-2020"
    assert "责令停止执业活动" in old.tiers[0].mandatory_kinds
    successor = seeded.provisions.get("CR-02")
    assert (successor.predecessor, successor.authority) == ("CR-01", "疾病预防控制")
    assert successor.effective_from == date(2025, 9, 1) and successor.tiers == ()
