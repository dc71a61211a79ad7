"""证据材料: PDFs and pictures checked when added, all or none, audited, paged into the 卷宗."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.cli.main import run
from desktop.common.errors import ConflictError, ValidationError


def _pdf(path: Path, pages: int = 2, password: str = "") -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _png(path: Path) -> Path:
    Image.new("RGB", (800, 600), (200, 180, 160)).save(path)
    return path


def _open_case(ctx: AppContext) -> tuple[int, str]:
    with ctx.uow_factory(readonly=True) as uow:
        case = uow.session.scalars(
            select(Case).where(Case.locked.is_(False), Case.closed_on.is_(None)).order_by(Case.id)
        ).first()
        assert case is not None
        return case.id, case.case_no


def test_evidence_is_checked_added_all_or_none_and_paged_into_the_file(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    case_id, case_no = _open_case(demo_ctx)
    scan, photo = _pdf(tmp_path / "询问笔录扫描件.pdf", 3), _png(tmp_path / "现场照片1.png")
    bad = {
        tmp_path / "说明.docx": b"PK\x03\x04 not evidence",
        tmp_path / "空白.pdf": b"",
        tmp_path / "损坏.pdf": b"%PDF-1.7 broken",
        tmp_path / "损坏.jpg": b"\xff\xd8\xff not a picture",
    }
    for path, data in bad.items():
        path.write_bytes(data)
    locked = _pdf(tmp_path / "加密.pdf", 1, password="secret")
    with pytest.raises(ValidationError) as error:
        demo_ctx.attachments.add_many(case_id, [scan, *bad, locked, photo])
    text = str(error.value)
    assert text.startswith("证据材料，未添加任何文件：")
    for reason in ("“说明.docx”不是 PDF 或图片", "“空白.pdf”是空文件", "“损坏.pdf”不是有效的 PDF",
                   "“损坏.jpg”无法作为图片读取", "“加密.pdf”设有密码"):  # fmt: skip
        assert reason in text
    assert demo_ctx.attachments.list(case_id) == []  # the good ones were not added either
    ids = demo_ctx.attachments.add_many(case_no, [scan, photo])
    rows = demo_ctx.attachments.list(case_id)
    assert [r.id for r in rows] == ids and [r.title for r in rows] == [
        "询问笔录扫描件",
        "现场照片1",
    ]
    assert [r.media_type for r in rows] == ["application/pdf", "image/png"]
    plan = demo_ctx.case_files.plan(case_id)
    evidence = [i for i in plan.items if i.attachment_id is not None]
    assert [i.title for i in evidence] == ["证据：询问笔录扫描件", "证据：现场照片1"]
    built = demo_ctx.case_files.build(case_id, allow_gaps=True)
    outline = [o.title for o in PdfReader(io.BytesIO(built.pdf)).outline]
    # with the 调查取证材料, before the 案件调查终结报告 (undated: in the order added)
    at = outline.index("证据：询问笔录扫描件")
    assert outline[at : at + 3] == ["证据：询问笔录扫描件", "证据：现场照片1", "案件调查终结报告"]
    assert outline[-1] == "卷内备考表"  # the 备考表 closes the file
    # removed: out of the file, kept in the audit trail
    demo_ctx.attachments.remove(ids[1])
    assert [r.id for r in demo_ctx.attachments.list(case_id)] == ids[:1]
    assert [e.action for e in demo_ctx.audit.history("attachment", ids[1])] == ["新增", "删除"]
    assert demo_ctx.audit.verify().ok


def test_a_locked_case_refuses_evidence(demo_ctx: AppContext, tmp_path: Path) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        case_no = uow.session.scalars(select(Case.case_no).where(Case.locked.is_(True))).first()
    assert case_no is not None
    with pytest.raises(ConflictError, match=r"已结案锁定.*重新打开"):
        demo_ctx.attachments.add(case_no, _png(tmp_path / "照片.png"))


def test_evidence_command(demo_ctx: AppContext, tmp_path: Path, capsysbinary) -> None:
    _id, case_no = _open_case(demo_ctx)
    base = ["--data-dir", str(demo_ctx.data_dir), "evidence"]
    photo = _png(tmp_path / "现场照片.png")
    assert run([*base, "add", "--case", case_no, str(photo), "--title", "门诊大厅现场"]) == 0
    assert "已添加证据材料" in capsysbinary.readouterr().out.decode("utf-8")
    assert run([*base, "list", "--case", case_no, "--json"]) == 0
    rows = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert [r["title"] for r in rows] == ["门诊大厅现场"]
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    assert run([*base, "add", "--case", case_no, str(tmp_path / "x.txt")]) == 1
    assert "不是 PDF 或图片" in capsysbinary.readouterr().err.decode("utf-8")
    assert run([*base, "remove", str(rows[0]["id"])]) == 0
    assert demo_ctx.attachments.list(case_no) == []
