"""Templates: the shipped set is complete and clean; Word-split runs still render or are reported."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from database.models import Document
from desktop.app import AppContext
from desktop.documents.lint import lint_template
from desktop.documents.rendering import TemplateRenderer, TemplateRenderError
from forms.engine import Field, FieldKind, missing_fields, preflight_message
from forms.registry import FORMS, find_form

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_registry_has_the_twenty_two_documents_with_complete_fields() -> None:
    names = {f.name for f in FORMS.values()}
    assert names == {"现场笔录", "询问笔录", "卫生监督意见书", "立案报告", "案件移送书", "案件调查终结报告",
                     "合议记录", "行政处罚事先告知书", "陈述和申辩笔录", "行政处罚听证告知书",
                     "听证通知书", "听证笔录", "听证报告", "法制审核意见书", "集体讨论记录", "行政处罚决定书", "不予行政处罚决定书", "送达回执", "结案报告", "卷宗封面",
                     "卷内目录", "卷内备考表"}  # fmt: skip
    for form in FORMS.values():
        assert (TEMPLATES / form.template).exists(), form.template
        assert form.version and form.fields
        for item in form.fields:
            assert isinstance(item, Field) and item.label and item.name
            assert item.kind != FieldKind.CHOICE or item.choices, item.name
        assert len({f.name for f in form.fields}) == len(form.fields), form.id
    assert find_form("行政处罚决定书") is FORMS["penalty_decision"]


def test_shipped_templates_pass_the_check(ctx: AppContext) -> None:
    assert ctx.documents.check_templates() == []


def test_preflight_lists_missing_fields_in_chinese() -> None:
    form = FORMS["penalty_decision"]
    message = preflight_message(form, missing_fields(form, {"party_address": "", "basis": " "}))
    assert message.startswith("行政处罚决定书缺少：")
    assert "处罚依据" in message and "送达地址" in message


def _split_runs(data: bytes) -> bytes:
    """Split `{{ party_name }}` and `{{ cause }}` over several runs, as Word's spell-check does."""
    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            for tag, pieces in (("{{ party_name }}", ("{", "{ par", "ty_na", "me }}")),
                                ("{{ cause }}", ("{{ ca", "use }", "}"))):  # fmt: skip
                if tag not in run.text:
                    continue
                before, after = run.text.split(tag, 1)
                proto = copy.deepcopy(run._r)
                run.text = before
                anchor = run._r
                for piece in (*pieces, after):
                    clone = copy.deepcopy(proto)
                    clone.find(qn("w:t")).text = piece
                    anchor.addnext(clone)
                    anchor = clone
                    if piece.startswith("{ par"):
                        proof = anchor.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart"})
                        anchor.addprevious(proof)
                break
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_template_with_split_runs_still_renders_and_is_reported(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    target = folder / "penalty_decision.docx"
    target.write_bytes(_split_runs(target.read_bytes()))
    raw = docx.Document(str(target))
    assert not any("{{ party_name }}" in p.text and len(p.runs) == 1 for p in raw.paragraphs)

    issues = lint_template(target, FORMS["penalty_decision"].field_names())
    split = [i for i in issues if "拆分" in i.problem]
    assert {i.tag for i in split} == {"{{ party_name }}", "{{ cause }}"}
    assert all(i.file == "penalty_decision.docx" and i.paragraph > 0 for i in split)
    assert all(i.severity == "提示" for i in issues)

    demo_ctx.documents.templates_dir = folder
    doc = demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    text = read_docx(doc.path.read_bytes())  # type: ignore[union-attr]
    assert "{" not in text and "}" not in text
    with demo_ctx.uow_factory(readonly=True) as uow:
        from database.models import Case

        case = uow.session.get(Case, closed_case_id)
        assert case is not None
        assert f"当事人：{case.party_name}" in text and f"对{case.cause}立案调查" in text


def _with_paragraphs(source: Path, target: Path, *texts: str) -> None:
    document = docx.Document(str(source))
    for text in texts:
        document.add_paragraph(text)
    document.save(str(target))


def test_check_names_file_paragraph_and_tag(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    shutil.copytree(TEMPLATES, folder)
    _with_paragraphs(TEMPLATES / "penalty_notice.docx", folder / "penalty_notice.docx",
                     "{{ party_nmae }}", "{{ fine_figures | }}", "罚款 {{ fine_figures ")  # fmt: skip
    _with_paragraphs(TEMPLATES / "closing_report.docx", folder / "closing_report.docx",
                     "{%p if execution %}")  # fmt: skip
    paragraphs = len(docx.Document(str(TEMPLATES / "penalty_notice.docx")).paragraphs)
    casedesk = str(Path(sys.executable).parent / "casedesk")
    result = subprocess.run([casedesk, "--data-dir", str(tmp_path / "data"), "templates", "check",
                             str(folder)], capture_output=True, text=True, encoding="utf-8",
                            check=False)  # fmt: skip
    out = result.stdout
    assert result.returncode == 1
    assert (
        f"penalty_notice.docx 第{paragraphs + 1}段：标签 {{{{ party_nmae }}}} 变量 party_nmae 不是表单提供的字段"
        in out
    )
    assert "{{ fine_figures | }} 无法解析" in out
    assert "标签不完整" in out
    assert "closing_report.docx" in out and "不配对" in out


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_every_template_only_uses_provided_variables(form_id: str) -> None:
    form = FORMS[form_id]
    assert lint_template(TEMPLATES / form.template, form.field_names()) == []
    assert TemplateRenderer().prepared(TEMPLATES / form.template).split_tags == ()


def test_committed_templates_match_their_generator(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(TEMPLATES / "build_templates.py"), str(tmp_path)],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    for form in FORMS.values():
        built = (tmp_path / form.template).read_bytes()
        assert built == (TEMPLATES / form.template).read_bytes(), (
            f"{form.template} differs from build_templates.py: rebuild and commit both"
        )


def test_office_adapted_template_replaces_the_shipped_one(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path, read_docx: Callable[[bytes], str]
) -> None:
    office_dir = demo_ctx.documents.office_templates_dir
    assert office_dir is not None and office_dir.parent == demo_ctx.data_dir
    office_dir.mkdir(parents=True, exist_ok=True)
    _with_paragraphs(TEMPLATES / "filing_report.docx", office_dir / "filing_report.docx",
                     "本单位补充：请于{{ decision_due }}前作出处理决定。")  # fmt: skip
    doc = demo_ctx.documents.generate("filing_report", case_id=closed_case_id, out_dir=tmp_path)
    assert "本单位补充：请于" in read_docx(doc.path.read_bytes())  # type: ignore[union-attr]
    shipped = TemplateRenderer().prepared(TEMPLATES / "filing_report.docx").sha256
    assert doc.template_sha256 != shipped  # the record says which template was used
    _with_paragraphs(TEMPLATES / "penalty_notice.docx", office_dir / "penalty_notice.docx",
                     "{{ no_such_field }}")  # fmt: skip
    issues = demo_ctx.documents.check_templates()
    assert [i.tag for i in issues] == ["{{ no_such_field }}"]


#: CT_TblPr's children in schema order (ECMA-376 Part 1 §17.4.60).
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
               "tblPrChange")  # fmt: skip


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.glob("*.docx")) + sorted(TEMPLATES.glob("*/*.docx")),
    ids=lambda p: p.name,
)  # fmt: skip
def test_every_table_has_one_fixed_layout_in_schema_order(template: Path) -> None:
    body = docx.Document(str(template)).element.body
    properties = body.findall(".//" + qn("w:tblPr"))
    for tbl_pr in properties:
        names = [child.tag.split("}")[1] for child in tbl_pr]
        assert names.count("tblLayout") == 1, (template.name, names)
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed", template.name
        assert names == sorted(names, key=TBLPR_ORDER.index), (template.name, names)


