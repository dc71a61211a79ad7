"""Range checks: whether a case's penalty fits its provision — the version that applies, the
tier its 处罚情形 selects (and the 责令改正 that 逾期不改正/拒不改正 follow), the party the provision
punishes, the kinds the tier requires and allows, and the fine range or multiple of
违法所得/货值金额 — as problems that refuse a document and warnings. A row of another authority
is a 移送 row: no decision of ours fits it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from database.models import CORRECTION_CONDITIONS, Case, LegalProvision, PartyType
from desktop.law.catalogue import (
    BASE_NAMES,
    ILLEGAL_INCOME,
    FineTerms,
    PenaltyTerms,
    TierTerms,
    chosen_tier,
    in_force,
    is_transfer_row,
    multiple_text,
    provision_label,
    provision_tiers,
    tier_kinds,
    transfer_department,
)
from desktop.law.kinds import KIND_NAMES
from desktop.law.versions import (
    ARTICLE_37,
    T,
    applicable_version,
    catalogue_versions,
    comparable,
    period_text,
    provision_name,
)
from forms.case_penalty import (
    STOP_BUSINESS,
    STOP_PRACTICE,
    ItemLike,
    case_kind_names,
    suspension_kind,
)
from forms.money import fen_to_figures


@dataclass(frozen=True, slots=True)
class PenaltyCheck:
    """problems refuse the decision; warnings are what could not be checked (shown, not refused)."""

    problems: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PenaltyFacts:
    """A penalty as typed in the case editor, before it is saved (filed_on may be unknown)."""

    fine_fen: int = 0
    confiscation_fen: int = 0
    warning: bool = False
    suspension: bool = False
    revocation: bool = False
    no_penalty: bool = False
    judicial_transfer: bool = False
    filed_on: date | None = None
    penalty_basis: str = ""
    #: 违法行为发生日期 and 处罚决定日期: which version of the provision applies (从旧兼从轻).
    act_on: date | None = None
    decided_on: date | None = None
    #: 当事人类型 (a PartyType value; "" = not known yet) against the provision's party.
    party_type: str = ""
    #: 处罚情形 ("" = the first tier) and the 责令改正 it follows.
    penalty_tier_condition: str = ""
    correction_ordered_on: date | None = None
    #: The kinds named by name (通报批评、责令停止执业活动 …) and the 没收非法财物 items.
    other_kinds: str = ""
    confiscated_items: tuple[ItemLike, ...] = ()


def penalty_facts(case: Any) -> PenaltyFacts:
    """The penalty of a stored Case or of a CaseInput as typed, as the checks read it."""
    party = getattr(case, "party_type", "") or ""
    return PenaltyFacts(
        fine_fen=case.fine_fen or 0,
        confiscation_fen=case.confiscation_fen or 0,
        warning=bool(case.warning),
        suspension=bool(case.suspension),
        revocation=bool(case.revocation),
        no_penalty=bool(case.no_penalty),
        judicial_transfer=bool(case.judicial_transfer),
        filed_on=case.filed_on,
        penalty_basis=case.penalty_basis or "",
        act_on=case.act_on,
        decided_on=case.decided_on,
        party_type=str(getattr(party, "value", party)),
        penalty_tier_condition=case.penalty_tier_condition or "",
        correction_ordered_on=case.correction_ordered_on,
        other_kinds=case.other_kinds or "",
        confiscated_items=tuple(case.confiscated_items or ()),
    )


#: The 停业 field records 责令停产停业 or the health laws' 责令停止执业活动, whichever the tier
#: names (forms.case_penalty.suspension_kind); until a tier is known it may be either.
SUSPENSION_KINDS = frozenset((STOP_BUSINESS, STOP_PRACTICE))
#: Required only when there is something to confiscate (行政处罚法 第二十八条第二款: 违法所得
#: 应当予以没收; 非法财物 likewise). The case records what is confiscated, not what was found: it
#: cannot say there is something left unconfiscated, so a missing one is a warning (see
#: docs/legal-rules.md, "应当并处的处罚种类").
CONFISCATIONS = frozenset(("没收违法所得", "没收非法财物"))


def case_kinds(case: Any) -> set[str]:
    """The penalty kinds a case's decision records — the one reading of the case's fields
    (forms.case_penalty: the columns, other_kinds, the 没收非法财物 items); the 停业 field counts
    as both of its kinds until a tier says which (tier_case_kinds). Empty for 不予处罚."""
    kinds = set(case_kind_names(case))
    if kinds and case.suspension:
        kinds |= SUSPENSION_KINDS
    return kinds


def tier_case_kinds(case: Any, tier: TierTerms) -> set[str]:
    """The case's kinds as the tier names them: the 停业 field as the kind the tier names."""
    mandatory, optional = tier_kinds(tier)
    return set(case_kind_names(case, suspension_kind({*mandatory, *optional})))


