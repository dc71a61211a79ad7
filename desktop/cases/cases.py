"""Cases (案件): create, update, list with filters, search; ids first for large lists."""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from functools import partial
from itertools import pairwise

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from database.models import (
    CORRECTION_CONDITIONS,
    CampaignCategory,
    Case,
    CaseSource,
    CaseStatus,
    CauseCategory,
    Institution,
    InstitutionKind,
    NoPenaltyGround,
    PartyType,
    ReviewResult,
    TierCondition,
)
from database.unit_of_work import UowFactory
from desktop.cases.case_officers import apply_officers, match_officers, officer_errors
from desktop.cases.outcome_fields import apply_items, outcome_errors
from desktop.cases.review_fields import review_errors
from desktop.common.errors import ConflictError, NotFoundError, ValidationError
from desktop.common.list_order import display_order
from desktop.records.institutions import find_institution
from forms.case_penalty import ConfiscationLine, recorded_kinds
from forms.validators import (
    LONG_TEXT,
    MAX_YUAN,
    FieldError,
    check_date_order,
    check_record_date,
    field_errors,
    normalise_key,
    text_errors,
    validate_credit_code,
    validate_id_number,
)


@dataclass(frozen=True, slots=True)
class CaseInput:
    """Everything a case holds that a clerk types or imports (money in 分)."""

    case_no: str
    party_name: str
    party_type: PartyType
    source: CaseSource
    cause_category: CauseCategory
    cause: str
    filed_on: date
    campaign_category: CampaignCategory | None = None
    party_credit_code: str = ""
    party_id_number: str = ""
    party_kind: InstitutionKind | None = None
    party_address: str = ""
    party_representative: str = ""
    party_phone: str = ""
    town: str = ""
    facts: str = ""
    evidence: str = ""
    violated_provisions: str = ""
    penalty_basis: str = ""
    provision_code: str = ""
    warning: bool = False
    fine_fen: int = 0
    confiscation_fen: int = 0
    order_correction: bool = False
    suspension: bool = False
    revocation: bool = False
    judicial_transfer: bool = False
    no_penalty: bool = False
    #: The kinds without a column of their own, 、-separated (forms.case_penalty.OtherKind).
    other_kinds: str = ""
    licence_hold_term: str = ""
    practice_suspension_term: str = ""
    reduced_subjects: str = ""
    occupation_ban: str = ""
    no_penalty_ground: NoPenaltyGround | None = None
    transfer_organ: str = ""
    transferred_on: date | None = None
    transfer_reason: str = ""
    act_on: date | None = None
    #: 处罚情形: which tier of the provision applies ("" = the first); a TierCondition value.
    penalty_tier_condition: str = ""
    #: 责令改正日期: the order that 逾期不改正 / 拒不改正 follow.
    correction_ordered_on: date | None = None
    accepted_on: date | None = None
    #: 询问日期 and 合议日期: the dates the 询问笔录 and the 合议记录 bear.
    inquired_on: date | None = None
    deliberated_on: date | None = None
    investigation_ended_on: date | None = None
    notified_on: date | None = None
    hearing_notified_on: date | None = None
    statement_on: date | None = None
    legal_review_on: date | None = None
    decided_on: date | None = None
    served_on: date | None = None
    paid_on: date | None = None
    published_on: date | None = None
    closed_on: date | None = None
    #: The 告知书's service and the party's rights (行政处罚法 第四十四、四十五、六十三、六十四条).
    notice_served_on: date | None = None
    hearing_requested_on: date | None = None
    hearing_summoned_on: date | None = None
    hearing_on: date | None = None
    hearing_place: str = ""
    hearing_host: str = ""
    hearing_outcome: str = ""
    statement_summary: str = ""
    review_result: ReviewResult | None = None
    review_reason: str = ""
    #: The penalty the 告知书 proposed: kinds, 、-separated ("" = not recorded), and fine in 分.
    notified_fine_fen: int = 0
    notified_kinds: str = ""
    handler: str = ""
    is_typical: bool = False
    inspection_id: int | None = None
    #: 没收非法财物, one line per item.
    confiscated_items: tuple[ConfiscationLine, ...] = ()
    #: The 执法人员 of the case; None leaves a stored case's officers as they are.
    officer_ids: tuple[int, ...] | None = None
    #: Why a penalty outside its provision's range was decided (printed for 法制审核).
    range_override_reason: str = ""
    #: 裁量理由, the 裁量基准 level, 从轻/减轻/从重 and its ground (forms.review_terms; a choice
    #: left empty arrives as None and is stored as "").
    discretion: str = ""
    discretion_level: str = ""
    discretion_circumstance: str = ""
    discretion_ground: str = ""
    #: 疑难复杂, 法制审核 and 集体讨论 (行政处罚法 第五十七条第二款、第五十八条).
    complex_case: bool = False
    legal_reviewer: str = ""
    legal_review_result: str = ""
    legal_review_opinion: str = ""
    discussion_on: date | None = None
    discussion_host: str = ""
    discussion_members: str = ""
    discussion_conclusion: str = ""

    @property
    def has_measure(self) -> bool:
        """Whether any decision measure is set."""
        return bool(recorded_kinds(self) or self.order_correction or self.judicial_transfer)


