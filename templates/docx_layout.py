"""Layout helpers for building the enforcement templates with python-docx (A4, GB/T 9704 fonts).

Every run names its East-Asian font (w:eastAsia) so CJK text takes 仿宋_GB2312 / 方正小标宋简体
instead of the theme font; the font table lists Windows fallbacks (w:altName) for machines
without the GB fonts. Tables are fixed-layout with explicit gridCol widths so WPS keeps them.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
LATIN_FONT = "Times New Roman"
#: Fallbacks written into the font table for offices without the GB/T 9704 fonts.
FALLBACKS = {TITLE_FONT: "华文中宋", BODY_FONT: "仿宋", HEI_FONT: "SimHei"}
BODY_SIZE = Pt(14)
LINE = Pt(26)
TABLE_SIZE = Pt(12)
#: 版心 width: A4 210 mm − 订口 28 mm − right 26 mm.
TEXT_WIDTH_MM = 156.0


def set_run_font(run_element: object, east_asia: str, size: Pt | None = None) -> None:
    """Name the East-Asian and Latin fonts of a run (or a style's rPr)."""
    rpr = run_element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), LATIN_FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(int(size.pt * 2)))


def new_document(*, page_footer: bool = True, footer_sign: str | None = None) -> DocumentObject:
    """An empty A4 document with the body style, margins and (unless not wanted) the
    page-number footer.

    footer_sign ("被询问人签名") prints a signature line above the page number on every page: a
    record (笔录) is signed page by page, so no page can be swapped afterwards.
    """
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(30)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.start_type = WD_SECTION.NEW_PAGE
    normal = doc.styles["Normal"]
    set_run_font(normal.element, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    _default_fonts(doc)
    _font_fallbacks(doc)
    _no_stretch_before_breaks(doc)
    if page_footer:
        _page_footer(doc, footer_sign)
    widow_control(doc)
    return doc


def widow_control(doc: DocumentObject) -> None:
    """No single line of a paragraph alone at the top or foot of a page (Normal style)."""
    doc.styles["Normal"].paragraph_format.widow_control = True


def _default_fonts(doc: DocumentObject) -> None:
    """docDefaults and theme fonts must not pull in MS Mincho for CJK text."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        fonts.set(qn("w:cs"), LATIN_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")


def _no_stretch_before_breaks(doc: DocumentObject) -> None:
    """Justified lines ending in a line break (newlines in long text) are not stretched."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _font_fallbacks(doc: DocumentObject) -> None:
    part = doc.part
    for rel in part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            table = rel.target_part
            from lxml import etree

            root = etree.fromstring(table.blob)
            for name, alt in FALLBACKS.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                alt_el = etree.SubElement(font, qn("w:altName"))
                alt_el.set(qn("w:val"), alt)
                charset = etree.SubElement(font, qn("w:charset"))
                charset.set(qn("w:val"), "86")
            table._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def _field(paragraph: Paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _page_footer(doc: DocumentObject, sign: str | None = None) -> None:
    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0]
    if sign:
        line = paragraph
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
        line.add_run(f"{sign}：")
        line.add_run("　" * 8).underline = True
        line.add_run("　执法人员签名：")
        line.add_run("　" * 8).underline = True
        for run in line.runs:
            set_run_font(run._r, BODY_FONT, Pt(10.5))
        paragraph = footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, " PAGE ")
    paragraph.add_run(" 页  共 ")
    _field(paragraph, " NUMPAGES ")
    paragraph.add_run(" 页")
    for run in paragraph.runs:
        set_run_font(run._r, BODY_FONT, Pt(10.5))


def add_para(
    container: DocumentObject | _Cell,
    parts: str | Sequence[tuple[str, dict[str, object]] | str],
    *,
    align: str = "left",
    indent: bool = False,
    size: Pt | None = None,
    font: str = BODY_FONT,
    bold: bool = False,
    space_before: Pt | None = None,
    space_after: Pt | None = None,
    line: Pt | None = None,
    keep_with_next: bool | None = None,
) -> Paragraph:
    """A paragraph of runs; each Jinja tag sits whole inside one run.

    keep_with_next defaults to bold: a bold line is a section heading (现场检查情况：,
    五、处理意见) and must not be left alone at the foot of a page.

    align "left" is flush left, not justified: a justified line holding an unbreakable run (a
    文号, an amount, a long 《…》 title) is stretched with wide gaps between the characters.
    CJK text is one em per character, so the right edge stays even anyway. "justify" and
    "distribute" are there for the forms that print them.
    """
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "distribute": WD_ALIGN_PARAGRAPH.DISTRIBUTE,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        fmt.first_line_indent = Pt((size or BODY_SIZE).pt * 2)
    if space_before is not None:
        fmt.space_before = space_before
    if space_after is not None:
        fmt.space_after = space_after
    if bold if keep_with_next is None else keep_with_next:
        fmt.keep_with_next = True
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    for part in [parts] if isinstance(parts, str) else parts:
        text, style = (part, {}) if isinstance(part, str) else part
        run = paragraph.add_run(text)
        set_run_font(run._r, str(style.get("font", font)), size)
        run.bold = bool(style.get("bold", bold))
        if style.get("underline"):
            run.underline = True
    return paragraph


