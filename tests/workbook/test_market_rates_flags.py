"""Market-rate imports say where their prices come from and flag the expired ones.

The reviewer's case, on the real Evry Health file (a Texas plan): ``import market-rates
--workbook WB --billing-class institutional`` wrote Benchmarks rows whose Region was the
clinic's Medicare locality (10112-00, Alabama), though the file was read whole, not filtered by
region; and every therapy price in it expired on 2025-12-31, which nothing said. The Region now
says what the prices are (the --region they were filtered by, else "not filtered by region
(payer)"); a price whose expiration_date is before "today" is counted and flagged in the
import's table, --json, CSV and the Benchmarks rows' source, with a warning saying how many
and when. ``market-rates benchmark`` flags a facility's prices as the import does, in its
words (one function).

The test file is the January 2025 subset of Evry's file (every price expires
2025-12-31T00:00:00); the counts are read from it here by plain ``json``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.market_rates import ExtractOptions, market_rates_report
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import layout
from ratecalc_workbook.reader import read_workbook
from tests.workbook.conftest import open_book

DATA = Path(__file__).parent.parent / "data"
EVRY = DATA / "tic" / "evry_health" / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json"
#: When the file's prices expire: the day their expiration_date names.
EXPIRES = date(2025, 12, 31)
FACILITY = ("facility claims: {n} of {n} prices billing class institutional (facility claim), "
            "not a professional fee")


def _prices_in_file(code: str) -> int:
    """The code's plain dollar prices in the file, counted without RateCalc's reader."""
    doc = json.loads(EVRY.read_text())
    return sum(1 for item in doc["in_network"] if item["billing_code"] == code
               for rate in item["negotiated_rates"] for price in rate["negotiated_prices"]
               if price["negotiated_type"] in ("negotiated", "fee schedule")
               and not price.get("billing_code_modifier")
               and price["expiration_date"][:10] == EXPIRES.isoformat())


def _set_analysis_date(book: Path, day: date) -> None:
    """Into a workbook, prices are judged expired on its analysis date (``expiry_day``)."""
    wb = open_book(book)
    wb[layout.SETTINGS_SHEET].cell(row=layout.settings_row("analysis_date"),
                                   column=2).value = datetime.combine(day, datetime.min.time())
    wb.save(book)


def _expired(n: int, today: date) -> str:
    return (f"expired: {n} of {n} prices past their expiration_date ({EXPIRES.isoformat()}) "
            f"as of {today.isoformat()}")



def _facility(n: int) -> str:
    """The facility-claims flag a Benchmarks row's Source keeps beside the expired one
    (walk-fixes-8: every output that uses the figure says it is a facility's price)."""
    return (f"facility claims: {n} of {n} prices billing class institutional (facility "
            f"claim), not a professional fee")

@pytest.mark.parametrize("days_after", [1, 400])
def test_prices_past_their_expiration_date_are_flagged_as_of_today(days_after: int) -> None:
    n = _prices_in_file("97110")
    assert n == 29
    today = EXPIRES + timedelta(days=days_after)
    report = market_rates_report(EVRY, ExtractOptions.build(codes=["97110"],
                                                            billing_class="institutional"),
                                 today=today)
    row = report.stats.codes.set_index("code").loc["97110"]
    assert (row["n_prices"], row["n_expired"]) == (n, n)
    assert _expired(n, today) in row["flags"]
    assert report.expired_warning() == (
        f"{n} of the {n} dollar prices expired (expiration_date {EXPIRES.isoformat()}, before "
        f"{today.isoformat()}): they are still in the statistics, flagged 'expired' per code; "
        f"the payer's current file may differ")
    (bench,) = report.benchmark_rows().to_dict(orient="records")
    assert bench["source"] == (f"TiC in-network file {EVRY.name} (Evry Health); "
                               f"{_facility(n)}; {_expired(n, today)}")
    assert bench["region"] == "not filtered by region (Evry Health)"


def test_a_price_is_good_through_its_expiration_date() -> None:
    report = market_rates_report(EVRY, ExtractOptions.build(codes=["97110"],
                                                            billing_class="institutional"),
                                 today=EXPIRES)
    row = report.stats.codes.set_index("code").loc["97110"]
    assert row["n_expired"] == 0
    assert not [f for f in row["flags"] if f.startswith("expired")]
    assert report.expired_warning() is None
    assert report.benchmark_rows()["source"].tolist() == [
        f"TiC in-network file {EVRY.name} (Evry Health); {_facility(29)}"]


@pytest.fixture
def today(told_today: date) -> date:
    """The day the command reads the file on (the command's "today": the product's clock, set
    by ``told_today`` to a day the bundled Medicare data covers, so one day for the whole test
    whatever the machine's clock shows): its prices expired long before."""
    return told_today


def test_every_output_of_the_import_flags_expired_prices(
        demo_copy: Path, tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]
) -> None:
    n = _prices_in_file("97110")
    argv = ["import", "market-rates", str(EVRY), "--codes", "97110", "--quiet",
            "--billing-class", "institutional"]
    warning = (f"warning: {n} of the {n} dollar prices expired (expiration_date "
               f"{EXPIRES.isoformat()}, before {today.isoformat()})")
    # the table: an Expired column and the code's flag under it; the warning on stderr
    assert main(argv) == ExitCode.OK
    out, err = capsys.readouterr()
    header = next(line for line in out.splitlines() if line.split()[:1] == ["Code"])
    assert header.split()[-1] == "Expired"
    assert f"  97110: {_expired(n, today)}" in out.splitlines()
    assert warning in err
    # --json
    assert main([*argv, "--json"]) == ExitCode.OK
    (record,) = json.loads(capsys.readouterr().out)
    assert record["n_expired"] == n and _expired(n, today) in record["flags"]
    # --out CSV
    csv_path = tmp_path / "market.csv"
    assert main([*argv, "--out", str(csv_path)]) == ExitCode.OK
    capsys.readouterr()
    csv = pd.read_csv(csv_path, dtype={"code": str}).set_index("code")
    assert csv.loc["97110", "n_expired"] == n
    assert _expired(n, today) in csv.loc["97110", "flags"].split(" | ")
    # the workbook's rows: where the prices come from, and the flag in their source, judged on
    # the workbook's analysis date (the demo's 2025-12-01 is before EXPIRES: set it to today)
    _set_analysis_date(demo_copy, today)
    assert main([*argv, "--workbook", str(demo_copy)]) == ExitCode.OK
    assert warning in capsys.readouterr().err
    rows = read_workbook(demo_copy)[0].benchmarks
    added = rows[rows["source"].str.contains("Evry")]
    assert added["region"].tolist() == ["not filtered by region (Evry Health)"]
    assert added["source"].tolist() == [
        f"TiC in-network file {EVRY.name} (Evry Health); {_facility(n)}; {_expired(n, today)}"]


