"""One exit code per kind of error, whether the clinic's tables are a folder or a workbook: a file
that cannot be read at all (damaged, not a workbook, empty) is bad input data, 3; problems found
in tables that were read (a cell, a table missing) are 1. Before, a damaged table in a folder
exited 1 while the same damage to a workbook exited 3."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from ratecalc_cli.main import ExitCode, main

PAYER = "Summit BlueCare PPO"


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _text(path: Path) -> None:
    path.write_text("payer,code,units_per_year\nAcme,97110,30\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


#: kind -> (what it does to a file, the exit code, what the message says)
FILE_DAMAGE: dict[str, tuple[Callable[[Path], None], int, str]] = {
    "damaged": (_cut, ExitCode.INPUT_ERROR,
                "expected an Excel workbook (.xlsx or .xlsm, a zip package); it is damaged"),
    "not a workbook": (_text, ExitCode.INPUT_ERROR,
                       "expected an Excel workbook (.xlsx or .xlsm, a zip package); it is text"),
    "empty": (_empty, ExitCode.INPUT_ERROR, "the file is empty; expected an Excel workbook"),
}


def _folder(demo_folder: Path, kind: str) -> tuple[Path, str]:
    """The demo folder with ``kind`` done to it; the file the message names."""
    if kind in FILE_DAMAGE:  # the Volumes table as a workbook of its own, then spoilt
        volumes = demo_folder / "volumes.csv"
        book = demo_folder / "volumes.xlsx"
        pd.read_csv(volumes, dtype=str).to_excel(book, index=False)
        volumes.unlink()
        FILE_DAMAGE[kind][0](book)
        return demo_folder, "volumes.xlsx"
    if kind == "a cell":
        path = demo_folder / "fee_schedules.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[0, "allowed_amount"] = "TBD"
        frame.to_csv(path, index=False)
        return demo_folder, "fee_schedules.csv"
    (demo_folder / "clinic.csv").unlink()
    return demo_folder, "Clinic"


def _workbook(source: Path, target: Path, kind: str) -> tuple[Path, str]:
    """A copy of the demo workbook with ``kind`` done to it; what the message names."""
    shutil.copyfile(source, target)
    if kind in FILE_DAMAGE:
        FILE_DAMAGE[kind][0](target)
        return target, target.name
    from tests.books import load_book

    book = load_book(target)
    if kind == "a cell":
        sheet = book["Fee Schedules"]
        row = next(r for r in sheet.iter_rows(max_row=10) if r[3].value == "Allowed amount")
        sheet.cell(row[3].row + 1, 4).value = "TBD"
    else:
        del book["Clinic"]
    book.save(target)
    return target, "Clinic" if kind == "a table missing" else target.name


@pytest.fixture(scope="session")
def spoilt_workbook(demo_workbook_2025: Path, tmp_path_factory: pytest.TempPathFactory
                    ) -> Callable[[str], tuple[bytes, str]]:
    """``kind`` -> the bytes of :func:`_workbook`'s copy named ``clinic.xlsx`` and what the
    message names: each made once per worker (a load and a save of the demo workbook, alike
    for every command); each test writes its own copy."""
    made: dict[str, tuple[bytes, str]] = {}

    def spoilt(kind: str) -> tuple[bytes, str]:
        if kind not in made:
            book, named = _workbook(demo_workbook_2025,
                                    tmp_path_factory.mktemp("spoilt") / "clinic.xlsx", kind)
            made[kind] = (book.read_bytes(), named)
        return made[kind]
    return spoilt


def _spoilt_copy(spoilt: Callable[[str], tuple[bytes, str]], target: Path, kind: str
                 ) -> tuple[Path, str]:
    """:func:`_workbook` of ``kind`` at ``target`` (named ``clinic.xlsx``), from its bytes."""
    content, named = spoilt(kind)
    target.write_bytes(content)
    return target, named


KINDS = {**{kind: code for kind, (_, code, _) in FILE_DAMAGE.items()},
         "a cell": ExitCode.FAILED, "a table missing": ExitCode.FAILED}


def _argv(command: str, data: Path, out: Path) -> list[str]:
    return {
        "analyze": ["analyze", str(data), "--out", str(out / "results")],
        "letter": ["letter", str(data), "--payer", PAYER, "--out", str(out / "letter.docx")],
        "timeline": ["timeline", "--data", str(data)],
        "workbook new --from": ["workbook", "new", str(out / "new.xlsx"), "--from", str(data)],
    }[command]


@pytest.mark.parametrize("command", ["analyze", "letter", "timeline", "workbook new --from"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_folder_and_a_workbook_exit_alike(
        kind: str, command: str, demo_folder: Path,
        spoilt_workbook: Callable[[str], tuple[bytes, str]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    codes, outs = {}, tmp_path / "out"
    outs.mkdir()
    for form in ("folder", "workbook"):
        data, named = (_folder(demo_folder, kind) if form == "folder"
                       else _spoilt_copy(spoilt_workbook, tmp_path / "clinic.xlsx", kind))
        codes[form] = main(_argv(command, data, outs))
        err = capsys.readouterr().err
        assert named in err, (form, err)
        if kind in FILE_DAMAGE:
            assert FILE_DAMAGE[kind][2] in err, (form, err)
        assert "internal error" not in err
    assert codes == {"folder": KINDS[kind], "workbook": KINDS[kind]}
    assert sorted(p.name for p in outs.iterdir()) == []  # nothing written either way


#: A payer's fee-schedule CSV, and the exit code it gets on its own and as a folder's table.
FEE_FILES = {
    # nothing to read: a file that cannot be read at all, as an empty workbook or 835 (3)
    "0 bytes": (b"", ExitCode.INPUT_ERROR, "the file is empty: expected a header row"),
    "blank lines": (b"\r\n\r\n", ExitCode.INPUT_ERROR, "the file is empty: expected a header row"),
    # read, but no header row of its columns: columns missing (1)
    "no header row": (b"hello,world\n1,2\n", ExitCode.FAILED, "no header row with the columns"),
}


@pytest.mark.parametrize("kind", list(FEE_FILES))
def test_a_fee_schedule_file_exits_alike_alone_and_in_a_folder(
        kind: str, demo_folder: Path, demo_workbook_2025: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same empty fee-schedule CSV exited 3 given to ``import fee-schedule`` and 1 as the
    Fee Schedules table of a folder (``analyze``); a CSV without a header row, 3 and 1. Each
    exits as the README's table says, the same both ways."""
    content, expected, said = FEE_FILES[kind]
    alone = tmp_path / "fee_schedules.csv"
    alone.write_bytes(content)
    book = tmp_path / "clinic.xlsx"
    shutil.copyfile(demo_workbook_2025, book)
    codes = {"alone": main(["import", "fee-schedule", str(alone), "--payer", PAYER,
                            "--workbook", str(book), "--effective-date", "2025-01-01"])}
    err = capsys.readouterr().err
    assert said in err and "'fee_schedules.csv'" in err, err
    (demo_folder / "fee_schedules.csv").write_bytes(content)
    codes["folder"] = main(["analyze", str(demo_folder), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert said in err and "'fee_schedules.csv'" in err, err
    assert codes == {"alone": expected, "folder": expected}
    assert not (tmp_path / "out").exists()


def test_renewal_months_of_one_contract_on_the_command_line(capsys) -> None:
    """``timeline --end ... --auto-renew --renewal-months 36`` and ``exit-impact``'s --end form
    roll the contract's terms by 36 months, as a contract's Renewal months column does; the
    option without --auto-renew is refused in words, as is one out of its range."""
    import json as _json

    assert main(["timeline", "--end", "2024-06-30", "--auto-renew", "--renewal-months", "36",
                  "--as-of", "2025-12-01", "--json"]) == ExitCode.OK
    shown = _json.loads(capsys.readouterr().out)
    assert (shown["end_date"], shown["notice_deadline"]) == ("2027-06-30", "2027-04-01")
    assert main(["exit-impact", "--annual-visits", "100", "--rate-per-visit", "90",
                  "--end", "2024-06-30", "--auto-renew", "--renewal-months", "36",
                  "--as-of", "2025-12-01", "--json"]) == ExitCode.OK
    said = _json.loads(capsys.readouterr().out)
    assert (said["notice_deadline"], said["exit_date"]) == ("2027-04-01", "2027-06-30")
    assert main(["timeline", "--end", "2027-06-30", "--renewal-months", "36"]) == \
        ExitCode.USAGE
    assert "give --auto-renew too" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse's own refusal of a value
        main(["timeline", "--end", "2027-06-30", "--auto-renew", "--renewal-months", "0"])
    assert refused.value.code == ExitCode.USAGE
    assert ("--renewal-months: expected a whole number of months from 1 to 120, got '0'"
            in capsys.readouterr().err)
