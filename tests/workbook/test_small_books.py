"""The small workbooks that several modules' tests have LibreOffice convert in one run
(``small_prints``, ``small_recalculated``, ``small_shown`` in conftest.py): one module's builder
failing fails that module's test alone, naming the builder, not every module's sharing the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workbook.conftest import SmallBooks, _failed, _made


def made_book(book: Path) -> str:
    """A builder of this module's: writes ``book``."""
    book.write_bytes(b"a book")
    return "made"


def failing_book(book: Path) -> str:
    """A builder of this module's that fails, as a module's may."""
    raise ValueError("this builder's own error")


def test_a_failing_builder_fails_only_the_test_reading_its_book(tmp_path: Path) -> None:
    books = {"failing": ("test_small_books", "failing_book", ()),
             "made": ("test_small_books", "made_book", ()),
             "needs_another": ("test_small_books", "made_book", ("not_made",))}
    folder = tmp_path / "books"
    sources, returned, failed = _made(folder, books, {})
    assert sources == {"made": folder / "made" / "made.xlsx"} and returned == {"made": "made"}
    assert sources["made"].read_bytes() == b"a book"
    assert set(failed) == {"failing", "needs_another"} and _failed(folder) == failed
    assert "test_small_books.py, failing_book" in failed["failing"]
    assert "this builder's own error" in failed["failing"]
    found = SmallBooks({"made": sources["made"]}, failed)
    assert found["made"] == sources["made"]
    with pytest.raises(pytest.fail.Exception, match="'failing' was not made: .*failing_book"):
        found["failing"]  # noqa: B018 - the lookup is what is tested
    with pytest.raises(KeyError):
        found["never_asked_for"]  # noqa: B018
