"""Why a result table has no rows (ratecalc.empty_results): one reason for every output."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.empty_results import RESULTS, empty_reason, empty_reasons
from ratecalc.report import summary
from ratecalc_workbook import layout


def _empty_clinic():
    data = demo_data()
    return replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
                   volumes=data.volumes.iloc[0:0])


def test_no_payer_at_all_asks_for_the_payers_first():
    data = _empty_clinic()
    data = replace(data, payers=data.payers.iloc[0:0], contracts=data.contracts.iloc[0:0])
    reasons = empty_reasons(analyze(data))
    assert set(reasons) == {"comparison", "priorities", "pareto_codes", "proposal",
                            "proposal_summary", "timeline"}
    assert reasons["comparison"].startswith("no payer is entered yet: enter each payer on the "
                                            "Payers table (column Payer)")
    assert reasons["timeline"].startswith("no contract is entered on the Contracts table")


def test_the_summary_says_the_same_reason_as_the_function():
    # summary.json and `refresh --json` carry it: an empty analysis was "$0.00" and no word
    analysis = analyze(_empty_clinic())
    assert summary(analysis)["empty"] == empty_reasons(analysis)
    assert summary(analyze(demo_data()))["empty"] == {}


def test_a_letters_payer_without_rates_is_told_of_its_own_rows():
    analysis = analyze(_empty_clinic())
    reason = empty_reason(analysis, "proposal", payer="Meridian Mutual")
    assert reason is not None and reason.startswith(
        "the Fee Schedules table and the Volumes table have no rows for Meridian Mutual")


def test_results_with_rows_have_no_reason_and_a_wrong_name_is_refused():
    analysis = analyze(demo_data())
    assert empty_reasons(analysis) == {}
    with pytest.raises(ValueError, match="result must be one of"):
        empty_reason(analysis, "dashboard")


@pytest.mark.parametrize("result", RESULTS)
def test_every_column_named_is_a_header_of_the_workbook_sheet_named(result):
    # the workbook says "on the Fee Schedules sheet (columns Payer, Code, Allowed amount...)":
    # each column so named must be that sheet's header, word for word
    data = _empty_clinic()
    data = replace(data, contracts=data.contracts.iloc[0:0])
    reason = empty_reason(analyze(data), result, places=layout.EMPTY_PLACES)
    assert reason is not None
    specs = {f"the {spec.sheet} sheet": spec for spec in (
        layout.FEE_SCHEDULES_TABLE, layout.VOLUMES_TABLE, layout.PAYERS_CONTRACTS_TABLE)}
    for where, columns in re.findall(r"on (the [\w &]+ sheet) \((?:columns?) ([^)]*)\)",
                                     reason):
        headers = specs[where].headers
        for word in columns.split(", "):
            assert word.split(" on or before")[0] in headers, (where, word)


def test_no_rate_today_but_one_agreed_before_the_new_term_is_no_projection_yet_an_ask():
    # every rate starts inside the term: the proposal asks on them, so the scenarios' and exit
    # estimates' reason must not say there is nothing to ask an increase on
    from datetime import timedelta

    from tests.test_scheduled_rates import TODAY, clinic

    day = TODAY + timedelta(days=30)
    a = analyze(clinic(fees=[("97110", 32.00, day), ("97140", 42.00, day)]))
    assert not a.proposal.empty
    for result in ("scenarios", "exit_impact"):
        reason = empty_reason(a, result)
        assert reason is not None and "no payer has a rate in force on the analysis date to " \
                                      "project from" in reason
        assert "ask an increase" not in reason
