"""The 双公示 行政处罚 export on the demo district: every field read back against its case, natural
persons' details absent, 万元 exact, the 公示 state recorded and the 工作台 item closed."""

from __future__ import annotations

import csv
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from publish_data import END, START, Issued, personal_values
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from database.models import Case, OfficeSetting, PartyType
from desktop.app import AppContext
from desktop.calendar.deadlines import RULES
from desktop.calendar.workdays import WorkdayCalendar
from desktop.common.errors import ValidationError
from desktop.publish.columns import load_columns, wan_yuan
from desktop.publish.periods import add_months
from forms.case_penalty import case_kind_names

TODAY = date(2026, 11, 20)


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    heads = [str(h) for h in rows[0]]
    return [{h: ("" if v is None else str(v)) for h, v in zip(heads, row, strict=True)}
            for row in rows[1:]]  # fmt: skip


def _wan(fen: int) -> str:
    """万元 with six decimals from Decimal arithmetic (the test's own, independent of wan_yuan)."""
    return f"{(Decimal(fen) / Decimal(1_000_000)):.6f}" if fen else ""


def _decision_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_every_field_of_every_row_matches_its_case(issued: Issued, tmp_path: Path) -> None:
    ctx = issued.ctx
    out = tmp_path / "双公示.xlsx"
    result = ctx.publish.export_penalties(START, END, out)
    rows = _read_xlsx(out)
    assert result.count == len(rows) == len(issued.numbers)
    assert list(rows[0]) == [c.heading for c in load_columns("penalties")]
    by_number = {row["行政处罚决定书文号"]: row for row in rows}
    office = ctx.office.all()
    persons = 0
    with ctx.uow_factory(readonly=True) as uow:
        query = (
            select(Case)
            .where(Case.id.in_(issued.numbers))
            .options(selectinload(Case.confiscated_items))
        )
        for case in uow.session.scalars(query):
            row = by_number.pop(issued.numbers[case.id])
            person = case.party_type is PartyType.PERSON
            persons += person
            assert row["行政相对人名称"] == case.party_name
            assert row["行政相对人类别"] == ("自然人" if person else "法人及非法人组织")
            assert row["行政相对人代码_1（统一社会信用代码）"] == (
                "" if person else case.party_credit_code
            )
            assert row["法定代表人"] == ("" if person else case.party_representative)
            assert row["证件类型"] == ("身份证" if person else "")
            assert row["证件号码"] == ""  # withheld for natural persons; none for others
            assert row["违法行为类型"] == case.cause
            assert row["处罚依据"] == case.penalty_basis
            assert case.penalty_basis in _decision_text(issued.paths[case.id])
            facts = case.facts
            if person:  # the party's own details masked in the text, nothing else changed
                for value in (case.party_id_number, case.party_phone, case.party_address):
                    facts = facts.replace(value, "（依法隐去）") if value else facts
            assert row["违法事实"] == facts
            # 处罚内容: each measure as the decision itself words it
            decision = _decision_text(issued.paths[case.id])
            for item in row["处罚内容"].split("；"):
                assert item.split(".", 1)[1] in decision
            kinds = set(case_kind_names(case, "责令停止执业活动")) | set(case_kind_names(case))
            for category in row["处罚类别"].split(";"):
                assert category in kinds or category == "其他"
            if case.fine_fen:
                assert "罚款" in row["处罚类别"].split(";")
            assert row["罚款金额（万元）"] == _wan(case.fine_fen)
            items = sum(i.value_fen or 0 for i in case.confiscated_items)
            assert row["没收违法所得、没收非法财物的金额（万元）"] == _wan(
                case.confiscation_fen + items
            )
            assert case.decided_on is not None
            assert row["处罚决定日期"] == case.decided_on.strftime("%Y/%m/%d")
            assert row["处罚有效期"] == "2099/12/31"
            serious = case.revocation or case.penalty_tier_condition in (
                "情节特别严重",
                "造成严重后果",
            )
            months = 36 if serious else 12
            assert row["公示截止期"] == add_months(case.decided_on, months).strftime("%Y/%m/%d")
            assert row["处罚机关"] == row["数据来源单位"] == office["authority_name"]
            assert row["处罚机关统一社会信用代码"] == office["authority_credit_code"]
            assert row["数据来源单位统一社会信用代码"] == office["authority_credit_code"]
            for code in ("2（工商注册号）", "3（组织机构代码）", "4（税务登记号）"):
                assert row[f"行政相对人代码_{code}"] == ""
    assert not by_number  # every row belongs to one of the period's decisions
    assert persons >= 1  # the period has a natural person to withhold


def test_no_published_file_carries_a_natural_persons_details(issued: Issued,
                                                             tmp_path: Path) -> None:  # fmt: skip
    ctx = issued.ctx
    files = [tmp_path / "p.xlsx", tmp_path / "p.csv", tmp_path / "i.xlsx", tmp_path / "c.xlsx"]
    ctx.publish.export_penalties(START, END, files[0])
    ctx.publish.export_penalties(START, END, files[1])
    ctx.publish.export_inspections(date(2026, 1, 1), END, files[2])
    ctx.publish.export_cases(date(2026, 1, 1), END, files[3])
    secrets = personal_values(ctx)
    assert len(secrets["id"]) >= 5
    for path in files:
        if path.suffix == ".xlsx":  # every XML part of the workbook, as a grep would see it
            with zipfile.ZipFile(path) as archive:
                text = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                               if n.endswith(".xml"))  # fmt: skip
        else:
            text = path.read_bytes().decode("utf-8-sig")
        for value in secrets["id"] | secrets["phone"]:
            assert value not in text, f"{path.name} 含有个人证件号码或电话"
    # the CSV says exactly what the workbook says
    with files[1].open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle)) == _read_xlsx(files[0])


