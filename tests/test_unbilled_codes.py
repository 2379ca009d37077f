"""A code on a payer's fee schedule that the practice did not bill to that payer in the period
(no units a year on its Volumes) is asked no raise: the letter, the Proposal sheet and
proposal.csv agree (one rule, ``ratecalc.proposal.hold_unbilled``).

The letter asked raises on such codes ("the 16 services ... 15 of which we billed"): a request
with no volume behind it, worth $0.00 a year, that a payer's analyst reads as padding. Each
output now keeps its current rate as the rate to ask, says why in the same words, and the
letter lists it apart, under its table, as not billed in the period.

By hand, from the inputs: the demo's tables with two rows added to fee_schedules.csv,
Summit's 97750 at $40.00 and Cardinal's 97750 at $35.00 (from 2025-01-01); volumes.csv
bills 97750 to neither, and every other code on their schedules is billed to them. Summit's
fixed contract pays the $40.00; Cardinal's pays 88% of Medicare's amount for 97750.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.loaders import load_folder, require
from ratecalc.money import round_cents
from ratecalc.proposal import NOT_BILLED_NOTE
from ratecalc.report import write_results
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout

from .clinics import sheet_table, tables_and_refreshed_book

SUMMIT, CARDINAL = "Summit BlueCare PPO", "Cardinal Employers Trust"
ADDED = {(SUMMIT, "97750"): 40.00, (CARDINAL, "97750"): 35.00}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    with (folder / "fee_schedules.csv").open("a", encoding="utf-8") as f:
        for (payer, code), rate in ADDED.items():
            f.write(f"{payer},{code},,{rate:.2f},2025-01-01\n")
    return folder


def _unbilled_from_inputs(folder: Path) -> set[tuple[str, str]]:
    """The payer and code pairs on a fee schedule with no units billed, read from the files."""
    fees = pd.read_csv(folder / "fee_schedules.csv", dtype=str)
    volumes = pd.read_csv(folder / "volumes.csv", dtype={"code": str})
    billed = set(zip(volumes.loc[volumes["units_per_year"] > 0, "payer"],
                     volumes.loc[volumes["units_per_year"] > 0, "code"], strict=True))
    return set(zip(fees["payer"], fees["code"], strict=True)) - billed


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("unbilled")
    folder = _folder(tmp)
    data = require(load_folder(folder))
    analysis = analyze(data)
    write_results(analysis, tmp / "out")
    _, book = tables_and_refreshed_book(data, tmp / "book")
    return {"folder": folder, "analysis": analysis,
            "csv": pd.read_csv(tmp / "out" / "proposal.csv", dtype={"code": str}),
            "sheet": sheet_table(book, layout.PROPOSAL_TABLE).astype({"code": str}),
            "letters": {p: build_letter(analysis, p) for p in (SUMMIT, CARDINAL)}}


def test_the_unbilled_codes_are_those_of_the_inputs(shown: dict) -> None:  # type: ignore[type-arg]
    assert _unbilled_from_inputs(shown["folder"]) == set(ADDED)


def test_proposal_csv_and_sheet_ask_nothing_of_an_unbilled_code(
        shown: dict) -> None:  # type: ignore[type-arg]
    for table in (shown["csv"], shown["sheet"]):
        rows = table.set_index(["payer", "code"])
        # Summit's fixed contract pays its schedule's $40.00; Cardinal's pays 88% of Medicare
        # whatever its schedule says (its $35.00 is checked against the contract instead)
        assert rows.loc[(SUMMIT, "97750"), "current_rate"] == 40.00
        cardinal = rows.loc[(CARDINAL, "97750")]
        assert cardinal["current_rate"] == float(
            round_cents(0.88 * float(cardinal["medicare_amount"])))
        for key in ADDED:
            # the current rate stands
            assert rows.loc[key, "proposed_rate"] == rows.loc[key, "current_rate"]
            assert rows.loc[key, "reason"] == NOT_BILLED_NOTE
        others = rows.drop(index=list(ADDED))
        assert not others["reason"].eq(NOT_BILLED_NOTE).any()
    csv = shown["csv"].set_index(["payer", "code"])
    for key in ADDED:
        assert csv.loc[key, "requested_rate"] == csv.loc[key, "current_rate"]
        assert csv.loc[key, "increase"] == 0 and csv.loc[key, "annual_impact"] == 0
        assert csv.loc[key, "not_billed"]
    assert not csv.drop(index=list(ADDED))["not_billed"].any()


def test_the_letter_asks_the_billed_codes_and_lists_the_others_apart(
        shown: dict) -> None:  # type: ignore[type-arg]
    csv = shown["csv"]
    for payer, letter in shown["letters"].items():
        rows = csv[csv["payer"] == payer]
        asked = rows.loc[~rows["not_billed"], "code"].tolist()
        assert sorted(ln.code for ln in letter.lines) == sorted(asked)
        assert "97750" not in [ln.code for ln in letter.lines]
        # the letter's dollars are the proposal.csv rows' it lists, added up
        assert round(letter.totals.annual_impact, 2) == round(
            float(rows["annual_impact"].sum()), 2)
        text = "\n".join(letter.texts())
        [apart] = [t for t in letter.texts() if "97750" in t]
        assert "did not bill" in apart and "not included" in apart, apart
        assert "15 services on your fee schedule" not in text


def test_the_letter_says_one_unbilled_code_in_the_singular(
        shown: dict) -> None:  # type: ignore[type-arg]
    """Each letter leaves out one code, 97750: its sentence speaks of it in the singular
    (test-review-8: a sentence in the plural for one code passed the tests)."""
    for letter in shown["letters"].values():
        [apart] = [t for t in letter.texts() if "97750" in t]
        assert apart.startswith("We did not bill your plan for 97750"), apart
        assert apart.endswith(" last year; its current rate stands, and it is not included in "
                              "the rates or totals above."), apart
