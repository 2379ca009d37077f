"""ratecalc.metric_sources.sources_listed: where a letter's figures come from, each once, in
order, without a source another already says in full ("X" beside "X, and more": the remittance
rates' source beside the days to payment's, which says more and takes its place)."""

from __future__ import annotations

from ratecalc.metric_sources import sources_listed


def test_a_source_said_in_full_by_another_is_listed_once_in_its_place() -> None:
    rates, days = "835 remittances, 5 claims", "835 remittances, 5 claims, days over 4 claims"
    assert sources_listed([rates, " billing ", days, "billing", ""]) == [days, "billing"]
    assert sources_listed(["billing", rates]) == ["billing", rates]
    # a longer text that does not continue it after ", " says something else
    assert sources_listed(["835", "8350 lines"]) == ["835", "8350 lines"]
