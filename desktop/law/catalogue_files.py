"""The catalogue's two files (provisions.csv, provision_tiers.csv): read into unsaved rows, and
checked cell by cell so that an office can extend a copy with its own rows safely.

Every finding names the file, the line (the CSV line the row starts on, the header being line 1)
and the column, in Chinese; `read_catalogue` refuses files with any finding.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from database.models import LegalProvision, ProvisionParty, ProvisionTier, TierCondition
from desktop.common.errors import CasedeskError
from desktop.law.catalogue import (
    AUTHORITIES,
    FINE_BASES,
    FIXED,
    LAW_SEPARATOR,
    NO_FINE,
    TIERS_FILE,
    citation,
)
from desktop.law.kinds import parse_kinds
from desktop.law.versions import overlapping_versions

PROVISIONS_NAME = "provisions.csv"
TIERS_NAME = TIERS_FILE.name

#: provisions.csv columns with their Chinese names (the findings name both).
PROVISION_COLUMNS = {
    "code": "编码", "violation": "违法行为", "cause_category": "案由分类", "authority": "实施机关",
    "party": "处罚对象", "violated_law": "违反法律", "violated_ref": "违反条款项",
    "violated_text": "违反条文", "basis_law": "依据法律", "basis_ref": "依据条款项",
    "basis_text": "依据条文", "effective_from": "施行日期", "effective_to": "失效日期",
    "predecessor": "前一版本", "verified": "已核对", "source": "来源", "checked": "核对日期",
    "note": "说明",
}  # fmt: skip
TIER_COLUMNS = {
    "code": "编码", "tier": "档次", "condition": "处罚情形", "mandatory_kinds": "必处种类",
    "optional_kinds": "可选种类", "fine_base": "罚款基数", "min_fine_yuan": "罚款下限(元)",
    "max_fine_yuan": "罚款上限(元)", "min_multiple": "最低倍数", "max_multiple": "最高倍数",
    "base_floor_yuan": "基数不足按(元)", "range_text": "处罚幅度",
}  # fmt: skip
#: 案由分类 of the catalogue: the 附表1 categories plus 公共场所卫生 (生活美容等公共场所).
CAUSE_CATEGORIES = ("机构资质", "人员管理", "医疗技术", "医疗质量和医疗文书", "药品和医疗器械",
                    "其他", "公共场所卫生")  # fmt: skip
#: The longest text each column holds (the database column's size).
_LIMITS = {"code": 40, "violation": 300, "cause_category": 20, "violated_law": 300,
           "violated_ref": 200, "basis_law": 300, "basis_ref": 200, "predecessor": 40}  # fmt: skip
#: A reference starts with its article: 第十四条, 第一百一十五条.
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")


@dataclass(frozen=True, slots=True)
class CatalogueIssue:
    """One finding: the file, its line, the column and what is wrong."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} 第{self.line}行" if self.line else self.file
        label = PROVISION_COLUMNS.get(self.column) or TIER_COLUMNS.get(self.column, "")
        column = f" {self.column}（{label}）列" if self.column and label else ""
        return f"{where}{column}：{self.message}"


@dataclass
class _Record:
    line: int
    cells: dict[str, str]


@dataclass
class ParsedCatalogue:
    """What check_texts builds while it checks: the rows, and the findings."""

    issues: list[CatalogueIssue] = field(default_factory=list)
    provisions: list[LegalProvision] = field(default_factory=list)


def read_catalogue(folder: Path) -> list[LegalProvision]:
    """The catalogue in a folder as unsaved rows with their tiers; CasedeskError lists the
    findings of a file that does not pass the check."""
    parsed = _check_folder(folder)
    if parsed.issues:
        shown = "\n".join(str(i) for i in parsed.issues[:20])
        more = f"\n……共 {len(parsed.issues)} 处" if len(parsed.issues) > 20 else ""
        raise CasedeskError(f"法律条款库文件有误，未载入：\n{shown}{more}")
    return parsed.provisions


def check_catalogue(folder: Path) -> list[CatalogueIssue]:
    """Every finding of the catalogue files in a folder (empty when they are sound)."""
    return _check_folder(folder).issues


