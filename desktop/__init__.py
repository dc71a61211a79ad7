"""casedesk — 卫生监督执法文书工作站."""

__version__ = "0.1.0"
