"""``ratecalc import market-rates``: JSON per code, CSV out, filters, progress, clear errors."""

from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ratecalc_cli.import_market_rates import progress_bars
from ratecalc_cli.main import main

TIC = Path(__file__).resolve().parents[1] / "data" / "tic"
FFS = TIC / "cms_examples" / "in-network-rates-fee-for-service-single-plan-sample.json"
EVRY_JAN = TIC / "evry_health" / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json"
EVRY_JUNE = TIC / "evry_health" / "evry-2025-06-23-in-network-rates.THERAPY_SUBSET.json.gz"


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict]:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_json_prints_one_object_per_code(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, ["import", "market-rates", str(FFS), "--codes", "27447,27448",
                             "--json"])
    # the plain code first; a modifier combination is its own row, after it
    assert [r["code"] for r in rows if r["modifiers"] == ""] == ["27447", "27448"]
    first = rows[0]
    assert first["modifiers"] == ""
    # plain prices 1230.45 and 120.45; the 123.45 price carries modifier AS: its own row
    assert (first["n_prices"], first["n_providers"], first["min"], first["median"],
            first["max"]) == (2, 5, 120.45, 675.45, 1230.45)
    assert first["p25"] == 397.95  # 120.45 + 0.25 * 1110.00
    modified = [r for r in rows if r["modifiers"]]
    assert [(r["code"], r["modifiers"], r["median"]) for r in modified] == \
        [("27447", "AS", 123.45)]
    for key in ("p75", "p90", "median_provider_weighted", "medicare_amount", "pct_of_medicare",
                "n_outliers", "n_ghost", "flags", "other_rates"):
        assert key in first


def test_filters_and_medicare_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, ["import", "market-rates", str(EVRY_JUNE), "--codes", "97110",
                             "--billing-class", "institutional", "--locality", "10112-00",
                             "--date", "2025-06-01", "--json", "--quiet"])
    (row,) = rows
    assert row["medicare_amount"] == 26.83
    assert row["pct_of_medicare"] == pytest.approx(row["median"] / 26.83, abs=5e-5)
    rows = run_json(capsys, ["import", "market-rates", str(EVRY_JUNE), "--codes", "97110",
                             "--billing-class", "professional", "--json"])
    assert rows[0]["n_prices"] == 0  # Evry publishes therapy codes as institutional only


def test_the_locality_used_is_printed_by_its_id_and_name(
        capsys: pytest.CaptureFixture[str]) -> None:
    # the walk: "--locality 94110" printed "Medicare: locality 94110", not the locality priced
    assert main(["import", "market-rates", str(EVRY_JUNE), "--codes", "97110",
                 "--billing-class", "institutional", "--locality", "94110",
                 "--date", "2026-03-01", "--quiet"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Medicare:")]
    assert lines == ["Medicare: locality 01112-05 SAN FRANCISCO-OAKLAND-BERKELEY (SAN "
                     "FRANCISCO/SAN MATEO/ALAMEDA/CONTRA COSTA CNTY), non-facility, date of "
                     "service 2026-03-01"]


def test_out_writes_rounded_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "market.csv"
    assert main(["import", "market-rates", str(EVRY_JAN), "--codes", "97110,97530",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "97110" in text and "read by the fast path" in text
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["code"] for r in rows] == ["97110", "97530"]
    for r in rows:
        for column in ("min", "p25", "median", "p75", "p90", "max"):
            assert len(r[column].partition(".")[2]) <= 2  # cents
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


@pytest.mark.parametrize(
    ("argv", "message", "code"),
    [
        # missing or malformed arguments: exit 2; a locality CMS does not have: bad data, 3
        (["--date", "2025-01-01"], "--date sets the Medicare fee schedule's date: give "
         "--locality too", 2),
        (["--locality", "10112-00", "--date", "2025-13-45"], "--date: expected a date such as "
         "2025-05-01 or 05/01/2025", 2),
        (["--locality", "99999-99"], "--locality", 3),
    ],
)
def test_bad_arguments(capsys: pytest.CaptureFixture[str], argv: list[str], message: str,
                       code: int) -> None:
    assert main(["import", "market-rates", str(EVRY_JAN), "--codes", "97110", *argv]) == code
    assert message in capsys.readouterr().err


def test_errors_name_file_and_byte_without_traceback(tmp_path: Path) -> None:
    data = gzip.decompress(EVRY_JUNE.read_bytes())
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[:5000])
    done = subprocess.run([sys.executable, "-m", "ratecalc_cli.main", "import", "market-rates",
                           str(cut), "--codes", "97110"], capture_output=True, text=True)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert "cut.json': the JSON ends at byte 5,000" in done.stderr


def test_progress_bar_shows_bytes_and_rate(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bars(True, delay=0.0) as factory:
        assert factory is not None
        update = factory("reading", 12 * 1024 * 1024)
        update(3 * 1024 * 1024)
        meter = str(update.__self__)  # type: ignore[attr-defined]  # the bar's current line
    assert meter.startswith("reading:  25%") and "3.00M/12.0M" in meter and "B/s]" in meter
    assert "reading" in capsys.readouterr().err  # drawn on stderr


def test_no_progress_bar_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "market-rates", str(EVRY_JUNE), "--codes", "97110"]) == 0
    assert "B/s" not in capsys.readouterr().err
    with progress_bars(False) as factory:
        assert factory is None


def test_plan_id_on_a_file_named_itself_says_it_was_read_whole(
        capsys: pytest.CaptureFixture[str]) -> None:
    """--plan-id picks files from tables of contents: on an in-network file named directly it
    was ignored without a word, and every price imported."""
    assert main(["import", "market-rates", str(EVRY_JUNE), "--codes", "97110",
                 "--plan-id", "NOPE"]) == 0
    assert (f"note: --plan-id picks the files a table of contents lists for those plans; "
            f"{EVRY_JUNE.name} was named itself, so every price in it was read"
            in capsys.readouterr().err)
