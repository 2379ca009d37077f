"""Every column of every CSV table is written by its declared unit, never by its name.

``presentable`` rounded each column by words in its name: ``rate_escalator`` was money (it has
"rate"), so a 2.5% escalator was written 0.03. Each table :func:`ratecalc.report.result_tables`
gives now has its columns' units declared beside the code that builds it
(:data:`ratecalc.report.TABLE_UNITS`), and a column without one is refused.

The property's expected texts are worked here with :mod:`decimal` from the decimal each value
was drawn as: money half-up to cents, a fraction read to a millionth (as every output reads a
percentage before it rounds it once, :func:`ratecalc.money.percent_text`), a stated
percentage with every decimal it has, counts whole, a number as typed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import given

from ratecalc.analysis import analyze
from ratecalc.cell_text import csv_text
from ratecalc.column_units import ColumnUnitError, Unit
from ratecalc.demo import demo_data
from ratecalc.report import TABLE_UNITS, presentable, result_tables, write_tables
from tests.clinics import half_cent_clinic

#: Any day the bundled Medicare data covers: the demo's dates are told from it.
TODAY = date(2026, 12, 5)
CLINICS = {"demo": lambda: demo_data(TODAY), "half_cents": half_cent_clinic}


@pytest.mark.parametrize("clinic", list(CLINICS))
def test_every_column_of_every_table_has_a_declared_unit(clinic: str) -> None:
    tables = result_tables(analyze(CLINICS[clinic]()))
    if clinic == "demo":  # the demo has a contract check and a timeline: every table
        assert set(tables) == set(TABLE_UNITS)
    for name, frame in tables.items():
        undeclared = [c for c in frame.columns if c not in TABLE_UNITS[name]]
        assert undeclared == [], name
        if clinic == "demo":  # and no unit declared for a column the table has not
            assert set(frame.columns) == set(TABLE_UNITS[name]), name


def test_a_column_without_a_unit_is_refused_not_guessed() -> None:
    frame = pd.DataFrame({"payer": ["A"], "base_rate": [0.025]})
    with pytest.raises(ColumnUnitError, match="'proposal': columns without a unit: base_rate"):
        presentable(frame, TABLE_UNITS["proposal"], "proposal")


def test_the_declared_units_of_the_figures_the_review_named() -> None:
    assert TABLE_UNITS["proposal"]["rate_escalator"] is Unit.PERCENT_STATED
    assert TABLE_UNITS["contract_check"]["contract_pct"] is Unit.PERCENT_STATED
    assert TABLE_UNITS["proposal"]["current_rate"] is Unit.MONEY
    assert TABLE_UNITS["medicare"]["conversion_factor"] is Unit.FACTOR


def _decimals(places: int, largest: int, signed: bool = True) -> st.SearchStrategy[Decimal]:
    low = -largest if signed else 0
    return st.decimals(min_value=low, max_value=largest, places=places,
                       allow_nan=False, allow_infinity=False)


def _half_up(places: int) -> object:
    return lambda d: d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _read_to_a_millionth_then(places: int) -> object:
    """A percentage as every output reads it: to a millionth, half-up, then half-up to
    ``places``: 0.12344951 is 0.123450, then 0.1235 (12.35%, percent_text's hundredths), never
    0.1234 beside the sheets' 12.35%."""
    return lambda d: d.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


#: Per unit: values drawn as decimals, and the decimal the CSV must write for each.
CASES = {
    Unit.MONEY: (st.integers(0, 6).flatmap(lambda p: _decimals(p, 10**6)), _half_up(2)),
    Unit.MONEY_CHANGE: (st.integers(0, 6).flatmap(lambda p: _decimals(p, 10**6)), _half_up(2)),
    # to a millionth: the sheets' tenth of a percent is this rounded half-up once (four places
    # rounded twice: 1.015483, 101.5% on the sheets, was written 1.0155, which reads 101.6%)
    Unit.PERCENT: (st.integers(0, 8).flatmap(lambda p: _decimals(p, 50)),
                   _read_to_a_millionth_then(6)),
    Unit.PERCENT_2: (st.integers(0, 8).flatmap(lambda p: _decimals(p, 50)),
                     _read_to_a_millionth_then(6)),
    # a stated percentage keeps every decimal it was stated with, to ten places
    Unit.PERCENT_STATED: (st.integers(0, 12).flatmap(lambda p: _decimals(p, 5, signed=False)),
                          _half_up(10)),
    Unit.COUNT: (st.integers(-10**6, 10**6).map(Decimal), lambda d: d),
    Unit.NUMBER: (st.integers(0, 8).flatmap(lambda p: _decimals(p, 10**5, signed=False)),
                  lambda d: d),
    Unit.DAYS: (st.integers(0, 6).flatmap(lambda p: _decimals(p, 10**4, signed=False)),
                _half_up(1)),
    Unit.FACTOR: (st.integers(0, 8).flatmap(lambda p: _decimals(p, 100)), _half_up(4)),
    Unit.AMOUNT: (st.integers(0, 6).flatmap(lambda p: _decimals(p, 10**5)), _half_up(2)),
}


@st.composite
def _column(draw: st.DrawFn) -> tuple[Unit, list[Decimal | None]]:
    unit = draw(st.sampled_from(list(CASES)))
    values = draw(st.lists(st.one_of(CASES[unit][0], st.none()), min_size=1, max_size=6))
    return unit, values


@given(_column())
def test_the_csv_writes_each_value_rounded_half_up_as_its_unit_says(
        column: tuple[Unit, list[Decimal | None]]) -> None:
    unit, values = column
    floats = [float("nan") if v is None else float(v) for v in values]
    frame = pd.DataFrame({"figure": pd.Series(floats, dtype=float)})
    text = csv_text(presentable(frame, {"figure": unit}, "drawn"))
    written = [row["figure"] for row in csv.DictReader(io.StringIO(text))]
    expected = CASES[unit][1]
    for value, shown in zip(values, written, strict=True):
        if value is None:
            assert shown == "", (unit, shown)
            continue
        assert Decimal(shown) == expected(value), (unit, value, shown)  # type: ignore[operator]
        if unit in (Unit.COUNT, Unit.NUMBER) and value == value.to_integral_value():
            assert re.fullmatch(r"-?\d+", shown), (unit, value, shown)  # never "132.0"


@pytest.mark.parametrize("unit", [Unit.PERCENT, Unit.PERCENT_2])
@pytest.mark.parametrize(("value", "written"), [
    # to a millionth, 0.123450 (read to eight decimals and half-up to four, 0.1234), which the
    # sheets' tenth of a percent is rounded from once: to four places, 0.12345 was 0.1235,
    # 12.4%, beside the sheets' 12.3%; the demo's Summit 97166, $95.76 over Medicare's $94.30,
    # 1.0154825..., was 1.0155, 101.6%, beside the Proposal sheet's 101.5%
    (0.12344951, "0.12345"), (0.12344949, "0.123449"), (-0.12344951, "-0.12345"),
    (0.12345, "0.12345"), (0.00125, "0.00125"), (95.76 / 94.30, "1.015483"),
    (0.3 - 0.1 - 0.2, "0.0")])
def test_a_fraction_is_written_as_every_output_reads_it(unit: Unit, value: float,
                                                         written: str) -> None:
    frame = pd.DataFrame({"figure": [value]})
    [row] = csv.DictReader(io.StringIO(csv_text(presentable(frame, {"figure": unit}, "drawn"))))
    assert row["figure"] == written


def test_a_count_with_a_fraction_is_refused() -> None:
    frame = pd.DataFrame({"rank": [1.0, 2.5]})
    with pytest.raises(ColumnUnitError, match="'rank' \\(count\\)"):
        presentable(frame, {"rank": Unit.COUNT}, "priorities")


def test_a_contracts_stated_percent_of_medicare_keeps_its_decimals(tmp_path: Path) -> None:
    # the same class: contract_pct was rounded to four places as a "pct", so a contract of
    # 88.755% of Medicare was written 0.8875 or 0.8876 beside words saying 88.755%
    data = demo_data(TODAY)
    contracts = data.contracts.copy()
    cardinal = contracts["payer"] == "Cardinal Employers Trust"
    assert contracts.loc[cardinal, "rate_basis"].tolist() == ["pct_of_medicare"]
    contracts.loc[cardinal, "pct_of_medicare"] = 0.88755
    written = {p.stem: p for p in write_tables(analyze(replace(data, contracts=contracts)),
                                               tmp_path)}
    with written["contract_check"].open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["payer"] == "Cardinal Employers Trust"]
    assert rows and {r["contract_pct"] for r in rows} == {"0.88755"}
