"""Start the desktop app: QApplication, error hook, first-start demo offer, optional screenshot.

`start_gui` paints the window first and opens the database in the background (the clerk sees
the window at once); `run_gui` is the same with a context that is already open.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import paths
from desktop.common.errors import CasedeskError
from desktop.ui.errors import configure_logging, install_excepthook, show_error
from desktop.ui.main_window import DEFAULT_SIZE, MainWindow
from desktop.ui.tasks import (
    cancel_all,
    collect_garbage_on_gui_thread,
    run_in_background,
    wait_for_all,
)
from desktop.ui.text import tr
from desktop.ui.ui_settings import DEMO_OFFERED, UiSettings

if TYPE_CHECKING:
    from desktop.app import AppContext
    from desktop.ui.pages.base import Page

#: Modules that use PySide6 as far as its `__feature__` switch is concerned (see below).
QT_USING_MODULES = ("desktop.ui", "PySide6", "shiboken6", "pytestqt")


def skip_feature_source_scan() -> bool:
    """Stop PySide6 reading the source of every module imported after it.

    PySide6 replaces `__import__` so that `from __feature__ import snake_case` can be chosen per
    module, and decides whether a new module "uses PySide" by searching its source text
    (inspect.getsource): about 0.25 ms per module, some 0.1 s of the 工作台's start for the
    400-odd SQLAlchemy, database and service modules the window imports after Qt. casedesk never
    selects a feature, so the answer only matters for modules that could: decide it by name.
    Returns whether PySide6 had the hook (an internal; left alone if it is gone)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False

    def uses_pyside(module: object) -> bool:
        return str(getattr(module, "__name__", "")).startswith(QT_USING_MODULES)

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010  # an internal of PySide6
    return True


skip_feature_source_scan()

#: Fonts tried in order for Chinese text (Windows, domestic Linux, Debian).
CJK_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei")
#: Give up waiting for data after this long when taking a screenshot.
SCREENSHOT_TIMEOUT_MS = 60_000
#: The UI state file, beside the database.
UI_SETTINGS_FILE = "ui.ini"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with a Chinese-capable UI font."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("casedesk")
    app.setApplicationDisplayName(tr("卫生监督执法文书工作站"))
    install_qt_translations(app)
    collect_garbage_on_gui_thread()
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    return app


#: Qt's own strings in Chinese (file and print dialogs, 是/否, the calendar's tool tips); the
#: installer keeps this file in the bundle (installer/bundle_rules.QT_TRANSLATIONS_KEPT).
QT_TRANSLATION = "qtbase_zh_CN"


def qt_translation_folders() -> list[Path]:
    """Where Qt's translations are: Qt's own path, else the PySide6 package's (a frozen bundle
    keeps them under PySide6/Qt/translations on Linux and PySide6/translations on Windows)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        package / "Qt" / "translations",
        package / "translations",
    ]


#: Qt strings its zh_CN translation lacks (Qt 6 renamed them), by (context, source text): the
#: non-native file dialog of the Linux desktops and the print dialog showed them in English.
QT_MISSING_ZH_CN = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintSettingsOutput", "Page &Set:"): "页面范围(&S)：",
}


class MissingQtStrings(QTranslator):
    """Translates the few Qt strings qtbase_zh_CN.qm does not have (QT_MISSING_ZH_CN)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string) lets Qt ask the next translator; "" would blank the text.
        return QT_MISSING_ZH_CN.get((context, source))


