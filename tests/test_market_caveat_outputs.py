"""Every output row showing a figure built on a market of facility (TiC billing class
institutional) or expired prices says so, in the words of the one rule
(``ratecalc.market_caveats.market_caveat``): the Comparison's rows (sheet, comparison.csv) per
code, the Priorities' (sheet, priorities.csv, summary.json, ``analyze --json``) per payer, and
summary.json's dollars below market. Only the Benchmarks' Source, the Proposal's reasons, the
warnings and the letter said it; a Comparison row showed "Market $36.36" and its gap with no
word that the figure is a hospital's expired price. Failed before the fix (no such column).

The book, as a user makes it: the demo's tables as of TODAY without their survey rows for
97110 and 97140, whose market is then imported from Evry Health's therapy file (every price
billing class institutional, every one expiring 2025-12-31) with ``--billing-class
institutional``: 97110 judged on 2025-12-30 (``--as-of``, before the prices expired), 97140 on
the workbook's analysis date (after). Lakeside bills neither code (0 units a year): its dollars
below market are built on no caveated figure.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from ratecalc.demo import demo_data
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from ratecalc_workbook.page_layout import MIN_PRINT_PERCENT, PRINTABLE_IN, drawn_width_in

from .clinics import sheet_table


def _header_row(book: Path, sheet: str) -> list[object]:
    """The result sheet's header row, the read-only book closed after (it keeps its file open)."""
    book_read = load_workbook(book, read_only=True)
    try:
        return [c.value for c in next(book_read[sheet].iter_rows(
            min_row=layout.HEADER_ROW, max_row=layout.HEADER_ROW))]
    finally:
        book_read.close()


TODAY = date(2026, 12, 3)  # the analysis date, given as an argument (a day RVU26C covers)
EVRY = (Path(__file__).parent / "data" / "tic" / "evry_health"
        / "evry-2025-06-23-in-network-rates.THERAPY_SUBSET.json.gz")
BEFORE_EXPIRY = date(2025, 12, 30)  # the file's expiration_date is 2025-12-31
LAKESIDE = "Lakeside Health Partners"

# the words, written out by hand from the rule's parts
FACILITY = "facility prices (billing class institutional), not professional fees"
FACILITY_EXPIRED = f"{FACILITY}; prices that expired 2025-12-31"
SAID = {"97110": FACILITY, "97140": FACILITY_EXPIRED}
PAYER_SAID = f"97110: {FACILITY}. 97140: {FACILITY_EXPIRED}"


def _words(value: object) -> str:
    """A text as read: a sheet wraps long text at its column's width (a line break for a
    space), a CSV reader and a blank cell give nothing for none."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) \
        else " ".join(str(value).split())


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("caveats")
    data = demo_data(TODAY)
    bench = data.benchmarks
    volumes = data.volumes.copy()
    unbilled = (volumes["payer"] == LAKESIDE) & volumes["code"].isin(list(SAID))
    assert unbilled.sum() == 2
    volumes.loc[unbilled, ["units_per_year", "visits"]] = 0
    data = replace(data, benchmarks=bench[~bench["code"].isin(list(SAID))], volumes=volumes)
    write_clinic_tables(data, tmp / "tables")
    book = tmp / "book.xlsx"
    assert main(["workbook", "new", str(book), "--from", str(tmp / "tables")]) in (0, 1)
    assert main(["import", "market-rates", str(EVRY), "--codes", "97110", "--billing-class",
                 "institutional", "--as-of", BEFORE_EXPIRY.isoformat(), "--workbook", str(book),
                 "--quiet"]) in (0, 1)
    assert main(["import", "market-rates", str(EVRY), "--codes", "97140", "--billing-class",
                 "institutional", "--workbook", str(book), "--quiet"]) in (0, 1)
    assert main(["refresh", str(book)]) in (0, 1)
    return {"book": book, "volumes": volumes, "out": tmp / "out"}


def _billed(volumes: pd.DataFrame) -> dict[str, list[str]]:
    rows = volumes[volumes["units_per_year"] > 0]
    return {str(p): sorted(g["code"].astype(str)) for p, g in rows.groupby("payer")}


def _payer_said(volumes: pd.DataFrame, payer: str) -> str:
    """By hand: the payer's billed codes among 97110 and 97140, each with its words."""
    codes = [c for c in _billed(volumes).get(payer, []) if c in SAID]
    return ". ".join(f"{c}: {SAID[c]}" for c in codes)


def test_the_book_is_as_described(made: dict) -> None:  # type: ignore[type-arg]
    volumes = made["volumes"]
    assert _payer_said(volumes, "Summit BlueCare PPO") == PAYER_SAID
    assert _payer_said(volumes, LAKESIDE) == ""