def test_the_ribbons_import_flags_them_as_of_its_now(demo_copy: Path) -> None:
    from ratecalc_workbook.imports import import_market_rates

    n = _prices_in_file("97110")
    now = datetime(EXPIRES.year + 1, 3, 1, 9, 0)
    _set_analysis_date(demo_copy, now.date())  # the day the workbook's prices are judged on
    outcome = import_market_rates(demo_copy, EVRY, codes=["97110"], now=now,
                                  billing_class="institutional")
    assert outcome.appended["benchmarks"] == 1
    assert f"Benchmarks: {n} of the {n} dollar prices expired" in " ".join(
        p.message for p in outcome.problems)
    rows = read_workbook(demo_copy)[0].benchmarks
    added = rows[rows["source"].str.contains("Evry")]
    assert added["region"].tolist() == ["not filtered by region (Evry Health)"]
    assert added["source"].str.endswith(_expired(n, now.date())).all()


def test_benchmark_flags_a_facilitys_prices_as_the_import_does(
        tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    n = _prices_in_file("97110")
    store = tmp_path / "store"
    assert main(["import", "market-rates", str(EVRY), "--codes", "97110", "--store",
                 str(store), "--quiet", "--json"]) == ExitCode.OK
    (imported,) = json.loads(capsys.readouterr().out)
    facility = FACILITY.format(n=n)
    assert facility in imported["flags"]
    # without --billing-class the store's benchmark pools every class: it says so the same way
    assert main(["market-rates", "benchmark", "--store", str(store), "--json"]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)
    assert [r["payer"] for r in rows] == ["all payers", "Evry Health"]
    for row in rows:
        assert row["flags"] == [facility, _expired(n, today)]
        assert row["n_expired"] == n
    assert main(["market-rates", "benchmark", "--store", str(store)]) == ExitCode.OK
    out = capsys.readouterr().out.splitlines()
    assert f"  97110 (all payers): {facility}" in out
    assert f"  97110 (Evry Health): {_expired(n, today)}" in out
    csv_path = tmp_path / "bench.csv"
    assert main(["market-rates", "benchmark", "--store", str(store), "--out",
                 str(csv_path)]) == ExitCode.OK
    capsys.readouterr()
    csv = pd.read_csv(csv_path)
    assert csv["flags"].tolist() == [f"{facility} | {_expired(n, today)}"] * 2


def test_the_region_filtered_by_is_the_rows_region(demo_copy: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """With --region the prices are those of providers practising there: the Region says it
    (the clinic's locality, 10112-00, was written whatever the region)."""
    from tests.ratecalc.market_rates.test_nppes_region import nppes_zip
    from tests.ratecalc.market_rates.tic_server import TicServer, dumps, in_network

    table = tmp_path / "providers.csv"
    assert main(["market-rates", "providers", str(nppes_zip(tmp_path / "NPPES.zip")),
                 "--out", str(table), "--quiet"]) == ExitCode.OK
    server = TicServer().start()
    try:
        server.files["/a.json"] = dumps(in_network("Acme Health", [
            ("97110", [(40.0, [1000000001]), (44.0, [1000000003])])]))
        assert main(["import", "market-rates", server.url("/a.json"), "--codes", "97110",
                     "--region", "02139", "--providers", str(table), "--jobs", "1",
                     "--retries", "0", "--quiet", "--workbook", str(demo_copy)]) == ExitCode.OK
    finally:
        server.stop()
    capsys.readouterr()
    rows = read_workbook(demo_copy)[0].benchmarks
    added = rows[rows["source"].str.contains("Acme")]
    # NPI 1000000001 practises in 02139: its $40.00 alone
    assert added[["code", "region", "p50"]].to_dict(orient="records") == [
        {"code": "97110", "region": "02139", "p50": 40.0}]


@pytest.mark.parametrize("days_after", [0, 1])
def test_as_of_names_the_day_prices_are_checked_against(
        days_after: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--as-of`` takes the command's "today" as an argument, as the core does: on the day a
    price expires it is still good; the day after, every output calls it expired, as of then."""
    pytest.importorskip("duckdb")
    n = _prices_in_file("97110")
    as_of = EXPIRES + timedelta(days=days_after)
    store = tmp_path / "store"
    argv = ["import", "market-rates", str(EVRY), "--codes", "97110", "--quiet", "--json",
            "--as-of", as_of.isoformat(), "--store", str(store)]
    assert main(argv) == ExitCode.OK
    (record,) = json.loads(capsys.readouterr().out)
    assert record["n_expired"] == (n if days_after else 0)
    assert (_expired(n, as_of) in record["flags"]) == bool(days_after)
    assert main(["market-rates", "benchmark", "--store", str(store), "--json", "--as-of",
                 as_of.isoformat()]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)
    assert [r["n_expired"] for r in rows] == [n if days_after else 0] * 2
    assert [(_expired(n, as_of) in r["flags"]) for r in rows] == [bool(days_after)] * 2
