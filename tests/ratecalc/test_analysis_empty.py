"""The analysis of a clinic whose tables hold nothing to compare yet."""

from __future__ import annotations

from dataclasses import replace

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc.report import summary


def test_payers_without_rates_or_volumes_give_an_empty_proposal_not_a_crash():
    # a new workbook with its payers and contracts typed in, no fee schedule or volume yet:
    # the analysis ended in an internal error (text added to the float column of an empty
    # proposal)
    data = demo_data()
    data = replace(data, fee_schedules=data.fee_schedules.iloc[0:0],
                   volumes=data.volumes.iloc[0:0])
    analysis = analyze(data)
    assert analysis.proposal.empty and analysis.comparison.empty
    shown = summary(analysis)
    assert shown["annual_revenue"] == 0 and shown["proposal"] == []
