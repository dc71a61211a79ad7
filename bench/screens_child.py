"""The part of window_screens.py that runs inside Qt: one screen size, every page and editor."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QTabWidget, QWidget

TITLE_BAR = 30


def _settle(
    app: QApplication, until: Callable[[], bool] = lambda: True, seconds: float = 30
) -> None:
    """Process events until `until()` holds (the page's data arrived), then a little longer."""
    from desktop.ui.tasks import wait_for_all

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        wait_for_all(50)
        app.processEvents()
        if until():
            break
    for _ in range(10):
        app.processEvents()
        time.sleep(0.02)


def _facts(widget: QWidget, area: QRect) -> dict[str, object]:
    """Size, working area, and whether the widget and its buttons lie inside both."""
    frame = widget.frameGeometry()
    outside = [
        b.text() for b in widget.findChildren(QAbstractButton)
        if b.isVisible() and b.text() and not QRect(widget.mapTo(widget.window(), b.pos()), b.size()).intersects(
            QRect(0, 0, widget.width(), widget.height())
        )
    ]  # fmt: skip
    fits = area.contains(QRect(frame.topLeft(), widget.size()))
    hint = widget.minimumSizeHint()
    clipped = hint.width() > widget.width() or hint.height() > widget.height()
    problem = ""
    if not fits:
        problem = f"{widget.width()}×{widget.height()} at {frame.x()},{frame.y()} is off the screen"
    elif outside:
        problem = f"buttons outside: {outside}"
    elif clipped:
        problem = f"needs {hint.width()}×{hint.height()}, has {widget.width()}×{widget.height()}"
    return {"size": [widget.width(), widget.height()], "at": [frame.x(), frame.y()],
            "area": [area.width(), area.height()], "minimum": [hint.width(), hint.height()],
            "problem": problem}  # fmt: skip


def take_all(size: str, out: Path, data: Path) -> int:
    """Pictures of the window on every page, then of every editor and dialog."""
    from desktop.app import build_context
    from desktop.ui.main import build_window, make_application
    from desktop.ui.main_window import PAGE_SPECS

    app = make_application()
    area = QGuiApplication.primaryScreen().availableGeometry()
    ctx = build_context(str(data))
    window = build_window(ctx)
    window.move(area.topLeft())
    window.resize(area.width(), area.height() - TITLE_BAR)
    window.show()
    report: dict[str, dict[str, object]] = {}
    for number, spec in enumerate(PAGE_SPECS, start=1):
        page = window.show_page(spec.page_id)
        _settle(app, lambda p=page: p is not None and p.is_loaded)
        name = f"{number:02d}_page_{spec.page_id}"
        window.grab().save(str(out / f"{name}.png"))
        report[name] = _facts(window, area)
        tabs = getattr(page, "tabs", None)
        if isinstance(tabs, QTabWidget):
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                _settle(app)
                window.grab().save(str(out / f"{name}_tab{index}.png"))
            tabs.setCurrentIndex(0)
    for name, opener in _dialogs(window, ctx).items():
        dialog = opener()
        dialog.show()
        _settle(app)
        report[name] = _facts(dialog, area)
        dialog.grab().save(str(out / f"{name}.png"))
        tabs = dialog.findChild(QTabWidget)
        if tabs is not None:
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                _settle(app)
                dialog.grab().save(str(out / f"{name}_tab{index}.png"))
        if hasattr(dialog, "mark_clean"):
            dialog.mark_clean()
        dialog.close()
        dialog.deleteLater()
        _settle(app)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                     encoding="utf-8")  # fmt: skip
    window.backup_on_close = False
    window.close()
    ctx.close()
    return 0


