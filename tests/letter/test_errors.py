"""Bad or missing data: one clear message naming what to fill in, and no file written."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from importlib import resources

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.errors import InputError
from ratecalc.loaders import load_folder, require
from ratecalc_letter import write_letter
from ratecalc_letter.content import PayerOffer

from .conftest import TOP_PAYER


def _with(analysis, **changes):
    return analyze(dataclasses.replace(analysis.data, **changes))


def _contracts(analysis, payer: str, **values) -> pd.DataFrame:
    contracts = analysis.data.contracts.copy()
    mask = contracts["payer"] == payer
    for column, value in values.items():
        contracts[column] = contracts[column].astype(object)
        contracts.loc[mask, column] = value
    return contracts


def _fails(analysis, tmp_path, match: str, payer: str = TOP_PAYER, **kwargs) -> None:
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=match):
        write_letter(analysis, payer, out, **kwargs)
    assert list(tmp_path.iterdir()) == []   # never a half-written letter


@pytest.fixture(scope="module")
def read_analysis():
    """The demo clinic's tables read as a user's folder of tables: where each row was read is
    known (the demo's own data names no cell of RateCalc's copy)."""
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        return analyze(require(load_folder(folder)))


def test_no_contact(read_analysis, tmp_path):
    analysis = read_analysis
    bad = _with(analysis, contracts=_contracts(analysis, TOP_PAYER, contact_name=None,
                                               contact_address=""))
    _fails(bad, tmp_path,
           r"cannot write the proposal letter to Summit BlueCare PPO; fill in:\n"
           r"  - 'contracts.csv', row 2, column M 'contact_name': the provider-relations "
           r"contact's name\n"
           r"  - 'contracts.csv', row 2, column Q 'contact_address': the contact's mailing "
           r"address")


def test_no_contact_in_data_built_in_code(read_analysis, tmp_path):
    # no table it was read from: named by the payer's row and RateCalc's column name
    analysis = read_analysis
    contracts = _contracts(analysis, TOP_PAYER, contact_address="")
    bad = _with(analysis, contracts=contracts, rows_read={})
    _fails(bad, tmp_path,
           r"  - sheet 'Payers & Contracts', payer 'Summit BlueCare PPO', column "
           r"'contact_address': the contact's mailing address")


def test_no_contact_in_the_demo(analysis, tmp_path):
    """The demo's tables are RateCalc's copy, no file of the user's: a blank contact is named
    by the sheet the user sees it on, never by a row of the bundled 'contracts.csv'."""
    bad = _with(analysis, contracts=_contracts(analysis, TOP_PAYER, contact_name=None))
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError) as raised:
        write_letter(bad, TOP_PAYER, out)
    said = str(raised.value)
    assert "contracts.csv" not in said
    assert ("  - sheet 'Payers & Contracts', payer 'Summit BlueCare PPO', column "
            "'contact_name': the provider-relations contact's name") in said
    assert not out.exists()


def test_blank_clinic_fields_named_at_their_cells(read_analysis, tmp_path):
    """A Clinic field the letter needs, left blank, is named at its value cell with its label
    as written, as a Settings value is (not only as "field 'signer_name'")."""
    analysis = read_analysis
    clinic = {**analysis.data.clinic, "name": "", "signer_name": None}
    _fails(_with(analysis, clinic=clinic), tmp_path,
           r"  - 'clinic.csv', row 2, column B 'value': name: the practice name for the "
           r"letterhead\n"
           r"  - 'clinic.csv', row 13, column B 'value': signer_name: who signs the letter",
           kind="termination")


def test_no_signer(analysis, tmp_path):
    clinic = {k: v for k, v in analysis.data.clinic.items() if k != "signer_name"}
    bad = _with(analysis, clinic=clinic)
    _fails(bad, tmp_path, r"sheet 'Clinic', field 'signer_name': who signs the letter",
           kind="termination")


def test_unknown_payer(analysis, tmp_path):
    _fails(analysis, tmp_path,
           r"payer 'Acme Health' is not on the sheet 'Payers & Contracts'; payers on file: "
           r"Cardinal Employers Trust, Keystone Health Plan, .*Summit BlueCare PPO",
           payer="Acme Health")


def test_no_proposal_rows(analysis, tmp_path):
    data = analysis.data
    fees = data.fee_schedules[data.fee_schedules["payer"] != "Meridian Mutual"]
    bad = _with(analysis, fee_schedules=fees)
    _fails(bad, tmp_path,
           re.escape("sheet 'Fee Schedules' and sheet 'Volumes', payer 'Meridian Mutual': no "
                     "proposal rows; give the payer's current rate per code (columns code, "
                     "allowed_amount, effective_date on or before 2026-07-01, the day its new "
                     "term begins, when the proposed rates would take effect; the analysis "
                     "date is 2025-12-01), or, for a contract paid as a percent of Medicare, the "
                     "codes it is billed for (column units_per_year)"),
           payer="Meridian Mutual")


def test_no_contract_row(analysis, tmp_path):
    """A payer row without a contract (as import remittances --new-payer adds one): the row is
    there, so the message says its contract is missing, not the row."""
    contracts = analysis.data.contracts[analysis.data.contracts["payer"] != TOP_PAYER]
    _fails(_with(analysis, contracts=contracts), tmp_path,
           r"payer 'Summit BlueCare PPO' has a row on sheet 'Payers & Contracts' but no "
           r"contract: fill in its contract on that row \(columns product, contract_id, "
           r"effective_date and end_date \(required\)")


def test_no_payer_row_nor_contract(analysis, tmp_path):
    """A payer known from its fee schedule alone: neither its row nor a contract is there."""
    contracts = analysis.data.contracts[analysis.data.contracts["payer"] != TOP_PAYER]
    payers = analysis.data.payers[analysis.data.payers["payer"] != TOP_PAYER]
    _fails(_with(analysis, contracts=contracts, payers=payers), tmp_path,
           r"sheet 'Payers & Contracts' has no row for payer 'Summit BlueCare PPO': add the "
           r"contract \(columns payer, product, contract_id, effective_date, end_date")


def test_several_contracts_need_a_product(analysis, tmp_path):
    contracts = analysis.data.contracts
    extra = contracts[contracts["payer"] == TOP_PAYER].assign(product="HMO")
    both = _with(analysis, contracts=pd.concat([contracts, extra], ignore_index=True))
    _fails(both, tmp_path, r"payer 'Summit BlueCare PPO' has 2 contracts on sheet "
                           r"'Payers & Contracts' \(products 'PPO', 'HMO'\): say which one the "
                           r"letter is about")
    path = write_letter(both, TOP_PAYER, tmp_path / "hmo.docx", product="hmo")
    assert path.is_file()


def test_ended_contract_that_does_not_renew(analysis, tmp_path):
    ended = _with(analysis, contracts=_contracts(
        analysis, "Meridian Mutual", end_date=pd.Timestamp("2025-06-30").date()))
    # the field named as the sheet heads it, in the words every output gives an ended contract
    _fails(ended, tmp_path, r"sheet 'Payers & Contracts', payer 'Meridian Mutual': cannot "
                            r"write the proposal letter: contract ended 2025-06-30 without "
                            r"renewal \(as of 2025-12-01\): .* give its current term's End date, "
                            r"or mark it Auto renew$", payer="Meridian Mutual")


def test_bad_kind(analysis, tmp_path):
    _fails(analysis, tmp_path, r"letter kind must be one of proposal, counter, termination, "
                               r"got 'memo'", kind="memo")


def test_counter_without_offer(analysis, tmp_path):
    _fails(analysis, tmp_path, r"a counter letter needs the payer's counteroffer: enter it on "
                               r"the Negotiation Log sheet", kind="counter")


def test_counter_offer_for_a_code_without_proposal(analysis, tmp_path):
    offer = PayerOffer(TOP_PAYER, {"97110": 27.0, "97150": 12.0})
    _fails(analysis, tmp_path, r"Negotiation Log, payer 'Summit BlueCare PPO': offered rates "
                               r"for 97150, which have no proposal row", kind="counter",
           offer=offer)


def test_empty_counter_offer(analysis, tmp_path):
    _fails(analysis, tmp_path, r"no offered rates for payer 'Summit BlueCare PPO'",
           kind="counter", offer=PayerOffer(TOP_PAYER, {}))


def test_requested_rate_for_unknown_code(analysis, tmp_path):
    _fails(analysis, tmp_path, r"requested rates for 97150, which have no proposal row",
           requested_rates={"97150": 20.0})


def test_an_ended_contract_is_named_at_its_end_date_cell(read_analysis, tmp_path):
    """Read from a table, the ended contract is named at its End date cell, the value its
    remedy asks to change (it was named by sheet and payer only)."""
    analysis = read_analysis
    ended = _with(analysis, contracts=_contracts(
        analysis, "Meridian Mutual", end_date=pd.Timestamp("2025-06-30").date()))
    _fails(ended, tmp_path, r"^'contracts.csv', row 4, column E 'end_date': cannot write the "
                            r"proposal letter: contract ended 2025-06-30 without renewal",
           payer="Meridian Mutual")


def test_a_letter_dated_after_the_term_is_named_at_its_end_date_cell(read_analysis, tmp_path):
    # Meridian's term ends 2026-06-30 and does not renew: a letter dated after it is refused
    # at the End date cell (it was named by sheet and payer only)
    _fails(read_analysis, tmp_path,
           r"^'contracts.csv', row 4, column E 'end_date': End date: 2026-06-30 is in the past "
           r"\(as of 2026-07-15\); give the current term's end date, or mark it Auto renew$",
           payer="Meridian Mutual", letter_date=date(2026, 7, 15))


def test_a_contract_not_in_force_yet_is_named_at_its_effective_date_cell(read_analysis,
                                                                         tmp_path):
    """Read from a table, the payer's only contract, not in force yet, is named at its
    Effective date cell, as the analysis' warning names it (the letter named the sheet and
    payer only)."""
    analysis = read_analysis
    later = _with(analysis, contracts=_contracts(
        analysis, "Meridian Mutual", effective_date=pd.Timestamp("2026-01-01").date()))
    _fails(later, tmp_path,
           r"^'contracts.csv', row 4, column D 'effective_date': MM-AGR-0932 \(PPO\) starts "
           r"2026-01-01, after the analysis date 2025-12-01: not in force yet, so no letter is "
           r"written under it; Meridian Mutual has no contract in force$",
           payer="Meridian Mutual")
