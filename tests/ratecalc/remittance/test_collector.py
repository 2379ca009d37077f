"""An 835 import pauses Python's cycle collector while it runs (its lists of segments and columns
hold no cycles, and each collection walked them again) and leaves it as it found it: on after,
when it was on, also when the import raises; off, when the caller had turned it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.remittance import import_remittances, importer, read_remittance

from .x12 import header, interchange, transaction

TEXT = interchange(transaction("0001", *header("80"), "CLP*A1*1*100*80",
                               "SVC*HC:97110*100*80**1", "CAS*CO*45*20"))


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_during_an_import_and_on_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_on: None) -> None:
    seen: list[bool] = []
    build = importer.build_tables

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(importer, "build_tables", watched)
    path = tmp_path / "a.835"
    path.write_text(TEXT)
    assert len(import_remittances([path]).lines) == 1
    assert len(read_remittance(TEXT).lines) == 1
    assert seen == [False, False]
    assert gc.isenabled()


def test_the_collector_is_on_again_after_an_import_that_raises(
        tmp_path: Path, collector_on: None) -> None:
    with pytest.raises(InputError, match="does not exist"):
        import_remittances([tmp_path / "missing.835"])
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(tmp_path: Path,
                                                      collector_on: None) -> None:
    gc.disable()
    try:
        read_remittance(TEXT)
        assert not gc.isenabled()
    finally:
        gc.enable()
