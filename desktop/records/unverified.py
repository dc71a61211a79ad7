"""The shipped defaults nobody here has read in their source, in one list: the value, whose
matter it is (a province's, mostly), why it is unverified and where the office changes it.

The 设置 page shows each setting's note under the field and the whole list in a box of its own;
`casedesk office show` marks a setting still at such a default; docs/legal-rules.md (未经核实的默认值)
lists the same entries. A new unverified default is one more entry here, nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.records.office import OFFICE_KEYS
from forms.archive_forms import DEFAULT_RETENTION, RETENTION_CODES

#: How the office changes a setting from the command line.
_SET = "设置 › 单位信息中的本项，或 casedesk office set {key}=新值"
_REVIEW_MATTER = (
    "哪些案件须经法制审核和集体讨论，由省级或本机关的重大执法决定法制审核目录规定"
    "（行政处罚法第五十八条只作概括规定）"
)


@dataclass(frozen=True, slots=True)
class UnverifiedDefault:
    """One shipped default that is not law read in its text."""

    #: What it is, as the 设置 page and the docs name it.
    name: str
    #: The shipped value, in words (a setting's default is checked to be in it).
    value: str
    #: Whose rule it is.
    matter: str
    #: Where the value comes from and why it is unverified.
    source: str
    #: Where the office changes it.
    where: str
    #: Its office setting ("" = not a setting of the 设置 page).
    key: str = ""

    def text(self) -> str:
        """The note as the 设置 page and `office show --json` print it."""
        return (f"未经核实的默认值：{self.value}。{self.matter}；{self.source}。"
                f"修改：{self.where}。")  # fmt: skip


def _setting(key: str, name: str, value: str, matter: str, source: str) -> UnverifiedDefault:
    return UnverifiedDefault(name, value, matter, source, _SET.format(key=key), key)


_HEARING_MATTER = "行政处罚法第六十三条的“较大数额”由省、自治区、直辖市规定"
_HEARING_SOURCE = "常见的省级标准，未在卫生健康领域的规定原文中读到"

UNVERIFIED_DEFAULTS: tuple[UnverifiedDefault, ...] = (
    _setting(
        "hearing.amount_individual",
        "听证“较大数额”（对个人）",
        "对个人 10000 元",
        _HEARING_MATTER,
        _HEARING_SOURCE,
    ),
    _setting(
        "hearing.amount_organisation",
        "听证“较大数额”（对单位）",
        "对单位 100000 元",
        _HEARING_MATTER,
        _HEARING_SOURCE,
    ),
    _setting(
        "review.fine_threshold",
        "法制审核与集体讨论的罚款数额",
        "罚款达到 100000 元",
        _REVIEW_MATTER,
        "占位数值，未读到公布的标准",
    ),
    _setting(
        "review.kinds",
        "法制审核与集体讨论的处罚种类",
        "吊销许可证件、责令停产停业、责令关闭",
        _REVIEW_MATTER,
        "常见的目录内容，未读到公布的目录",
    ),
    _setting(
        "archive.retention",
        "执法案卷的保管期限及其代码",
        f"{DEFAULT_RETENTION}（归档号中的代码："
        + "、".join(f"{k}={v}" for k, v in RETENTION_CODES.items())
        + "）",
        "执法案卷的保管期限由省级卫生健康和档案部门规定（代码写法取自 DA/T 22）",
        "未读到卫生行政执法案卷保管期限的规定原文",
    ),
    UnverifiedDefault(
        "裁量基准",
        "随软件提供的各条款裁量阶次，全部为示例",
        "行政处罚裁量基准由省级（或设区的市）卫生健康部门制定公布",
        "示例数值，不是已公布的裁量基准",
        "casedesk discretion import 本机关裁量基准.xlsx（docs/discretion.md）",
    ),
    UnverifiedDefault(
        "行政处罚信息公示的字段规则",
        "双公示字段、格式与公示期限（database/seed_data/publication_*.csv、publicity_periods.csv）",
        "公示的字段、格式和期限按省级信用平台的数据标准",
        "字段表取自一个省级平台的公开实现（二手），部分格式与期限规则未读到原文（docs/publication.md）",
        "按本省标准替换随软件安装的上述字段文件（省级变体改文件，不改程序）",
    ),
)
_BY_KEY = {d.key: d for d in UNVERIFIED_DEFAULTS if d.key}
#: Every setting that has an unverified default, in the 设置 page's order.
UNVERIFIED_SETTINGS: tuple[str, ...] = tuple(k.key for k in OFFICE_KEYS if k.key in _BY_KEY)


def setting_note(key: str) -> str:
    """The note of an office setting with an unverified default ("" for any other)."""
    found = _BY_KEY.get(key)
    return found.text() if found else ""
