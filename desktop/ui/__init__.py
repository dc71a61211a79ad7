"""PySide6 windows, pages, dialogs and Qt models: the only package that imports Qt."""
