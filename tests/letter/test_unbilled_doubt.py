"""A letter refuses to cite a rate that looks wrong; a rate it does not cite does not stop it.

A code the practice did not bill to the payer in the period is asked no raise and the
proposal letter lists it apart, by code and description only ("its current rate stands"): no
figure of it is in the letter. A doubtful rate on such a code stopped the whole letter
("would cite rates that look wrong") though the letter cites no rate of it, and the notice
left out what continuing would take over it, a sum its zero units add nothing to.

By hand, from the inputs: the demo's tables with one row added to fee_schedules.csv,
Summit's 97750 at $400.00 from 2025-01-01 (1300% of Medicare's $30.76: outside the plausible
30%-400%, so it looks wrong); volumes.csv bills 97750 to no payer, and Summit other codes.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from ratecalc.analysis import Analysis, analyze
from ratecalc.errors import InputError
from ratecalc.loaders import load_folder, require
from ratecalc_letter.content import build_letter

SUMMIT = "Summit BlueCare PPO"


def _analysis(tmp_path: Path, rate: str = "400.00") -> Analysis:
    folder = tmp_path / "clinic"
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as demo:
        shutil.copytree(demo, folder)
    with (folder / "fee_schedules.csv").open("a", encoding="utf-8") as f:
        f.write(f"{SUMMIT},97750,,{rate},2025-01-01\n")
    return analyze(require(load_folder(folder)))


def test_a_doubt_on_a_code_listed_apart_does_not_stop_the_proposal(tmp_path: Path) -> None:
    a = _analysis(tmp_path)
    # the rate is doubtful, and still a warning of the analysis (the Problems sheet, analyze)
    assert a.unconfirmed_doubts(SUMMIT)["code"].tolist() == ["97750"]
    assert any("97750: rate $400.00 looks wrong" in p.message for p in a.warnings)
    letter = build_letter(a, SUMMIT, "proposal")
    assert "97750" not in [ln.code for ln in letter.lines]
    text = "\n".join(letter.texts())
    assert "$400.00" not in text
    [apart] = [t for t in letter.texts() if "97750" in t]
    assert "did not bill" in apart


def test_a_doubt_on_a_code_the_letter_cites_still_stops_it(tmp_path: Path) -> None:
    """The clinic's own rate typed for the unbilled code puts it in the letter's table, with
    its current rate beside it: then the letter refuses, naming the row."""
    a = _analysis(tmp_path)
    from ratecalc_letter.proposal import proposal_letter
    with pytest.raises(InputError, match=r"(?s)would cite rates that look wrong.*97750: \$400"):
        proposal_letter(a, SUMMIT, requested_rates={"97750": 410.0})


def test_the_notice_names_what_continuing_takes_over_a_doubt_it_does_not_rest_on(
        tmp_path: Path) -> None:
    a = _analysis(tmp_path)
    notice = build_letter(a, SUMMIT, "termination")
    assert not [w for w in notice.warnings if "what rates it would take to continue" in w]
    clean = build_letter(_analysis(tmp_path / "clean", "40.00"), SUMMIT, "termination")
    assert notice.texts() == clean.texts()


def _offer(rates: dict[str, float]):
    from datetime import date

    from ratecalc_letter.blocks import PayerOffer
    # received in the demo's current term, before the analysis date
    return PayerOffer(payer=SUMMIT, rates=rates, received=date(2025, 11, 20))


def test_a_doubt_on_a_code_listed_apart_does_not_stop_the_counter(tmp_path: Path) -> None:
    """The counter letter follows the proposal's rule (cited_doubts): an offer on 97110 alone
    is answered code by code, with the codes left out still asked at their proposed rates;
    97750, not billed and not offered, is cited nowhere in it. It refused over any doubt of
    the payer's."""
    a = _analysis(tmp_path)
    letter = build_letter(a, SUMMIT, "counter", offer=_offer({"97110": 30.0}))
    assert [ln.code for ln in letter.lines] == ["97110"]
    assert "97750" not in [ln.code for ln in letter.not_offered]
    text = "\n".join(letter.texts())
    assert "97750" not in text and "$400.00" not in text


def test_a_doubt_on_a_code_the_counter_cites_still_stops_it(tmp_path: Path) -> None:
    """The payer's offer names 97750: its current rate goes in the counter's table, so the
    counter refuses, naming it."""
    a = _analysis(tmp_path)
    with pytest.raises(InputError, match=r"(?s)would cite rates that look wrong.*97750: \$400"):
        build_letter(a, SUMMIT, "counter", offer=_offer({"97110": 30.0, "97750": 45.0}))
