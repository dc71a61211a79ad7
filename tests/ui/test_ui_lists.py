"""The 机构, 检查 and 文书 lists: ids first, rows read lazily, search and sorting in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.inspections.inspections import InspectionFilter
from desktop.ui.models.lazy_table_model import BLOCK
from desktop.ui.pages.inspections_page import InspectionsPage
from desktop.ui.pages.institutions_page import InstitutionsPage


def test_inspection_list_search_and_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("检查")
    assert isinstance(page, InspectionsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    total = page.model.rowCount()
    assert total > 20 and str(total) in page.count_label.text()
    sample = page.model.row_at(5)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.search.setText(sample.institution_name)
        page.filters.flush()
    shown = [page.model.row_at(r) for r in range(page.model.rowCount())]
    assert sample.id in {r.id for r in shown} and len(shown) < total
    assert all(r.institution_name == sample.institution_name for r in shown)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.search.clear()
        page.filters.flush()
    assert page.filters.combos["town"].findData(sample.town) > 0  # towns offered from the records
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.combos["town"].setCurrentIndex(
            page.filters.combos["town"].findData(sample.town)
        )
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.filters.combos["kind"].setCurrentText(sample.institution_kind)
    start, end = page.period.period()
    expected = window.ctx.inspections.list(InspectionFilter(date_from=start, date_to=end))
    wanted = [r.id for r in expected
              if r.town == sample.town and r.institution_kind == sample.institution_kind]  # fmt: skip
    assert page.model.ids() == wanted and sample.id in wanted
    # a header click sorts in the database; opening a record by id clears what would hide it
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    names = [page.model.row_at(r).institution_name for r in range(page.model.rowCount())]
    assert names == sorted(names)
    hidden = next(r for r in expected if r.town != sample.town)
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.open_inspection(hidden.id)
    assert page.selected_id() == hidden.id and page.filters.value("town") == ""


def test_institution_list_reads_rows_lazily_and_sorts_by_header(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("机构")
    assert isinstance(page, InstitutionsPage)
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    assert page.model.rowCount() == len(window.ctx.institutions.list())
    assert page.model.loaded_rows() <= BLOCK  # only what the view painted
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 镇街
    towns = [page.model.row_at(r).town for r in range(page.model.rowCount())]
    assert towns == sorted(towns, reverse=True)
    page.view.selectRow(4)
    chosen = page.selected_id()
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh()  # a reload keeps the clerk's row
    assert page.selected_id() == chosen
