"""The notice of non-renewal names the clinic in the possessive as the letters name a payer
(:func:`ratecalc_letter.parts.possessive`): a practice whose name ends in a plural s,
"Bay & Redwood Therapy Partners", sent "This letter is Bay & Redwood Therapy Partners's
written notice" beside "Anthem Blue Cross' Prudent Buyer PPO network" (walk-6, a PT + OT
practice with two locations)."""

from __future__ import annotations

import dataclasses

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter.content import build_letter
from ratecalc_letter.parts import possessive

from .conftest import TOP_PAYER


def _notice(clinic_name: str) -> str:
    data = demo_data()
    clinic = {**data.clinic, "name": clinic_name}
    analysis = analyze(dataclasses.replace(data, clinic=clinic))
    return "\n".join(build_letter(analysis, TOP_PAYER, "termination").texts())


def test_a_clinic_named_in_the_plural_takes_the_apostrophe_alone() -> None:
    text = _notice("Bay & Redwood Therapy Partners")
    assert "This letter is Bay & Redwood Therapy Partners' written notice" in text
    assert "Partners's" not in text


def test_a_clinic_name_not_ending_in_s_keeps_its_s() -> None:
    text = _notice("Riverbend Physical Therapy & Rehab")
    assert "This letter is Riverbend Physical Therapy & Rehab's written notice" in text


@pytest.mark.parametrize(("name", "said"), [
    ("Lakeside Health Partners", "Lakeside Health Partners'"),
    ("Meridian Mutual", "Meridian Mutual's"),
    ("  Bay Therapy Associates ", "Bay Therapy Associates'"),
    # an initialism, said letter by letter ("B-C-B-S's"), is no plural: it keeps its 's
    ("BCBS", "BCBS's"), ("Anthem BCBS", "Anthem BCBS's"),
])
def test_possessive(name: str, said: str) -> None:
    assert possessive(name) == said
