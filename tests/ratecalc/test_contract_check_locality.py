"""The contract check of a percent-of-Medicare payer names the Medicare locality it compares
with, in its warning and in the proposal letter's sentence to the payer: a practice with a
second location in another locality is paid there by that locality's amounts. Walk-6's PT + OT
practice (San Francisco 01112-05 and Eureka, Rest of California 01112-75) imported Blue
Shield's 835 whose latest claims were the Eureka clinic's, 110% of 01112-75's $30.47 for
97110 = $33.52: the warning and the letter said "pays less than its contract ... $17,940.00 a
year below" with no word of which locality's Medicare, and the letter asked the payer to pay
"the contracted rate" it was paying."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from ratecalc.analysis import analyze
from ratecalc_letter.content import build_letter
from tests.clinics import lonestar

TET = "Texas Employers Trust"  # 95% of Medicare, locality of the Lone Star clinic


def _underpaid():  # type: ignore[no-untyped-def]
    data = lonestar()
    extra = pd.DataFrame([{"payer": TET, "code": "97110", "modifier": "",
                           "allowed_amount": 26.98, "effective_date": date(2025, 1, 1),
                           "confirmed": False}])
    return analyze(replace(data, fee_schedules=pd.concat([data.fee_schedules, extra],
                                                         ignore_index=True)))


def test_the_underpaid_warning_names_the_locality_compared_with() -> None:
    a = _underpaid()
    warning = next(p.message for p in a.warnings if "pays less than its contract" in p.message)
    # the id and its name, as every output names it (ratecalc.medicare_label)
    assert f"at Medicare's amounts for locality {a.medicare_label.locality}, the analysis'" \
        in warning
    # the name as CMS's GPCI file spells it: the line above holds whatever the label says
    assert "at Medicare's amounts for locality 04412-11 DALLAS, the analysis'" in warning
    assert "another locality" in warning


def test_the_letter_tells_the_payer_which_locality() -> None:
    a = _underpaid()
    text = "\n".join(build_letter(a, TET).texts())
    assert (f"Your fee schedule pays less than the agreement's 95% of Medicare for 97110 "
            f"(93.0%) in Medicare locality {a.medicare_label.locality}: $290.00 a year below"
            ) in text
    assert "(93.0%) in Medicare locality 04412-11 DALLAS: $290.00 a year below" in text


def test_the_other_location_advice_is_a_condition_not_a_fact() -> None:
    """The Lone Star clinic has one location: the warning told it that 'visits at a location
    in another locality are paid at that locality's: check them before asking', as if it had
    such visits; the data says nothing of a second location, so the advice is an "if"."""
    warning = next(p.message for p in _underpaid().warnings
                   if "pays less than its contract" in p.message)
    assert "if you also see patients at a location in another locality" in warning
    assert "(visits at a location in another locality are paid" not in warning
