"""Creating an institution and a case through the editors: a validation error, then a fix."""

from __future__ import annotations

from datetime import date

from desktop.app import AppContext
from desktop.cases.cases import CaseFilter
from desktop.records.institutions import InstitutionFilter
from desktop.ui.dialogs.record_editors import case_editor, institution_editor
from forms.validators import make_credit_code

GOOD_CODE = make_credit_code("91310112MA1GB3X8")


def test_institution_editor_error_then_fix(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = institution_editor(ctx)
    qtbot.addWidget(dialog)
    dialog.editors["credit_code"].editor.setText(
        GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")
    )
    assert dialog.try_save() is False
    assert dialog.error_of("name") == "不能为空。"
    assert "校验" in dialog.error_of("credit_code") or dialog.error_of("credit_code")
    assert ctx.institutions.list() == []

    dialog.editors["name"].editor.setText("青溪新颜医疗美容诊所")
    dialog.editors["kind"].editor.setCurrentText("医疗美容诊所")
    dialog.editors["credit_code"].editor.setText(GOOD_CODE)
    dialog.editors["subjects"].editor.setText("医疗美容科、美容外科")
    assert dialog.try_save() is True
    assert dialog.error_of("name") == ""
    saved = ctx.institutions.get(dialog.saved_id)
    assert saved.data.name == "青溪新颜医疗美容诊所"
    assert saved.subjects == ("医疗美容科", "美容外科")
    assert ctx.institutions.list(InstitutionFilter(search=GOOD_CODE))[0].id == dialog.saved_id


def test_case_editor_error_then_fix(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    edit = dialog.editors
    edit["case_no"].editor.setText("青卫医案〔2026〕1号")
    edit["party_name"].editor.setText("张某某")
    edit["party_type"].editor.setCurrentText("个人")
    edit["cause"].editor.setText("张某某未取得医师执业证书开展医疗美容案")
    edit["fine_fen"].editor.setText("20000")
    assert edit["fine_fen"].hint.text() == "人民币贰万元整"
    # A fine without a decision date is refused by the service, named under its field.
    assert dialog.try_save() is False
    assert dialog.error_of("decided_on") == "填写了处罚内容，但没有处罚决定日期。"
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "环节日期"
    edit["fine_fen"].editor.setText("12.345")
    assert dialog.try_save() is False
    assert "两位小数" in dialog.error_of("fine_fen")
    assert ctx.cases.count() == 0

    edit["fine_fen"].editor.setText("20000")
    edit["decided_on"].set_raw(date(2026, 4, 1))
    assert dialog.try_save() is True
    stored = ctx.cases.get(dialog.saved_id)
    assert stored.fine_fen == 2_000_000
    assert stored.decided_on == date(2026, 4, 1)
    assert stored.filed_on == date(2026, 3, 2)
    assert ctx.cases.list(CaseFilter(search="张某某"))[0].status == "决定"


def test_provision_picker_fills_the_legal_wording_and_warns_on_range(
    qtbot, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.dialogs.provision_picker import ProvisionPicker

    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    rows = ctx.provisions.list()
    ranged = next(r for r in rows if r.max_fine_fen)

    def nothing_but_notes() -> bool:
        """No warning left but the 提示 of an unverified row (test_ui_notices.py)."""
        lines = dialog.warning.text().splitlines() if not dialog.warning.isHidden() else []
        return all(line.startswith("提示：") for line in lines) and len(lines) <= 1

    picker = ProvisionPicker(rows, dialog)
    qtbot.addWidget(picker)
    picker.search.setText(ranged.violation)
    chosen = picker.choose(0)
    assert chosen.code == ranged.code
    dialog.pick_provision(chosen)
    assert dialog.editors["violated_provisions"].raw() == ranged.violated_article
    assert dialog.editors["penalty_basis"].raw() == ranged.basis_article
    assert dialog.editors["provision_code"].raw() == ranged.code
    # Until the 违法行为发生日期 is typed, the 立案日期 stands in, and the check says so.
    assert "未填写违法行为发生日期，按立案日期2026-03-02适用" in dialog.warning.text()
    dialog.editors["act_on"].set_raw(date(2026, 2, 20))
    assert nothing_but_notes()
    dialog.editors["fine_fen"].editor.setText(str(ranged.max_fine_fen // 100 + 1))
    assert "上限" in dialog.warning.text() and not dialog.warning.isHidden()
    assert ranged.basis_article in dialog.warning.text()
    dialog.editors["fine_fen"].editor.setText(str(ranged.max_fine_fen // 100))
    assert nothing_but_notes()


def test_the_editor_checks_fines_in_multiples_of_illegal_income(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """YLJG-01: 违法所得五倍以上二十倍以下, 不足一万元按一万元 — the decision's own rules, live."""
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    row = next(r for r in ctx.provisions.list() if r.code == "YLJG-01")
    dialog.pick_provision(row)
    dialog.editors["act_on"].set_raw(date(2026, 2, 20))
    fine, income = dialog.editors["fine_fen"].editor, dialog.editors["confiscation_fen"].editor
    fine.setText("60000")
    # 第九十九条第一款: 责令停止执业活动 goes with the fine, and is missing until ticked.
    assert "应当给予责令停止执业活动" in dialog.warning.text()
    dialog.editors["suspension"].set_raw(True)
    assert "无法核对" in dialog.warning.text()  # no 违法所得 recorded yet: said, not guessed

    def only_the_goods_note() -> bool:
        """Only what the case cannot record yet (没收药品、医疗器械) is left to say."""
        text = dialog.warning.text()
        return text.startswith("请核对处罚：《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款规定"
                               "没收非法财物，案件未记录") and text.count("应当予以没收") == 1  # fmt: skip

    income.setText("2000")  # counts as 10,000: 50,000–200,000
    assert only_the_goods_note()
    fine.setText("200001")
    assert "上限" in dialog.warning.text() and "按" in dialog.warning.text()
    income.setText("30000")  # 150,000–600,000
    fine.setText("149999")
    assert "下限" in dialog.warning.text()
    fine.setText("150000")
    assert only_the_goods_note()
    dialog.editors["warning"].set_raw(True)  # 第九十九条 sets no 警告
    assert "不设警告" in dialog.warning.text()


def test_the_editor_offers_the_provisions_tiers_and_checks_the_chosen_one(
    qtbot, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    """YF-03: 5,000–10,000 元 first; 1–3 万 only after a recorded 逾期不改正 with its 责令改正日期."""
    dialog = case_editor(ctx, today=date(2026, 3, 2))
    qtbot.addWidget(dialog)
    combo = dialog.editors["penalty_tier_condition"].editor
    assert [combo.itemText(i) for i in range(combo.count())] == [""]
    dialog.pick_provision(ctx.provisions.get("YF-03"))
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "逾期不改正", "造成危害后果"]
    dialog.editors["act_on"].set_raw(date(2026, 2, 20))
    dialog.editors["decided_on"].set_raw(date(2026, 4, 1))
    dialog.editors["fine_fen"].editor.setText("20000")
    assert "超过《医疗废物管理条例》第四十七条第一项规定的上限¥10,000.00" in dialog.warning.text()
    dialog.editors["penalty_tier_condition"].set_raw("逾期不改正")
    assert "请填写责令改正日期" in dialog.warning.text()
    dialog.editors["correction_ordered_on"].set_raw(date(2026, 2, 1))
    # The penalty fits; what is left is who decides (no 执法人员 picked yet).
    assert "请核对处罚" not in dialog.warning.text()
    assert (
        dialog.warning.text().startswith("法定程序：")
        and "执法人员只有0名" in dialog.warning.text()
    )
    dialog.editors["warning"].set_raw(True)  # the 逾期 tier is the fine alone
    assert "（逾期不改正）不设警告" in dialog.warning.text()
    dialog.editors["warning"].set_raw(False)
    for name, value in (("case_no", "青卫医罚〔2026〕9号"), ("party_name", "青溪悦容医疗美容门诊部"),
                        ("cause", "将医疗废物混入生活垃圾案")):  # fmt: skip
        dialog.editors[name].set_raw(value)
    assert dialog.try_save() is True
    # Reopened, the editor shows the stored 处罚情形 among the row's conditions.
    again = case_editor(ctx, dialog.saved_id)
    qtbot.addWidget(again)
    combo = again.editors["penalty_tier_condition"].editor
    assert combo.currentText() == "逾期不改正" and combo.count() == 3
    assert again.editors["correction_ordered_on"].raw() == date(2026, 2, 1)
    assert "请核对处罚" not in again.warning.text() and "执法人员只有0名" in again.warning.text()


def test_a_locked_case_is_reopened_with_a_reason_then_saved(qtbot, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from database.models import Case

    ctx = demo_ctx
    with ctx.uow_factory(readonly=True) as uow:
        case_id = uow.session.scalars(select(Case.id).where(Case.locked.is_(True))).first()
    assert case_id is not None
    dialog = case_editor(ctx, case_id)
    qtbot.addWidget(dialog)
    assert "已结案锁定" in dialog.warning.text()
    dialog.editors["facts"].set_raw(ctx.cases.get(case_id).facts + "（补正笔误）")
    assert not dialog.try_save()
    assert "重新打开" in dialog.banner.text()
    dialog.reopen_button.click()  # no reason: refused
    assert "重新打开理由" in dialog.banner.text() and ctx.cases.is_locked(case_id)
    dialog.reopen_reason.setText("违法事实笔误，经科室负责人同意补正")
    dialog.reopen_button.click()
    assert not ctx.cases.is_locked(case_id) and "已重新打开" in dialog.warning.text()
    assert dialog.reopen_button.isHidden()
    assert dialog.try_save(), dialog.banner.text()
    assert ctx.cases.get(case_id).facts.endswith("（补正笔误）")
    assert ctx.cases.is_locked(case_id)  # saved closed: locked again
    actions = [e.action for e in ctx.audit.history("case", case_id)]
    assert "重新打开" in actions and actions[-1] == "修改"
    assert ctx.audit.verify().ok
