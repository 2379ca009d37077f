"""What the letters say of an agreement that does not renew by itself (Auto renew off: it
expires on its end date), read from the written .docx.

The letter accepting an offer asked the payer to confirm the rates "so that they take effect
when our agreement expires on June 30, 2026": rates cannot take effect as an agreement ends,
and an agreement that expires is not amended: the rates are those of a renewed agreement, from
the day after. The renewing agreement's letter said the same of its term ("take effect when the
current term of our agreement ends"). Worked on the demo clinic (analysis date 2025-12-01) for
Meridian Mutual: its agreement MM-AGR-0932 expires June 30, 2026 and does not renew by itself
(notice 90 days, April 1, 2026); a reply is asked within 30 days, by December 31, 2025.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from ratecalc.analysis import Analysis
from ratecalc_letter import write_letter
from ratecalc_letter.content import PayerOffer

EXPIRING = "Meridian Mutual"


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def asked(analysis: Analysis) -> dict[str, float]:
    rows = analysis.proposal[analysis.proposal["payer"] == EXPIRING]
    return dict(zip(rows["code"].astype(str), rows["requested_rate"].astype(float), strict=True))


def test_accepting_an_offer_for_an_expiring_agreement(
        analysis: Analysis, asked: dict[str, float], tmp_path: Path) -> None:
    texts = _texts(write_letter(analysis, EXPIRING, tmp_path / "settled.docx", "counter",
                                offer=PayerOffer(EXPIRING, asked, date(2025, 12, 1))))
    assert "Your offer meets our needs: we accept the rates you offered and ask that you send " \
           "the renewed agreement, with its fee schedule, for signature." in texts
    after = texts[texts.index("Next steps") + 1]
    assert after == (
        "Please confirm the agreed rates in writing, with the renewed agreement for signature, "
        "by December 31, 2025, so that it carries them from July 1, 2026, the day after ours "
        "expires. Should you have any questions, you can reach me at "
        "(205)\u00a0555-0100 or contracts@riverbendpt.example.")
    full = "\n".join(texts)
    assert "amended fee schedule" not in full  # an expiring agreement is not amended
    assert "take effect when" not in full


def test_a_late_proposal_for_an_expiring_agreement_asks_for_a_renewed_one(
        analysis: Analysis, tmp_path: Path) -> None:
    # after the notice date (April 1, 2026), before the end: the agreement still expires
    texts = _texts(write_letter(analysis, EXPIRING, tmp_path / "late.docx",
                                letter_date=date(2026, 5, 1)))
    assert any(text.startswith(
        "As our agreement expires on June 30, 2026, we ask that a renewed agreement carry the "
        "rates set out below") for text in texts), texts
    assert not any("the renewed agreement" in text for text in texts)


def test_accepting_an_offer_answered_after_an_expiring_agreement_ends(
        analysis: Analysis, asked: dict[str, float], tmp_path: Path) -> None:
    # written June 15, 2026, a reply asked by July 15, after the agreement expires (June 30):
    # it said "with the renewed agreement for signature, by July 15, 2026, for the rates of a
    # renewed agreement; ours expires on June 30, 2026", the renewed agreement twice
    day = date(2026, 6, 15)
    texts = _texts(write_letter(analysis, EXPIRING, tmp_path / "settled.docx", "counter",
                                offer=PayerOffer(EXPIRING, asked, day), letter_date=day))
    after = texts[texts.index("Next steps") + 1]
    assert after.startswith(
        "Please confirm the agreed rates in writing, with the renewed agreement for signature, "
        "by July 15, 2026, so that it carries them; ours expires on June 30, 2026. Should you "
        "have any questions"), after


def test_accepting_an_offer_names_the_renewed_agreement_once(
        analysis: Analysis, asked: dict[str, float], tmp_path: Path) -> None:
    # the closing named it twice, with two articles: "with the renewed agreement for
    # signature, by December 31, 2025, so that a renewed agreement carries them from July 1,
    # 2026" (e4bd7d22 mended the same for a reply asked after the agreement expires)
    texts = _texts(write_letter(analysis, EXPIRING, tmp_path / "settled.docx", "counter",
                                offer=PayerOffer(EXPIRING, asked, date(2025, 12, 1))))
    after = texts[texts.index("Next steps") + 1]
    assert after.count("renewed agreement") == 1, after
    assert ("by December 31, 2025, so that it carries them from July 1, 2026, the day after "
            "ours expires.") in after, after
