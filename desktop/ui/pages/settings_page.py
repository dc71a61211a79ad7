"""设置: the office data (机关名称 …) from OFFICE_KEYS; PDF converters; the key export; backup,
audit check and holiday years (MaintenanceBox)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.app import AppContext
from desktop.common.errors import ValidationError
from desktop.documents.converters import ConverterReport
from desktop.records.office import OFFICE_KEYS
from desktop.records.unverified import UNVERIFIED_DEFAULTS, setting_note
from desktop.trust.crypto import export_key
from desktop.ui.dialogs.field_test_dialog import FieldTestDialog, self_test_command
from desktop.ui.dialogs.key_export import KeyExportDialog
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page
from desktop.ui.tasks import run_in_background
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.checklists_panel import ChecklistsPanel
from desktop.ui.widgets.field_widgets import ERROR_STYLE, label_text
from desktop.ui.widgets.holidays_panel import HolidaysPanel
from desktop.ui.widgets.maintenance_box import MaintenanceBox
from desktop.ui.widgets.officers_panel import OfficersPanel

#: The unverified-default notes: grey, smaller than the field.
NOTE_STYLE = "color:#5f6368; font-size:12px"


class SettingsPage(Page):
    """Office settings; every key, label and required flag comes from OFFICE_KEYS."""

    PAGE_ID = "settings"
    TITLE = "设置"

    #: A check the clerk started here (重新检测) found this: the main window's warning follows it.
    converters_checked = Signal(object)

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.edits: dict[str, QLineEdit] = {}
        #: Settings with a fixed list of values (SettingKey.choices), e.g. the PDF converter.
        self.choices: dict[str, QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        #: The note under each setting whose default is unverified (desktop.records.unverified).
        self.notes: dict[str, QLabel] = {}
        self._setup_ui()
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.export_key_button.clicked.connect(self._on_export_key_button_clicked)
        self.recheck_button.clicked.connect(self._on_recheck_button_clicked)
        self.field_test_button.clicked.connect(self._on_field_test_button_clicked)
        self.converters: ConverterReport | None = None
        self.key_dialog: KeyExportDialog | None = None
        self.field_dialog: FieldTestDialog | None = None

    def _unverified_box(self, parent: QWidget) -> QGroupBox:
        """Every shipped default nobody here has read in its source, with where to change it
        (the 裁量基准 and the 公示 rules are not settings of this page)."""
        box = QGroupBox(tr("未经核实的默认值（省级规定，请按本省规定核对后修改）"), parent)
        column = QVBoxLayout(box)
        self.unverified_label = QLabel(
            "\n".join(f"• {tr(d.name)}：{tr(d.text())}" for d in UNVERIFIED_DEFAULTS), box
        )
        self.unverified_label.setWordWrap(True)
        self.unverified_label.setObjectName("unverified_defaults")
        column.addWidget(self.unverified_label)
        return box

    def _setup_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        # One tab per kind of setting: the office data with its save button, then the lists a
        # clerk maintains (执法人员, 检查清单, 节假日), then data and backups.
        self.tabs = QTabWidget(self)
        outer.addWidget(self.tabs, 1)
        office = QWidget()
        office_layout = QVBoxLayout(office)
        office_layout.setContentsMargins(0, 6, 0, 0)
        scroll = QScrollArea(office)
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        box = QGroupBox(tr("单位信息（用于文书抬头、文号、救济途径与报表）"), body)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in OFFICE_KEYS:
            field: QWidget
            if key.choices:
                combo = QComboBox(box)
                for value, words in key.choices:
                    combo.addItem(tr(words), value)
                field = self.choices[key.key] = combo
            else:
                edit = QLineEdit(box)
                if key.default:
                    edit.setPlaceholderText(key.default)
                field = self.edits[key.key] = edit
            field.setObjectName(f"office_{key.key}")
            error = QLabel(box)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            holder = QWidget(box)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(field)
            label = QLabel(label_text(key))
            note = setting_note(key.key)
            if note:  # a default nobody has read in its source: said where it is changed
                hint = QLabel(tr(note), box)
                hint.setWordWrap(True)
                hint.setStyleSheet(NOTE_STYLE)
                hint.setObjectName(f"office_note_{key.key}")
                column.addWidget(hint)
                self.notes[key.key] = hint
                label.setToolTip(tr(note))
                field.setToolTip(tr(note))
            column.addWidget(error)
            form.addRow(label, holder)
            self.errors[key.label] = error
        layout.addWidget(box)
        layout.addWidget(self._unverified_box(body))
        converters = QGroupBox(tr("PDF 转换程序"), body)
        self.converter_form = QFormLayout(converters)
        self.converter_message = QLabel(tr("正在检测……"), converters)
        self.converter_message.setWordWrap(True)
        self.recheck_button = QPushButton(tr("重新检测"), converters)
        message_row = QHBoxLayout()
        message_row.addWidget(self.converter_message, 1)
        message_row.addWidget(self.recheck_button)
        self.converter_form.addRow(message_row)
        self.converter_labels: dict[str, QLabel] = {}
        layout.addWidget(converters)
        fonts = QGroupBox(tr("文书字体"), body)
        fonts_layout = QVBoxLayout(fonts)
        #: Which official fonts are installed and what prints instead (filled with the check).
        self.fonts_label = QLabel(tr("正在检测……"), fonts)
        self.fonts_label.setWordWrap(True)
        self.fonts_label.setObjectName("fonts_report")
        fonts_layout.addWidget(self.fonts_label)
        layout.addWidget(fonts)
        layout.addStretch(1)
        scroll.setWidget(body)
        office_layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.message = QLabel(office)
        row.addWidget(self.message, 1)
        self.save_button = QPushButton(tr("保存设置"), office)
        row.addWidget(self.save_button)
        office_layout.addLayout(row)
        self.tabs.addTab(office, tr("单位信息"))
        self.officers = OfficersPanel(self.ctx, self)
        self.tabs.addTab(_scrolled(self.officers), tr("执法人员与回避"))
        self.checklists = ChecklistsPanel(self.ctx, self)
        self.tabs.addTab(_scrolled(self.checklists), tr("检查清单"))
        self.holidays = HolidaysPanel(self.ctx, self)
        self.tabs.addTab(_scrolled(self.holidays), tr("节假日与调休"))
        data = QWidget()
        data_layout = QVBoxLayout(data)
        data_layout.setContentsMargins(0, 6, 0, 0)
        info = QGroupBox(tr("数据"), data)
        info_layout = QFormLayout(info)
        info_layout.addRow(tr("数据目录"), QLabel(str(self.ctx.data_dir)))
        info_layout.addRow(tr("数据库"), QLabel(_safe_url(self.ctx.database_url)))
        key_row = QHBoxLayout()
        self.key_message = QLabel(tr("密钥文件与口令请分开保管。"), info)
        self.key_message.setWordWrap(True)
        key_row.addWidget(self.key_message, 1)
        self.export_key_button = QPushButton(tr("导出密钥备份…"), info)
        key_row.addWidget(self.export_key_button)
        info_layout.addRow(tr("加密密钥"), key_row)
        data_layout.addWidget(info)
        self.maintenance = MaintenanceBox(self.ctx, self.settings, data)
        data_layout.addWidget(self.maintenance)
        field = QGroupBox(tr("现场自检"), data)
        field_row = QHBoxLayout(field)
        field_text = QLabel(tr("在本机逐一测试各 PDF 转换程序、打印比例、系统密钥库、字体、屏幕和"
                               "文件占用，写出中文报告（不动用您的数据）。"), field)  # fmt: skip
        field_text.setWordWrap(True)
        field_row.addWidget(field_text, 1)
        self.field_test_button = QPushButton(tr("现场自检…"), field)
        field_row.addWidget(self.field_test_button)
        data_layout.addWidget(field)
        data_layout.addStretch(1)
        self.tabs.addTab(_scrolled(data), tr("数据与备份"))

    def refresh(self) -> None:
        """Read the stored values."""
        run_in_background(self.ctx.office.all, self._on_loaded, lambda e: show_error(self, e))
        if self.converters is None:  # normally the start-up check has delivered it already
            self.recheck_converters()
        self.maintenance.refresh()
        self.holidays.refresh()
        self.officers.refresh()
        self.checklists.refresh()

    def recheck_converters(self) -> None:
        """Look for the office suites again (e.g. after LibreOffice was installed)."""
        self.recheck_button.setEnabled(False)

        def done(report: ConverterReport) -> None:
            self.recheck_button.setEnabled(True)
            self.show_converters(report)
            self.converters_checked.emit(report)

        def failed(error: BaseException) -> None:
            self.recheck_button.setEnabled(True)
            show_error(self, error)

        run_in_background(self.ctx.documents.check_converters, done, failed)

    def show_converters(self, report: ConverterReport) -> None:
        """Which office suites can make PDFs here, and what to install when none can."""
        self.converters = report
        self.converter_message.setText(report.message)
        colour = "#1b5e20" if report.any_available else "#b3261e"
        self.converter_message.setStyleSheet(f"color:{colour};")
        for status in report.converters:
            label = self.converter_labels.get(status.id)
            if label is None:
                label = QLabel(self)
                label.setWordWrap(True)
                self.converter_form.addRow(tr(status.name), label)
                self.converter_labels[status.id] = label
            state = tr("可用") if status.available else tr("未检测到")
            label.setText(f"{state}　<span style='color:#5f6368'>{status.detail}</span>")
        if report.fonts is not None:
            lines = [report.fonts.message, *(f.line() for f in report.fonts.fonts)]
            self.fonts_label.setText("\n".join(lines))

    def export_key_to(self, path: Path, passphrase: str) -> None:
        """Write the wrapped key file in the background; the outcome shows beside the button."""
        ctx = self.ctx

        def done(_none: object) -> None:
            self.key_message.setStyleSheet("color:#1b5e20;")
            self.key_message.setText(tr("密钥已导出到 {0}，请与口令分开保管。").format(path))
            self.status.emit(tr("密钥已导出。"))

        def failed(error: BaseException) -> None:
            self.key_message.setStyleSheet(ERROR_STYLE)
            self.key_message.setText(tr("密钥未导出：{0}").format(error))

        run_in_background(
            lambda: export_key(ctx.engine, ctx.cipher, path, passphrase), done, failed, write=True
        )

    def _on_export_key_button_clicked(self) -> None:
        start = str(Path(self.settings.last_dir("key")) / "casedesk-密钥备份.key")
        name, _f = QFileDialog.getSaveFileName(self, tr("导出密钥备份"), start)
        if not name:
            return
        self.settings.set_last_dir("key", Path(name).parent)
        self.key_dialog = KeyExportDialog(self)
        if self.key_dialog.exec():
            self.export_key_to(Path(name), self.key_dialog.passphrase())

    def values(self) -> dict[str, str]:
        """What the form shows now."""
        values = {key: edit.text() for key, edit in self.edits.items()}
        values.update({key: str(combo.currentData()) for key, combo in self.choices.items()})
        return values

    def save(self) -> bool:
        """Store the values; required ones left empty are marked under their fields."""
        for label in self.errors.values():
            label.hide()
        try:
            self.ctx.office.save(self.values())
        except ValidationError as error:
            for item in error.errors:
                shown = self.errors.get(item.field)
                if shown is not None:
                    shown.setText(item.message)
                    shown.show()
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(
                tr("有 {0} 项必填内容未填写，设置未保存。").format(len(error.errors))
            )
            return False
        self.message.setStyleSheet("color:#1b5e20;")
        self.message.setText(tr("设置已保存。"))
        return True

    def _on_loaded(self, values: dict[str, str]) -> None:
        for key, edit in self.edits.items():
            edit.setText(values.get(key, ""))
        defaults = {k.key: k.default for k in OFFICE_KEYS}
        for key, combo in self.choices.items():
            # A value typed before the list existed ("Word", " wps") is matched as the converter
            # reads it (stripped, lower case); anything else shows the default until saved.
            index = combo.findData(values.get(key, "").strip().lower())
            combo.setCurrentIndex(index if index >= 0 else combo.findData(defaults[key]))
        self.mark_loaded()

    def start_field_test(self) -> FieldTestDialog:
        """Run `casedesk-cli --self-test --full` in its own process, its lines in a dialog."""
        from desktop.field_test import default_report_path

        report = default_report_path(self.ctx.data_dir / "自检报告")
        program, arguments = self_test_command(report, self.ctx.data_dir)
        self.field_dialog = FieldTestDialog(report, program, arguments, self)
        self.field_dialog.show()
        return self.field_dialog

    def _on_field_test_button_clicked(self) -> None:
        self.start_field_test()

    def _on_recheck_button_clicked(self) -> None:
        self.recheck_converters()

    def _on_save_button_clicked(self) -> None:
        self.save()


def _scrolled(widget: QWidget) -> QScrollArea:
    """A tab's content in a frameless scroll area: a small window scrolls instead of growing."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _safe_url(url: str) -> str:
    """The database URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
