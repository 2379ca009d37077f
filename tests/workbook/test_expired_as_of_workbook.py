"""Into a workbook, market prices are judged "expired" on the workbook's analysis date, by one
rule (``ratecalc.market_rates.stats.expiry_day``) that every output of the flag uses: the
import's printed table, its ``--json`` and ``--out`` CSV, ``market-rates benchmark``'s, and the
Benchmarks rows written by either command or by the ribbon's import. They were judged on the
real date (or ``--as-of``), where every other comparison of the import was the workbook's: a
price good through a day after the workbook's date was flagged expired."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from ratecalc.medicare.store import newest_release
from ratecalc_cli.main import main
from ratecalc_workbook.imports import import_market_rates
from ratecalc_workbook.reader import read_workbook


def tic_with_expirations(path: Path, expirations: list[date]) -> Path:
    prices = [{"negotiated_type": "negotiated", "negotiated_rate": 31.5 + 2 * n,
               "expiration_date": day.isoformat(), "billing_class": "professional"}
              for n, day in enumerate(expirations)]
    path.write_text(json.dumps({
        "reporting_entity_name": "Test Plan", "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2025-09-01", "version": "1.0.0",
        "in_network": [{
            "negotiation_arrangement": "ffs", "name": "Therapy", "billing_code_type": "CPT",
            "billing_code_type_version": "2025", "billing_code": "97110", "description": "x",
            "negotiated_rates": [{"provider_groups": [{"npi": [1234567893], "tin": {
                "type": "ein", "value": "123456789"}}], "negotiated_prices": prices}]}]}))
    return path


def _benchmark_sources(book: Path) -> list[str]:
    data, _ = read_workbook(book)
    assert data is not None
    rows = data.benchmarks
    return rows[rows["source"].str.contains("Test Plan|TiC store")]["source"].tolist()


def test_every_output_judges_expiry_on_the_workbooks_date(demo_copy: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          told_today: date) -> None:
    data, _ = read_workbook(demo_copy)
    assert data is not None
    day = data.settings.analysis_date
    assert day is not None and day + timedelta(days=1) < told_today  # not the clock's day
    gone, good = day - timedelta(days=16), day + timedelta(days=1)  # good on the workbook's day
    tic = tic_with_expirations(tmp_path / "tic.json", [gone, good])
    flag = (f"expired: 1 of 2 prices past their expiration_date ({gone.isoformat()}) as of "
            f"{day.isoformat()}")
    books = {name: tmp_path / f"{name}.xlsx" for name in ("table", "json", "ribbon", "bench")}
    for book in books.values():
        shutil.copyfile(demo_copy, book)

    capsys.readouterr()
    assert main(["import", "market-rates", str(tic), "--workbook", str(books["table"]),
                 "--codes", "97110", "--quiet"]) == 0
    assert f"97110: {flag}" in capsys.readouterr().out

    out_csv, store = tmp_path / "import.csv", tmp_path / "store"
    assert main(["import", "market-rates", str(tic), "--workbook", str(books["json"]),
                 "--codes", "97110", "--quiet", "--json", "--out", str(out_csv),
                 "--store", str(store)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(r["n_expired"], r["flags"]) for r in shown] == [(1, [flag])]
    with out_csv.open(newline="") as handle:
        assert [(r["n_expired"], r["flags"]) for r in csv.DictReader(handle)] == [("1", flag)]

    import_market_rates(books["ribbon"], tic, codes=["97110"],
                        now=datetime.combine(told_today, time(9)))

    bench_csv = tmp_path / "bench.csv"
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110",
                 "--workbook", str(books["bench"]), "--json", "--out", str(bench_csv)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(r["n_expired"], r["flags"]) for r in shown] == [(1, [flag])] * 2
    with bench_csv.open(newline="") as handle:
        assert {(r["n_expired"], r["flags"]) for r in csv.DictReader(handle)} == {("1", flag)}
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110",
                 "--workbook", str(books["bench"])]) == 0
    assert f"97110 (all payers): {flag}" in capsys.readouterr().out

    for name, book in books.items():
        sources = _benchmark_sources(book)
        assert sources and all(s.endswith(f"; {flag}") for s in sources), (name, sources)


def test_as_of_asked_for_is_the_day_even_into_a_workbook(demo_copy: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    tic = tic_with_expirations(tmp_path / "tic.json", [date(2025, 6, 30), date(2025, 9, 30)])
    capsys.readouterr()
    assert main(["import", "market-rates", str(tic), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet", "--json", "--as-of", "2025-08-01"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["flags"] == [
        "expired: 1 of 2 prices past their expiration_date (2025-06-30) as of 2025-08-01"]


def _medicare_date(book: Path, day: date) -> int:
    """Type ``day`` into the workbook's Settings Medicare date; its row."""
    from openpyxl import load_workbook

    from ratecalc_workbook import layout

    row = layout.settings_row("medicare_date")
    wb = load_workbook(book)
    wb[layout.SETTINGS_SHEET].cell(row, 2).value = datetime(day.year, day.month, day.day)
    wb.save(book)
    return row


def test_benchmark_into_a_workbook_priced_past_the_bundled_data_is_not_refused(
        demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        told_today: date) -> None:
    """``market-rates benchmark --workbook`` writes market percentiles and prices no Medicare:
    it only reads the workbook's analysis date (for "expired"). It read it through the
    market-rate import's scope, which refuses a Settings Medicare date no release covers, so a
    workbook priced on 2027-03-01 (RVU26C covers 2026) had its benchmark refused (exit 3,
    "Medicare date: no Medicare data for 2027-03-01") by a command that shows no Medicare
    figure. The imports, which compare every price with Medicare, still refuse it in the same
    words, the command line's and the ribbon's alike, naming the Settings cell."""
    data, _ = read_workbook(demo_copy)
    assert data is not None
    day = data.settings.analysis_date
    assert day is not None
    # the bundled data's next year: past it on any day, however new the data bundled
    uncovered = date(newest_release().effective_to.year + 1, 3, 1)
    row = _medicare_date(demo_copy, uncovered)
    tic = tic_with_expirations(tmp_path / "tic.json",
                               [day - timedelta(days=16), day + timedelta(days=1)])
    store = tmp_path / "store"
    assert main(["import", "market-rates", str(tic), "--store", str(store), "--codes", "97110",
                 "--quiet", "--json"]) == 0
    capsys.readouterr()
    assert main(["market-rates", "benchmark", "--store", str(store), "--codes", "97110",
                 "--workbook", str(demo_copy), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {r["as_of"] for r in shown} == {"2025-09-01"}
    # judged on the workbook's analysis date still: the price good a day past it is not expired
    assert [r["n_expired"] for r in shown] == [1, 1]
    assert len(_benchmark_sources(demo_copy)) == 1

    said = (f"sheet 'Settings', row {row}, column B 'Value': Medicare date: no Medicare data "
            f"for {uncovered.isoformat()}")
    assert main(["import", "market-rates", str(tic), "--workbook", str(demo_copy),
                 "--codes", "97110", "--quiet"]) == 3
    assert said in " ".join(capsys.readouterr().err.split())
    from ratecalc.errors import NoMedicareDataError

    with pytest.raises(NoMedicareDataError, match=said.replace("(", r"\(")):
        import_market_rates(demo_copy, tic, codes=["97110"],
                            now=datetime.combine(told_today, time(9)))
