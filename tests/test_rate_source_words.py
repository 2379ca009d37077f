"""Where a rate comes from is said in one set of words in every output that shows it
(:func:`ratecalc.rate_basis.schedule_source`, :func:`ratecalc.rate_basis.escalated_source`).

Before, a rate set by a fee-schedule row listed with a discipline modifier (GP/GO/GN) and raised
by the contract's escalator stood on the Comparison as "fee schedule (GP row) $30.00, raised by
its contract's 2% escalator" and in the Proposal's "Why" (and proposal.csv) as "fee schedule
$30.00, raised by its contract's 2% escalator": the same $30.60, two sources.

Worked by hand (:func:`tests.workbook.test_rate_basis_labels.escalated_today`): 97110's GP row of
$30.00, dated TODAY - 400 days, is raised on the contract's first anniversary (2026-01-03) to
$30.60, in force on the analysis date; the term ends TODAY + 20 days, so the new term begins
before the second anniversary and the Proposal builds on the same $30.60.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.report import write_results
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_letter.blocks import PayerOffer
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.clinics import sheet_table
from tests.test_scheduled_rates import PAYER, TODAY
from tests.workbook.test_rate_basis_labels import escalated_today

# written out here: a test of the wording
SOURCE = "fee schedule (GP row) $30.00, raised by its contract's 2% escalator"


def gp_row_raised():
    data = escalated_today()
    fees = data.fee_schedules.assign(
        modifier=data.fee_schedules["code"].map({"97110": "GP"}).fillna(""))
    return replace(data, fee_schedules=fees,
                   contracts=data.contracts.assign(end_date=TODAY + timedelta(days=20)))


def _of_97110(frame: pd.DataFrame, column: str) -> str:
    rows = frame[(frame["payer"] == PAYER) & (frame["code"].astype(str) == "97110")]
    [text] = rows[column].tolist()
    return str(text)


def test_a_modifier_rows_rate_is_one_source_in_every_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = gp_row_raised()
    a = analyze(data)
    assert _of_97110(a.comparison, "allowed_amount") == "30.6"
    assert _of_97110(a.proposal, "current_rate") == "30.6"
    written = {p.name: p for p in write_results(a, tmp_path / "out")}
    book = tmp_path / "gp.xlsx"
    new_workbook(book, data)
    result = refresh_workbook(book, now=datetime.combine(TODAY, datetime.min.time()))
    assert result.ok, [p.message for p in result.errors]
    comparison_csv = pd.read_csv(written["comparison.csv"], dtype={"code": str})
    proposal_csv = pd.read_csv(written["proposal.csv"], dtype={"code": str})
    said = {
        "Comparison": _of_97110(sheet_table(book, layout.COMPARISON_TABLE), "rate_source"),
        "comparison.csv": _of_97110(comparison_csv, "rate_source"),
        "Proposal's Why": _of_97110(sheet_table(book, layout.PROPOSAL_TABLE), "reason"),
        "proposal.csv": _of_97110(proposal_csv, "reason"),
    }
    # the Comparison's column is the source alone; the Proposal's "Why" leads with it
    assert said["Comparison"] == said["comparison.csv"] == SOURCE, said
    for where in ("Proposal's Why", "proposal.csv"):
        assert said[where].startswith(f"{SOURCE}; "), (where, said)
    # the scenario command and the letters name no rate's row today: none may name this one
    # otherwise (the escalator's words stand alone, or with the row named)
    folder = tmp_path / "tables"
    write_clinic_tables(data, folder)
    texts = {}
    for form in ([], ["--json"]):
        assert main(["scenario", "--payer", PAYER, "--data", str(folder), *form]) == 0
        texts[f"scenario {form}"] = capsys.readouterr().out
    json.loads(texts["scenario ['--json']"])
    proposal = build_letter(a, PAYER)
    counter = build_letter(a, PAYER, "counter", offer=PayerOffer(PAYER, rates={"97110": 30.0}))
    texts["proposal letter"] = repr(proposal)
    texts["counter letter"] = repr(counter)
    texts.update(said)
    for where, text in texts.items():
        assert "fee schedule $" not in text, where
        assert text.count("fee schedule") == text.count("fee schedule (GP row)"), where
