"""Each worksheet function with a ``ratecalc`` command beside it gives the command's figure for
the same inputs, called as Excel calls it (xlwings' own ``CallUDF``, pywin32 stood in for):
MEDICARE_RATE and ``medicare --json``, FIXED_VS_PCT and ``scenario --json``, EXIT_IMPACT and
``exit-impact --json``, NOTICE_DEADLINE and NEGOTIATION_START and ``timeline --json``. Where the
command refuses (an unpayable code, a date no release covers) the function refuses too."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ratecalc_cli.main import main
from tests.addin.win32_stubs import ERR, MISSING


def command(*argv: str) -> tuple[int, Any]:
    """``ratecalc ARGV`` in this process: its exit code and its JSON (None when it printed
    none)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, json.loads(out.getvalue()) if out.getvalue().strip() else None


def com_date(day: dt.date) -> dt.datetime:
    """A date as pywin32 passes a date cell."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


CODES = ["97110", "97140", "97530", "97161", "97112", "92507", "97014", "G0283", "97597"]
LOCALITIES = ["10112-00", "02102-01", "AL", "TX", "Manhattan", "13202-01", "99999-99"]
#: the bundled releases' years and one beyond them (refused by both)
DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31))


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(CODES), locality=st.sampled_from(LOCALITIES), day=DAYS,
       facility=st.booleans(), mppr=st.booleans(), apm=st.booleans())
def test_medicare_rate_is_the_medicare_commands_amount(excel, code, locality, day, facility,
                                                       mppr, apm):
    cell = excel("MEDICARE_RATE", code, locality, com_date(day),
                 "facility" if facility else MISSING, mppr, apm)
    argv = ["medicare", code, "--locality", locality, "--date", day.isoformat(), "--json"]
    argv += ["--facility"] * facility + ["--mppr"] * mppr + ["--apm-qualifying"] * apm
    _, rows = command(*argv)
    amount = rows[0]["amount"] if rows else None
    if amount is None:
        assert isinstance(cell, str) and cell.startswith(ERR), (argv, cell)
    else:
        assert cell == amount, argv


@settings(max_examples=30, deadline=None)
@given(fixed=st.integers(1000, 20000), pct=st.integers(50, 250), medicare=st.integers(1000, 15000),
       units=st.integers(1, 100_000), years=st.integers(1, 10),
       cf=st.one_of(st.none(), st.integers(-50, 50)), escalator=st.integers(-30, 60),
       apm=st.booleans())
def test_fixed_vs_pct_is_the_scenario_commands_difference(excel, fixed, pct, medicare, units,
                                                          years, cf, escalator, apm):
    # dollars in cents, percentages in hundredths and thousandths, as typed
    args = (fixed / 100, pct / 100, medicare / 100, float(units), float(years),
            MISSING if cf is None else cf / 1000, escalator / 1000, apm)
    cell = excel("FIXED_VS_PCT", *args)
    argv = ["scenario", "--fixed", str(fixed / 100), "--pct-of-medicare", str(pct / 100),
            "--medicare", str(medicare / 100), "--units", str(units), "--years", str(years),
            "--escalator", str(escalator / 1000), "--json"]
    argv += [] if cf is None else ["--cf-change", str(cf / 1000)]
    argv += ["--apm-qualifying"] * apm
    code, result = command(*argv)
    assert code == 0
    assert cell == result["difference"], argv


shares = st.integers(0, 100).map(lambda n: n / 100)


@settings(max_examples=30, deadline=None)
@given(visits=st.integers(0, 50_000).map(lambda n: n / 10), rate=st.integers(100, 30_000),
       retention=shares, collection=shares, backfill=shares, backfill_rate=st.integers(0, 30_000),
       ramp=st.integers(0, 24), admin=st.integers(0, 500_000), months=st.sampled_from([12, 24]))
def test_exit_impact_is_the_exit_impact_commands_net(excel, visits, rate, retention, collection,
                                                     backfill, backfill_rate, ramp, admin,
                                                     months):
    cell = excel("EXIT_IMPACT", visits, rate / 100, retention, collection, backfill,
                 backfill_rate / 100, float(ramp), admin / 100, float(months))
    code, result = command(
        "exit-impact", "--annual-visits", str(visits), "--rate-per-visit", str(rate / 100),
        "--retention", str(retention), "--retained-collection", str(collection),
        "--backfill", str(backfill), "--backfill-rate", str(backfill_rate / 100),
        "--ramp-months", str(ramp), "--admin-savings", str(admin / 100), "--json")
    assert code == 0
    assert cell == result[f"net_impact_{months}m"]


@settings(max_examples=30, deadline=None)
@given(end=st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)), notice=st.integers(0, 365),
       lead=st.integers(0, 24))
def test_the_dates_are_the_timeline_commands(excel, end, notice, lead):
    deadline = excel("NOTICE_DEADLINE", com_date(end), float(notice))
    start = excel("NEGOTIATION_START", com_date(end), float(lead))
    code, result = command("timeline", "--end", end.isoformat(), "--notice-days", str(notice),
                           "--lead-months", str(lead), "--as-of", "2024-06-01", "--json")
    assert code == 0
    assert deadline.date().isoformat() == result["notice_deadline"]
    assert start.date().isoformat() == result["negotiation_start"]
