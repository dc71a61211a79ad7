"""The enforcement case: the record and its steps, search and export, the case opened from an inspection,
and the 工作台 (dashboard). Imports records, calendar, trust, common."""
