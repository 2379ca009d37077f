"""The generated-book hunt's comparison (tests/agreement.py), run so CI would see it break.

scripts/agreement_hunt.py runs it over many books by hand; nothing ran it in the suite, so a
fact dropped from the comparison went unseen: the scenario's percent of Medicare was gathered
from ``scenario --json`` under a name no output shares ("scenario_pct", not in KINDS), and the
Scenarios sheet's "% of Medicare compared" was compared with nothing. One small generated book
(seed 12: one payer, 15 codes, modifier rows, a Negotiation Log) through every command output
but LibreOffice's recalculation, the buttons and the worksheet functions: about 7 CPU-s.
"""

from __future__ import annotations

import contextlib
import io
from decimal import Decimal
from pathlib import Path

import pytest

from ratecalc_cli.main import main
from tests.agreement import Facts, by_payer, disagreements, gather, shown
from tests.generated_books import generated, write_book

SEED = 12


def test_a_cent_apart_is_a_disagreement() -> None:
    """Money is compared to the cent as shown (half-up), not within a tolerance."""
    facts: Facts = {("annual_impact", "P", "97110"): {"a": shown(100.004, "money"),
                                                     "b": shown(100.005, "money")}}
    assert shown(100.005, "money") == Decimal("100.01")  # half-up, not to even
    assert disagreements(facts) == [(("annual_impact", "P", "97110"),
                                     {"a": Decimal("100.00"), "b": Decimal("100.01")})]
    same: Facts = {("annual_impact", "P", "97110"): {"a": shown(100.004, "money"),
                                                    "b": shown("100.00", "money")}}
    assert disagreements(same) == []


def test_a_blank_against_a_figure_is_a_disagreement() -> None:
    facts: Facts = {("floor", "P"): {"a": shown(None, "money"), "b": shown(0, "money")}}
    assert len(disagreements(facts)) == 1


def test_a_payers_one_contract_meets_its_payers_facts() -> None:
    facts: Facts = {("notice_deadline", "P", "product="): {"timeline": "2026-09-01"},
                    ("notice_deadline", "P"): {"priorities": "2026-09-02"}}
    assert set(by_payer(facts)[("notice_deadline", "P")]) == {"timeline", "priorities"}
    assert len(disagreements(facts)) == 1


def test_a_contract_not_in_force_yet_keeps_its_dates_apart() -> None:
    """Its payer has no contract in force (the Priorities' end date blank): the contract's own
    end date meets no payer fact, its status does."""
    facts: Facts = {("status", "P", "product="): {"timeline": "not in force yet"},
                    ("end_date", "P", "product="): {"timeline": "2027-09-01"},
                    ("status", "P"): {"priorities": "not in force yet"},
                    ("end_date", "P"): {"priorities": None}}
    assert disagreements(facts) == []
    assert set(by_payer(facts)[("status", "P")]) == {"timeline", "priorities"}
    facts[("status", "P")]["priorities"] = None
    assert [key for key, _ in disagreements(facts)] == [("status", "P")]


@pytest.fixture(scope="module")
def hunted(tmp_path_factory: pytest.TempPathFactory) -> Facts:
    work = tmp_path_factory.mktemp("hunt")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        book = write_book(generated(SEED), work)
        assert main(["refresh", str(book)]) in (0, 1)
    return gather(Path(book), work, None, letters=1)


def test_a_generated_books_outputs_agree(hunted: Facts) -> None:
    assert disagreements(hunted) == []
    compared = [key for key, values in hunted.items() if len(values) > 1]
    assert len(compared) > 250, len(compared)


def test_each_scenario_figure_the_json_gives_is_compared(hunted: Facts) -> None:
    """The scenario's figures meet the Scenarios sheet's (its totals are formulas there,
    compared only from LibreOffice's recalculation: not here)."""
    [payer] = {key[1] for key in hunted if key[0] == "break_even_pct_of_medicare"}
    for fact in ("pct_of_medicare", "break_even_pct_of_medicare", "better"):
        outputs = set(hunted[(fact, payer)])
        assert {"sheet:tblScenarios", "scenario --json"} <= outputs, (fact, outputs)


def test_a_figure_changed_in_one_output_is_told(hunted: Facts) -> None:
    """The comparison is no test that cannot fail: one output's figure a cent off is found."""
    key = next(k for k, v in sorted(hunted.items()) if k[0] == "annual_impact" and len(v) > 1)
    changed: Facts = {k: dict(v) for k, v in hunted.items()}
    output = sorted(changed[key])[0]
    changed[key][output] = changed[key][output] + Decimal("0.01")
    assert [k for k, _ in disagreements(changed)] == [key]


def test_each_output_read_back_meets_another(hunted: Facts) -> None:
    """The letter's .docx (python-docx), the notice of non-renewal, the Scenarios' years and the
    commands' printed words are read: each meets another output on some fact, so a reader that
    matched nothing (a header reworded) is told."""
    met = {output for values in by_payer(hunted).values() if len(values) > 1
           for output in values}
    for output in ("letter .docx", "letter .docx text", "termination letter --json",
                   "termination letter .docx", "sheet:tblScenarioYears", "scenario text",
                   "timeline text", "exit-impact text"):
        assert output in met, output


def test_the_calendar_end_of_every_timed_contract_is_compared(hunted: Facts) -> None:
    """renewals.ics' end-of-term event is read for a renewing contract too ("Term ends and
    contract renews"): only "Contract ends" was, so an auto-renewing contract's end in the
    calendar met nothing."""
    merged = by_payer(hunted)
    timed = [key[1:] for key, values in merged.items()
             if key[0] == "negotiation_start" and values.get("renewal_timeline.csv")]
    assert timed
    for key in timed:
        assert "renewals.ics" in merged[("end_date", *key)], key
