"""Day counts in the CSV tables are whole numbers, blank where there is none.

A contract that ended without renewing has no notice deadline: its days are blank, and that
blank made pandas keep the whole column as floats, so every other payer's days were written
"30.0", "88.0" (found by a review, 2026-12-04).
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import write_tables

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
        assert shown[payer] == ("" if days != days else str(int(days))), payer
    assert checked > 10
