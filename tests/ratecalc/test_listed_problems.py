"""ratecalc.errors.listed_problems: the first ``limit`` problems to list one by one, and one
line counting the rest by severity, whose counts add up to the problems not listed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ratecalc.errors import Location, Problem, listed_problems


def _problem(severity: str, n: int = 0) -> Problem:
    return Problem("Fee schedule", Location(file="summit.csv", row=n + 2), f"bad {n}",
                   severity=severity)


def test_the_rest_is_counted_by_severity_errors_first() -> None:
    problems = [_problem("warning", 0), _problem("error", 1), _problem("warning", 2),
                _problem("error", 3), _problem("warning", 4)]
    shown, rest = listed_problems(problems, 2)
    assert shown == problems[:2]
    # by hand: of the three not listed, one error and two warnings
    assert rest == "... and 3 more problems, not listed: 1 error, 2 warnings"


def test_one_left_is_one_problem() -> None:
    shown, rest = listed_problems([_problem("error"), _problem("warning", 1)], 1)
    assert len(shown) == 1
    assert rest == "... and 1 more problem, not listed: 1 warning"


def test_none_left_is_no_line() -> None:
    problems = [_problem("error"), _problem("warning", 1)]
    assert listed_problems(problems, 2) == (problems, None)
    assert listed_problems([], 1_000) == ([], None)


def test_a_severity_of_its_own_is_counted_too() -> None:
    """A problem neither error nor warning (earlier_versions' "note") is counted in the line:
    it was left out, and the counts fell short of the number said."""
    shown, rest = listed_problems([_problem("error"), _problem("note", 1), _problem("error", 2)],
                                  1)
    assert rest == "... and 2 more problems, not listed: 1 error, 1 note"


@given(st.lists(st.sampled_from(["error", "warning", "note"]), max_size=40),
       st.integers(min_value=0, max_value=45))
def test_the_listed_and_the_counted_are_every_problem(severities: list[str],
                                                      limit: int) -> None:
    problems = [_problem(s, n) for n, s in enumerate(severities)]
    shown, rest = listed_problems(problems, limit)
    assert shown == problems[:limit]
    if rest is None:
        assert len(shown) == len(problems)
        return
    said = re.fullmatch(r"\.\.\. and ([\d,]+) more problems?, not listed: (.+)", rest)
    assert said is not None, rest
    counted = {m[2]: int(m[1].replace(",", ""))
               for m in re.finditer(r"([\d,]+) (error|warning|note)s?", said[2])}
    assert int(said[1].replace(",", "")) == len(problems) - limit == sum(counted.values())
    assert counted == {s: severities[limit:].count(s) for s in set(severities[limit:])}
