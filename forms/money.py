"""Amounts in capitals (大写金额) by the 人民银行 rules, and in figures (¥20,000.00).

cn2an truncates fractions of a 分; we round half-up to the 分 first (yuan_to_fen), then write the
integer 分 ourselves so the rules below are explicit:
- 人民币 prefix without a gap; 元 (not 圆); 拾 in 10–19 is written 壹拾;
- 整 after 元 or 角 when nothing follows, never after 分;
- zeros inside the integer part become one 零; 元零X分 when 角 is zero but 分 is not.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
#: Units inside one four-digit section, from the right.
_SMALL_UNITS = ("", "拾", "佰", "仟")
#: Units of whole four-digit sections, from the right.
_SECTION_UNITS = ("", "万", "亿", "万亿")


def yuan_to_fen(amount: Decimal | int | str) -> int:
    """An amount in 元 rounded half-up to whole 分."""
    return int((Decimal(str(amount)) * 100).to_integral_value(ROUND_HALF_UP))


def _section(value: int) -> str:
    """One section of up to four digits, with inner zeros collapsed to one 零."""
    text = ""
    zero_pending = False
    for position in range(3, -1, -1):
        digit = value // 10**position % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:
            text += "零"
            zero_pending = False
        text += DIGITS[digit] + _SMALL_UNITS[position]
    return text


def integer_capitals(value: int) -> str:
    """A whole number of 元 in capitals without the 元 (0 → 零)."""
    if value == 0:
        return DIGITS[0]
    sections: list[int] = []
    while value:
        sections.append(value % 10000)
        value //= 10000
    if len(sections) > len(_SECTION_UNITS):
        raise ValueError("amount too large")
    text = ""
    need_zero = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or section < 1000):
            text += "零"
        text += _section(section) + _SECTION_UNITS[index]
        need_zero = False
    return text


def fen_to_capitals(fen: int, *, prefix: str = "人民币") -> str:
    """Integer 分 in capitals: 2345060 → 人民币贰万叁仟肆佰伍拾元陆角整."""
    if fen < 0:
        raise ValueError("amount must not be negative")
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    text = prefix
    if yuan:
        text += integer_capitals(yuan) + "元"
    if jiao == 0 and fen_digit == 0:
        return text + ("" if yuan else "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen_digit:
        return text + DIGITS[fen_digit] + "分"
    return text + "整"


def fen_to_figures(fen: int) -> str:
    """Integer 分 in figures with the yuan sign: ¥20,000.00."""
    return f"¥{Decimal(fen) / 100:,.2f}"


def fen_to_text(fen: int) -> str:
    """Capitals followed by figures, the usual wording of a 决定书: 人民币贰万元整（¥20,000.00）."""
    return f"{fen_to_capitals(fen)}（{fen_to_figures(fen)}）"
