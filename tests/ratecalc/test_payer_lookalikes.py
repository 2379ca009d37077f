"""Payer names that look alike: one payer typed two ways is refused, naming both rows.

A second Payers row named ``Summit  BlueCare PPO`` (two spaces), with a no-break space, a
zero-width space or a direction mark in it, was taken as a payer of its own with nothing said,
while the Fee Schedules and Volumes refuse such a name ("did you mean"). The rule
(:func:`ratecalc.payers.lookalike_payers`): a name that differs from another only by spaces,
characters that show nothing or capitals is a duplicate of the earlier row.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ratecalc.loaders import load_folder
from ratecalc.payers import lookalike_key, lookalike_payers, payer_key

SUMMIT = "Summit BlueCare PPO"

#: The review's look-alikes of the demo's first payer, and one in other capitals as well.
LOOKALIKES = {
    "two spaces": "Summit  BlueCare PPO",
    "no-break space": "Summit\u00a0BlueCare PPO",
    "zero-width space": "Summit BlueCare\u200b PPO",
    "right-to-left mark": "\u200fSummit BlueCare PPO",
    "capitals and a tab": "SUMMIT\tBLUECARE PPO",
}

#: Characters that show nothing: zero-width space, joiner and non-joiner, word joiner, marks
#: and isolates of direction, byte order mark, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u00ad"
SPACES = " \u00a0\u2009\u3000\t"


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        shutil.copytree(folder, tmp_path / "clinic")
    return tmp_path / "clinic"


def _add_payer(folder: Path, name: str) -> int:
    """A payers.csv row for ``name``, a copy of the first row's other cells; its line."""
    path = folder / "payers.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = frame.iloc[[0]].copy()
    row["payer"], row["payer_id"] = name, "X-2"
    pd.concat([frame, row]).to_csv(path, index=False)
    return len(frame) + 2


@pytest.mark.parametrize("name", LOOKALIKES.values(), ids=list(LOOKALIKES))
def test_a_payer_typed_another_way_is_a_duplicate_naming_both_rows(demo_folder: Path,
                                                                    name: str) -> None:
    line = _add_payer(demo_folder, name)
    data, problems = load_folder(demo_folder)
    assert data is None
    [error] = [p for p in problems if p.rule.startswith("duplicate payer")]
    assert (error.location.file, error.location.row, error.location.column) == (
        "payers.csv", line, "payer")
    assert error.value == name
    assert f"this name differs from {SUMMIT!r} (row 2, cell A2) only by spaces" in error.rule
    assert "type it as row 2 does" in error.rule


def test_a_payer_of_its_own_is_no_lookalike(demo_folder: Path) -> None:
    _add_payer(demo_folder, "Summit BlueCare PPO West")
    data, problems = load_folder(demo_folder)
    assert data is not None and not [p for p in problems if p.severity == "error"]


def test_a_duplicate_row_names_the_row_it_repeats(demo_folder: Path) -> None:
    """"duplicate row: another row has the same ..." said no row: it names the first now."""
    line = _add_payer(demo_folder, SUMMIT.upper())
    _, problems = load_folder(demo_folder)
    [error] = [p for p in problems if p.rule.startswith("duplicate row")]
    assert (error.location.row, error.location.letter) == (line, "A")
    assert error.rule == (f"duplicate row: row 2 has the same payer={SUMMIT.upper()}; expected "
                          "one row per payer")


@pytest.mark.parametrize(("names", "expected"), [
    ([SUMMIT, "Keystone", *LOOKALIKES.values()], [(0, 2), (0, 3), (0, 4), (0, 5), (0, 6)]),
    ([SUMMIT, SUMMIT.lower(), f" {SUMMIT} "], []),  # one payer by payer_key: not look-alikes
    (["Summit Blue Care PPO", SUMMIT], []),  # a space more between letters: another name
])
def test_lookalike_payers(names: list[str], expected: list[tuple[int, int]]) -> None:
    assert lookalike_payers(names) == expected


@given(st.lists(st.sampled_from(["Summit", "BlueCare", "PPO", "Trust", "of", "A"]),
                min_size=1, max_size=5),
       st.lists(st.text(st.sampled_from(SPACES), min_size=1, max_size=3), min_size=6,
                max_size=6),
       st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INVISIBLE)), max_size=6),
       st.booleans())
def test_what_does_not_show_never_makes_another_payer(words: list[str], spaces: list[str],
                                                      invisible: list[tuple[int, str]],
                                                      upper: bool) -> None:
    """Spaces doubled or of another kind between the words (and around them), characters that
    show nothing anywhere, and capitals, leave a name's look-alike key as it was: the name is
    flagged beside the plain one unless it is that payer by payer_key."""
    plain = " ".join(words)
    typed = spaces[-1] + "".join(w + spaces[i] for i, w in enumerate(words))
    chars = list(typed.upper() if upper else typed)
    for at, ch in invisible:
        chars.insert(min(at, len(chars)), ch)
    typed = "".join(chars)
    assert lookalike_key(typed) == lookalike_key(plain)
    expected = [] if payer_key(typed) == payer_key(plain) else [(0, 1)]
    assert lookalike_payers([plain, typed]) == expected
