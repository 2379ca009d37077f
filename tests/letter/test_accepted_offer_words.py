"""A payer's offer that meets the clinic's request on every code is accepted, and the letter's
next step is the written confirmation, not a reply to negotiate.

The letter accepted the offer ("we accept the rates you offered and ask that you send the
amended fee schedule for signature"), then closed as a counterproposal does: "we ask for your
response by December 16, 2025 ... I would welcome a call to discuss it", as if the rates it had
just agreed were still open. Worked on the demo clinic (analysis date 2025-12-01) for Summit
BlueCare PPO: its agreement's term ends March 31, 2026 and renews, notice 90 days (December 31,
2025); a reply is asked within 15 days, by December 16, 2025.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_cli.main import main

from .conftest import TOP_PAYER


def _letter(demo_folder: Path, tmp_path: Path, offer: dict[str, float]) -> list[str]:
    file = tmp_path / "offer.csv"
    file.write_text("payer,code,offered_rate\n" + "".join(
        f"{TOP_PAYER},{code},{rate:.2f}\n" for code, rate in offer.items()))
    out = tmp_path / "counter.docx"
    assert main(["letter", str(demo_folder), "--payer", TOP_PAYER, "--kind", "counter",
                 "--offer", str(file), "--out", str(out)]) == 0
    return [p.text for p in docx.Document(str(out)).paragraphs]


@pytest.fixture(scope="module")
def asked() -> dict[str, float]:
    proposal = analyze(demo_data()).proposal
    rows = proposal[proposal["payer"] == TOP_PAYER]
    return dict(zip(rows["code"].astype(str), rows["requested_rate"].astype(float), strict=True))


def test_an_offer_equal_to_the_request_is_accepted_and_confirmed_in_writing(
        demo_folder: Path, tmp_path: Path, asked: dict[str, float],
        capsys: pytest.CaptureFixture[str]) -> None:
    texts = _letter(demo_folder, tmp_path, asked)
    after = texts[texts.index("Next steps") + 1]
    assert after.startswith(
        "Please confirm the agreed rates in writing, with the amended fee schedule for "
        "signature, by December 16, 2025, ahead of the agreement's 90-day notice date of "
        "December 31, 2025, so that they take effect on April 1, 2026, the first day of the "
        "renewed term. Should you have any questions, you can reach me at "), after
    assert "we ask for your response" not in after
    assert "discuss" not in after  # nothing is left to discuss
    assert "Your offer meets our needs: we accept the rates you offered and ask that you send " \
           "the amended fee schedule for signature." in texts


def test_a_counterproposal_still_asks_for_a_response(
        demo_folder: Path, tmp_path: Path, asked: dict[str, float]) -> None:
    texts = _letter(demo_folder, tmp_path, {**asked, "97110": 26.00})
    after = texts[texts.index("Next steps") + 1]
    assert after.startswith("To settle rates before the current term of our agreement ends on "
                            "March 31, 2026, we ask for your response by December 16, 2025"), after
    assert "I would welcome a call to discuss it" in after


def test_an_accepted_offer_with_no_way_to_call_on_file_offers_no_call(
        demo_folder: Path, tmp_path: Path, asked: dict[str, float]) -> None:
    # no phone nor email on file: the confirmation closes the paragraph, with no call "to
    # discuss" the rates just agreed (parts.contact_sentence settled gives nothing)
    clinic = demo_folder / "clinic.csv"
    lines = clinic.read_text().splitlines()
    kept = [line for line in lines if line.split(",")[0] not in ("phone", "email")]
    assert len(kept) == len(lines) - 2
    clinic.write_text("\n".join(kept) + "\n")
    texts = _letter(demo_folder, tmp_path, asked)
    after = texts[texts.index("Next steps") + 1]
    assert after == (
        "Please confirm the agreed rates in writing, with the amended fee schedule for "
        "signature, by December 16, 2025, ahead of the agreement's 90-day notice date of "
        "December 31, 2025, so that they take effect on April 1, 2026, the first day of the "
        "renewed term.")


def test_the_notice_date_follows_the_reply_date_it_is_ahead_of(
        demo_folder: Path, tmp_path: Path, asked: dict[str, float]) -> None:
    # The reply is asked by December 16, 2025, moved ahead of the notice date (December 31,
    # 2025); the clause saying so came after the day the rates take effect, so the letter read
    # "take effect on April 1, 2026, the first day of the renewed term, ahead of the
    # agreement's 90-day notice date of December 31, 2025": April 1, 2026 is after it.
    texts = _letter(demo_folder, tmp_path, asked)
    after = texts[texts.index("Next steps") + 1]
    assert after.startswith(
        "Please confirm the agreed rates in writing, with the amended fee schedule for "
        "signature, by December 16, 2025, ahead of the agreement's 90-day notice date of "
        "December 31, 2025, so that they take effect on April 1, 2026, the first day of the "
        "renewed term. Should you have any questions, you can reach me at "), after
