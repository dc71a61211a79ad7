"""Working days, holidays and 调休 (chinese-calendar plus the office's own entries) and the deadlines counted on them.
Imports only desktop.common."""
