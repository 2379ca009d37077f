"""The Exit Impact sheet's "Rate per visit" beside its "Visits a year" prices the year as the
row's figures are priced: EXIT_IMPACT pointed at the two cells, every assumption 0, gives minus
the row's "Revenue at risk", rounded once, half-up.

Varied seed 1's Quarry Health Alliance (tests/varied_books.py, as of 2025-12-30): $142,652.955
over 3,120 visits, a quotient no decimal holds. Written to a micro-cent (45.72210096), the cell
priced the year at $142,652.9549952, so the function gave -$142,652.95 beside the row's
$142,652.96 at risk (the half-cent tie docs/TESTING.md left standing on 2026-12-07).
"""

from __future__ import annotations

import pytest

import ratecalc_addin as xl
from ratecalc.exit_impact import year_revenue
from ratecalc.money import fraction_cents
from ratecalc_cli.main import main
from ratecalc_workbook import layout
from tests.generated_books import write_book
from tests.varied_books import varied
from tests.workbook.test_refresh import table_frame

QUARRY = "Quarry Health Alliance"


@pytest.fixture(scope="module")
def exits(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("varied1")
    write_book(varied(1), folder)
    assert main(["refresh", str(folder / "book.xlsx")]) in (0, 1)  # 1: warnings
    return table_frame(folder / "book.xlsx", layout.EXIT_TABLE).set_index("payer")


def test_the_rate_per_visit_cell_prices_its_rows_revenue(exits) -> None:
    # the premise: the tie, $142,652.955 at risk, shown half-up
    assert exits.loc[QUARRY, "annual_visits"] == 3120
    assert exits.loc[QUARRY, "revenue_at_risk"] == 142_652.96
    for payer, row in exits.iterrows():
        visits, rate = float(row["annual_visits"]), float(row["rate_per_visit"])
        assert float(fraction_cents(year_revenue(visits, rate))) == row["revenue_at_risk"], payer
        # a 1x1 result, as Excel calls it on two cells
        assert xl.EXIT_IMPACT(visits, rate, 0, 0, 0, 0, 0, 0, 12) == [[-row["revenue_at_risk"]]], \
            payer
