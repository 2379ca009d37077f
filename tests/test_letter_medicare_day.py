"""The proposal letter's note under its rate table names the day and CMS release of the Medicare
amounts its percents of Medicare were computed on: the payer's, where the rates asked would take
effect (:func:`ratecalc.analysis.proposal_medicare_basis`), as proposal.csv's medicare_date,
the Proposal sheet's Medicare column and the letter's --json say.

The days are pinned (the reviewer's): what is under test is a payer whose new term begins in
the next fee-schedule year the bundled data covers (RVU25D for 2025's last quarter, RVU26C for
2026), and the demo's story moves its contracts with the day it is told. Locality 10112-00,
non-facility, worked from CMS's amounts (checked against the engine below):

- 97110: $26.83 on 2025-10-01 (RVU25D), $27.20 in 2026 (RVU26C); 92507: $70.44, $71.96.
- ``demo --today 2025-12-05``: Summit's new term begins 2026-04-01, Cardinal's 2026-05-01; the
  analysis' Medicare date is 2025-10-01. Summit asks $29.00 for 97110: 29.00 / 27.20 =
  1.06618 -> 106.6% (on RVU25D it would be 29.00 / 26.83 = 108.1%). Cardinal asks $72.81 for
  92507: 72.81 / 71.96 = 1.01181 -> 101.2% (on RVU25D 103.4%).
- ``demo --today 2026-06-15``: Summit's new term begins 2026-10-01, Cardinal's 2026-11-01, the
  analysis' Medicare date is 2026-04-01: the same RVU26C amounts, and the days are the payers'.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import docx
import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.medicare import medicare_amounts
from ratecalc_cli.main import main
from ratecalc_letter import formats as fmt
from ratecalc_letter import write_letter
from ratecalc_letter.parts import market_sentence, payer_context
from ratecalc_workbook import layout
from tests.clinics import sheet_table
from tests.medicare_days import bundled_through


def _millionths(fraction: float) -> float:
    read = Context(prec=15, rounding=ROUND_HALF_UP).plus(Decimal(repr(fraction)))
    return float(read.quantize(Decimal("0.000001"), ROUND_HALF_UP))


SUMMIT, CARDINAL = "Summit BlueCare PPO", "Cardinal Employers Trust"
LOCALITY = "10112-00"
# named as every output names it (ratecalc.medicare_label): the id and the bundled name
PLACE = f"non-facility, locality {LOCALITY} ALABAMA"


def note_for(day: date, release: str) -> str:
    """The note's words for percents computed on ``day``'s amounts, a new term's first day."""
    return (f"Percent of Medicare: the proposed rate as a percent of the Medicare Physician Fee "
            f"Schedule amount for services on {fmt.long_date(day)}, when the proposed rates "
            f"would take effect (CMS release {release}, {PLACE}).")


def test_the_hand_worked_amounts_are_cms_s() -> None:
    found = medicare_amounts(["97110", "92507"] * 2, LOCALITY,
                             [date(2025, 10, 1)] * 2 + [date(2026, 4, 1)] * 2)
    assert found["amount"].tolist() == [26.83, 70.44, 27.20, 71.96]
    assert found["release"].tolist() == ["rvu25d"] * 2 + ["rvu26c"] * 2


