"""The Dashboard's "Dollars below market" chart labels each bar with the payer's rank on the
Priorities sheet where a name is cut to a line: a payer whose contract ended has no rank (it is
no negotiation target, fe867dc), so its label carries no number, where counting the rows
numbered it "6." as the sixth payer to negotiate with.

The demo story as tests/test_ended_priorities.py tells it (its first target's contract not
renewing, as of the day after it ended, the story told from ``told_today``), that payer given a
name longer than a label's line so the chart's labels are written (charts.stake_labels_block)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from ratecalc_workbook import charts, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.refresh import refresh_workbook
from tests.test_ended_priorities import ENDED_PAYER, _story_after_end

from .conftest import open_book

#: longer than a label's line (charts.STAKE_LABEL_ROOM), so every bar is labelled
LONG_NAME = "Summit BlueCare PPO of the Greater Birmingham and Tuscaloosa Region"


def _renamed(frame: pd.DataFrame) -> pd.DataFrame:
    if "payer" not in frame.columns:
        return frame
    return frame.assign(payer=frame["payer"].replace({ENDED_PAYER: LONG_NAME}))


def test_the_ended_payers_bar_label_has_no_rank(tmp_path: Path, told_today: date) -> None:
    today = told_today  # the demo's story, told as of today
    data, _ = _story_after_end(today)
    data = replace(data, **{name: _renamed(getattr(data, name)) for name in (
        "payers", "contracts", "fee_schedules", "volumes")})
    book = tmp_path / "clinic.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=datetime.combine(today, time(9))).ok
    ws = open_book(book)[layout.DASHBOARD]
    [column] = [c for c in range(1, ws.max_column + 1)
                if ws.cell(row=charts.DATA_HEADER_ROW, column=c).value
                == "Dollars below market: label"]
    labels = [ws.cell(row=charts.DATA_HEADER_ROW + n, column=column).value for n in range(1, 7)]
    assert [label.split(" ")[0] for label in labels[:5]] == ["1.", "2.", "3.", "4.", "5."]
    assert labels[5].startswith("Summit BlueCare"), labels  # the ended payer, listed last
    assert labels[5].endswith("…")  # its name cut to a line, as the others are
