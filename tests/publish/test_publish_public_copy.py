"""The 公开版 决定书: rendered from the record with personal details masked, converted by LibreOffice,
read back with pypdf; registered under the decision's 文号 and kept out of the 卷宗."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from publish_data import Issued, personal_values
from pypdf import PdfReader
from sqlalchemy import select

from database.models import Case, PartyType
from desktop.common.errors import CasedeskError
from desktop.documents.public_copy import PUBLIC_MARK, PUBLIC_NAME, mask_text
from desktop.documents.sources import issued_numbers

#: Any 18-character 身份证号 and any mainland mobile number.
ID_RE = re.compile(r"\d{17}[\dX]")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@dataclass(frozen=True, slots=True)
class Party:
    """What the test compares of one case."""

    id: int
    case_no: str
    party_name: str
    party_credit_code: str
    party_representative: str
    party_address: str
    party_phone: str


def _one_case(issued: Issued, party_type: PartyType) -> Party:
    with issued.ctx.uow_factory(readonly=True) as uow:
        query = select(Case).where(Case.id.in_(issued.numbers), Case.party_type == party_type)
        case = uow.session.scalars(query.order_by(Case.id)).first()
        assert case is not None
        return Party(case.id, case.case_no, case.party_name, case.party_credit_code,
                     case.party_representative, case.party_address, case.party_phone)  # fmt: skip


@pytest.mark.slow
def test_public_copies_carry_no_personal_details(issued: Issued, tmp_path: Path) -> None:
    ctx = issued.ctx
    person = _one_case(issued, PartyType.PERSON)
    organisation = _one_case(issued, PartyType.ORGANISATION)
    out = tmp_path / "公开版"
    texts = {}
    for case in (person, organisation):
        doc = ctx.documents.generate_public_copy(case.id, out)
        assert doc.pdf_path is not None and doc.pdf_path.exists()
        assert doc.number == issued.numbers[case.id] and doc.name == PUBLIC_NAME
        texts[case.id] = " ".join(_pdf_text(doc.pdf_path).split())
    secrets = personal_values(ctx)
    for text in texts.values():
        compact = text.replace(" ", "")
        assert not ID_RE.search(compact) and not MOBILE_RE.search(compact)
        for value in secrets["id"] | secrets["phone"]:
            assert value not in compact
        assert PUBLIC_MARK in compact
    text = texts[person.id].replace(" ", "")
    assert person.party_address.replace(" ", "") not in text
    assert f"当事人：{person.party_name}" in text and "身份证号：（依法隐去）" in text
    assert issued.numbers[person.id].replace(" ", "") in text
    org = texts[organisation.id].replace(" ", "")
    # a legal person's identity stays: 统一社会信用代码, address, 法定代表人; only its phone goes
    assert organisation.party_credit_code in org and organisation.party_representative in org
    assert organisation.party_address.replace(" ", "") in org
    assert organisation.party_phone not in org


@pytest.mark.slow
def test_the_register_notes_the_public_copy_and_the_case_file_leaves_it_out(
    issued: Issued, tmp_path: Path
) -> None:
    ctx = issued.ctx
    case = _one_case(issued, PartyType.PERSON)
    doc = ctx.documents.generate_public_copy(case.id, tmp_path, pdf=False)
    rows = ctx.documents.list_documents(case_id=case.id)
    public = [r for r in rows if r.name == PUBLIC_NAME]
    assert len(public) == 1 and public[0].number == issued.numbers[case.id]
    register = ctx.document_register.rows([doc.id])
    assert register[0].name == PUBLIC_NAME and register[0].case_no == case.case_no
    titles = [item.title for item in ctx.case_files.plan(case.case_no).items]
    assert "行政处罚决定书" in titles and PUBLIC_NAME not in titles
    # voiding the 公开版 leaves the decision's 文号 valid (it is the decision's, not the copy's)
    ctx.documents.void(doc.id, "网站版面调整，重新生成")
    with ctx.uow_factory(readonly=True) as uow:
        assert issued_numbers(uow.session, case.id, None)["penalty_decision"] == doc.number


def test_a_case_without_its_decision_number_has_no_public_copy(issued: Issued,
                                                               tmp_path: Path) -> None:  # fmt: skip
    with issued.ctx.uow_factory(readonly=True) as uow:
        other = uow.session.scalars(select(Case.id).where(Case.id.not_in(issued.numbers))).first()
    assert other is not None
    with pytest.raises(CasedeskError, match="尚未生成行政处罚决定书"):
        issued.ctx.documents.generate_public_copy(other, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_masking_works_on_the_context_texts() -> None:
    text = "当事人张某（身份证号 11010519491231002X，电话 13800138000）在幸福路1号行医。"
    masked = mask_text(text, ("幸福路1号",))
    assert "11010519491231002X" not in masked and "13800138000" not in masked
    assert "幸福路1号" not in masked and masked.count("（依法隐去）") == 3
    # an 18-digit number that is no 身份证号 (wrong check digit) is left alone
    assert mask_text("账号 110105194912310021", ()) == "账号 110105194912310021"
