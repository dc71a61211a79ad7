"""The 卷宗: the case file's entries and pages, filling missing documents, evidence attachments and the
yearly archive of closed cases. Imports documents, cases, trust, common."""
