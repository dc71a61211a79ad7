"""The record forms (笔录, 记录): 现场笔录, 询问笔录, 合议记录.

Fields follow 《卫生行政执法文书规范》(2012, 卫生部令第87号) as far as its text could be read
(第六条 every printed item filled in, 第七条 records specific, in the person's words, no guesses)
and the forms offices print (docs/record-forms.md says which field rests on what). A record is
signed page by page: new_document(footer_sign=…) puts the signature line in every footer.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt
from docx_layout import add_heading, add_para, add_sign_block, add_table, labelled

U: dict[str, object] = {"underline": True}
#: Blank for a handwritten signature: with the longest label and the date, one 31-em line.
SIGN_BLANK = "　" * 8
DATE_BLANK = "　　年　　月　　日"
#: Width of the longest signature label (被检查人签名：), to which the others are padded.
SIGN_LABEL_EMS = 7
#: Footer signature label of each record (printed on every page).
FOOTER_SIGNS = {
    "site_record.docx": "被检查人（在场人员）签名",
    "inquiry_record.docx": "被询问人签名",
}


def _or_blank(var: str, ems: int) -> str:
    """The value, or `ems` full-width spaces (underlined by labelled) to write it in by hand."""
    return f"{{{{ {var} or '{'　' * ems}' }}}}"


def sign_line(label: str) -> list[tuple[str, dict[str, object]] | str]:
    """`label：____　日期：__年__月__日`, the label padded so the blanks and dates line up."""
    padded = f"{label}：".ljust(SIGN_LABEL_EMS, "　")
    return [*labelled(padded, SIGN_BLANK), "　日期：", (DATE_BLANK, U)]


def _blank_lines(doc: DocumentObject, count: int) -> None:
    for _ in range(count):
        add_para(doc, [("　" * 30, U)])


def _free_text(doc: DocumentObject, var: str, blank_lines: int) -> None:
    """Clerk-typed text, or blank lines to write by hand when it is empty."""
    add_para(doc, f"{{%p if {var} %}}")
    add_para(doc, f"{{{{ {var} }}}}", indent=True)
    add_para(doc, "{%p else %}")
    _blank_lines(doc, blank_lines)
    add_para(doc, "{%p endif %}")


def site_record(doc: DocumentObject) -> None:
    """现场笔录: what was seen, where and which items — no 合格/不合格 (the 意见书 judges)."""
    add_heading(doc, "现场笔录", number=None)
    add_para(doc, labelled("被检查人：", "{{ party_name }}"))
    add_para(doc, labelled("地址：", "{{ party_address }}"))
    add_para(doc, [*labelled("法定代表人（负责人）：", "{{ party_representative }}"), "　",
                   *labelled("联系电话：", "{{ party_phone }}")])  # fmt: skip
    add_para(doc, labelled("执业许可证登记号：", "{{ party_license_no }}"))
    add_para(doc, labelled("检查时间：", "{{ inspection_date }} {{ time_range }}"))
    add_para(doc, labelled("检查地点：", "{{ location }}"))
    add_para(doc, [*labelled("在场人员：", "{{ present_person }}"), "　",
                   *labelled("职务：", "{{ present_title }}")])  # fmt: skip
    add_para(doc, labelled("执法人员及执法证号：", "{{ officers_text }}"))
    add_para(doc, labelled("记录人：", "{{ recorder }}"))
    add_para(doc, "告知：我们是{{ authority_name }}的执法人员，现向你出示执法证件，依法进行监督检查，"
             "请予配合。你有权申请执法人员回避。", indent=True)  # fmt: skip
    add_para(doc, "现场检查情况：", bold=True, space_before=Pt(4))
    add_para(doc, "{{ findings }}", indent=True)
    add_para(doc, "{%p if results %}")
    add_para(doc, "检查的项目及现场所见：", bold=True)
    add_table(doc, (14, 62, 80), [
        ("序号", "检查项目", "现场所见"),
        ("{%tr for r in results %}", "", ""),
        ("{{ r.no }}", "{{ r.item }}", "{{ r.seen }}"),
        ("{%tr endfor %}", "", ""),
    ], size=Pt(11))  # fmt: skip
    add_para(doc, "{%p endif %}")
    add_sign_block(doc, [
        "以上笔录已阅，与事实相符。",
        sign_line("被检查人签名"),
        sign_line("执法人员签名"),
        sign_line("记录人签名"),
        "（本笔录每页均须由被检查人或在场人员签名确认；拒绝签名的，由两名以上执法人员在笔录上注明情况。）",
    ])  # fmt: skip


def inquiry_record(doc: DocumentObject) -> None:
    """询问笔录: 起止时间, 地点, 询问人/记录人 with 执法证号, who is asked, the 告知, the answers."""
    add_heading(doc, "询问笔录", number=None)
    add_para(doc, labelled("案由：", "{{ cause }}"))
    add_para(doc, labelled("询问时间：", "{{ inquiry_date }}{{ inquiry_time }}"))
    add_para(doc, labelled("询问地点：", "{{ inquiry_place }}"))
    add_para(doc, labelled("询问人及执法证号：", "{{ asker_text }}"))
    add_para(doc, labelled("记录人及执法证号：", "{{ recorder_text }}"))
    # An empty item prints an underlined blank to be written in (第六条: every item filled).
    add_para(doc, [*labelled("被询问人：", _or_blank("inquired_person", 6)), "　",
                   *labelled("性别：", _or_blank("inquired_gender", 2)), "　",
                   *labelled("年龄：", _or_blank("inquired_age", 2))])  # fmt: skip
    add_para(doc, labelled("身份证号：", _or_blank("inquired_id_number", 12)))
    add_para(doc, labelled("工作单位及职务：", _or_blank("inquired_employer", 14)))
    add_para(doc, labelled("住址：", _or_blank("inquired_address", 16)))
    add_para(doc, [*labelled("联系电话：", _or_blank("inquired_phone", 7)), "　",
                   *labelled("与当事人关系：", _or_blank("inquired_relation", 6))])  # fmt: skip
    add_para(doc, labelled("当事人：", "{{ party_name }}"))
    add_para(doc, "告知：我们是{{ authority_name }}的执法人员，现向你出示执法证件。现就{{ cause }}"
             "有关情况依法进行调查，请如实回答问题。你有权申请执法人员回避，对与本案无关的问题有权拒绝回答；"
             "提供虚假情况的，应当承担相应的法律责任。你听清楚了吗？", indent=True)  # fmt: skip
    add_para(doc, "询问内容：", bold=True)
    _free_text(doc, "qa_text", 12)
    add_sign_block(doc, [
        "以上笔录已阅，与我所述相符。",
        sign_line("被询问人签名"),
        sign_line("询问人签名"),
        sign_line("记录人签名"),
    ])  # fmt: skip


def deliberation_record(doc: DocumentObject) -> None:
    """合议记录: 主持人, 参加人 (≥ 3, officers outside the case too), 记录人, each opinion, 结论."""
    add_heading(doc, "合议记录", number="案件编号：{{ case_no }}")
    add_para(doc, labelled("案由：", "{{ cause }}"))
    add_para(doc, labelled("当事人：", "{{ party_name }}"))
    add_para(doc, labelled("合议时间：", "{{ meeting_date }}"))
    add_para(doc, labelled("合议地点：", "{{ meeting_place }}"))
    add_para(
        doc, [*labelled("主持人：", "{{ chair }}"), "　", *labelled("记录人：", "{{ recorder }}")]
    )
    add_para(doc, labelled("参加人员：", "{{ participant_names }}"))
    add_para(doc, labelled("承办人：", "{{ officer_names }}"))
    add_para(doc, "案情简介：", bold=True, space_before=Pt(6))
    add_para(doc, "{{ facts }}", indent=True)
    add_para(doc, "承办人意见：", bold=True)
    add_para(doc, "当事人的行为违反了{{ violated }}的规定，依据{{ basis }}，{{ discretion }}"
             "建议给予当事人如下行政处罚：{{ penalty_text }}。", indent=True)  # fmt: skip
    add_para(doc, "参加人员意见：", bold=True)
    add_table(doc, (40, 86, 30), [
        ("姓名", "意见", "签名"),
        ("{%tr for p in participants %}", "", ""),
        ("{{ p.name }}{{ p.role }}", "{{ p.opinion }}", ""),
        ("{%tr endfor %}", "", ""),
    ], size=Pt(11), min_height_mm=16)  # fmt: skip
    add_para(doc, "合议结论：", bold=True, space_before=Pt(6))
    _free_text(doc, "conclusion", 4)
    add_sign_block(doc, [
        sign_line("主持人签名"),
        sign_line("记录人签名"),
    ])  # fmt: skip
