"""The office's registers: institutions, staff, 执法人员 (officers), office settings, personal-data search.
Imports only desktop.common and desktop.trust (no other domain)."""
