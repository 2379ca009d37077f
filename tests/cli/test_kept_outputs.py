"""An output replaces only what RateCalc wrote: a user's file of the same name, or an output the
user edited, is kept in ``RateCalc backups`` first, and every earlier copy stays (no backup is
ever written over another). From a hostile-input review: a letter regenerated twice lost the
clinic's edits from both files, and ``analyze --out`` replaced a user's ``medicare.csv`` (even
in the input folder itself) with no copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import docx
import pytest

from ratecalc.kept_copies import BACKUP_FOLDER, RECORD_FILE, backups_of
from ratecalc_cli.main import ExitCode, main

PAYER = "Summit BlueCare PPO"
USERS_TABLE = "my,own,data\n1,2,3\n"


@pytest.fixture(scope="module")
def demo_folder() -> Iterator[Path]:
    with resources.as_file(resources.files("ratecalc") / "data" / "demo") as folder:
        yield Path(folder)


def edit_in_word(path: Path, text: str) -> None:
    """What the clinic does between two runs: open the letter, add a paragraph, save."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_letter_regenerated_twice_keeps_each_edited_version(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lt" / "l.docx"
    letter = ["letter", str(demo_folder), "--payer", PAYER, "--out", str(out)]
    assert main(letter) == ExitCode.OK
    edit_in_word(out, "First edit: call Dana before sending.")
    assert main(letter) == ExitCode.OK
    first_warning = capsys.readouterr().err
    edit_in_word(out, "Second edit: attach the outcomes report.")
    assert main([*letter, "--date", "2025-12-06"]) == ExitCode.OK
    second_warning = capsys.readouterr().err

    kept = backups_of(out)
    assert len(kept) == 2  # before the fix: one .bak.docx, written over by the second run
    edits = [t for k in kept for t in texts(k) if "edit:" in t]
    assert edits == ["First edit: call Dana before sending.",
                     "Second edit: attach the outcomes report."]
    assert all(k.parent == out.parent / BACKUP_FOLDER for k in kept)
    # each warning says where the edited letter went
    assert f"kept as '{kept[0]}'" in first_warning
    assert f"kept as '{kept[1]}'" in second_warning
    assert not [t for t in texts(out) if "edit:" in t]


def test_analyze_keeps_a_users_file_that_an_output_would_replace(
        tmp_path: Path, demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "cs2"
    shutil.copytree(demo_folder, data)
    (data / "medicare.csv").write_text(USERS_TABLE, encoding="utf-8")
    inputs = {p.name: p.read_bytes() for p in data.iterdir()}

    assert main(["analyze", str(data), "--out", str(data)]) == ExitCode.OK
    err = capsys.readouterr().err
    [kept] = backups_of(data / "medicare.csv")
    assert kept.read_text(encoding="utf-8") == USERS_TABLE  # before the fix: gone, no copy
    assert f"'{data / 'medicare.csv'}' was not written by RateCalc" in err
    assert f"kept as '{kept}'" in err
    # the input tables themselves are untouched, and read the same again
    assert {n: (data / n).read_bytes() for n in inputs if n != "medicare.csv"} == {
        n: b for n, b in inputs.items() if n != "medicare.csv"}

    # the next run replaces RateCalc's own outputs without a copy of each
    assert main(["analyze", str(data), "--out", str(data)]) == ExitCode.OK
    assert "was not written by RateCalc" not in capsys.readouterr().err
    assert [p.name for p in (data / BACKUP_FOLDER).iterdir()] == [kept.name]

    # an output the user edited is theirs now: kept too
    edited = (data / "proposal.csv").read_text(encoding="utf-8") + "my note,,,\n"
    (data / "proposal.csv").write_text(edited, encoding="utf-8")
    assert main(["analyze", str(data), "--out", str(data)]) == ExitCode.OK
    assert "proposal.csv' was not written by RateCalc" in capsys.readouterr().err
    [kept_proposal] = backups_of(data / "proposal.csv")
    assert kept_proposal.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("name", ["priorities.csv", "summary.json", "renewals.ics"])
def test_demo_keeps_a_users_file_of_an_outputs_name(
        tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # text each kind's check lets through (an .ics must be a calendar): the user's own content
    mine = ("BEGIN:VCALENDAR\r\nX-MINE:my own appointments\r\nEND:VCALENDAR\r\n"
            if name.endswith(".ics") else "{\"mine\": true}\n" if name.endswith(".json")
            else USERS_TABLE)
    (out / name).write_text(mine, encoding="utf-8", newline="")
    assert main(["demo", "--out", str(out), "--today", "2026-03-02"]) == ExitCode.OK
    assert f"'{out / name}' was not written by RateCalc" in capsys.readouterr().err
    [kept] = backups_of(out / name)
    assert kept.read_bytes() == mine.encode()


def test_timeline_ics_keeps_a_users_calendar(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics = tmp_path / "renewals.ics"
    mine = "BEGIN:VCALENDAR\r\nX-MINE:dentist\r\nEND:VCALENDAR\r\n"
    ics.write_text(mine, encoding="utf-8", newline="")
    assert main(["timeline", "--end", "2027-06-30", "--as-of", "2026-12-01",
                 "--ics", str(ics)]) == ExitCode.OK
    [kept] = backups_of(ics)
    assert kept.read_bytes() == mine.encode()
    assert "was not written by RateCalc" in capsys.readouterr().err
    # written again: RateCalc's own calendar, replaced with no second copy
    assert main(["timeline", "--end", "2027-06-30", "--as-of", "2026-12-01",
                 "--ics", str(ics)]) == ExitCode.OK
    assert backups_of(ics) == [kept]
    assert (tmp_path / RECORD_FILE).is_file()


def test_no_output_of_analyze_has_the_name_of_a_table_it_reads(tmp_path: Path) -> None:
    # why `analyze DATA --out DATA` needs no refusal of its own: no result replaces an input
    # table (a file of the user's of a result's name is kept, above); a new result named as a
    # table would make it need one
    from datetime import date

    from ratecalc.analysis import analyze
    from ratecalc.demo import demo_data
    from ratecalc.loaders import FILE_NAMES, LOG_FILE_STEM
    from ratecalc.report import output_targets

    read = {f"{stem}{suffix}" for stems in FILE_NAMES.values() for stem in stems
            for suffix in (".csv", ".xlsx")} | {f"{LOG_FILE_STEM}.csv", f"{LOG_FILE_STEM}.xlsx"}
    written = {p.name.lower() for p, _ in output_targets(analyze(demo_data(date(2026, 3, 2))),
                                                         tmp_path)}
    assert "medicare.csv" in written and "renewals.ics" in written  # the check sees them all
    assert written.isdisjoint(read)
