"""The note on Medicare amounts of an earlier year says which year and release, and how far
behind, in true words (it said "last year's Medicare" of amounts two years old)."""

from __future__ import annotations

from datetime import date

import pytest

from ratecalc.analysis import stale_medicare_note
from ratecalc.dataset import Settings


@pytest.mark.parametrize(("as_of", "behind"), [
    (date(2027, 3, 15), "Medicare of 2026 (release RVU26C), a year before 2027"),
    (date(2028, 6, 1), "Medicare of 2026 (release RVU26C), 2 years before 2028"),
])
def test_the_note_names_the_year_the_release_and_how_far_behind(as_of: date,
                                                                behind: str) -> None:
    note = stale_medicare_note(Settings(analysis_date=as_of, medicare_date=date(2026, 12, 31)))
    assert note is not None
    assert "last year's" not in note
    assert behind in note
    assert note.startswith("Medicare amounts are 2026's (medicare_date 2026-12-31), the "
                           f"analysis is as of {as_of.isoformat()}")


def test_no_note_in_the_same_year() -> None:
    assert stale_medicare_note(Settings(analysis_date=date(2026, 6, 1),
                                        medicare_date=date(2026, 1, 1))) is None
