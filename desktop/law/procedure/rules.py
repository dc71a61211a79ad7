"""The procedure rules as data: who may decide, what may be decided, by whom.

Each rule has an id, a Chinese title, its legal basis (law, article, verified, source — the
texts are in forms.legal_bases), the documents it refuses while broken, and a check that says
what is wrong with the case and what to do (None when the case keeps the rule). The pre-flight
of a document checks the case as it will be once the document is issued (facts.issuing), so a
rule about decisions also refuses the decision that would break it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.law.catalogue import transfer_department
from desktop.law.penalties import kind_shortfall
from desktop.law.procedure import rights_rules as rights
from desktop.law.procedure.adapter import is_transfer_provision
from desktop.law.procedure.facts import ProcedureFacts
from desktop.law.procedure.review_rules import (
    collective_discussion,
    discretion_level,
    discretion_reason,
    legal_review,
)
from forms.legal_bases import (
    ART_4,
    ART_5_2,
    ART_27,
    ART_28,
    ART_32,
    ART_34,
    ART_38,
    ART_42,
    ART_44,
    ART_45,
    ART_45_2,
    ART_57,
    ART_57_2,
    ART_58,
    ART_59,
    ART_62,
    ART_63,
    ART_64,
    ART_64_2,
    ART_65,
    ART_85,
    NO_PENALTY_GROUNDS,
    TRANSFER_ART_3,
    LegalBasis,
)

#: The documents that propose or impose a penalty.
PENALTY_DOCUMENTS = frozenset({"penalty_notice", "hearing_notice", "penalty_decision"})
#: Every decision of the office on the case (a penalty, or not to punish).
DECISION_DOCUMENTS = PENALTY_DOCUMENTS | {"no_penalty_decision"}
#: The documents' names in messages.
DOCUMENT_NAMES = {
    "penalty_notice": "行政处罚事先告知书",
    "hearing_notice": "行政处罚听证告知书",
    "penalty_decision": "行政处罚决定书",
    "no_penalty_decision": "不予行政处罚决定书",
    "hearing_summons": "听证通知书",
    "hearing_record": "听证笔录",
    "hearing_report": "听证报告",
    "transfer_letter": "案件移送书",
    "closing_report": "结案报告",
}
#: At least this many 执法人员 carry out a penalty (行政处罚法 第四十二条第一款).
MIN_OFFICERS = 2

Check = Callable[[ProcedureFacts, Any], str | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One procedure rule; `forms` are the documents it refuses while the case breaks it."""

    id: str
    title: str
    basis: tuple[LegalBasis, ...]
    forms: frozenset[str]
    check: Check
    #: A rule about what the document says (its penalty's content): the pre-flight names the
    #: form's empty fields first, and only then this (the other rules come before them).
    content: bool = False

    @property
    def basis_text(self) -> str:
        """《中华人民共和国行政处罚法》第三十条、第三十一条；《…规定》第三条第一款 — each law once,
        each article once, in order (an unverified one marked)."""
        by_law: dict[str, list[str]] = {}
        for b in self.basis:
            article = b.article + ("" if b.verified else "（未核对原文）")
            articles = by_law.setdefault(b.law, [])
            if article not in articles:
                articles.append(article)
        return "；".join(law + "、".join(articles) for law, articles in by_law.items())


@dataclass(frozen=True, slots=True)
class Problem:
    """A rule a case breaks: which, why and what to do, on which basis."""

    rule: str
    title: str
    case_no: str
    message: str
    basis: str
    forms: tuple[str, ...]
    content: bool = False


def _names(forms: frozenset[str] | set[str]) -> str:
    return "、".join(DOCUMENT_NAMES[f] for f in sorted(forms, key=list(DOCUMENT_NAMES).index))


def _competence(f: ProcedureFacts, provision: Any) -> str | None:
    if not is_transfer_provision(provision):
        return None
    decided_here = f.issued & DECISION_DOCUMENTS
    if f.transfer_only and f.transfer_organ and not decided_here:
        return None
    department = transfer_department(provision)
    made = f"（已制作{_names(decided_here)}，请作废）" if decided_here else ""
    return (
        f"案件{f.case_no}适用的{provision.basis_article}由{department}实施行政处罚，本机关不是该"
        f"处罚的实施主体，作出的处罚无效{made}：不得制作{_names(DECISION_DOCUMENTS)}。请在案件中"
        f"填写移送机关、移送日期和移送理由，生成《案件移送书》将案件移送{department}"
    )