def _check_folder(folder: Path) -> ParsedCatalogue:
    texts: list[str] = []
    issues: list[CatalogueIssue] = []
    for name in (PROVISIONS_NAME, TIERS_NAME):
        path = folder / name
        try:
            texts.append(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            issues.append(CatalogueIssue(name, 0, "", f"找不到文件 {path}"))
        except UnicodeDecodeError:
            issues.append(CatalogueIssue(name, 0, "", "不是 UTF-8 编码的文本，请另存为 UTF-8 CSV"))
        except OSError as error:
            issues.append(CatalogueIssue(name, 0, "", f"无法读取：{error}"))
    if issues:
        return ParsedCatalogue(issues)
    return check_texts(texts[0], texts[1])


def check_texts(provisions_text: str, tiers_text: str) -> ParsedCatalogue:
    """Check the two files' texts and build the rows they hold."""
    parsed = ParsedCatalogue()
    rows = _records(provisions_text, PROVISIONS_NAME, PROVISION_COLUMNS, parsed.issues)
    tiers = _records(tiers_text, TIERS_NAME, TIER_COLUMNS, parsed.issues)
    if parsed.issues:  # a missing column makes every row wrong: say that once
        return parsed
    by_code: dict[str, LegalProvision] = {}
    lines: dict[str, int] = {}
    for record in rows:
        issue = _issue_maker(PROVISIONS_NAME, record.line, parsed.issues)
        provision = _provision(record.cells, issue)
        code = provision.code
        if code in lines:
            issue("code", f"编码“{code}”与第{lines[code]}行重复：同一条款的另一版本请另取编码"
                          f"（如 {code}-2016）并在 predecessor 列写明前一版本")  # fmt: skip
            continue
        lines[code] = record.line
        by_code[code] = provision
        parsed.provisions.append(provision)
    for provision in parsed.provisions:
        issue = _issue_maker(PROVISIONS_NAME, lines[provision.code], parsed.issues)
        if provision.predecessor and provision.predecessor not in by_code:
            issue("predecessor", f"前一版本“{provision.predecessor}”不在 {PROVISIONS_NAME} 中")
        elif provision.predecessor == provision.code:
            issue("predecessor", "前一版本不能是本行自己")
    for first, second in overlapping_versions(parsed.provisions):
        issue = _issue_maker(PROVISIONS_NAME, lines[second.code], parsed.issues)
        issue("effective_from", f"与第{lines[first.code]}行（{first.code}）是同一条款的不同版本，"
                                "施行期间重叠：同一天只能有一个版本施行")  # fmt: skip
    _attach_tiers(tiers, by_code, parsed.issues)
    return parsed


def _records(text: str, name: str, columns: dict[str, str],
             issues: list[CatalogueIssue]) -> list[_Record]:  # fmt: skip
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in columns if c not in header]
    if missing:
        named = "、".join(f"{c}（{columns[c]}）" for c in missing)
        issues.append(CatalogueIssue(name, 1, "", f"缺少列：{named}"))
        return []
    records: list[_Record] = []
    line = reader.line_num + 1
    for row in reader:
        cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if any(cells.values()):
            records.append(_Record(line, cells))
        line = reader.line_num + 1
    return records


Issue = Callable[[str, str], None]


def _issue_maker(name: str, line: int, issues: list[CatalogueIssue]) -> Issue:
    return lambda column, message: issues.append(CatalogueIssue(name, line, column, message))


