"""A contract's stated percentage (its escalator, its percent of Medicare) reads as stated in
every output that shows it (:func:`ratecalc.money.stated_percent_text`), as LibreOffice renders
the Scenarios sheet after recalculating and as ``ratecalc scenario`` prints it and gives it in
``--json``: a 2.755% escalator read 2.76% on the Scenarios sheet (``0.00%``) and in the
command's table, and a contract at 88.755% of Medicare read 88.8% in the sheet's "% of Medicare
compared" and the command's "Fixed dollar vs 88.8% of Medicare", while the Comparison, the
Proposal and the letter said 2.755% and 88.755%. A percentage the product computes (the
equivalent of fixed rates, a break-even) keeps its tenth."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.money import pct_of_medicare_text, stated_percent_text
from ratecalc.report import summary
from ratecalc_cli.main import main
from ratecalc_letter import write_letter
from ratecalc_workbook import layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.test_scheduled_rates import PAYER, TODAY

from .libreoffice import SOFFICE, export_shown
from .test_rate_basis_labels import escalated_today

ESCALATOR = 0.02755
PCT = 0.88755


def _escalated():  # type: ignore[no-untyped-def]
    """A fixed contract with a 2.755% escalator, its term ending 20 days after TODAY."""
    data = escalated_today()
    return replace(data, contracts=data.contracts.assign(
        escalator=ESCALATOR, end_date=TODAY + timedelta(days=20)))


def _percent_of_medicare():  # type: ignore[no-untyped-def]
    """A contract at 88.755% of Medicare, no escalator, its term ending 20 days after TODAY."""
    data = escalated_today()
    return replace(data, contracts=data.contracts.assign(
        escalator=0.0, rate_basis="pct_of_medicare", pct_of_medicare=PCT,
        end_date=TODAY + timedelta(days=20)))


def test_the_words_say_every_decimal_stated(tmp_path: Path) -> None:
    # written out by hand: the words every output quotes
    assert (stated_percent_text(ESCALATOR), stated_percent_text(PCT)) == ("2.755%", "88.755%")
    rows = analyze(_escalated()).comparison.set_index("code")
    assert "raised by its contract's 2.755% escalator" in rows.loc["97110", "rate_source"]
    letter = docx.Document(str(write_letter(_percent_of_medicare(), PAYER,
                                            tmp_path / "proposal.docx")))
    said = " ".join(p.text for p in letter.paragraphs)
    assert "Our current agreement pays 88.755% of the Medicare fee schedule" in said, said


def _scenario(book: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict]:
    argv = ["scenario", "--data", str(book), "--payer", PAYER]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert main([*argv, "--json"]) == 0
    return text, json.loads(capsys.readouterr().out)


def _table_rows(text: str) -> list[list[str]]:
    """The command's year table: the lines after its header, split on runs of spaces."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Year"])
    rows = []
    for line in lines[start + 1:]:
        cells = line.split()
        if not cells or not cells[0].isdigit():
            break
        rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two clinics' workbooks, refreshed: "esc" (a fixed contract with a 2.755%
    escalator) and "pct" (a contract at 88.755% of Medicare). Built once for the module's
    tests, which only read them (a command's report, LibreOffice's rendering)."""
    made = {}
    folder = tmp_path_factory.mktemp("stated")
    for name, data in {"esc": _escalated(), "pct": _percent_of_medicare()}.items():
        book = folder / "given" / f"{name}.xlsx"
        book.parent.mkdir(exist_ok=True)
        new_workbook(book, data)
        result = refresh_workbook(book, now=datetime.combine(TODAY, datetime.min.time()))
        assert result.ok, [p.message for p in result.errors]
        made[name] = book
    return made


def test_the_command_says_the_stated_percentage(
        books: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    text, payload = _scenario(books["pct"], capsys)
    assert text.startswith(f"Fixed dollar vs 88.755% of Medicare for {PAYER}, "), text
    assert payload["pct_of_medicare"] == PCT
    text, payload = _scenario(books["esc"], capsys)
    # a fixed contract is compared with the percent its fixed rates equal: computed, a tenth
    assert re.match(rf"Fixed dollar vs \d+\.\d% of Medicare for {PAYER}, ", text), text
    rows = _table_rows(text)
    assert len(rows) > 1
    assert [r[2] for r in rows[1:]] == ["2.755%"] * (len(rows) - 1), rows
    assert [y["escalator"] for y in payload["years"][1:]] == [ESCALATOR] * (len(rows) - 1)
    assert {c["rate_escalator"] for c in payload["codes"]} <= {ESCALATOR, None}


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_the_scenarios_sheet_says_the_stated_percentage(
        books: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = export_shown(list(books.values()), tmp_path / "shown", [[layout.SCENARIOS]] * 2)
    sheet = {}
    for name, files in zip(books, shown, strict=True):
        with files[layout.SCENARIOS].open(encoding="utf-8", newline="") as f:
            sheet[name] = list(csv.reader(f))

    def cells(name: str, spec: layout.TableSpec, key: str) -> list[str]:
        """The column ``key`` of ``spec`` as shown, on the payer's rows under its header: the
        tables stand side by side on one header row, the per-payer table first, the yearly
        table last; or, a one-payer book's, one under the other (each its own header row)."""
        rows = sheet[name]
        own = spec.spec("rate_basis" if spec is layout.SCENARIOS_TABLE else "cf_change").header
        at = next(i for i, r in enumerate(rows) if own in r)
        pick = (lambda found: found[0]) if spec is layout.SCENARIOS_TABLE else \
            (lambda found: found[-1])
        payer, column = (pick([i for i, h in enumerate(rows[at]) if h == spec.spec(k).header])
                         for k in ("payer", key))
        shown = []
        for r in rows[at + 1:]:  # the table's rows: the payer's, up to the first without it
            if len(r) <= payer or r[payer] != PAYER:
                break
            shown.append(r[column])
        return shown

    # the escalator, on the payer's row and each later year's (year 1's is no change)
    assert cells("esc", layout.SCENARIOS_TABLE, "escalator") == ["2.755%"]
    years = cells("esc", layout.SCENARIO_YEARS_TABLE, "escalator")
    assert len(years) > 1 and years[0] == "0.00%" and set(years[1:]) == {"2.755%"}, years
    # a contract's percent of Medicare, as stated
    assert cells("pct", layout.SCENARIOS_TABLE, "pct_of_medicare") == ["88.755%"]
    # a fixed contract's compared percent, the equivalent of its fixed rates, is computed: to
    # a tenth, as the command says it
    [equivalent] = cells("esc", layout.SCENARIOS_TABLE, "pct_of_medicare")
    text, payload = _scenario(books["esc"], capsys)
    assert equivalent == pct_of_medicare_text(payload["pct_of_medicare"])
    assert text.startswith(f"Fixed dollar vs {equivalent} of Medicare for {PAYER}, "), text


def test_the_summarys_contract_percentage_is_the_one_stated() -> None:
    # summary.json (and `analyze`, which words it from there) gave a contract's percentage to a
    # millionth: Cardinal at 88.00001% read 0.88 and "contract 88%" beside a letter's 88.00001%
    data = demo_data()
    cardinal = data.contracts["payer"] == "Cardinal Employers Trust"
    contracts = data.contracts.copy()
    contracts.loc[cardinal, "pct_of_medicare"] = 0.8800001
    listed = summary(analyze(replace(data, contracts=contracts)))["contract_check"]
    cardinal_rows = [c for c in listed if c["payer"] == "Cardinal Employers Trust"]
    assert cardinal_rows and {c["contract_pct"] for c in cardinal_rows} == {0.8800001}
    assert stated_percent_text(cardinal_rows[0]["contract_pct"]) == "88.00001%"
