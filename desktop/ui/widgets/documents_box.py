"""The "documents of this step/record" box shared by the case and inspection detail panels."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QWidget,
)

from desktop.ui.text import tr


def add_documents_box(
    owner: QWidget, layout: QBoxLayout, title: str
) -> tuple[QListWidget, QPushButton, QLabel]:
    """A titled list of documents with 生成并预览, and the label under it for the 文号."""
    box = QGroupBox(title, owner)
    box_layout = QHBoxLayout(box)
    documents = QListWidget(box)
    box_layout.addWidget(documents, 1)
    generate = QPushButton(tr("生成并预览"), box)
    generate.setEnabled(False)
    box_layout.addWidget(generate)
    layout.addWidget(box, 1)
    label = QLabel(owner)
    label.setWordWrap(True)
    layout.addWidget(label)
    return documents, generate, label
