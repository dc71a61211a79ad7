"""Pieces shared by the case and inspection detail panels: summary, titled table, documents box."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.columns import ColumnSpec
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.text import tr
from desktop.ui.widgets.table_view import make_table, size_columns


def add_summary(owner: QWidget, layout: QBoxLayout, placeholder: str) -> QLabel:
    """The wrapped heading line of a detail panel, showing `placeholder` until a record is chosen."""
    summary = QLabel(placeholder, owner)
    summary.setWordWrap(True)
    summary.setStyleSheet("padding:6px;")
    layout.addWidget(summary)
    return summary


def add_table_box(
    owner: QWidget, layout: QBoxLayout, title: str, columns: Sequence[ColumnSpec]
) -> tuple[RowsTableModel, QTableView, QVBoxLayout]:
    """A titled box holding a table of these columns (sized from their widths)."""
    box = QGroupBox(title, owner)
    box_layout = QVBoxLayout(box)
    model = RowsTableModel(columns, owner)
    view = make_table(box)
    view.setModel(model)
    size_columns(view, [c.width for c in columns])
    box_layout.addWidget(view)
    layout.addWidget(box, 3)
    return model, view, box_layout


def add_documents_box(
    owner: QWidget, layout: QBoxLayout, title: str
) -> tuple[QListWidget, QPushButton, QLabel]:
    """A titled list of documents with 生成并预览, and the label under it for the 文号."""
    box = QGroupBox(title, owner)
    box_layout = QHBoxLayout(box)
    documents = QListWidget(box)
    # At most three titles high (a step has one to four; the list scrolls): on a 768-pixel
    # screen at 125 % the table above needs the room more.
    documents.setMaximumHeight(documents.fontMetrics().height() * 3 + 10)
    box_layout.addWidget(documents, 1)
    generate = QPushButton(tr("生成并预览"), box)
    generate.setEnabled(False)
    box_layout.addWidget(generate)
    layout.addWidget(box, 1)
    label = QLabel(owner)
    label.setWordWrap(True)
    layout.addWidget(label)
    return documents, generate, label
