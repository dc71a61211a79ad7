"""典型案例报送 (seed 001 附表3, seed 003 附件2): 案件材料报送目录 and 案情概述 as DOCX."""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.run import Run
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.models import Case, OfficeSetting
from desktop.reports.sql import in_period
from desktop.reports.table import ReportTable, yuan
from forms.case_penalty import OtherKind, case_kind_names, kind_lines

TITLE = "医疗美容专项整治典型案例报送"
HEADERS = ("序号", "机构名称", "处罚时间", "违法事实", "违反法律及处罚依据", "行政处罚具体内容")
SUMMARY = "案情概述"
BODY_FONT = "仿宋"
TITLE_FONT = "黑体"


def cn_date(day: date) -> str:
    """2024年5月6日."""
    return f"{day.year}年{day.month}月{day.day}日"


def money_text(fen: int) -> str:
    """Yuan as the seeds write them: 20000 or 1500.50 (exact to the 分)."""
    value = yuan(fen)
    return str(int(value)) if value == value.to_integral_value() else f"{value:.2f}"


def _strip_lead(text: str, *leads: str) -> str:
    text = text.strip().rstrip("。；;，,")
    for lead in leads:
        if text.startswith(lead):
            return text[len(lead) :]
    return text


def bare_cause(c: Case) -> str:
    """The 案由 without the party's name in front or 案 at the end (违法事实 column)."""
    return c.cause.strip().removeprefix(c.party_name).removesuffix("案")


#: Kinds without a column of their own: printed in the decision's words (没收非法财物（…）).
LISTED_KINDS = frozenset({*(k.value for k in OtherKind), "没收非法财物"})


def listed_kinds(c: Case) -> list[str]:
    """The case's kinds beyond 警告/罚款/没收违法所得/停业整顿/吊销, in the decision's words."""
    return [line for kind, line in zip(case_kind_names(c), kind_lines(c), strict=True)
            if kind in LISTED_KINDS]  # fmt: skip


def measures_sentence(c: Case) -> str:
    """责令改正并处罚款20000元，没收违法所得1500.50元 — the decision in the seeds' wording."""
    parts: list[str] = []
    if c.warning:
        parts.append("给予警告")
    if c.order_correction:
        parts.append("责令改正")
    if c.fine_fen:
        fine = f"罚款{money_text(c.fine_fen)}元"
        if parts:
            parts[-1] += f"并处{fine}"
        else:
            parts.append(f"处{fine}")
    if c.confiscation_fen:
        parts.append(f"没收违法所得{money_text(c.confiscation_fen)}元")
    if c.suspension:
        parts.append("责令停业整顿")
    if c.revocation:
        parts.append("吊销执业许可")
    parts += listed_kinds(c)
    if c.judicial_transfer:
        parts.append("移送司法机关")
    if c.no_penalty and not parts:
        parts.append("不予行政处罚")
    return "，".join(parts)


def measures_cell(c: Case) -> str:
    """行政处罚具体内容: penalties, then 行政强制及其他措施 (seed 003's cell)."""
    penalties: list[str] = []
    if c.warning:
        penalties.append("警告")
    if c.fine_fen:
        penalties.append(f"罚款：{money_text(c.fine_fen)}元")
    if c.confiscation_fen:
        penalties.append(f"没收违法所得：{money_text(c.confiscation_fen)}元")
    if c.suspension:
        penalties.append("责令停业整顿")
    if c.revocation:
        penalties.append("吊销执业许可")
    penalties += listed_kinds(c)
    others = [
        m
        for flag, m in ((c.order_correction, "责令改正"), (c.judicial_transfer, "移送司法机关"))
        if flag
    ]
    text = "；".join(penalties) or ("不予行政处罚" if c.no_penalty else "")
    if others:
        text += ("；" if text else "") + "行政强制及其他措施：" + "、".join(others)
    return text


#: Stand-ins for a provision the case lacks: the report says so instead of "违反了，按照进行处罚".
NO_VIOLATED = "（违反条款未填写）"
NO_BASIS = "（处罚依据未填写）"


def _provisions(c: Case) -> tuple[str, str]:
    """违反条款 and 处罚依据 without their lead words; a placeholder for either left empty."""
    violated = _strip_lead(c.violated_provisions, "违反了", "违反") or NO_VIOLATED
    basis = _strip_lead(c.penalty_basis, "按照", "依据", "根据") or NO_BASIS
    return violated, basis


def basis_text(c: Case) -> str:
    """违反了《…》第…条；按照《…》第…条进行处罚."""
    violated, basis = _provisions(c)
    return f"违反了{violated}；按照{basis}进行处罚"


