"""法制审核, 集体讨论 and 裁量 as data: which cases need the review (the office's settings and
their defaults), the 裁量 levels and circumstances with their grounds in 行政处罚法, and the
集体讨论 participants as typed ("姓名（职务）：意见", one a line).

The texts of 行政处罚法 cited here were read in LawRefBook/Laws@2f4c5c2
行政法/行政处罚法(2021-01-22).md (reference S9); docs/legal-rules.md lists them. The defaults of
the review policy are NOT law: 第五十八条 names the cases in general words (重大公共利益, 经过听证,
疑难复杂 …) and each office fixes its own list (its 重大执法决定法制审核目录); the defaults below
are a starting point the office must confirm in 设置 (docs/discretion.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from forms.validators import FieldError

#: Office setting keys (declared with their labels in desktop.records.office).
REVIEW_FINE_KEY = "review.fine_threshold"
REVIEW_KINDS_KEY = "review.kinds"
REVIEW_HEARING_KEY = "review.hearing"
#: Defaults (unverified: no published threshold was read; see docs/discretion.md).
DEFAULT_FINE_THRESHOLD_YUAN = 100_000
DEFAULT_KINDS = ("吊销许可证件", "责令停产停业", "责令关闭")
DEFAULT_HEARING = "是"


class Level(StrEnum):
    """裁量阶次 of a 裁量基准 (the order is from lightest to heaviest)."""

    SLIGHT = "轻微"
    ORDINARY = "一般"
    SERIOUS = "较重"
    GRAVE = "严重"


class LegalReviewResult(StrEnum):
    """法制审核's conclusion: 未通过 forbids the decision (第五十八条第一款)."""

    PASSED = "通过"
    FAILED = "未通过"


class Circumstance(StrEnum):
    """从轻、减轻 (行政处罚法 第三十条、第三十一条、第三十二条) and 从重 (第四十九条, or the
    裁量基准's own grounds)."""

    LIGHTER = "从轻"
    MITIGATED = "减轻"
    HEAVIER = "从重"


#: The grounds of 从轻 and 减轻 the law names (第三十二条 "应当从轻或者减轻"; 第三十条 for minors,
#: 第三十一条 for a party not wholly unable to control themself, "可以"). As stored and printed.
LIGHTER_GROUNDS: tuple[tuple[str, str], ...] = (
    ("主动消除或者减轻违法行为危害后果", "第三十二条第一项"),
    ("受他人胁迫或者诱骗实施违法行为", "第三十二条第二项"),
    ("主动供述行政机关尚未掌握的违法行为", "第三十二条第三项"),
    ("配合行政机关查处违法行为有立功表现", "第三十二条第四项"),
    ("法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形", "第三十二条第五项"),
    ("已满十四周岁不满十八周岁的未成年人有违法行为", "第三十条"),
    ("尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为", "第三十一条"),
)
#: 从重: the law's one general ground; any other is the office's 裁量基准 (typed after "其他：").
HEAVIER_GROUNDS: tuple[tuple[str, str], ...] = (
    ("发生重大传染病疫情等突发事件期间违反突发事件应对措施", "第四十九条"),
)
#: A ground of the office's 裁量基准 not in the law: "其他：…" (从重 only; printed as typed).
OTHER_PREFIX = "其他："


def ground_article(circumstance: str, ground: str) -> str | None:
    """The article of 行政处罚法 a ground stands on ('' for the office's own 从重 ground), or
    None when the ground is not one of the circumstance's."""
    if circumstance in (Circumstance.LIGHTER, Circumstance.MITIGATED):
        return dict(LIGHTER_GROUNDS).get(ground)
    if circumstance == Circumstance.HEAVIER:
        if ground.startswith(OTHER_PREFIX) and ground[len(OTHER_PREFIX) :].strip():
            return ""
        return dict(HEAVIER_GROUNDS).get(ground)
    return None


