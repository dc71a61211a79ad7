"""Translatable UI text: every visible string goes through tr() so lupdate can collect it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: The translation context of strings that are not inside a QObject method.
CONTEXT = "casedesk"


def tr(text: str) -> str:
    """The text in the user's language (Chinese is the source language)."""
    return QCoreApplication.translate(CONTEXT, text)
