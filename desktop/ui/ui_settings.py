"""Window state and last folders (QSettings in the data folder): every key declared once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

#: Keys of the window state (not preferences: nothing here changes what the app does).
GEOMETRY = "window/geometry"
STATE = "window/state"
LAST_PAGE = "window/last_page"
SPLITTER = "window/splitter/{0}"
LAST_DIR = "folders/{0}"
DEMO_OFFERED = "first_start/demo_offered"


class UiSettings:
    """Typed access to the UI's QSettings (an INI file beside the database)."""

    def __init__(self, path: Path) -> None:
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def geometry(self) -> QByteArray | None:
        """The saved window geometry."""
        value = self._qs.value(GEOMETRY)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        """Remember the window geometry."""
        self._qs.setValue(GEOMETRY, value)

    def state(self, key: str = STATE) -> QByteArray | None:
        """A saved widget state (window, splitter)."""
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_state(self, value: QByteArray, key: str = STATE) -> None:
        """Remember a widget state."""
        self._qs.setValue(key, value)

    def last_page(self) -> str:
        """The page shown when the window was closed."""
        return str(self._qs.value(LAST_PAGE, "") or "")

    def set_last_page(self, page_id: str) -> None:
        """Remember the current page."""
        self._qs.setValue(LAST_PAGE, page_id)

    def last_dir(self, kind: str) -> str:
        """The folder last used for this kind of file (import, export, documents)."""
        return str(self._qs.value(LAST_DIR.format(kind), str(Path.home())) or Path.home())

    def set_last_dir(self, kind: str, folder: Path) -> None:
        """Remember the folder of a chosen file."""
        self._qs.setValue(LAST_DIR.format(kind), str(folder))

    def text(self, key: str, default: str = "") -> str:
        """A remembered piece of text (the hidden columns of a list …)."""
        value = self._qs.value(key)
        return default if value is None else str(value)  # "" is a choice (nothing hidden)

    def set_text(self, key: str, value: str) -> None:
        """Remember a piece of text."""
        self._qs.setValue(key, value)

    def flag(self, key: str) -> bool:
        """A remembered yes/no (e.g. the demo offer was made)."""
        return str(self._qs.value(key, "false")).lower() == "true"

    def set_flag(self, key: str, value: bool = True) -> None:
        """Remember a yes/no."""
        self._qs.setValue(key, "true" if value else "false")

    def sync(self) -> None:
        """Write to disk now."""
        self._qs.sync()
