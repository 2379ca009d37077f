"""``ratecalc scenario`` never shows a break-even on the wrong side of the percent of Medicare it
is compared with, nor as it when it is not it, in its words or its ``--json``
(:func:`ratecalc.scenarios.shown_percents`): one code at $23.97 against 88.8% of a $27.00
Medicare amount ($23.98 a unit) read "Fixed dollar vs 88.8% of Medicare" and "Break-even:
88.8% of Medicare" beside "(better: percent of Medicare)"; the break-even is 23.97 / 27 =
88.7778%."""

from __future__ import annotations

import contextlib
import io
import json
import re
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc_cli.main import ExitCode, main
from ratecalc_cli.scenario import BETTER_WORDS

VERDICT = {words: code for code, words in BETTER_WORDS.items()}
#: Decimals of a percent past which no figure is shown: two figures there may read alike.
MOST_PLACES = 8


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == ExitCode.OK
    return out.getvalue()


def _percent(text: str) -> Decimal:
    assert text.endswith("%"), text
    return Decimal(text[:-1])


def _places(text: str) -> int:
    return len(text[:-1].partition(".")[2])


def _said(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The percent compared, and each break-even said with its verdict: the sentence's, then
    each path's row."""
    [compared] = re.findall(r"^Fixed dollar vs (\S+%) of Medicare", text, re.M)
    [better] = re.findall(r"\(better: ([A-Za-z ]+)\)$", text, re.M)
    [break_even] = re.findall(r"^Break-even: (\S+%) of Medicare", text, re.M)
    pairs = [(break_even, VERDICT[better])]
    lines = text.splitlines()
    start = lines.index("Under each path:") + 2
    for line in lines[start:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) != 7:
            break
        pairs.append((cells[5], VERDICT[cells[6]]))
    return compared, pairs


def _assert_agrees(compared: Decimal, break_even: Decimal, verdict: str, cap: bool) -> None:
    """The break-even as shown reads above the percent shown where the fixed offer is better,
    below it where the percent is, and as it only where they are equal (or at the most
    decimals shown, ``cap``, where no decimal tells them apart)."""
    if verdict == "fixed":
        assert break_even > compared or (break_even == compared and cap)
    elif verdict == "pct_of_medicare":
        assert break_even < compared or (break_even == compared and cap)
    if break_even == compared:
        assert verdict == "equal" or cap


@given(units=st.integers(1, 5_000), medicare=st.integers(1_000, 25_000),
       pct=st.integers(5 * 10**9, 2 * 10**10), offset=st.integers(-4, 4),
       years=st.integers(1, 5), cf=st.integers(-20, 20))
@example(units=1_000, medicare=2_700, pct=8_880_000_000, offset=-1, years=5, cf=0)
def test_the_command_never_says_a_break_even_against_its_verdict(
        units: int, medicare: int, pct: int, offset: int, years: int, cf: int) -> None:
    # a fixed rate a few cents from what the percentage (up to eight decimals of a percent)
    # pays in cents
    stated = Decimal(pct).scaleb(-10)
    fixed = max(int((stated * medicare).quantize(Decimal(1))) + offset, 1)
    argv = ["scenario", "--units", str(units), "--medicare", f"{medicare / 100:.2f}",
            "--fixed", f"{fixed / 100:.2f}", "--pct-of-medicare", str(stated),
            "--years", str(years), "--cf-change", str(Decimal(cf).scaleb(-4))]
    compared_text, pairs = _said(_run(argv))
    compared = _percent(compared_text)
    assert compared == stated * 100  # as stated, every decimal
    for break_even, verdict in pairs:
        _assert_agrees(compared, _percent(break_even), verdict, _places(break_even) == MOST_PLACES)
    payload = json.loads(_run([*argv, "--json"]))
    assert Decimal(repr(payload["pct_of_medicare"])) == stated
    for item in [payload, *payload["paths"]]:
        shown = Decimal(repr(item["break_even_pct_of_medicare"]))
        _assert_agrees(stated, shown, item["better"],
                       len(str(shown).partition(".")[2]) >= MOST_PLACES + 2)
