"""The Medicare date a TiC file is compared on, when no release covers it, is named as what
it is: the file's last_updated_on (or today) the import took for it, not ``--date``, an option
the user never gave. A plan's file of January, before CMS's release for the year is imported,
was refused with "--date: no Medicare data for ..."; today was the system's, not the one given.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, market_rates_report
from ratecalc.market_rates.pooled import pooled_report
from ratecalc.medicare.store import newest_release

from .conftest import EVRY_JAN


def _dated(tmp_path: Path, last_updated_on: str | None) -> Path:
    document = json.loads(EVRY_JAN.read_text())
    if last_updated_on is None:
        del document["last_updated_on"]
    else:
        document["last_updated_on"] = last_updated_on
    path = tmp_path / "in-network.json"
    path.write_text(json.dumps(document))
    return path


def _after_the_newest_release() -> date:
    return newest_release().effective_to + timedelta(days=5)


OPTIONS = ExtractOptions.build(codes=["97110"])


@pytest.mark.parametrize("build", ["one file", "pooled"])
def test_a_file_dated_after_the_newest_release_is_named_by_its_date(tmp_path, build):
    day = _after_the_newest_release()
    path = _dated(tmp_path, day.isoformat())
    with pytest.raises(InputError) as refused:
        if build == "one file":
            market_rates_report(path, OPTIONS, locality="10112-00")
        else:
            pooled_report([str(path)], OPTIONS, locality="10112-00")
    message = str(refused.value)
    assert message.startswith(
        f"the Medicare date, the newest file's last_updated_on ({day.isoformat()}; --date sets "
        f"another): no Medicare data for {day.isoformat()}: the newest release"), message
    assert not message.startswith("--date")


@pytest.mark.parametrize("build", ["one file", "pooled"])
def test_given_a_date_it_is_the_option_s(tmp_path, build):
    day = _after_the_newest_release()
    path = _dated(tmp_path, "2025-01-06")
    with pytest.raises(InputError, match=f"^--date: no Medicare data for {day.isoformat()}"):
        if build == "one file":
            market_rates_report(path, OPTIONS, locality="10112-00", date_of_service=day)
        else:
            pooled_report([str(path)], OPTIONS, locality="10112-00", date_of_service=day)


@pytest.mark.parametrize("build", ["one file", "pooled"])
def test_a_file_without_a_date_is_compared_on_the_today_given(tmp_path, build):
    """today is an argument: a file with no last_updated_on is priced on the ``today`` given
    (here a day of 2025), never on the system's clock."""
    path = _dated(tmp_path, None)
    today = date(2025, 6, 1)
    if build == "one file":
        report = market_rates_report(path, OPTIONS, locality="10112-00", today=today)
    else:
        report = pooled_report([str(path)], OPTIONS, locality="10112-00", today=today)
    assert report.medicare is not None and report.medicare.date_of_service == today
    assert report.stats.codes.set_index("code").loc["97110", "medicare_amount"] == 26.83
    later = _after_the_newest_release()
    with pytest.raises(InputError, match=(
            f"^the Medicare date, today \\({later.isoformat()}; --date sets another\\): no "
            f"Medicare data for {later.isoformat()}")):
        if build == "one file":
            market_rates_report(path, OPTIONS, locality="10112-00", today=later)
        else:
            pooled_report([str(path)], OPTIONS, locality="10112-00", today=later)