@dataclass(frozen=True, slots=True)
class KindShortfall:
    """The kinds the tier a case's 处罚情形 selects requires and the case lacks: `firm` ones
    refuse the decision, `confiscations` are warned about (CONFISCATIONS)."""

    label: str
    range_text: str
    firm: tuple[str, ...]
    confiscations: tuple[str, ...]

    @property
    def problem(self) -> str:
        """The message of the missing firm kinds (the penalty check and the procedure checker
        both say it in these words)."""
        return (
            f"{self.label}规定应当给予{'、'.join(self.firm)}，案件处罚内容中没有"
            f"（{self.range_text}）"
        )

    @property
    def warnings(self) -> list[str]:
        return [
            f"{self.label}规定{kind}，案件未记录；有违法所得或者非法财物的，应当予以没收"
            "（《中华人民共和国行政处罚法》第二十八条第二款），并在决定书中写明"
            for kind in self.confiscations
        ]


def kind_shortfall(case: Any, provision: PenaltyTerms,
                   tier: TierTerms | None = None) -> KindShortfall | None:  # fmt: skip
    """What the tier (default: the one the case's 处罚情形 selects, chosen_tier) requires and
    the case does not record; None when nothing is missing or there is no such tier."""
    if tier is None:
        tier = chosen_tier(provision, str(getattr(case, "penalty_tier_condition", "") or ""))
        if tier is None:
            return None
    mandatory, _optional = tier_kinds(tier)
    recorded = tier_case_kinds(case, tier)
    missing = [k for k in mandatory if k not in recorded]
    if not missing:
        return None
    return KindShortfall(_tier_label(provision, tier), tier.range_text,
                         tuple(k for k in missing if k not in CONFISCATIONS),
                         tuple(k for k in missing if k in CONFISCATIONS))  # fmt: skip


def penalty_notes(facts: PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] = ()) -> list[str]:  # fmt: skip
    """Everything the editor should warn about while the clerk types: problems, then warnings.

    The same rules as the decision's pre-flight (check_penalty), so the editor never accepts
    quietly what generating the 决定书 would refuse; `versions` is the catalogue the editor holds.
    The editor also shows the procedure checker, which says whose the provision is and which
    mandatory kinds are missing: those are left to it (procedure_checked).
    """
    if provision is None:
        return []
    result = check_penalty(facts, provision, versions, procedure_checked=True)
    return [*result.problems, *result.warnings]


def penalty_problems(case: Case, provision: LegalProvision | None) -> list[str]:
    """Why a decision may not be issued (empty when the penalty fits its provision)."""
    return list(check_penalty(case, provision).problems)


def penalty_warnings(case: Case, provision: LegalProvision | None) -> list[str]:
    """What of the penalty could not be checked against its provision (missing 违法所得 …)."""
    return list(check_penalty(case, provision).warnings)


