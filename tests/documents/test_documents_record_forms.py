"""Record forms per the 2012 规范 (issue 15 point 5): 询问笔录, 现场笔录, 合议记录, 个人 parties,
and the text joined into the fixed wording (经查, 。等, full-width marks)."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from sqlalchemy import select

from database.models import Case, Officer
from desktop.app import AppContext
from forms.wording import evidence_list, facts_after_lead, full_width_marks, tidy


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    footer = document.sections[0].footer
    return "\n".join([*parts, *(p.text for p in footer.paragraphs)])


def _table_rows(data: bytes, header: str) -> list[list[str]]:
    for table in docx.Document(io.BytesIO(data)).tables:
        rows = [[c.text for c in r.cells] for r in table.rows]
        if rows and rows[0][0] == header:
            return rows[1:]
    raise AssertionError(f"no table headed {header}")


def test_inquiry_record_names_the_person_the_officers_and_the_recorder(
    demo_ctx: AppContext, person_case_id: int
) -> None:
    data = demo_ctx.documents.render_to_bytes(
        "inquiry_record", case_id=person_case_id,
        overrides={"inquiry_time": "9时30分至10时40分", "inquired_gender": "女",
                   "inquired_age": "46"},
    )  # fmt: skip
    text = _text(data)
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, person_case_id)
        assert case is not None
        party, id_no, address = case.party_name, case.party_id_number, case.party_address
        first, second = case.officers[0], case.officers[1]
        asker = f"{first.name}（执法证号：{first.badge_no}）"
        recorder = f"{second.name}（执法证号：{second.badge_no}）"
    assert "9时30分至10时40分" in text
    # A 个人 party asked in person: their own identity, from the case.
    for expected in (f"被询问人：{party}", "性别：女", "年龄：46", f"身份证号：{id_no}",
                     f"住址：{address}", "与当事人关系：当事人本人", f"记录人及执法证号：{recorder}",
                     f"询问人及执法证号：{asker}",
                     "工作单位及职务："):  # fmt: skip
        assert expected in text, expected
    assert "提供虚假情况的，应当承担相应的法律责任" in text  # the 告知
    # Signed on every page (footer) and at the end by the person, the officers and the recorder.
    assert "被询问人签名：" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs
    )
    assert "询问人签名：" in text and "记录人签名：" in text


def test_site_record_states_what_was_seen_not_a_judgment(
    demo_ctx: AppContext, add_inspection: Callable[..., int]
) -> None:
    inspection_id = add_inspection()
    data = demo_ctx.documents.render_to_bytes("site_record", inspection_id=inspection_id)
    rows = _table_rows(data, "序号")
    assert rows == [
        ["1", "执业许可证悬挂", "已查看"],
        ["2", "医疗废物分类收集", "注射器与生活垃圾混放"],
        ["3", "毒性药品管理", "不涉及"],
    ]
    text = _text(data)
    assert "合格" not in text and "结论" not in text
    assert "记录人：" in text and "记录人签名：" in text
    assert "被检查人（在场人员）签名：" in text  # the footer line of every page


def test_deliberation_record_has_an_office_chair_three_participants_and_their_opinions(
    demo_ctx: AppContext, person_case_id: int
) -> None:
    data = demo_ctx.documents.render_to_bytes("deliberation_record", case_id=person_case_id)
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, person_case_id)
        assert case is not None
        officers = [o.name for o in case.officers]
    text = _text(data)
    # Demo 设置: 合议主持人 郑明远, 合议成员 何素青、潘立文 — the chair is not a case officer.
    assert "主持人：郑明远" in text and "郑明远" not in officers
    names = [row[0] for row in _table_rows(data, "姓名")]
    assert names[0] == "郑明远（主持人）" and len(names) >= 3
    assert {"何素青", "潘立文"} <= set(names)
    assert all(f"{o}（承办人）" in names for o in officers)
    assert "合议结论：" in text and "主持人签名：" in text


def test_deliberation_with_fewer_than_three_people_is_refused(
    demo_ctx: AppContext, person_case_id: int
) -> None:
    demo_ctx.office.save({"deliberation.chair": "", "deliberation.members": ""})
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.get(Case, person_case_id)
        assert case is not None and len(case.officers) < 3
    problems = demo_ctx.documents.preflight("deliberation_record", case_id=person_case_id)
    assert any("参加合议人员（至少三人，含主持人）" in p for p in problems)
    assert any("主持人" in p for p in problems)


def test_joined_text_reads_once(demo_ctx: AppContext, closed_case_id: int) -> None:
    with demo_ctx.uow_factory() as uow:
        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        case.facts = "经查，当事人于2026年3月1日在未取得《医疗机构执业许可证》的情况下开展诊疗活动,共收费1,200元;"
        case.evidence = "现场笔录、询问笔录。等"
        uow.commit()
    data = demo_ctx.documents.render_to_bytes("penalty_decision", case_id=closed_case_id)
    text = _text(data)
    assert "经查，经查" not in text and "经查，当事人于2026年3月1日" in text
    assert "以上事实有现场笔录、询问笔录等证据证实。" in text and "。等" not in text
    assert "开展诊疗活动，共收费1,200元；" in text  # full-width beside CJK, 1,200 kept


@pytest.mark.parametrize(
    ("raw", "facts", "evidence"),
    [
        ("经查，当事人", "当事人", "经查，当事人"),
        ("经查明：当事人", "当事人", "经查明：当事人"),
        ("当事人经查", "当事人经查", "当事人经查"),
        ("照片。等", "照片。等", "照片"),
        ("照片等证据。", "照片等证据。", "照片"),
        ("照片、", "照片、", "照片"),
    ],
)
def test_lead_words_and_tails(raw: str, facts: str, evidence: str) -> None:
    assert facts_after_lead(raw) == facts
    assert evidence_list(raw) == evidence


def test_full_width_marks_only_beside_chinese() -> None:
    assert full_width_marks("内科,外科;见(附件):无") == "内科，外科；见（附件）：无"
    assert full_width_marks("9:30 ¥1,200.00 (a) ISO 9001:2015") == (
        "9:30 ¥1,200.00 (a) ISO 9001:2015"
    )
    assert tidy("改正。。") == "改正。" and tidy("如下，。") == "如下。"


def test_officers_outside_the_case_may_join_a_deliberation(
    demo_ctx: AppContext, person_case_id: int
) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        outside = uow.session.scalars(select(Officer).order_by(Officer.id.desc())).first()
        assert outside is not None
        name = outside.name
    demo_ctx.office.save({"deliberation.members": name})
    data = demo_ctx.documents.render_to_bytes("deliberation_record", case_id=person_case_id)
    assert name in [row[0].split("（")[0] for row in _table_rows(data, "姓名")]
