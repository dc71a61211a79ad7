"""The registry of document forms: adding a document type is a template plus an entry here."""

from __future__ import annotations

from forms.archive_forms import FILE_COVER, FILE_INDEX, FILE_NOTE
from forms.case_forms import (
    DELIBERATION_RECORD,
    FILING_REPORT,
    INQUIRY_RECORD,
    INVESTIGATION_REPORT,
    STATEMENT_RECORD,
)
from forms.engine import FormDefinition
from forms.hearing_forms import HEARING_RECORD, HEARING_REPORT, HEARING_SUMMONS
from forms.inspection_forms import SITE_RECORD, SUPERVISION_OPINION
from forms.outcome_forms import NO_PENALTY_DECISION, TRANSFER_LETTER
from forms.penalty_forms import (
    CLOSING_REPORT,
    HEARING_NOTICE,
    PENALTY_DECISION,
    PENALTY_NOTICE,
    SERVICE_RECEIPT,
)
from forms.review_forms import COLLECTIVE_DISCUSSION_RECORD, LEGAL_REVIEW_OPINION

#: Every form by id, in the order of a case's life (现场 → 立案 → … → 卷宗).
FORMS: dict[str, FormDefinition] = {
    form.id: form
    for form in (
        SITE_RECORD,
        INQUIRY_RECORD,
        SUPERVISION_OPINION,
        FILING_REPORT,
        TRANSFER_LETTER,
        INVESTIGATION_REPORT,
        DELIBERATION_RECORD,
        PENALTY_NOTICE,
        STATEMENT_RECORD,
        HEARING_NOTICE,
        HEARING_SUMMONS,
        HEARING_RECORD,
        HEARING_REPORT,
        LEGAL_REVIEW_OPINION,
        COLLECTIVE_DISCUSSION_RECORD,
        PENALTY_DECISION,
        NO_PENALTY_DECISION,
        SERVICE_RECEIPT,
        CLOSING_REPORT,
        FILE_COVER,
        FILE_INDEX,
        FILE_NOTE,
    )
}


def find_form(name_or_id: str) -> FormDefinition | None:
    """A form by its English id or its Chinese name (行政处罚决定书)."""
    key = name_or_id.strip()
    if key in FORMS:
        return FORMS[key]
    return next((f for f in FORMS.values() if f.name == key), None)