def check_penalty(case: Case | PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] | None = None,
                  today: date | None = None, *,
                  procedure_checked: bool = False) -> PenaltyCheck:  # fmt: skip
    """The case's penalty against the version of its provision that applies: period, authority,
    party, the tier of its 处罚情形, kinds and fine range.

    `versions` holds the other versions of the provision (the whole catalogue will do); None
    reads them through a stored provision's session. The decision day is decided_on, else today.
    procedure_checked: the caller shows the procedure checker's messages too (the pre-flight,
    the editor), which already say that another authority's row is 移送 and which mandatory
    kinds are missing (its rules "competence" and "mandatory_kinds"): they are not said twice.
    """
    if provision is None:
        basis = case.penalty_basis or "（未填写）"
        return PenaltyCheck(
            (f"案件没有法律条款库中的处罚依据（处罚依据：{basis}），请先在案件中选择法律条款",), ()
        )
    problems: list[str] = []
    warnings: list[str] = []
    rows = catalogue_versions(provision) if versions is None else versions
    decision_day = case.decided_on or today or date.today()
    provision = _check_version(case, provision, rows, decision_day, problems, warnings)
    if is_transfer_row(provision):
        if procedure_checked:
            return PenaltyCheck(tuple(problems), tuple(warnings))
        department = transfer_department(provision)
        problems.append(
            f"该条款由{department}实施，应移送{department}处理（{provision_name(provision)}，"
            f"实施机关：{provision.authority}），不能由本机关作出处罚决定"
        )
        return PenaltyCheck(tuple(problems), tuple(warnings))
    _check_party(case, provision, problems)
    if case.no_penalty or (case.judicial_transfer and not case_kinds(case)):
        # 不予处罚, or a case handed to the judiciary (行政处罚法 第二十七条) with no penalty of
        # its own: there is no penalty to fit a tier.
        return PenaltyCheck(tuple(problems), tuple(warnings))
    tier = _check_tier(case, provision, decision_day, problems)
    if tier is not None:
        _check_kinds(case, provision, tier, problems, warnings, procedure_checked)
        if case.fine_fen and "罚款" in tier.measures:
            _check_fine(case, tier, _tier_label(provision, tier), problems, warnings)
    return PenaltyCheck(tuple(problems), tuple(warnings))


def _tier_label(provision: PenaltyTerms, tier: TierTerms) -> str:
    label = provision_label(provision)
    return f"{label}（{tier.condition}）" if tier.condition else label


def _check_party(case: Case | PenaltyFacts, provision: PenaltyTerms, problems: list[str]) -> None:
    """A provision that punishes a 个人 (医师法 第五十七条: the doctor) does not punish an
    institution, nor the other way round."""
    party = str(getattr(case, "party_type", "") or "")
    if provision.party not in (PartyType.ORGANISATION.value, PartyType.PERSON.value) or not party:
        return
    if party != provision.party:
        problems.append(
            f"{provision_name(provision)}处罚的是{provision.party}，本案当事人是{party}；"
            f"请改选处罚{party}的条款"
        )


def _check_tier(case: Case | PenaltyFacts, provision: PenaltyTerms, decision_day: date,
                problems: list[str]) -> TierTerms | None:  # fmt: skip
    """The tier the case's 处罚情形 selects, with what it requires (a 责令改正 before the
    decision for 逾期不改正/拒不改正); None when there is none to check against."""
    label = provision_label(provision)
    tiers = provision_tiers(provision)
    condition = str(getattr(case, "penalty_tier_condition", "") or "")
    if not tiers:
        problems.append(
            f"法律条款库中{provision_name(provision)}没有处罚档次（未设罚则或罚则待核），"
            "不能据以作出处罚决定；未设罚则的，以卫生监督意见书责令改正"
        )
        return None
    tier = chosen_tier(provision, condition)
    named = "、".join(t.condition for t in tiers if t.condition) or "无"
    if tier is None:
        problems.append(
            f"{label}没有处罚情形为“{condition}”的档次（可选：一般情形；{named}）"
        )
        return None
    if tier.condition and not condition:
        problems.append(
            f"{label}仅在{tier.condition}时处罚（{tier.range_text}）；"
            f"请在案件中选择处罚情形“{tier.condition}”"
            + ("并填写责令改正日期" if tier.condition in CORRECTION_CONDITIONS else "")
        )
        return None
    if condition in CORRECTION_CONDITIONS:
        ordered = getattr(case, "correction_ordered_on", None)
        if ordered is None:
            problems.append(f"处罚情形为{condition}，请填写责令改正日期（{label}：先责令改正）")
        elif ordered >= decision_day:
            problems.append(
                f"责令改正日期{ordered.isoformat()}不早于处罚决定日期{decision_day.isoformat()}："
                f"{condition}须在责令改正之后认定"
            )
    return tier


