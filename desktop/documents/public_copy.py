"""公开版: the decision as published on the website, rendered from the record with a natural
person's personal details masked — a transform of the form's context before rendering, never a
search through the rendered file.

What is masked (docs/publication.md, where the basis is marked unverified: 个人信息保护法 第六条、
第二十八条, 政府信息公开条例 第十五条): for a natural person the 身份证号, the 住址 and the 电话; for
everybody the contact phone, which the decision's content (行政处罚法 第五十九条) does not need. Kept: the name, a legal
person's 统一社会信用代码, address and 法定代表人, the 文号, the facts, the basis, the penalty.
Any 18-character 身份证号 (check digit valid) or mobile number typed into a text is masked too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from database.models import Case, PartyType
from forms.validators import id_number_check_char

#: The register's type of a 公开版 copy; it is not a form of its own (no 文号 of its own, not
#: part of the 卷宗): it carries the decision's 文号.
PUBLIC_DOC_TYPE = "penalty_decision_public"
PUBLIC_NAME = "行政处罚决定书（公开版）"
#: Register names of the copies that are not forms of their own.
COPY_NAMES = {PUBLIC_DOC_TYPE: PUBLIC_NAME}
#: The form a 公开版 is made from.
SOURCE_FORM = "penalty_decision"
MASK = "（依法隐去）"
#: The mark in each page header.
PUBLIC_MARK = "公开版（已依法隐去个人信息）"

_ID_RE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_details(case: Case) -> dict[str, str]:
    """The context fields to mask and the raw values they hold (empty values left out)."""
    person = case.party_type is PartyType.PERSON
    values = {"party_phone": case.party_phone}
    if person:
        values |= {"party_id_value": case.party_id_number, "party_address": case.party_address}
    return {name: value for name, value in values.items() if value.strip()}


def _mask_ids(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = match.group(0).upper()
        return MASK if id_number_check_char(value[:17]) == value[17] else match.group(0)

    return _ID_RE.sub(replace, text)


def mask_text(text: str, secrets: tuple[str, ...]) -> str:
    """The text with each secret, any valid 身份证号 and any mobile number masked."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    return _MOBILE_RE.sub(MASK, _mask_ids(text))


def _masked(value: object, secrets: tuple[str, ...]) -> object:
    if isinstance(value, str):
        return mask_text(value, secrets)
    if isinstance(value, list | tuple):
        return type(value)(_masked(v, secrets) for v in value)
    return value


def redact_context(context: Mapping[str, object], case: Case) -> dict[str, object]:
    """The context of the 公开版: personal fields replaced, every text cleaned of them."""
    details = personal_details(case)
    # longest first, so an address containing a shorter secret is masked whole
    secrets = tuple(sorted(set(details.values()), key=len, reverse=True))
    redacted = {key: _masked(value, secrets) for key, value in context.items()}
    for name in details:
        if name in redacted:
            redacted[name] = MASK
    return redacted


def mark_public(data: bytes) -> bytes:
    """The rendered DOCX with 公开版 in every page header (the layout otherwise unchanged)."""
    document = docx.Document(io.BytesIO(data))
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(PUBLIC_MARK)
        run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
