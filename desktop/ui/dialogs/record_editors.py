"""The institution and case editors: the record forms wired to their services."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.cases.legal_check import input_problems
from desktop.common.errors import CasedeskError
from desktop.law.catalogue import ProvisionRow
from desktop.law.notices import provision_notices
from desktop.law.penalties import penalty_facts
from desktop.records.institutions import InstitutionInput
from desktop.records.officers import OfficerRow
from desktop.ui.dialogs.provision_picker import ProvisionPicker, fine_warning, out_of_range_check
from desktop.ui.dialogs.record_editor import RecordEditorDialog
from desktop.ui.text import tr
from forms.record_forms import (
    CASE_FIELDS,
    INSTITUTION_FIELDS,
    RIGHTS_FIELDS,
    CaseSource,
    CauseCategory,
    InstitutionKind,
    PartyType,
)
from forms.review_terms import policy_from_settings
from forms.validators import FieldError


def _as_dict(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in dc_fields(record)}  # type: ignore[arg-type]


def institution_editor(
    ctx: AppContext, institution_id: int | None = None, parent: QWidget | None = None
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored institution."""
    if institution_id is None:
        original = InstitutionInput(name="", kind=InstitutionKind.COSMETIC_CLINIC)
        title = tr("新增机构")
    else:
        original = ctx.institutions.get(institution_id).data
        title = tr("编辑机构 — {0}").format(original.name)

    def save(values: dict[str, object]) -> int:
        data = replace(original, **values)  # type: ignore[arg-type]
        if institution_id is None:
            return ctx.institutions.create(data)
        ctx.institutions.update(institution_id, data)
        return institution_id

    dialog = RecordEditorDialog(title, INSTITUTION_FIELDS, _as_dict(original), save, parent)
    from desktop.ui.widgets.scores_list import ScoresList  # likewise
    from desktop.ui.widgets.staff_list import StaffList  # it imports this module's dialog

    dialog.staff = StaffList(ctx, institution_id, dialog)  # type: ignore[attr-defined]
    dialog.tabs.addTab(dialog.staff, tr("人员"))  # type: ignore[attr-defined]
    dialog.scores = ScoresList(ctx, institution_id, dialog)  # type: ignore[attr-defined]
    dialog.tabs.addTab(dialog.scores, tr("记分与信用"))  # type: ignore[attr-defined]
    # an evaluation recorded in the tab changes the grade this form would otherwise save back
    dialog.scores.grade_changed.connect(dialog.editors["credit_grade"].set_raw)  # type: ignore[attr-defined]
    from desktop.ui.widgets.institution_records import attach_institution_records

    attach_institution_records(ctx, dialog, institution_id)  # 案件（n）, 检查（n）
    return dialog


def case_editor(
    ctx: AppContext,
    case_id: int | None = None,
    parent: QWidget | None = None,
    today: date | None = None,
) -> RecordEditorDialog:
    """The editor of a new (id None) or stored case."""
    if case_id is None:
        original = CaseInput(
            case_no="",
            party_name="",
            party_type=PartyType.ORGANISATION,
            source=CaseSource.ROUTINE,
            cause_category=CauseCategory.QUALIFICATION,
            cause="",
            filed_on=today or date.today(),
        )
        title = tr("新增案件")
    else:
        original = ctx.cases.get(case_id)
        title = tr("编辑案件 — {0}").format(original.case_no)

    def save(values: dict[str, object]) -> int:
        data = replace(original, **values)  # type: ignore[arg-type]
        if case_id is None:
            return ctx.cases.create(data)
        ctx.cases.update(case_id, data)
        return case_id

    officers = ctx.officers.list()
    sources = {"officers": officer_options(officers, original.officer_ids or ())}
    dialog = RecordEditorDialog(title, CASE_FIELDS, _as_dict(original), save, parent, sources)
    dialog.resize(780, 680)
    issued = _issued_forms(ctx, case_id)
    _attach_provisions(ctx, dialog, original, officers, issued)
    if case_id is not None and ctx.cases.is_locked(case_id):
        _attach_reopen(ctx, dialog, case_id)
    return dialog


def _attach_reopen(ctx: AppContext, dialog: RecordEditorDialog, case_id: int) -> None:
    """A locked case: say so, and offer 重新打开 with the reason the audit trail records."""
    dialog.set_warning(
        tr("本案已结案锁定：修改前须登记“重新打开”及理由（记入审计记录），保存后重新锁定。")
    )
    reason = QLineEdit(dialog)
    reason.setPlaceholderText(tr("重新打开的理由（必填）"))
    reason.setMinimumWidth(300)
    dialog.actions_row.insertWidget(0, reason)
    dialog.reopen_reason = reason  # type: ignore[attr-defined]

    def reopen() -> None:
        try:
            ctx.audit.reopen_case(case_id, reason.text())
        except CasedeskError as error:
            dialog.banner.setText(str(error))
            dialog.banner.show()
            return
        dialog.banner.hide()
        dialog.set_warning(
            tr("已重新打开（理由：{0}），可以修改；保存后重新锁定。").format(reason.text())
        )
        reason.hide()
        button.hide()

    button = dialog.add_action(tr("重新打开"), reopen)
    dialog.reopen_button = button  # type: ignore[attr-defined]


