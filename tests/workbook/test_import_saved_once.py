"""An import into the workbook is one change: saved once, with one backup, whole or not at all.

From hunt-hostile-12: ``import remittances --new-payer`` saved the workbook once for the new
payer and again for its fee-schedule rows (and once more for new metrics); ``import
fee-schedule --new-payer`` twice. A disk filling up at the second save left the payer listed
with none of its rates, the command saying only "cannot use: No space left on device", and each
import left a backup per table.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ratecalc.kept_copies import backups_of
from ratecalc.remittance.synthetic import random_payments, write_835
from ratecalc_cli.main import ExitCode, main
from ratecalc_workbook import safety
from ratecalc_workbook.reader import read_workbook

NEW_PAYER = "ACME HEALTH PLAN"  # the payer of random_payments' first 50 claims
RATES = "code,allowed_amount\n97110,31.20\n97112,33.10\n"


def failing_after(saves: int, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Let ``saves`` saves of a workbook through, then fail each later one as a full disk
    does; return the count of saves tried."""
    real: Callable[..., Any] = safety.save_atomic
    tried = [0]

    def save(*args: Any, **kwargs: Any) -> Any:
        tried[0] += 1
        if tried[0] > saves:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(safety, "save_atomic", save)
    return tried


def payers_and_rates(book: Path) -> tuple[set[str], int]:
    data, problems = read_workbook(book)
    assert data is not None, [p.message for p in problems]
    return set(data.payers["payer"]), len(data.fee_schedules)


def remittance(tmp_path: Path) -> Path:
    path = tmp_path / "acme.835"
    path.write_text(write_835(random_payments(40, seed=3), include_patient_data=True))
    return path


def fee_schedule(tmp_path: Path) -> Path:
    path = tmp_path / "acme.csv"
    path.write_text(RATES)
    return path


IMPORTS = {
    "remittances": lambda file: ["import", "remittances", str(file), "--new-payer"],
    "fee-schedule": lambda file: ["import", "fee-schedule", str(file), "--payer", NEW_PAYER,
                                  "--new-payer", "--effective-date", "2026-06-01"],
}
FILES = {"remittances": remittance, "fee-schedule": fee_schedule}


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_an_import_with_a_new_payer_is_saved_once_with_one_backup(
        kind: str, demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    payers, rates = payers_and_rates(demo_copy)
    tried = failing_after(1, monkeypatch)
    argv = [*IMPORTS[kind](FILES[kind](tmp_path)), "--workbook", str(demo_copy)]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == ExitCode.OK, err
    assert tried[0] == 1
    after_payers, after_rates = payers_and_rates(demo_copy)
    assert after_payers == payers | {NEW_PAYER}
    assert after_rates > rates
    assert len(backups_of(demo_copy)) == 1


@pytest.mark.parametrize("kind", sorted(IMPORTS))
def test_an_import_whose_save_fails_leaves_the_workbook_as_it_was(
        kind: str, demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_copy.read_bytes()
    failing_after(0, monkeypatch)
    argv = [*IMPORTS[kind](FILES[kind](tmp_path)), "--workbook", str(demo_copy)]
    assert main(argv) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert demo_copy.read_bytes() == before