#: Choice fields stored as text ("" when not chosen).
_CHOICES = ("discretion_level", "discretion_circumstance", "legal_review_result")
#: Fields held by a relationship, not a column of the same name.
_RELATED = ("confiscated_items", "officer_ids")
#: CaseInput field → Case column where the names are equal (all the others).
_CASE_FIELDS = tuple(f.name for f in fields(CaseInput) if f.name not in _RELATED)


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_no: str
    party_name: str
    party_type: str
    cause: str
    source: str
    cause_category: str
    status: str
    town: str
    filed_on: date
    decided_on: date | None
    closed_on: date | None
    fine_fen: int
    confiscation_fen: int
    penalty_tier_condition: str = ""
    correction_ordered_on: date | None = None


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """List filters; empty means no restriction. Period is on 立案日期."""

    search: str = ""
    statuses: tuple[CaseStatus, ...] = ()
    sources: tuple[CaseSource, ...] = ()
    categories: tuple[CauseCategory, ...] = ()
    towns: tuple[str, ...] = ()
    filed_from: date | None = None
    filed_to: date | None = None
    institution_id: int | None = None


#: Sortable columns of the case list.
SORT_COLUMNS = {
    "case_no": Case.case_no_sort,  # year, then number: 〔2026〕9号 before 〔2026〕10号
    "party_name": Case.party_name,
    "filed_on": Case.filed_on,
    "decided_on": Case.decided_on,
    "status": Case.status,
    "fine_fen": Case.fine_fen,
    "town": Case.town,
}

#: Step dates in procedural order, for the date-order rule and the derived status.
STEP_DATES: tuple[tuple[str, str, CaseStatus], ...] = (
    ("accepted_on", "受理日期", CaseStatus.ACCEPTED),
    ("filed_on", "立案日期", CaseStatus.FILED),
    ("investigation_ended_on", "调查终结日期", CaseStatus.INVESTIGATING),
    ("notified_on", "告知日期", CaseStatus.NOTIFIED),
    ("statement_on", "陈述申辩日期", CaseStatus.HEARING),
    ("decided_on", "处罚决定日期", CaseStatus.DECIDED),
    ("served_on", "送达日期", CaseStatus.SERVED),
    ("closed_on", "结案日期", CaseStatus.CLOSED),
)


def derived_status(data: CaseInput) -> CaseStatus:
    """The furthest step that has a date."""
    status = CaseStatus.FILED
    for attr, _label, step in STEP_DATES:
        if getattr(data, attr) is not None:
            status = step
    if status is CaseStatus.SERVED and data.paid_on is not None:
        status = CaseStatus.EXECUTING
    return status


