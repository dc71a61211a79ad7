"""Build the 22 enforcement templates (python templates/build_templates.py [OUT_DIR]).

The generated .docx files are committed beside this script: a clerk may open one in Word or WPS,
adapt the wording and save it; `casedesk templates check` then verifies the tags still parse and
that the form provides every variable. Wording follows 《卫生行政执法文书规范》 and
../shared/reference/legal-and-documents.md §1.3.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_layout import (
    add_heading,
    add_para,
    add_sign_block,
    add_signature,
    add_table,
    label_column_mm,
    labelled,
    new_document,
)
from record_templates import FOOTER_SIGNS, deliberation_record, inquiry_record, site_record
from report_templates import SUMMARY_PATH, campaign_summary

BLANK_LINE = "　" * 30
#: Written into every template so rebuilding gives identical bytes.
FIXED_TIME = datetime(2026, 1, 1, 0, 0, 0)
U: dict[str, object] = {"underline": True}


def _party_lines(doc: DocumentObject, address_label: str = "地址") -> None:
    add_para(doc, labelled("当事人：", "{{ party_name }}"))
    add_para(doc, labelled("{{ party_id_label }}：", "{{ party_id_value }}"))
    add_para(doc, labelled(f"{address_label}：", "{{ party_address }}"))
    # A person has no 法定代表人: the line would print empty (身份证号 and 住址 are above).
    add_para(doc, "{%p if party_is_person %}")
    add_para(doc, labelled("联系电话：", "{{ party_phone }}"))
    add_para(doc, "{%p else %}")
    add_para(doc, [*labelled("法定代表人（负责人）：", "{{ party_representative }}"), "　",
                   *labelled("联系电话：", "{{ party_phone }}")])  # fmt: skip
    add_para(doc, "{%p endif %}")


def _officer_sign_lines(doc: DocumentObject) -> None:
    add_para(doc, [*labelled("执法人员：", "{{ officer1_name }}"), "　执法证号：",
                   ("{{ officer1_badge }}", U)], space_before=Pt(8))  # fmt: skip
    add_para(doc, [*labelled("执法人员：", "{{ officer2_name }}"), "　执法证号：",
                   ("{{ officer2_badge }}", U)])  # fmt: skip


def _penalty_items(doc: DocumentObject) -> None:
    """One numbered line per measure (1.罚款人民币…元整（¥…）；): run into one justified line, the
    unbreakable figures left wide gaps between the characters. The lead-in (…如下行政处罚：) is
    kept on the page of the first item."""
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    add_para(doc, "{%p for line in penalty_lines %}")
    add_para(
        doc, "{{ loop.index }}.{{ line }}{% if loop.last %}。{% else %}；{% endif %}", indent=True
    )
    add_para(doc, "{%p endfor %}")


def _free_text(doc: DocumentObject, var: str, blank_lines: int = 8) -> None:
    """A clerk-typed text, or blank lines to write by hand when it is empty."""
    add_para(doc, f"{{%p if {var} %}}")
    add_para(doc, f"{{{{ {var} }}}}", indent=True)
    add_para(doc, "{%p else %}")
    for _ in range(blank_lines):
        add_para(doc, [(BLANK_LINE, U)])
    add_para(doc, "{%p endif %}")


def supervision_opinion(doc: DocumentObject) -> None:
    """卫生监督意见书 (编号, not 文号)."""
    add_heading(doc, "卫生监督意见书", number="编号：{{ number }}")
    add_para(doc, labelled("被监督单位：", "{{ party_name }}"))
    add_para(doc, labelled("地址：", "{{ party_address }}"))
    add_para(doc, [*labelled("法定代表人（负责人）：", "{{ party_representative }}"), "　",
                   *labelled("联系电话：", "{{ party_phone }}")])  # fmt: skip
    add_para(doc, "监督意见：", bold=True, space_before=Pt(6))
    add_para(doc, "{{ opinions }}", indent=True)
    add_para(doc, "{%p if correction_due %}")
    add_para(doc, "请于{{ correction_due }}前改正，并将改正情况书面报告本机关。", indent=True)
    add_para(doc, "{%p endif %}")
    _officer_sign_lines(doc)
    add_para(doc, [*labelled("被监督单位签收：", "　　　　　　"), "　日期：", ("　　年　　月　　日", U)],
             space_before=Pt(6))  # fmt: skip
    add_signature(doc, "{{ inspection_date }}")
    add_para(doc, "备注：本意见书一式两联，第一联留存执法案卷，第二联交被监督单位。", size=Pt(10.5))


def filing_report(doc: DocumentObject) -> None:
    """立案报告."""
    add_heading(doc, "立案报告", number="案件编号：{{ case_no }}")
    label_mm = label_column_mm(["法定代表人（负责人）"], Pt(12))
    add_table(doc, (label_mm, 156 - label_mm), [
        ("案由", "{{ cause }}"),
        ("案件来源", "{{ source }}（受理日期：{{ accepted_date }}）"),
        ("当事人", "{{ party_name }}"),
        ("{{ party_id_label }}", "{{ party_id_value }}"),
        ("地址", "{{ party_address }}"),
        ("{%tr if not party_is_person %}", ""),
        ("法定代表人（负责人）", "{{ party_representative }}"),
        ("{%tr endif %}", ""),
        ("联系电话", "{{ party_phone }}"),
        ("简要案情", "{{ facts }}"),
        ("涉嫌违反条款", "{{ violated }}"),
        ("立案理由", "{{ filing_reason }}"),
        ("承办人", "{{ officers_text }}"),
        ("承办人意见", "建议立案。\n承办人签名：　　　　　　{{ filed_date }}"),
        ("负责人审批意见", "\n\n签名：　　　　　　　　年　　月　　日"),
    ], header=False, size=Pt(12), min_height_mm=10)  # fmt: skip
    add_para(doc, "（立案日期：{{ filed_date }}；应于{{ decision_due }}前作出处理决定。）",
             size=Pt(10.5), space_before=Pt(4))  # fmt: skip


def investigation_report(doc: DocumentObject) -> None:
    """案件调查终结报告."""
    add_heading(doc, "案件调查终结报告", number="案件编号：{{ case_no }}")
    add_para(doc, labelled("案由：", "{{ cause }}"))
    _party_lines(doc)
    add_para(doc, "一、案件来源及调查经过", bold=True, font="黑体", space_before=Pt(6))
    add_para(doc, "本案来源于{{ source }}，于{{ filed_date }}立案。承办人{{ officer_names }}依法进行了调查取证，"
             "于{{ ended_date }}调查终结。", indent=True)  # fmt: skip
    add_para(doc, "二、违法事实", bold=True, font="黑体")
    add_para(doc, "{{ facts }}", indent=True)
    add_para(doc, "三、证据", bold=True, font="黑体")
    add_para(doc, "{{ evidence }}。", indent=True)
    add_para(doc, "四、违法条款及处罚依据", bold=True, font="黑体")
    add_para(
        doc,
        "当事人的上述行为违反了{{ violated }}的规定。依据{{ basis }}的规定"
        "{% if range_text %}，法定处罚幅度为{{ range_text }}{% endif %}。",
        indent=True,
    )
    add_para(doc, "五、处理意见", bold=True, font="黑体")
    add_para(doc, "{{ proposal }}", indent=True, keep_with_next=True)
    # 处罚: the items follow; 不予行政处罚 and 移送 say everything in the proposal.
    add_para(doc, "{%p if outcome == '处罚' %}")
    _penalty_items(doc)
    add_para(doc, "{%p endif %}")
    add_para(doc, "{%p if order_correction %}")
    add_para(doc, "{{ order_correction }}", indent=True)
    add_para(doc, "{%p endif %}")
    # A penalty outside the provision's range is saved only with its reason: 法制审核 reads it here.
    add_para(doc, "{%p if range_override_reason %}")
    add_para(doc, "六、超出法定幅度的理由（提请法制审核）", bold=True, font="黑体")
    add_para(doc, "{{ range_override_reason }}", indent=True)
    add_para(doc, "{%p endif %}")
    add_para(doc, [*labelled("承办人签名：", "　　　　　　　　　　"), "　", "{{ ended_date }}"],
             space_before=Pt(10))  # fmt: skip


def _case_review_head(doc: DocumentObject, title: str) -> None:
    """Heading and the case lines of the two review records."""
    add_heading(doc, title, number="案件编号：{{ case_no }}")
    add_para(doc, labelled("案由：", "{{ cause }}"))
    add_para(doc, labelled("当事人：", "{{ party_name }}"))
    add_para(doc, labelled("承办人员：", "{{ officer_names }}"))


def _proposed_penalty(doc: DocumentObject, heading: str) -> None:
    """The 承办机构's proposal: law, penalty, 裁量 (level, circumstance, reason)."""
    add_para(doc, heading, bold=True, font="黑体", keep_with_next=True)
    add_para(doc, "当事人的行为违反了{{ violated }}的规定。依据{{ basis }}的规定"
             "{% if range_text %}（法定处罚幅度：{{ range_text }}）{% endif %}，"
             "{{ discretion }}拟给予当事人如下行政处罚：", indent=True)  # fmt: skip
    _penalty_items(doc)
    add_para(doc, "{%p if discretion_level %}")
    add_para(doc, labelled("裁量阶次：", "{{ discretion_level }}"), indent=True)
    add_para(doc, "{%p endif %}")
    add_para(doc, "{%p if range_override_reason %}")
    add_para(doc, "超出法定幅度的理由：{{ range_override_reason }}", indent=True)
    add_para(doc, "{%p endif %}")


