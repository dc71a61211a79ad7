"""The order of a case's documents: the procedure's (what is generated before what) and the
archive's (how the 卷宗 files them). Data the document sources and the case file both read."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileSlot:
    """A place in the procedural order: the document types that fill it and whether it must."""

    title: str
    doc_types: tuple[str, ...]
    required: bool = False
    #: Required only when the decision imposes a penalty (事先告知, 决定书, 送达回执).
    when_penalty: bool = False
    #: Required when the case is decided not to punish (不予行政处罚决定书, its 送达回执).
    when_no_penalty: bool = False
    #: Required when the case is transferred (案件移送书).
    when_transfer: bool = False
    #: Required when the case records the act: the case attribute whose value (a date) says it
    #: took place (hearing_on → the 听证 documents); "" = not tied to a recorded act.
    when_recorded: str = ""
    #: The case's date column that dates this document in the 卷内目录 ("" = when it was made).
    date_attr: str = ""


#: The case's documents in the order of the procedure, each slot matched by the document
#: engine's form id (Document.doc_type) or its Chinese name. Documents are generated in this
#: order (the 结案报告 quotes the 决定书's 文号); the 卷宗 files them in ARCHIVE_ORDER.
PROCEDURAL_ORDER: tuple[FileSlot, ...] = (
    FileSlot("立案报告", ("filing_report", "立案报告"), True, date_attr="filed_on"),
    FileSlot("现场笔录", ("site_record", "现场笔录")),
    FileSlot("询问笔录", ("inquiry_record", "询问笔录")),
    FileSlot("卫生监督意见书", ("supervision_opinion", "卫生监督意见书")),
    FileSlot(
        "案件调查终结报告",
        ("investigation_report", "案件调查终结报告"),
        True,
        date_attr="investigation_ended_on",
    ),
    FileSlot("合议记录", ("deliberation_record", "合议记录")),
    # A 移送 is one of the decisions the 负责人 takes on the investigation's result (行政处罚法
    # 第五十七条第一款第四项; 第二十七条): made after the 调查终结报告 and its 合议, never at 立案.
    FileSlot(
        "案件移送书",
        ("transfer_letter", "案件移送书"),
        when_transfer=True,
        date_attr="transferred_on",
    ),
    FileSlot(
        "行政处罚事先告知书",
        ("penalty_notice", "行政处罚事先告知书"),
        when_penalty=True,
        date_attr="notified_on",
    ),
    FileSlot("陈述和申辩笔录", ("statement_record", "陈述和申辩笔录"), date_attr="statement_on"),
    FileSlot(
        "行政处罚听证告知书",
        ("hearing_notice", "行政处罚听证告知书"),
        when_recorded="hearing_notified_on",
        date_attr="hearing_notified_on",
    ),
    # The 听证 the party asked for (行政处罚法 第六十四条): notice, record, the host's report —
    # required once the case records the hearing held (听证日期). The 听证通知书 bears the
    # 听证通知日期 (seven working days before the hearing at the latest, 第六十四条第二项).
    FileSlot(
        "听证通知书",
        ("hearing_summons", "听证通知书"),
        when_recorded="hearing_on",
        date_attr="hearing_summoned_on",
    ),
    FileSlot(
        "听证笔录",
        ("hearing_record", "听证笔录"),
        when_recorded="hearing_on",
        date_attr="hearing_on",
    ),
    FileSlot(
        "听证报告",
        ("hearing_report", "听证报告"),
        when_recorded="hearing_on",
        date_attr="hearing_on",
    ),
    # After the hearing, before the decision: 第五十八条第一款第二项 (经过听证程序的 cases are
    # reviewed) and 第六十五条 (the decision after a hearing, by 第五十七条) put both after the
    # 听证; the seeds and the reference are silent on this order (docs/record-forms.md).
    FileSlot(
        "法制审核意见书",
        ("legal_review_opinion", "法制审核意见书"),
        when_recorded="legal_review_on",
        date_attr="legal_review_on",
    ),
    FileSlot(
        "集体讨论记录",
        ("collective_discussion_record", "集体讨论记录"),
        when_recorded="discussion_on",
        date_attr="discussion_on",
    ),
    FileSlot(
        "行政处罚决定书",
        ("penalty_decision", "行政处罚决定书"),
        when_penalty=True,
        date_attr="decided_on",
    ),
    FileSlot(
        "不予行政处罚决定书",
        ("no_penalty_decision", "不予行政处罚决定书"),
        when_no_penalty=True,
        date_attr="decided_on",
    ),
    FileSlot(
        "送达回执",
        ("service_receipt", "送达回执"),
        when_penalty=True,
        when_no_penalty=True,
        date_attr="served_on",
    ),
    FileSlot("结案报告", ("closing_report", "结案报告"), True, date_attr="closed_on"),
)
#: The 卷内文书排列顺序 after 卷宗封面 and 卷内目录: the 广东省卫生监督所 rule the reference cites
#: (legal-and-documents.md §1.7, from a training deck on 《全国卫生监督机构工作规范》 and
#: 广东省卫生监督档案管理规范; a national text was not verified): 结案材料 → 立案材料 →
#: 调查取证材料 → 处罚/听证材料 → 其他. Within a group the procedure's order; documents of
#: other types follow, then the evidence attachments. The reference and the seed texts are
#: silent on the order inside 处罚/听证材料: it is the procedure's (行政处罚法 第五十七、五十八、
#: 六十二至六十五条), unverified as an archive rule (docs/record-forms.md).
ARCHIVE_ORDER: tuple[str, ...] = (
    "结案报告",  # 结案材料
    "立案报告",  # 立案材料
    "现场笔录",  # 调查取证材料
    "询问笔录",
    "卫生监督意见书",
    "案件调查终结报告",  # 处罚/听证材料
    "合议记录",
    # The 广东 list files a 案件移送书 with the 立案材料: read as one received (案件来源 有关部门
    # 移送); the office's own 移送 is decided on the investigation's result, filed after it.
    "案件移送书",
    "行政处罚事先告知书",
    "陈述和申辩笔录",
    "行政处罚听证告知书",
    "听证通知书",
    "听证笔录",
    "听证报告",
    "法制审核意见书",  # before the decision they allow (行政处罚法 第五十八条、第五十七条第二款)
    "集体讨论记录",
    "行政处罚决定书",
    "不予行政处罚决定书",
    "送达回执",
)
#: The slots in the order they are filed in the 卷宗.
ARCHIVE_SLOTS: tuple[FileSlot, ...] = tuple(
    sorted(PROCEDURAL_ORDER, key=lambda slot: ARCHIVE_ORDER.index(slot.title))
)


def slot_required(
    slot: FileSlot,
    *,
    penalised: bool,
    no_penalty: bool,
    transfer: bool,
    recorded: Collection[str] = (),
) -> bool:
    """Whether the 卷宗 must hold the slot's document for a case that ended this way and
    recorded these acts (`recorded`: the case attributes that are set, see recorded_acts)."""
    return (
        slot.required
        or (slot.when_penalty and penalised)
        or (slot.when_no_penalty and no_penalty)
        or (slot.when_transfer and transfer)
        or (bool(slot.when_recorded) and slot.when_recorded in recorded)
    )


def recorded_acts(case: object) -> frozenset[str]:
    """The `when_recorded` attributes the case has a value for (the acts it records)."""
    return frozenset(
        slot.when_recorded
        for slot in PROCEDURAL_ORDER
        if slot.when_recorded and getattr(case, slot.when_recorded, None)
    )


def procedural_rank(title: str) -> int:
    """A document title's place in the procedure (unknown titles last), to generate in order."""
    ranks = {slot.title: i for i, slot in enumerate(PROCEDURAL_ORDER)}
    return ranks.get(title, len(ranks))


#: Document types that are the file's own forms, never items inside it.
FILE_FORMS = ("卷宗封面", "卷内目录", "卷内备考表", "file_cover", "file_index", "file_note")