def _provision(cells: dict[str, str], issue: Issue) -> LegalProvision:
    for column in ("code", "violation", "violated_law", "effective_from"):
        if not cells[column]:
            issue(column, "不能为空")
    for column, limit in _LIMITS.items():
        if len(cells[column]) > limit:
            issue(column, f"超过{limit}个字")
    if cells["cause_category"] and cells["cause_category"] not in CAUSE_CATEGORIES:
        issue("cause_category", _not_in(cells["cause_category"], CAUSE_CATEGORIES))
    if cells["authority"] not in AUTHORITIES:
        issue("authority", _not_in(cells["authority"], AUTHORITIES))
    parties = tuple(p.value for p in ProvisionParty)
    if cells["party"] not in parties:
        issue("party", _not_in(cells["party"], parties))
    for law, ref in (("violated_law", "violated_ref"), ("basis_law", "basis_ref")):
        _check_citation(cells, law, ref, issue)
    start = _date(cells, "effective_from", issue)
    end = _date(cells, "effective_to", issue)
    if start and end and not start < end:
        issue("effective_to", f"失效日期 {end.isoformat()} 不晚于施行日期 {start.isoformat()}")
    if cells["verified"] not in ("0", "1"):
        issue("verified", f"应为 1（已在法规全文中核对）或 0，而不是“{cells['verified']}”")
    checked = _date(cells, "checked", issue)
    if cells["verified"] == "1" and not (cells["source"] and checked):
        issue("verified", "标为已核对（1）的行须写明来源（source）和核对日期（checked）")
    return LegalProvision(
        code=cells["code"], violation=cells["violation"], cause_category=cells["cause_category"],
        authority=cells["authority"], party=cells["party"], violated_law=cells["violated_law"],
        violated_ref=cells["violated_ref"], violated_text=cells["violated_text"],
        violated_article=citation(cells["violated_law"], cells["violated_ref"]),
        basis_law=cells["basis_law"], basis_ref=cells["basis_ref"],
        basis_text=cells["basis_text"],
        basis_article=citation(cells["basis_law"], cells["basis_ref"]) if cells["basis_ref"] else "",
        effective_from=start or date.min, effective_to=end, predecessor=cells["predecessor"],
        verified=cells["verified"] == "1", source=cells["source"], checked=checked,
        note=cells["note"], shipped=True, measures="", range_text="", fine_base=NO_FINE,
    )  # fmt: skip


def _check_citation(cells: dict[str, str], law: str, ref: str, issue: Issue) -> None:
    if "《" in cells[law] or "》" in cells[law]:
        issue(law, "法律名称不加书名号（程序打印时加）")
    if len(citation(cells[law], cells[ref])) > 200:
        issue(ref, "法律名称与条款项合起来超过200个字，文书无法完整打印，请拆成两行")
    if not cells[ref]:
        return
    laws, refs = cells[law].split(LAW_SEPARATOR), cells[ref].split(LAW_SEPARATOR)
    if len(laws) != len(refs):
        issue(ref, f"“；”分隔的部分数（{len(refs)}）与 {law} 列的法律数（{len(laws)}）不一致")
    for part in refs:
        if not _ARTICLE.match(part.strip()):
            issue(ref, f"“{part.strip()}”应以条序开头（如 第十四条第二款）")


def _date(cells: dict[str, str], column: str, issue: Issue) -> date | None:
    text = cells[column]
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        issue(column, f"“{text}”不是日期，请写成 2022-05-01 的样子")
        return None


def _not_in(value: str, allowed: tuple[str, ...]) -> str:
    return f"“{value}”不是可选值（可选：{'、'.join(allowed)}）"


def _attach_tiers(records: list[_Record], by_code: dict[str, LegalProvision],
                  issues: list[CatalogueIssue]) -> None:  # fmt: skip
    """Check each tier, give it to its provision, then check each provision's numbering."""
    numbers: dict[str, list[tuple[int, int]]] = {}
    for record in records:
        issue = _issue_maker(TIERS_NAME, record.line, issues)
        cells = record.cells
        provision = by_code.get(cells["code"])
        if provision is None:
            issue("code", f"编码“{cells['code']}”不在 {PROVISIONS_NAME} 中")
            continue
        tier = _tier(cells, issue)
        if tier is None:
            continue
        if not tier.condition and tier.tier != 1:
            issue("condition", "只有第1档可以不写处罚情形（一般情形）；加重的档次须写明情形")
        elif tier.condition in {t.condition for t in provision.tiers}:
            issue("condition", f"{provision.code} 已有处罚情形为“{tier.condition}”的档次")
        provision.tiers.append(tier)
        numbers.setdefault(provision.code, []).append((tier.tier, record.line))
    for code, found in numbers.items():
        expected = list(range(1, len(found) + 1))
        if sorted(n for n, _ in found) != expected:
            first_line = min(line for _, line in found)
            issues.append(CatalogueIssue(TIERS_NAME, first_line, "tier",
                                         f"{code} 的档次应依次为 {'、'.join(map(str, expected))}，"
                                         f"而不是 {'、'.join(str(n) for n, _ in found)}"))  # fmt: skip
    for provision in by_code.values():
        provision.tiers.sort(key=lambda t: t.tier)
        fill_first_tier(provision)


