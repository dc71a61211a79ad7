"""Reporting upward: the annex tables (附表1, 附表2, 山西附件1), typical cases (典型案例) and the campaign
submission packet. Reads cases and records through SQL and the document engine; nothing but the app,
the command line and the UI imports reports."""
