"""Office settings stored in the database: every key declared once with its label and default."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from database.models import OfficeSetting
from database.unit_of_work import UowFactory
from desktop.common.errors import ValidationError
from forms.review_terms import (
    DEFAULT_FINE_THRESHOLD_YUAN,
    DEFAULT_HEARING,
    DEFAULT_KINDS,
    REVIEW_FINE_KEY,
    REVIEW_HEARING_KEY,
    REVIEW_KINDS_KEY,
    threshold_errors,
)
from forms.validators import FieldError, text_errors, validate_credit_code

#: 保管期限 of an enforcement file (DA/T 22 codes Y, D30, D10 in the 归档号).
RETENTION_CHOICES: tuple[tuple[str, str], ...] = (
    ("永久", "永久"),
    ("30年", "30年"),
    ("10年", "10年"),
)
#: The office setting pdf_converter's values (desktop.documents.converter_choice) and the
#: 设置 page's words for them; "auto" tries Word, then WPS, then LibreOffice; a chosen suite
#: comes first and the others follow it when it is missing.
CONVERTER_CHOICES: tuple[tuple[str, str], ...] = (
    ("auto", "自动（依次尝试 Word、WPS、LibreOffice）"),
    ("libreoffice", "LibreOffice"),
    ("word", "Microsoft Word"),
    ("wps", "WPS Office"),
)


@dataclass(frozen=True, slots=True)
class SettingKey:
    """One office setting: key, Chinese label, default, whether it must be filled.

    `choices` (value, Chinese words) makes it a pick from a list: the 设置 page shows a combo box
    and save() refuses any other value.
    """

    key: str
    label: str
    default: str = ""
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()


#: The office settings, in the order the 设置 page shows them.
OFFICE_KEYS: tuple[SettingKey, ...] = (
    SettingKey("authority_name", "机关名称", "", True),
    SettingKey("short_name", "机关简称（文号用）", "", True),
    SettingKey("authority_credit_code", "机关统一社会信用代码（行政处罚信息公示用）"),
    SettingKey("data_source_unit", "公示数据来源单位（留空为机关名称）"),
    SettingKey("data_source_credit_code", "数据来源单位统一社会信用代码（留空同机关）"),
    SettingKey("supervision_institute", "卫生监督机构名称"),
    SettingKey("address", "机关地址"),
    SettingKey("postcode", "邮政编码"),
    SettingKey("phone", "联系电话"),
    SettingKey("contact", "联系人"),
    SettingKey("review_organ", "行政复议机关", "", True),
    SettingKey("court", "行政诉讼管辖法院", "", True),
    SettingKey("bank_name", "罚没款缴款银行"),
    SettingKey("bank_account", "缴款账号"),
    SettingKey("payee", "收款单位"),
    SettingKey("region", "所在地区（报表单位）"),
    # The units whose tables a city or province office sums (`rollup`); empty: no 缺报 check.
    SettingKey("rollup_units", "汇总单位（以、分隔；留空不核对缺报）"),
    SettingKey("number_pattern.penalty", "处罚类文号格式", "{简称}卫医罚〔{年}〕{序号}号"),
    SettingKey("number_pattern.notice", "告知类文号格式", "{简称}卫医罚告〔{年}〕{序号}号"),
    SettingKey("number_pattern.hearing", "听证告知文号格式", "{简称}卫医听告〔{年}〕{序号}号"),
    SettingKey(
        "number_pattern.no_penalty", "不予处罚决定文号格式", "{简称}卫医不罚〔{年}〕{序号}号"
    ),
    SettingKey("number_pattern.transfer", "案件移送书文号格式", "{简称}卫医移〔{年}〕{序号}号"),
    SettingKey("number_pattern.opinion", "意见书编号格式", "{年}—{序号}"),
    SettingKey("number_pattern.case", "案件编号格式", "{简称}卫医案〔{年}〕{序号}号"),
    SettingKey("number_padding", "序号位数（0为不补零）", "0"),
    SettingKey("deadline.complaint_reply", "投诉举报答复期限（天数或“N工作日”）", "60"),
    # 行政处罚法 第六十三条's 较大数额 (罚款, 没收违法所得/非法财物), set by each province; the
    # defaults are unverified (desktop.law.procedure.hearing reads these keys).
    SettingKey(
        "hearing.amount_individual",
        "听证“较大数额”：对个人（元，默认值未核对，按本省规定）",
        "10000",
    ),
    SettingKey(
        "hearing.amount_organisation",
        "听证“较大数额”：对单位（元，默认值未核对，按本省规定）",
        "100000",
    ),
    SettingKey(
        "number_pattern.hearing_summons", "听证通知书文号格式", "{简称}卫医听通〔{年}〕{序号}号"
    ),
    # 法制审核 and 集体讨论 (行政处罚法 第五十七条第二款、第五十八条): which decided cases need both; the
    # defaults are not law (forms.review_terms, docs/discretion.md) — the office sets its own.
    SettingKey(
        REVIEW_FINE_KEY,
        "法制审核与集体讨论：罚款达到（元，0为不按数额）",
        str(DEFAULT_FINE_THRESHOLD_YUAN),
    ),
    SettingKey(
        REVIEW_KINDS_KEY, "法制审核与集体讨论：处罚种类（以“、”分隔）", "、".join(DEFAULT_KINDS)
    ),
    SettingKey(
        REVIEW_HEARING_KEY,
        "法制审核与集体讨论：属听证范围的案件（应告知听证）",
        DEFAULT_HEARING,
        choices=(("是", "是"), ("否", "否")),
    ),
    SettingKey("deliberation.chair", "合议主持人"),
    SettingKey("deliberation.members", "合议成员（、分隔，与承办人合计至少三人）"),
    SettingKey("deliberation.recorder", "合议记录人（留空则为承办人）"),
    SettingKey("archive.fonds_no", "全宗号（归档号用）"),
    SettingKey("archive.retention", "保管期限", "30年", choices=RETENTION_CHOICES),
    SettingKey("archive.filer", "立卷人"),
    SettingKey("archive.checker", "卷宗检查人"),
    SettingKey("pdf_converter", "PDF 转换程序", "auto", choices=CONVERTER_CHOICES),
    SettingKey("soffice_path", "LibreOffice 程序位置（留空则自动查找）"),
    SettingKey("backup_keep", "自动备份保留份数", "10"),
)
_BY_KEY = {k.key: k for k in OFFICE_KEYS}
#: The soffice path an office sets when LibreOffice is somewhere the search does not look.
SOFFICE_KEY = "soffice_path"


class OfficeService:
    """Read and write the office settings."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self._uow_factory = uow_factory

    def all(self) -> dict[str, str]:
        """Every declared key with its stored value or its default."""
        with self._uow_factory(readonly=True) as uow:
            stored = {s.key: s.value for s in uow.session.scalars(select(OfficeSetting))}
        values = {k.key: stored.get(k.key, k.default) for k in OFFICE_KEYS}
        values.update({k: v for k, v in stored.items() if k not in values})
        return values

    def get(self, key: str) -> str:
        """One value (its default when never stored)."""
        return self.all().get(key, "")

    def save(self, values: dict[str, str]) -> None:
        """Store these values; a required key may not be emptied."""
        errors = [
            FieldError(_BY_KEY[key].label, "不能为空。")
            for key, value in values.items()
            if key in _BY_KEY and _BY_KEY[key].required and not value.strip()
        ]
        errors += text_errors(
            (_BY_KEY[key].label, value, 300) for key, value in values.items() if key in _BY_KEY
        )
        errors += _choice_errors(values)
        errors += _credit_code_errors(values)
        errors += _amount_errors(values)
        if REVIEW_FINE_KEY in values:
            errors += threshold_errors(values[REVIEW_FINE_KEY], _BY_KEY[REVIEW_FINE_KEY].label)
        if errors:
            raise ValidationError(errors, "单位设置")
        with self._uow_factory() as uow:
            for key, value in values.items():
                row = uow.session.get(OfficeSetting, key)
                if row is None:
                    uow.session.add(OfficeSetting(key=key, value=value.strip()))
                else:
                    row.value = value.strip()
            uow.commit()

    def missing_required(self) -> list[str]:
        """Labels of required settings that are still empty (shown on the 工作台 and 设置)."""
        values = self.all()
        return [k.label for k in OFFICE_KEYS if k.required and not values.get(k.key, "").strip()]