def test_full_width_or_spaced_braces_are_reported_and_never_printed(
    demo_ctx: AppContext, closed_case_id: int, tmp_path: Path
) -> None:
    # A clerk typing with a Chinese IME gets ｛｛ ｝｝; Word's AutoCorrect turns " into “ ”.
    office_dir = demo_ctx.documents.office_templates_dir
    assert office_dir is not None
    office_dir.mkdir(parents=True, exist_ok=True)
    target = office_dir / "penalty_decision.docx"
    _with_paragraphs(TEMPLATES / "penalty_decision.docx", target,
                     "补充：｛｛ party_name ｝｝", "联系人：{ { contact } }",
                     "{{ party_phone or “无” }}")  # fmt: skip
    paragraphs = len(docx.Document(str(TEMPLATES / "penalty_decision.docx")).paragraphs)
    issues = [str(i) for i in demo_ctx.documents.check_templates()]
    assert len(issues) == 3, issues
    assert issues[0].startswith(
        f"[错误] penalty_decision.docx 第{paragraphs + 1}段：标签 ｛｛ party_name ｝｝"
    )
    assert "全角括号" in issues[0] and "{ { contact } }" in issues[1]
    assert f"第{paragraphs + 3}段" in issues[2] and "中文引号" in issues[2]

    with demo_ctx.uow_factory(readonly=True) as uow:
        before = uow.session.scalar(select(func.count()).select_from(Document))
    with pytest.raises(TemplateRenderError) as caught:
        demo_ctx.documents.generate("penalty_decision", case_id=closed_case_id, out_dir=tmp_path)
    message = str(caught.value)
    assert f"第{paragraphs + 1}段 ｛｛ party_name ｝｝" in message and "半角" in message
    assert not list(tmp_path.glob("*.docx"))
    with demo_ctx.uow_factory(readonly=True) as uow:  # nothing recorded, no 文号 used up
        assert uow.session.scalar(select(func.count()).select_from(Document)) == before


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_section_headings_and_signature_lines_keep_with_what_follows(form_id: str) -> None:
    # A heading left alone at the foot of a page (五、处理意见 on page 1, its text on page 2) and
    # a seal line parted from its date are the first things a reviewer notices.
    paragraphs = docx.Document(str(TEMPLATES / FORMS[form_id].template)).paragraphs
    for paragraph in paragraphs:
        runs = [r for r in paragraph.runs if r.text]
        bold = bool(runs) and all(r.bold for r in runs)
        if bold or paragraph.text.startswith("以上笔录已阅") or paragraph.text.endswith("（印章）"):
            assert paragraph.paragraph_format.keep_with_next, (form_id, paragraph.text)
