"""A notice of non-renewal says what rates it would take to continue only from rates that do
not look wrong, as no letter cites such a rate until it is confirmed (walk-7: MVP Health
Care's 92523 at $1,259.19, 521% of Medicare, gave $2,518.40 of the notice's "we would need
rates that pay $7,375.20 a year more"; the proposal letter to MVP was refused for it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc.errors import InputError
from ratecalc.loaders import load_folder
from ratecalc.money import money_text
from ratecalc_letter.content import build_letter
from tests.ratecalc.test_walk7_practice import KEYSTONE, _demo_folder


def _notice_data(tmp_path: Path, rate: str, confirmed: str = ""):  # type: ignore[no-untyped-def]
    folder = _demo_folder(tmp_path, analysis_date="2026-03-02")
    fees = folder / "fee_schedules.csv"
    text = fees.read_text(encoding="utf-8").replace(
        "allowed_amount,effective_date\n", "allowed_amount,effective_date,confirmed\n")
    fees.write_text(text.replace(f"{KEYSTONE},97110,,28.98,2025-01-01",
                                 f"{KEYSTONE},97110,,{rate},2025-01-01,{confirmed}"),
                    encoding="utf-8")
    data, problems = load_folder(folder)
    assert data is not None, [p.message for p in problems if p.severity == "error"]
    return data


def _notice(tmp_path: Path, rate: str, confirmed: str = "",  # type: ignore[no-untyped-def]
            to: str = KEYSTONE):
    return build_letter(analyze(_notice_data(tmp_path, rate, confirmed)), to, "termination")


def test_a_notice_cites_no_sum_built_on_a_rate_that_looks_wrong(tmp_path: Path) -> None:
    letter = _notice(tmp_path, "150.00")
    text = "\n".join(letter.texts())
    assert "we would need rates that pay" not in text
    assert "a year more than today's rates" not in text
    [warning] = [w for w in letter.warnings if "what rates it would take to continue" in w]
    assert "97110 at $153.00" in warning and "'confirmed' column" in warning


def test_a_confirmed_rate_is_in_the_notices_sum(tmp_path: Path) -> None:
    text = "\n".join(_notice(tmp_path, "150.00", confirmed="yes").texts())
    assert "To continue, we would need rates that pay $" in text


def test_a_notice_with_plausible_rates_says_the_sum(tmp_path: Path) -> None:
    letter = _notice(tmp_path, "28.98")
    assert "To continue, we would need rates that pay $" in "\n".join(letter.texts())
    assert not [w for w in letter.warnings if "what rates it would take" in w]


def test_another_payers_doubtful_rate_leaves_the_notice_its_sum(tmp_path: Path) -> None:
    """Keystone's doubtful 97110 is no reason to leave the sum out of Summit's notice: the
    rates it rests on are Summit's (the controls above are Keystone's own notice, so a check of
    every payer's doubts passed them)."""
    letter = _notice(tmp_path, "150.00", to="Summit BlueCare PPO")
    assert "To continue, we would need rates that pay $" in "\n".join(letter.texts())
    assert not [w for w in letter.warnings if "what rates it would take" in w]


def test_the_notices_warning_names_the_fee_schedule_row_of_a_raised_rate(
        tmp_path: Path) -> None:
    """The rate the escalator raised ($150.00 x 1.02 = $153.00) is on no row of the sheet the
    warning sends the user to: it names the row's own $150.00 too, as the proposal letter's
    refusal and the Problems sheet do (walk-7). It named '97110 at $153.00' alone."""
    analysis_letter = _notice(tmp_path, "150.00")
    [warning] = [w for w in analysis_letter.warnings
                 if "what rates it would take to continue" in w]
    assert "fee schedule $150.00, raised by its contract's 2% escalator" in warning, warning


def test_the_notice_and_the_proposal_refusal_name_a_doubtful_rate_alike(tmp_path: Path) -> None:
    """One listing of a rate that looks wrong for both letters: each names the code, the rate
    and the same reason."""
    letter = _notice(tmp_path, "150.00")
    [warning] = [w for w in letter.warnings if "what rates it would take to continue" in w]
    folder = tmp_path / "again"
    folder.mkdir()
    data = _notice_data(folder, "150.00")
    analysis = analyze(data)
    doubts = list(analysis.unconfirmed_doubts(KEYSTONE).itertuples())
    # today's $153.00 and the new term's $156.06 (raised twice)
    assert [money_text(d.rate) for d in doubts] == ["$153.00", "$156.06"]
    with pytest.raises(InputError) as refused:
        build_letter(analysis, KEYSTONE, "proposal")
    for doubt in doubts:
        assert f"97110: {money_text(doubt.rate)} ({doubt.reason})" in str(refused.value)
        assert f"97110 at {money_text(doubt.rate)} ({doubt.reason})" in warning, warning
