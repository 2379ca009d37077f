"""Every error value Excel shows is named as such in a table's cell, Python in Excel's too."""

from __future__ import annotations

import pytest

from ratecalc.schema import FEE_SCHEDULES
from ratecalc.validation import UnusableCell, parse_cell


@pytest.mark.parametrize("shown", ["#BUSY!", "#PYTHON!", "#TIMEOUT!", "#EXTERNAL!", " #python! "])
def test_a_newer_error_value_in_a_cell_is_named(shown):
    # read as text, '#PYTHON!' was "expected a dollar amount", naming no error
    with pytest.raises(UnusableCell, match=f"the cell shows the error {shown.strip().upper()}; "
                                           f"expected a dollar amount"):
        parse_cell(FEE_SCHEDULES.column("allowed_amount"), shown)
