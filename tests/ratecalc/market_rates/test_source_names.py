"""A SOURCE naming a file is that file, whatever characters its name holds.

A name holding a glob's characters (``rates[1].json``, ``plan*.json``) was read as a pattern:
the file itself was "matched by no file" and could not be imported, and ``rates[12].json``
matched ``rates1.json`` and ``rates2.json`` beside it, which were imported in its place without a
word. A pattern still finds files when no file has its name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates.catalog import expand_source


@pytest.mark.parametrize("name", ["rates[12].json", "plan*.json", "what?.json", "a[b.json"])
def test_a_file_is_read_by_its_own_name(tmp_path: Path, name: str) -> None:
    for other in ("rates1.json", "rates2.json", "plan-a.json", "what1.json"):
        (tmp_path / other).write_text("{}")
    (tmp_path / name).write_text("{}")
    assert expand_source(str(tmp_path / name)) == [str((tmp_path / name).resolve())]


def test_a_pattern_still_finds_the_files_it_matches(tmp_path: Path) -> None:
    for name in ("rates1.json", "rates2.json", "other.json"):
        (tmp_path / name).write_text("{}")
    assert expand_source(str(tmp_path / "rates[12].json")) == [
        str((tmp_path / n).resolve()) for n in ("rates1.json", "rates2.json")]
    with pytest.raises(InputError, match="the pattern matches no file"):
        expand_source(str(tmp_path / "none*.json"))
