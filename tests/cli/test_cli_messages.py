"""No doubled punctuation in messages (issue 15 point 9: "缺少：结案日期。。"): the message texts
of the program, the messages put together from parts, and one filled case file end to end."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from database.models import Case
from desktop.app import AppContext
from desktop.casefile.fill import FillResult, generate_missing
from desktop.cli.main import run
from desktop.common.errors import ValidationError
from desktop.common.sentences import join_clauses, sentence, tidy
from desktop.documents.doc_types import PdfConversionError
from forms.validators import FieldError

ROOT = Path(__file__).resolve().parents[2]
DOUBLED = re.compile(r"[。；，、！？]{2,}")
PUNCTUATION_ONLY = re.compile(r"^[\s。；，、！？,;.\[\]()（）+*?\\s-]*$")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _patterns(tree: ast.AST) -> set[int]:
    """String arguments of re.* calls (character classes list marks on purpose)."""
    ids = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):  # fmt: skip
            ids |= {id(arg) for arg in node.args if isinstance(arg, ast.Constant)}
    return ids


def test_no_message_text_in_the_program_doubles_its_punctuation() -> None:
    found = []
    for package in ("desktop", "forms", "database"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree) | _patterns(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in skip and not PUNCTUATION_ONLY.match(node.value)):  # fmt: skip
                    hit = DOUBLED.search(node.value)
                    if hit:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} {hit.group()}")
    assert found == []


def test_messages_joined_from_sentences_keep_one_mark() -> None:
    assert (
        sentence("结案报告缺少：结案日期。", "罚款超出幅度；")
        == "结案报告缺少：结案日期；罚款超出幅度。"
    )
    assert join_clauses(["甲。", "", "乙，"]) == "甲；乙"
    assert (
        tidy("缺少：结案日期。。") == "缺少：结案日期。" and tidy("甲，。乙。；丙") == "甲。乙；丙"
    )
    error = ValidationError(
        [FieldError("案号", "不能为空。"), FieldError("案由", "过长。")], "案件"
    )
    assert str(error) == "案件：案号：不能为空；案由：过长。"
    failed = FillResult("青卫医案〔2026〕1号", (("立案报告", "青卫医立〔2026〕1号"),),
                        (("结案报告", "结案报告缺少：结案日期。"),))  # fmt: skip
    assert str(failed) == (
        "已生成 1 份：立案报告（青卫医立〔2026〕1号）。未能生成 1 份：结案报告缺少：结案日期。"
    )
    pdf = PdfConversionError(
        [], {1: "《送达回执》未能转换为 PDF：超时。", 2: "《结案报告》未能转换为 PDF：字体缺失"}
    )
    assert not DOUBLED.search(str(pdf)) and str(pdf).endswith("字体缺失。")


def test_filling_an_open_case_file_reports_without_doubled_marks(
    demo_ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_ctx.uow_factory(readonly=True) as uow:
        case = uow.session.scalars(
            select(Case)
            .where(Case.closed_on.is_(None), Case.decided_on.is_not(None))
            .order_by(Case.id)
        ).first()
        assert case is not None
        case_no = case.case_no
    result = generate_missing(demo_ctx.case_files, demo_ctx.documents, case_no)
    assert result.failed  # the 结案报告 of an open case lacks its 结案日期
    text = str(result)
    assert "缺少：结案日期" in text and not DOUBLED.search(text)
    # an error through the command line (a locked case's document) reads as one sentence
    with demo_ctx.uow_factory(readonly=True) as uow:
        locked = uow.session.scalars(select(Case.case_no).where(Case.locked.is_(True))).first()
    assert (
        run(
            [
                "--data-dir",
                str(demo_ctx.data_dir),
                "doc",
                "行政处罚听证告知书",
                "--case",
                str(locked),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "已结案锁定" in err and not DOUBLED.search(err)