def test_wan_yuan_is_exact_for_any_amount() -> None:
    for fen in (1, 99, 100, 1_000_000, 8_600_000, 123_456_789_012_345, 10**18 + 7):
        assert wan_yuan(fen) == f"{Decimal(fen) / Decimal(10**6):.6f}"
        assert Decimal(wan_yuan(fen)) * 10**6 == fen
    assert wan_yuan(0) == "0.000000"
    with pytest.raises(ValueError):
        wan_yuan(-1)


def _unpublish(ctx: AppContext, case_id: int) -> None:
    ctx.cases.update(case_id, replace(ctx.cases.get(case_id), published_on=None))


def _publicity_items(ctx: AppContext, case_id: int, today: date) -> list[date]:
    return [d.due for d in ctx.dashboard.load(today).due
            if d.record_id == case_id and d.what == RULES["publicity"].label]  # fmt: skip


def test_export_records_the_publication_and_closes_the_dashboard_item(issued: Issued,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    ctx = issued.ctx
    open_ids = [s.case_id for s in ctx.publish.states(date(2026, 11, 10), TODAY)
                if not ctx.cases.is_locked(s.case_id)]  # fmt: skip
    assert open_ids
    case_id = open_ids[0]
    _unpublish(ctx, case_id)
    decided = ctx.cases.get(case_id).decided_on
    assert decided is not None
    ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path)
    due = RULES["publicity"].due(WorkdayCalendar(ctx.uow_factory), decided).due
    assert _publicity_items(ctx, case_id, TODAY) == [due]
    assert any(i.record_id == case_id and i.rule == "publicity" for i in ctx.deadlines.list(TODAY))
    state = next(s for s in ctx.publish.states(decided, decided) if s.case_id == case_id)
    assert state.published_on is None and state.due == due
    result = ctx.publish.export_penalties(decided, decided, tmp_path / "p.xlsx", mark_on=TODAY)
    assert ctx.cases.get(case_id).case_no in result.marked
    assert ctx.cases.get(case_id).published_on == TODAY
    assert _publicity_items(ctx, case_id, TODAY) == []
    assert not any(i.record_id == case_id and i.rule == "publicity"
                   for i in ctx.deadlines.list(TODAY))  # fmt: skip


def test_the_seventh_working_day_follows_the_2026_calendar(issued: Issued) -> None:
    """Decided on 2026-09-30: 国庆 1–7 October are off, Saturday 10 October is a 调休 working day,
    so the 7th working day is 15 October (8, 9, 10, 12, 13, 14, 15)."""
    ctx = issued.ctx
    calendar = WorkdayCalendar(ctx.uow_factory)
    assert RULES["publicity"].due(calendar, date(2026, 9, 30)).due == date(2026, 10, 15)
    assert RULES["publicity"].due(calendar, date(2026, 9, 28)).due == date(2026, 10, 13)
    for state in ctx.publish.states(START, END):  # each decision's own limit, counted by hand
        day, left = state.decided_on, 7
        while left:
            day = date.fromordinal(day.toordinal() + 1)
            left -= calendar.is_workday(day)[0]
        assert state.due == day


def test_a_decision_without_its_number_stops_the_export(demo_ctx: AppContext,
                                                       tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "p.xlsx"
    with pytest.raises(ValidationError) as error:
        demo_ctx.publish.export_penalties(START, END, out, mark_on=TODAY)
    states = demo_ctx.publish.states(START, END)
    assert f"案件 {states[0].case_no} 行政处罚决定书文号" in str(error.value)
    assert "请先生成决定书" in str(error.value)
    assert not out.exists()
    assert [s.published_on for s in demo_ctx.publish.states(START, END)] == [
        s.published_on for s in states
    ]  # nothing marked


def test_settings_and_file_kind_are_checked_before_anything_is_written(issued: Issued,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    ctx, out = issued.ctx, tmp_path / "p.xlsx"
    office = ctx.office.all()
    ctx.office.save({**office, "authority_credit_code": ""})
    with pytest.raises(ValidationError, match="机关统一社会信用代码：未设置"):
        ctx.publish.export_penalties(START, END, out)
    # 设置 refuses a wrong code; one stored before that check is still caught by the export
    with pytest.raises(ValidationError, match=r"机关统一社会信用代码.*校验位不符"):
        ctx.office.save({**office, "authority_credit_code": "11359900003612345X"})
    with ctx.uow_factory() as uow:
        uow.session.merge(OfficeSetting(key="authority_credit_code", value="11359900003612345X"))
        uow.commit()
    with pytest.raises(ValidationError, match="处罚机关统一社会信用代码：校验位不符"):
        ctx.publish.export_penalties(START, END, out)
    assert not out.exists()
    with pytest.raises(ValidationError, match=r"\.xlsx 或 \.csv"):
        ctx.publish.export_penalties(START, END, tmp_path / "p.txt")
    ctx.office.save(office)
    with pytest.raises(ValidationError, match="公示日期：2026-09-30 早于处罚决定日期"):
        ctx.publish.export_penalties(START, END, out, mark_on=date(2026, 9, 30))
    assert not out.exists()
