"""The campaign 总结 (专项整治工作总结), built with the same layout helpers as the documents.

Every figure is a variable filled from the annex table it summarises (desktop.reports.packet),
each paragraph says which table's scope it quotes, and the attachments are listed by their own
labels (附表1, 附表2, 附件1, 附表3), not renumbered. Page numbers in the footer; headings kept
with their paragraph.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.shared import Pt
from docx_layout import HEI_FONT, TITLE_FONT, add_para, add_signature

#: Where the builder writes it, under templates/.
SUMMARY_PATH = "reports/campaign_summary.docx"
TO_FILL = "（请填写。）"


def _section(doc: DocumentObject, heading: str, body: str) -> None:
    add_para(doc, heading, font=HEI_FONT, keep_with_next=True, space_before=Pt(6))
    add_para(doc, body, indent=True)


def campaign_summary(doc: DocumentObject) -> None:
    """专项整治工作总结."""
    add_para(doc, "{{ unit }}{{ title_period }}医疗美容专项整治工作总结", align="center",
             size=Pt(22), font=TITLE_FONT, line=Pt(40), space_after=Pt(12),
             keep_with_next=True)  # fmt: skip
    add_para(doc, "{{ period_text }}，{{ authority }}按照医疗美容专项整治实施方案的要求，"
             "扎实开展专项整治工作。现将工作情况总结如下。", indent=True)  # fmt: skip
    _section(doc, "一、工作开展情况",
             "辖区现有医疗美容机构{{ cosmetic_count }}家、生活美容机构{{ life_count }}家。专项整治期间"
             "共检查医疗美容机构{{ cosmetic_inspected }}家、生活美容机构{{ life_inspected }}家；"
             "对上述两类机构立案查处{{ filed_total }}件，结案{{ closed_total }}件，"
             "罚没金额{{ forfeiture_yuan }}元，对{{ penalised_units }}家单位实施行政处罚"
             "（统计口径同附表1）。")  # fmt: skip
    _section(doc, "二、无证医疗美容场所“回头看”情况",
             "“回头看”中发现再次开展非法医疗美容{{ again }}户；行政处罚{{ punished }}户（人）次，"
             "其中警告{{ warnings }}次，罚款{{ fines_wan }}万元，没收违法所得{{ confiscated_wan }}万元；"
             "移送司法机关{{ transfers }}人{% if transferred_units %}、单位{{ transferred_units }}个"
             "{% endif %}（统计口径同附表2）。")  # fmt: skip
    _section(doc, "三、投诉举报情况",
             "受理投诉举报{{ complaints }}件，办结{{ complaints_closed }}件，实施行政处罚"
             "{{ complaints_penalised }}件，反馈{{ complaints_replied }}件，举报人满意"
             "{{ complaints_satisfied }}件。参加依法执业信用评价机构{{ graded }}家（统计口径同附件1）。")  # fmt: skip
    _section(
        doc,
        "四、典型案例",
        "本期报送典型案例{{ typical_count }}件，案件材料报送目录和案情概述见附表3。",
    )
    for heading in ("五、取得的成效", "六、存在的问题和困难", "七、下一步工作安排",
                    "八、长效机制建立运转情况"):  # fmt: skip
        _section(doc, heading, TO_FILL)
    add_para(doc, "附件：{{ attachments | join('；') }}", space_before=Pt(12))
    add_signature(doc, "{{ filled_on_text }}", seal=False)  # prints {{ authority_name }}
