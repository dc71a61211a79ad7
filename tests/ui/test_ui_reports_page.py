"""报表 page: the format choice (as the command line offers) and the 填表日期 reach the files."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
from pytestqt.qtbot import QtBot
from ui_keys import show_active, type_date

from database.models import CampaignCategory, CaseSource, CauseCategory, PartyType
from desktop.app import AppContext
from desktop.cases.cases import CaseInput
from desktop.ui.pages.reports_page import ReportsPage
from desktop.ui.ui_settings import UiSettings


def _formats(page: ReportsPage) -> list[str]:
    return [page.format.itemData(i) for i in range(page.format.count())]


def test_format_and_fill_date_reach_the_exported_files(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    ctx.cases.create(
        CaseInput(
            case_no="青卫医罚〔2026〕21号",
            party_name="李某",
            party_type=PartyType.PERSON,
            source=CaseSource.COMPLAINT,
            cause_category=CauseCategory.QUALIFICATION,
            campaign_category=CampaignCategory.UNLICENSED_PRACTICE,
            cause="非医师行医",
            party_address="南岗路8号",
            filed_on=date(2026, 6, 2),
            decided_on=date(2026, 6, 12),
            fine_fen=2_000_050,
        )
    )
    page = ReportsPage(ctx, UiSettings(tmp_path / "ui.ini"))
    qtbot.addWidget(page)
    show_active(qtbot, page)  # typing goes where the cursor is, in the active window
    page.activate()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=20_000)
    assert page.filled_date() == date.today()  # 填表日期 defaults to today
    assert _formats(page) == ["xlsx", "json"]  # 附表1
    page.choice.setCurrentIndex(3)  # 典型案例: a DOCX of its own
    assert _formats(page) == ["docx", "json"]
    page.choice.setCurrentIndex(1)  # 附表2
    assert _formats(page) == ["xlsx", "json"] and page.current()[2] == "xlsx"

    page.period.set_period(date(2026, 6, 1), date(2026, 6, 30))
    type_date(page.filled_on, "2026年7月2日")
    qtbot.waitUntil(lambda: "填表日期：2026-07-02" in page.caption.text(), timeout=20_000)
    assert page.table is not None and page.table.cell("合计", "行政处罚户(人)次") == 1

    xlsx = tmp_path / "附表2.xlsx"
    handle = page.export(xlsx)
    qtbot.waitUntil(lambda: handle.done, timeout=20_000)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert "填表日期：2026年7月2日" in [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]

    page.format.setCurrentIndex(1)
    assert page.current()[2] == "json"
    out = tmp_path / "附表2.json"
    handle = page.export(out)
    qtbot.waitUntil(lambda: handle.done, timeout=20_000)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["from"], data["to"]) == ("2026-06-01", "2026-06-30")
    assert data["rows"][0]["cells"]["罚款金额(万元)"] == 2.000050
    assert data["details"] == [{"被处罚对象": "李某", "地址": "南岗路8号", "案由": "非医师行医"}]