def legal_review_opinion(doc: DocumentObject) -> None:
    """法制审核意见书 (行政处罚法 第五十八条)."""
    _case_review_head(doc, "法制审核意见书")
    add_para(doc, "一、案件事实", bold=True, font="黑体", space_before=Pt(6))
    add_para(doc, "{{ facts }}", indent=True)
    _proposed_penalty(doc, "二、承办机构处理意见")
    # The opinion, conclusion and signature stay together: a signature never stands alone.
    add_para(doc, "三、审核意见", bold=True, font="黑体", keep_with_next=True)
    add_para(doc, "{{ review_opinion }}", indent=True, keep_with_next=True)
    add_para(doc, [*labelled("审核结论：", "{{ review_result }}")], space_before=Pt(6),
             keep_with_next=True)  # fmt: skip
    add_para(doc, "（审核未通过的，不得作出行政处罚决定。）", size=Pt(12), keep_with_next=True)
    add_para(doc, [*labelled("法制审核人员：", "{{ reviewer }}"), "　　签名：",
                   ("　" * 8, U)], space_before=Pt(10), keep_with_next=True)  # fmt: skip
    add_para(doc, "{{ review_date }}", align="right")


def collective_discussion_record(doc: DocumentObject) -> None:
    """集体讨论记录 (行政处罚法 第五十七条第二款): the 负责人 discuss and decide."""
    _case_review_head(doc, "集体讨论记录")
    add_para(doc, [*labelled("讨论时间：", "{{ discussion_date }}"), "　",
                   *labelled("地点：", "{{ discussion_place }}")])  # fmt: skip
    add_para(doc, [*labelled("主持人：", "{{ host }}"), "　", *labelled("记录人：", "{{ recorder }}")])
    add_para(doc, labelled("参加人：", "{{ member_names }}"))
    add_para(doc, "一、案情", bold=True, font="黑体", space_before=Pt(6))
    add_para(doc, "{{ facts }}", indent=True)
    _proposed_penalty(doc, "二、承办机构处理意见")
    add_para(doc, "三、法制审核意见", bold=True, font="黑体", keep_with_next=True)
    add_para(doc, "{% if legal_review_opinion %}{{ legal_review_opinion }}{% else %}（未经法制审核）"
             "{% endif %}", indent=True)  # fmt: skip
    add_para(doc, "四、参加人意见", bold=True, font="黑体", keep_with_next=True)
    add_table(doc, (30, 30, 110), [
        ("姓名", "职务", "意见"),
        ("{%tr for m in members %}", "", ""),
        ("{{ m.name }}", "{{ m.role }}", "{{ m.opinion }}"),
        ("{%tr endfor %}", "", ""),
    ], min_height_mm=9)  # fmt: skip
    add_para(doc, "五、讨论结论", bold=True, font="黑体", space_before=Pt(6), keep_with_next=True)
    add_para(doc, "{{ conclusion }}", indent=True, keep_with_next=True)
    add_para(doc, "参加人签名：", space_before=Pt(10), keep_with_next=True)
    add_para(doc, [("　" * 28, U)])


