"""The roll-up's checks before summing (issue 20, point 2).

Refused, with the file and the reason: another table or period, the same unit twice, a unit not
on the 汇总单位 list, a figure that is not a non-negative integer (or an amount in 元 with more
than two decimals, in 万元 finer than the 分), a unit's own 合计 row or column that does not equal
its parts. Warnings, which the clerk may accept with a reason recorded in the output: a unit of
the list that sent nothing, 结案数 greater than 立案数 (cases filed before the period close in
it), 行政处罚单位数 greater than 机构数 (a punished institution since 注销), a hand-filled
workbook that states no period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop.reports import annex1
from desktop.reports.rollup_layout import LAYOUTS, TOTAL, Layout, decimals, norm, norm_key
from desktop.reports.rollup_read import Figure, Issue, RawTable
from desktop.reports.table import Number

#: Warning kinds: the word the clerk names in `--accept 类别=理由`.
MISSING_UNIT = "缺报单位"
CLOSED_OVER_FILED = "结案数大于立案数"
PUNISHED_OVER_ON_RECORD = "处罚单位数大于机构数"
NO_PERIOD = "未注明统计期间"
WARNING_KINDS = (MISSING_UNIT, CLOSED_OVER_FILED, PUNISHED_OVER_ON_RECORD, NO_PERIOD)


@dataclass(frozen=True, slots=True)
class UnitTable:
    """A unit's table with its figures checked, keyed exactly as the JSON export keys them."""

    file: str
    sha256: str
    name: str
    unit: str
    period: tuple[date, date] | None
    #: the year of the title (2024年…), checked when no period is stated
    year: int | None
    cells: dict[str, dict[str, Number]]
    footer: dict[str, Number]
    details: tuple[dict[str, str], ...]


def period_text(period: tuple[date, date] | None) -> str:
    return f"{period[0].isoformat()} 至 {period[1].isoformat()}" if period else "未注明"


