"""A market rate's percent of Medicare in `--json` and the `--out` table is read as every output
reads a percentage (to a millionth): pandas' round(4) wrote 0.12344951 as 0.1234 and 0.00125
as 0.0012 (half to even), beside the 12.35% and 0.13% the rule gives; and half-up to four
places after the millionth, 0.12345 was 0.1235, 12.4% beside the 12.3% the table shows."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ratecalc.market_rates.report import stats_records
from ratecalc.market_rates.stats import MONEY_COLUMNS
from ratecalc_cli.import_market_rates import presentation_frame

CASES = [(0.12344951, 0.12345), (0.12344949, 0.123449), (0.00125, 0.00125), (1.25, 1.25),
         (0.12345, 0.12345)]


def _stats(fractions: list[float]) -> SimpleNamespace:
    codes = pd.DataFrame({"code": [f"9711{k}" for k in range(len(fractions))],
                          "pct_of_medicare": fractions,
                          "flags": [()] * len(fractions)})
    for column in MONEY_COLUMNS:
        codes[column] = 1.0
    other = pd.DataFrame({"code": pd.Series([], dtype=object)})
    return SimpleNamespace(codes=codes, other_rates=other)


@pytest.mark.parametrize(("fraction", "written"), CASES)
def test_json_and_the_table_read_a_percent_of_medicare_as_every_output(fraction, written):
    stats = _stats([fraction, float("nan")])
    records = stats_records(stats)
    assert records[0]["pct_of_medicare"] == written
    assert np.isnan(records[1]["pct_of_medicare"])
    table = presentation_frame(SimpleNamespace(stats=stats))
    # the --out file writes it as plain decimal text, as it writes money
    assert table["pct_of_medicare"].iloc[0] == repr(written)