def penalty_notice(doc: DocumentObject) -> None:
    """行政处罚事先告知书."""
    add_heading(doc, "行政处罚事先告知书")
    add_para(doc, "{{ party_name }}：", space_before=Pt(6))
    add_para(doc, "经查，{{ facts }}", indent=True)
    add_para(doc, "以上事实有{{ evidence }}等证据证实。", indent=True)
    add_para(doc, "{{ party_you }}的上述行为违反了{{ violated }}的规定。依据{{ basis }}的规定，"
             "本机关拟对{{ party_you }}作出如下行政处罚：", indent=True)  # fmt: skip
    _penalty_items(doc)
    add_para(doc, "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{{ party_you }}有权进行陈述和申辩。"
             "如需陈述和申辩，请自收到本告知书之日起三个工作日内"
             "{% if statement_due %}（即至{{ statement_due }}止）{% endif %}向本机关提出，"
             "逾期视为放弃陈述和申辩的权利。", indent=True)  # fmt: skip
    add_para(doc, [*labelled("联系人：", "{{ office_contact }}"), "　",
                   *labelled("联系电话：", "{{ office_phone }}")], space_before=Pt(6))  # fmt: skip
    add_para(doc, labelled("联系地址：", "{{ office_address }}"))
    add_signature(doc, "{{ notice_date }}")