@pytest.fixture(scope="module", autouse=True)
def data_as_worked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bundled releases through RVU26C, on which the figures above were worked: Keystone's
    new term, 2027-01-01, is a day they do not cover (a 2027 release bundled later would price
    it and change its figures)."""
    with bundled_through(date(2026, 12, 31), tmp_path_factory.mktemp("cms")):
        yield


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for today in ("2025-12-05", "2026-06-15"):
        out = tmp_path_factory.mktemp("demo") / today
        assert main(["demo", "--out", str(out), "--today", today]) == 0
        folders[today] = out
    return folders


def _letter(book: Path, payer: str, out: Path, capsys: pytest.CaptureFixture[str]
            ) -> tuple[dict[str, dict[str, str]], list[str], dict]:
    """The letter ``ratecalc letter --json`` writes: its rate table by code (header -> cell),
    its paragraphs (python-docx), and the JSON it printed."""
    capsys.readouterr()
    assert main(["letter", str(book), "--payer", payer, "--out", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    document = docx.Document(str(out))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: dict(zip(header, [c.text for c in r.cells], strict=True))
            for r in table.rows[1:]}
    return rows, [p.text for p in document.paragraphs], info


@pytest.mark.parametrize(("today", "payer", "code", "day", "medicare", "asked", "percent"), [
    ("2025-12-05", SUMMIT, "97110", date(2026, 4, 1), 27.20, 29.00, "106.6%"),
    ("2025-12-05", CARDINAL, "92507", date(2026, 5, 1), 71.96, 72.81, "101.2%"),
    ("2026-06-15", SUMMIT, "97110", date(2026, 10, 1), 27.20, 29.00, "106.6%"),
    ("2026-06-15", CARDINAL, "92507", date(2026, 11, 1), 71.96, 72.81, "101.2%"),
])
def test_the_note_names_the_day_and_release_the_percents_are_computed_on(
        demos: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        today: str, payer: str, code: str, day: date, medicare: float, asked: float,
        percent: str) -> None:
    folder = demos[today]
    proposal = pd.read_csv(folder / "proposal.csv", dtype={"code": str})
    row = proposal[(proposal["payer"] == payer) & (proposal["code"] == code)].iloc[0]
    assert (row["medicare_amount"], row["requested_rate"], row["medicare_date"]) == \
        (medicare, asked, day.isoformat())
    sheet = sheet_table(folder / "negotiation.xlsx", layout.PROPOSAL_TABLE)
    on_sheet = sheet[(sheet["payer"] == payer) & (sheet["code"].astype(str) == code)].iloc[0]
    assert (on_sheet["medicare_amount"], on_sheet["proposed_rate"]) == (medicare, asked)

    rows, texts, info = _letter(folder / "negotiation.xlsx", payer, tmp_path / "p.docx", capsys)
    assert (rows[code]["Proposed rate"], rows[code]["% of Medicare"]) == \
        (fmt.money(asked), percent)
    [note] = [t for t in texts if "Percent of Medicare:" in t]
    assert note.endswith(note_for(day, "RVU26C")), note
    assert "RVU25D" not in note and "October 1, 2025" not in note
    [line] = [ln for ln in info["lines"] if ln["code"] == code]
    # the percent as the letter's words read it, to a millionth, half-up (snapped_fraction):
    # 29.00 / 27.20 = 1.0661764... is 1.066176
    assert (line["medicare_amount"], line["medicare_date"], line["medicare_release"],
            line["proposed_pct_of_medicare"]) == (medicare, day.isoformat(), "rvu26c",
                                                  _millionths(asked / medicare))
    # every code of the letter on that one day: one day and release named
    assert {ln["medicare_date"] for ln in info["lines"]} == {day.isoformat()}


def test_a_payer_priced_on_the_analysis_date_is_named_so(
        demos: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Keystone's new term begins 2027-01-01, which no bundled release covers: its percents are
    # on the analysis' Medicare date's amounts (2025-10-01, RVU25D): 31.66 / 26.83 = 118.0%
    rows, texts, info = _letter(demos["2025-12-05"] / "negotiation.xlsx", "Keystone Health Plan",
                                tmp_path / "k.docx", capsys)
    assert rows["97110"]["% of Medicare"] == "118.0%"
    [note] = [t for t in texts if "Percent of Medicare:" in t]
    assert note.endswith("Percent of Medicare: the proposed rate as a percent of the Medicare "
                         f"Physician Fee Schedule amount for services on October 1, 2025 (CMS "
                         f"release RVU25D, {PLACE}).")
    assert {(ln["medicare_date"], ln["medicare_release"]) for ln in info["lines"]} == \
        {("2025-10-01", "rvu25d")}


def test_codes_priced_on_two_days_are_each_named_with_their_day() -> None:
    # no payer's codes are priced on two days today (the day is decided per payer), so the
    # proposal rows are given two: the note must not name one day for both
    analysis = analyze(demo_data(date(2025, 12, 5)))
    ctx = payer_context(analysis, SUMMIT, "proposal", None, None, None)
    days = [date(2025, 10, 1) if c == "92507" else date(2026, 4, 1)
            for c in ctx.proposal["code"]]
    two = replace(ctx, proposal=ctx.proposal.assign(medicare_date=days))
    codes = fmt.join_words([str(c) for c in ctx.proposal["code"] if c != "92507"])
    assert market_sentence(two, when=lambda _: "when the proposed rates would take effect") \
        .endswith(f"Percent of Medicare: the proposed rate as a percent of the Medicare "
                  f"Physician Fee Schedule amount for services on October 1, 2025 for 92507 "
                  f"(CMS release RVU25D) and on April 1, 2026 for {codes}, when the proposed "
                  f"rates would take effect (CMS release RVU26C); {PLACE}.")


def test_a_percent_of_medicare_ask_names_the_same_day_everywhere(tmp_path: Path) -> None:
    # asked as a percent of Medicare: 97110 at 106.6% of the $27.20 of April 1, 2026 (RVU26C)
    # is 1.066 x 27.20 = $28.9952 -> $29.00 (on RVU25D's $26.83 it would pay $28.60): the
    # sentence above the table, the table's header and the note under it name that day
    data = demo_data(date(2025, 12, 5))
    data = replace(data, settings=replace(data.settings, rate_basis="pct_of_medicare"))
    out = write_letter(analyze(data), SUMMIT, tmp_path / "pct.docx")
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in table.rows[0].cells]
    # "today" only for amounts of today: these are April 1, 2026's
    assert header[4:6] == ["Proposed % of Medicare", "Proposed rate"]
    row = next([c.text for c in r.cells] for r in table.rows if r.cells[0].text == "97110")
    assert row[4:6] == ["106.6%", "$29.00"]
    assert ("We propose that each service be paid at the percent of the Medicare Physician Fee "
            "Schedule shown; the dollar amounts are what those percents pay on April 1, 2026, "
            "when they would take effect.") in texts
    [note] = [t for t in texts if "Percent of Medicare:" in t]
    assert note.endswith(note_for(date(2026, 4, 1), "RVU26C"))
