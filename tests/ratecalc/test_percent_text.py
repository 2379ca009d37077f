"""One percentage text for every output (issue 11: the demo's CLI list read 96.5% where the
warning beside it read 96.6% for the same payer and code)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc.money import percent_text, snapped_fraction


@pytest.mark.parametrize(("fraction", "places", "expected"), [
    (0.9655, 1, "96.6%"),  # a tie in decimal: half-up, though the binary value is just above
    (0.965449, 1, "96.5%"),
    (0.9654999, 1, "96.6%"),  # snapped to a millionth first, as the JSON carries it
    (0.88, 0, "88%"),
    (0.88, 1, "88.0%"),
    (1.0, 1, "100.0%"),
    (0.0005, 1, "0.1%"),  # half-up away from zero, as money rounds
    (0.12345, 2, "12.35%"),
])
def test_half_up_at_the_shown_place(fraction, places, expected):
    assert percent_text(fraction, places) == expected


@given(st.floats(min_value=0, max_value=10, allow_nan=False))
@example(0.0014995)  # round(x, 6) is 0.001499 (the binary value is below the half): 0.1%
def test_a_value_and_its_json_copy_read_the_same(fraction):
    # report.summary carries fractions read to six places (snapped_fraction; round(x, 6) rounded
    # the binary value and read 0.0014995 as 0.1% beside the figure's 0.2%); the text must not
    # depend on which copy an output formats
    assert percent_text(fraction) == percent_text(snapped_fraction(fraction))


def test_cli_list_and_warning_agree(tmp_path, capsys):
    from ratecalc_cli.main import main

    assert main(["demo", "--out", str(tmp_path / "d"), "--today", "2026-12-02"]) == 0
    out = capsys.readouterr()
    text = out.out + out.err
    listed = dict(re.findall(r"^  (.+? \w{5}): paid ([\d.]+%) of Medicare", text, re.M))
    assert listed, "the demo has payers paid below their contract"
    lines = re.findall(r"^warning: .*pays less than its contract.*$", text, re.M)
    assert lines
    for line in re.findall(r"^warning: .*pays less than its contract.*$", text, re.M):
        payer = re.search(r"^warning: Fee Schedules: (.+?) pays less", line).group(1)
        for code, pct in re.findall(r"(\w{5}) \(([\d.]+%) paid\)", line):
            assert listed[f"{payer} {code}"] == pct, (payer, code)