#: Settings holding a 统一社会信用代码 (checked on save: the 双公示 export refuses a bad one).
CREDIT_CODE_KEYS = ("authority_credit_code", "data_source_credit_code")


def _credit_code_errors(values: dict[str, str]) -> list[FieldError]:
    """A filled 统一社会信用代码 setting that fails GB 32100, named by its label."""
    errors = []
    for key in CREDIT_CODE_KEYS:
        if values.get(key, "").strip():
            try:
                validate_credit_code(values[key], _BY_KEY[key].label)
            except FieldError as error:
                errors.append(error)
    return errors


def _choice_errors(values: dict[str, str]) -> list[FieldError]:
    """A value outside its setting's list (SettingKey.choices), named with what may be chosen."""
    errors = []
    for key, value in values.items():
        setting = _BY_KEY.get(key)
        allowed = [choice for choice, _words in setting.choices] if setting else []
        if setting is not None and allowed and value.strip() not in allowed:
            message = f"“{value}”不是可选项，可选：{'、'.join(allowed)}。"
            errors.append(FieldError(setting.label, message))
    return errors


#: Settings that hold an amount in 元.
_AMOUNT_KEYS = ("hearing.amount_individual", "hearing.amount_organisation")


def _amount_errors(values: dict[str, str]) -> list[FieldError]:
    """A 较大数额 that is not a whole number of 元."""
    return [
        FieldError(_BY_KEY[key].label, f"“{values[key]}”应为元数，如 10000。")
        for key in _AMOUNT_KEYS
        if key in values and not values[key].strip().replace(",", "").isdigit()
    ]
