"""The rates a notice of non-renewal says the clinic would continue on are the rates it asks:
"Your rate" where one is typed on the Proposal sheet, as the Proposal's "Rate to ask", the
Totals, proposal.csv, proposal_summary.csv and the proposal letter show.

Found by the agreement hunt (scripts/agreement_hunt.py --varied, seeds 1 and 2): the notice's
lines asked the proposed rate beside a typed one while their annual impact followed the typed
one, so its --json totals disagreed with themselves and with the Totals, and its sentence "they
pay $X a year more" summed the rates RateCalc proposed, not the ones the proposal letter sent.

The clinic: the demo told on ``TODAY``, two of Summit BlueCare PPO's rates typed over its
Proposal: 97110 at $40.00 and 97140 at $38.50 (its current rates $25.22 and $24.58; its
contract has no escalator and no rate agreed for later, so its rates today are the new term's).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
from docx import Document

from ratecalc.demo import demo_data
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.books import load_book
from tests.clinics import tables_and_refreshed_book

TODAY = date(2026, 12, 7)
PAYER = "Summit BlueCare PPO"
TYPED = {"97110": 40.00, "97140": 38.50}


def _run(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(list(argv)) in (0, 1)
    return out.getvalue()


def _type_rates(book: Path) -> None:
    wb = load_book(book)
    ws, spec = wb[layout.PROPOSAL], layout.PROPOSAL_TABLE
    for row in range(spec.header_row + 1, ws.max_row + 1):
        payer, code = (ws.cell(row, spec.col(k)).value for k in ("payer", "code"))
        if payer == PAYER and str(code) in TYPED:
            ws.cell(row, spec.col("override_rate"), TYPED[str(code)])
    wb.save(book)


def _cents(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def test_a_notice_of_non_renewal_names_the_rates_asked(tmp_path: Path) -> None:
    _, book = tables_and_refreshed_book(demo_data(TODAY), tmp_path)
    _type_rates(book)
    _run("analyze", str(book), "--out", str(tmp_path / "res"))
    proposal = pd.read_csv(tmp_path / "res" / "proposal.csv", dtype={"code": str})
    mine = proposal[proposal["payer"] == PAYER].set_index("code")
    assert dict(mine.loc[list(TYPED), "requested_rate"]) == TYPED  # the typed rates are asked
    # the rates paid today are the new term's: "more than today's rates" is the Totals' impact
    assert (mine["rate_today"] == mine["current_rate"]).all()
    summary = pd.read_csv(tmp_path / "res" / "proposal_summary.csv").set_index("payer").loc[PAYER]

    letters = {kind: json.loads(_run("letter", str(book), "--payer", PAYER, "--kind", kind,
                                     "--json", "--out", str(tmp_path / f"{kind}.docx")))
               for kind in ("proposal", "termination")}
    for kind, letter in letters.items():
        asked = {ln["code"]: ln["proposed_rate"] for ln in letter["lines"]}
        assert asked == dict(mine["requested_rate"]), kind
        totals = letter["totals"]
        for fact in ("new_term_revenue", "proposed_revenue", "annual_impact"):
            assert _cents(totals[fact]) == _cents(float(summary[fact])), (kind, fact)

    text = "\n".join(p.text for p in Document(str(tmp_path / "termination.docx")).paragraphs)
    more = re.search(r" pay \$([\d,]+\.\d\d) a year more than today's rates", text)
    assert more is not None, text
    assert Decimal(more[1].replace(",", "")) == _cents(float(summary["annual_impact"]))
