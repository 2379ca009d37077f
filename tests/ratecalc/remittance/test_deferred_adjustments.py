"""The adjustment table of an import is made when first read, and is then the table an import
that makes it at once gives (``ratecalc import remittances`` without ``--out`` never reads it)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ratecalc.remittance import import_remittances, tables
from ratecalc.remittance.synthetic import synthetic_835


def test_the_adjustment_table_is_made_when_read_and_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.835"
    path.write_text(synthetic_835(2_000, seed=3))
    made: list[int] = []
    build = tables._adjustment_table

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(tables, "_adjustment_table", counted)
    result = import_remittances([path])
    assert made == []
    assert len(result.lines) > 100
    first = result.adjustments
    assert made == [1]
    assert result.adjustments is first
    assert made == [1]
    again = import_remittances([path])
    assert made == [1]
    pd.testing.assert_frame_equal(again.adjustments, first)
    assert len(first) > 100 and list(first.columns) == list(tables.ADJUSTMENT_COLUMNS)
    assert set(first["claim_index"]) <= set(result.claims["claim_index"])


def test_an_import_pickles_before_its_adjustment_table_is_read(tmp_path: Path) -> None:
    # the table's maker is a closure over the import's records: pickling the import (a process
    # pool, a cache) failed with "Can't pickle local object" until .adjustments was read
    import pickle

    path = tmp_path / "a.835"
    path.write_text(synthetic_835(200, seed=5))
    result = import_remittances([path])
    back = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(back.adjustments, import_remittances([path]).adjustments)
    pd.testing.assert_frame_equal(back.lines, result.lines)
    assert back.files == result.files and back.problems == result.problems
