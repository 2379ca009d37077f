"""The help a user reads beside each setting says what it does, in words, and the Start sheet
points to where things are.

A reviewer of the printed demo found help lines that were a unit and a default alone
("[days]; default 90", "default 5%"), one naming a code identifier ("default analysis_date"),
and the Start sheet sending the reader "below" the clinic profile for figures that sit to its
right.
"""

from __future__ import annotations

import re

import pytest

from ratecalc.schema import EXIT_ASSUMPTIONS, SETTINGS
from ratecalc_workbook import layout
from ratecalc_workbook.builder import START_STEPS

from .conftest import open_book

#: A name as the code spells it (analysis_date), never a word a user reads.
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("column", [*SETTINGS.columns, *EXIT_ASSUMPTIONS.columns],
                         ids=lambda c: c.name)
def test_each_setting_says_what_it_does(column) -> None:
    text = layout.field_help(column)
    # a description, or a closed list of choices that names each; not a unit and default alone
    assert column.description or column.choices, text
    assert not IDENTIFIER.search(text), text


def test_the_start_sheet_says_where_the_clinic_figures_are() -> None:
    clinic = dict(START_STEPS)["1. Clinic"]
    beside = layout.METRICS_TABLE.first_col > layout.PROFILE_TABLE.first_col + len(
        layout.PROFILE_TABLE.columns) - 1
    assert beside and layout.METRICS_TABLE.header_row == layout.PROFILE_TABLE.header_row
    assert "To its right, your performance figures" in clinic
    assert "Below it" not in clinic


def test_the_start_sheet_does_not_deny_the_cells_shown_past_their_cents(demo_book) -> None:
    """The Start sheet said "Money is ... shown rounded to cents" above Scenarios cells that
    show $291,600.2156 on purpose (money_exact): it names the cells that do."""
    past_cents = {spec.sheet for spec in layout.TABLES_BY_NAME.values() for c in spec.columns
                  if c.fmt == "money_exact"}
    assert past_cents == {layout.SCENARIOS}
    start = open_book(demo_book)["Start"]
    text = " ".join(c.value for row in start.iter_rows() for c in row
                    if isinstance(c.value, str) and "Money is computed" in c.value)
    assert "shown rounded to cents" in text
    assert "the Scenarios' years at their rates" in text and "walk-away floor" in text
