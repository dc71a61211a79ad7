"""Validators: check-digit rules (property-based), money, dates, enumerations."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from database.models import CaseSource
from forms.validators import (
    CREDIT_CODE_CHARSET,
    MAX_YUAN,
    FieldError,
    check_date_order,
    code_text,
    id_number_check_char,
    make_credit_code,
    parse_bool,
    parse_date,
    parse_enum,
    parse_yuan,
    validate_credit_code,
    validate_id_number,
)

#: Published examples (GB 32100 / GB 11643 sample values).
KNOWN_GOOD_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L"]
KNOWN_GOOD_IDS = ["11010519491231002X"]

body = st.text(alphabet=CREDIT_CODE_CHARSET[:10] + "ABCDEFGH", min_size=8, max_size=8)


@pytest.mark.parametrize("code", KNOWN_GOOD_CREDIT_CODES)
def test_published_credit_codes_pass(code: str) -> None:
    assert validate_credit_code(code.lower()) == code


@given(body=body, last_bad=st.sampled_from(CREDIT_CODE_CHARSET))
def test_credit_code_check_character_detects_any_wrong_last_char(body: str, last_bad: str) -> None:
    code = make_credit_code("91339901" + body)
    if code[16] not in CREDIT_CODE_CHARSET:
        return  # an org-code check 'X' cannot occur in a valid code body
    assert validate_credit_code(code) == code
    if last_bad != code[17]:
        with pytest.raises(FieldError, match="校验位不符，请对照证件核对") as raised:
            validate_credit_code(code[:17] + last_bad)
        # The message never names the right character (that would invite faking it).
        assert f"应为 {code[17]}" not in str(raised.value)


@given(
    body=body,
    position=st.integers(min_value=8, max_value=15),
    replacement=st.sampled_from("0123456789"),
)
def test_credit_code_single_substitution_is_detected(
    body: str, position: int, replacement: str
) -> None:
    code = make_credit_code("91339901" + body)
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(FieldError):
        validate_credit_code(changed)


def test_credit_code_messages_name_the_field_and_problem() -> None:
    with pytest.raises(FieldError, match="统一社会信用代码：应为18位"):
        validate_credit_code("9135010")
    with pytest.raises(FieldError, match="不允许的字符 I、O"):
        validate_credit_code("91350100M000100IO3")
    # Right GB 32100 check character, wrong embedded 组织机构代码 check.
    first16 = "91339901ABCDEFGH"
    wrong_org = "0" if make_credit_code(first16)[16] != "0" else "1"
    from forms.validators import credit_code_check_char

    code = first16 + wrong_org + credit_code_check_char(first16 + wrong_org)
    with pytest.raises(FieldError, match="组织机构代码"):
        validate_credit_code(code)


@pytest.mark.parametrize("number", KNOWN_GOOD_IDS)
def test_published_id_numbers_pass(number: str) -> None:
    assert validate_id_number(number.lower()) == number


@given(
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
    wrong=st.sampled_from("0123456789X"),
)
def test_id_number_check_digit(born: date, seq: int, wrong: str) -> None:
    first17 = f"339901{born:%Y%m%d}{seq:03d}"
    number = first17 + id_number_check_char(first17)
    assert validate_id_number(number) == number
    if wrong != number[17]:
        with pytest.raises(FieldError, match="校验位不符，请对照证件核对") as raised:
            validate_id_number(first17 + wrong)
        assert number[17] not in str(raised.value).split("（")[0]


def test_id_number_bad_birth_date() -> None:
    first17 = "33990119990231001"
    with pytest.raises(FieldError, match="出生日期"):
        validate_id_number(first17 + id_number_check_char(first17))


@pytest.mark.parametrize(
    ("value", "fen"),
    [("20000", 2000000), ("20,000.50", 2000050), (1234.56, 123456), (0.1, 10), (None, 0), ("", 0),
     (20000, 2000000), ("0.05", 5), (99999999.99, 9999999999),
     # Sum cells hold binary noise Excel does not show: =1234.56+789.1 is 2023.6599999999999.
     (1234.56 + 789.1, 202366), (0.1 + 0.2, 30), (3 * 1.1, 330)],
)  # fmt: skip
def test_parse_yuan(value: object, fen: int) -> None:
    assert parse_yuan(value, "罚款金额(元)") == fen


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "不能为负数"),
        ("12.345", "最多保留两位小数"),
        ("abc", "不是金额"),
        (1.005, "两位小数"),
    ],
)
def test_parse_yuan_rejects(value: object, message: str) -> None:
    with pytest.raises(FieldError, match=message) as info:
        parse_yuan(value, "罚款金额(元)")
    assert info.value.field == "罚款金额(元)"


@given(fen=st.integers(min_value=0, max_value=MAX_YUAN * 100))
def test_money_round_trip_through_text(fen: int) -> None:
    assert parse_yuan(f"{fen // 100}.{fen % 100:02d}", "x") == fen


@given(fen=st.integers(min_value=0, max_value=MAX_YUAN * 100))
def test_money_round_trip_through_a_number_cell(fen: int) -> None:
    # An amount typed into a number cell arrives as the nearest float.
    assert parse_yuan(fen / 100, "x") == fen


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-06-28", date(2024, 6, 28)), ("2024/6/8", date(2024, 6, 8)), ("2024年6月8日", date(2024, 6, 8)),
     (45471, date(2024, 6, 28)), ("2024-06-28 00:00:00", date(2024, 6, 28)), (None, None), ("", None),
     ("20261125", date(2026, 11, 25)), ("2026.11.25", date(2026, 11, 25)),
     ("２０２６－１１－２５", date(2026, 11, 25)), ("2026年11月25日", date(2026, 11, 25))],
)  # fmt: skip
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value, "立案日期") == expected


@pytest.mark.parametrize(
    "value", ["2024-02-30", "28/06/2024", "明天", -3, 2024, 20240628, "20261325", "2026112"]
)
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(FieldError) as info:
        parse_date(value, "立案日期")
    assert info.value.field == "立案日期"


def test_a_year_typed_into_a_date_cell_is_not_a_day_of_1905() -> None:
    with pytest.raises(FieldError, match="“2024”是数字，不是日期（会被当作 1905-07-16）"):
        parse_date(2024, "结案日期")
    assert parse_date(18264, "结案日期") == date(1950, 1, 1)  # the earliest a cell may mean


def test_date_order() -> None:
    check_date_order(
        [("立案日期", date(2024, 1, 1)), ("处罚决定日期", None), ("结案日期", date(2024, 3, 1))]
    )
    with pytest.raises(FieldError, match="结案日期（2024-01-01）早于立案日期"):
        check_date_order([("立案日期", date(2024, 3, 1)), ("结案日期", date(2024, 1, 1))])


def test_enum_and_bool() -> None:
    assert parse_enum(CaseSource, " 社会举报 ", "案件来源") is CaseSource.COMPLAINT
    with pytest.raises(FieldError, match="“举报”不是可选值，应为：上级交办、社会举报"):
        parse_enum(CaseSource, "举报", "案件来源")
    assert parse_bool("是", "警告") is True
    assert parse_bool(None, "警告") is False
    with pytest.raises(FieldError, match="应为“是”或“否”"):
        parse_bool("也许", "警告")


@pytest.mark.parametrize(
    "text", ["=1+1", "=cmd|' /C calc'!A0", "+cmd|x", "@SUM(A1:A3)", '-HYPERLINK("x")']
)
def test_formula_like_text_is_refused(text: str) -> None:
    from forms.validators import optional_text

    with pytest.raises(FieldError):
        optional_text(text, "当事人")


@pytest.mark.parametrize(
    "text", ["+86(0571)86660000", "-", "+86 138 0000 0000", "（1）按照核准登记的诊疗科目执业"]
)
def test_ordinary_text_passes(text: str) -> None:
    from forms.validators import optional_text

    assert optional_text(text, "联系电话") == text


def test_a_code_rounded_by_excel_is_refused_with_the_reason() -> None:
    # An 18-digit code in a number cell comes back as 1.23456789012346e+17: digits are lost.
    with pytest.raises(FieldError, match=r"数字格式.*15位有效数字.*文本") as info:
        code_text(1.23456789012346e17, "统一社会信用代码", 18)
    assert info.value.field == "统一社会信用代码"
    assert code_text(13800138000.0, "执业许可证登记号") == "13800138000"  # short: exact
    assert code_text(123456789012345678, "执业许可证登记号") == "123456789012345678"  # an int
    assert code_text(" pdy00012x ", "执业许可证登记号") == "pdy00012x"


def test_a_record_field_takes_a_picked_id_and_refuses_typed_text() -> None:
    from forms.record_forms import COMPLAINT_FIELDS, INSPECTION_FIELDS

    institution = next(f for f in COMPLAINT_FIELDS if f.name == "institution_id")
    plan = next(f for f in INSPECTION_FIELDS if f.name == "plan_id")
    assert (institution.kind, institution.source) == ("record", "institutions")
    assert plan.source == "plans"
    assert institution.to_value(7) == 7 and institution.to_raw(7) == 7
    assert institution.to_value(None) is None and institution.to_value("  ") is None
    with pytest.raises(FieldError) as error:
        institution.to_value("青溪某美容店")
    assert str(error.value) == "被举报机构：“青溪某美容店”不在列表中，请从下拉列表中选择。"
    from dataclasses import replace

    with pytest.raises(FieldError, match="请选择"):
        replace(plan, required=True).to_value(None)


def test_the_editor_splits_a_typed_list_as_the_importer_does() -> None:
    """诊疗科目 typed in the editor with ，/；/a line break are several subjects, as in a ledger
    (desktop/ledger/rows.py uses the same split_list); "/" and spaces stay inside a name."""
    from forms.record_forms import INSTITUTION_FIELDS
    from forms.validators import split_list

    subjects = next(f for f in INSTITUTION_FIELDS if f.name == "subjects")
    typed = "医疗美容科；美容外科，皮肤科\n口腔科、 中医科/针灸 ,"
    assert subjects.to_value(typed) == (
        "医疗美容科", "美容外科", "皮肤科", "口腔科", "中医科/针灸"
    )  # fmt: skip
    assert subjects.to_value(typed) == split_list(typed)
    assert subjects.to_raw(subjects.to_value(typed)) == "医疗美容科、美容外科、皮肤科、口腔科、中医科/针灸"