def _mandatory(f: ProcedureFacts, provision: Any) -> str | None:
    proposes = f.kinds or f.issued & PENALTY_DOCUMENTS
    if provision is None or is_transfer_provision(provision):
        return None  # no provision to read, or another authority's (competence says so)
    if not proposes or f.no_penalty or f.transfer_only:
        return None
    # The tier the case's 处罚情形 selects; a missing confiscation is the penalty check's
    # warning, not a refusal (行政处罚法 第二十八条第二款: only where there is something).
    shortfall = kind_shortfall(f.penalty, provision)
    if shortfall is None or not shortfall.firm:
        return None
    return f"案件{f.case_no}：{shortfall.problem}；请在案件的处罚内容中补充"


def _no_penalty_documents(f: ProcedureFacts, _provision: Any) -> str | None:
    made = f.issued & PENALTY_DOCUMENTS
    if not f.no_penalty or not made:
        return None
    return (
        f"案件{f.case_no}已决定不予行政处罚，不得制作{_names(made)}（不予处罚不是一种处罚，"
        f"不告知拟处罚、不听证、不作处罚决定）；已制作的请作废，改为制作《不予行政处罚决定书》"
    )


def _no_penalty_decision(f: ProcedureFacts, _provision: Any) -> str | None:
    if "no_penalty_decision" in f.issued and not f.no_penalty:
        return (
            f"案件{f.case_no}没有决定不予处罚，不能制作《不予行政处罚决定书》；"
            "如决定不予处罚，请在案件的“不予处罚与移送”中勾选“不予处罚”并选择不予处罚情形"
        )
    deciding = f.decided or "no_penalty_decision" in f.issued
    if f.no_penalty and deciding and not f.ground:
        return (
            f"案件{f.case_no}决定不予处罚，但没有选择不予处罚情形（行政处罚法第三十条、第三十一条、"
            "第三十三条、第三十六条）；请在案件的“不予处罚与移送”中选择不予处罚情形"
        )
    return None


def _transfer(f: ProcedureFacts, _provision: Any) -> str | None:
    if not (f.transfer or "transfer_letter" in f.issued):
        return None
    missing = [label for label, value in (("移送机关", f.transfer_organ),
               ("移送日期", f.transferred_on), ("移送理由", f.transfer_reason)) if not value]  # fmt: skip
    if not missing:
        return None
    if not f.transfer:
        return (
            f"案件{f.case_no}没有记录移送；移送的，请先在案件的“不予处罚与移送”中填写"
            "移送机关、移送日期和移送理由"
        )
    return (
        f"案件{f.case_no}已决定移送，但没有记录{'、'.join(missing)}；"
        "请在案件的“不予处罚与移送”中填写，再生成《案件移送书》"
    )


def _officers(f: ProcedureFacts, _provision: Any) -> str | None:
    acting = f.notified or (f.decided and not f.transfer_only) or f.issued & DECISION_DOCUMENTS
    if not acting:
        return None
    able = [o for o in f.officers if o.badge_no and (o.active or f.closed)]
    if len(able) >= MIN_OFFICERS:
        return None
    why = [f"{o.name}{'没有执法证号' if not o.badge_no else '已不在职'}"
           for o in f.officers if o not in able]  # fmt: skip
    have = f"只有{len(able)}名" + (f"（{'；'.join(why)}）" if why else "")
    return (
        f"案件{f.case_no}的执法人员{have}在职且有执法证号的执法人员，行政处罚应当由至少两名执法人员"
        "实施；请在案件的“执法人员”中选择至少两名"
    )


def _penalty_present(f: ProcedureFacts, _provision: Any) -> str | None:
    deciding = f.decided or "penalty_decision" in f.issued
    if not deciding or f.kinds or f.no_penalty or f.transfer_only:
        return None
    return (
        f"案件{f.case_no}已作出（或将作出）处罚决定，但没有处罚内容（责令改正不是行政处罚）；"
        "请填写处罚种类，或勾选“不予处罚”并选择情形，或填写移送机关"
    )


def _kind_details(f: ProcedureFacts, _provision: Any) -> str | None:
    if not f.missing_details or not (f.decided or f.issued & PENALTY_DOCUMENTS):
        return None
    return f"案件{f.case_no}的处罚内容不完整：缺少{'、'.join(f.missing_details)}；请在案件中填写"


