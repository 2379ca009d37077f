"""A warning about a row a table lacks names the table's file and sheet, where the user adds
it: a billed code with no market benchmark named no sheet and quoted the code as a value
("Benchmarks: no market benchmark for this code; ..., got '92526'")."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.loaders import load_folder, load_workbook_file
from ratecalc_workbook.builder import new_workbook

LONESTAR = Path(__file__).parents[1] / "data" / "lonestar"


def _without(tmp_path: Path, table: str, keep) -> Path:
    folder = tmp_path / "clinic"
    shutil.copytree(LONESTAR, folder)
    path = folder / f"{table}.csv"
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *[r for r in rows[1:] if keep(r)]])
    return folder


def _benchmark_warnings(data) -> list:
    return [p for p in analyze(data).warnings if "no market benchmark" in p.rule]


def test_a_code_without_benchmark_is_named_at_the_benchmarks_file(tmp_path):
    data, problems = load_folder(_without(tmp_path, "benchmarks", lambda r: r[0] != "97110"))
    assert data is not None and not [p for p in problems if p.severity == "error"]
    [warning] = _benchmark_warnings(data)
    assert warning.message == (
        "Benchmarks 'benchmarks.csv': no market benchmark for 97110 (no row gives one): the "
        "proposal asks the minimum increase for it; to compare it with the market, add a row "
        "for 97110 with its market rates")
    assert warning.value is None  # the code is not a value the table holds
    assert warning.as_dict()["file"] == "benchmarks.csv"


def test_in_a_workbook_it_names_the_benchmarks_sheet(tmp_path):
    data, _ = load_folder(_without(tmp_path, "benchmarks", lambda r: r[0] != "97161"))
    assert data is not None
    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    read, problems = load_workbook_file(book)
    assert read is not None and not [p for p in problems if p.severity == "error"]
    [warning] = _benchmark_warnings(read)
    assert (warning.location.file, warning.location.sheet) == ("clinic.xlsx", "Benchmarks")
    assert warning.message.startswith(
        "Benchmarks 'clinic.xlsx', sheet 'Benchmarks': no market benchmark for 97161 ")


def test_no_cost_per_visit_is_named_at_the_metrics_file(tmp_path):
    folder = _without(tmp_path, "metrics", lambda r: r[0] != "cost_per_visit")
    data, _ = load_folder(folder)
    assert data is not None
    [warning] = [p for p in analyze(data).warnings if "no cost per visit" in p.rule]
    assert warning.message.startswith("Clinic Metrics 'metrics.csv': no cost per visit")


DEMO = Path(__file__).parents[2] / "ratecalc" / "data" / "demo"


def test_a_payer_paid_below_its_contract_is_named_at_the_fee_schedules_file(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    data, _ = load_folder(folder)
    assert data is not None
    said = [p for p in analyze(data).warnings if "pays less than its contract" in p.rule]
    assert said
    assert {(p.location.file, p.location.sheet, p.location.row) for p in said} == {
        ("fee_schedules.csv", None, None)}
    assert said[0].message.startswith("Fee Schedules 'fee_schedules.csv': ")
