"""The document engine: numbering (文号), the register, sources that fill a form from a case or an inspection,
rendering, template lint, PDF conversion and the procedural order of a case's documents.
Imports records, law, calendar, trust, common — never cases or the case file."""