def test_comparison_sheet_and_csv_say_each_codes_caveat(
        made: dict, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    book, out = made["book"], made["out"]
    assert main(["analyze", str(book), "--out", str(out)]) in (0, 1)
    capsys.readouterr()
    csv = pd.read_csv(out / "comparison.csv", dtype={"code": str}, keep_default_na=False)
    sheet = sheet_table(book, layout.COMPARISON_TABLE).astype({"code": str})
    for table in (csv, sheet):
        assert len(table) > 0
        said = {(r.payer, r.code): _words(r.market_caveat) for r in table.itertuples()}
        expected = {(r.payer, r.code): SAID.get(r.code, "") for r in table.itertuples()}
        assert said == expected
        # Lakeside's 0-unit rows still show the market figure and its gap: they say it too
        assert said[(LAKESIDE, "97140")] == FACILITY_EXPIRED
    # the new column is the last: no column a user's formula or a script reads moved
    assert list(csv.columns)[-2:] == ["medicare_label", "market_caveat"]
    headers = _header_row(book, layout.COMPARISON)
    assert [h for h in headers if h is not None][-2:] == ["Notes", "Market caveat"]


def test_priorities_sheet_csv_and_json_say_each_payers_caveated_codes(
        made: dict, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    book, out, volumes = made["book"], made["out"], made["volumes"]
    assert main(["analyze", str(book), "--out", str(out), "--json"]) in (0, 1)
    printed = json.loads(capsys.readouterr().out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    csv = pd.read_csv(out / "priorities.csv", keep_default_na=False)
    sheet = sheet_table(book, layout.PRIORITIES_TABLE)
    payers = set(_billed(volumes))
    for rows in (list(csv.itertuples()), list(sheet.itertuples())):
        said = {r.payer: _words(r.market_caveat) for r in rows}
        assert said == {p: _payer_said(volumes, p) for p in payers}
        assert said[LAKESIDE] == ""
    for doc in (summary, printed):
        said = {p["payer"]: p["market_caveat"] for p in doc["priorities"]}
        assert said == {p: _payer_said(volumes, p) for p in payers}
        # the clinic's dollars below market are built on both codes' figures
        assert doc["market_caveat"] == PAYER_SAID
    assert list(csv.columns)[-1] == "market_caveat"
    headers = _header_row(book, layout.PRIORITIES)
    assert [h for h in headers if h is not None][-2:] == ["Notes", "Market caveat"]


def test_the_benchmarks_source_and_the_proposals_reasons_say_the_same_of_the_same_codes(
        made: dict, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[type-arg]
    """The outputs that said it before the Market caveat column, in the same book: the
    Benchmarks' Source (the import's words) names the facility claims of both codes and the
    expired prices of 97140 alone, and each Proposal ask built on a caveated market ends with the
    rule's words for its code (sheet and proposal.csv), the same words the Comparison says."""
    book, out = made["book"], made["out"]
    bench = sheet_table(book, layout.BENCHMARKS_TABLE).astype({"code": str})
    source = {r.code: _words(r.source) for r in bench.itertuples() if r.code in SAID}
    assert set(source) == set(SAID)
    assert all("billing class institutional" in s for s in source.values())
    assert ["expiration_date (2025-12-31)" in source[c] for c in sorted(SAID)] == [False, True]
    assert main(["analyze", str(book), "--out", str(out)]) in (0, 1)
    capsys.readouterr()
    csv = pd.read_csv(out / "proposal.csv", dtype={"code": str}, keep_default_na=False)
    sheet = sheet_table(book, layout.PROPOSAL_TABLE).astype({"code": str})
    for table in (csv, sheet):
        reasons = [(r.code, _words(r.reason)) for r in table.itertuples()]
        said = [(code, why) for code, why in reasons if "(market: " in why]
        # every ask of the two codes here is built on the market (the demo's rates are far below it)
        assert sorted({code for code, _ in said}) == sorted(SAID)
        assert all(why.endswith(f"(market: {SAID[code]})") for code, why in said)
        assert not any("facility prices" in why for code, why in reasons if code not in SAID)


def _pages_across(ws) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The printed pages across of ``ws``'s table: (first, last column) of each, by its column
    breaks (the sheet prints at a fixed scale) or one page when fitted one page wide."""
    first, _, last, _ = range_boundaries(next(iter(ws.tables.values())).ref)
    ends = sorted(b.id for b in ws.col_breaks.brk if first <= b.id < last)
    starts = [first, *(e + 1 for e in ends)]
    return list(zip(starts, [*ends, last], strict=True))


@pytest.mark.parametrize("sheet", [layout.PRIORITIES, layout.COMPARISON])
def test_a_book_with_caveats_prints_two_pages_across_at_most(made: dict,  # type: ignore[type-arg]
                                                              sheet: str) -> None:
    """The Market caveat prints on a page with figures of its row, each page at a readable
    scale: Priorities printed three pages across (Rank, Payer, Notes and Market caveat alone
    on the third, rendered by LibreOffice), its caveat fitted to its text 86 characters wide."""
    ws = load_workbook(made["book"])[sheet]
    pages = _pages_across(ws)
    assert len(pages) <= 2 and (ws.page_setup.fitToWidth or 1) <= 2
    caveat = layout.PRIORITIES_TABLE.col("market_caveat") if sheet == layout.PRIORITIES \
        else layout.COMPARISON_TABLE.col("market_caveat")
    [page] = [p for p in pages if p[0] <= caveat <= p[1]]
    own = {layout.PRIORITIES: ("end_date", "deadline_note"),
           layout.COMPARISON: ("gap_to_benchmark", "dollars_at_stake")}[sheet]
    spec = layout.PRIORITIES_TABLE if sheet == layout.PRIORITIES else layout.COMPARISON_TABLE
    # the page holding the caveat holds figures of the row too, not the Notes alone
    assert all(page[0] <= spec.col(key) <= page[1] for key in own)
    scale = (ws.page_setup.scale or 100) / 100
    repeated = 1 if ws.print_title_cols is None else 2
    for first, last in pages:
        # a page after the first repeats the payer (and code) beside its columns
        beside = [] if first == pages[0][0] else list(range(1, repeated + 1))
        drawn = sum(drawn_width_in(ws, c) for c in [*beside, *range(first, last + 1)]) * scale
        assert drawn <= PRINTABLE_IN[ws.page_setup.orientation or "portrait"], (first, last)
    assert scale >= MIN_PRINT_PERCENT / 100
