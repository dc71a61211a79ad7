"""The kinds of administrative penalty (行政处罚的种类) as data: the ONE table the catalogue, the
case, the documents, the checks and the annex tables share (desktop.law.kinds re-exports it; it
lives in forms because forms reads it too and forms imports nothing of desktop).

Basis: 《中华人民共和国行政处罚法》（2021年修订）第九条 — "（一）警告、通报批评；（二）罚款、没收违法所得、
没收非法财物；（三）暂扣许可证件、降低资质等级、吊销许可证件；（四）限制开展生产经营活动、责令停产停业、
责令关闭、限制从业；（五）行政拘留；（六）法律、行政法规规定的其他行政处罚。" (reference
legal-and-documents.md; 行政拘留 is the police's, never a 卫生健康 penalty, so it is not listed).
The health laws add forms under item (六): 责令停止执业活动 (e.g. 医疗机构管理条例 第四十六条,
"责令其停止执业活动"), 暂停执业活动 (医师法 第五十五条 "责令暂停六个月以上一年以下执业活动"; 护士条例
第二十八条 "暂停其6个月以上1年以下执业活动") and 核减诊疗科目 (护士条例 第二十八条).

第六十三条 (听证): 较大数额罚款, 没收较大数额违法所得, 没收较大价值非法财物, 降低资质等级, 吊销许可证件,
责令停产停业, 责令关闭, 限制从业 (and 其他较重的行政处罚) give the party the right to a hearing;
`hearing` marks those kinds ("amount" where only a large amount does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

HearingScope = Literal["never", "amount", "always"]


@dataclass(frozen=True, slots=True)
class PenaltyKind:
    """One kind: its name as printed, the 第九条 item it falls under, and its 听证 scope."""

    name: str
    item: str
    hearing: HearingScope


#: Every kind, in the order of 第九条 (then the health laws' forms).
PENALTY_KINDS: tuple[PenaltyKind, ...] = (
    PenaltyKind("警告", "第九条第一项", "never"),
    PenaltyKind("通报批评", "第九条第一项", "never"),
    PenaltyKind("罚款", "第九条第二项", "amount"),
    PenaltyKind("没收违法所得", "第九条第二项", "amount"),
    PenaltyKind("没收非法财物", "第九条第二项", "amount"),
    PenaltyKind("暂扣许可证件", "第九条第三项", "never"),
    PenaltyKind("降低资质等级", "第九条第三项", "always"),
    PenaltyKind("吊销许可证件", "第九条第三项", "always"),
    PenaltyKind("限制开展生产经营活动", "第九条第四项", "never"),
    PenaltyKind("责令停产停业", "第九条第四项", "always"),
    PenaltyKind("责令关闭", "第九条第四项", "always"),
    PenaltyKind("限制从业", "第九条第四项", "always"),
    # 第九条第六项: forms the health laws prescribe.
    PenaltyKind("责令停止执业活动", "第九条第六项", "always"),
    PenaltyKind("暂停执业活动", "第九条第六项", "always"),
    PenaltyKind("核减诊疗科目", "第九条第六项", "never"),
)
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in PENALTY_KINDS)
BY_NAME: dict[str, PenaltyKind] = {k.name: k for k in PENALTY_KINDS}
#: The separator of kinds in catalogue and ledger cells ("警告、罚款").
SEPARATOR = "、"


def parse_kinds(text: str) -> tuple[str, ...]:
    """ "警告、罚款" → ("警告", "罚款"); an unknown kind raises ValueError naming it."""
    names = tuple(part.strip() for part in text.split(SEPARATOR) if part.strip())
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise ValueError(f"未知的处罚种类：{'、'.join(unknown)}（可用：{'、'.join(KIND_NAMES)}）")
    return names