def statement_record(doc: DocumentObject) -> None:
    """陈述和申辩笔录."""
    add_heading(doc, "陈述和申辩笔录", number=None)
    add_para(doc, labelled("案由：", "{{ cause }}"))
    add_para(doc, labelled("当事人：", "{{ party_name }}"))
    add_para(doc, [*labelled("陈述申辩人：", "{{ statement_person }}"), "　",
                   *labelled("联系电话：", "{{ party_phone }}")])  # fmt: skip
    add_para(doc, [*labelled("时间：", "{{ statement_date }}"), "　",
                   *labelled("地点：", "{{ statement_place }}")])  # fmt: skip
    add_para(doc, labelled("承办人及执法证号：", "{{ officers_text }}"))
    add_para(doc, "{%p if notice_number %}")
    add_para(doc, "本机关已向当事人送达行政处罚事先告知书（{{ notice_number }}），当事人现就拟作出的行政处罚进行陈述和申辩。",
             indent=True)  # fmt: skip
    add_para(doc, "{%p endif %}")
    add_para(doc, "陈述和申辩内容：", bold=True)
    _free_text(doc, "statement_text", 10)
    add_sign_block(doc, [
        "以上笔录已阅，与我所述相符。",
        [*labelled("陈述申辩人签名：", "　" * 6), "　日期：", ("　　年　　月　　日", U)],
        [*labelled("执法人员签名：", "　" * 8), "　日期：", ("　　年　　月　　日", U)],
    ])  # fmt: skip


def hearing_notice(doc: DocumentObject) -> None:
    """行政处罚听证告知书."""
    add_heading(doc, "行政处罚听证告知书")
    add_para(doc, "{{ party_name }}：", space_before=Pt(6))
    add_para(doc, "经查，{{ facts }}", indent=True)
    add_para(doc, "{{ party_you }}的上述行为违反了{{ violated }}的规定。依据{{ basis }}的规定，"
             "本机关拟对{{ party_you }}作出如下行政处罚：", indent=True)  # fmt: skip
    _penalty_items(doc)
    add_para(doc, "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，{{ party_you }}有要求举行听证的权利。"
             "如要求听证，请自收到本告知书之日起五个工作日内"
             "{% if hearing_due %}（即至{{ hearing_due }}止）{% endif %}向本机关提出，"
             "逾期视为放弃听证权利。", indent=True)  # fmt: skip
    add_para(doc, [*labelled("联系人：", "{{ office_contact }}"), "　",
                   *labelled("联系电话：", "{{ office_phone }}")], space_before=Pt(6))  # fmt: skip
    add_para(doc, labelled("联系地址：", "{{ office_address }}"))
    add_signature(doc, "{{ hearing_notice_date }}")


def _hearing_heading(doc: DocumentObject, title: str) -> None:
    add_heading(doc, title, number="案件编号：{{ case_no }}")
    add_para(doc, labelled("案由：", "{{ cause }}"))
    add_para(doc, labelled("当事人：", "{{ party_name }}"))


