"""ratecalc.timeline.notice_deadline_words, the notice deadline in a line of a list of payers
(``analyze``'s and ``demo``'s "Negotiate first", ``letter``'s summary), by hand at the edges of
"passed": test-review-8 found its day-0 edge and its words alone tested by nothing (the CLI
tests date letters weeks from the deadline)."""

from __future__ import annotations

from datetime import date

from ratecalc.timeline import notice_deadline_words

RENEWED = (date(2028, 1, 31), date(2027, 12, 2))


def test_on_the_deadline_day_it_is_not_passed() -> None:
    """0 days to the notice deadline: notice given today is on time (a deadline passes the
    day after it, as ratecalc_letter.parts.notice_passed has it), so the line names the
    deadline alone, not the renewed term's."""
    assert notice_deadline_words(date(2026, 12, 6), 0, RENEWED, 60) == \
        "notice deadline 2026-12-06"


def test_the_day_after_the_deadline_it_is_passed_and_names_the_renewed_terms() -> None:
    assert notice_deadline_words(date(2026, 12, 5), -1, RENEWED, 60) == (
        "notice deadline 2026-12-05 passed; the renewed term's notice deadline is 2027-12-02 "
        "(60 days before it ends 2028-01-31)")


def test_a_passed_deadline_with_no_renewed_term_says_passed_alone() -> None:
    assert notice_deadline_words(date(2026, 12, 2), -3, None, 60) == \
        "notice deadline 2026-12-02 passed"


def test_a_deadline_ahead_names_no_renewed_term() -> None:
    assert notice_deadline_words(date(2027, 12, 1), 361, RENEWED, 90) == \
        "notice deadline 2027-12-01"
