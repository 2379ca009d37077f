"""The verdict on a payer's counteroffer is one (:func:`ratecalc.counteroffer.overall_verdict`):
the counter letter (python-docx) and ``letter --json``'s ``counter_verdict`` give the same, for
an offer given as ``--offer FILE.csv`` and one entered on the Negotiation Log sheet.

Worked by hand on the demo clinic (its own analysis date) for Summit BlueCare PPO, whose
proposal asks 15 codes, $44,174.85 a year over the current rates; 97110: 2,940 units a year,
current $25.22, asked $29.00, walk-away floor $24.14.

- Every code offered at its ask but 97110 at $26.00: in total the offer gives
  44,174.85 - (29.00 - 26.00) x 2,940 = 35,354.85 of the asked increase, 35,354.85 / 44,174.85
  = 80.03%, over the 80% line; 97110 gives (26.00 - 25.22) / (29.00 - 25.22) = 0.78 / 3.78 =
  20.6%, under it: countered at 26.00 + 0.5 x (29.00 - 26.00) = $27.50. It read "accept" in
  --json while the letter countered 97110.
- 97110 alone, at its ask: accepted code by code, but 14 codes left out: never an acceptance
  (README); --json read "accept".
- Every code at its ask: accepted.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_cli.main import main
from ratecalc_workbook import layout

from .conftest import TOP_PAYER

ASKED_INCREASE = 44_174.85


@pytest.fixture(scope="module")
def asked() -> dict[str, float]:
    """Summit's asked rate per code, as its proposal asks them."""
    proposal = analyze(demo_data()).proposal
    rows = proposal[proposal["payer"] == TOP_PAYER]
    return dict(zip(rows["code"].astype(str), rows["requested_rate"].astype(float), strict=True))


def _offers(asked: dict[str, float], case: str) -> dict[str, float]:
    if case == "97110 short":
        return {**asked, "97110": 26.00}
    if case == "97110 alone":
        return {"97110": 29.00}
    return dict(asked)


def _by_file(offer: dict[str, float], folder: Path, tmp_path: Path) -> list[str]:
    file = tmp_path / "offer.csv"
    file.write_text("payer,code,offered_rate\n" + "".join(
        f"{TOP_PAYER},{code},{rate:.2f}\n" for code, rate in offer.items()))
    return [str(folder), "--offer", str(file)]


def _by_log(offer: dict[str, float], book: Path, tmp_path: Path) -> list[str]:
    path = shutil.copyfile(book, tmp_path / "negotiation.xlsx")
    wb = openpyxl.load_workbook(path)
    log = layout.NEGOTIATION_LOG_TABLE
    ws = wb[log.sheet]
    for i, (code, rate) in enumerate(offer.items()):
        # on or before the demo's analysis date (2025-12-01), the letter's: one dated after it
        # is no offer received yet
        for key, value in (("date", date(2025, 11, 28)), ("payer", TOP_PAYER), ("round", 2),
                           ("direction", "received"), ("code", code), ("offered_rate", rate)):
            ws.cell(row=log.header_row + 1 + i, column=log.col(key)).value = value
    wb.save(path)
    return [str(path)]


@pytest.mark.parametrize("given", ["offer file", "Negotiation Log"])
@pytest.mark.parametrize(("case", "verdict"), [
    ("97110 short", "counter"), ("97110 alone", "counter"), ("every code at its ask", "accept")])
def test_the_letter_and_its_json_give_one_verdict(
        capsys: pytest.CaptureFixture[str], demo_folder: Path, demo_new_book: Path,
        tmp_path: Path, asked: dict[str, float], given: str, case: str, verdict: str) -> None:
    offer = _offers(asked, case)
    source = (_by_file(offer, demo_folder, tmp_path) if given == "offer file" else
              _by_log(offer, demo_new_book, tmp_path))
    out = tmp_path / "counter.docx"
    assert main(["letter", *source, "--payer", TOP_PAYER, "--kind", "counter",
                 "--out", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    accepted = verdict == "accept"

    assert info["counter_verdict"] == verdict
    assert ("Your offer accepted" in texts) is accepted
    assert ("Our counterproposal" in texts) is not accepted
    assert info["subject"][0].startswith(
        "Re: Acceptance of your rate offer" if accepted else "Re: Response to your rate offer")
    assert any(t.startswith(info["subject"][0]) for t in texts)

    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: dict(zip(header, [c.text for c in r.cells], strict=True))
            for r in table.rows[1:]}
    lines = {ln["code"]: ln for ln in info["lines"]}
    assert sorted(rows) == sorted(lines) == sorted(offer)
    if case == "97110 short":
        assert (rows["97110"]["Current rate"], rows["97110"]["Our proposal"],
                rows["97110"]["Your offer"], rows["97110"]["Our counter"]) == \
            ("$25.22", "$29.00", "$26.00", "$27.50")
        assert (lines["97110"]["offer_rate"], lines["97110"]["counter_rate"]) == (26.00, 27.50)
        others = [c for c in rows if c != "97110"]
        assert all(rows[c]["Our counter"] == rows[c]["Your offer"] for c in others)
        # in total over the 80% line: (44,174.85 - 8,820.00) / 44,174.85 = 80.03%
        assert any("$35,354.85 over current rates, 80.03% of the increase we asked for" in t
                   for t in texts)
        assert info["codes_not_offered"] == []
    if case == "97110 alone":
        assert len(info["codes_not_offered"]) == 14
        assert any(t.startswith("We accept your offered rate for 97110.") for t in texts)
        assert any(t.startswith("Your offer leaves out 14 of the 15 codes in our proposal")
                   for t in texts)
    if accepted:
        assert sum(r * asked_units for r, asked_units in (
            (lines[c]["offer_rate"] - lines[c]["current_rate"], lines[c]["units_per_year"])
            for c in lines)) == pytest.approx(ASKED_INCREASE)