#: Typed text fields of a case: attribute, Chinese label, longest allowed (the column's size).
_TEXTS: tuple[tuple[str, str, int], ...] = (
    ("case_no", "案号", 60),
    ("party_name", "当事人", 200),
    ("party_address", "地址", 300),
    ("party_representative", "法定代表人", 60),
    ("party_phone", "联系电话", 60),
    ("town", "所在镇街", 60),
    ("cause", "案由", 300),
    ("facts", "违法事实", LONG_TEXT),
    ("evidence", "证据", LONG_TEXT),
    ("violated_provisions", "违反条款", LONG_TEXT),
    ("penalty_basis", "处罚依据", LONG_TEXT),
    ("provision_code", "条款编码", 40),
    ("handler", "承办人", 120),
    ("licence_hold_term", "暂扣许可证件期限", 60),
    ("practice_suspension_term", "暂停执业活动期限", 60),
    ("reduced_subjects", "核减的诊疗科目", 200),
    ("occupation_ban", "限制从业的期限和范围", 200),
    ("transfer_organ", "移送机关", 200),
    ("transfer_reason", "移送理由", LONG_TEXT),
    ("range_override_reason", "超出幅度的理由", LONG_TEXT),
    ("hearing_place", "听证地点", 200),
    ("hearing_host", "听证主持人", 60),
    ("hearing_outcome", "听证结论", LONG_TEXT),
    ("statement_summary", "陈述申辩内容", LONG_TEXT),
    ("review_reason", "复核理由", LONG_TEXT),
    ("notified_kinds", "告知的处罚种类", LONG_TEXT),
    ("discretion", "裁量理由", LONG_TEXT),
    ("discretion_ground", "裁量情节依据", 200),
    ("legal_reviewer", "法制审核人员", 60),
    ("legal_review_opinion", "法制审核意见", LONG_TEXT),
    ("discussion_host", "集体讨论主持人", 60),
    ("discussion_members", "集体讨论参加人", LONG_TEXT),
    ("discussion_conclusion", "集体讨论结论", LONG_TEXT),
)


#: Every date of a case with its label: each must lie in 1949-10-01 … today + 1 year.
_DATES: tuple[tuple[str, str], ...] = (
    *((attr, label) for attr, label, _step in STEP_DATES),
    ("act_on", "违法行为发生日期"),
    ("inquired_on", "询问日期"),
    ("deliberated_on", "合议日期"),
    ("hearing_notified_on", "听证告知日期"),
    ("legal_review_on", "法制审核日期"),
    ("discussion_on", "集体讨论日期"),
    ("paid_on", "缴款日期"),
    ("published_on", "公示日期"),
    ("notice_served_on", "告知书送达日期"),
    ("hearing_requested_on", "听证申请日期"),
    ("hearing_summoned_on", "听证通知日期"),
    ("hearing_on", "听证日期"),
)


def _amount_errors(fen: int, label: str) -> list[FieldError]:
    if fen < 0:
        return [FieldError(label, "不能为负数。")]
    if fen > MAX_YUAN * 100:
        return [
            FieldError(label, f"超出合理范围（不超过 {MAX_YUAN // 100_000_000} 亿元），请核对。")
        ]
    return []


def validate_case(data: CaseInput) -> list[FieldError]:
    """Every problem of a case's fields, each naming the field."""
    errors: list[FieldError] = []
    for attr, label in (("case_no", "案号"), ("party_name", "当事人"), ("cause", "案由")):
        if not normalise_key(str(getattr(data, attr))):
            errors.append(FieldError(label, "不能为空。"))
    errors += text_errors((label, getattr(data, attr), limit) for attr, label, limit in _TEXTS)
    if data.party_credit_code:
        errors += field_errors(lambda: validate_credit_code(data.party_credit_code))
    if data.party_id_number:
        errors += field_errors(lambda: validate_id_number(data.party_id_number, "当事人身份证号"))
    for attr, label in (("fine_fen", "罚款金额(元)"), ("confiscation_fen", "没收违法所得(元)")):
        errors += _amount_errors(getattr(data, attr), label)
    errors += field_errors(
        *(partial(check_record_date, getattr(data, attr), label) for attr, label in _DATES)
    )
    errors += field_errors(
        lambda: check_date_order((label, getattr(data, attr)) for attr, label, _ in STEP_DATES)
    )
    if data.act_on is not None and data.act_on > data.filed_on:
        # The act is what the case was filed for, so it cannot come after the filing.
        errors.append(
            FieldError(
                "违法行为发生日期",
                f"违法行为发生日期（{data.act_on.isoformat()}）晚于立案日期"
                f"（{data.filed_on.isoformat()}），请核对。",
            )
        )
    errors += _tier_errors(data)
    errors += _rights_errors(data)
    errors += _amount_errors(data.notified_fine_fen, "告知的罚款金额(元)")
    errors += review_errors(data)
    if data.has_measure and data.decided_on is None:
        errors.append(FieldError("处罚决定日期", "填写了处罚内容，但没有处罚决定日期。"))
    return errors + outcome_errors(data)


