"""典型案例 one level up (issue 20, point 4): the units' typical-case documents in one DOCX.

Each input is a casedesk 典型案例报送 DOCX or the seed's template filled by hand: its unit is read
from the heading "一、（单位）案件材料报送目录", its cases from the catalogue table under it. The
output starts with a 目录 by unit (cases per unit), then each unit's document on its own pages,
body kept as it was sent (its 案件材料报送目录 table and 案情概述), then a 来源 list (file, sha256,
unit, cases). Refused with the file and reason: not a DOCX, no unit in the heading, no catalogue
table, the same unit twice, a picture (not carried over yet).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import _Cell

from desktop.common.errors import ValidationError
from desktop.reports.rollup_layout import norm
from desktop.reports.rollup_read import sha256_of
from desktop.reports.typical import BODY_FONT, HEADERS, TITLE, TITLE_FONT, set_font
from forms.validators import FieldError

_HEADING = re.compile(r"^一、\s*[（(]?\s*(.*?)\s*[)）]?\s*案件材料报送目录")
#: The seed's template says 具体内容 where casedesk writes 行政处罚具体内容.
_HEADER_WORDS = {norm(h) for h in HEADERS} | {norm("具体内容")}
_PICTURES = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


@dataclass(frozen=True, slots=True)
class TypicalInput:
    """One unit's typical-case document as read."""

    file: str
    sha256: str
    unit: str
    cases: tuple[str, ...]  # 机构名称 of each catalogue row
    document: DocxDocument


def read_typical(path: Path) -> TypicalInput:
    """The unit and cases of one document; raises ValidationError naming the file."""
    data = path.read_bytes()
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise _refuse(path, f"不是可读取的 DOCX 文件（{error}）。") from None
    unit = ""
    for paragraph in document.paragraphs:
        found = _HEADING.match(norm(paragraph.text))
        if found:
            unit = found.group(1).strip()
            break
    else:
        raise _refuse(path, "没有“一、（单位）案件材料报送目录”标题。")
    if not unit or norm(unit).upper() in {"XX镇", "XX", "单位"}:
        raise _refuse(path, "“一、…案件材料报送目录”标题中未写明单位。")
    catalogue = next(
        (t for t in document.tables if t.rows and _is_catalogue(t.rows[0].cells)), None
    )
    if catalogue is None:
        raise _refuse(path, f"没有案件材料报送目录表（表头：{'、'.join(HEADERS)}）。")
    cases = tuple(
        row.cells[1].text.strip() for row in catalogue.rows[1:] if row.cells[1].text.strip()
    )
    body = document.element.body
    if any(True for tag in _PICTURES for _ in body.iter(tag)):
        raise _refuse(path, "含图片或嵌入对象，汇总暂不能带入，请改为文字或另附。")
    return TypicalInput(str(path), sha256_of(data), unit, cases, document)


def _is_catalogue(cells: Sequence[_Cell]) -> bool:
    words = [norm(c.text) for c in cells]
    return len(words) >= len(HEADERS) and all(w in _HEADER_WORDS for w in words[: len(HEADERS)])


def _refuse(path: Path, reason: str) -> ValidationError:
    return ValidationError([FieldError(str(path), reason)], "未汇总")


def collect_typical(paths: list[Path], unit: str, period: str) -> tuple[bytes, list[TypicalInput]]:
    """One DOCX: 目录 by unit, each unit's document as sent, 来源; every refusal at once."""
    inputs: list[TypicalInput] = []
    errors: list[FieldError] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            item = read_typical(path)
        except ValidationError as error:
            errors += error.errors
            continue
        except OSError as error:
            errors.append(FieldError(str(path), f"无法读取文件（{error.strerror or error}）。"))
            continue
        if item.unit in seen:
            errors.append(
                FieldError(str(path), f"单位“{item.unit}”已在 {seen[item.unit]} 中报送。")
            )
            continue
        seen[item.unit] = str(path)
        inputs.append(item)
    if errors:
        raise ValidationError(errors, "未汇总")
    return _write(inputs, unit, period), inputs


def _write(inputs: list[TypicalInput], unit: str, period: str) -> bytes:
    out = docx.Document()
    section = out.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(f"{unit}{TITLE}（汇总）"), TITLE_FONT, 18, bold=True)
    set_font(out.add_paragraph().add_run(f"统计期间：{period}"), BODY_FONT, 12)
    set_font(out.add_paragraph().add_run("目录"), TITLE_FONT, 14)
    total = sum(len(i.cases) for i in inputs)
    for n, item in enumerate(inputs, start=1):
        line = (
            f"{n}. {item.unit}（{len(item.cases)} 件）：{'、'.join(item.cases) or '本期无典型案例'}"
        )
        set_font(out.add_paragraph().add_run(line), BODY_FONT, 12)
    set_font(out.add_paragraph().add_run(f"共 {len(inputs)} 个单位，{total} 件。"), BODY_FONT, 12)
    body = out.element.body
    sect = body.find(qn("w:sectPr"))
    for n, item in enumerate(inputs, start=1):
        out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        set_font(out.add_paragraph().add_run(f"{n}. {item.unit}"), TITLE_FONT, 16, bold=True)
        for element in list(item.document.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            if element.tag == qn("w:p") and norm(TITLE) in norm(_text(element)):
                continue  # the unit's own title: the unit heading above stands for it
            if sect is not None:
                sect.addprevious(copy.deepcopy(element))
            else:
                body.append(copy.deepcopy(element))
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    set_font(out.add_paragraph().add_run("来源"), TITLE_FONT, 14)
    grid = out.add_table(rows=1, cols=4)
    grid.style = "Table Grid"
    for i, header in enumerate(("文件", "SHA-256", "单位", "案件数")):
        set_font(grid.rows[0].cells[i].paragraphs[0].add_run(header), TITLE_FONT, 10.5)
    for item in inputs:
        cells = grid.add_row().cells
        values = (Path(item.file).name, item.sha256, item.unit, str(len(item.cases)))
        for i, value in enumerate(values):
            set_font(cells[i].paragraphs[0].add_run(value), BODY_FONT, 9)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _text(element: object) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))  # type: ignore[attr-defined]
