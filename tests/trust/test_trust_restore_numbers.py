"""Issue 16, finding 5: no 文号 ever issued twice. A restore is refused while another casedesk
process holds the data folder; after restoring an older backup every number issued since stays
taken (作废, 恢复备份前已使用) and numbering continues after the highest one; a voided 文号 is never
printed again, whichever row carried it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from sqlalchemy import select

from database.models import Case, Document
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.documents.doc_types import GeneratedDocument
from desktop.trust.data_lock import LOCKS_DIR, other_holders
from desktop.trust.file_store import FileStore
from desktop.trust.restore_numbers import PENDING_FILE, VOID_REASON

ENTRY = "from desktop.entry import main; raise SystemExit(main())"


def _sqlite_only(ctx: AppContext) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("restore is the SQLite mode's")


def _numbers(folder: Path) -> list[tuple[str, bool, str]]:
    """(文号, voided, void reason) of every numbered register row."""
    ctx = build_context(str(folder))
    try:
        with ctx.uow_factory(readonly=True) as uow:
            rows = uow.session.execute(
                select(Document.number, Document.voided, Document.void_reason)
                .where(Document.number != "")
                .order_by(Document.id)
            )
            return [(n, bool(v), r) for n, v, r in rows]
    finally:
        ctx.close()


def _decided_case_ids(ctx: AppContext, count: int) -> list[int]:
    """Decided cases; a closed (locked) one is reopened, recorded, so its documents are made."""
    with ctx.uow_factory(readonly=True) as uow:
        query = select(Case.id).where(Case.decided_on.is_not(None)).order_by(Case.id)
        ids = list(uow.session.scalars(query.limit(count)))
    for case_id in ids:
        if ctx.cases.is_locked(case_id):
            ctx.audit.reopen_case(case_id, "测试：补发决定书")
    return ids


def _batch(folder: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, "-c", ENTRY, "--data-dir", str(folder),
         "doc", "行政处罚决定书", "--all-cases", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_restore_is_refused_during_a_batch_and_an_older_backup_never_reissues_a_number(
    demo_ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _sqlite_only(demo_ctx)
    folder = demo_ctx.data_dir
    _decided_case_ids(demo_ctx, 10_000)  # closed cases are locked: the batch would skip them
    older = demo_ctx.backups.backup(tmp_path / "before-the-batch.zip").path
    demo_ctx.close()
    batch = _batch(folder, tmp_path / "out")
    assert batch.stderr is not None
    first = batch.stderr.readline()
    while first.startswith("提示："):  # the batch's notices of unverified rows come first
        first = batch.stderr.readline()
    # "[1/240] …": the batch is numbering
    assert first.startswith("[1/"), first + batch.communicate()[1]
    capfd.readouterr()
    assert run(["--data-dir", str(folder), "restore", str(older)]) == 1
    err = capfd.readouterr().err
    assert "正由另一个 casedesk 程序使用" in err and f"进程 {batch.pid}" in err
    assert "doc 行政处罚决定书 --all-cases" in err
    _out, rest = batch.communicate(timeout=600)
    assert batch.returncode == 0, rest
    issued = [n for n, _v, _r in _numbers(folder)]
    assert len(issued) >= 150 and len(set(issued)) == len(issued)

    # The batch is done: restoring the backup from before it is allowed, and its numbers stay taken.
    assert run(["--data-dir", str(folder), "restore", str(older)]) == 0
    out = capfd.readouterr().out
    assert "已登记为作废" in out and VOID_REASON in out
    assert not (folder / PENDING_FILE).exists()
    after = _numbers(folder)
    kept = {n for n, voided, reason in after if voided and reason == VOID_REASON}
    assert set(issued) <= kept
    ctx = build_context(str(folder))
    try:
        new = [
            ctx.documents.generate(  # dated before the batch's last numbers: a 补号原因
                "penalty_decision",
                case_id=case_id,
                out_dir=tmp_path / "new",
                late_reason="恢复备份后补发",
            ).number
            for case_id in _decided_case_ids(ctx, 3)
        ]
        assert ctx.audit.verify().ok
        assert ctx.startup_check.check().clean, ctx.startup_check.check().lines()
    finally:
        ctx.close()
    assert not set(new) & set(issued), new
    assert len(set(new)) == 3


def test_a_stale_lock_of_a_killed_process_is_cleared(ctx: AppContext, tmp_path: Path) -> None:
    _sqlite_only(ctx)
    archive = ctx.backups.backup(tmp_path / "b.zip").path
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    locks = ctx.data_dir / LOCKS_DIR
    stale = locks / f"{dead.stdout.strip()}-deadbeef.json"
    stale.write_text(
        json.dumps({"pid": int(dead.stdout), "host": os.uname().nodename, "command": "doc",
                    "since": "2026-11-20T10:00:00"}),
        encoding="utf-8",
    )  # fmt: skip
    folder = ctx.data_dir
    ctx.close()
    assert other_holders(folder) == [] and not stale.exists()
    assert run(["--data-dir", str(folder), "restore", str(archive)]) == 0


def test_every_open_context_holds_the_folder_until_closed(ctx: AppContext, tmp_path: Path) -> None:
    held = list((ctx.data_dir / LOCKS_DIR).glob("*.json"))
    assert len(held) == 1 and json.loads(held[0].read_text("utf-8"))["pid"] == os.getpid()
    child = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.trust.data_lock import other_holders; "
         "from pathlib import Path; print(len(other_holders(Path(sys.argv[1]))))",
         str(ctx.data_dir)],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )  # fmt: skip
    assert child.stdout.strip() == "1"  # another process sees this one holding the folder
    ctx.close()
    assert not list((ctx.data_dir / LOCKS_DIR).glob("*.json"))


def test_a_number_found_only_in_a_stored_document_stays_taken(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    """A document in the file store that the register lacks (a batch that wrote it while the
    register was being replaced) still holds its number after the restore."""
    _sqlite_only(demo_ctx)
    ctx = demo_ctx
    archive = ctx.backups.backup(tmp_path / "b.zip").path
    with ctx.uow_factory(readonly=True) as uow:
        last = max(
            uow.session.scalars(select(Document.seq).where(Document.series == "penalty")),
            default=0,
        )
    stray = tmp_path / "stray.docx"
    paper = DocxDocument()
    paper.add_paragraph("青溪区卫生健康局")
    paper.add_paragraph(f"行政处罚决定书  青卫医罚〔2026〕{last + 5}号")
    paper.save(str(stray))
    FileStore(ctx.data_dir / "files").put(stray.read_bytes())
    folder = ctx.data_dir
    ctx.close()
    assert run(["--data-dir", str(folder), "restore", str(archive)]) == 0
    after = build_context(str(folder))
    try:
        case_id = _decided_case_ids(after, 1)[0]
        doc = after.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path / "o")
        assert doc.number != f"青卫医罚〔2026〕{last + 5}号"
        if doc.number.startswith("青卫医罚〔2026〕"):
            assert doc.number == f"青卫医罚〔2026〕{last + 6}号"
        voided = {
            n: r for n, v, r in [(d.number, d.voided, d.void_reason)
                                 for d in after.documents.list_documents()] if v
        }  # fmt: skip
        assert voided.get(f"青卫医罚〔2026〕{last + 5}号") == VOID_REASON
        assert after.startup_check.check().clean
    finally:
        after.close()


def test_a_voided_number_is_never_reprinted_whichever_row_carried_it(
    demo_ctx: AppContext, tmp_path: Path
) -> None:
    ctx = demo_ctx
    case_id = _decided_case_ids(ctx, 1)[0]
    original = _generate(ctx, case_id, tmp_path)
    reprint = _generate(ctx, case_id, tmp_path)
    assert reprint.number == original.number  # a reprint keeps its number (the original: 重新生成)
    ctx.documents.void(reprint.id, "送达前发现错误")
    third = _generate(ctx, case_id, tmp_path)
    assert third.number != original.number
    # A reprint row voided (not the document that first carried the number) retires it too.
    again = _generate(ctx, case_id, tmp_path)
    assert again.number == third.number and again.id != third.id
    ctx.documents.void(again.id, "重新制作")
    fourth = _generate(ctx, case_id, tmp_path)
    assert fourth.number not in {original.number, third.number}
    assert ctx.startup_check.check().clean
    assert ctx.audit.verify().ok


def _generate(ctx: AppContext, case_id: int, tmp_path: Path) -> GeneratedDocument:
    return ctx.documents.generate("penalty_decision", case_id=case_id, out_dir=tmp_path / "docs")


def test_the_cli_void_then_reprint_case_of_the_issue(
    demo_ctx: AppContext, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    ctx = demo_ctx
    args = ["--data-dir", str(ctx.data_dir)]
    if ctx.engine.dialect.name != "sqlite":
        args += ["--db", ctx.engine.url.render_as_string(hide_password=False)]
    case_id = _decided_case_ids(ctx, 2)[1]
    out = ["--out", str(tmp_path / "o")]
    for _ in range(2):  # the decision, then a reprint row carrying the same number
        assert run([*args, "doc", "行政处罚决定书", "--case", str(case_id), *out]) == 0
    rows = [
        d for d in ctx.documents.list_documents(case_id=case_id) if d.form_id == "penalty_decision"
    ]
    number = rows[0].number
    assert [d.number for d in rows] == [number, number]
    assert [d.voided for d in rows] == [True, False]  # the first replaced (重新生成)
    assert run([*args, "documents", "void", str(rows[1].id), "--reason", "打印错误"]) == 0
    assert "文号保留不再使用" in capfd.readouterr().out
    assert run([*args, "doc", "行政处罚决定书", "--case", str(case_id), *out]) == 0
    generated = capfd.readouterr().out
    assert number not in generated and "已生成行政处罚决定书" in generated
