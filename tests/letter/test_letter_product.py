"""A letter about a payer's second contract (``--product``) builds on the rates in force when
*that* contract's new term begins, not the governing contract's.

Alpha Health has two contracts: PPO, whose term ends first (so it governs every other output),
on TODAY + 200 days, and HMO on TODAY + 400. It pays 97110 $30.00 today and has agreed $32.00
from TODAY + 300: after the PPO's new term begins (TODAY + 201), before the HMO's (TODAY + 401).
Market (p50) $31.00; minimum increase 5%, maximum 15%.

Worked by hand:

* PPO letter: builds on $30.00; the market $31.00 is under the minimum, so it asks
  30.00 x 1.05 = $31.50, +$1.50 x 100 units = $150.00 a year;
* HMO letter: builds on the $32.00 in force on TODAY + 401; $31.00 is below it, so it asks
  32.00 x 1.05 = $33.60, +$1.60 x 100 = $160.00 (built on the PPO's term, it asked $31.50,
  below the $32.00 already agreed).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import docx
import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc_letter.api import write_letter
from ratecalc_letter.content import build_letter
from tests.test_scheduled_rates import PAYER, TODAY, clinic

AGREED = TODAY + timedelta(days=300)
HMO_END = TODAY + timedelta(days=400)


def _two_contracts():  # type: ignore[no-untyped-def]
    data = clinic(fees=[("97110", 30.00, TODAY - timedelta(days=300)),
                        ("97110", 32.00, AGREED),
                        ("97140", 40.00, TODAY - timedelta(days=300))])
    hmo = data.contracts.assign(product="HMO", contract_id="A-2", end_date=HMO_END)
    return data.__class__(**{**data.__dict__,
                             "contracts": pd.concat([data.contracts, hmo], ignore_index=True)})


@pytest.mark.parametrize(("product", "current", "ask", "impact", "new_term"), [
    ("PPO", 30.00, 31.50, 150.00, TODAY + timedelta(days=201)),
    ("HMO", 32.00, 33.60, 160.00, HMO_END + timedelta(days=1)),
])
def test_a_letter_builds_on_its_own_contracts_new_term(  # type: ignore[no-untyped-def]
        tmp_path: Path, product, current, ask, impact, new_term) -> None:
    data = _two_contracts()
    content = build_letter(analyze(data), PAYER, "proposal", product=product)
    line = next(ln for ln in content.lines if ln.code == "97110")
    assert (line.current_rate, line.proposed_rate) == (current, ask)
    assert line.annual_impact == pytest.approx(impact)
    assert line.rate_today == 30.00
    assert content.dates.end_date == new_term - timedelta(days=1)

    # the written letter: its table's row for 97110, and (HMO) the note naming the day
    path = write_letter(data, PAYER, tmp_path / f"{product}.docx", product=product)
    document = docx.Document(str(path))
    row = next([c.text for c in r.cells] for t in document.tables for r in t.rows
               if r.cells[0].text == "97110")
    assert f"${current:.2f}" in row and f"${ask:.2f}" in row
    text = "\n".join(p.text for p in document.paragraphs)
    note = (f"The current rates shown are those in force on {_long(new_term)}, when the "
            f"proposed rates would take effect, as agreed: 97110 at $32.00 from {_long(AGREED)}. "
            f"Today you pay $30.00 for 97110.")
    assert (note in text) == (product == "HMO")  # the PPO's table holds today's rates
    assert f"current term ending {_long(new_term - timedelta(days=1))}" in text


def _long(day) -> str:  # type: ignore[no-untyped-def]
    return f"{day:%B} {day.day}, {day.year}"


def test_the_governing_contracts_letter_and_analysis_are_unchanged() -> None:
    data = _two_contracts()
    analysis = analyze(data)
    ppo = build_letter(analysis, PAYER, "proposal", product="PPO")
    # the PPO governs: its letter is built on the clinic's own analysis, as every output is
    rows = analysis.proposal[analysis.proposal["payer"] == PAYER].set_index("code")
    assert {ln.code: ln.proposed_rate for ln in ppo.lines} == \
        rows["proposed_rate"].to_dict()
