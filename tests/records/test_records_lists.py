"""The large lists' queries: ids in display order with search, filters and sorting, rows by id."""

from __future__ import annotations

from desktop.app import AppContext
from desktop.documents.register import DocumentFilter, DocumentState
from desktop.inspections.inspections import InspectionFilter
from desktop.records.institutions import InstitutionFilter
from forms.record_forms import InstitutionKind


def test_institution_ids_follow_filters_and_sorting(demo_ctx: AppContext) -> None:
    service = demo_ctx.institutions
    everything = service.list()
    assert service.ids() == [r.id for r in everything]  # by name, like the old list
    town = everything[0].town
    in_town = service.ids(InstitutionFilter(towns=(town,)), "credit_code", descending=True)
    rows = service.rows(in_town)
    assert rows and all(r.town == town for r in rows)
    assert [r.id for r in rows] == in_town  # rows come back in the order asked
    assert len(in_town) == sum(1 for r in everything if r.town == town)
    codes = [r.credit_code for r in rows if r.credit_code]
    assert codes == sorted(codes, reverse=True)
    assert service.rows([in_town[0], 999_999]) == rows[:1]  # a gone id is left out


def test_inspection_search_town_and_kind_filters(demo_ctx: AppContext) -> None:
    service = demo_ctx.inspections
    everything = service.list()
    assert len(everything) > 20
    assert service.ids() == [r.id for r in everything]  # newest first, like the old list
    sample = everything[3]
    found = service.rows(service.ids(InspectionFilter(search=sample.institution_name[2:8])))
    assert sample.id in {r.id for r in found}
    kind = InstitutionKind(sample.institution_kind)
    by_kind = service.ids(InspectionFilter(kinds=(kind,), towns=(sample.town,)))
    expected = [
        r.id for r in everything if r.institution_kind == kind.value and r.town == sample.town
    ]
    assert by_kind == expected
    failed = sum(1 for r in everything if r.failed_items)
    assert 0 < service.count_failed() == failed < len(everything)
    by_name = service.rows(service.ids(sort="institution_name", descending=False))
    assert [r.institution_name for r in by_name] == sorted(r.institution_name for r in by_name)
    assert service.ids(InspectionFilter(search="没有这样的单位")) == []


def test_document_register_search_by_case_number_and_state(demo_ctx: AppContext) -> None:
    register, documents = demo_ctx.document_register, demo_ctx.documents
    filed = [r for r in demo_ctx.cases.list() if r.filed_on][:3]
    made = [documents.generate("filing_report", case_id=c.id) for c in filed]
    documents.void(made[0].id, "当事人名称有误，已重新制作")
    everything = documents.list_documents()
    assert everything and register.count() == len(everything)
    assert sorted(register.ids()) == sorted(d.id for d in everything)
    with_case = next(d for d in everything if d.case_id is not None)
    assert with_case.case_id is not None
    case_no = demo_ctx.cases.get(with_case.case_id).case_no
    rows = register.rows(register.ids(DocumentFilter(search=case_no)))
    assert with_case.id in {r.id for r in rows}
    assert all(r.case_no == case_no for r in rows)
    named = register.rows(register.ids(DocumentFilter(search=with_case.name)))
    assert with_case.id in {r.id for r in named}
    one_type = register.ids(DocumentFilter(form_id=with_case.form_id))
    assert one_type == register.ids(DocumentFilter(form_id=with_case.form_id, search=""))
    assert sorted(one_type) == sorted(d.id for d in everything if d.form_id == with_case.form_id)
    voided = register.ids(DocumentFilter(state=DocumentState.VOIDED))
    valid = register.ids(DocumentFilter(state=DocumentState.VALID))
    assert sorted(voided) == sorted(d.id for d in everything if d.voided)
    assert len(voided) + len(valid) == len(everything)


def _year_and_number(text: str) -> tuple[int, int]:
    import re

    year, number = re.search(r"〔(\d{4})〕(\d+)号", text).groups()  # type: ignore[union-attr]
    return int(year), int(number)


def test_case_numbers_sort_by_year_then_number_in_the_database(demo_ctx: AppContext) -> None:
    """〔2026〕9号 before 〔2026〕10号 and after 〔2025〕99号, both ways, ids from the query."""
    from desktop.cases.cases import CaseFilter

    service = demo_ctx.cases
    for descending in (False, True):
        rows = service.rows(service.list_ids(CaseFilter(), "case_no", descending))
        keys = [_year_and_number(r.case_no) for r in rows]
        assert len(keys) == service.count() > 200
        assert keys == sorted(keys, reverse=descending)
    # A renumbered case takes its new place: the key is set with the 案号.
    first = next(i for i in service.list_ids(CaseFilter(), "case_no") if not service.is_locked(i))
    data = service.get(first)
    from dataclasses import replace

    service.update(first, replace(data, case_no="青卫医案〔2099〕1号"))
    assert service.list_ids(CaseFilter(), "case_no", True)[0] == first


def test_document_numbers_sort_by_year_then_number(demo_ctx: AppContext) -> None:
    from database.models import Document

    register, documents = demo_ctx.document_register, demo_ctx.documents
    cases = demo_ctx.cases.list()[:12]
    for case in cases:
        documents.generate("filing_report", case_id=case.id)
    with demo_ctx.uow_factory() as uow:  # 文号 as the register allocates them: year and 序号 kept
        for year, seq in ((2026, 9), (2026, 10), (2025, 99), (2026, 8), (2026, 100)):
            uow.session.add(Document(doc_type="penalty_decision", series="penalty", year=year,
                                     seq=seq, number=f"青卫医罚〔{year}〕{seq}号"))  # fmt: skip
        uow.commit()
    rows = register.rows(register.ids(sort="number", descending=False))
    numbered = [_year_and_number(r.number) for r in rows if r.number]
    assert numbered == [(2025, 99), (2026, 8), (2026, 9), (2026, 10), (2026, 100)]
    assert not any(r.number for r in rows[: len(rows) - len(numbered)])  # unnumbered first
    by_case = register.rows(register.ids(sort="case_no", descending=False))
    case_keys = [_year_and_number(r.case_no) for r in by_case if r.case_no]
    assert case_keys == sorted(case_keys)
