"""``ratecalc timeline --end ... --sent D`` at its edges: a proposal sent on the as-of day itself
has happened (ratecalc.negotiation_log.happened_by: on or before), so it is taken, not refused;
and --json carries proposal_sent only when --sent is given.

By hand (the contract of test_timeline_sent): ends Tue 2026-06-30, 90 days' notice, 5 months'
lead; the decision date is Wed 2026-03-18. Sent and told on Fri 2026-02-20: ten business days on
(no holiday between) is Fri 2026-03-06; ten more, Fri 2026-03-20, is after the decision date.
"""

from __future__ import annotations

import json

import pytest

from ratecalc_cli.main import ExitCode, main

CONTRACT = ["timeline", "--end", "2026-06-30", "--as-of", "2026-02-20", "--json"]


def test_a_proposal_sent_on_the_as_of_day_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CONTRACT, "--sent", "2026-02-20"]) == ExitCode.OK
    shown = json.loads(capsys.readouterr().out)
    assert shown["proposal_sent"] == "2026-02-20"
    assert shown["follow_ups"] == ["2026-03-06"]


def test_json_without_sent_has_no_proposal_sent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(CONTRACT) == ExitCode.OK
    assert "proposal_sent" not in json.loads(capsys.readouterr().out)
