"""campaign --rollup (issue 20, point 5): the city's packet from the packets its units sent.

The input folder holds what the units sent: their `报送材料原件.zip` (unpacked here) and/or loose
files. Each XLSX/JSON is read as an annex table and summed with the others of its table
(reports.rollup, every check included); each DOCX whose heading is "一、…案件材料报送目录" is a
typical-case document (reports.rollup_typical); other DOCX and PDF (a unit's own 总结 and its
packet PDF) are not summed. The packet is the district's: the 总结 skeleton, its figures taken
from the sums, the three summed tables (with 分单位 and 来源) and the typical cases, as one PDF and
a ZIP of originals (reports.packet.write_packet).
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.common.errors import ValidationError
from desktop.common.progress import Steps
from desktop.reports.packet import (
    PARTS,
    SUMMARY_NAME,
    PacketResult,
    render_summary,
    summary_context,
    write_packet,
)
from desktop.reports.pdf_convert import Converter
from desktop.reports.rollup import Rollup, read_input, render_rollup_xlsx, roll_up
from desktop.reports.rollup_checks import period_text
from desktop.reports.rollup_layout import LAYOUTS
from desktop.reports.rollup_read import UnreadableError
from desktop.reports.rollup_typical import collect_typical, read_typical
from desktop.trust.leftovers import mark_owner
from forms.validators import FieldError

#: What a unit's folder or ZIP may hold that the roll-up reads.
TABLE_SUFFIXES = (".xlsx", ".json")


@dataclass(frozen=True, slots=True)
class RollupRequest:
    """What the city sums: period, its own name, the list of units, warnings accepted."""

    start: date
    end: date
    unit: str
    authority: str
    filled_on: date
    expected_units: tuple[str, ...] = ()
    accept: dict[str, str] | None = None


def build_rollup_packet(
    input_dir: Path,
    out_dir: Path,
    request: RollupRequest,
    template: Path,
    convert: Converter,
) -> tuple[PacketResult, dict[str, Rollup]]:
    """Sum the units' packets in input_dir and write the city's packet into out_dir."""
    if not input_dir.is_dir():
        raise ValidationError([FieldError(str(input_dir), "不是文件夹。")], "未汇总")
    with tempfile.TemporaryDirectory(prefix="casedesk-rollup-") as tmp:
        mark_owner(Path(tmp))
        labels: dict[str, str] = {}
        found = _gather(input_dir, Path(tmp), labels)
        try:
            return _build(found, out_dir, request, template, convert)
        except ValidationError as error:
            raise _relabelled(error, labels) from None


def _gather(input_dir: Path, tmp: Path, labels: dict[str, str]) -> dict[str, list[Path]]:
    """Table name (and "typical") → files; ZIPs unpacked under tmp, labelled as "zip › name"."""
    files: list[Path] = []
    for index, path in enumerate(sorted(p for p in input_dir.rglob("*") if p.is_file())):
        if path.suffix.lower() != ".zip":
            files.append(path)
            continue
        target = tmp / f"{index:03d}"
        target.mkdir()
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = Path(member.filename).name  # never a path out of the folder
                if member.is_dir() or Path(name).suffix.lower() not in (*TABLE_SUFFIXES, ".docx"):
                    continue
                unpacked = target / name
                unpacked.write_bytes(archive.read(member))
                labels[str(unpacked)] = f"{path} › {member.filename}"
                files.append(unpacked)
    found: dict[str, list[Path]] = {name: [] for name in (*LAYOUTS, "typical")}
    errors: list[FieldError] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            try:
                found[read_input(path).name].append(path)
            except UnreadableError as error:
                errors.append(FieldError(str(path), str(error)))
        elif suffix == ".docx":
            try:
                read_typical(path)
            except ValidationError:
                continue  # a unit's 总结 or another document: not summed
            found["typical"].append(path)
    if errors:
        raise _relabelled(ValidationError(errors, "未汇总"), labels)
    return found


def _build(
    found: dict[str, list[Path]],
    out_dir: Path,
    request: RollupRequest,
    template: Path,
    convert: Converter,
) -> tuple[PacketResult, dict[str, Rollup]]:
    r = request
    errors: list[FieldError] = []
    rollups: dict[str, Rollup] = {}
    for name, layout in LAYOUTS.items():
        if not found[name]:
            errors.append(
                FieldError(layout.label, f"文件夹中没有找到{layout.label}“{layout.title}”。")
            )
            continue
        try:
            rollups[name] = roll_up(name, r.start, r.end, found[name], unit=r.unit,
                                    filled_on=r.filled_on, expected_units=r.expected_units,
                                    accept=r.accept)  # fmt: skip
        except ValidationError as error:
            errors += error.errors
    typical = b""
    cases = 0
    if not found["typical"]:
        errors.append(FieldError("典型案例", "文件夹中没有找到典型案例报送（DOCX）。"))
    try:
        typical, inputs = collect_typical(found["typical"], r.unit, period_text((r.start, r.end)))
        cases = sum(len(i.cases) for i in inputs)
    except ValidationError as error:
        errors += error.errors
    if errors:
        raise ValidationError(errors, "未汇总")
    tables = {name: rollup.table for name, rollup in rollups.items()}
    context = summary_context(tables, r.authority or r.unit, r.start, r.end, r.filled_on, cases)
    files = [(f"{SUMMARY_NAME}.docx", render_summary(template, context))]
    for name, title, _ in PARTS:
        if name in rollups:
            files.append((f"{title}.xlsx", render_rollup_xlsx(rollups[name])))
    files.append((f"{PARTS[-1][1]}.docx", typical))
    steps = Steps(2, "生成汇总报送材料", None, None)
    return write_packet(files, out_dir, convert, steps), rollups


def _relabelled(error: ValidationError, labels: dict[str, str]) -> ValidationError:
    """The refusals with an unpacked file named by its ZIP and member (not the temp folder)."""

    def relabel(text: str) -> str:
        for temp, label in labels.items():
            text = text.replace(temp, label)
        return text

    fixed = [FieldError(relabel(e.field), relabel(e.message)) for e in error.errors]
    return ValidationError(fixed, error.subject)
