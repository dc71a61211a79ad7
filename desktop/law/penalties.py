"""Range checks: whether a case's penalty fits its provision (kinds, fine range or multiple of
违法所得/货值金额, the version that applies), as problems that refuse a document and warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from database.models import Case, LegalProvision
from desktop.law.catalogue import BASE_NAMES, ILLEGAL_INCOME, PenaltyTerms, in_force, multiple_text
from desktop.law.versions import (
    ARTICLE_37,
    T,
    applicable_version,
    catalogue_versions,
    comparable,
    period_text,
    provision_name,
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
    filed_on: date | None = None
    penalty_basis: str = ""
    #: 违法行为发生日期 and 处罚决定日期: which version of the provision applies (从旧兼从轻).
    act_on: date | None = None
    decided_on: date | None = None


def penalty_notes(facts: PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] = ()) -> list[str]:  # fmt: skip
    """Everything the editor should warn about while the clerk types: problems, then warnings.

    The same rules as the decision's pre-flight (check_penalty), so the editor never accepts
    quietly what generating the 决定书 would refuse; `versions` is the catalogue the editor holds.
    """
    if provision is None:
        return []
    result = check_penalty(facts, provision, versions)
    return [*result.problems, *result.warnings]


def penalty_problems(case: Case, provision: LegalProvision | None) -> list[str]:
    """Why a decision may not be issued (empty when the penalty fits its provision)."""
    return list(check_penalty(case, provision).problems)


def penalty_warnings(case: Case, provision: LegalProvision | None) -> list[str]:
    """What of the penalty could not be checked against its provision (missing 违法所得 …)."""
    return list(check_penalty(case, provision).warnings)


def check_penalty(case: Case | PenaltyFacts, provision: PenaltyTerms | None,
                  versions: Sequence[PenaltyTerms] | None = None,
                  today: date | None = None) -> PenaltyCheck:  # fmt: skip
    """The case's penalty against the version of its provision that applies: period, measures
    and fine range.

    `versions` holds the other versions of the provision (the whole catalogue will do); None
    reads them through a stored provision's session. The decision day is decided_on, else today.
    """
    if provision is None:
        basis = case.penalty_basis or "（未填写）"
        return PenaltyCheck(
            (f"案件没有法律条款库中的处罚依据（处罚依据：{basis}），请先在案件中选择法律条款",), ()
        )
    problems: list[str] = []
    warnings: list[str] = []
    rows = catalogue_versions(provision) if versions is None else versions
    provision = _check_version(case, provision, rows, today or date.today(), problems, warnings)
    label = provision.basis_article
    if case.no_penalty:
        return PenaltyCheck(tuple(problems), tuple(warnings))
    measures = provision.measures
    if case.warning and "警告" not in measures:
        problems.append(f"{label}不设警告（可处：{measures or '未列明'}）")
    if case.fine_fen:
        if "罚款" not in measures or provision.max_fine_fen == 0:
            problems.append(f"{label}不设罚款，不能处罚款{fen_to_figures(case.fine_fen)}")
        else:
            _check_fine(case, provision, problems, warnings)
    if case.confiscation_fen and "没收违法所得" not in measures:
        problems.append(f"{label}不设没收违法所得")
    if case.revocation and "吊销" not in measures:
        problems.append(f"{label}不设吊销许可证")
    if case.suspension and not any(m in measures for m in ("停业整顿", "吊销", "停止执业")):
        problems.append(f"{label}不设责令停业整顿")
    return PenaltyCheck(tuple(problems), tuple(warnings))


def _check_version(case: Case | PenaltyFacts, cited: T, versions: Sequence[T], today: date,
                   problems: list[str], warnings: list[str]) -> T:  # fmt: skip
    """The version of the cited provision that applies, with why; a problem when the case cites
    another one (the 决定书 would print the wrong rule)."""
    act_day, day_label = case.act_on, "违法行为发生日期"
    if act_day is None:
        act_day, day_label = case.filed_on, "立案日期"
        if act_day is None:
            warnings.append(
                f"未填写违法行为发生日期和立案日期，无法核对{cited.basis_article}的施行期间"
            )
            return cited
    decision_day = case.decided_on or today
    choice = applicable_version(cited, versions, act_day, decision_day)
    applied = choice.provision
    if case.act_on is None:
        warnings.append(
            f"未填写违法行为发生日期，按立案日期{act_day.isoformat()}适用"
            f"{(applied or cited).basis_article}；违法行为发生在立案之前的，请补填违法行为发生日期"
            f"（{ARTICLE_37}：适用违法行为发生时的规定）"
        )
    if applied is None:
        problems.append(
            f"{cited.basis_article}的施行期间为{period_text(cited)}，"
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
    if choice.lighter and old is not None and new is not None:
        warnings.append(
            f"{happened}施行{provision_name(old)}（{old.range_text}）；{decided}施行的{provision_name(new)}"
            f"处罚较轻（{choice.lighter}），依{ARTICLE_37}从旧兼从轻，适用新的规定"
        )
    elif old is not None and new is not None and new.code != old.code:
        if comparable(new, old):
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


def _check_fine(case: Case | PenaltyFacts, provision: PenaltyTerms, problems: list[str],
                warnings: list[str]) -> None:  # fmt: skip
    """The fine against the fixed limits, then against the multiples of its base when known."""
    label, fine, stated = provision.basis_article, case.fine_fen, provision.range_text
    if provision.min_fine_fen is not None and fine < provision.min_fine_fen:
        problems.append(
            f"罚款{fen_to_figures(fine)}低于{label}规定的下限"
            f"{fen_to_figures(provision.min_fine_fen)}（{stated}）"
        )
        return
    if provision.max_fine_fen is not None and fine > provision.max_fine_fen:
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
    floor = provision.base_floor_fen or 0
    counted = max(base, floor)
    how = f"{base_name}{fen_to_figures(base)}"
    if counted > base:
        how += f"不足{fen_to_figures(floor)}，按{fen_to_figures(floor)}计算"
    low_pct, high_pct = provision.min_multiple_pct, provision.max_multiple_pct
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