def _check_kinds(case: Case | PenaltyFacts, provision: PenaltyTerms, tier: TierTerms,
                 problems: list[str], warnings: list[str],
                 procedure_checked: bool = False) -> None:  # fmt: skip
    """Every kind the case records is one the tier allows; every kind the tier requires is
    recorded (a missing confiscation is a warning: CONFISCATIONS)."""
    label = _tier_label(provision, tier)
    mandatory, optional = tier_kinds(tier)
    allowed = {*mandatory, *optional}
    recorded = tier_case_kinds(case, tier)
    stated = "、".join((*mandatory, *optional)) or "未列明"
    for kind in sorted(recorded - allowed, key=_kind_order):
        if kind == "罚款":
            problems.append(f"{label}不设罚款，不能处罚款{fen_to_figures(case.fine_fen)}（可处：{stated}）")
        else:
            problems.append(f"{label}不设{kind}（可处：{stated}）")
    shortfall = kind_shortfall(case, provision, tier)
    if shortfall is None:
        return
    if shortfall.firm and not procedure_checked:
        problems.append(shortfall.problem)
    warnings.extend(shortfall.warnings)


def _kind_order(kind: str) -> int:
    return KIND_NAMES.index(kind) if kind in KIND_NAMES else len(KIND_NAMES)


def _check_version(case: Case | PenaltyFacts, cited: T, versions: Sequence[T],
                   decision_day: date, problems: list[str], warnings: list[str]) -> T:  # fmt: skip
    """The version of the cited provision that applies, with why; a problem when the case cites
    another one (the 决定书 would print the wrong rule)."""
    act_day, day_label = case.act_on, "违法行为发生日期"
    if act_day is None:
        act_day, day_label = case.filed_on, "立案日期"
        if act_day is None:
            warnings.append(
                f"未填写违法行为发生日期和立案日期，无法核对{provision_label(cited)}的施行期间"
            )
            return cited
    condition = str(getattr(case, "penalty_tier_condition", "") or "")
    choice = applicable_version(cited, versions, act_day, decision_day, condition)
    applied = choice.provision
    if case.act_on is None:
        warnings.append(
            f"未填写违法行为发生日期，按立案日期{act_day.isoformat()}适用"
            f"{provision_label(applied or cited)}；违法行为发生在立案之前的，请补填违法行为发生日期"
            f"（{ARTICLE_37}：适用违法行为发生时的规定）"
        )
    if applied is None:
        problems.append(
            f"{provision_label(cited)}的施行期间为{period_text(cited)}，"
            f"不适用于{day_label}{act_day.isoformat()}的行为"
        )
        return cited
    if applied.code != cited.code:
        if in_force(cited, act_day):
            why = f"依{ARTICLE_37}从旧兼从轻，应适用处罚较轻的新规定{provision_name(applied)}"
        else:
            why = (
                f"施行期间为{period_text(cited)}，不适用于{day_label}{act_day.isoformat()}的行为，"
                f"应适用{provision_name(applied)}"
            )
        problems.append(f"案件所选{provision_name(cited)}{why}；请在案件中改选")
    old, new = choice.at_act, choice.at_decision
    decided = f"作出处罚决定时（{decision_day.isoformat()}）"
    happened = f"违法行为发生时（{act_day.isoformat()}）"
    old_tier = chosen_tier(old, condition) if old is not None else None
    new_tier = chosen_tier(new, condition) if new is not None else None
    if choice.lighter and old is not None and new is not None:
        stated = old_tier.range_text if old_tier is not None else old.range_text
        warnings.append(
            f"{happened}施行{provision_name(old)}（{stated}）；{decided}施行的{provision_name(new)}"
            f"处罚较轻（{choice.lighter}），依{ARTICLE_37}从旧兼从轻，适用新的规定"
        )
    elif old is not None and new is not None and new.code != old.code:
        if comparable(new_tier, old_tier):
            why = "处罚不轻于违法行为发生时的规定"
        else:
            why = "与违法行为发生时的规定罚款计算方式不同，无法按条款库数据比较轻重，请人工核对"
        warnings.append(
            f"{decided}施行的{provision_name(new)}{why}；依{ARTICLE_37}适用{happened}施行的{provision_name(old)}"
        )
    elif old is not None and new is None and old.effective_to and decision_day > old.effective_to:
        warnings.append(
            f"{provision_name(old)}施行至{old.effective_to.isoformat()}，条款库中没有之后的新规定；"
            f"新的规定处罚较轻或者不认为是违法的，应适用新的规定（{ARTICLE_37}），请人工核对"
        )
    return applied


