"""文号 patterns from the office settings: {简称}卫医罚〔{年}〕{序号}号 → 青卫医罚〔2026〕12号."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.common.errors import ValidationError
from forms.validators import FieldError

PATTERN_KEY = "number_pattern.{series}"
PADDING_KEY = "number_padding"


def format_number(office: Mapping[str, str], series: str, year: int, seq: int) -> str:
    """The 文号 of a series for (year, 序号), by the office's pattern and padding."""
    key = PATTERN_KEY.format(series=series)
    pattern = office.get(key, "")
    if "{序号}" not in pattern:
        raise ValidationError([FieldError(key, f"文号格式“{pattern}”缺少 {{序号}}。")], "单位设置")
    try:
        padding = int(office.get(PADDING_KEY, "0") or "0")
    except ValueError:
        raise ValidationError([FieldError("序号位数", "应为整数。")], "单位设置") from None
    return (
        pattern.replace("{简称}", office.get("short_name", ""))
        .replace("{年}", str(year))
        .replace("{序号}", str(seq).zfill(max(padding, 0)))
    )
