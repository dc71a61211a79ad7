"""Pages whose service is installed by another module: say what they will do, list what exists."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.app import AppContext
from desktop.services.case_steps import STEPS
from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.base import Page
from desktop.ui.text import tr
from desktop.ui.ui_settings import UiSettings
from desktop.ui.widgets.table_view import make_table, size_columns


class PendingPage(Page):
    """A page with a heading and an explanation until its service is present."""

    SERVICE = ""
    INTRO = ""

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(f"<h2>{tr(self.TITLE)}</h2>", self)
        self.layout_.addWidget(heading)
        self.intro = QLabel(tr(self.INTRO), self)
        self.intro.setWordWrap(True)
        self.layout_.addWidget(self.intro)
        if self.SERVICE and getattr(self.ctx, self.SERVICE, None) is None:
            note = QLabel(tr("该功能模块尚未安装到本版本中。"), self)
            note.setStyleSheet("color:#8a6d00;")
            self.layout_.addWidget(note)

    def add_stretch(self) -> None:
        """Push the content up."""
        self.layout_.addStretch(1)


class InspectionsPage(PendingPage):
    """检查: plans, the 双随机 draw and inspection records."""

    PAGE_ID = "inspections"
    TITLE = "检查"
    SERVICE = "inspections"
    INTRO = (
        "监督检查：工作方案（双随机联合检查、专项整治、日常监督、“回头看”）、双随机抽取、"
        "检查记录与检查表；发现问题可直接立案。"
    )

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.add_stretch()


#: Every document of the procedure with its step, from the same data as the case timeline.
DOCUMENT_ROWS = tuple((doc, step.name) for step in STEPS for doc in step.documents)


class DocumentsPage(PendingPage):
    """文书: the document types of the procedure and the generated documents."""

    PAGE_ID = "documents"
    TITLE = "文书"
    SERVICE = "documents"
    INTRO = (
        "各环节执法文书按《卫生行政执法文书规范》从案件记录生成（DOCX/PDF），文号由文号登记簿"
        "统一分配、不重号不跳号。在“案件”页选择案件与环节即可生成、预览、打印。"
    )

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        columns = (
            ColumnSpec(tr("文书"), lambda r: r[0], 14),
            ColumnSpec(tr("环节"), lambda r: r[1], 8),
        )
        self.model = RowsTableModel(columns, self)
        self.model.set_rows(DOCUMENT_ROWS)
        view = make_table(self)
        view.setModel(self.model)
        size_columns(view, [14, 8])
        self.layout_.addWidget(view, 1)


class ReportsPage(PendingPage):
    """报表: the annex tables for a period."""

    PAGE_ID = "reports"
    TITLE = "报表"
    SERVICE = "reports"
    INTRO = (
        "附表1 医疗美容机构监督检查工作信息汇总表、附表2 无证医疗美容场所“回头看”排查情况、"
        "山西附件1 医疗美容专项整治工作汇总表、典型案例报送目录：按统计期间从案件记录计算，"
        "导出 Excel / Word。"
    )

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.add_stretch()


class PacketsPage(PendingPage):
    """报送: the case file (卷宗) as one PDF and the campaign packet."""

    PAGE_ID = "packets"
    TITLE = "报送"
    SERVICE = "packets"
    INTRO = (
        "案件卷宗按规定顺序合成一个 PDF（卷内目录、书签、页码）；专项整治报送材料包含工作总结、"
        "附表与典型案例。"
    )

    def __init__(
        self, ctx: AppContext, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, settings, parent)
        self.add_stretch()


__all__ = ["DocumentsPage", "InspectionsPage", "PacketsPage", "ReportsPage"]