def _tier_errors(data: CaseInput) -> list[FieldError]:
    """处罚情形 from the vocabulary; 逾期不改正 / 拒不改正 follow a 责令改正 made before the decision."""
    condition = data.penalty_tier_condition
    if condition and condition not in {c.value for c in TierCondition}:
        allowed = "、".join(c.value for c in TierCondition)
        return [FieldError("处罚情形", f"“{condition}”不是可选值（可选：空、{allowed}）。")]
    ordered = data.correction_ordered_on
    if condition in CORRECTION_CONDITIONS and ordered is None:
        return [FieldError("责令改正日期", f"处罚情形为“{condition}”，须填写责令改正日期。")]
    if ordered is not None and data.decided_on is not None and ordered >= data.decided_on:
        return [
            FieldError(
                "责令改正日期",
                f"责令改正日期（{ordered.isoformat()}）应早于处罚决定日期"
                f"（{data.decided_on.isoformat()}）。",
            )
        ]
    return []


def _rights_errors(data: CaseInput) -> list[FieldError]:
    """The 告知书 is served after it is made, a 听证 is requested after the service, the party
    summoned after the request and the hearing held after the summons."""
    errors = []
    order = (("告知日期", data.notified_on or data.hearing_notified_on),
             ("告知书送达日期", data.notice_served_on),
             ("听证申请日期", data.hearing_requested_on),
             ("听证通知日期", data.hearing_summoned_on), ("听证日期", data.hearing_on))  # fmt: skip
    known = [(label, day) for label, day in order if day is not None]
    for (before, first), (label, then) in pairwise(known):
        if then < first:
            errors.append(FieldError(label, f"{label}（{then.isoformat()}）早于{before}"
                                            f"（{first.isoformat()}），请核对。"))  # fmt: skip
    return errors


def _row(case: Case) -> CaseRow:
    return CaseRow(
        id=case.id,
        case_no=case.case_no,
        party_name=case.party_name,
        party_type=case.party_type.value,
        cause=case.cause,
        source=case.source.value,
        cause_category=case.cause_category.value,
        status=case.status.value,
        town=case.town,
        filed_on=case.filed_on,
        decided_on=case.decided_on,
        closed_on=case.closed_on,
        fine_fen=case.fine_fen,
        confiscation_fen=case.confiscation_fen,
        penalty_tier_condition=case.penalty_tier_condition,
        correction_ordered_on=case.correction_ordered_on,
    )


def case_input(case: Case) -> CaseInput:
    """A stored case's fields as input (the editor's starting point, the base of a merge)."""
    items = tuple(
        ConfiscationLine(i.name, i.quantity, i.unit, i.value_fen) for i in case.confiscated_items
    )
    return CaseInput(
        **{name: getattr(case, name) for name in _CASE_FIELDS},
        confiscated_items=items,
        officer_ids=tuple(o.id for o in case.officers),
    )


def apply_case(session: Session, case: Case, data: CaseInput) -> None:
    """Copy validated input onto the ORM object (every field) and link the party to an
    institution; an import merges a row into `case_input(case)` first, so it changes only
    what the row carries.

    Without autoflush: loading the items or the officers midway would save the fields already
    copied in a flush of their own, and a reopened case with a 结案日期 would lock itself there,
    before the rest of the same save (audit._guard_locked_cases)."""
    with session.no_autoflush:
        _apply_case(session, case, data)


def _apply_case(session: Session, case: Case, data: CaseInput) -> None:
    for name in _CASE_FIELDS:
        setattr(case, name, getattr(data, name))
    for name in _CHOICES:  # an empty choice is None in the editor, "" in the column
        setattr(case, name, str(getattr(data, name) or ""))
    case.case_no = normalise_key(data.case_no)
    case.party_name = data.party_name.strip()
    case.party_credit_code = data.party_credit_code.strip().upper()
    case.party_id_number = data.party_id_number.strip().upper()
    case.status = derived_status(data)
    apply_items(case, data.confiscated_items)
    if data.officer_ids is not None:
        apply_officers(session, case, data.officer_ids)
    institution: Institution | None = None
    if data.party_type is PartyType.ORGANISATION:
        institution = find_institution(session, case.party_credit_code, case.party_name)
        if _other_legal_body(institution, case.party_credit_code):
            institution = None
    case.institution = institution
    if institution is not None:
        # The record's kind and town win over what the ledger row says.
        case.party_kind = institution.kind
        case.town = data.town or institution.town
        case.party_address = data.party_address or institution.address
        case.party_representative = data.party_representative or institution.legal_representative


