"""The scenarios' desk: `casedesk` commands on a district set up through the command line only
(office, officers, cases from a 案件台账), and the documents read back."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from desktop.cli.main import run

#: The office as `office set` stores it (the 设置 labels).
OFFICE = (
    "机关名称=青溪区卫生健康委员会", "机关简称（文号用）=青", "卫生监督机构名称=青溪区卫生健康监督所",
    "机关地址=青溪区城关街道人民路88号", "联系电话=0599-86660000", "联系人=林晓",
    "行政复议机关=青溪区人民政府", "行政诉讼管辖法院=青溪区人民法院",
    "罚没款缴款银行=中国农业银行青溪支行", "缴款账号=19-990101040000001", "收款单位=青溪区财政局",
)  # fmt: skip
#: (name, 执法证号) of the register; two 陈静 make a name ambiguous, 赵强 has left.
OFFICERS = (
    ("张明", "ZJ33990120240001"), ("李华", "ZJ33990120240002"), ("王芳", "ZJ33990120240003"),
    ("陈静", "ZJ33990120240004"), ("陈静", "ZJ33990120240005"), ("赵强", "ZJ33990120240006"),
)  # fmt: skip
#: The columns every ledger row of the scenarios fills.
BASE_ROW = {
    "当事人": "青溪悦颜医疗美容诊所", "当事人类型": "机构", "案件来源": "日常监督检查",
    "案由分类": "机构资质", "统一社会信用代码": "913399013A92EC700Y",
    "违法事实": "当事人核准登记的诊疗科目不含美容外科，于2026年3月2日为顾客实施双眼皮切开术。",
    "违反条款": "《医疗机构管理条例》第二十六条", "处罚依据": "《医疗机构管理条例》第四十六条",
    "条款编码": "YLJG-04", "违法行为发生日期": "2026-03-02", "立案日期": "2026-03-05",
}  # fmt: skip


@dataclass
class Result:
    """What one command did."""

    code: int
    out: str
    err: str


class Desk:
    """`casedesk --data-dir DATA …` in this process, with its output."""

    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str], out: Path) -> None:
        self.data = data
        self.capsys = capsys
        self.out = out

    def run(self, *args: str) -> Result:
        """Run one command; its exit status and what it printed."""
        self.capsys.readouterr()
        code = run(["--data-dir", str(self.data), *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str) -> str:
        """Run a command that must succeed; its standard output."""
        result = self.run(*args)
        assert result.code == 0, result.err + result.out
        return result.out

    def import_cases(self, rows: Sequence[Mapping[str, object]], name: str = "台账.xlsx") -> Result:
        """Write a 案件台账 (BASE_ROW under each row) and import it."""
        full = [{**BASE_ROW, **row} for row in rows]
        headers = list(dict.fromkeys(k for row in full for k in row))
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(headers)
        for row in full:
            sheet.append([row.get(h) for h in headers])
        path = self.out / name
        book.save(path)
        return self.run("import", "cases", str(path))

    def doc(self, form: str, case_no: str) -> Result:
        """Generate one document of a case into the output folder."""
        return self.run("doc", form, "--case", case_no, "--out", str(self.out))

    def text(self, form_name: str, number: str = "") -> str:
        """The text of the generated document (the newest of that name), paragraphs and cells."""
        pattern = f"{form_name}_*{number}*.docx" if number else f"{form_name}_*.docx"
        files = sorted(self.out.glob(pattern), key=lambda p: p.stat().st_mtime_ns)
        assert files, f"no {form_name} in {self.out}"
        document = docx.Document(io.BytesIO(files[-1].read_bytes()))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return "\n".join(parts)


def set_up_district(folder: Path) -> None:
    """init, the office, the officers (赵强 deactivated)."""
    def call(*args: str) -> None:
        assert run(["--data-dir", str(folder), *args]) == 0, args

    call("init")
    call("office", "set", *OFFICE)
    for name, badge in OFFICERS:
        call("officers", "add", "--name", name, "--badge", badge)
    call("officers", "deactivate", "ZJ33990120240006")