def summary_text(c: Case, authority: str) -> str:
    """One 案情概述 paragraph: facts, 违反了…，按照…进行处罚。date, authority, decision."""
    facts = c.facts.strip().rstrip("。") or f"当事人{bare_cause(c)}"
    violated, basis = _provisions(c)
    decided = cn_date(c.decided_on) if c.decided_on else ""
    measures = measures_sentence(c)
    return (
        f"{facts}，违反了{violated}，按照{basis}进行处罚。"
        f"{decided}，{authority}作出行政处罚决定{'，' + measures if measures else ''}。"
    )


def build(session: Session, start: date, end: date, unit: str, filled_on: date) -> ReportTable:
    """The cases marked typical whose decision is dated in [start, end], oldest first.

    The 案情概述 names the deciding authority (设置's 机关名称: the 卫健委 decides, its 监督所
    investigates), not the reporting unit."""
    decided_by = session.get(OfficeSetting, "authority_name")
    authority = (decided_by.value if decided_by else "") or unit
    cases = session.scalars(
        select(Case)
        .where(Case.is_typical.is_(True), in_period(Case.decided_on, start, end))
        .order_by(Case.decided_on, Case.id)
    ).all()
    details = []
    for n, c in enumerate(cases, start=1):
        assert c.decided_on is not None
        details.append(
            {
                "序号": str(n),
                "机构名称": c.party_name,
                "处罚时间": cn_date(c.decided_on),
                "违法事实": bare_cause(c),
                "违反法律及处罚依据": basis_text(c),
                "行政处罚具体内容": measures_cell(c),
                "案件名称": f"{c.party_name}{bare_cause(c)}案",
                SUMMARY: summary_text(c, authority),
                "案号": c.case_no,
            }
        )
    return ReportTable(
        name="typical",
        title=f"{start.year}年{TITLE}" if start.year == end.year else TITLE,
        unit=unit,
        period_from=start,
        period_to=end,
        filled_on=filled_on,
        corner="序号",
        columns=(),
        rows=(),
        detail_headers=HEADERS,
        details=tuple(details),
    )


def set_font(run: Run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _table(doc: object, table: ReportTable) -> DocxTable:
    grid: DocxTable = doc.add_table(rows=1, cols=len(HEADERS))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.autofit = False
    widths = (Cm(1.3), Cm(4.2), Cm(3.0), Cm(5.6), Cm(7.0), Cm(5.6))
    for i, width in enumerate(widths):
        grid.columns[i].width = width
    for i, header in enumerate(HEADERS):
        cell = grid.rows[0].cells[i]
        cell.width = widths[i]
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(para.add_run(header), TITLE_FONT, 11)
    for detail in table.details:
        cells = grid.add_row().cells  # type: ignore[no-untyped-call]
        for i, header in enumerate(HEADERS):
            cells[i].width = widths[i]
            set_font(cells[i].paragraphs[0].add_run(detail[header]), BODY_FONT, 10.5)
    return grid


def render_docx(table: ReportTable) -> bytes:
    """The DOCX: title, 一、案件材料报送目录 (table), 二、案情概述 (numbered paragraphs)."""
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(table.title), TITLE_FONT, 18, bold=True)
    title.paragraph_format.keep_with_next = True
    first = doc.add_paragraph()
    first.paragraph_format.keep_with_next = True  # a heading never ends a page
    set_font(first.add_run(f"一、{table.unit}案件材料报送目录"), TITLE_FONT, 14)
    grid = _table(doc, table)
    for row in grid.rows:  # a case's row is never cut by a page end
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    second = doc.add_paragraph()
    second.paragraph_format.keep_with_next = True
    set_font(second.add_run(f"二、{SUMMARY}"), TITLE_FONT, 14)
    if not table.details:
        set_font(doc.add_paragraph().add_run("本期无标记为典型案例的案件。"), BODY_FONT, 14)
    for detail in table.details:
        heading = doc.add_paragraph()
        heading.paragraph_format.first_line_indent = Pt(28)
        heading.paragraph_format.keep_with_next = True
        set_font(heading.add_run(f"{detail['序号']}.{detail['案件名称']}"), BODY_FONT, 14, bold=True)
        body = doc.add_paragraph()
        body.paragraph_format.first_line_indent = Pt(28)
        set_font(body.add_run(detail[SUMMARY]), BODY_FONT, 14)
    _page_numbers(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_numbers(section: Section) -> None:
    """第 X 页 共 Y 页 in the footer (PAGE and NUMPAGES fields)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页  共 ", "NUMPAGES"), (" 页", "")):
        set_font(paragraph.add_run(text), BODY_FONT, 10.5)
        if field:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            run = OxmlElement("w:r")
            shown = OxmlElement("w:t")
            shown.text = "1"
            run.append(shown)
            simple.append(run)
            paragraph._p.append(simple)