def _check_officers(session: Session, case: Case, before: tuple[int, ...], data: CaseInput) -> None:
    """Refuse officers who may not join the case (left, 回避); leaving rolls the change back."""
    errors = officer_errors(session, case, before)
    if errors:
        raise ValidationError(errors, f"案件 {data.case_no}")


def _other_legal_body(institution: Institution | None, credit_code: str) -> bool:
    """Whether a name match is another legal body: both have a 统一社会信用代码 and they differ
    (the same rule the 机构名录 import applies)."""
    return bool(
        institution is not None
        and credit_code
        and institution.credit_code
        and institution.credit_code != credit_code
    )


def _filter_clauses(
    flt: CaseFilter, id_index: Callable[[str], str] | None = None
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    text = flt.search.strip()
    if text:
        pattern = f"%{text}%"
        matches: list[ColumnElement[bool]] = [
            Case.case_no.like(pattern),
            Case.party_name.like(pattern),
            Case.cause.like(pattern),
            Case.party_credit_code.like(pattern.upper()),
        ]
        if id_index is not None:
            # The 身份证号 is encrypted: only an exact number is found, through its keyed hash.
            matches.append(Case.party_id_number_hash == id_index(text))
        clauses.append(or_(*matches))
    if flt.statuses:
        clauses.append(Case.status.in_(flt.statuses))
    if flt.sources:
        clauses.append(Case.source.in_(flt.sources))
    if flt.categories:
        clauses.append(Case.cause_category.in_(flt.categories))
    if flt.towns:
        clauses.append(Case.town.in_(flt.towns))
    if flt.filed_from:
        clauses.append(Case.filed_on >= flt.filed_from)
    if flt.filed_to:
        clauses.append(Case.filed_on <= flt.filed_to)
    if flt.institution_id is not None:
        clauses.append(Case.institution_id == flt.institution_id)
    return clauses


def find_case(session: Session, case_key: str | int) -> Case:
    """A case by its 案号, else by its internal id; NotFoundError in Chinese otherwise."""
    raw = str(case_key).strip()
    key = normalise_key(raw)
    # A case stored before 案号 were normalised is still found by its exact text.
    case = session.scalar(select(Case).where(Case.case_no.in_({key, raw})))
    if case is None and key.isdigit():
        case = session.get(Case, int(key))
    if case is None:
        raise NotFoundError(f"找不到案件“{case_key}”（按案号或编号）。")
    return case


class CaseService:
    """Create, change, list and search cases."""

    def __init__(
        self, uow_factory: UowFactory, id_index: Callable[[str], str] | None = None
    ) -> None:
        self._uow_factory = uow_factory
        # The cipher's keyed hash of a 身份证号, so the search text also finds a party's number.
        self._id_index = id_index

    def create(self, data: CaseInput) -> int:
        """Validate and store a new case; returns its id."""
        errors = validate_case(data)
        if errors:
            raise ValidationError(errors, f"案件 {data.case_no}")
        with self._uow_factory() as uow:
            if uow.session.scalar(
                select(Case.id).where(Case.case_no == normalise_key(data.case_no))
            ):
                raise ConflictError(f"案号 {data.case_no} 已存在，不能重复登记。")
            case = Case()
            apply_case(uow.session, case, data)
            uow.session.add(case)
            _check_officers(uow.session, case, (), data)
            uow.commit()
            return case.id

    def update(self, case_id: int, data: CaseInput) -> None:
        """Validate and replace a case's fields (a closed, locked case refuses)."""
        errors = validate_case(data)
        if errors:
            raise ValidationError(errors, f"案件 {data.case_no}")
        with self._uow_factory() as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"没有编号为 {case_id} 的案件。")
            if case.locked:
                raise ConflictError(
                    f"案件 {case.case_no} 已结案锁定，修改前须先登记“重新打开”及理由。"
                )
            other = uow.session.scalar(
                select(Case.id).where(Case.case_no == normalise_key(data.case_no))
            )
            if other is not None and other != case_id:
                raise ConflictError(f"案号 {data.case_no} 已被另一案件使用。")
            before = tuple(o.id for o in case.officers)
            apply_case(uow.session, case, data)
            _check_officers(uow.session, case, before, data)
            uow.commit()

    def get(self, case_id: int) -> CaseInput:
        """A case's fields as the editor shows them."""
        with self._uow_factory(readonly=True) as uow:
            case = uow.session.get(Case, case_id)
            if case is None:
                raise NotFoundError(f"没有编号为 {case_id} 的案件。")
            return case_input(case)

    def resolve(self, key: str) -> int:
        """The id of a case given its 案号 or its internal id (CLI argument)."""
        with self._uow_factory(readonly=True) as uow:
            return find_case(uow.session, key).id

    def match_officers(self, text: str) -> tuple[int, ...]:
        """The ids of the active officers named in `text` (张三、李四（ZJ…）), or a
        ValidationError naming each unknown or ambiguous name."""
        with self._uow_factory(readonly=True) as uow:
            ids, errors = match_officers(uow.session, text)
        if errors:
            raise ValidationError(errors, "执法人员")
        return ids
    def institution_of(self, case_id: int) -> int | None:
        """The 机构 on record that is the case's party (None: a person or an unrecorded one)."""
        with self._uow_factory(readonly=True) as uow:
            return uow.session.scalar(select(Case.institution_id).where(Case.id == case_id))

    def is_locked(self, case_id: int) -> bool:
        """Whether the case is closed and locked (changes need a recorded 重新打开)."""
        with self._uow_factory(readonly=True) as uow:
            return bool(uow.session.scalar(select(Case.locked).where(Case.id == case_id)))

    def linked_case_id(self, case_no: str, label: str) -> int | None:
        """The case a record refers to by the 案号 typed in its field `label` ('' is none)."""
        key = normalise_key(case_no)
        if not key:
            return None
        with self._uow_factory(readonly=True) as uow:
            found = uow.session.scalar(
                select(Case.id).where(Case.case_no.in_({key, case_no.strip()}))
            )
        if found is None:
            raise ValidationError([FieldError(label, f"没有案号为“{case_no.strip()}”的案件。")])
        return found

    def list(
        self, flt: CaseFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> builtins.list[CaseRow]:
        """Cases matching the filter, newest 立案 first."""
        flt = flt or CaseFilter()
        with self._uow_factory(readonly=True) as uow:
            query = (
                select(Case)
                .where(*_filter_clauses(flt, self._id_index))
                .order_by(Case.filed_on.desc(), Case.id.desc())
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            return [_row(case) for case in uow.session.scalars(query)]

    def list_ids(
        self, flt: CaseFilter | None = None, sort: str = "filed_on", descending: bool = True
    ) -> builtins.list[int]:
        """Only the ids, in display order: large lists load rows lazily by id."""
        flt = flt or CaseFilter()
        column = SORT_COLUMNS.get(sort, Case.filed_on)
        order = display_order(column, Case.id, descending)
        with self._uow_factory(readonly=True) as uow:
            return list(
                uow.session.scalars(
                    select(Case.id).where(*_filter_clauses(flt, self._id_index)).order_by(*order)
                )
            )

    def rows(self, ids: builtins.list[int]) -> builtins.list[CaseRow]:
        """The rows for these ids, in the same order."""
        if not ids:
            return []
        with self._uow_factory(readonly=True) as uow:
            found = {
                c.id: _row(c) for c in uow.session.scalars(select(Case).where(Case.id.in_(ids)))
            }
            return [found[i] for i in ids if i in found]

    def count(self, flt: CaseFilter | None = None) -> int:
        """How many cases match."""
        flt = flt or CaseFilter()
        with self._uow_factory(readonly=True) as uow:
            query = select(func.count(Case.id)).where(*_filter_clauses(flt, self._id_index))
            return int(uow.session.scalar(query) or 0)

    def search(self, text: str, limit: int = 50) -> builtins.list[CaseRow]:
        """案号 / 当事人 / 案由 / code substring search, or an exact 当事人身份证号."""
        return self.list(CaseFilter(search=text), limit=limit)

    def towns(self) -> builtins.list[str]:
        """The distinct 镇街 of the cases, for the filter choices."""
        with self._uow_factory(readonly=True) as uow:
            query = select(Case.town).distinct().where(Case.town != "")
            return sorted(uow.session.scalars(query))
