"""The contact sentence of a letter that agrees the rates (``parts.contact_sentence``,
``settled=True``): an offer to answer questions, or nothing when the clinic's profile holds
no phone and no email (test-review-12: a mutant giving a sentence without a way to reach the
clinic passed every test)."""

from __future__ import annotations

from ratecalc_letter.parts import contact_sentence


def test_a_settled_letter_with_no_way_to_reach_the_clinic_says_nothing() -> None:
    assert contact_sentence({}, settled=True) == ""
    assert contact_sentence({"phone": "", "email": "  "}, settled=True) == ""


def test_a_settled_letter_offers_answers_at_the_email_on_file() -> None:
    assert contact_sentence({"email": "billing@clinic.example"}, settled=True) == (
        "Should you have any questions, you can reach me at billing@clinic.example.")


def test_an_unsettled_letter_still_asks_for_a_call() -> None:
    assert contact_sentence({}) == "I would welcome a call to discuss it."


def test_a_settled_letter_names_the_phone_or_the_email() -> None:
    # the phone's hyphens no-break hyphens (U+2011), as formats.phone writes them
    assert contact_sentence({"phone": "555-123-4567", "email": "billing@clinic.example"},
                            settled=True) == (
        "Should you have any questions, you can reach me at 555\u2011123\u20114567 or "
        "billing@clinic.example.")
