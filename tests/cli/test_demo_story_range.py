"""``--today`` late enough that the demo's story moves a date past the years RateCalc takes.

``ratecalc demo --today 2199-12-31`` failed reading ``Contracts 'contracts.csv', row 7, column
E 'end_date' ... got '2201-01-31'``: a file the user never gave, a date never typed. It is the
``--today`` option's error now (exit 2), saying the last day that works, before anything is
built or written.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ratecalc.demo import demo_data, last_story_day
from ratecalc.errors import UsageError
from ratecalc_cli.main import ExitCode, main

#: By hand: the shipped demo's latest date is a contract's end, 2027-12-31, which may move
#: (2199 - 2027) x 12 = 2064 months and stay in 2199. The story moves by the whole months from
#: its anchor, 2025-12-01, nearest to today: 2064 months on 2197-12-01, until 2197-12-16 (15
#: days after, 16 before 2198-01-01); on 2197-12-17 the nearest is 2065 months, and that
#: contract would end on 2200-01-31.
LAST = date(2197, 12, 16)


def test_the_last_day_the_story_can_be_told_on() -> None:
    assert last_story_day() == LAST
    assert demo_data(LAST).settings.analysis_date == LAST
    with pytest.raises(UsageError, match=r"^--today 2197-12-17: the demo's story told on that "
                                         r"day ends a contract on 2200-01-31, past the years "
                                         r"RateCalc takes \(1970 to 2199\); give a --today of "
                                         r"2197-12-16 or earlier$"):
        demo_data(LAST + timedelta(days=1))


@pytest.mark.parametrize("command", [
    ["demo"],
    ["timeline", "--demo"],
    ["scenario", "--demo", "--payer", "Keystone Health Plan"],
    ["exit-impact", "--demo", "--payer", "Keystone Health Plan"],
    ["workbook", "new", "{out}/negotiation.xlsx", "--demo"],
], ids=lambda c: " ".join(c[:2]))
def test_a_today_past_it_is_the_options_error(command: list[str], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    argv = [a.format(out=out) for a in command] + ["--today", "2199-12-31"]
    if command == ["demo"]:
        argv += ["--out", str(out)]
    assert main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "--today 2199-12-31: the demo's story told on that day ends a contract on " \
           "2202-01-31, past the years RateCalc takes (1970 to 2199); give a --today of " \
           "2197-12-16 or earlier" in err
    assert "contracts.csv" not in err and "note:" not in err
    assert not out.exists() or not any(out.iterdir())
