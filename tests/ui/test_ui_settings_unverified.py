"""设置 says which shipped defaults are unverified, for every entry of the one list
(desktop.records.unverified): the note under the setting and on its tooltip, the list in its own
box (the docs and `casedesk office show`: tests/records/test_records_unverified.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.records.unverified import UNVERIFIED_DEFAULTS, UNVERIFIED_SETTINGS
from desktop.ui.pages.settings_page import SettingsPage


def _says_unverified(text: str) -> bool:
    return "未经核实" in text or "示例" in text


def test_each_unverified_setting_is_labelled_where_it_is_changed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("设置")
    assert isinstance(page, SettingsPage)
    assert set(page.notes) == set(UNVERIFIED_SETTINGS) and UNVERIFIED_SETTINGS
    for entry in UNVERIFIED_DEFAULTS:
        # Every entry, setting or not, in the page's own box with its value and where to change it.
        listed = page.unverified_label.text()
        assert entry.name in listed and entry.where in listed, entry.name
        if not entry.key:
            assert _says_unverified(entry.text()), entry.name
            continue
        hint = page.findChild(QLabel, f"office_note_{entry.key}")
        assert isinstance(hint, QLabel) and hint is page.notes[entry.key]
        text = hint.text()
        assert _says_unverified(text) and "省" in text, entry.key  # a province's matter
        assert f"casedesk office set {entry.key}=" in text, entry.key
        field = page.edits.get(entry.key) or page.choices[entry.key]
        assert field.toolTip() == text and not hint.isHidden()
