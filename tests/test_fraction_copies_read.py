"""A fraction carried for scripts (summary.json, ``scenario --json``, a letter's JSON) or for a
spreadsheet (the result tables' CSV) is the figure every output reads, so that its text is the
same figure's text: :func:`ratecalc.money.percent_text` reads a fraction to a millionth,
half-up. Carried as ``round(x, 4)`` or ``round(x, 6)`` (the binary value rounded, half to
even) and read again, it was rounded twice: a share of 0.12345 was 0.1235, which ``analyze``
printed "12.4% of volume" beside the Priorities sheet's 12.3%; a break-even of 0.0014995
(0.00149949999... in binary) was 0.001499, printed 0.1% where the figure reads 0.2%.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.column_units import Unit
from ratecalc.money import percent_text
from ratecalc.report import TABLE_UNITS, _fraction, presentable
from ratecalc.table_export import write_clinic_tables
from ratecalc_cli.main import main
from ratecalc_cli.output import cell_text
from ratecalc_cli.scenario import _factor as scenario_factor
from ratecalc_cli.scenario import _fraction as scenario_fraction
from tests.strategies import seven_decimal_fractions as fractions
from tests.strategies import steps_off
from tests.workbook.conftest import tiny_clinic


@given(st.one_of(fractions, st.floats(-10, 10)), st.integers(0, 4))
@example(0.12345, 1)
@example(0.0014995, 1)
@example(0.70045, 1)
def test_a_carried_fraction_reads_as_the_figure(fraction: float, places: int) -> None:
    shown = percent_text(fraction, places)
    assert percent_text(_fraction(fraction), places) == shown  # type: ignore[arg-type]
    assert percent_text(scenario_fraction(fraction), places) == shown


#: Indexes (a factor shown to four decimals) of up to eight decimals, a step or two off.
indexes = st.builds(lambda n, steps: steps_off(float(Decimal(n).scaleb(-8)), steps),
                    st.integers(5 * 10**7, 5 * 10**8), st.integers(-2, 2))


@given(indexes)
@example(1.0000495)  # carried as round(x, 6), 1.00005: read 1.0001 where the figure is 1.0000
def test_a_carried_index_reads_as_the_figure(index: float) -> None:
    # scenario --json's Medicare and fixed indexes, which its table prints from that copy
    assert cell_text(scenario_factor(index), Unit.FACTOR) == cell_text(index, Unit.FACTOR)


@given(fractions)
@example(0.12345)  # Series.round(4): 0.1234
@example(0.00125)  # exact in binary: rounded to even, 0.0012
@example(0.3 - 0.1 - 0.2)
@example(95.76 / 94.30)  # to four places 1.0155, 101.6%, beside the Proposal sheet's 101.5%
@example(3.4999999999999995e-06)  # 0.0000035 a double low: 0.000004, as LibreOffice's ROUND(x, 6)
def test_a_csv_fraction_is_read_to_a_millionth(fraction: float) -> None:
    [written] = presentable(pd.DataFrame({"share_of_volume": [fraction]}),
                            {"share_of_volume": TABLE_UNITS["priorities"]["share_of_volume"]},
                            "priorities")["share_of_volume"].tolist()
    # the figure as percent_text reads it (to 15 significant digits, as the sheets' ROUND
    # reads it, then to a millionth): half-up to four places as well, it was rounded twice,
    # 0.12345 written 0.1235, 12.4% beside the sheets' 12.3%
    read = Context(prec=15, rounding=ROUND_HALF_UP).plus(Decimal(repr(fraction)))
    expected = read.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    assert Decimal(repr(written)) == expected
    assert math.copysign(1, written) == 1 or written < 0
    # so that the written figure reads, at every precision an output shows, as the figure
    for places in range(5):
        assert percent_text(written, places) == percent_text(fraction, places)


def test_analyze_says_the_share_of_volume_the_sheet_shows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Alpha Health bills 12,345 of the 100,000 units: 12.345%, 12.3% to a tenth, half-up (the
    # Priorities sheet's 0.0% of the same share); Beta Plan 87,655, 87.655%: 87.7%
    data = tiny_clinic()
    volumes = data.volumes.assign(units_per_year=[12295.0, 50.0, 60000.0, 27655.0])
    folder = tmp_path / "tables"
    write_clinic_tables(replace(data, volumes=volumes), folder)
    capsys.readouterr()
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) in (0, 1)
    out = capsys.readouterr().out
    shares = dict(re.findall(r"^  \d+\. (.+?): .* market, ([\d.]+%) of volume", out, re.M))
    assert shares == {"Alpha Health": "12.3%", "Beta Plan": "87.7%"}
