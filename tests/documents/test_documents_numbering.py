"""文号: gap-free and unique under concurrent processes, kept on voiding, given back on failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from database.models import Case, CaseSource, CauseCategory, Document, Officer, PartyType
from desktop.app import AppContext
from desktop.documents.rendering import TemplateRenderError
from desktop.documents.service import DocumentService
from desktop.trust.file_store import FileStore

WORKER = """
import sys
from pathlib import Path
from desktop.app import build_context
ctx = build_context(sys.argv[1])
for case_id in sys.argv[3:]:
    ctx.documents.generate("penalty_decision", case_id=int(case_id), out_dir=Path(sys.argv[2]))
ctx.close()
"""


def _cases(ctx: AppContext, count: int) -> list[int]:
    """Cases decided in 2026 under 条例第四十六条 with a lawful fine and two officers."""
    ctx.office.save({"authority_name": "青溪区卫生健康委员会", "short_name": "青",
                     "review_organ": "青溪区人民政府", "court": "青溪区人民法院"})  # fmt: skip
    with ctx.uow_factory() as uow:
        officers = [Officer(name=f"执法员{i}", badge_no=f"ZJ{i:04d}") for i in range(2)]
        cases = [
            Case(case_no=f"青卫医案〔2026〕{i}号", source=CaseSource.ROUTINE,
                 cause_category=CauseCategory.QUALIFICATION, party_type=PartyType.ORGANISATION,
                 party_name=f"青溪某医疗美容诊所{i}", party_address="青溪区人民路1号",
                 cause="超出登记的诊疗科目范围开展诊疗活动案", facts="超范围开展美容外科。",
                 provision_code="YLJG-04", warning=True, fine_fen=2_000_000,
                 discretion="鉴于当事人系初次违法，", discretion_level="轻微",
                 filed_on=date(2026, 3, 1), notified_on=date(2026, 3, 20),
                 decided_on=date(2026, 4, 10), officers=officers)
            for i in range(1, count + 1)
        ]  # fmt: skip
        uow.session.add_all(cases)
        uow.commit()
        return [c.id for c in cases]


@pytest.mark.slow
def test_four_processes_get_unique_gap_free_numbers(ctx: AppContext, tmp_path: Path) -> None:
    ids = _cases(ctx, 24)
    out = tmp_path / "out"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(ctx.data_dir),
                str(out),
                *[str(i) for i in ids[k::4]],
            ],
            stderr=subprocess.PIPE,
        )
        for k in range(4)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    with ctx.uow_factory(readonly=True) as uow:
        rows = uow.session.scalars(select(Document).where(Document.doc_type == "penalty_decision"))
        numbers = sorted((d.seq, d.number) for d in rows)
    assert [seq for seq, _ in numbers] == list(range(1, 25))
    assert len({n for _, n in numbers}) == 24
    assert numbers[0][1] == "青卫医罚〔2026〕1号"
    assert len(list(out.glob("*.docx"))) == 24


def test_void_keeps_the_number_and_padding_applies(ctx: AppContext, tmp_path: Path) -> None:
    first, second = _cases(ctx, 2)
    ctx.office.save({"number_padding": "3"})
    doc = ctx.documents.generate("penalty_decision", case_id=first, out_dir=tmp_path)
    assert doc.number == "青卫医罚〔2026〕001号"
    ctx.documents.void(doc.id, "当事人名称有误")
    again = ctx.documents.generate("penalty_decision", case_id=first, out_dir=tmp_path)
    assert again.number == "青卫医罚〔2026〕002号"  # the voided number is never reused
    other = ctx.documents.generate("penalty_decision", case_id=second, out_dir=tmp_path)
    assert other.number == "青卫医罚〔2026〕003号"
    reprint = ctx.documents.generate("penalty_decision", case_id=second, out_dir=tmp_path)
    assert reprint.number == other.number  # a reprint keeps its number
    rows = {r.id: r for r in ctx.documents.list_documents(case_id=first)}
    assert rows[doc.id].voided and rows[doc.id].void_reason == "当事人名称有误"
    assert rows[doc.id].number == "青卫医罚〔2026〕001号"


def test_failed_render_gives_the_number_back(ctx: AppContext, tmp_path: Path) -> None:
    (case_id,) = _cases(ctx, 1)
    broken = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", broken)
    good = (broken / "penalty_decision.docx").read_bytes()
    service = DocumentService(ctx.uow_factory, broken, FileStore(tmp_path / "files"))
    (broken / "penalty_decision.docx").write_bytes(_with_unknown_variable(good))
    with pytest.raises(TemplateRenderError, match="表单未提供的变量"):
        service.generate("penalty_decision", case_id=case_id, out_dir=tmp_path / "out")
    assert service.list_documents() == []
    doc = ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path / "out")
    assert doc.number == "青卫医罚〔2026〕1号"


def _with_unknown_variable(data: bytes) -> bytes:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    document.add_paragraph("{{ no_such_field }}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