def hearing_summons(doc: DocumentObject) -> None:
    """听证通知书 (行政处罚法 第六十四条第二项: at least seven days before the hearing)."""
    add_heading(doc, "听证通知书")
    add_para(doc, "{{ party_name }}：", space_before=Pt(6))
    add_para(doc, "{{ party_you }}于{{ requested_date }}提出的听证申请收悉。根据《中华人民共和国行政处罚法》"
             "第六十三条、第六十四条的规定，本机关决定就{{ cause }}"
             "{% if hearing_notice_number %}（行政处罚听证告知书{{ hearing_notice_number }}）{% endif %}"
             "举行听证，现将有关事项通知如下：", indent=True)  # fmt: skip
    add_para(doc, "一、听证时间：{{ hearing_date }}。", indent=True)
    add_para(doc, "二、听证地点：{{ hearing_place }}。", indent=True)
    add_para(doc, "三、听证主持人：{{ hearing_host }}。{{ party_you }}认为主持人与本案有直接利害关系的，"
             "有权申请回避。", indent=True)  # fmt: skip
    add_para(doc, "四、{{ party_you }}可以亲自参加听证，也可以委托一至二人代理；委托代理人参加的，"
             "应当提交授权委托书。听证除涉及国家秘密、商业秘密或者个人隐私外公开举行。", indent=True)  # fmt: skip
    add_para(doc, "五、{{ party_you }}及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，"
             "视为放弃听证权利，本机关终止听证。", indent=True)  # fmt: skip
    add_para(doc, [*labelled("联系人：", "{{ office_contact }}"), "　",
                   *labelled("联系电话：", "{{ office_phone }}")], space_before=Pt(6))  # fmt: skip
    add_para(doc, labelled("联系地址：", "{{ office_address }}"))
    add_signature(doc, "{{ summons_date }}")


def hearing_record(doc: DocumentObject) -> None:
    """听证笔录 (第六十四条第七、八项)."""
    _hearing_heading(doc, "听证笔录")
    add_para(doc, [*labelled("听证时间：", "{{ hearing_date }}"), "　",
                   *labelled("地点：", "{{ hearing_place }}")])  # fmt: skip
    add_para(doc, [*labelled("听证主持人：", "{{ hearing_host }}"), "　",
                   *labelled("记录人：", "　　　　　　")])  # fmt: skip
    add_para(doc, labelled("案件调查人员：", "{{ officers_text }}"))
    add_para(doc, labelled("当事人（法定代表人）或委托代理人：", "{{ party_agent }}"))
    add_para(doc, "主持人宣布听证纪律、当事人的权利和义务，询问当事人是否申请回避。", indent=True,
             space_before=Pt(6))  # fmt: skip
    add_para(doc, "调查人员提出当事人违法的事实、证据和行政处罚建议：", bold=True)
    add_para(doc, "经查，{{ facts }}以上事实有{{ evidence }}等证据证实。当事人的行为违反了{{ violated }}"
             "的规定，依据{{ basis }}，建议给予当事人如下行政处罚：{{ penalty_text }}。", indent=True)  # fmt: skip
    add_para(doc, "当事人的申辩和质证：", bold=True)
    _free_text(doc, "hearing_text", 10)
    add_para(doc, "以上笔录已核对无误。", space_before=Pt(8), keep_with_next=True)
    # One signatory a line: both on one line run past the 版心 (156 mm) and wrap.
    add_para(doc, labelled("当事人或委托代理人签名：", "　　　　　　"), keep_with_next=True)
    add_para(doc, labelled("听证主持人签名：", "　　　　　　"), keep_with_next=True)
    _officer_sign_lines(doc)


def hearing_report(doc: DocumentObject) -> None:
    """听证报告: the host to the office's head (第六十五条: the decision follows the record)."""
    _hearing_heading(doc, "听证报告")
    add_para(doc, [*labelled("听证时间：", "{{ hearing_date }}"), "　",
                   *labelled("地点：", "{{ hearing_place }}")])  # fmt: skip
    add_para(doc, labelled("听证主持人：", "{{ hearing_host }}"))
    add_para(doc, "一、听证的由来", bold=True, space_before=Pt(6))
    add_para(doc, "本机关拟对当事人作出如下行政处罚：{{ penalty_text }}。当事人于{{ requested_date }}"
             "要求听证{% if hearing_notice_number %}（行政处罚听证告知书{{ hearing_notice_number }}）"
             "{% endif %}，本机关于{{ hearing_date }}在{{ hearing_place }}举行了听证。", indent=True)  # fmt: skip
    add_para(doc, "二、调查人员提出的违法事实、证据和处罚建议", bold=True)
    add_para(doc, "经查，{{ facts }}当事人的行为违反了{{ violated }}的规定，依据{{ basis }}，"
             "建议给予当事人如下行政处罚：{{ penalty_text }}。", indent=True)  # fmt: skip
    add_para(doc, "三、当事人的申辩意见", bold=True)
    _free_text(doc, "statement_summary", 4)
    add_para(doc, "四、听证结论及处理意见", bold=True)
    add_para(doc, "{{ hearing_outcome }}", indent=True)
    add_para(doc, [*labelled("听证主持人签名：", "　　　　　　"), "　日期：", ("　　年　　月　　日", U)],
             space_before=Pt(10))  # fmt: skip


