"""The Negotiation Log read once for its problems and its dated rows (reader.log_warnings,
debd7f0): each selection keeps the rows it kept when the log was read twice.

A row dated after the as-of day whose offered rate is a bad cell is dropped from the whole
log's typed table (the bad cell is a warning), but not from the Date column's own: its
"dated after" warning must still be given at its Date cell. A row with a bad date is neither.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from ratecalc_workbook import layout
from ratecalc_workbook.reader import log_warnings, negotiation_logs_from_workbook

from .conftest import NOW, open_book
from .test_log_as_of import SUMMIT, _log

TODAY = NOW.date()
AHEAD = TODAY + timedelta(days=9)
SENT = TODAY - timedelta(days=3)


def test_a_row_dated_ahead_with_a_bad_cell_elsewhere_is_still_said_to_be_ahead(
        demo_copy: Path) -> None:
    rows = _log(demo_copy, [(SENT, SUMMIT, "sent", None, None),
                            (AHEAD, SUMMIT, "received", "97110", "a lot"),
                            ("next week", SUMMIT, "sent", None, None),
                            (AHEAD, SUMMIT, "sent", None, None)])
    wb = open_book(demo_copy)
    found = log_warnings(wb, demo_copy.name, demo_copy, TODAY)
    assert all(p.severity == "warning" for p in found)
    ahead = sorted(p.location.row for p in found if p.location.column == "date"
                   and "after the analysis date" in p.message)
    # the bad rate's row (rows[1]) and the good one (rows[3]); not the bad date's (rows[2])
    assert ahead == [rows[1], rows[3]]
    bad = {(p.location.row, p.location.column) for p in found
           if "after the analysis date" not in p.message}
    assert bad == {(rows[1], "offered_rate"), (rows[2], "date")}
    # without a day, the problems alone, the same ones
    assert {(p.location.row, p.location.column) for p in log_warnings(
        wb, demo_copy.name, demo_copy)} == bad


def test_each_selection_keeps_the_rows_it_kept_read_alone(demo_copy: Path) -> None:
    rows = _log(demo_copy, [(SENT, SUMMIT, "sent", None, None),
                            (AHEAD, SUMMIT, "received", "97110", "a lot"),
                            ("next week", SUMMIT, "sent", None, None)])
    wb = open_book(demo_copy)
    whole, dated = negotiation_logs_from_workbook(wb, demo_copy.name, demo_copy,
                                                  (None, ("date",)))
    assert list(whole[0]["sheet_row"]) == [rows[0]]  # the two bad rows dropped
    assert list(dated[0]["sheet_row"]) == [rows[0], rows[1]]  # only the bad date's dropped
    assert list(dated[0].columns) == ["date", "sheet_row"]
    assert {(p.location.row, p.location.column) for p in dated[1]} == {(rows[2], "date")}
    assert layout.NEGOTIATION_LOG in {p.location.sheet for p in whole[1]}
