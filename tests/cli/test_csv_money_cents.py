"""Every CSV file a command writes writes its money to the cent: ``27.20``, ``865.00``, never
``27.2`` or ``865`` (a review found both: ``medicare.csv`` and the 835 line file's ``line_paid``
and ``claim_adjustment_share``, which the line writer's own list of money columns left out).

Each file is walked whole: every column must have a declared unit (so none escapes the rule),
and every money column's every value is blank or a number with two decimals.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ratecalc.column_units import Unit
from ratecalc.market_rates.stats import STAT_UNITS
from ratecalc.market_rates.store_query import RESULT_UNITS
from ratecalc.remittance.tables import ADJUSTMENT_UNITS, LINE_UNITS, PROVIDER_ADJUSTMENT_UNITS
from ratecalc.report import TABLE_UNITS
from ratecalc_cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data"
CENTS = re.compile(r"-?\d+\.\d\d")
MONEY = (Unit.MONEY, Unit.MONEY_CHANGE)


def _money_values(path: Path, units: dict[str, Unit]) -> list[tuple[str, str]]:
    """(column, value) of every money cell of the CSV at ``path``, its columns checked to be
    declared in ``units``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        header = list(reader.fieldnames or [])
    assert [c for c in header if c not in units] == [], path.name
    money = [c for c in header if units[c] in MONEY]
    return [(c, row[c]) for row in rows for c in money if row[c] != ""]


def _not_to_the_cent(values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(c, v) for c, v in values if not CENTS.fullmatch(v)]


def test_demo_out_writes_every_table_s_money_to_the_cent(demo_run) -> None:
    written = sorted(demo_run.files.glob("*.csv"))
    assert {p.stem for p in written} == set(TABLE_UNITS)
    checked = 0
    for path in written:
        values = _money_values(path, TABLE_UNITS[path.stem])
        assert _not_to_the_cent(values) == [], path.name
        checked += len(values)
    assert checked > 1000  # the tables' money, not an empty walk


def test_import_remittances_out_writes_money_to_the_cent(tmp_path: Path, capsys) -> None:
    # managed-care: SVC03 500 with a claim-level CO-A2 50 (line_paid 500 and
    # claim_adjustment_share 50 were written "500" and "50"); tigershark: a claim-level PR
    out = tmp_path / "lines.csv"
    assert main(["import", "remittances",
                 str(DATA / "x12_835" / "linuxforhealth_x12" / "managed-care.835"),
                 str(DATA / "x12_835" / "tigershark" / "835-example-2.txt"),
                 "--out", str(out)]) in (0, 1)
    capsys.readouterr()
    files = {out: LINE_UNITS, tmp_path / "lines_adjustments.csv": ADJUSTMENT_UNITS,
             tmp_path / "lines_provider_adjustments.csv": PROVIDER_ADJUSTMENT_UNITS}
    assert set(tmp_path.glob("*.csv")) == set(files)
    for path, units in files.items():
        values = _money_values(path, units)
        assert _not_to_the_cent(values) == [], path.name
    lines = _money_values(out, LINE_UNITS)
    assert ("line_paid", "500.00") in lines and ("claim_adjustment_share", "50.00") in lines


def test_import_market_rates_and_benchmark_out_write_money_to_the_cent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    sample = (DATA / "tic" / "cms_examples"
              / "in-network-rates-fee-for-service-single-plan-sample.json")
    out, store = tmp_path / "market.csv", tmp_path / "store"
    assert main(["import", "market-rates", str(sample), "--codes", "27447,27448", "--out",
                 str(out), "--store", str(store), "--quiet"]) == 0
    bench = tmp_path / "bench.csv"
    assert main(["market-rates", "benchmark", "--store", str(store), "--out", str(bench)]) == 0
    capsys.readouterr()
    for path, units in ((out, STAT_UNITS), (bench, RESULT_UNITS)):
        values = _money_values(path, units)
        assert values, path.name
        assert _not_to_the_cent(values) == [], path.name
    # 27447's plain prices 1230.45 and 120.45: the p25 397.95, the median 675.45
    assert ("median", "675.45") in _money_values(out, STAT_UNITS)
