"""ReportService: compute an annex table for a period and render it (XLSX, JSON, DOCX)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import OfficeSetting
from database.unit_of_work import UowFactory
from desktop.common.errors import ValidationError
from desktop.reports import annex1, annex2, shanxi1, typical
from desktop.reports.table import ReportTable, to_json
from desktop.reports.xlsx import render_xlsx
from desktop.trust.file_store import atomic_write
from forms.validators import FieldError

Builder = Callable[[Session, date, date, str, date], ReportTable]

#: The annex tables by CLI name: builder and the label printed above the title.
TABLES: dict[str, tuple[Builder, str]] = {
    "annex1": (annex1.build, "附表1"),
    "annex2": (annex2.build, "附表2"),
    "shanxi1": (shanxi1.build, "附件1"),
    "typical": (typical.build, "附表3"),
}

#: Which formats each table can be written in (typical is a DOCX of its own).
FORMATS: dict[str, tuple[str, ...]] = {
    "annex1": ("xlsx", "json"),
    "annex2": ("xlsx", "json"),
    "shanxi1": ("xlsx", "json"),
    "typical": ("docx", "json"),
}


def report_unit(session: Session) -> str:
    """The 单位 line: the office's 所在地区, else its 机关名称."""
    stored = {
        s.key: s.value
        for s in session.scalars(
            select(OfficeSetting).where(OfficeSetting.key.in_(("region", "authority_name")))
        )
    }
    return stored.get("region") or stored.get("authority_name") or ""


def authority_name(session: Session) -> str:
    """The office's 卫生监督机构名称 or 机关名称 (who decided the typical cases)."""
    keys = ("supervision_institute", "authority_name")
    stored = {
        s.key: s.value
        for s in session.scalars(select(OfficeSetting).where(OfficeSetting.key.in_(keys)))
    }
    return stored.get("supervision_institute") or stored.get("authority_name") or ""


def check_period(start: date, end: date) -> None:
    """The period must not end before it starts."""
    if end < start:
        raise ValidationError([FieldError("结束日期", f"不能早于开始日期 {start.isoformat()}。")])


class ReportService:
    """Annex tables and typical-case reports, computed in the database for a period."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def compute(
        self, name: str, start: date, end: date, filled_on: date | None = None
    ) -> ReportTable:
        """The table `name` (annex1, annex2, shanxi1, typical) for [start, end]."""
        if name not in TABLES:
            raise ValidationError([FieldError("报表", f"没有名为“{name}”的报表。")])
        check_period(start, end)
        builder, _ = TABLES[name]
        with self._uow_factory(readonly=True) as uow:
            unit = report_unit(uow.session)
            if name == "typical":
                unit = authority_name(uow.session) or unit
            return builder(uow.session, start, end, unit, filled_on or date.today())

    def render(self, table: ReportTable, fmt: str) -> bytes:
        """The table's bytes in a format its name allows."""
        if fmt not in FORMATS[table.name]:
            allowed = "、".join(FORMATS[table.name])
            raise ValidationError([FieldError("格式", f"报表 {table.name} 只能导出为 {allowed}。")])
        if fmt == "json":
            text = json.dumps(to_json(table), ensure_ascii=False, indent=2)
            return text.encode("utf-8")
        if fmt == "docx":
            return typical.render_docx(table)
        return render_xlsx(table, TABLES[table.name][1])

    def export(
        self, name: str, start: date, end: date, fmt: str, out: Path, filled_on: date | None = None
    ) -> ReportTable:
        """Compute, render and write the file atomically; returns the table."""
        table = self.compute(name, start, end, filled_on)
        atomic_write(out, self.render(table, fmt))
        return table
