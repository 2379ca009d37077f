"""Every value a result table writes in a money format is written as the amount it stands for
(:func:`ratecalc.money.exact_amount`), so that its cell shows the decimals of that amount: the
Scenarios' years at their rates ("money_exact", cents and up to two decimals more) were written
as computed, and a sum of units x rates of 518.64205 held as 518.6420499999999 showed $518.642."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc_workbook import layout
from ratecalc_workbook.result_sheets import MONEY_SHOWN, _shown_column
from tests.strategies import steps_off


def test_every_money_value_column_is_written_exact() -> None:
    money = {name for name, fmt in layout.FORMATS.items() if fmt.startswith('"$"')}
    written = {(spec.name, c.key, c.fmt) for spec in layout.TABLES_BY_NAME.values()
               for c in spec.columns if c.role == "value" and c.fmt in money}
    assert ("tblScenarioYears", "fixed_at_rates", "money_exact") in written
    assert {fmt for _, _, fmt in written} <= MONEY_SHOWN


def exact_money_shown(held: float) -> str:
    """What LibreOffice shows of ``held`` in ``"$"#,##0.00##`` (a non-negative amount)."""
    digits = f"{Decimal(repr(held)).quantize(Decimal('0.0001'), ROUND_HALF_UP):,f}"
    return "$" + digits[:-2] + digits[-2:].rstrip("0")



@given(st.integers(0, 10**12), st.integers(-2, 2))
@example(233335, -1)  # 2.3333499999999997: $2.3333
def test_an_amount_of_five_decimals_shows_its_fourth_half_up(hundred_thousandths: int,
                                                             steps: int) -> None:
    amount = Decimal(hundred_thousandths).scaleb(-5)
    [held] = _shown_column([steps_off(float(amount), steps)], money=True)
    digits = f"{amount.quantize(Decimal('0.0001'), ROUND_HALF_UP):,f}"
    assert exact_money_shown(held) == "$" + digits[:-2] + digits[-2:].rstrip("0")


def test_the_scenarios_years_hold_the_amounts_they_stand_for(tmp_path: Path) -> None:
    # Alpha Health: 12.34567 units at $25.00 and 7.00001 at $30.00 a year, no escalator: year 1
    # at its rates is 308.64175 + 210.0003 = $518.64205 by hand (518.6420499999999 in binary:
    # it showed $518.642)
    import dataclasses

    from ratecalc_workbook.builder import new_workbook
    from ratecalc_workbook.refresh import refresh_workbook

    from .conftest import NOW, open_book, tiny_clinic

    data = tiny_clinic()
    volumes = data.volumes.assign(units_per_year=[12.34567, 7.00001, 60.0, 40.0])
    book = new_workbook(tmp_path / "book.xlsx", dataclasses.replace(data, volumes=volumes))
    assert refresh_workbook(book, now=NOW).ok
    ws = open_book(book)[layout.SCENARIOS]
    spec = layout.SCENARIO_YEARS_TABLE
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if spec.columns[0].header in r and
                  spec.spec("fixed_at_rates").header in r)
    at = header.index(spec.spec("fixed_at_rates").header)
    payer, year = header.index("Payer"), header.index("Year")
    [held] = [r[at] for r in rows[rows.index(header) + 1:]
              if r[payer] == "Alpha Health" and r[year] == 1]
    assert held == 518.64205
    assert exact_money_shown(held) == "$518.6421"
