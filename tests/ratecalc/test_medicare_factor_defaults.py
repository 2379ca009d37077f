"""Conversion-factor defaults the mutation run found untested (CMS's published factors)."""

from __future__ import annotations

from datetime import date

from ratecalc.medicare.conversion import conversion_factor_text


def test_the_default_factor_from_2026_is_the_non_qualifying_one():
    # CY 2026 final rule: 33.4009 for everyone but qualifying APM participants (33.5675)
    assert conversion_factor_text(date(2026, 6, 1)) == "33.4009"
    assert conversion_factor_text(date(2026, 6, 1), apm_qualifying=True) == "33.5675"
