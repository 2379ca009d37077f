"""The subject line of every letter names the agreement as the body does when the contract has
no Contract ID: "Re: Rate proposal, UnitedHealthcare Choice Plus agreement, ...", never the bare
"Re: Rate proposal, agreement, current term ending ..." a speech/OT practice's letter to its
payer read (walk-5: Contract ID left blank, as the Payers & Contracts sheet allows)."""

from __future__ import annotations

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter.content import PayerOffer, build_letter

from .conftest import TOP_PAYER


def _analysis(**contract):  # type: ignore[no-untyped-def]
    data = demo_data()
    rows = data.contracts["payer"] == TOP_PAYER
    contracts = data.contracts.copy()
    for column, value in contract.items():
        contracts[column] = contracts[column].astype(object)
        contracts.loc[rows, column] = value
    return analyze(data.__class__(**{**data.__dict__, "contracts": contracts}))


def _subject(analysis, kind: str) -> str:  # type: ignore[no-untyped-def]
    offer = PayerOffer(TOP_PAYER, increases={"": 0.05}) if kind == "counter" else None
    return build_letter(analysis, TOP_PAYER, kind, offer=offer).subject[0]


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_no_contract_id_names_the_payers_product_agreement(kind: str) -> None:
    subject = _subject(_analysis(contract_id=None, product="Choice Plus"), kind)
    assert f", {TOP_PAYER} Choice Plus agreement" in subject, subject
    assert ", agreement," not in subject and not subject.endswith(", agreement"), subject


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_no_contract_id_nor_product_names_the_payers_agreement(kind: str) -> None:
    subject = _subject(_analysis(contract_id=None, product=None), kind)
    assert f", {TOP_PAYER} agreement" in subject, subject


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_a_contract_id_is_named_as_before(kind: str) -> None:
    subject = _subject(_analysis(), kind)
    assert ", agreement SBC-PT-2019-114 (PPO)" in subject, subject
