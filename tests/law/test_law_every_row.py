"""Every row of the catalogue that the office applies itself (卫生健康, 中医药, 疾病预防控制) and
that has tiers founds a decision: a case on it with a lawful penalty from its first tier passes
the checks, and its 行政处罚决定书 — rendered by the document engine and read back with
python-docx — prints the row's full citation (the law's full name and 条款项) of both 违反 and
依据, never the clerk's wording. A 移送 row's case gets its 案件移送书, naming the authority
whose the provision is (issue 21)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from lawful_case import fitting, reviewed
from sqlalchemy import select

from database.models import CORRECTION_CONDITIONS, Case, ConfiscatedItem, PartyType
from desktop.app import AppContext
from desktop.law.catalogue import (
    GOODS_VALUE,
    ILLEGAL_INCOME,
    SEED_DIR,
    ProvisionRow,
    TierRow,
    citation,
    is_transfer_row,
    tier_kinds,
    transfer_department,
)
from desktop.law.catalogue_files import read_catalogue

ROWS = {r.code: r for r in read_catalogue(SEED_DIR)}
OWN_ROWS = sorted(c for c, r in ROWS.items() if r.tiers and not is_transfer_row(r))
TRANSFER_ROWS = sorted(c for c, r in ROWS.items() if is_transfer_row(r))
#: Laws (not 条例/办法) are cited by their full name, 《中华人民共和国…法》.
LAWS = ("医师法", "药品管理法", "基本医疗卫生与健康促进法", "传染病防治法")
#: The clerk's own wording, which a case on a catalogue row must not print.
CLERKS = ("某条例第1条", "某条例第2条")
#: How a decision prints a kind whose words are not its name.
PRINTED = {"吊销许可证件": "吊销《医疗机构执业许可证》", "责令停产停业": "责令停业整顿"}
#: 违法所得 recorded for the rows that confiscate it or count the fine on it (元 5,000).
INCOME_FEN = 500_000


def _text(path: Path | None) -> str:
    assert path is not None
    document = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def _kinds_of(tier: TierRow) -> tuple[str, ...]:
    """The kinds a lawful first-instance decision imposes: the mandatory ones, else the first
    optional one."""
    mandatory, optional = tier_kinds(tier)
    return mandatory or optional[:1]


def _fine_fen(tier: TierRow) -> int:
    """A fine inside the tier's range (its minimum, else half its maximum)."""
    if tier.fine_base == ILLEGAL_INCOME:
        base = max(INCOME_FEN, tier.base_floor_fen or 0)
        pct = tier.min_multiple_pct or tier.max_multiple_pct or 100
        return base * pct // 100
    assert tier.fine_base != GOODS_VALUE, "no own row counts the fine on 货值金额"
    if tier.min_fine_fen:
        return tier.min_fine_fen
    return (tier.max_fine_fen or 200_000) // 2


def _act_day(row: ProvisionRow, filed_on: date) -> date:
    """A day of the act inside the row's period."""
    if row.effective_to is not None:
        return row.effective_to - timedelta(days=30)
    return max(row.effective_from, filed_on - timedelta(days=5))


def _put_on_row(ctx: AppContext, row: ProvisionRow, penalty: bool = True) -> int:
    """A decided demo case put on the row, with a lawful penalty from the first tier (or, for
    a 移送 row, none)."""
    tier = row.tiers[0]
    kinds = _kinds_of(tier) if penalty else ()
    with ctx.uow_factory() as uow:
        query = select(Case).where(Case.decided_on.is_not(None), Case.closed_on.is_(None),
                                   Case.locked.is_(False),
                                   Case.party_type == PartyType.ORGANISATION)  # fmt: skip
        case = next(c for c in uow.session.scalars(query.order_by(Case.id)) if len(c.officers) >= 2)
        assert case.decided_on is not None
        case.party_type = PartyType.PERSON if row.party == "个人" else PartyType.ORGANISATION
        if row.party == "个人":
            case.party_id_number = "330102198001011234"
        case.provision_code = row.code
        case.violated_provisions, case.penalty_basis = CLERKS
        case.act_on = _act_day(row, case.filed_on)
        case.penalty_tier_condition = tier.condition if penalty else ""
        case.correction_ordered_on = (case.decided_on - timedelta(days=30)
                                      if penalty and tier.condition in CORRECTION_CONDITIONS
                                      else None)  # fmt: skip
        case.no_penalty = case.judicial_transfer = False
        case.warning = "警告" in kinds
        case.fine_fen = _fine_fen(tier) if "罚款" in kinds else 0
        income = "没收违法所得" in kinds or (penalty and tier.fine_base == ILLEGAL_INCOME)
        case.confiscation_fen = INCOME_FEN if income else 0
        case.confiscated_items = ([ConfiscatedItem(position=1, name="一次性注射器", quantity="20",
                                                   unit="支")]
                                  if "没收非法财物" in kinds else [])  # fmt: skip
        case.suspension = bool({"责令停止执业活动", "责令停产停业"} & set(kinds))
        case.revocation = "吊销许可证件" in kinds
        case.other_kinds = "、".join(k for k in kinds if k in ("通报批评", "暂停执业活动",
                                                               "核减诊疗科目", "暂扣许可证件",
                                                               "限制从业", "降低资质等级",
                                                               "责令关闭", "限制开展生产经营活动"))  # fmt: skip
        case.practice_suspension_term = "六个月" if "暂停执业活动" in kinds else ""
        case.reduced_subjects = "医疗美容科" if "核减诊疗科目" in kinds else ""
        case.licence_hold_term = "三个月" if "暂扣许可证件" in kinds else ""
        case.occupation_ban = "一年" if "限制从业" in kinds else ""
        # Told of the penalty and of the 听证 (a heavier one reaches it, 行政处罚法 第六十三条)
        # and served well before the decision: the windows have ended.
        case.notified_on = case.hearing_notified_on = case.notice_served_on = (
            case.decided_on - timedelta(days=15)
        )
        # The 裁量 of its fine, and — the case told of the 听证 — its 法制审核 and 集体讨论.
        lawful = {**fitting(row.code, case.fine_fen, case.penalty_tier_condition),
                  **reviewed(case.decided_on)}  # fmt: skip
        for field, value in lawful.items():
            setattr(case, field, value)
        uow.commit()
        return case.id


