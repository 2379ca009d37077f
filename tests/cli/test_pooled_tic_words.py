"""Several TiC files pooled (`import market-rates` given two files, or a table of contents
listing several) are spoken of as "these files": the flags, the expired warning and the
Benchmarks note said "this file" of them, as of one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ratecalc_cli.main import main

EVRY = (Path(__file__).parents[1] / "data" / "tic" / "evry_health"
        / "2025-01-06_Evry-Health_in-network-rates.PT_SUBSET.json")


@pytest.fixture
def two_files(tmp_path: Path) -> list[str]:
    """The Evry file and a copy under another name: two files of one payer."""
    return [str(EVRY), str(shutil.copyfile(EVRY, tmp_path / "evry-copy.json"))]


def test_the_flags_speak_of_these_files(two_files, capsys) -> None:
    assert main(["import", "market-rates", *two_files, "--codes", "92507,97110", "--quiet",
                 "--billing-class", "professional"]) == 0
    out, err = capsys.readouterr()
    assert ("92507: not_in_file: this code is not in these files (no price of any billing "
            "class)") in out, out
    assert ("97110: other_billing_class_only: no professional price for this code; the files "
            "price it for another billing class (--billing-class institutional reads those)"
            ) in out, out
    assert "this file" not in out + err and "the file " not in out + err


def test_every_class_read_says_the_files_and_their_expiry(two_files, capsys) -> None:
    assert main(["import", "market-rates", *two_files, "--codes", "92507,97110", "--quiet",
                 "--as-of", "2026-12-06"]) == 0
    out, err = capsys.readouterr()
    assert "92507: not_in_file: no price for this code in the files\n" in out, out
    # the Evry prices expire on 2025-12-31
    assert ("they are still in the statistics, flagged 'expired' per code; the current files "
            "may differ") in err, err
    assert "this file" not in out + err and "the file " not in out + err


def test_the_benchmarks_note_speaks_of_these_files(two_files, demo_workbook: Path,
                                                   tmp_path: Path, capsys) -> None:
    book = shutil.copyfile(demo_workbook, tmp_path / "book.xlsx")
    assert main(["import", "market-rates", *two_files, "--codes", "92507,97110", "--quiet",
                 "--workbook", str(book)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert ("note: no professional price for these codes: nothing added to the Benchmarks. "
            "The files' prices for 97110 are a facility's (billing class institutional), "
            "another fee than a clinic's; --billing-class institutional adds them anyway; not "
            "in these files at all, of any billing class: 92507") in err, err


def test_one_file_is_still_this_file(capsys) -> None:
    assert main(["import", "market-rates", str(EVRY), "--codes", "92507", "--quiet",
                 "--billing-class", "professional"]) == 0
    assert ("92507: not_in_file: this code is not in this file (no price of any billing "
            "class)") in capsys.readouterr().out


def test_the_benchmarks_note_of_no_code_speaks_of_these_files(two_files, demo_workbook: Path,
                                                              tmp_path: Path, capsys) -> None:
    book = shutil.copyfile(demo_workbook, tmp_path / "book.xlsx")
    assert main(["import", "market-rates", *two_files, "--codes", "92507", "--quiet",
                 "--workbook", str(book)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert ("note: no price for these codes in the files: nothing added to the Benchmarks "
            "(their in_network items hold none of the codes asked for)") in err, err
    assert "this file" not in err and "the file " not in err and "its in_network" not in err
