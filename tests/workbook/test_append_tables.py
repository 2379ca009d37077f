"""``fee_schedule_import.append_tables``, called directly: one load, one save and one backup
for every table of an import, named by each table that added rows; nothing saved when no table
adds a row, nor when one table is refused (every table or none).

No mutant reached it before mutation-13 (test-review-12); the CLI's saved-once tests
(test_import_saved_once.py) cover a payer and its rates saved together. These cover what they
do not: a table adding nothing beside one adding rows, the backup each result names, and a
refused table after a good one.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.kept_copies import backups_of
from ratecalc_workbook.fee_schedule_import import append_tables, import_fee_schedule
from ratecalc_workbook.imports import write_tables
from ratecalc_workbook.reader import read_workbook

#: A moment after the tiny book was made; its backup is named by it.
LATER = datetime(2026, 3, 2, 14, 5)


def _rates(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"payer": ["Alpha Health"] * len(codes), "code": list(codes),
                         "modifier": [""] * len(codes), "allowed_amount": [40.0] * len(codes),
                         "effective_date": [date(2026, 1, 1)] * len(codes)})


def _fee_rows(book: Path) -> int:
    data, problems = read_workbook(book)
    assert data is not None, [p.message for p in problems]
    return len(data.fee_schedules)


def test_a_table_adding_nothing_beside_one_adding_rows_is_saved_once(tiny_copy: Path) -> None:
    rows = _fee_rows(tiny_copy)
    listed = pd.DataFrame({"payer": ["Alpha Health"]})  # already on Payers & Contracts
    payers, fees = append_tables(tiny_copy, [("payers", listed),
                                             ("fee_schedules", _rates("97112", "97530"))],
                                 now=LATER)
    assert (payers.appended, payers.duplicates, payers.backup) == (0, 1, None)
    assert fees.appended == 2
    [backup] = backups_of(tiny_copy)
    assert fees.backup == backup
    assert "2026-03-02" in backup.name  # named by the moment given
    assert _fee_rows(tiny_copy) == rows + 2
    assert _fee_rows(backup) == rows


def test_tables_adding_nothing_leave_the_workbook_unsaved(tiny_copy: Path) -> None:
    before = tiny_copy.read_bytes()
    listed = pd.DataFrame({"payer": ["Alpha Health", "Beta Plan"]})
    [payers] = append_tables(tiny_copy, [("payers", listed)], now=LATER)
    assert (payers.appended, payers.duplicates, payers.backup) == (0, 2, None)
    assert tiny_copy.read_bytes() == before and backups_of(tiny_copy) == []


@pytest.mark.parametrize(("refused", "words"), [
    (("bogus", pd.DataFrame({"payer": ["X"]})), r"append_rows: table must be one of "),
    (("fee_schedules", pd.DataFrame({"payer": ["Alpha Health"], "code": ["97112"]})),
     r"append_rows: the rows for .* lack the column\(s\) "),
])
def test_a_refused_table_after_a_good_one_saves_neither(
        tiny_copy: Path, refused: tuple[str, pd.DataFrame], words: str) -> None:
    before = tiny_copy.read_bytes()
    with pytest.raises(InputError, match=words):
        append_tables(tiny_copy, [("fee_schedules", _rates("97112")), refused], now=LATER)
    assert tiny_copy.read_bytes() == before and backups_of(tiny_copy) == []


def test_a_workbook_open_elsewhere_is_refused_before_it_is_read(tiny_copy: Path) -> None:
    # as append_table_rows documents: refused though no row would be added (a refusal at the
    # save alone came only when one was)
    lock = tiny_copy.with_name(f"~${tiny_copy.name}")  # the lock file Excel keeps beside it
    lock.write_bytes(b"\x00" * 165)
    before = tiny_copy.read_bytes()
    listed = pd.DataFrame({"payer": ["Alpha Health"]})
    with pytest.raises(InputError, match=rf"'{tiny_copy.name}' is open in Excel or LibreOffice "
                                         rf"\(lock file '~\$tiny\.xlsx' is beside it\)"):
        append_tables(tiny_copy, [("payers", listed)], now=LATER)
    assert tiny_copy.read_bytes() == before and backups_of(tiny_copy) == []


def test_a_fee_schedule_import_with_a_new_payer_gives_its_rates_result(tiny_copy: Path,
                                                                       tmp_path: Path) -> None:
    # the payer and its rates are appended together; the import's result is the rates' (two
    # rows), not the payer's (one)
    source = tmp_path / "gamma.csv"
    source.write_text("code,allowed_amount\n97110,31.20\n97112,33.10\n")
    result = import_fee_schedule(tiny_copy, source, "Gamma Care", new_payer=True,
                                 effective_date=date(2026, 1, 1), now=LATER)
    assert result.appended is not None
    assert (result.appended.appended, result.appended.duplicates) == (2, 0)
    assert result.appended.backup == backups_of(tiny_copy)[0]


def test_an_import_of_tables_with_a_new_payer_counts_each_tables_rows(tiny_copy: Path) -> None:
    # imports.write_tables appends the new payer first: each table's count is its own rows',
    # not the result before it (the payer's one row taken for the rates')
    rates = _rates("97112", "97530", "97140").assign(payer="Gamma Care")
    outcome = write_tables(tiny_copy, {"fee_schedules": rates}, source="gamma.835",
                           new_payer=True, now=LATER)
    assert outcome.appended == {"fee_schedules": 3}
    assert len(backups_of(tiny_copy)) == 1
