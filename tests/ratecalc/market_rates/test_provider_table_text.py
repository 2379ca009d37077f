"""The providers table ``market-rates providers --out`` writes is a CSV a user may open in a
spreadsheet: NPPES's own text (a practice location's state) is written as text, never as a
cell starting = + - @ (the State field was copied as it was, '=HYPERLINK("HTTP://X")')."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ratecalc.market_rates.nppes import build_provider_table, load_provider_table
from tests.hostile import NAMES, unsafe_csv_cells
from tests.ratecalc.market_rates import test_nppes_region as sample


@pytest.mark.parametrize("state", NAMES)
def test_a_state_that_starts_like_a_formula_is_written_as_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    people = list(sample.PEOPLE)
    npi, entity, _, zip_code, off, back, taxonomies = people[0]
    people[0] = (npi, entity, state, zip_code, off, back, taxonomies)
    monkeypatch.setattr(sample, "PEOPLE", people)
    monkeypatch.setattr(sample, "SECONDARY", [("1000000003", state, "07030")])
    nppes = sample.nppes_zip(tmp_path / "nppes.zip")
    table = tmp_path / "providers.csv"
    build_provider_table(nppes, table)
    assert unsafe_csv_cells(table) == []
    read = load_provider_table(table)
    assert set(read["npi"]) >= {"1000000001", "1000000003"}  # the rows are there, as text
    assert "'" + state.upper() in set(read["state"])


@pytest.mark.parametrize("state", ["T\rX", "T\nX", "T\r\nX"])
def test_a_state_holding_a_line_break_stays_in_its_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    """A line break inside NPPES's state field (hostile-17): a bare carriage return went out
    unquoted and split the row, in a spreadsheet and in ``--providers`` alike."""
    people = list(sample.PEOPLE)
    npi, entity, _, zip_code, off, back, taxonomies = people[0]
    people[0] = (npi, entity, state, zip_code, off, back, taxonomies)
    monkeypatch.setattr(sample, "PEOPLE", people)
    monkeypatch.setattr(sample, "SECONDARY", [])
    nppes = sample.nppes_zip(tmp_path / "nppes.zip")
    table = tmp_path / "providers.csv"
    summary = build_provider_table(nppes, table)
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == summary.locations + 1
    assert {len(row) for row in rows} == {len(rows[0])}
    read = load_provider_table(table)
    assert len(read) == summary.locations
    assert state.upper() in set(read["state"])