def number(value: object, places: int) -> Number | None:
    """The figure as an exact number, or None when it is not a non-negative count or amount.
    An empty cell is 0; text holding a number (typed into a text cell) counts."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            exact = Decimal(repr(value))
        elif isinstance(value, int | Decimal):
            exact = Decimal(value)
        elif isinstance(value, str):
            exact = Decimal(value.strip().replace(",", ""))
        else:
            return None
    except InvalidOperation:
        return None
    if not exact.is_finite() or exact < 0:
        return None
    scaled = exact.scaleb(places)
    if scaled != scaled.to_integral_value():
        return None
    if places == 0:
        return int(exact)
    return int(exact) if exact == exact.to_integral_value() else exact.normalize()


def _wrong_number(figure: Figure, places: int) -> str:
    wanted = {0: "非负整数", 2: "金额（元，非负，最多两位小数）", 6: "金额（万元，非负，精确到分）"}
    shown = format(figure.value, "f") if isinstance(figure.value, Decimal) else figure.value
    return f"{figure.where}：“{shown}”不是{wanted[places]}。"


def check_unit(raw: RawTable) -> tuple[UnitTable, list[Issue]]:
    """The unit's figures as numbers under the table's keys, with what is wrong in them."""
    layout = LAYOUTS[raw.name]
    issues: list[Issue] = []
    labels = {norm(label): label for label in layout.rows}
    cells: dict[str, dict[str, Number]] = {label: {} for label in layout.rows}
    totals: dict[str, dict[str, tuple[Number, Figure]]] = {}
    for raw_label, figures in raw.rows.items():
        label = labels.get(norm(raw_label))
        if label is None and norm(raw_label) != TOTAL:
            issues.append(Issue(raw.file, f"{raw.row_places.get(raw_label, raw_label)}："
                                f"“{raw_label}”不是{layout.label}的行。"))  # fmt: skip
            continue
        keys = {norm_key(k): k for k in layout.row_keys[label or layout.rows[0]]}
        for raw_key, figure in figures.items():
            places = decimals(label or "", raw_key)
            value = number(figure.value, places)
            if value is None:
                issues.append(Issue(raw.file, _wrong_number(figure, places)))
                continue
            key = keys.get(norm_key(raw_key))
            if label is None or key is None:
                if TOTAL in norm_key(raw_key).split("/") or label is None:
                    totals.setdefault(label or TOTAL, {})[raw_key] = (value, figure)
                else:
                    issues.append(Issue(raw.file, f"{figure.where}：{layout.label}的"
                                        f"“{label}”行没有栏目“{raw_key}”。"))  # fmt: skip
                continue
            cells[label][key] = value
    issues += _total_issues(raw.file, layout, cells, totals)
    footer: dict[str, Number] = {}
    footer_keys = {norm(k): k for k in layout.footer_keys}
    for raw_key, figure in raw.footer.items():
        value = number(figure.value, 0)
        if norm(raw_key) not in footer_keys:
            issues.append(Issue(raw.file, f"{figure.where}：不是{layout.label}的表尾项目。"))
        elif value is None:
            issues.append(Issue(raw.file, _wrong_number(figure, 0)))
        else:
            footer[footer_keys[norm(raw_key)]] = value
    table = UnitTable(raw.file, raw.sha256, raw.name, raw.unit, raw.period, raw.year, cells,
                      footer, tuple(raw.details))  # fmt: skip
    if raw.name == "annex1":
        issues += _annex1_warnings(table)
    return table, issues


def _total_issues(
    file: str,
    layout: Layout,
    cells: dict[str, dict[str, Number]],
    totals: dict[str, dict[str, tuple[Number, Figure]]],
) -> list[Issue]:
    """A 合计 row equals the sum of the rows; a 合计 column the sum of the columns that differ
    from it only where it says 合计."""
    issues: list[Issue] = []
    for label, found in totals.items():
        for raw_key, (value, figure) in found.items():
            parts = norm_key(raw_key).split("/")
            if label == TOTAL and TOTAL not in parts:
                key = {norm_key(k): k for k in layout.row_keys[layout.rows[0]]}.get(
                    norm_key(raw_key)
                )
                expected = (
                    sum((cells[row].get(key, 0) for row in layout.rows), start=0) if key else None
                )
                what = "各行之和"
            else:
                at = parts.index(TOTAL)
                members = [k for k in cells.get(label, {}) if _member(k, parts, at)]
                expected = sum((cells[label][k] for k in members), start=0) if members else None
                what = "、".join(f"“{m.split('/')[at]}”" for m in members) + "之和"
            if expected is None:
                issues.append(Issue(file, f"{figure.where}：找不到“{raw_key}”合计的栏目。"))
            elif value != expected:
                issues.append(
                    Issue(file, f"{figure.where}：合计 {value} 不等于{what} {expected}。")
                )
    return issues


def _member(key: str, total: list[str], at: int) -> bool:
    parts = norm_key(key).split("/")
    return len(parts) == len(total) and all(
        p == t for i, (p, t) in enumerate(zip(parts, total, strict=True)) if i != at
    )


def _annex1_warnings(table: UnitTable) -> list[Issue]:
    issues: list[Issue] = []
    for label, row in table.cells.items():
        on_record, punished = row.get("机构数", 0), row.get("行政处罚单位数", 0)
        if punished > on_record:
            issues.append(Issue(table.file, f"“{label}”行政处罚单位数 {punished} 大于机构数 "
                                f"{on_record}。", PUNISHED_OVER_ON_RECORD))  # fmt: skip
        for column in annex1.columns():
            if column.path[-1] != annex1.FILED:
                continue
            group = "/".join(column.path[:-1])
            filed, closed = row.get(column.key, 0), row.get(f"{group}/{annex1.CLOSED}", 0)
            if closed > filed:
                issues.append(Issue(table.file, f"“{label}”{group}：结案数 {closed} 大于立案数 "
                                    f"{filed}。", CLOSED_OVER_FILED))  # fmt: skip
    return issues


def check_set(
    tables: list[UnitTable],
    name: str,
    start: date,
    end: date,
    expected_units: tuple[str, ...],
) -> list[Issue]:
    """The inputs together: one table, one period, each unit once and on the list."""
    issues: list[Issue] = []
    label = LAYOUTS[name].label
    seen: dict[str, str] = {}
    for table in tables:
        if table.name != name:
            other = LAYOUTS[table.name]
            issues.append(Issue(table.file, f"是{other.label}“{other.title}”，不是{label}。"))
            continue
        if not table.unit:
            issues.append(Issue(table.file, "没有填写单位。"))
        elif table.unit in seen:
            issues.append(Issue(table.file, f"单位“{table.unit}”已在 {seen[table.unit]} 中报送，"
                                "同一单位只能汇总一次。"))  # fmt: skip
        else:
            seen[table.unit] = table.file
        if expected_units and table.unit and table.unit not in expected_units:
            issues.append(Issue(table.file, f"单位“{table.unit}”不在汇总单位名单中"
                                f"（{'、'.join(expected_units)}）。"))  # fmt: skip
        issues += _period_issues(table, start, end)
    missing = [u for u in expected_units if u not in seen]
    if missing:
        count = len(expected_units) - len(missing)
        issues.append(Issue("汇总单位", f"已报 {count}/{len(expected_units)} 个单位，"
                            f"未报：{'、'.join(missing)}。", MISSING_UNIT))  # fmt: skip
    return issues


def _period_issues(table: UnitTable, start: date, end: date) -> list[Issue]:
    wanted = period_text((start, end))
    if table.period is not None:
        if table.period != (start, end):
            return [Issue(table.file, f"统计期间为 {period_text(table.period)}，"
                          f"不是本次汇总的 {wanted}。")]  # fmt: skip
        return []
    if table.year is not None and not start.year <= table.year <= end.year:
        return [Issue(table.file, f"标题中的年份 {table.year} 不在本次汇总期间 {wanted} 内。")]
    return [Issue(table.file, f"工作簿没有注明统计期间，无法核对是否为 {wanted}。", NO_PERIOD)]
