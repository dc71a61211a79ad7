"""Text joined into a sentence of a document: no doubled lead words or stops, full-width marks.

Templates combine clerk text with fixed wording ("经查，{{ facts }}", "以上事实有{{ evidence }}等证据
证实。"); a clerk who writes the facts as "经查，当事人…" or the evidence as "询问笔录。" would print
"经查，经查，" and "询问笔录。等". Chinese text takes full-width ，；：？！（） (GB/T 15834); a
half-width mark typed beside a CJK character is turned into its full-width form.
"""

from __future__ import annotations

import re

#: Lead words the templates already print before the facts.
_LEAD = re.compile(r"^\s*(?:经查[明实]?|经调查)\s*[，,：:]?\s*")
#: What the template's "等证据证实" already says at the end of an evidence list.
_EVIDENCE_TAIL = re.compile(r"(?:[\s。．.，,；;、]|等证据|等材料|等)+$")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_CJK = "\u3400-\u9fff\uff01-\uff5e\u3000-\u303f"
#: A half-width mark with a CJK character on either side (10:30, 1,000 and (a) stay as typed).
_MARK_BESIDE_CJK = re.compile(rf"(?<=[{_CJK}])\s*([,;:?!()])|([,;:?!()])\s*(?=[{_CJK}])")


def facts_after_lead(text: str) -> str:
    """The facts without a leading 经查/经调查 (the template prints its own)."""
    return _LEAD.sub("", text or "", count=1)


def evidence_list(text: str) -> str:
    """An evidence list without the closing stop or 等 (the template adds 等证据证实。)."""
    return _EVIDENCE_TAIL.sub("", (text or "").strip())


def full_width_marks(text: str) -> str:
    """Half-width ,;:?!() beside CJK characters as their full-width forms."""
    if not text or not any(ch in text for ch in _HALF_TO_FULL):
        return text
    return _MARK_BESIDE_CJK.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)


def doubled_stops(text: str) -> str:
    """One stop where joining left two (。。 ，。 。，)."""
    return re.sub(r"[。，；]*。[。，；]*", "。", text) if "。" in text else text


def tidy(text: str) -> str:
    """Every printed string: full-width marks, no doubled stops."""
    return doubled_stops(full_width_marks(text))


def joined_text(context: dict[str, object]) -> dict[str, object]:
    """A form's context (clerk's edits applied) ready to be joined into the fixed wording."""
    tidied = dict(context)
    if isinstance(tidied.get("facts"), str):
        tidied["facts"] = facts_after_lead(str(tidied["facts"]))
    if isinstance(tidied.get("evidence"), str):
        tidied["evidence"] = evidence_list(str(tidied["evidence"]))
    return tidied