def install_qt_translations(app: QApplication) -> bool:
    """Chinese everywhere Qt draws its own words: the zh_CN locale (the calendar's month and day
    names, number and date formats) and Qt's translations (是/否, 显示详细信息, the print and
    file dialogs' “查找范围” …)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if getattr(app, "_casedesk_translator", None) is not None:
        return True
    translator = QTranslator(app)
    if not any(translator.load(QT_TRANSLATION, str(f)) for f in qt_translation_folders()):
        return False
    app.installTranslator(translator)
    supplement = MissingQtStrings(app)
    app.installTranslator(supplement)  # the last installed is asked first
    app._casedesk_translator = (translator, supplement)  # type: ignore[attr-defined]  # alive
    return True


def build_window(ctx: AppContext) -> MainWindow:
    """The main window on an open context, its settings file in the data folder."""
    return MainWindow(UiSettings(ctx.data_dir / UI_SETTINGS_FILE), ctx)


def offer_demo(window: MainWindow) -> None:
    """On an empty database, once, offer to load the 青溪区 demo district."""
    from datetime import date

    from desktop.cases.cases import CaseFilter

    ctx = window.ctx
    if ctx is None or window.settings.flag(DEMO_OFFERED):
        return
    if ctx.cases.count(CaseFilter()) > 0 or ctx.institutions.list():
        return
    from desktop.demo.district import DemoOptions, load_demo  # only for an empty database

    window.settings.set_flag(DEMO_OFFERED)
    answer = QMessageBox.question(
        window,
        tr("首次使用"),
        tr("数据库是空的。是否载入示例辖区（青溪区：虚构的机构与案件），便于熟悉各项功能？"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def loaded(summary: object) -> None:
        ctx.case_search.invalidate()
        window.statusBar().showMessage(str(summary), 10_000)
        page = window.current_page()
        if page is not None:
            page.refresh()

    run_in_background(
        lambda: load_demo(ctx.uow_factory, DemoOptions(today=date.today())),
        loaded,
        lambda e: show_error(window, e),
        write=True,
    )


def run_gui(ctx: AppContext, page: str = "", screenshot: Path | None = None) -> int:
    """Open the window on an open context (on `page`); with `screenshot`, save it and exit."""
    app = make_application()
    configure_logging(ctx.data_dir / "logs")
    window = build_window(ctx)
    return _run(app, window, page, screenshot, owns_context=False)


def start_gui(
    data_dir: str | None = None,
    db_url: str | None = None,
    page: str = "",
    screenshot: Path | None = None,
) -> int:
    """Paint the window at once, open (and upgrade) the database in the background."""
    app = make_application()
    folder = paths.data_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    configure_logging(folder / "logs")
    window = MainWindow(UiSettings(folder / UI_SETTINGS_FILE))

    def open_database() -> AppContext:
        from desktop.trust import key_file

        # The key file's scrypt runs on a thread beside the imports below (it lets go of the GIL).
        key_file.derive_ahead(folder, key_file.env_passphrase())
        try:
            from desktop.app import build_context

            # The start-up check runs after the first page has its data (check_at_start).
            return build_context(str(folder), db_url)
        finally:
            key_file.forget_ahead()

    def failed(error: BaseException) -> None:
        if screenshot is None and _asked_for_passphrase(window, error):
            QTimer.singleShot(0, open_now)  # try again with the passphrase the clerk typed
            return
        if screenshot is None and _imported_key_backup(window, error, folder, db_url):
            QTimer.singleShot(0, open_now)  # try again with the imported key
            return
        if not isinstance(error, CasedeskError):  # database location, locked file, bad URL …
            wrapped = CasedeskError(tr("无法打开数据库：{0}").format(error))
            wrapped.__cause__ = error
            error = wrapped
        print(tr("错误：{0}").format(error), file=sys.stderr)
        box = show_error(window, error, tr("无法打开数据库"))
        box.finished.connect(lambda _r: app.exit(1))
        if screenshot is not None:
            app.exit(1)

    def open_now() -> None:
        # On the GUI thread, right after the first frame: a worker thread importing SQLAlchemy
        # and Alembic next to a running event loop was measured 4× slower (one GIL).
        try:
            ctx = open_database()
        except Exception as error:  # shown as a Chinese message, then the app exits
            failed(error)
            return
        window.statusBar().clearMessage()
        window.attach(ctx)
        # What an interrupted run left behind is repaired, and the 工作台 shows it, once the
        # first page has its data; the log keeps the report.
        window.check_at_start()

    # In the first frame already, which then need not be painted again before the opening.
    window.statusBar().showMessage(tr("正在打开数据库……"))
    window.first_painted.connect(open_now)
    return _run(app, window, page, screenshot, owns_context=True)


def _asked_for_passphrase(window: MainWindow, error: BaseException) -> bool:
    """On a computer without a working keyring (none, or one that fails), ask for the key-file
    passphrase instead of giving up."""
    import os

    from desktop.trust.crypto import ENV_KEY_PASSPHRASE, KeyUnavailableError
    from desktop.ui.dialogs.key_passphrase import ask_key_passphrase

    if not isinstance(error, KeyUnavailableError) or not error.passphrase_helps:
        return False
    if os.environ.get(ENV_KEY_PASSPHRASE):
        return False  # a passphrase was given and did not open the key: report, do not loop
    passphrase = ask_key_passphrase(window)
    if passphrase is None:
        return False
    os.environ[ENV_KEY_PASSPHRASE] = passphrase
    return True


def _imported_key_backup(
    window: MainWindow, error: BaseException, folder: Path, db_url: str | None
) -> bool:
    """The database's key cannot be read (new or reinstalled PC, restored backup, or a Credential
    Manager that refuses it — any keyring failure reaches here as KeyUnavailableError): offer to
    import the exported key backup, or the passphrase key file, since a clerk cannot be expected
    to find casedesk-cli.exe."""
    import os

    from desktop.trust import crypto
    from desktop.trust.key_file import KeyFileError
    from desktop.ui.dialogs import key_passphrase

    if not isinstance(error, (crypto.KeyUnavailableError, crypto.WrongKeyError, KeyFileError)):
        return False
    offer = isinstance(error, crypto.KeyUnavailableError) and not os.environ.get(
        crypto.ENV_KEY_PASSPHRASE
    )
    chosen = key_passphrase.ask_key_backup(window, str(error), offer_passphrase=offer)
    if chosen == key_passphrase.USE_PASSPHRASE:
        cause = str(error.__cause__) if error.__cause__ else tr("凭据管理器中没有本数据库的密钥")
        typed = key_passphrase.ask_key_passphrase(window, cause)
        if typed is None:
            return False
        os.environ[crypto.ENV_KEY_PASSPHRASE] = typed  # the next opening uses the key file
        return True
    if not isinstance(chosen, tuple):
        return False
    path, passphrase = chosen
    try:
        where = crypto.recover_key(folder, paths.database_url(folder, db_url), path, passphrase)
    except CasedeskError as failure:  # wrong passphrase, another database's key …
        QMessageBox.warning(window, tr("未导入密钥"), str(failure))
        return True  # opening fails again and offers the import again, until cancelled
    window.statusBar().showMessage(tr("密钥已导入（保存在{0}）。").format(where), 15_000)
    return True


def _run(
    app: QApplication, window: MainWindow, page: str, screenshot: Path | None, owns_context: bool
) -> int:
    install_excepthook(lambda: window)
    target = page or ("" if screenshot else window.settings.last_page()) or "dashboard"
    # After the first paint (and, in start_gui, after the database has opened on it); with
    # --screenshot too, so the start-up benchmarks time the start a clerk gets.
    window.first_painted.connect(window.check_converters)
    window.show()
    window.show_page(target)
    if screenshot is not None:
        window.resize(*DEFAULT_SIZE)  # not the clerk's saved size: pictures are comparable
        code = _screenshot(app, window, screenshot)
    else:
        window.backup_on_close = True
        window.ready.connect(lambda: QTimer.singleShot(0, lambda: offer_demo(window)))
        if window.ctx is not None:
            QTimer.singleShot(0, lambda: offer_demo(window))
        code = int(app.exec())
    cancel_all()
    idle = wait_for_all(10_000)
    if owns_context and window.ctx is not None and idle:
        window.ctx.close()  # never under a worker still in the database; exit closes it then
    return code


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    """Wait until the page has its data painted, grab the window, exit."""
    result = {"code": 1}

    def grab() -> None:
        app.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        result["code"] = 0 if window.grab().save(str(path)) else 1
        app.quit()

    scheduled: list[bool] = []

    def grab_when_done() -> None:
        page = window.current_page()
        if page is None or not page.is_settled or window.start_check_pending or scheduled:
            return
        scheduled.append(True)
        QTimer.singleShot(300, grab)  # let the views lay out and paint their rows

    def watch(page: Page | None) -> None:
        if page is None:
            return
        page.settled.connect(grab_when_done)
        window.start_checked.connect(grab_when_done)
        grab_when_done()

    if window.ctx is not None:
        watch(window.current_page())
    else:
        window.ready.connect(lambda: watch(window.current_page()))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, grab)
    app.exec()
    if result["code"] != 0:
        print(tr("截图保存失败：{0}").format(path), file=sys.stderr)
    return result["code"]
