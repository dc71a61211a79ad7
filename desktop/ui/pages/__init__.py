"""pages of the desktop window."""
