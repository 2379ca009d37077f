"""The result sheets format each column they share with a core table as its declared unit says.

The CSV files round each column by the unit declared beside the code that builds its table
(:data:`ratecalc.report.TABLE_UNITS`); the sheets write the same figures through their own
number formats (:mod:`ratecalc_workbook.layout`). A column declared money is a money format on
the sheet, a stated percentage ``pct_stated``, a fraction ``pct``..., so that a figure cannot be
a percentage on one output and cents on another (``rate_escalator`` was 0.03 in proposal.csv
beside the sheets' 2.50%).
"""

from __future__ import annotations

import pytest

from ratecalc.column_units import Unit
from ratecalc.report import TABLE_UNITS
from ratecalc.scenarios import YEAR_UNITS
from ratecalc_workbook import layout

#: Each result table of the workbook and the core table it shows.
SHOWN = {
    "comparison": layout.COMPARISON_TABLE, "priorities": layout.PRIORITIES_TABLE,
    "pareto_codes": layout.PARETO_CODES_TABLE, "proposal": layout.PROPOSAL_TABLE,
    "proposal_summary": layout.PROPOSAL_SUMMARY_TABLE,
    "renewal_timeline": layout.TIMELINE_TABLE,
}


@pytest.mark.parametrize(("units", "spec"), [
    *((TABLE_UNITS[name], spec) for name, spec in SHOWN.items()),
    (YEAR_UNITS, layout.SCENARIO_YEARS_TABLE), (YEAR_UNITS, layout.SCENARIO_TOTALS_TABLE)],
    ids=[*SHOWN, "scenario_years", "scenario_totals"])
def test_each_shared_column_has_its_units_format(units: dict[str, Unit],
                                                  spec: layout.TableSpec) -> None:
    shared = [c for c in spec.columns if c.key in units]
    # most of the sheet's columns are the core's (its own: notes, a formula's revenue)
    assert len(shared) >= len(spec.columns) // 2, spec.name
    wrong = [(c.key, c.fmt, units[c.key].value) for c in shared
             if c.fmt not in layout.UNIT_FORMATS[units[c.key]]]
    assert wrong == [], spec.name


def test_every_unit_has_a_sheet_format() -> None:
    assert set(layout.UNIT_FORMATS) == set(Unit)
    assert all(f in layout.FORMATS or f == "general"
               for formats in layout.UNIT_FORMATS.values() for f in formats)
