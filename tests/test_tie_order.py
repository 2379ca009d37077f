"""Payers and codes that tie are listed in one order everywhere: the order of one function of
``ratecalc.ranking`` per list, with its tie-breaks stated there.

The clinic (tests/clinics.py ``tie_clinic``) ties four payers on dollars at stake, on the
proposal's annual impact, on urgency and on volume, and lists them in its tables in no order a
ranking would give; their names are in mixed capitals. Each test reads the order every output
shows (the sheet's rows read back with openpyxl, the CSV tables, ``summary.json``, the commands'
``--json`` and text, the letter through python-docx) and compares it with the function's and
with the order worked out by hand. A hypothesis property shuffles the tables' rows.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc.analysis import Analysis, analyze
from ratecalc.dataset import ClinicData
from ratecalc.errors import InputError
from ratecalc.ranking import (
    code_order,
    impact_order,
    priority_order,
    urgency_order,
    volume_order,
)
from ratecalc.table_export import write_clinic_tables
from ratecalc.timeline import status_words
from ratecalc_cli.main import main
from ratecalc_letter.api import write_letter
from ratecalc_letter.blocks import Chart
from ratecalc_letter.content import build_letter
from ratecalc_workbook import layout

from .clinics import TIE_PAYERS, Outputs, outputs, tie_clinic
from .letter.conftest import reopen

#: The day the tie clinic is looked at from: its contracts end 2026-06-30 (notice deadlines
#: 2026-04-01, delta Mutual's 2026-03-02), all ahead of it.
TODAY = date(2025, 12, 1)

# Worked out by hand from the clinic's figures (see tie_clinic).
#: $600.00 at stake, then the four at $300.00 renewing the same day: delta Mutual's notice
#: deadline is the earliest, then by name case-insensitively (Alder, beacon, Cobalt)
PRIORITY = ["Elm Trust", "delta Mutual", "Alder Care", "beacon Health", "Cobalt Plan"]
#: $787.50 a year asked, then the four at $487.50 by name
IMPACT = ["Elm Trust", "Alder Care", "beacon Health", "Cobalt Plan", "delta Mutual"]
#: all upcoming: delta Mutual's notice deadline (91 days) first, the nearer (walk-8); then of
#: the four 121 days off, $600.00 over 121 days, then three at $300.00 over 121, with one
#: deadline and one end date: by name
URGENCY = ["delta Mutual", "Elm Trust", "Alder Care", "beacon Health", "Cobalt Plan"]
#: 300 units, then four at 200 by name
VOLUME = ["Elm Trust", "Alder Care", "beacon Health", "Cobalt Plan", "delta Mutual"]
#: 600 units of 97110, then 97140 and 97530 at 250 each
CODES_BY_VOLUME = ["97110", "97140", "97530"]
#: the payer x code tables (Comparison, Proposal): by name case-insensitively
BY_NAME = ["Alder Care", "beacon Health", "Cobalt Plan", "delta Mutual", "Elm Trust"]
#: each payer's letter: 97110 (100 or 200 units), then 97140 and 97530 at 50 each
LETTER_CODES = ["97110", "97140", "97530"]


def _cli(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) in (0, 1)
    return out.getvalue()


@dataclass
class Shown:
    """Every output of the tie clinic, and what the commands printed."""

    out: Outputs
    analyze_json: dict[str, Any]
    analyze_text: str
    timeline_json: dict[str, Any]
    timeline_text: str
    letter_codes: list[str]


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> Shown:
    tmp = tmp_path_factory.mktemp("ties")
    data = tie_clinic(TODAY)
    out = outputs(data, tmp, ())
    folder = tmp / "tables"
    write_clinic_tables(data, folder)
    analyze_json = json.loads(_cli(["analyze", str(folder), "--out", str(tmp / "a"), "--json"]))
    analyze_text = _cli(["analyze", str(folder), "--out", str(tmp / "b")])
    timeline_json = json.loads(_cli(["timeline", "--data", str(folder), "--json"]))
    timeline_text = _cli(["timeline", "--data", str(folder)])
    path = write_letter(out.analysis, "Alder Care", tmp / "alder.docx", letter_date=TODAY)
    table = reopen(path).table_with_header("Code")
    return Shown(out, analyze_json, analyze_text, timeline_json, timeline_text,
                 [row[0] for row in table[1:]])


def _payers(frame: pd.DataFrame) -> list[str]:
    return [str(p) for p in frame["payer"]]


def _sheet(shown: Shown, spec: layout.TableSpec, column: str = "payer") -> list[str]:
    values = shown.out.sheet(spec)[column]
    return list(dict.fromkeys(str(v) for v in values if v is not None and str(v) != "All payers"))


def test_priorities_show_one_order(shown: Shown) -> None:
    a = shown.out.analysis
    assert _payers(a.priorities) == PRIORITY
    assert _payers(priority_order(a.priorities.iloc[::-1])) == PRIORITY
    assert _payers(shown.out.csv("priorities")) == PRIORITY
    assert [p["payer"] for p in shown.out.summary["priorities"]] == PRIORITY
    assert [p["payer"] for p in shown.analyze_json["priorities"]] == PRIORITY
    assert _sheet(shown, layout.PRIORITIES_TABLE) == PRIORITY
    # the sheets and lines that list payers by priority
    assert _sheet(shown, layout.SCENARIOS_TABLE) == PRIORITY
    assert _sheet(shown, layout.EXIT_TABLE) == PRIORITY
    first = shown.analyze_text.split("Negotiate first:\n")[1].splitlines()[:3]
    assert [line.split(". ", 1)[1].split(":")[0] for line in first] == PRIORITY[:3]


def test_proposal_sums_per_payer_show_one_order(shown: Shown) -> None:
    a = shown.out.analysis
    assert _payers(a.proposal_summary) == IMPACT
    assert _payers(impact_order(a.proposal_summary.iloc[::-1])) == IMPACT
    assert _payers(shown.out.csv("proposal_summary")) == IMPACT
    assert [p["payer"] for p in shown.out.summary["proposal"]] == IMPACT
    assert [p["payer"] for p in shown.analyze_json["proposal"]] == IMPACT
    assert _sheet(shown, layout.PROPOSAL_SUMMARY_TABLE) == IMPACT


def test_timeline_shows_one_order(shown: Shown) -> None:
    a = shown.out.analysis
    assert a.timeline is not None
    assert _payers(a.timeline) == URGENCY
    untimed = [status_words("ended"), status_words("not_started")]
    assert _payers(urgency_order(a.timeline.iloc[::-1], untimed)) == URGENCY
    assert _payers(shown.out.csv("renewal_timeline")) == URGENCY
    assert _sheet(shown, layout.TIMELINE_TABLE) == URGENCY
    assert [c["payer"] for c in shown.timeline_json["contracts"]] == URGENCY
    lines = [line.strip() for line in shown.timeline_text.splitlines()]
    assert [next(p for p in TIE_PAYERS if line.startswith(p)) for line in lines
            if line.startswith(TIE_PAYERS)] == URGENCY


def test_payers_and_codes_by_volume_show_one_order(shown: Shown) -> None:
    a = shown.out.analysis
    assert _payers(a.pareto_payers) == VOLUME
    assert _payers(volume_order(a.pareto_payers.iloc[::-1], "payer", "units_per_year")) == VOLUME
    assert _payers(shown.out.csv("pareto_payers")) == VOLUME
    assert [str(c) for c in a.pareto_codes["code"]] == CODES_BY_VOLUME
    assert [str(c) for c in shown.out.csv("pareto_codes")["code"]] == CODES_BY_VOLUME
    assert _sheet(shown, layout.PARETO_CODES_TABLE, "code") == CODES_BY_VOLUME


def test_a_letter_lists_its_codes_in_one_order(shown: Shown) -> None:
    a = shown.out.analysis
    rows = a.proposal[a.proposal["payer"] == "Alder Care"]
    assert [str(c) for c in code_order(rows.iloc[::-1])["code"]] == LETTER_CODES
    assert shown.letter_codes == LETTER_CODES
    for content in shown.out.letters.values():
        assert [ln.code for ln in content.lines] == LETTER_CODES
        chart = next(b for b in content.blocks if isinstance(b, Chart))
        assert list(chart.codes) == LETTER_CODES


def test_payer_by_code_tables_list_payers_by_name(shown: Shown) -> None:
    a = shown.out.analysis
    for frame in (a.comparison, a.proposal, shown.out.csv("comparison"),
                  shown.out.csv("proposal")):
        assert list(dict.fromkeys(_payers(frame))) == BY_NAME
        assert [str(c) for c in frame["code"]][:3] == ["97110", "97140", "97530"]
    assert _sheet(shown, layout.COMPARISON_TABLE) == BY_NAME
    assert _sheet(shown, layout.PROPOSAL_TABLE) == BY_NAME


def test_messages_listing_payers_list_them_by_name(shown: Shown, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    listed = "Alder Care, beacon Health, Cobalt Plan, delta Mutual, Elm Trust"
    with pytest.raises(InputError, match=f"payers on file: {listed}$"):
        build_letter(shown.out.analysis, "Nobody Known")
    folder = tmp_path / "tables"
    write_clinic_tables(shown.out.analysis.data, folder)
    assert main(["scenario", "--payer", "Nobody Known", "--data", str(folder)]) != 0
    assert f"payers with volumes: {listed}" in capsys.readouterr().err


def _shuffled(data: ClinicData, seed: int) -> ClinicData:
    def mix(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)

    return replace(data, payers=mix(data.payers), contracts=mix(data.contracts),
                   fee_schedules=mix(data.fee_schedules), volumes=mix(data.volumes),
                   benchmarks=mix(data.benchmarks))


def _orders(a: Analysis) -> dict[str, list[str]]:
    assert a.timeline is not None
    return {"priorities": _payers(a.priorities), "proposal": _payers(a.proposal_summary),
            "timeline": _payers(a.timeline), "pareto_payers": _payers(a.pareto_payers),
            "pareto_codes": [str(c) for c in a.pareto_codes["code"]],
            "comparison": list(dict.fromkeys(_payers(a.comparison))),
            "letter": [str(c) for c in code_order(
                a.proposal[a.proposal["payer"] == "Alder Care"])["code"]]}


_EXPECTED = {"priorities": PRIORITY, "proposal": IMPACT, "timeline": URGENCY,
             "pareto_payers": VOLUME, "pareto_codes": CODES_BY_VOLUME, "comparison": BY_NAME,
             "letter": LETTER_CODES}


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), days=st.integers(0, 45))
def test_shuffling_the_rows_never_changes_an_order(seed: int, days: int) -> None:
    # any day from TODAY to mid-January: the contracts' dates all lie ahead of it
    assert _orders(analyze(_shuffled(tie_clinic(TODAY + timedelta(days=days)), seed))) \
        == _EXPECTED


def test_a_shuffled_clinic_shows_the_same_orders_everywhere(shown: Shown, tmp_path: Path
                                                            ) -> None:
    out = outputs(_shuffled(tie_clinic(TODAY), 7), tmp_path, ())
    # the calendar too: its contracts by name, as the contracts' rows are in no order
    assert out.ics() == shown.out.ics()
    assert [e["summary"] for e in out.ics()][0] == "Prepare renewal: Alder Care PPO"
    assert _payers(out.csv("priorities")) == PRIORITY
    assert _payers(out.csv("proposal_summary")) == IMPACT
    assert _payers(out.csv("renewal_timeline")) == URGENCY
    assert out.sheet(layout.TIMELINE_TABLE)["payer"].tolist() == URGENCY
    assert out.sheet(layout.PRIORITIES_TABLE)["payer"].tolist() == PRIORITY
