"""Hostile inputs against the seals of issue 16 (3–5), beyond the existing corpus: forged
backups, records changed in SQL, and garbage in the files the seals keep beside the database
(anchor, locks, pending numbers). Each is refused or named; none gives a traceback."""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from backup_forgery import edit_database, rewrite
from sqlalchemy import text
from trust_fixtures import case_input

from database.models import Attachment, Case, Document, InstitutionKind, Officer, StaffRole
from desktop.app import AppContext, build_context
from desktop.cli.main import run
from desktop.records.institutions import InstitutionInput
from desktop.records.staff import StaffInput
from desktop.trust.audit_anchor import ANCHOR_FILE
from desktop.trust.data_lock import LOCKS_DIR
from desktop.trust.restore_numbers import PENDING_FILE

Files = dict[str, bytes]
Manifest = dict[str, Any]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(data folder, its genuine backup): a case, an institution with staff and a stored file."""
    folder = tmp_path_factory.mktemp("hostile") / "data"
    ctx = build_context(str(folder))
    ctx.cases.create(case_input())
    ctx.institutions.create(
        InstitutionInput(name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC)
    )
    (folder / "files" / "ab").mkdir(parents=True)
    (folder / "files" / "ab" / ("ab" + "0" * 62)).write_bytes(b"evidence")
    (folder / "settings.json").write_text("{}", encoding="utf-8")
    archive = ctx.backups.backup(folder.parent / "genuine.zip").path
    ctx.close()
    yield folder, archive


def _drop(field: str) -> Callable[[Manifest], None]:
    return lambda m: m.pop(field)


def _set(field: str, value: object) -> Callable[[Manifest], None]:
    return lambda m: m.__setitem__(field, value)


def _files(change: Callable[[Files], None]) -> Callable[[Files], None]:
    return change


def _put(name: str, data: bytes) -> Callable[[Files], None]:
    return lambda files: files.__setitem__(name, data)


def _remove(name: str) -> Callable[[Files], None]:
    return lambda files: files.pop(name)


#: (id, files change, manifest change, what the refusal says).
FORGERIES: list[
    tuple[str, Callable[[Files], None] | None, Callable[[Manifest], None] | None, str]
] = [
    ("mac-removed", None, _drop("mac"), "签名校验未通过"),
    ("mac-empty", None, _set("mac", ""), "签名校验未通过"),
    (
        "mac-uppercase",
        None,
        lambda m: m.__setitem__("mac", str(m["mac"]).upper()),
        "签名校验未通过",
    ),
    ("mac-random", None, _set("mac", secrets.token_hex(32)), "签名校验未通过"),
    ("mac-not-a-string", None, _set("mac", 12345), "签名校验未通过"),
    ("key-id-changed", None, _set("key_id", "ffffffffffffffff"), "密钥编号与其中数据库的不符"),
    ("key-id-removed", None, _drop("key_id"), "密钥编号与其中数据库的不符"),
    (
        "head-count-raised",
        None,
        lambda m: m["audit_head"].__setitem__("count", 999),
        "签名校验未通过",
    ),
    ("head-removed", None, _drop("audit_head"), "签名校验未通过"),
    ("created-at-changed", None, _set("created_at", "2020-01-01T00:00:00"), "签名校验未通过"),
    ("version-changed", None, _set("app_version", "9.9.9"), "签名校验未通过"),
    ("field-added", None, _set("note", "无害的备注"), "签名校验未通过"),
    ("files-reordered", None, lambda m: m["files"].reverse(), "签名校验未通过"),
    ("format-downgraded", None, _set("format", "casedesk-backup/1"), "没有防篡改签名"),
    ("format-unknown", None, _set("format", "casedesk-backup/3"), "无法识别或版本不符"),
    ("manifest-a-list", None, None, "无法识别或版本不符"),
    (
        "store-file-changed",
        _put("files/ab/ab" + "0" * 62, b"other evidence"),
        None,
        "签名校验未通过",
    ),
    ("store-file-removed", _remove("files/ab/ab" + "0" * 62), None, "签名校验未通过"),
    ("settings-added", _put("settings2.json", b"{}"), None, "签名校验未通过"),
    ("anchor-changed", _put(ANCHOR_FILE, b'{"format": "x"}'), None, "签名校验未通过"),
    ("key-file-replaced", _put("casedesk.key", b"{}"), None, "签名校验未通过"),
    ("nested-template", _put("templates/sub/closing_report.docx", b"PK\x03\x04"), None, "文书模板"),
    ("template-only-name", _put("templates/x.docx", b""), None, "--with-templates"),
]


@pytest.mark.parametrize(("name", "change", "manifest_change", "says"), FORGERIES,
                         ids=[f[0] for f in FORGERIES])  # fmt: skip
def test_a_forged_backup_is_refused_and_names_why(
    office: tuple[Path, Path],
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    name: str,
    change: Callable[[Files], None] | None,
    manifest_change: Callable[[Manifest], None] | None,
    says: str,
) -> None:
    _folder, archive = office
    forged = tmp_path / f"{name}.zip"
    if name == "manifest-a-list":
        rewrite(archive, forged)
        _replace_manifest(forged, b"[1, 2, 3]")
    else:
        rewrite(archive, forged, change or (lambda _f: None), manifest_change or (lambda _m: None))
    target = tmp_path / "target"
    capfd.readouterr()
    assert run(["--data-dir", str(target), "restore", str(forged)]) == 1
    err = capfd.readouterr().err
    assert says in err and "Traceback" not in err, err
    assert not target.exists()


def _replace_manifest(archive: Path, data: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(archive) as source:
        files = {n: source.read(n) for n in source.namelist() if n != "manifest.json"}
    with zipfile.ZipFile(archive, "w") as target:
        for n, d in files.items():
            target.writestr(n, d)
        target.writestr("manifest.json", data)


def test_a_database_from_another_office_swapped_in_is_refused(
    office: tuple[Path, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _folder, archive = office
    other = build_context(str(tmp_path / "other"))
    other.close()
    forged = rewrite(
        archive, tmp_path / "swapped.zip",
        _put("casedesk.db", (tmp_path / "other" / "casedesk.db").read_bytes()),
    )  # fmt: skip
    assert run(["--data-dir", str(tmp_path / "t"), "restore", str(forged)]) == 1
    assert "密钥编号与其中数据库的不符" in capfd.readouterr().err


def test_a_key_check_changed_inside_the_backup_is_refused(
    office: tuple[Path, Path], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _folder, archive = office
    forged = rewrite(
        archive, tmp_path / "check.zip",
        edit_database("""UPDATE key_check SET "check" = '00';""", tmp_path),
    )  # fmt: skip
    assert run(["--data-dir", str(tmp_path / "t"), "restore", str(forged)]) == 1
    assert "本机没有这个密钥" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("key_file", "says"),
    [("missing.json", "无法读取密钥文件"), ("garbage.json", "不是 casedesk 密钥文件")],
)
def test_a_bad_key_backup_given_to_restore_is_explained(
    office: tuple[Path, Path],
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    key_file: str,
    says: str,
) -> None:
    _folder, archive = office
    (tmp_path / "garbage.json").write_bytes(b"\x00\xff not json")
    monkeypatch.setenv("KP", "随便一个口令口令")
    args = ["--key", str(tmp_path / key_file), "--passphrase-env", "KP"]
    assert run(["--data-dir", str(tmp_path / "t"), "restore", str(archive), *args]) == 1
    err = capfd.readouterr().err
    assert says in err and not (tmp_path / "t").exists()


# --- records changed in SQL: each named -------------------------------------------------------


@dataclass(frozen=True)
class Tamper:
    """A direct SQL change and the words verify must say."""

    name: str
    sql: str
    says: tuple[str, ...]


def _tampers(cipher_text: str) -> list[Tamper]:
    case = "案件 青卫医案〔2026〕1号（编号 1）"
    return [
        Tamper("cause", """UPDATE "case" SET cause = '改'""", (case, "案由")),
        Tamper("filed-on", """UPDATE "case" SET filed_on = '2026-01-01'""", (case, "立案日期")),
        Tamper("status", """UPDATE "case" SET status = '结案'""", (case, "案件状态")),
        Tamper("unlocked", """UPDATE "case" SET locked = TRUE""", (case, "结案锁定")),
        Tamper("id-number-swapped", f"""UPDATE "case" SET party_id_number = '{cipher_text}'""",
               (case, "身份证")),
        Tamper("id-number-plain", """UPDATE "case" SET party_id_number = '110101199001011237'""",
               (case, "身份证")),
        Tamper("warning", """UPDATE "case" SET warning = TRUE""", (case, "警告")),
        Tamper("confiscation", """UPDATE "case" SET confiscation_fen = 100""", (case, "没收")),
        Tamper("institution-name", "UPDATE institution SET name = '改名'", ("机构 改名", "机构名称")),
        Tamper("subject-added", "INSERT INTO institution_subject (institution_id, name) "
               "VALUES (1, '美容外科')", ("机构 青溪某诊所", "诊疗科目“美容外科”")),
        Tamper("subject-removed", "DELETE FROM institution_subject", ("诊疗科目“美容皮肤科”",)),
        Tamper("staff-role", "UPDATE staff SET role = '护士'", ("人员 李四", "类别")),
        Tamper("staff-id-garbage", "UPDATE staff SET id_number = 'enc1:AAAA'", ("人员 李四", "身份证")),
        Tamper("document-number", "UPDATE document SET number = '青卫医罚〔2026〕99号'",
               ("文书 青卫医罚〔2026〕99号", "文号")),
        Tamper("document-unvoided", "UPDATE document SET voided = FALSE", ("文书", "作废")),
        Tamper("document-file", "UPDATE document SET file_sha256 = 'ab'", ("文书", "文件校验值")),
        Tamper("attachment-hash", "UPDATE attachment SET sha256 = 'cd'", ("证据材料 现场照片", "文件校验值")),
        Tamper("attachment-deleted", "DELETE FROM attachment", ("证据材料 现场照片", "在程序之外被删除")),
        Tamper("officer-removed", "DELETE FROM case_officer", (case, "执法人员")),
        Tamper("case-inserted", """INSERT INTO "case" (case_no, source, cause_category, status,
               party_type, party_name, party_credit_code, party_id_number, party_id_number_hash,
               party_address, party_representative, party_phone, town, cause, facts, evidence,
               violated_provisions, penalty_basis, provision_code, discretion, warning, fine_fen,
               confiscation_fen, order_correction, suspension, revocation, judicial_transfer,
               no_penalty, filed_on, handler, is_typical, locked, note) VALUES ('假案', '社会举报',
               '机构资质', '立案', '个人', '某', '', '', '', '', '', '', '', '假', '', '', '', '',
               '', '', FALSE, 0, 0, FALSE, FALSE, FALSE, FALSE, FALSE, '2026-01-01', '', FALSE,
               FALSE, '')""",
               ("案件 假案", "是在程序之外新增的")),
        Tamper("seal-row-deleted", "DELETE FROM record_seal WHERE entity = 'staff'",
               ("人员 李四", "record_seal")),
        Tamper("state-hash-changed", "UPDATE audit_event SET state_hash = 'x' WHERE id = 1",
               ("编号 1", "内容与其哈希不符")),
    ]  # fmt: skip


TAMPER_NAMES = [t.name for t in _tampers("")]


@pytest.fixture
def records(ctx: AppContext, tmp_path: Path) -> AppContext:
    """A case with officers, an institution with a 诊疗科目 and staff, a voided document and an
    attachment: one of each audited kind."""
    with ctx.uow_factory() as uow:
        officers = [Officer(name=f"执法员{n}", badge_no=f"ZJ3399012026009{n}") for n in (1, 2)]
        uow.session.add_all(officers)
        uow.commit()
    case_id = ctx.cases.create(case_input(decided_on=date(2026, 4, 1)))
    institution = ctx.institutions.create(
        InstitutionInput(
            name="青溪某诊所", kind=InstitutionKind.COSMETIC_CLINIC, subjects=("美容皮肤科",)
        )
    )
    ctx.staff.add(institution, StaffInput(name="李四", role=StaffRole.DOCTOR, id_number=""))
    with ctx.uow_factory() as uow:
        uow.session.get_one(Case, case_id).officers = [
            uow.session.get_one(Officer, o.id) for o in officers
        ]
        uow.session.add(Document(doc_type="penalty_decision", case_id=case_id, series="penalty",
                                 year=2026, seq=1, number="青卫医罚〔2026〕1号"))  # fmt: skip
        uow.session.add(Attachment(case_id=case_id, title="现场照片", file_name="p.jpg",
                                   sha256="ab" * 32, size=3))  # fmt: skip
        uow.commit()
    doc_id = ctx.documents.list_documents()[0].id
    ctx.documents.void(doc_id, "打印错误")
    assert ctx.audit.verify().ok, ctx.audit.verify().problems
    return ctx


@pytest.mark.parametrize("name", TAMPER_NAMES)
def test_a_record_changed_in_sql_is_named(records: AppContext, name: str) -> None:
    ctx = records
    tamper = next(t for t in _tampers(ctx.cipher.encrypt("110101199001011237")) if t.name == name)
    with ctx.engine.begin() as connection:
        connection.execute(text(tamper.sql))
    report = ctx.audit.verify()
    assert not report.ok
    joined = "\n".join(report.problems)
    for words in tamper.says:
        assert words in joined, (words, joined)


# --- garbage beside the database ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff\xfe", b"[]", b'{"format": "casedesk-audit-anchor/1", "databases": []}',
     b'{"format": "casedesk-audit-anchor/1", "databases": {"KEY": {"count": "many"}}}',
     b"{" * 10_000],
    ids=["binary", "list", "databases-a-list", "count-not-a-number", "deep-nesting"],
)  # fmt: skip
def test_a_garbage_anchor_file_never_breaks_verify(
    ctx: AppContext, person_case: int, content: bytes
) -> None:
    (ctx.data_dir / ANCHOR_FILE).write_bytes(content.replace(b"KEY", ctx.cipher.key_id.encode()))
    assert ctx.audit.verify().ok
    ctx.cases.update(person_case, case_input(facts="下一次保存"))  # the next commit rewrites it
    assert json.loads((ctx.data_dir / ANCHOR_FILE).read_text("utf-8"))["databases"]


def _lock(folder: Path, record: object, raw: bytes | None = None) -> Path:
    path = folder / LOCKS_DIR / f"hostile-{secrets.token_hex(4)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw if raw is not None else json.dumps(record).encode())
    return path


@pytest.mark.parametrize(
    ("record", "raw", "busy"),
    [
        (None, b"\x00garbage", False),
        ({"pid": "abc"}, None, False),
        ({"pid": -5, "host": socket.gethostname()}, None, False),
        ({"pid": 2**40, "host": socket.gethostname()}, None, False),
        (None, b"{" + b" " * 200_000, False),
        ({"pid": os.getppid(), "host": socket.gethostname(), "command": "doc"}, None, True),
        ({"pid": 4242, "host": "办公室另一台电脑", "command": "gui"}, None, True),
    ],
    ids=[
        "binary",
        "pid-text",
        "pid-negative",
        "pid-huge",
        "huge-file",
        "live-parent",
        "other-host",
    ],
)
def test_lock_files_decide_restore_without_tracebacks(
    ctx: AppContext,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    record: object,
    raw: bytes | None,
    busy: bool,
) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("restore is the SQLite mode's")
    archive = ctx.backups.backup(tmp_path / "b.zip").path
    folder = ctx.data_dir
    ctx.close()
    _lock(folder, record, raw)
    capfd.readouterr()
    code = run(["--data-dir", str(folder), "restore", str(archive)])
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert code == (1 if busy else 0), err
    if busy:
        assert "正由另一个 casedesk 程序使用" in err and LOCKS_DIR in err


@pytest.mark.parametrize(
    "content",
    [b"not json", b'{"format": "casedesk-restore-numbers/1", "register": [{"series": "penalty",'
     b' "year": "abc", "seq": 1}], "counters": [], "texts": []}',
     b'{"format": "casedesk-restore-numbers/1", "register": 5}'],
    ids=["not-json", "year-not-a-number", "register-not-a-list"],
)  # fmt: skip
def test_a_damaged_pending_numbers_file_is_kept_and_logged(
    ctx: AppContext, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    (ctx.data_dir / PENDING_FILE).write_bytes(content)
    with caplog.at_level("ERROR", logger="casedesk.restore"):
        again = build_context(str(ctx.data_dir))
    again.close()
    assert "无法读取，文号未登记" in caplog.text
    assert (ctx.data_dir / PENDING_FILE).exists()
