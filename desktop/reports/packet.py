"""Campaign submission packet (报送材料): 总结 DOCX + annex tables + typical cases, as PDF and ZIP."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from docxtpl import DocxTemplate
from pypdf import PdfReader, PdfWriter

from desktop.common.progress import Cancel, Progress, Steps
from desktop.documents.template_limits import LimitedSandboxedEnvironment
from desktop.reports import annex1, annex2
from desktop.reports.pdf_convert import Converter, libreoffice_to_pdf
from desktop.reports.service import ReportService
from desktop.reports.table import ReportTable
from desktop.trust.file_store import atomic_write
from desktop.trust.leftovers import mark_owner

SUMMARY_TEMPLATE = Path("reports") / "campaign_summary.docx"
#: The packet's parts after the 总结, in order: table name, file name (also the bookmark), format.
PARTS: tuple[tuple[str, str, str], ...] = (
    ("annex1", "附表1 医疗美容机构监督检查工作信息汇总表", "xlsx"),
    ("annex2", "附表2 无证医疗美容场所“回头看”排查情况信息汇总表", "xlsx"),
    ("shanxi1", "附件1 医疗美容专项整治工作汇总表", "xlsx"),
    ("typical", "附表3 典型案例报送", "docx"),
)
SUMMARY_NAME = "专项整治工作总结"


@dataclass(frozen=True, slots=True)
class PacketResult:
    """Where the packet was written."""

    pdf_path: Path
    zip_path: Path
    parts: tuple[str, ...]
    page_count: int


def _text(value: Decimal | int | None) -> str:
    """A figure as the 总结 prints it: thousands separators, no trailing zeros (12.345 万元,
    10,686,372 元)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return f"{normal:,f}"
    return f"{value:,}"


def _sum(table: ReportTable, suffix: str) -> Decimal | int:
    total: Decimal | int = 0
    for row in table.rows:
        for key, value in row.cells.items():
            if key.startswith("案由分类/") and key.endswith(suffix):
                total += value
    return total


def summary_context(
    tables: dict[str, ReportTable],
    authority: str,
    start: date,
    end: date,
    filled_on: date,
    typical_count: int | None = None,
) -> dict[str, object]:
    """The 总结 template's variables, every figure taken from the annex tables themselves (the
    roll-up, which has no typical table but documents, gives `typical_count`)."""
    a1, a2, sx = tables["annex1"], tables["annex2"], tables["shanxi1"]
    footer = dict(sx.footer)
    life, cosmetic = annex1.ROW_LABELS
    same_year = start.year == end.year
    a2_footer = dict(a2.footer)
    return {
        "unit": a1.unit,
        "authority": authority or a1.unit,
        "authority_name": authority or a1.unit,
        "title_period": f"{start.year}年" if same_year else f"{start.year}—{end.year}年",
        "period_text": f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日",
        "cosmetic_count": _text(a1.cell(cosmetic, "机构数")),
        "life_count": _text(a1.cell(life, "机构数")),
        "cosmetic_inspected": _text(a1.cell(cosmetic, "检查单位数")),
        "life_inspected": _text(a1.cell(life, "检查单位数")),
        # 案由 columns: every case of 附表1 has one 案由 (the 来源 columns add up the same).
        "filed_total": _text(_sum(a1, "/立案数")),
        "closed_total": _text(_sum(a1, "/结案数")),
        "forfeiture_yuan": _text(_sum(a1, "/" + annex1.AMOUNT)),
        "penalised_units": _text(
            sum(int(a1.cell(r, "行政处罚单位数") or 0) for r in annex1.ROW_LABELS)
        ),
        "again": _text(a2.cell(annex2.ROW_LABEL, annex2.AGAIN)),
        "punished": _text(a2.cell(annex2.ROW_LABEL, annex2.PUNISHED)),
        "warnings": _text(a2.cell(annex2.ROW_LABEL, annex2.WARNINGS)),
        "fines_wan": _text(a2.cell(annex2.ROW_LABEL, annex2.FINES) or 0),
        "confiscated_wan": _text(a2.cell(annex2.ROW_LABEL, annex2.CONFISCATED) or 0),
        "transfers": _text(a2.cell(annex2.ROW_LABEL, annex2.TRANSFERRED)),
        "transferred_units": _text(a2_footer.get(annex2.TRANSFERRED_UNITS, 0) or None),
        "complaints": _text(footer["投诉举报件数"]),
        "complaints_closed": _text(footer["办结件数"]),
        "complaints_penalised": _text(footer["实施行政处罚件数"]),
        "complaints_replied": _text(footer["反馈件数"]),
        "complaints_satisfied": _text(footer["举报人满意件数"]),
        "graded": _text(footer["参加依法执业信用评价机构数"]),
        "typical_count": _text(
            len(tables["typical"].details) if typical_count is None else typical_count
        ),
        # As the annexes are labelled (附表1 …, 附件1 …), not renumbered 1–4.
        "attachments": [title for _, title, _ in PARTS],
        "filled_on_text": f"{filled_on.year}年{filled_on.month}月{filled_on.day}日",
    }