def ground_errors(circumstance: str, ground: str) -> list[FieldError]:
    """A circumstance without its ground, or a ground the circumstance does not have."""
    if not circumstance:
        if ground:
            return [
                FieldError("裁量情节依据", "未选择裁量情节（从轻、减轻、从重），不能填写其依据。")
            ]
        return []
    if circumstance not in {c.value for c in Circumstance}:
        allowed = "、".join(c.value for c in Circumstance)
        return [FieldError("裁量情节", f"“{circumstance}”不是可选值（可选：空、{allowed}）。")]
    if not ground:
        return [FieldError("裁量情节依据", f"{circumstance}处罚须写明依据的法定情形。")]
    if ground_article(circumstance, ground) is None:
        names = [g for g, _a in (HEAVIER_GROUNDS if circumstance == Circumstance.HEAVIER
                                 else LIGHTER_GROUNDS)]  # fmt: skip
        extra = (
            f"，或写“{OTHER_PREFIX}裁量基准规定的情形”"
            if circumstance == Circumstance.HEAVIER
            else ""
        )
        return [FieldError("裁量情节依据",
                           f"“{ground}”不是{circumstance}的法定情形（可选：{'；'.join(names)}{extra}）。")]  # fmt: skip
    return []


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """Which decided cases need 法制审核 and 集体讨论 (both, the same cases)."""

    #: A fine at or above this (分) needs them; None = no amount makes it so.
    fine_threshold_fen: int | None = DEFAULT_FINE_THRESHOLD_YUAN * 100
    kinds: tuple[str, ...] = DEFAULT_KINDS
    #: Cases within 听证 scope (第六十三条: the party is to be told of the right to a 听证) or
    #: heard; the law's 第五十八条第一款第二项 names those "经过听证程序的" — the office's
    #: default asks the review of every case in scope, whether or not a hearing was requested.
    hearing: bool = True


def policy_from_settings(settings: Mapping[str, str]) -> ReviewPolicy:
    """The policy as the office set it (a missing or unreadable value keeps its default; the
    设置 page refuses unreadable ones)."""
    raw = settings.get(REVIEW_FINE_KEY, str(DEFAULT_FINE_THRESHOLD_YUAN)).strip()
    threshold: int | None = DEFAULT_FINE_THRESHOLD_YUAN * 100
    if raw.isdigit():
        threshold = int(raw) * 100 if int(raw) > 0 else None
    kinds_text = settings.get(REVIEW_KINDS_KEY, "、".join(DEFAULT_KINDS))
    kinds = tuple(k.strip() for k in kinds_text.replace("，", "、").split("、") if k.strip())
    hearing = settings.get(REVIEW_HEARING_KEY, DEFAULT_HEARING).strip() != "否"
    return ReviewPolicy(threshold, kinds, hearing)


def threshold_errors(text: str, label: str) -> list[FieldError]:
    """The threshold setting: a whole number of 元 (0 = not by amount)."""
    if text.strip() and not text.strip().isdigit():
        return [FieldError(label, f"“{text}”不是整数元（0为不按罚款数额）。")]
    return []


@dataclass(frozen=True, slots=True)
class Member:
    """One participant of a 集体讨论: name, role (职务) and opinion."""

    name: str
    role: str
    opinion: str


def parse_members(text: str, label: str = "集体讨论参加人") -> list[Member]:
    """ "张三（局长）：同意……" one a line (or ；-separated); each needs name, role and opinion."""
    members: list[Member] = []
    lines = [p.strip() for p in text.replace("；", "\n").replace(";", "\n").splitlines()]
    for number, line in enumerate((p for p in lines if p), start=1):
        head, sep, opinion = line.replace(":", "：").partition("：")
        name, _open, role = head.replace("(", "（").replace(")", "）").partition("（")
        role = role.rstrip("）").strip()
        if not sep or not name.strip() or not role or not opinion.strip():
            raise FieldError(label, f"第{number}人“{line}”应写成“姓名（职务）：意见”，"
                             "如 王局长（局长）：同意承办机构意见。")  # fmt: skip
        members.append(Member(name.strip(), role, opinion.strip()))
    return members


def members_text(members: list[Member]) -> str:
    """The stored form, one participant a line."""
    return "\n".join(f"{m.name}（{m.role}）：{m.opinion}" for m in members)


_PUNISHMENT_LAW = "《中华人民共和国行政处罚法》"


def circumstance_sentence(circumstance: str, ground: str) -> str:
    """当事人有…的情形，依据《中华人民共和国行政处罚法》第三十二条第一项的规定，依法减轻处罚，"""
    article = ground_article(circumstance, ground)
    if not circumstance or article is None:
        return ""
    what = ground[len(OTHER_PREFIX):].strip() if ground.startswith(OTHER_PREFIX) else ground
    basis = f"依据{_PUNISHMENT_LAW}{article}的规定，" if article else ""
    return f"当事人有{what}的情形，{basis}依法{circumstance}处罚，"


def discretion_text(case: Any) -> str:
    """The 裁量理由 as a document prints it before "本机关决定…": the reason typed (ending in a
    comma) and the 从轻/减轻/从重 sentence; "" when neither is recorded."""
    reason = (case.discretion or "").strip().rstrip("，,。；;")
    reason = f"{reason}，" if reason else ""
    circumstance = str(getattr(case, "discretion_circumstance", "") or "")
    ground = (getattr(case, "discretion_ground", "") or "").strip()
    return reason + circumstance_sentence(circumstance, ground)