def _check_fine(case: Case | PenaltyFacts, provision: FineTerms, label: str,
                problems: list[str], warnings: list[str]) -> None:  # fmt: skip
    """The fine against the tier's fixed limits, then against the multiples of its base when
    known. A fixed upper limit beside a multiple (医疗器械条例 第八十六条: 货值金额不足1万元的
    2–5万, else 5–20倍) holds only below the threshold the case cannot show, so only the
    multiple refuses a fine above it."""
    fine, stated = case.fine_fen, provision.range_text
    if provision.min_fine_fen is not None and fine < provision.min_fine_fen:
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(provision.min_fine_fen)}（{stated}）"
        )
        return
    fixed_only = provision.fine_base not in BASE_NAMES
    if fixed_only and provision.max_fine_fen is not None and fine > provision.max_fine_fen:
        problems.append(
            f"罚款{fen_to_figures(fine)}超过{label}规定的上限"
            f"{fen_to_figures(provision.max_fine_fen)}（{stated}）"
        )
        return
    base_name = BASE_NAMES.get(provision.fine_base)
    if base_name is None:
        if provision.min_fine_fen is None and provision.max_fine_fen is None:
            warnings.append(f"法律条款库未录入{label}的罚款数额（{stated}），请人工核对罚款")
        return
    # The Case records 没收违法所得 (the 违法所得 confiscated in full), but no 货值金额.
    base = case.confiscation_fen if provision.fine_base == ILLEGAL_INCOME else 0
    floor, low_pct = provision.base_floor_fen or 0, provision.min_multiple_pct
    if not base and floor and low_pct is not None and fine * 100 < floor * low_pct:
        # Whatever the base, it counts at least the floor: the lower limit holds.
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(_ceil_div(floor * low_pct, 100))}（{base_name}不足"
            f"{fen_to_figures(floor)}的按{fen_to_figures(floor)}计算，其{multiple_text(low_pct)}；"
            f"{stated}）"
        )
        return
    if not base:
        where = (
            "案件未记录违法所得（没收违法所得为0）"
            if provision.fine_base == ILLEGAL_INCOME
            else "案件记录中没有货值金额"
        )
        warnings.append(
            f"{label}的罚款以{base_name}的倍数计（{stated}），{where}，"
            f"无法核对罚款{fen_to_figures(fine)}是否在法定幅度内，请人工核对"
        )
        return
    counted = max(base, floor)
    how = f"{base_name}{fen_to_figures(base)}"
    if counted > base:
        how += f"不足{fen_to_figures(floor)}，按{fen_to_figures(floor)}计算"
    high_pct = provision.max_multiple_pct
    if low_pct is not None and fine * 100 < counted * low_pct:
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(_ceil_div(counted * low_pct, 100))}"
            f"（{how}的{multiple_text(low_pct)}；{stated}）"
        )
    elif high_pct is not None and fine * 100 > counted * high_pct:
        problems.append(
            f"罚款{fen_to_figures(fine)}超过{label}规定的上限"
            f"{fen_to_figures(counted * high_pct // 100)}"
            f"（{how}的{multiple_text(high_pct)}；{stated}）"
        )


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)
