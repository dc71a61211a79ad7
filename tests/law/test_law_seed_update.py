"""The shipped catalogue reaches existing databases: a database seeded with the 41-row catalogue
of revision 0003 is brought up to the shipped files at start-up, by code; its cases keep their
provision_code; an office's own rows are never changed; a row no longer shipped goes only when
nothing cites it."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import select

from database.engine import make_engine
from database.migrate import current_revision, downgrade, head_revision
from database.models import CaseSource, CauseCategory, LegalProvision, PartyType
from desktop.app import build_context
from desktop.cases.cases import CaseInput
from desktop.law.catalogue import SEED_DIR
from desktop.law.provisions import ProvisionService, SeedReport
from forms.money import yuan_to_fen

OLD_FILE = Path(__file__).with_name("provisions_41_rows_0003.csv")
CASE = CaseInput(
    case_no="青卫医罚〔2025〕7号", party_name="青溪悦容医疗美容门诊部",
    party_type=PartyType.ORGANISATION, source=CaseSource.ROUTINE,
    cause_category=CauseCategory.OTHER, cause="医疗废物管理不规范案", filed_on=date(2025, 5, 6),
)  # fmt: skip


def _old_rows() -> list[dict[str, object]]:
    """The 0003 catalogue file as rows of the 0003 table."""
    rows: list[dict[str, object]] = []
    for r in csv.DictReader(OLD_FILE.open(encoding="utf-8")):
        money = {k: yuan_to_fen(r[k + "_yuan"]) if r[k + "_yuan"] else None
                 for k in ("min_fine", "max_fine", "base_floor")}  # fmt: skip
        rows.append({
            "code": r["code"], "violation": r["violation"], "cause_category": r["cause_category"],
            "violated_article": r["violated_article"], "violated_text": r["violated_text"],
            "basis_article": r["basis_article"], "basis_text": r["basis_text"],
            "measures": r["measures"], "min_fine_fen": money["min_fine"],
            "max_fine_fen": money["max_fine"], "range_text": r["range_text"],
            "effective_from": date.fromisoformat(r["effective_from"]),
            "effective_to": date.fromisoformat(r["effective_to"]) if r["effective_to"] else None,
            "verified": r["verified"] == "1", "fine_base": r["fine_base"] or "fixed",
            "min_multiple_pct": round(float(r["min_multiple"]) * 100) if r["min_multiple"] else None,
            "max_multiple_pct": round(float(r["max_multiple"]) * 100) if r["max_multiple"] else None,
            "base_floor_fen": money["base_floor"],
        })  # fmt: skip
    return rows


def _database_of_revision_0003(folder: Path) -> None:
    """A database at revision 0003 holding the 0003 catalogue, two cases citing old rows, and
    two rows the office added itself (one with a code the new catalogue ships)."""
    context = build_context(str(folder))
    for n, code in enumerate(("XD-01", "YF-02"), start=1):
        context.cases.create(replace(CASE, case_no=f"青卫医罚〔2025〕{n}号", provision_code=code))
    url = context.database_url
    context.close()
    engine = make_engine(url)
    downgrade(engine, "0003_case_act_on")
    table = sa.table("legal_provision", *(sa.column(c) for c in _old_rows()[0]))
    own = {**_old_rows()[0], "code": "BJ-01", "violation": "本单位自定条款"}
    clash = {**_old_rows()[0], "code": "YF-04", "violation": "本单位自定的培训条款"}
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM legal_provision"))
        connection.execute(sa.text("DELETE FROM office_setting WHERE key LIKE 'provision%'"))
        connection.execute(table.insert(), [*_old_rows(), own, clash])
    assert current_revision(engine) == "0003_case_act_on"
    engine.dispose()


def test_an_old_database_gets_the_shipped_catalogue_at_start_up(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _database_of_revision_0003(folder)
    context = build_context(str(folder))  # upgrade to head, then the shipped catalogue
    try:
        engine = make_engine(context.database_url)
        assert current_revision(engine) == head_revision()
        engine.dispose()
        rows = {r.code: r for r in context.provisions.list()}
        shipped = {r["code"] for r in csv.DictReader((SEED_DIR / "provisions.csv").open(encoding="utf-8"))}
        # Every shipped row is there, the office's two rows too.
        assert set(rows) == shipped | {"BJ-01"}
        assert rows["BJ-01"].violation == "本单位自定条款" and not rows["BJ-01"].shipped
        assert rows["YF-04"].violation == "本单位自定的培训条款" and not rows["YF-04"].shipped
        # Old rows are updated to the law: XD-01 is now 医疗器械条例 第九十条第二项, with tiers.
        assert rows["XD-01"].basis_article == "《医疗器械监督管理条例》第九十条第二项"
        assert [t.condition for t in rows["XD-01"].tiers] == ["", "拒不改正", "情节严重"]
        assert rows["YF-03"].violated_article == "《医疗废物管理条例》第十四条第二款"
        assert rows["YLJG-03"].violated_article.endswith("第三十九条第四款")
        assert rows["GGCS-02"].shipped and rows["GGCS-02"].tiers
        # The cases keep the codes they cite.
        codes = sorted(row.case_no for row in context.cases.list())
        assert codes == ["青卫医罚〔2025〕1号", "青卫医罚〔2025〕2号"]
        cited = {context.cases.get(r.id).provision_code for r in context.cases.list()}
        assert cited == {"XD-01", "YF-02"}
        # A second start finds the files applied and changes nothing.
        assert context.provisions.ensure_seeded() == SeedReport()
    finally:
        context.close()


def test_rows_no_longer_shipped_go_unless_cited_and_changed_rows_are_updated(
    tmp_path: Path,
) -> None:
    context = build_context(str(tmp_path / "data"))
    try:
        context.cases.create(replace(CASE, provision_code="YF-05"))
        # A later catalogue without YF-05 (cited by the case) and YF-06 (cited by nothing), and
        # with YF-03's first tier changed.
        later = tmp_path / "later"
        shutil.copytree(SEED_DIR, later, ignore=shutil.ignore_patterns("*.json"))
        for name in ("provisions.csv", "provision_tiers.csv"):
            lines = (later / name).read_text(encoding="utf-8").splitlines(keepends=True)
            kept = [ln for ln in lines if not ln.startswith(("YF-05,", "YF-06,"))]
            text = "".join(kept)
            if name == "provision_tiers.csv":
                text = text.replace("YF-03,1,,警告、罚款,,fixed,5000,10000", "YF-03,1,,警告、罚款,,fixed,6000,10000")
            (later / name).write_text(text, encoding="utf-8")
        report = ProvisionService(context.uow_factory, later).ensure_seeded()
        assert report == SeedReport(updated=("YF-03",), removed=("YF-06",))
        with context.uow_factory(readonly=True) as uow:
            codes = set(uow.session.scalars(select(LegalProvision.code)))
        assert "YF-05" in codes and "YF-06" not in codes
        assert context.provisions.get("YF-03").tiers[0].min_fine_fen == 600_000
    finally:
        context.close()
