"""Table models without a view: ids first, rows loaded lazily by the block."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from database.natural_sort import natural_key
from desktop.app import AppContext
from desktop.cases.cases import CaseFilter, CaseRow
from desktop.records.institutions import InstitutionRow
from desktop.ui.models.case_table_model import BLOCK, CaseTableModel
from desktop.ui.models.columns import ID_ROLE
from desktop.ui.models.rows_table_model import RowsTableModel
from desktop.ui.pages.institutions_page import INSTITUTION_COLUMNS


def _row(i: int) -> CaseRow:
    return CaseRow(i, f"青卫医案〔2026〕{i}号", f"当事人{i}", "机构", "案由", "社会举报", "其他",
                   "立案", "东湖街道", date(2026, 1, 2), None, None, 2_000_000, 0)  # fmt: skip


def test_case_model_loads_only_the_rows_it_shows(qapp) -> None:  # type: ignore[no-untyped-def]
    asked: list[list[int]] = []

    def load(ids: list[int]) -> list[CaseRow]:
        asked.append(ids)
        return [_row(i) for i in ids]

    model = CaseTableModel(load)
    model.set_ids(list(range(1, 100_001)))
    assert model.rowCount() == 100_000
    assert asked == []
    assert model.data(model.index(0, 0)) == "青卫医案〔2026〕1号"
    assert model.data(model.index(5, 9)) == "20,000.00"
    assert model.data(model.index(99_999, 1)) == "当事人100000"
    assert len(asked) == 2 and all(len(ids) <= BLOCK for ids in asked)
    assert model.loaded_rows() == 2 * BLOCK
    assert model.data(model.index(42, 0), ID_ROLE) == 43


def test_case_model_sort_asks_the_page_to_requery(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(lambda ids: [_row(i) for i in ids])
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(0, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["case_no", True]


def test_case_model_over_the_real_service(qapp, demo_ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    ids = demo_ctx.cases.list_ids(CaseFilter(search="青溪"), "case_no", False)
    model = CaseTableModel(demo_ctx.cases.rows)
    model.set_ids(ids)
    shown = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert shown == sorted(shown, key=natural_key)  # 〔2025〕9号 before 〔2025〕10号
    assert shown != sorted(shown)  # not as text
    assert all("青溪" in model.data(model.index(r, 1)) + model.data(model.index(r, 2))
               for r in range(model.rowCount()))  # fmt: skip


def test_rows_model_shows_institutions(qapp) -> None:  # type: ignore[no-untyped-def]
    model = RowsTableModel(INSTITUTION_COLUMNS)
    model.set_rows([InstitutionRow(7, "上海某医疗美容门诊部", "", "医疗美容门诊部", "莘庄镇",
                                   "正常", "A", "张三")])  # fmt: skip
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "上海某医疗美容门诊部"
    assert model.data(model.index(0, 3)) == "莘庄镇"
    assert model.data(model.index(0, 0), ID_ROLE) == 7
    assert model.headerData(0, Qt.Orientation.Horizontal) == "机构名称"