def penalty_decision(doc: DocumentObject) -> None:
    """行政处罚决定书 (行政处罚法 第五十九条)."""
    add_heading(doc, "行政处罚决定书")
    _party_lines(doc, "送达地址")
    add_para(doc, "本机关于{{ filed_date }}对{{ cause }}立案调查。经查，{{ facts }}", indent=True,
             space_before=Pt(6))  # fmt: skip
    add_para(doc, "以上事实有{{ evidence }}等证据证实。", indent=True)
    add_para(doc, "本机关认为，当事人的上述行为违反了{{ violated }}的规定。"
             "{% if notice_date %}本机关于{{ notice_date }}向当事人送达了行政处罚事先告知书"
             "{% if notice_number %}（{{ notice_number }}）{% endif %}"
             "{% if hearing_notice_number %}和行政处罚听证告知书（{{ hearing_notice_number }}）"
             "{% endif %}，{% endif %}"
             "{{ statement_summary }}", indent=True)  # fmt: skip
    add_para(
        doc,
        "依据{{ basis }}的规定，{{ discretion }}本机关决定给予当事人如下行政处罚：",
        indent=True,
    )
    _penalty_items(doc)
    add_para(doc, "{%p if order_correction %}")
    add_para(doc, "{{ order_correction }}", indent=True)
    add_para(doc, "{%p endif %}")
    add_para(doc, "{%p if payment_sentence %}")
    add_para(doc, "{{ payment_sentence }}", indent=True)
    add_para(doc, "{%p endif %}")
    add_para(doc, "{{ remedy_sentence }}", indent=True)
    add_signature(doc, "{{ decision_date }}")


def no_penalty_decision(doc: DocumentObject) -> None:
    """不予行政处罚决定书 (行政处罚法 第三十条、第三十一条、第三十三条、第三十六条)."""
    add_heading(doc, "不予行政处罚决定书")
    _party_lines(doc, "送达地址")
    add_para(doc, "本机关于{{ filed_date }}对{{ cause }}立案调查。经查，{{ facts }}", indent=True,
             space_before=Pt(6))  # fmt: skip
    add_para(doc, "以上事实有{{ evidence }}等证据证实。", indent=True)
    add_para(doc, "本机关认为，当事人的上述行为违反了{{ violated }}的规定。鉴于{{ ground_finding }}，"
             "依据{{ ground_article }}的规定，本机关决定对当事人不予行政处罚。{{ ground_order }}",
             indent=True)  # fmt: skip
    add_para(doc, "{%p if order_correction %}")
    add_para(doc, "{{ order_correction }}", indent=True)
    add_para(doc, "{%p endif %}")
    add_para(doc, "{{ education_sentence }}", indent=True)
    # The last lines go with the seal: a signature alone on a page is not a decision.
    add_para(doc, "{{ remedy_sentence }}", indent=True, keep_with_next=True)
    add_signature(doc, "{{ decision_date }}")


def transfer_letter(doc: DocumentObject) -> None:
    """案件移送书 (移送函): to the 公安机关 (行政处罚法 第二十七条) or the competent authority."""
    add_heading(doc, "{{ letter_title }}")
    add_para(doc, "{{ transfer_organ }}：", space_before=Pt(6))
    add_para(doc, "{{ party_name }}{% if violated %}涉嫌违反{{ violated }}的规定{% endif %}一案"
             "（案件编号：{{ case_no }}），本机关于{{ filed_date }}立案调查。经查，{{ facts }}",
             indent=True)  # fmt: skip
    # Whose the provision is (a 移送 row of the catalogue) comes before the clerk's reason.
    add_para(doc, "{% if competence %}{{ competence }}。{% endif %}鉴于{{ transfer_reason }}，"
             "{% if transfer_basis %}依据{{ transfer_basis }}的规定，{% endif %}"
             "现将该案移送你单位依法处理。", indent=True)  # fmt: skip
    add_para(doc, "附件：", keep_with_next=True)
    add_para(doc, "{%p for line in materials %}")
    add_para(doc, "{{ line }}", indent=True)
    add_para(doc, "{%p endfor %}")
    add_para(doc, [*labelled("联系人：", "{{ office_contact }}"), "　",
                   *labelled("联系电话：", "{{ office_phone }}")], space_before=Pt(6))  # fmt: skip
    add_para(doc, labelled("联系地址：", "{{ office_address }}"), keep_with_next=True)
    add_signature(doc, "{{ transfer_date }}")
    # The receiving organ signs the slip below and returns it (移送涉嫌犯罪案件的规定 第七条).
    add_para(doc, "- - - - - - - - - - - - - - 沿此线裁开 - - - - - - - - - - - - - -",
             align="center", size=Pt(10.5), space_before=Pt(12), keep_with_next=True)  # fmt: skip
    add_para(doc, "回　执", align="center", bold=True, keep_with_next=True)
    add_para(doc, "本单位已收到{{ authority_name }}移送的{{ party_name }}一案（{{ number }}）及附件材料。",
             indent=True, keep_with_next=True)  # fmt: skip
    add_para(doc, labelled("接收单位（印章）：", "　" * 14), keep_with_next=True)
    add_para(doc, [*labelled("接收人：", "　" * 6), "　日期：", ("　　年　　月　　日", U)])


