"""What the audit trail records: the audited tables, the child rows and member lists recorded in
their parent's events, and the columns left out. Shared by the session hooks (audit.py) and the
record seals (record_seal.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from database.models import (
    Attachment,
    Case,
    ConfiscatedItem,
    Document,
    Inspection,
    InspectionResult,
    Institution,
    InstitutionSubject,
    Staff,
)

#: Audited model → entity name stored in the event.
AUDITED: dict[type[Any], str] = {
    Case: "case",
    Inspection: "inspection",
    Document: "document",
    Institution: "institution",
    Staff: "staff",
    Attachment: "attachment",
}
#: Entity name → audited model.
ENTITY_MODELS: dict[str, type[Any]] = {name: model for model, name in AUDITED.items()}


@dataclass(frozen=True, slots=True)
class ChildRows:
    """A one-to-many collection recorded in the parent's events, one key per row."""

    model: type[Any]
    parent: type[Any]
    #: The parent's relationship attribute (its history yields the rows removed as orphans).
    collection: str
    #: The child's foreign key naming the parent row.
    parent_key: str
    #: The column identifying a row within its parent; services rewrite whole collections, so
    #: rows are matched by this, not by id, and an unchanged row gives no event.
    row_key: str
    #: The child's relationship to its parent, for rows of a case (a locked case's rows are
    #: locked with it); "" for other parents.
    parent_relation: str = ""


#: Child collections recorded in their parent's events.
CHILD_ROWS: tuple[ChildRows, ...] = (
    ChildRows(InspectionResult, Inspection, "results", "inspection_id", "position"),
    ChildRows(InstitutionSubject, Institution, "subjects", "institution_id", "name"),
    # 没收非法财物: the items of a case's decision, one key per position.
    ChildRows(ConfiscatedItem, Case, "confiscated_items", "case_id", "position", "case"),
)
#: Many-to-many collections recorded in their parent's events as the list of members.
MEMBER_LISTS: dict[type[Any], tuple[str, ...]] = {Case: ("officers",), Inspection: ("officers",)}
#: Member lists whose order matters, with the seal field that keeps the order. A case's 执法人员
#: print in their order (the 主办 officer first; `case_officer.position`), so events record them
#: in that order and the seal keeps it beside the sorted list (record_seal: seals written before
#: the order was sealed lack the field and still verify; record_check.seal_orders seals the order
#: of those at the first start). An inspection's officers have no order.
ORDERED_MEMBERS: dict[type[Any], dict[str, str]] = {Case: {"officers": "officer_order"}}
#: Columns whose changes say nothing (timestamps, search hashes of encrypted values).
UNAUDITED_COLUMNS = frozenset(
    {"created_at", "updated_at", "party_id_number_hash", "id_number_hash"}
)
