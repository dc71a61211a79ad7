"""dialogs of the desktop window."""
