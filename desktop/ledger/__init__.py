"""Import formats: the 机构名录 and 案件台账 workbooks read, validated and merged into records and cases.
Imports records, cases, common."""
