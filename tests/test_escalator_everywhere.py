"""A contract's escalator and a code's rate read the same on every output that shows them.

Found by a review: after ``ratecalc demo --out D --today 2026-12-05``, ``D/proposal.csv`` gave
``rate_escalator`` 0.03 on all 15 Lakeside Health Partners rows, while its contract states
2.5% (``contracts.csv``: 0.025), the Payers & Contracts sheet shows 2.50%, the Proposal's "Why"
and the letter say "2.5% escalator" and ``scenario --json`` gives 0.025. The CSV rounded each
column by words in its name, and a column named ``*rate*`` was money, to cents. Keystone's 2%
(0.02 to cents is 0.02) hid it.

Expected here, by hand: the demo's contracts state Lakeside's escalator as 0.025 and
Keystone's as 0.02 (``ratecalc/data/demo/contracts.csv``); so every output gives 0.025 and
0.02, and words say "2.5%" and "2%". Each code's rate (the Proposal's current rate, the one in
force when the payer's new term begins) is one amount in cents on the CSV, the Proposal sheet
(its value to the cent), ``scenario --json`` (year 1's ``fixed_rate``) and the letter's table.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.workbook.workbook import Workbook

from ratecalc.money import round_cents
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.conftest import DemoRun

#: The day the review told the demo as of; the demo's contract dates move with it.
TODAY = date(2026, 12, 5)
LAKESIDE, KEYSTONE = "Lakeside Health Partners", "Keystone Health Plan"
#: The escalators the demo's contracts state (contracts.csv), and how words say them.
STATED = {LAKESIDE: (Decimal("0.025"), "2.5%"), KEYSTONE: (Decimal("0.02"), "2%")}
DEMO_CONTRACTS = Path(__file__).resolve().parents[1] / "ratecalc" / "data" / "demo" / \
    "contracts.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


class _Cell(NamedTuple):
    """What a test reads of a cell: its value and number format."""

    value: Any
    number_format: str


#: The workbook :func:`_sheet_table` read last, by the digest of its bytes.
_LOADED: dict[str, Workbook] = {}


def _sheet_table(path: Path, spec: layout.TableSpec) -> list[dict[str, _Cell]]:
    """A table of the workbook as written: its cells' values and number formats by key. The
    workbook is loaded once per content (the tests read four tables of one file each) and
    only read here."""
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_workbook(path)
    ws = _LOADED[key][spec.sheet]
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[spec.name].ref)
    rows = [[_Cell(c.value, c.number_format) for c in row]
            for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                    max_col=max_col)]
    keys = {c.header: c.key for c in spec.columns}
    heads = [keys.get(str(c.value), str(c.value)) for c in rows[0]]
    return [{k: c for k, c in zip(heads, row, strict=True)} for row in rows[1:]]


@pytest.fixture(scope="module")
def demo(demo_run_2026_12_05: DemoRun) -> Path:
    """The folder ``ratecalc demo --today TODAY`` wrote (shared by the session: read only)."""
    assert TODAY.isoformat() == "2026-12-05"
    assert demo_run_2026_12_05.code == 0
    return demo_run_2026_12_05.files


def _scenario(payer: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["scenario", "--payer", payer, "--demo", "--today", TODAY.isoformat(),
                 "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_the_demo_states_the_escalators_worked_with() -> None:
    stated = {r["payer"]: Decimal(r["escalator"]) for r in _rows(DEMO_CONTRACTS)}
    assert {p: stated[p] for p in STATED} == {p: e for p, (e, _) in STATED.items()}


def test_lakesides_escalator_in_proposal_csv_is_as_stated(demo: Path) -> None:
    rows = [r for r in _rows(demo / "proposal.csv") if r["payer"] == LAKESIDE]
    assert len(rows) == 15
    assert {r["rate_escalator"] for r in rows} == {"0.025"}  # was 0.03: rounded as cents


@pytest.mark.parametrize("payer", list(STATED))
def test_every_output_shows_the_escalator_and_each_codes_rate_alike(
        demo: Path, capsys: pytest.CaptureFixture[str], payer: str) -> None:
    escalator, words = STATED[payer]
    book = demo / "negotiation.xlsx"
    csv_rows = {r["code"]: r for r in _rows(demo / "proposal.csv") if r["payer"] == payer}
    assert csv_rows
    # proposal.csv: the escalator as stated on every code, and "Why" in the same words
    assert {Decimal(r["rate_escalator"]) for r in csv_rows.values()} == {escalator}
    for code, row in csv_rows.items():
        assert f"its contract's {words} escalator" in row["reason"], code

    # the sheets: the contract as typed, the Scenarios' escalator, the Proposal's rates
    contracts = [r for r in _sheet_table(book, layout.PAYERS_CONTRACTS_TABLE)
                 if r["payer"].value == payer]
    assert [Decimal(repr(r["escalator"].value)) for r in contracts] == [escalator]
    scenario_rows = [r for r in _sheet_table(book, layout.SCENARIOS_TABLE)
                     if r["payer"].value == payer]
    assert [Decimal(repr(r["escalator"].value)) for r in scenario_rows] == [escalator]
    assert scenario_rows[0]["escalator"].number_format == layout.FORMATS["pct_stated"]
    years = [r for r in _sheet_table(book, layout.SCENARIO_YEARS_TABLE)
             if r["payer"].value == payer and r["year"].value > 1]
    assert years and {Decimal(repr(r["escalator"].value)) for r in years} == {escalator}
    sheet_rates = {str(r["code"].value): r["current_rate"].value
                   for r in _sheet_table(book, layout.PROPOSAL_TABLE)
                   if r["payer"].value == payer}
    assert set(sheet_rates) == set(csv_rows)

    # scenario --json: each code's escalator and year 1's rate; the years' escalator
    shown = _scenario(payer, capsys)
    by_code = {c["code"]: c for c in shown["codes"]}
    assert set(by_code) == set(csv_rows)
    assert {Decimal(repr(c["rate_escalator"])) for c in by_code.values()} == {escalator}
    assert {Decimal(repr(y["escalator"])) for y in shown["years"][1:]} == {escalator}

    for code, row in csv_rows.items():
        cents = Decimal(row["current_rate"])
        assert cents == cents.quantize(Decimal("0.01")), code
        assert Decimal(repr(round_cents(sheet_rates[code]))) == cents, code
        assert Decimal(repr(by_code[code]["fixed_rate"])) == cents, code


def test_the_letter_says_the_escalator_as_stated_beside_the_csvs_rates(
        demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    letter = tmp_path / "lakeside.docx"
    assert main(["letter", str(demo / "negotiation.xlsx"), "--payer", LAKESIDE,
                 "--out", str(letter)]) in (0, 1), capsys.readouterr()
    document = Document(str(letter))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "2.5% escalator" in text
    assert not re.search(r"\b3% escalator", text)
    # the letter's rates per code are the CSV's current rates, to the cent
    for row in _rows(demo / "proposal.csv"):
        if row["payer"] == LAKESIDE:
            assert f"${Decimal(row['current_rate']):,.2f}" in text, row["code"]


def test_scenario_words_count_the_anniversaries_the_letter_counts(
        demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Keystone's 97110 is $28.98 today and $30.15 when its new term begins: by hand, 28.98 x
    1.02 = 29.5596, $29.56 on the first anniversary, x 1.02 = 30.1512, $30.15 on the second. The
    letter said "raised twice by our agreement's 2% escalator"; ``scenario --payer`` said
    "raised by its contract's 2% escalator: 97110 at $30.15 ... ($28.98 today)", which a payer
    redoes as $29.56."""
    rows = {r["code"]: r for r in _rows(demo / "proposal.csv") if r["payer"] == KEYSTONE}
    assert (rows["97110"]["rate_today"], rows["97110"]["current_rate"]) == ("28.98", "30.15")
    assert rows["97110"]["rate_escalations"] == "2"
    shown = {c["code"]: c for c in _scenario(KEYSTONE, capsys)["codes"]}
    assert {c: shown[c]["rate_escalations"] for c in rows} == \
        {c: int(r["rate_escalations"]) or None for c, r in rows.items()}
    capsys.readouterr()
    assert main(["scenario", "--payer", KEYSTONE, "--demo", "--today", TODAY.isoformat()]) == 0
    words = " ".join(capsys.readouterr().out.split())
    assert "the rates raised twice by its contract's 2% escalator: 97110 at $30.15" in words