def service_receipt(doc: DocumentObject) -> None:
    """送达回执."""
    add_heading(doc, "送达回执", number=None)
    labels = ("送达文书名称及文号", "代收人及代收理由", "拒收事由及见证人")
    label_mm = label_column_mm(labels, Pt(13))
    add_table(doc, (label_mm, 156 - label_mm), [
        ("送达文书名称及文号", "{{ served_document }}"),
        ("受送达人", "{{ party_name }}"),
        ("送达地点", "{{ service_place }}"),
        ("送达方式", "{{ service_method }}"),
        ("送达时间", "{{ served_date }}"),
        ("收件人签名", "{{ receiver }}\n\n　　　　　　　　　　　　　　年　　月　　日"),
        ("代收人及代收理由", ""),
        ("拒收事由及见证人", ""),
        ("送达人", "{{ officer_names }}"),
        ("备注", ""),
    ], header=False, size=Pt(13), min_height_mm=14)  # fmt: skip
    add_signature(doc, "{{ served_date }}", seal=True)


def closing_report(doc: DocumentObject) -> None:
    """结案报告."""
    add_heading(doc, "结案报告", number="案件编号：{{ case_no }}")
    add_table(doc, (40, 116), [
        ("案由", "{{ cause }}"),
        ("当事人", "{{ party_name }}"),
        ("地址", "{{ party_address }}"),
        ("立案日期", "{{ filed_date }}"),
        ("决定书文号", "{{ decision_number }}"),
        ("决定日期", "{{ decision_date }}"),
        ("处理结果", "{{ penalty_text }}"),
        ("罚没款合计", "{{ total_capitals }}　{{ total_figures }}"),
        ("执行情况", "{{ execution }}"),
        ("结案理由", "{{ closing_reason }}"),
        ("承办人意见", "建议结案。\n承办人：{{ officer_names }}　　{{ closed_date }}"),
        ("负责人审批意见", "\n\n签名：　　　　　　　　年　　月　　日"),
    ], header=False, size=Pt(12), min_height_mm=10)  # fmt: skip
    add_para(doc, "（结案日期：{{ closed_date }}）", size=Pt(10.5), space_before=Pt(4))


def file_cover(doc: DocumentObject) -> None:
    """卷宗封面."""
    add_para(doc, "{{ authority_name }}", align="center", size=Pt(22), font="方正小标宋简体",
             space_before=Pt(30), line=Pt(40))  # fmt: skip
    add_para(doc, "行政处罚案卷", align="center", size=Pt(36), font="方正小标宋简体",
             space_before=Pt(24), space_after=Pt(36), line=Pt(60))  # fmt: skip
    add_table(doc, (48, 104), [
        ("案件名称", "{{ case_title }}"),
        ("案件编号", "{{ case_no }}"),
        ("决定书文号", "{{ decision_number }}"),
        ("当事人", "{{ party_name }}"),
        ("办案机构", "{{ handling_unit }}"),
        ("立案日期", "{{ filed_date }}"),
        ("结案日期", "{{ closed_date }}"),
        ("卷内件数", "{{ item_count }} 件　　共 {{ page_count }} 页"),
        ("保管期限", "{{ retention }}"),
        ("归档号", "{{ archive_no }}"),
    ], header=False, size=Pt(15), min_height_mm=15)  # fmt: skip