def add_heading(doc: DocumentObject, title: str, number: str | None = "{{ number }}") -> None:
    """机关名称, 文书名称 and the 文号 at the right, kept with the first lines of the text."""
    add_para(doc, "{{ authority_name }}", align="center", size=Pt(18), font=TITLE_FONT,
             line=Pt(34), keep_with_next=True)  # fmt: skip
    add_para(doc, title, align="center", size=Pt(22), font=TITLE_FONT, line=Pt(40),
             space_after=Pt(6), keep_with_next=True)  # fmt: skip
    if number is not None:
        add_para(doc, number, align="right", space_after=Pt(6), keep_with_next=True)


#: Space above a signature block.
SIGN_GAP = Pt(8)
#: Default cell margins (left + right, w:tblCellMar 108 twips each) plus a little slack.
CELL_PADDING_MM = 4.2


def text_width_mm(text: str, size: Pt) -> float:
    """Printed width of one line: CJK and full-width characters one em, others half an em."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)
    return ems * size.pt * 25.4 / 72


def label_column_mm(labels: Sequence[str], size: Pt) -> float:
    """The narrowest column (whole mm) that holds the longest label on one line."""
    widest = max(text_width_mm(label, size) for label in labels)
    return float(int(widest + CELL_PADDING_MM) + 1)


def labelled(label: str, value: str) -> list[tuple[str, dict[str, object]] | str]:
    """`label：value` with the value underlined like a filled-in form line."""
    return [label, (value, {"underline": True})]


def is_tag_paragraph(paragraph: Paragraph) -> bool:
    """A `{%p … %}` line: docxtpl drops the paragraph, so its formatting never prints."""
    return paragraph.text.strip().startswith("{%p")


def keep_with_previous(doc: DocumentObject | _Cell) -> None:
    """Keep what follows with the last printed paragraph before it: a signature block must not
    stand alone on the last page, it signs the text above it.

    Walks back over `{%p if/else/endif/for %}` lines: the last paragraph of each branch of such
    a block may be the last one printed, so each gets keep_with_next. A table before the block
    keeps its last row with it.
    """
    body = doc.element.body if isinstance(doc, DocumentObject) else doc._element
    want, depth = True, 0
    for child in reversed(list(body)):
        if child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            for p in rows[-1].iter(qn("w:p")) if rows else ():
                Paragraph(p, doc).paragraph_format.keep_with_next = True
            if depth == 0:
                return
            want = False
            continue
        if child.tag != qn("w:p"):
            continue
        paragraph = Paragraph(child, doc)
        text = paragraph.text.strip()
        if is_tag_paragraph(paragraph):
            paragraph.paragraph_format.keep_with_next = True
            if text.startswith(("{%p endif", "{%p endfor")):
                depth += 1
            elif text.startswith(("{%p if", "{%p for")):
                depth -= 1
            want = True
            continue
        if want:
            paragraph.paragraph_format.keep_with_next = True
            want = False
        if depth <= 0:
            return


def add_sign_block(
    doc: DocumentObject,
    lines: Sequence[str | Sequence[tuple[str, dict[str, object]] | str]],
    *,
    space_before: Pt | None = None,
) -> list[Paragraph]:
    """Signature lines (以上笔录已阅… / 签名 / 日期) kept together and with the text before them."""
    keep_with_previous(doc)
    paragraphs = []
    for index, parts in enumerate(lines):
        last = index == len(lines) - 1
        gap = (space_before or SIGN_GAP) if index == 0 else None
        paragraphs.append(add_para(doc, parts, keep_with_next=not last, space_before=gap))
    return paragraphs


def add_signature(doc: DocumentObject, date_tag: str, *, seal: bool = True) -> None:
    """Authority name (with 印章) and date at the right, GB/T 9704 style.

    Kept on one page with each other and with the last lines of the text, so the seal never
    stands alone on a page.
    """
    keep_with_previous(doc)
    add_para(doc, "", space_before=Pt(12), keep_with_next=True)
    suffix = "（印章）" if seal else ""
    add_para(doc, f"{{{{ authority_name }}}}{suffix}", align="right", keep_with_next=True)
    add_para(doc, date_tag, align="right")


#: The children CT_TblPr lists after w:tblW (ECMA-376 §17.4.60), to keep their order.
TBLPR_AFTER_TBLW = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def add_table(
    doc: DocumentObject | _Cell,
    widths_mm: Sequence[float],
    rows: Sequence[Sequence[str]],
    *,
    header: bool = True,
    size: Pt = TABLE_SIZE,
    min_height_mm: float | None = None,
) -> Table:
    """A bordered fixed-width table: tblW, gridCol and every tcW set (Word and WPS agree)."""
    table = doc.add_table(rows=len(rows), cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Sets the one w:tblLayout type="fixed" at its schema place (a second one appended at the end
    # breaks CT_TblPr's sequence: Word may refuse the file, WPS ignores the fixed layout).
    table.autofit = False
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    total = sum(widths_mm)
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(width, *TBLPR_AFTER_TBLW)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(Mm(total).twips)))
    for col, grid in zip(widths_mm, tbl.tblGrid.findall(qn("w:gridCol")), strict=True):
        grid.set(qn("w:w"), str(int(Mm(col).twips)))
    if header:
        # The column titles repeat on every page a long list (检查项目, 卷内目录) runs onto.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for r, values in enumerate(rows):
        row = table.rows[r]
        # A row is read as one line of the form: never half on one page, half on the next.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if min_height_mm:
            row.height = Mm(min_height_mm)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            cell.paragraphs[0].text = ""
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER if header and r == 0 else WD_ALIGN_PARAGRAPH.LEFT
            )
            run = paragraph.add_run(value)
            set_run_font(run._r, HEI_FONT if header and r == 0 else BODY_FONT, size)
    return table
