"""A sortable text key for 案号, 文号 and 编号: the year first, then every number by its value.

〔2026〕9号 sorts before 〔2026〕10号 and after 〔2025〕99号. The key is plain text, so the database
orders it with an ordinary index on SQLite and PostgreSQL alike (computed when the 案号 is set).
"""

from __future__ import annotations

import re
import unicodedata

#: Longest key stored (the column's size); a number sequence longer than this is cut, not refused.
KEY_LENGTH = 255
#: Digits every number is padded to: 10 holds any 序号 and year.
_WIDTH = 10
#: The year in the brackets of a Chinese document number: 〔2026〕, [2026], （2026）, 【2026】.
_YEAR = re.compile(r"[〔\[(【]\s*((?:19|20)\d\d)\s*[〕\])】]")
_DIGITS = re.compile(r"\d+")
#: Every bracket pair clerks type around the year sorts as the official 〔〕.
_BRACKETS = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "]": "〕", ")": "〕", "】": "〕"})


def natural_key(text: str) -> str:
    """The sort key of a number like 青卫医罚〔2026〕12号 (year, then the text with padded numbers)."""
    # NFKC turns full-width digits and brackets (２０２６, ［ ］, （ ）) into ASCII ones first.
    plain = unicodedata.normalize("NFKC", text or "").strip().translate(_BRACKETS)
    found = _YEAR.search(plain)
    year = found.group(1) if found else "0000"
    padded = _DIGITS.sub(lambda m: m.group().lstrip("0").rjust(_WIDTH, "0"), plain)
    return f"{year}|{padded}"[:KEY_LENGTH]