def test_the_rows_under_test_are_the_whole_catalogue_but_the_untiered() -> None:
    untiered = {c for c, r in ROWS.items() if not r.tiers}
    assert set(OWN_ROWS) | set(TRANSFER_ROWS) | untiered == set(ROWS)
    assert len(OWN_ROWS) >= 50 and TRANSFER_ROWS


@pytest.mark.parametrize("code", OWN_ROWS)
def test_every_own_row_founds_a_decision_with_its_full_citation(
    demo_ctx: AppContext, tmp_path: Path, code: str
) -> None:
    row = ROWS[code]
    case_id = _put_on_row(demo_ctx, row)
    assert demo_ctx.provisions.check_case(case_id) == []
    assert demo_ctx.documents.preflight("penalty_decision", case_id=case_id) == []
    made = demo_ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path)
    text = _text(made.path)
    violated = citation(row.violated_law, row.violated_ref)
    basis = citation(row.basis_law, row.basis_ref)
    assert f"违反了{violated}的规定" in text
    assert f"依据{basis}的规定" in text
    assert not any(clerk in text for clerk in CLERKS)
    # And it imposes what the tier prescribes, in the law's words.
    for kind in _kinds_of(row.tiers[0]):
        assert PRINTED.get(kind, kind) in text, kind
    # The citation is the full one: every law named whole, each part down to its 条.
    for law, ref in ((row.violated_law, row.violated_ref), (row.basis_law, row.basis_ref)):
        for name, part in zip(law.split("；"), ref.split("；"), strict=True):
            assert f"《{name.split('（')[0]}》" in text and "条" in part, (name, part)
            if name.endswith(LAWS):
                assert name.startswith("中华人民共和国"), name


@pytest.mark.parametrize("code", TRANSFER_ROWS)
def test_a_transfer_rows_case_gets_its_transfer_letter_naming_the_authority(
    demo_ctx: AppContext, tmp_path: Path, code: str
) -> None:
    row = ROWS[code]
    case_id = _put_on_row(demo_ctx, row, penalty=False)
    department = transfer_department(row)
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get_one(Case, case_id)
        assert case.decided_on is not None
        case.decided_on = None  # a 移送 case is not decided here
        case.transfer_organ = "青溪区市场监督管理局"
        case.transferred_on = date(2026, 11, 10)
        case.transfer_reason = "该违法行为不属于本机关管辖"
        uow.commit()
    refused = demo_ctx.documents.preflight("penalty_decision", case_id=case_id)
    assert any(f"由{department}实施行政处罚" in p and f"移送{department}" in p for p in refused)
    letter = _text(demo_ctx.documents.generate("transfer_letter", case_id=case_id,
                                               out_dir=tmp_path).path)  # fmt: skip
    assert "案件移送书" in letter and "青溪区市场监督管理局：" in letter
    assert f"涉嫌违反{citation(row.violated_law, row.violated_ref)}的规定" in letter
    basis = citation(row.basis_law, row.basis_ref)
    assert (f"依照{basis}的规定，该违法行为由{department}实施行政处罚。鉴于该违法行为不属于本机关"
            "管辖，现将该案移送你单位依法处理。") in letter  # fmt: skip
