"""A letter says the payer's visits a year from the analysis' own copy
(:attr:`ratecalc.analysis.Analysis.visits_by_payer`, :func:`ratecalc.rates.payer_visits` of the
analysis' data found once by ``analyze``), not found again: the same figure every output reads."""

from __future__ import annotations

import math

import pytest

from ratecalc import rates
from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter import parts
from ratecalc_letter.content import proposal_letter
from tests.letter.conftest import TOP_PAYER


def test_a_letters_visits_are_the_analysis_copy_found_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = analyze(demo_data())
    calls: list[object] = []
    real = rates.payer_visits

    def counted(data: object) -> object:
        calls.append(data)
        return real(data)  # type: ignore[arg-type]

    monkeypatch.setattr(rates, "payer_visits", counted)
    proposal_letter(analysis, TOP_PAYER)
    # analyze found them; the letter, its warnings and its opening read that copy
    assert calls == []
    # the figure is the rule's on the analysis' data: an independent read of the rule
    expected = float(real(analysis.data)[TOP_PAYER])
    assert expected > 0
    got = parts.payer_visits(analysis, TOP_PAYER)
    assert got is not None and math.isclose(got, expected)


def test_a_payer_without_visits_has_none_in_the_letter() -> None:
    analysis = analyze(demo_data())
    assert parts.payer_visits(analysis, "No Such Payer") is None
