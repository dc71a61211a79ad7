"""The errors of a ledger import: one per bad cell, all of them in one exception."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.common.errors import CasedeskError


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell (row 0 means the file or its header) of a sheet."""

    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"第{self.row}行 " if self.row else ""
        return f"{where}“{self.column}”：{self.message}"


class LedgerImportError(CasedeskError):
    """Nothing was imported; `errors` lists every bad row with its column and reason (the
    first line names the sheet they are in)."""

    def __init__(self, errors: list[RowError], total_errors: int | None = None) -> None:
        self.errors = errors
        self.total_errors = total_errors if total_errors is not None else len(errors)
        more = self.total_errors - len(errors)
        sheets = sorted({e.sheet for e in errors if e.sheet})
        self.sheet = "、".join(sheets)
        where = f"（工作表“{'”、“'.join(sheets)}”）" if sheets else ""
        lines = [str(e) for e in errors] + ([f"……另有{more}处错误未列出。"] if more > 0 else [])
        super().__init__(f"导入失败，没有导入任何记录{where}：\n" + "\n".join(lines))
