"""widgets of the desktop window."""