def _dialogs(window: QWidget, ctx: object) -> dict[str, Callable[[], QDialog]]:
    """Every editor and dialog a clerk opens, on the demo district's records."""
    from sqlalchemy import select

    from database.models import Case, Complaint, Inspection, InspectionPlan, Institution, Officer
    from desktop.documents.doc_types import BatchItem, BatchResult
    from desktop.ui.dialogs.batch_result import BatchResultDialog
    from desktop.ui.dialogs.import_dialog import ImportDialog
    from desktop.ui.dialogs.inspection_editor import InspectionEditor
    from desktop.ui.dialogs.key_export import KeyExportDialog
    from desktop.ui.dialogs.provision_picker import ProvisionPicker
    from desktop.ui.dialogs.record_editors import case_editor, institution_editor
    from desktop.ui.shortcuts import ShortcutsDialog
    from desktop.ui.widgets.complaints_panel import complaint_editor
    from desktop.ui.widgets.plans_panel import plan_editor
    from desktop.ui.widgets.staff_list import staff_editor

    with ctx.uow_factory(readonly=True) as uow:  # type: ignore[attr-defined]
        s = uow.session
        case_id = s.scalar(select(Case.id).where(Case.institution_id.is_not(None),
                                                  Case.decided_on.is_not(None)))  # fmt: skip
        institution_id = s.scalar(select(Case.institution_id).where(Case.id == case_id))
        inspection_id = s.scalar(select(Inspection.id))
        plan_id = s.scalar(select(InspectionPlan.id))
        complaint_id = s.scalar(select(Complaint.id))
        staff_institution = s.scalar(select(Institution.id))
        officer_id = s.scalar(select(Officer.id))
    failures = tuple(BatchItem(i, None, "“行政处罚决定书”还不能生成：缺少处罚决定日期。")
                     for i in range(1, 13))  # fmt: skip
    batch = BatchResult(failures, cancelled=True)
    return {
        "20_case_editor": lambda: case_editor(ctx, case_id, window),  # type: ignore[arg-type]
        "21_case_editor_new": lambda: case_editor(ctx, None, window, date(2026, 11, 20)),  # type: ignore[arg-type]
        "22_institution_editor": lambda: institution_editor(ctx, institution_id, window),  # type: ignore[arg-type]
        "23_inspection_editor": lambda: InspectionEditor(ctx, inspection_id, parent=window),  # type: ignore[arg-type]
        "24_plan_editor": lambda: plan_editor(ctx, plan_id, window),  # type: ignore[arg-type]
        "25_complaint_editor": lambda: complaint_editor(ctx, complaint_id, window),  # type: ignore[arg-type]
        "26_staff_editor": lambda: staff_editor(ctx, staff_institution, None, window),  # type: ignore[arg-type]
        "27_provision_picker": lambda: ProvisionPicker(ctx.provisions.list(), window),  # type: ignore[attr-defined]
        "28_shortcuts": lambda: ShortcutsDialog(window),
        "29_batch_result": lambda: BatchResultDialog(
            "行政处罚决定书", batch, 40, Path(tempfile.gettempdir()), {}, window
        ),
        "30_import_cases": lambda: ImportDialog(ctx, "cases", window.settings, window),  # type: ignore[arg-type, attr-defined]
        "31_key_export": lambda: KeyExportDialog(window),
        "32_officer_editor": lambda: _officer_editor(window, officer_id),
        "33_preview": lambda: _preview(window),
    }


def _preview(window: QWidget) -> QDialog:
    """The preview of a generated document: a two-page A4 PDF drawn here (no LibreOffice)."""
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    from desktop.ui.document_actions import GeneratedDocument, PreviewDialog

    pdf = Path(tempfile.mkdtemp()) / "决定书.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(800, 800, "青溪区卫生健康委员会 行政处罚决定书 青卫医罚〔2026〕12号")
    writer.newPage()
    painter.drawText(800, 800, "第二页")
    painter.end()
    doc = GeneratedDocument("行政处罚决定书", "青卫医罚〔2026〕12号", None, pdf)
    return PreviewDialog(doc, window)


def _officer_editor(window: QWidget, officer_id: int) -> QDialog:
    settings = window.show_page("settings")  # type: ignore[attr-defined]
    panel = settings.officers
    return panel.open_editor(officer_id)
