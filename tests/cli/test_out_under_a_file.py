"""An output path inside a file (``--out notes.txt/results``) is refused in words, before the work.

The checks of an output looked at the path itself only: a file where a folder of the path
should be was met by the system later, "cannot use 'notes.txt/results': Not a directory" from
``demo`` after its analysis, "cannot use 'notes.txt': File exists" from ``workbook new``, and
``letter`` read its data first. Each now names the file in the way and what it holds, as a file
named as the folder itself is refused (review-c11).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import ExitCode, main

REMITTANCE = "ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*100*80~SVC*HC:97110*100*80**1~SE*6*1~"

#: Each command with an output path inside ``notes.txt``; its data is missing on purpose: the
#: output is refused first, before anything is read.
COMMANDS = [
    ("demo", ["demo", "--out", "notes.txt/results"]),
    ("analyze", ["analyze", "missing.xlsx", "--out", "notes.txt/results"]),
    ("letter", ["letter", "missing.xlsx", "--payer", "A", "--out", "notes.txt/letter.docx"]),
    ("workbook new", ["workbook", "new", "notes.txt/book.xlsx"]),
    ("workbook export", ["workbook", "export", "missing.xlsx", "notes.txt/tables"]),
    ("timeline", ["timeline", "--demo", "--ics", "notes.txt/renewals.ics"]),
]


@pytest.mark.parametrize(("command", "words"), COMMANDS, ids=[" ".join(w[:2]) for _, w in COMMANDS])
def test_an_output_inside_a_file_is_refused_naming_the_file(
        command: str, words: list[str], tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("the clinic's notes\n", encoding="utf-8")
    assert main(words) == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"ratecalc {command}: 'notes.txt' is not a folder (it holds "), err
    assert "nothing was written" in err, err
    assert "missing.xlsx" not in err  # refused before the data is read
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "the clinic's notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_remittance_lines_inside_a_file_are_refused_naming_the_file(
        tmp_path: Path, monkeypatch, capsys) -> None:
    # read first (the lines are made from it), then refused as above: it said "folder
    # 'notes.txt' does not exist" of the file there
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("the clinic's notes\n", encoding="utf-8")
    (tmp_path / "era.835").write_text(REMITTANCE, encoding="ascii")
    assert main(["import", "remittances", "era.835", "--out", "notes.txt/lines.csv"]) \
        == ExitCode.INPUT_ERROR
    err = capsys.readouterr().err
    assert err.startswith(
        "ratecalc import remittances: 'notes.txt' is not a folder (it holds "), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["era.835", "notes.txt"]