#: The editor fields the live checks read (a change re-checks).
PENALTY_INPUTS = (
    "fine_fen", "confiscation_fen", "warning", "suspension", "revocation", "no_penalty", "filed_on",
    "act_on", "decided_on", "notified_on", "closed_on", "other_kinds", "confiscated_items",
    "licence_hold_term", "practice_suspension_term", "reduced_subjects", "no_penalty_ground",
    "judicial_transfer", "transfer_organ", "transferred_on", "transfer_reason", "officer_ids",
    "party_type", "penalty_tier_condition", "correction_ordered_on", "hearing_notified_on",
    "statement_on", *(f.name for f in RIGHTS_FIELDS),
    # 裁量, 法制审核 and 集体讨论 (issue 14): the rules read them as typed.
    "provision_code", "discretion", "discretion_level",
    "discretion_circumstance", "discretion_ground", "complex_case", "legal_review_on",
    "legal_reviewer", "legal_review_result", "legal_review_opinion", "discussion_on",
    "discussion_host", "discussion_members", "discussion_conclusion",
)  # fmt: skip


def officer_options(rows: list[OfficerRow], on_case: tuple[int, ...]) -> list[tuple[str, int]]:
    """The officers a case may get (在职), and those already on it even if they have left."""
    return [(f"{r.name}（{r.badge_no}）" + ("" if r.active else tr("，已不在职")), r.id)
            for r in rows if r.active or r.id in on_case]  # fmt: skip


def _issued_forms(ctx: AppContext, case_id: int | None) -> frozenset[str]:
    if case_id is None:
        return frozenset()
    return frozenset(d.form_id for d in ctx.documents.list_documents(case_id=case_id)
                     if not d.voided and d.number)  # fmt: skip


def fill_conditions(dialog: RecordEditorDialog, row: ProvisionRow | None,
                    current: str | None = None) -> None:  # fmt: skip
    """The 处罚情形 choices: the first tier (empty) and the chosen provision's conditions; a
    stored value the provision does not name stays shown, so the check can say so."""
    combo = dialog.editors["penalty_tier_condition"].editor
    assert isinstance(combo, QComboBox)
    current = combo.currentText() if current is None else current
    choices = ["", *(row.conditions if row else ())]
    if current not in choices:
        choices.append(current)
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(choices)
    combo.setCurrentIndex(choices.index(current))
    combo.blockSignals(False)


def _attach_provisions(ctx: AppContext, dialog: RecordEditorDialog, original: CaseInput,
                       officers: list[OfficerRow], issued: frozenset[str]) -> None:  # fmt: skip
    """The 从条款库选择 button and the live warnings: the penalty against its provision, then
    the procedure rules (who may decide, what may be decided, by whom) — each said once."""
    rows = ctx.provisions.list()
    terms = ctx.procedure.terms()  # the 听证 thresholds and the working days, read once
    by_code = {r.code: r for r in rows}
    state: dict[str, ProvisionRow | None] = {"row": by_code.get(original.provision_code)}
    policy = policy_from_settings(ctx.office.all())  # 法制审核 / 集体讨论: the office's settings

    def value(name: str, default: object) -> object:
        try:
            found = dialog.fields_by_name[name].to_value(dialog.editors[name].raw())
        except FieldError:
            return default
        return default if found is None else found

    def typed() -> CaseInput:
        """The case as typed so far (fields that do not convert keep their stored value)."""
        values = {}
        for name in PENALTY_INPUTS:
            try:
                values[name] = dialog.fields_by_name[name].to_value(dialog.editors[name].raw())
            except FieldError:
                continue
        values["case_no"] = str(value("case_no", original.case_no))
        return replace(original, **values)

    def check() -> None:
        data = typed()
        # The whole catalogue: the check picks the version that applies (从旧兼从轻).
        lines = [fine_warning(state["row"], penalty_facts(data), rows)]
        levels = ctx.discretion.levels(data.provision_code, data.penalty_tier_condition)
        lines += [tr("法定程序：") + p.message + tr("。")
                  for p in input_problems(data, officers, state["row"], issued, terms,
                                          policy=policy, levels=levels)]  # fmt: skip
        lines += [tr("提示：") + n + tr("。") for n in provision_notices(state["row"])]
        dialog.set_warning("\n".join(line for line in lines if line))

    def pick() -> None:
        picker = ProvisionPicker(rows, dialog)
        if picker.exec() and picker.chosen is not None:
            apply(picker.chosen)

    def apply(row: ProvisionRow) -> None:
        state["row"] = row
        dialog.editors["provision_code"].set_raw(row.code)
        dialog.editors["violated_provisions"].set_raw(row.violated_article)
        dialog.editors["penalty_basis"].set_raw(row.basis_article)
        if row.cause_category in {c.value for c in CauseCategory}:
            dialog.editors["cause_category"].set_raw(row.cause_category)
        fill_conditions(dialog, row)
        check()

    dialog.pick_provision = apply  # type: ignore[attr-defined]
    dialog.legal_check = check  # type: ignore[attr-defined]
    dialog.add_check(out_of_range_check(lambda: state["row"], rows))  # no reason, no save
    dialog.add_action(tr("从条款库选择违反条款与处罚依据(&L)…"), pick)  # Alt+L
    fill_conditions(dialog, state["row"], original.penalty_tier_condition)
    for name in PENALTY_INPUTS:
        dialog.editors[name].changed.connect(check)
    check()