#: Every rule, in the order a reviewer reads a case: who, what, how, by whom.
RULES: tuple[Rule, ...] = (
    Rule("competence", "执法主体：其他部门实施的处罚应当移送", (ART_38,),
         DECISION_DOCUMENTS | {"investigation_report"}, _competence),
    Rule("mandatory_kinds", "应当并处的处罚种类", (ART_4,), PENALTY_DOCUMENTS, _mandatory,
         content=True),
    Rule("no_penalty_documents", "不予处罚的案件不制作处罚文书", (ART_57, ART_59),
         PENALTY_DOCUMENTS, _no_penalty_documents),
    Rule("no_penalty_ground", "不予处罚须有法定情形",
         tuple(t.basis for t in NO_PENALTY_GROUNDS.values()), frozenset({"no_penalty_decision"}),
         _no_penalty_decision),
    Rule("transfer", "移送须记录移送机关、日期和理由", (ART_27, TRANSFER_ART_3, ART_57),
         frozenset({"transfer_letter", "closing_report"}), _transfer),
    Rule("officers", "执法人员不得少于两人", (ART_42,), DECISION_DOCUMENTS, _officers),
    Rule("penalty_present", "处罚决定须有处罚内容", (ART_59, ART_28), PENALTY_DOCUMENTS,
         _penalty_present, content=True),
    Rule("kind_details", "处罚种类须写明期限或范围", (ART_59,), PENALTY_DOCUMENTS, _kind_details,
         content=True),
    # The party's rights after the 告知 (desktop.law.procedure.rights_rules).
    Rule("hearing_scope", "听证告知限于第六十三条的处罚", (ART_63,), frozenset({"hearing_notice"}),
         rights.hearing_scope),
    Rule("hearing_notified", "听证范围内的处罚须告知听证权利", (ART_63, ART_44, ART_62),
         frozenset({"penalty_decision"}), rights.hearing_notified),
    Rule("hearing_request", "听证申请须在告知书送达后五个工作日内", (ART_64, ART_85),
         rights.HEARING_DOCUMENTS, rights.hearing_request),
    Rule("hearing_held", "要求听证的，听证后才能作出决定", (ART_63, ART_64, ART_65),
         frozenset({"penalty_decision"}), rights.hearing_held),
    Rule("hearing_summoned", "举行听证须记录听证通知日期", (ART_64_2,),
         frozenset({"hearing_record", "hearing_report", "penalty_decision"}),
         rights.hearing_summoned),
    Rule("summons_period", "听证通知须在举行听证的七个工作日前", (ART_64_2, ART_85),
         frozenset({"hearing_summons", "hearing_record", "hearing_report", "penalty_decision"}),
         rights.summons_period),
    Rule("statement_review", "陈述申辩须复核并说明理由", (ART_45,),
         frozenset({"penalty_decision"}), rights.statement_review),
    Rule("no_heavier", "不得因陈述申辩加重处罚", (ART_45_2,), frozenset({"penalty_decision"}),
         rights.no_heavier),
    Rule("rights_windows", "陈述申辩和听证期限届满前不得作出决定", (ART_62, ART_64, ART_85),
         frozenset({"penalty_decision"}), rights.windows),
    # Content rules as well: what the decision is (its amount, its kinds) decides whether it
    # needs them, so they are said with the range check's problems, all at once.
    Rule("legal_review", "法制审核：未经法制审核或审核未通过的不得作出决定", (ART_58,),
         frozenset({"penalty_decision"}), legal_review, content=True),
    Rule("collective_discussion", "集体讨论：情节复杂或重大的案件由负责人集体讨论决定", (ART_57_2,),
         frozenset({"penalty_decision"}), collective_discussion, content=True),
    Rule("discretion_reason", "罚款须写明裁量理由", (ART_5_2, ART_34), frozenset({"penalty_decision"}),
         discretion_reason, content=True),
    Rule("discretion_level", "罚款须在所选裁量阶次的幅度内（减轻处罚除外）", (ART_34, ART_32),
         frozenset({"penalty_decision"}), discretion_level, content=True),
)  # fmt: skip
BY_ID = {rule.id: rule for rule in RULES}


def check_facts(facts: ProcedureFacts, provision: Any) -> list[Problem]:
    """Every rule the case breaks, each with what to do."""
    problems = []
    for rule in RULES:
        message = rule.check(facts, provision)
        if message:
            problems.append(Problem(rule.id, rule.title, facts.case_no, message, rule.basis_text,
                                    tuple(sorted(rule.forms)), rule.content))  # fmt: skip
    return problems


def refusals(facts: ProcedureFacts, provision: Any, form_id: str) -> list[Problem]:
    """Why this document may not be issued for the case: the rules that refuse it and that the
    case would break once it is issued."""
    return [p for p in check_facts(facts.issuing(form_id), provision) if form_id in p.forms]
