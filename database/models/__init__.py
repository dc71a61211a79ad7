"""All tables; importing this package registers them on Base.metadata."""

from database.models.audit import AuditEvent, AuditHead, KeyCheck
from database.models.base import Base
from database.models.case import Attachment, Case, ConfiscatedItem, case_officer
from database.models.complaint import Complaint
from database.models.document import Document, NumberCounter
from database.models.enums import (
    COSMETIC_KINDS,
    CampaignCategory,
    CaseSource,
    CaseStatus,
    CauseCategory,
    CheckResult,
    ComplaintResult,
    InstitutionKind,
    InstitutionStatus,
    NoPenaltyGround,
    PartyType,
    PlanKind,
    StaffRole,
)
from database.models.inspection import (
    Checklist,
    ChecklistItem,
    Draw,
    DrawItem,
    Inspection,
    InspectionPlan,
    InspectionResult,
    PlanDepartment,
    inspection_officer,
)
from database.models.institution import (
    CosmeticProject,
    CreditEvaluation,
    Institution,
    InstitutionSubject,
    ScoreEvent,
    Staff,
)
from database.models.legal import LegalProvision
from database.models.office import CalendarDay, CalendarYear, OfficeSetting
from database.models.people import Officer, OfficerConflict

__all__ = [
    "COSMETIC_KINDS",
    "Attachment",
    "AuditEvent",
    "AuditHead",
    "Base",
    "CalendarDay",
    "CalendarYear",
    "CampaignCategory",
    "Case",
    "CaseSource",
    "CaseStatus",
    "CauseCategory",
    "CheckResult",
    "Checklist",
    "ChecklistItem",
    "Complaint",
    "ComplaintResult",
    "ConfiscatedItem",
    "CosmeticProject",
    "CreditEvaluation",
    "Document",
    "Draw",
    "DrawItem",
    "Inspection",
    "InspectionPlan",
    "InspectionResult",
    "Institution",
    "InstitutionKind",
    "InstitutionStatus",
    "InstitutionSubject",
    "KeyCheck",
    "LegalProvision",
    "NoPenaltyGround",
    "NumberCounter",
    "OfficeSetting",
    "Officer",
    "OfficerConflict",
    "PartyType",
    "PlanDepartment",
    "PlanKind",
    "ScoreEvent",
    "Staff",
    "StaffRole",
    "case_officer",
    "inspection_officer",
]
