"""Conversion-factor defaults the mutation run found untested (CMS's published factors)."""

from __future__ import annotations

from datetime import date

from ratecalc.medicare.conversion import conversion_factor_text


def test_the_default_factor_from_2026_is_the_non_qualifying_one():
    # CY 2026 final rule: 33.4009 for everyone but qualifying APM participants (33.5675)
    assert conversion_factor_text(date(2026, 6, 1)) == "33.4009"
    assert conversion_factor_text(date(2026, 6, 1), apm_qualifying=True) == "33.5675"


def test_an_ambiguous_factor_table_is_refused_in_words(monkeypatch):
    import pytest

    from ratecalc.errors import DataError
    from ratecalc.medicare import conversion

    row = conversion.FactorRow(2026, date(2026, 1, 1), date(2026, 12, 31), "33.4009", False, "x")
    monkeypatch.setattr(conversion, "factor_rows", lambda: (row, row))
    with pytest.raises(DataError, match=r"^Conversion-factor table is ambiguous for 2026-06-01$"):
        conversion.conversion_factor_text(date(2026, 6, 1))