def _tier(cells: dict[str, str], issue: Issue) -> ProvisionTier | None:
    if not cells["tier"].isdigit() or int(cells["tier"]) < 1:
        issue("tier", f"“{cells['tier']}”不是档次序号（1、2、3……）")
        return None
    conditions = tuple(c.value for c in TierCondition)
    if cells["condition"] and cells["condition"] not in conditions:
        issue("condition", _not_in(cells["condition"], ("（空：一般情形）", *conditions)))
    kinds = _kinds(cells, issue)
    base = cells["fine_base"]
    if base not in FINE_BASES:
        issue("fine_base", _not_in(base, FINE_BASES))
    elif (base == NO_FINE) == ("罚款" in kinds):
        issue("fine_base", "有罚款的档次须写明罚款基数（fixed、illegal_income、goods_value），"
                           "没有罚款的写 none")  # fmt: skip
    low, high = (_amount(cells, c, issue) for c in ("min_fine_yuan", "max_fine_yuan"))
    low_x, high_x = (_amount(cells, c, issue) for c in ("min_multiple", "max_multiple"))
    floor = _amount(cells, "base_floor_yuan", issue)
    if low is not None and high is not None and low > high:
        issue("max_fine_yuan", f"罚款上限 {high} 元低于下限 {low} 元")
    if low_x is not None and high_x is not None and low_x > high_x:
        issue("max_multiple", f"最高倍数 {high_x} 低于最低倍数 {low_x}")
    if base == FIXED and (low_x is not None or high_x is not None or floor is not None):
        issue("fine_base", "固定数额罚款（fixed）不填倍数和基数下限")
    if base in ("illegal_income", "goods_value") and low_x is None and high_x is None:
        issue("min_multiple", "按违法所得或货值金额计的罚款须写明倍数")
    if not cells["range_text"]:
        issue("range_text", "不能为空（文书按此打印法定处罚幅度）")
    return ProvisionTier(
        tier=int(cells["tier"]), condition=cells["condition"],
        mandatory_kinds=cells["mandatory_kinds"], optional_kinds=cells["optional_kinds"],
        fine_base=base, min_fine_fen=_fen(low), max_fine_fen=_fen(high),
        min_multiple_pct=_pct(low_x), max_multiple_pct=_pct(high_x), base_floor_fen=_fen(floor),
        range_text=cells["range_text"],
    )  # fmt: skip


def _kinds(cells: dict[str, str], issue: Issue) -> list[str]:
    """The tier's kinds, each from the vocabulary and in one column only."""
    kinds: list[str] = []
    for column in ("mandatory_kinds", "optional_kinds"):
        try:
            kinds += parse_kinds(cells[column])
        except ValueError as error:
            issue(column, str(error))
    twice = sorted({k for k in kinds if kinds.count(k) > 1})
    if twice:
        issue("optional_kinds", f"{'、'.join(twice)}不能既是必处种类又是可选种类")
    return kinds


def _amount(cells: dict[str, str], column: str, issue: Issue) -> Decimal | None:
    text = cells[column].replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        issue(column, f"“{cells[column]}”不是数字")
        return None
    if value < 0 or not value.is_finite():
        issue(column, f"“{cells[column]}”不能为负数")
        return None
    return value


def _fen(yuan: Decimal | None) -> int | None:
    return None if yuan is None else int((yuan * 100).to_integral_value())


def _pct(multiple: Decimal | None) -> int | None:
    return None if multiple is None else int((multiple * 100).to_integral_value())


def fill_first_tier(provision: LegalProvision) -> None:
    """The provision's own fine columns repeat its first tier; range_text states every tier."""
    first = provision.tiers[0] if provision.tiers else None
    provision.measures = first.measures if first else ""
    provision.fine_base = first.fine_base if first else NO_FINE
    for name in ("min_fine_fen", "max_fine_fen", "min_multiple_pct", "max_multiple_pct",
                 "base_floor_fen"):  # fmt: skip
        setattr(provision, name, getattr(first, name) if first else None)
    provision.range_text = "；".join(t.range_text for t in provision.tiers)
