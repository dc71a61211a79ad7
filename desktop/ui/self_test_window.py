"""The self-test's window step: the main window opens (offscreen), Qt speaks Chinese, a PDF previews.

It proves what the bundle's exclusions could break and no other step touches: the Qt platform
plugin and widgets, Qt's zh_CN translation file, ICU's Chinese collation (the bundle keeps only
the root, Chinese and English ICU data: installer/icu_data.py) and the preview's page renderer.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from desktop.app import AppContext

#: Names that sort differently by pinyin (ān, lǐ, wáng, zhāng) than by code point.
PINYIN_ORDER = ("安全", "李四", "王五", "张三")


def check_window(ctx: AppContext, pdf: Path | None) -> str:
    """Open the main window on ctx, wait for its first paint, preview pdf; one line of findings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window flashes on the clerk's desk
    from PySide6.QtCore import QCollator, QCoreApplication, QLocale

    from desktop.ui.main import build_window, install_qt_translations, make_application
    from desktop.ui.tasks import wait_for_all
    from desktop.ui.widgets.pdf_preview import PdfPreview

    app = make_application()
    if not install_qt_translations(app):
        raise RuntimeError("找不到 Qt 的中文翻译文件 qtbase_zh_CN.qm")
    yes = QCoreApplication.translate("QPlatformTheme", "&Yes")
    if yes == "&Yes":
        raise RuntimeError("Qt 的中文翻译未生效（“&Yes”未译）")
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    by_pinyin = tuple(sorted(reversed(PINYIN_ORDER), key=collator.sortKey))
    if by_pinyin != PINYIN_ORDER:
        raise RuntimeError(f"中文排序不是拼音顺序（{'、'.join(by_pinyin)}）：ICU 数据缺失？")
    window = build_window(ctx)
    try:
        window.show()
        deadline = time.monotonic() + 20
        while not window.isVisible() or window.grab().isNull():
            if time.monotonic() > deadline:
                raise RuntimeError("主窗口 20 秒内未显示")
            app.processEvents()
        wait_for_all(60_000)
        app.processEvents()
        found = f"主窗口已显示（{app.platformName()}），Qt 中文“{yes}”，拼音排序正确"
        if pdf is None:
            return found + "；无 PDF 可预览"
        viewer = PdfPreview()
        try:
            pages = viewer.load(pdf)
            shown = viewer.finish()  # the pages are rendered in timer slices: all of them now
        finally:
            viewer.deleteLater()
        if pages < 1 or shown != pages:
            raise RuntimeError(f"预览 {pdf.name} 没有页面或未全部显示（{shown}/{pages} 页）")
        return found + f"，预览 {pdf.name} 共 {pages} 页"
    finally:
        window.close()
        wait_for_all(60_000)
        window.deleteLater()
        app.processEvents()
