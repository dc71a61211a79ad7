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
