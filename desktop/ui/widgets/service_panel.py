"""What the 报送 page's panels share: the services, the UI settings and the progress panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.ui_settings import UiSettings


class ServicePanel(QWidget):
    """A panel that runs long builds: `track` shows one in the window's progress panel."""

    def __init__(
        self,
        ctx: AppContext,
        settings: UiSettings,
        track: Callable[[TaskHandle], TaskHandle],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self._track = track
        #: Whether a build of this panel is running (its buttons are disabled meanwhile).
        self.running = False
        self._setup_ui()

    def _setup_ui(self) -> None:
        """Build the panel's widgets (each panel has its own)."""
