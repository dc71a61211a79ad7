"""The statute text the procedure rules and the outcome documents cite, as data with its source.

Every article below was read in 《中华人民共和国行政处罚法》（2021年1月22日修订）, file
行政法/行政处罚法(2021-01-22).md of the public repository LawRefBook/Laws (commit 2f4c5c2,
2025-04-19; reference S9 of ../shared/reference/legal-and-documents.md), and
《行政执法机关移送涉嫌犯罪案件的规定》（2020年修订）, file
行政法规/行政执法机关移送涉嫌犯罪案件的规定(2020-08-07).md of the same repository. docs/legal-rules.md
lists them with the rules that use them.
"""

from __future__ import annotations

from dataclasses import dataclass

from database.models.enums import NoPenaltyGround

PUNISHMENT_LAW = "《中华人民共和国行政处罚法》"
TRANSFER_RULES = "《行政执法机关移送涉嫌犯罪案件的规定》"
#: Where the texts were read (a rule's basis names it).
SOURCE_S9 = "LawRefBook/Laws@2f4c5c2 行政法/行政处罚法(2021-01-22).md"
SOURCE_TRANSFER = (
    "LawRefBook/Laws@2f4c5c2 行政法规/行政执法机关移送涉嫌犯罪案件的规定(2020-08-07).md"
)


@dataclass(frozen=True, slots=True)
class LegalBasis:
    """A rule's legal basis: the law, the article, its words, whether read, and where."""

    law: str
    article: str
    text: str
    verified: bool
    source: str

    @property
    def citation(self) -> str:
        """《中华人民共和国行政处罚法》第三十三条第一款."""
        return f"{self.law}{self.article}"


def _art(article: str, text: str) -> LegalBasis:
    return LegalBasis(PUNISHMENT_LAW, article, text, True, SOURCE_S9)


ART_9 = _art("第九条", "行政处罚的种类：（一）警告、通报批评；（二）罚款、没收违法所得、没收非法财物；"
             "（三）暂扣许可证件、降低资质等级、吊销许可证件；（四）限制开展生产经营活动、责令停产停业、"
             "责令关闭、限制从业；（五）行政拘留；（六）法律、行政法规规定的其他行政处罚。")  # fmt: skip
ART_4 = _art("第四条", "公民、法人或者其他组织违反行政管理秩序的行为，应当给予行政处罚的，依照本法由法律、"
             "法规、规章规定，并由行政机关依照本法规定的程序实施。")  # fmt: skip
ART_27 = _art("第二十七条第一款", "违法行为涉嫌犯罪的，行政机关应当及时将案件移送司法机关，依法追究刑事责任。"
              "对依法不需要追究刑事责任或者免予刑事处罚，但应当给予行政处罚的，司法机关应当及时将案件移送有关行政机关。")  # fmt: skip
ART_28 = _art(
    "第二十八条第一款", "行政机关实施行政处罚时，应当责令当事人改正或者限期改正违法行为。"
)
ART_38 = _art(
    "第三十八条第一款", "行政处罚没有依据或者实施主体不具有行政主体资格的，行政处罚无效。"
)
ART_42 = _art("第四十二条第一款", "行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，"
              "法律另有规定的除外。")  # fmt: skip
ART_57 = _art("第五十七条第一款", "调查终结，行政机关负责人应当对调查结果进行审查，根据不同情况，分别作出如下决定："
              "（一）确有应受行政处罚的违法行为的，根据情节轻重及具体情况，作出行政处罚决定；（二）违法行为轻微，"
              "依法可以不予行政处罚的，不予行政处罚；（三）违法事实不能成立的，不予行政处罚；（四）违法行为涉嫌犯罪的，"
              "移送司法机关。")  # fmt: skip
ART_59 = _art("第五十九条第一款", "行政机关依照本法第五十七条的规定给予行政处罚，应当制作行政处罚决定书。"
              "行政处罚决定书应当载明下列事项：……（三）行政处罚的种类和依据；……")  # fmt: skip
ART_44 = _art("第四十四条", "行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据，"
              "并告知当事人依法享有的陈述、申辩、要求听证等权利。")  # fmt: skip
ART_45 = _art("第四十五条第一款", "当事人有权进行陈述和申辩。行政机关必须充分听取当事人的意见，对当事人提出的事实、"
              "理由和证据，应当进行复核；当事人提出的事实、理由或者证据成立的，行政机关应当采纳。")  # fmt: skip
ART_45_2 = _art("第四十五条第二款", "行政机关不得因当事人陈述、申辩而给予更重的处罚。")
ART_62 = _art("第六十二条", "行政机关及其执法人员在作出行政处罚决定之前，未依照本法第四十四条、第四十五条的规定向"
              "当事人告知拟作出的行政处罚内容及事实、理由、依据，或者拒绝听取当事人的陈述、申辩，不得作出行政处罚"
              "决定；当事人明确放弃陈述或者申辩权利的除外。")  # fmt: skip
ART_63 = _art("第六十三条第一款", "行政机关拟作出下列行政处罚决定，应当告知当事人有要求听证的权利，当事人要求听证的，"
              "行政机关应当组织听证：（一）较大数额罚款；（二）没收较大数额违法所得、没收较大价值非法财物；（三）降低"
              "资质等级、吊销许可证件；（四）责令停产停业、责令关闭、限制从业；（五）其他较重的行政处罚；（六）法律、"
              "法规、规章规定的其他情形。")  # fmt: skip
