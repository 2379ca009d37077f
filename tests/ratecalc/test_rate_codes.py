"""``rate_codes``: the codes of the rate-in-force table, found without building it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from ratecalc.demo import demo_data
from ratecalc.rates import rate_codes, rates_in_force
from tests.clinics import lonestar

AS_OF = date(2025, 12, 1)


def test_the_codes_are_those_of_the_table_on_the_demo_and_lonestar():
    for data in (demo_data(), lonestar()):
        as_of = data.settings.as_of
        assert rate_codes(data, as_of) == sorted(set(rates_in_force(data, as_of)["code"]))


def test_rates_in_force_and_volumes_count_and_assistant_rows_and_later_rates_do_not():
    data = demo_data()
    fee = pd.DataFrame([
        {"payer": "P", "code": "97110", "modifier": "", "allowed_amount": 30.0,
         "effective_date": date(2025, 1, 1), "confirmed": False},
        {"payer": "P", "code": "97140", "modifier": "GP", "allowed_amount": 25.0,
         "effective_date": date(2025, 1, 1), "confirmed": False},  # a discipline row only
        {"payer": "P", "code": "97112", "modifier": "CQ", "allowed_amount": 22.0,
         "effective_date": date(2025, 1, 1), "confirmed": False},  # an assistant rate only
        {"payer": "P", "code": "97530", "modifier": "", "allowed_amount": 35.0,
         "effective_date": date(2026, 1, 1), "confirmed": False},  # not yet in force
    ])
    volumes = pd.DataFrame([{"payer": "Q", "code": "97161", "units_per_year": 10.0,
                             "visits": 10, "description": None}])
    data = replace(data, fee_schedules=fee.astype(data.fee_schedules.dtypes.to_dict()),
                   volumes=volumes.astype(data.volumes.dtypes.to_dict()))
    assert rate_codes(data, AS_OF) == ["97110", "97140", "97161"]
    assert rate_codes(data, AS_OF) == sorted(set(rates_in_force(data, AS_OF)["code"]))
    assert rate_codes(data, date(2026, 1, 1)) == ["97110", "97140", "97161", "97530"]
    assert rate_codes(replace(data, volumes=data.volumes.iloc[0:0]), AS_OF) == ["97110",
                                                                                "97140"]
