"""A ledger sheet's columns checked against the columns the program reads: each header cell
named once, known (or knowingly ignored), not merged; each cell read holding a value, not a
formula without its result or an error value. Generic: a new column only needs listing in
`desktop.ledger.rows`."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from openpyxl.utils.cell import get_column_letter

from desktop.ledger.row_errors import RowError
from desktop.ledger.sheet_scan import Merge, SheetScan

#: How the clerk leaves unknown columns out, on the command line and in the import window.
IGNORE_HINT = "如确认这一列无需导入，请用 --ignore-columns（导入窗口中勾选“忽略未知列”）。"
#: Long cell texts are cut in messages.
_QUOTE_LIMIT = 20


def _quote(value: object) -> str:
    text = str(value)
    return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT] + "…"


class Columns:
    """The header row of one sheet and what the scan of its cells found."""

    def __init__(
        self, headers: Sequence[str], known: Sequence[str], scan: SheetScan, ignore: bool
    ) -> None:
        self._headers = list(headers)
        self._known = tuple(known)
        self._scan = scan
        self._ignore = ignore
        #: Known column → its (first) position.
        self.positions = {
            name: i for i, name in reversed(list(enumerate(self._headers))) if name in self._known
        }
        self._header_merges = [m for m in scan.merges if m.min_row == 1]
        self._reported_unnamed: set[int] = set()
        #: (row, column) whose conversion errors the cell findings replace.
        self.suspect: set[tuple[int, str]] = set()

    def row(self, values: Sequence[Any]) -> dict[str, Any]:
        """{known column: cell value} of one data row."""
        return {name: values[i] if i < len(values) else None for name, i in self.positions.items()}

    def header_errors(self) -> list[RowError]:
        """Columns named twice, unknown columns, merged header cells."""
        errors: list[RowError] = []
        seen: dict[str, int] = {}
        for index, name in enumerate(self._headers):
            if not name:
                continue
            letter = get_column_letter(index + 1)
            if name in seen:
                errors.append(
                    RowError(1, name, f"列名重复：{get_column_letter(seen[name] + 1)}列和{letter}列"
                             "都是这一列，无法确定用哪一列的内容；请删除或改名其中一列。")
                )  # fmt: skip
                continue
            seen[name] = index
            if name not in self._known and not self._ignore:
                errors.append(RowError(1, name, f"未知列（{letter}列）：本程序不认识这一列，"
                                       f"它的内容不会被导入。{self._suggestion(name)}{IGNORE_HINT}"))  # fmt: skip
        for merge in self._header_merges:
            errors.append(
                RowError(1, self._name(merge.min_col), f"列名单元格 {merge.ref} 是合并单元格，"
                         f"{self._lost(merge)}会被漏读：请取消合并，每一列写一个列名。")
            )  # fmt: skip
        return errors

    def cell_errors(self) -> list[RowError]:
        """Merged data cells, formulas saved without their result, error values."""
        errors: list[RowError] = []
        for merge in self._scan.merges:
            errors += self._data_merge(merge)
        for (row, column), formula in sorted(self._scan.uncached.items()):
            name = self._read_name(column)
            if row > 1 and name:
                self.suspect.add((row, name))
                errors.append(RowError(row, name, f"单元格是公式（={_quote(formula)}），但文件中"
                                       "没有保存计算结果：请在 Excel 中打开并保存后再导入。"))  # fmt: skip
        for (row, column), value in sorted(self._scan.error_values.items()):
            name = self._read_name(column)
            if row > 1 and name:
                self.suspect.add((row, name))
                errors.append(RowError(row, name, f"单元格是错误值 {_quote(value)}（公式出错）："
                                       "请在 Excel 中改正后再导入。"))  # fmt: skip
        return errors

    def unnamed_data(self, number: int, values: Sequence[Any]) -> list[RowError]:
        """Data under a blank column name (reported once per column)."""
        if self._ignore:
            return []
        errors: list[RowError] = []
        for index, value in enumerate(values):
            named = index < len(self._headers) and self._headers[index]
            if (
                named
                or value is None
                or str(value).strip() == ""
                or index in self._reported_unnamed
            ):
                continue
            if any(m.covers(1, index + 1) for m in self._header_merges):
                continue  # the merged header cell is reported instead
            self._reported_unnamed.add(index)
            letter = get_column_letter(index + 1)
            errors.append(RowError(number, f"{letter}列", f"这一列没有列名，但有内容“{_quote(value)}”"
                                   f"：请补上列名，或删除这一列。{IGNORE_HINT}"))  # fmt: skip
        return errors

    def _data_merge(self, merge: Merge) -> list[RowError]:
        if merge.max_row < 2 or not any(
            self._read_name(c) for c in range(merge.min_col, merge.max_col + 1)
        ):
            return []  # a title above the header, or only columns that are not read
        first_row = max(merge.min_row, 2)
        for row in range(first_row, merge.max_row + 1):
            for column in range(merge.min_col, merge.max_col + 1):
                name = self._read_name(column)
                if name and (row, column) != (merge.min_row, merge.min_col):
                    self.suspect.add((row, name))
        return [
            RowError(first_row, self._name(merge.min_col), f"单元格 {merge.ref} 是合并单元格，除"
                     "左上角外的单元格会读成空白：请取消合并，并在每个单元格中填写。")
        ]  # fmt: skip

    def _read_name(self, column: int) -> str:
        """The known column read at this position ('' when the column is not read)."""
        name = self._headers[column - 1] if 0 < column <= len(self._headers) else ""
        return name if self.positions.get(name) == column - 1 else ""

    def _name(self, column: int) -> str:
        name = self._headers[column - 1] if 0 < column <= len(self._headers) else ""
        return name or f"{get_column_letter(column)}列"

    def _lost(self, merge: Merge) -> str:
        """What a merged header cell hides: the columns to its right, or the rows below it."""
        if merge.max_col > merge.min_col:
            columns = range(merge.min_col + 1, merge.max_col + 1)
            return "、".join(get_column_letter(c) for c in columns) + "列"
        return f"第2–{merge.max_row}行"

    def _suggestion(self, name: str) -> str:
        close = difflib.get_close_matches(name, self._known, n=1, cutoff=0.5)
        return f"是否应为“{close[0]}”？" if close else ""
