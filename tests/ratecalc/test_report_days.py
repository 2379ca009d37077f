"""Day counts in the CSV tables are whole numbers, blank where there is none.

A contract that ended without renewing has no notice deadline: its days are blank, and that
blank made pandas keep the whole column as floats, so every other payer's days were written
"30.0", "88.0" (found by a review, 2026-12-04).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.analysis import analyze
from ratecalc.dataset import ClinicData
from ratecalc.demo import demo_data
from ratecalc.report import write_tables
from ratecalc.table_export import write_clinic_tables
from ratecalc.timeline import renewal_calendar
from ratecalc_cli.main import main

ENDED = "Meridian Mutual"
#: The analysis date is given, never the clock's: the bundled Medicare data covers it in any year.
TODAY = date(2026, 12, 1)


def test_day_counts_are_whole_and_blank_only_where_a_contract_has_none(tmp_path: Path) -> None:
    today = TODAY
    data = demo_data(today)
    contracts = data.contracts.copy()
    ended = contracts["payer"] == ENDED
    contracts.loc[ended, "end_date"] = today - timedelta(days=30)
    contracts.loc[ended, "auto_renew"] = False
    analysis = analyze(replace(data, contracts=contracts))
    written = {p.stem: p for p in write_tables(analysis, tmp_path)}

    checked = 0
    for stem in ("priorities", "renewal_timeline"):
        with written[stem].open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        columns = [c for c in rows[0] if "days" in c and c != "notice_days"]
        assert columns, stem
        for row in rows:
            for column in columns:
                value = row[column]
                assert re.fullmatch(r"-?\d*", value), (stem, column, value)
                checked += 1
        blank = {row["payer"] for row in rows if any(row[c] == "" for c in columns)}
        assert blank == {ENDED}, (stem, blank)

    # the figures are the core's: Priorities' days to the notice deadline, as counted
    core = analysis.priorities.set_index("payer")["days_to_notice_deadline"]
    with written["priorities"].open(encoding="utf-8") as handle:
        shown = {r["payer"]: r["days_to_notice_deadline"] for r in csv.DictReader(handle)}
    for payer, days in core.items():
        assert shown[payer] == ("" if pd.isna(days) else str(int(days))), payer
    assert checked > 10


def _ended_clinic(tmp_path: Path) -> tuple[ClinicData, Path]:
    data = demo_data(TODAY)
    contracts = data.contracts.copy()
    ended = contracts["payer"] == ENDED
    contracts.loc[ended, "end_date"] = TODAY - timedelta(days=30)
    contracts.loc[ended, "auto_renew"] = False
    data = replace(data, contracts=contracts)
    write_clinic_tables(data, tmp_path / "tables")
    return data, tmp_path / "tables"


def test_the_core_tables_hold_day_counts_as_whole_numbers(tmp_path: Path) -> None:
    # The class of the defect above: a blank day count among numbers turned the column into
    # floats in the core, and each output had to mend it. `timeline --data --json` did not:
    # "days_to_notice": 87.0 beside the ended contract's null.
    data, _ = _ended_clinic(tmp_path)
    analysis = analyze(data)
    tables = {"priorities": (analysis.priorities, ("days_to_renewal", "days_to_notice_deadline")),
              "renewal_timeline": (analysis.timeline, ("days_to_notice",))}
    for name, (table, columns) in tables.items():
        assert table is not None
        for column in columns:
            days = table[column]
            assert str(days.dtype) == "Int64", (name, column, days.dtype)
            # the ended contract has no renewal: blank days to renewal, as to its deadline
            assert days.isna().sum() == 1, (name, column)


def test_timeline_json_prints_whole_days_and_null_for_the_ended_contract(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, folder = _ended_clinic(tmp_path)
    assert main(["timeline", "--data", str(folder), "--as-of", TODAY.isoformat(), "--json"]) == 0
    rows = {r["payer"]: r["days_to_notice"] for r in json.loads(capsys.readouterr().out)[
        "contracts"]}
    assert rows.pop(ENDED) is None
    assert len(rows) == 5
    for payer, days in rows.items():
        assert type(days) is int, (payer, days)
    # the days are the calendar's: each notice deadline counted from the day asked about
    calendar = renewal_calendar(data.contracts, as_of=TODAY).set_index("payer")
    for payer, days in rows.items():
        assert days == (calendar.loc[payer, "notice_deadline"] - TODAY).days, payer


def test_units_are_written_whole_and_a_fractional_volume_as_typed(tmp_path: Path) -> None:
    # units per year are a number, not a count (a volume may be 132.5 units), so the column is
    # floats, and every CSV wrote the demo's 132 units as "132.0"
    data = demo_data(TODAY)
    volumes = data.volumes.copy()
    volumes.loc[0, "units_per_year"] = 132.5
    fractional = (volumes.loc[0, "payer"], volumes.loc[0, "code"])
    for name, clinic in (("whole", data), ("fractional", replace(data, volumes=volumes))):
        written = {p.stem: p for p in write_tables(analyze(clinic), tmp_path / name)}
        for stem in ("comparison", "proposal"):
            with written[stem].open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            shown = {(r["payer"], r["code"]): r["units_per_year"] for r in rows}
            expected = {(p, c): str(int(u)) for p, c, u in data.volumes[
                ["payer", "code", "units_per_year"]].itertuples(index=False)}
            if name == "fractional":
                expected[fractional] = "132.5"  # and the others whole, not "2940.0"
            assert shown == expected, (name, stem)