def render_summary(template: Path, context: dict[str, object]) -> bytes:
    """The 总结 DOCX, rendered in a sandbox with XML escaping."""
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=LimitedSandboxedEnvironment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class PacketService:
    """Builds the upward report for a campaign period."""

    def __init__(
        self,
        reports: ReportService,
        templates_dir: Path,
        authority: str = "",
        converter: Converter = libreoffice_to_pdf,
    ) -> None:
        self._reports = reports
        self._template = templates_dir / SUMMARY_TEMPLATE
        self._authority = authority
        self._convert = converter

    def originals(
        self, start: date, end: date, filled_on: date | None = None, *, steps: Steps | None = None
    ) -> list[tuple[str, bytes]]:
        """(file name, bytes) of the 总结 DOCX and every table, in packet order."""
        filled = filled_on or date.today()
        tables = {}
        for name, title, _ in PARTS:
            if steps:
                steps.step(f"统计{title}")
            tables[name] = self._reports.compute(name, start, end, filled)
        authority = self._authority or tables["typical"].unit
        context = summary_context(tables, authority, start, end, filled)
        files = [(f"{SUMMARY_NAME}.docx", render_summary(self._template, context))]
        for name, title, fmt in PARTS:
            files.append((f"{title}.{fmt}", self._reports.render(tables[name], fmt)))
        return files

    def write(self, start: date, end: date, out_dir: Path, filled_on: date | None = None, *,
              progress: Progress | None = None,
              cancel: Cancel | None = None) -> PacketResult:  # fmt: skip
        """Write 报送材料.pdf (bookmarked, one PDF) and 报送材料原件.zip into out_dir.

        progress(done, total, message) follows the steps; a cancelled build writes neither file.
        """
        steps = Steps(len(PARTS) + 2, "生成报送材料", progress, cancel)
        files = self.originals(start, end, filled_on, steps=steps)
        return write_packet(files, out_dir, self._convert, steps)


def write_packet(
    files: list[tuple[str, bytes]], out_dir: Path, convert: Converter, steps: Steps
) -> PacketResult:
    """The files as 报送材料.pdf (one bookmark each) and 报送材料原件.zip in out_dir; shared by
    the district's packet and the roll-up's (reports.rollup_packet). Takes two steps."""
    steps.step("将总结和附表转换为 PDF")
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    writer = PdfWriter()
    with tempfile.TemporaryDirectory(prefix="casedesk-packet-") as tmp:
        mark_owner(Path(tmp))  # a killed run's folder is found and removed by the check
        sources = []
        for index, (name, data) in enumerate(files):
            source = Path(tmp) / f"{index:02d}{Path(name).suffix}"
            source.write_bytes(data)
            sources.append(source)
        pdfs = convert(sources, Path(tmp) / "pdf")
        steps.check()
        for (name, _), pdf in zip(files, pdfs, strict=True):
            writer.append(
                PdfReader(io.BytesIO(pdf.read_bytes())),
                outline_item=Path(name).stem,
                import_outline=False,
            )
    writer.compress_identical_objects()
    pdf_buffer = io.BytesIO()
    writer.write(pdf_buffer)
    pdf_path, zip_path = out_dir / "报送材料.pdf", out_dir / "报送材料原件.zip"
    steps.step("合并为一个 PDF 并写入")
    atomic_write(pdf_path, pdf_buffer.getvalue())
    atomic_write(zip_path, zip_buffer.getvalue())
    return PacketResult(pdf_path, zip_path, tuple(n for n, _ in files), len(writer.pages))
