"""The demo's own words are true of the demo's data: its Settings' alternative terms, which
every letter of the demo asks of its payer, asked for "An annual escalator tied to the Medicare
Economic Index" of Keystone Health Plan and Lakeside Health Partners, whose contracts have one
(2% and 2.5% a year)."""

from __future__ import annotations

from datetime import date

from ratecalc.demo import demo_data


def test_no_alternative_term_asks_a_payer_for_the_escalator_its_contract_has() -> None:
    data = demo_data(date(2025, 12, 1))
    escalated = data.contracts.loc[data.contracts["escalator"].fillna(0) > 0, "payer"]
    assert set(escalated) == {"Keystone Health Plan", "Lakeside Health Partners"}
    terms = [t.strip() for t in str(data.settings.alternative_terms).split(";")]
    assert terms[0] == "Annual increases tied to the Medicare Economic Index"
    assert not [term for term in terms if "escalator" in term.lower()]