ART_64 = _art("第六十四条", "听证应当依照以下程序组织：（一）当事人要求听证的，应当在行政机关告知后五日内提出；"
              "（二）行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点；……（四）听证由行政机关"
              "指定的非本案调查人员主持；……（八）听证应当制作笔录。……")  # fmt: skip
ART_64_2 = _art("第六十四条第二项", "（二）行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、"
                "地点；")  # fmt: skip
ART_65 = _art("第六十五条", "听证结束后，行政机关应当根据听证笔录，依照本法第五十七条的规定，作出决定。")
ART_85 = _art("第八十五条", "本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。")
ART_33_3 = _art(
    "第三十三条第三款", "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"
)
TRANSFER_ART_3 = LegalBasis(
    TRANSFER_RULES, "第三条第一款",
    "行政执法机关在依法查处违法行为过程中，发现违法事实……涉嫌构成犯罪，依法需要追究刑事责任的，"
    "必须依照本规定向公安机关移送。", True, SOURCE_TRANSFER,
)  # fmt: skip
TRANSFER_ART_6 = LegalBasis(
    TRANSFER_RULES, "第六条",
    "行政执法机关向公安机关移送涉嫌犯罪案件，应当附有下列材料：（一）涉嫌犯罪案件移送书；（二）涉嫌犯罪案件情况的"
    "调查报告；（三）涉案物品清单；（四）有关检验报告或者鉴定结论；（五）其他有关涉嫌犯罪的材料。",
    True, SOURCE_TRANSFER,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class GroundTerms:
    """A ground of 不予行政处罚: its article, what the decision states and what it orders."""

    basis: LegalBasis
    #: The finding the decision states (本机关认为…，{finding}，).
    finding: str
    #: What the article orders besides (责令监护人…), printed after the decision ('' none).
    order: str = ""


#: The grounds on which 行政处罚法 says a party is not punished, with the article's words.
NO_PENALTY_GROUNDS: dict[NoPenaltyGround, GroundTerms] = {
    NoPenaltyGround.MINOR: GroundTerms(
        _art("第三十条", "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；"
             "已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。"),
        "当事人实施违法行为时不满十四周岁",
        "责令当事人的监护人加以管教。",
    ),
    NoPenaltyGround.MENTAL: GroundTerms(
        _art("第三十一条", "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，"
             "但应当责令其监护人严加看管和治疗。……"),
        "当事人系在不能辨认或者不能控制自己行为时实施违法行为的精神病人（智力残疾人）",
        "责令当事人的监护人严加看管和治疗。",
    ),
    NoPenaltyGround.MINOR_CORRECTED: GroundTerms(
        _art("第三十三条第一款", "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"
             "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"),
        "当事人违法行为轻微并及时改正，没有造成危害后果",
    ),
    NoPenaltyGround.FIRST_OFFENCE: GroundTerms(
        _art("第三十三条第一款", "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。"
             "初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"),
        "当事人系初次违法，且危害后果轻微并及时改正",
    ),
    NoPenaltyGround.NO_FAULT: GroundTerms(
        _art("第三十三条第二款", "当事人有证据足以证明没有主观过错的，不予行政处罚。"
             "法律、行政法规另有规定的，从其规定。"),
        "当事人有证据足以证明没有主观过错",
    ),
    NoPenaltyGround.TIME_BARRED: GroundTerms(
        _art("第三十六条", "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有"
             "危害后果的，上述期限延长至五年。法律另有规定的除外。前款规定的期限，从违法行为发生之日起计算；"
             "违法行为有连续或者继续状态的，从行为终了之日起计算。"),
        "当事人的违法行为在法定期限内未被发现",
    ),
}  # fmt: skip

# 裁量, 法制审核 and 集体讨论 (issue 14), read in the same file (S9).
ART_5_2 = _art("第五条第二款", "设定和实施行政处罚必须以事实为依据，与违法行为的事实、性质、情节以及社会危害"
               "程度相当。")  # fmt: skip
ART_32 = _art("第三十二条", "当事人有下列情形之一，应当从轻或者减轻行政处罚：（一）主动消除或者减轻违法行为危害"
              "后果的；（二）受他人胁迫或者诱骗实施违法行为的；（三）主动供述行政机关尚未掌握的违法行为的；"
              "（四）配合行政机关查处违法行为有立功表现的；（五）法律、法规、规章规定其他应当从轻或者减轻"
              "行政处罚的。")  # fmt: skip
ART_34 = _art("第三十四条", "行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权。行政处罚裁量基准"
              "应当向社会公布。")  # fmt: skip
ART_57_2 = _art(
    "第五十七条第二款", "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。"
)
ART_58 = _art("第五十八条第一款", "有下列情形之一，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚"
              "决定法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定：（一）涉及重大"
              "公共利益的；（二）直接关系当事人或者第三人重大权益，经过听证程序的；（三）案件情况疑难复杂、"
              "涉及多个法律关系的；（四）法律、法规规定应当进行法制审核的其他情形。")  # fmt: skip