def file_note(doc: DocumentObject) -> None:
    """卷内备考表: last sheet of the file, unnumbered (本卷情况说明, 立卷人, 检查人, 立卷时间)."""
    add_para(doc, "卷内备考表", align="center", size=Pt(22), font="方正小标宋简体", line=Pt(40),
             space_after=Pt(12))  # fmt: skip
    add_para(doc, [*labelled("案件编号：", "{{ case_no }}"), "　",
                   *labelled("归档号：", "{{ archive_no }}")], space_after=Pt(6))  # fmt: skip
    table = add_table(doc, (156,), [("本卷情况说明",), ("{{ file_statement }}",)], size=Pt(14))
    table.rows[0].height = Mm(12)
    table.rows[1].height = Mm(130)  # room to write by hand what the program cannot know
    table.rows[1].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    add_para(doc, [*labelled("立卷人：", "{{ filer }}"), "　",
                   *labelled("检查人：", "{{ checker }}")], space_before=Pt(18))  # fmt: skip
    add_para(doc, labelled("立卷时间：", "{{ filed_at }}"))


def file_index(doc: DocumentObject) -> None:
    """卷内目录."""
    add_para(doc, "卷内目录", align="center", size=Pt(22), font="方正小标宋简体", line=Pt(40),
             space_after=Pt(6))  # fmt: skip
    add_para(doc, [*labelled("案件名称：", "{{ case_title }}")])
    add_para(doc, [*labelled("案件编号：", "{{ case_no }}")], space_after=Pt(6))
    # 文号 (青卫医罚告〔2026〕12号, ~11 em at 11 pt) on one line; the 8-digit date keeps its 26 mm.
    add_table(doc, (12, 40, 48, 26, 16, 14), [
        ("序号", "题名", "文号", "日期", "页号", "备注"),
        ("{%tr for it in items %}", "", "", "", "", ""),
        ("{{ it.no }}", "{{ it.title }}", "{{ it.number }}", "{{ it.date }}", "{{ it.pages }}",
         "{{ it.note }}"),
        ("{%tr endfor %}", "", "", "", "", ""),
    ], size=Pt(11), min_height_mm=9)  # fmt: skip


#: Template file name → builder.
BUILDERS: dict[str, Callable[[DocumentObject], None]] = {
    "site_record.docx": site_record,
    "inquiry_record.docx": inquiry_record,
    "supervision_opinion.docx": supervision_opinion,
    "filing_report.docx": filing_report,
    "investigation_report.docx": investigation_report,
    "deliberation_record.docx": deliberation_record,
    "penalty_notice.docx": penalty_notice,
    "statement_record.docx": statement_record,
    "hearing_notice.docx": hearing_notice,
    "hearing_summons.docx": hearing_summons,
    "hearing_record.docx": hearing_record,
    "hearing_report.docx": hearing_report,
    "legal_review_opinion.docx": legal_review_opinion,
    "collective_discussion_record.docx": collective_discussion_record,
    "penalty_decision.docx": penalty_decision,
    "no_penalty_decision.docx": no_penalty_decision,
    "transfer_letter.docx": transfer_letter,
    "service_receipt.docx": service_receipt,
    "closing_report.docx": closing_report,
    "file_cover.docx": file_cover,
    "file_index.docx": file_index,
    "file_note.docx": file_note,
    SUMMARY_PATH: campaign_summary,
}


#: Templates printed without the 第 X 页 footer: the case file numbers its pages itself (none on
#: the cover, stamped from the 卷内目录 on), so a footer would give the cover a number and the
#: 卷内目录 two.
NO_PAGE_FOOTER = frozenset({"file_cover.docx", "file_index.docx", "file_note.docx"})
#: Records signed page by page (the footer carries the signature line).
FOOTER_SIGNS = {**FOOTER_SIGNS, "statement_record.docx": "陈述申辩人签名"}


def build_all(out_dir: Path) -> list[Path]:
    """Write every template into out_dir; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        doc = new_document(
            page_footer=name not in NO_PAGE_FOOTER, footer_sign=FOOTER_SIGNS.get(name)
        )
        builder(doc)
        doc.core_properties.title = name
        doc.core_properties.author = "casedesk"
        for attr in ("created", "modified", "last_printed"):
            setattr(doc.core_properties, attr, FIXED_TIME)
        doc.core_properties.revision = 1
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        doc.save(buffer)
        target.write_bytes(_reproducible_zip(buffer.getvalue()))
        written.append(target)
    return written


def _reproducible_zip(data: bytes) -> bytes:
    """The same DOCX bytes on every build (fixed entry times), so git shows real changes only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in build_all(folder):
        print(path)
