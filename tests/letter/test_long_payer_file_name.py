"""A letter written to a folder takes its name from the payer's; a payer's name of hundreds of
letters made a name past the 255 bytes a file name may have: "File name too long", exit 3, and
no letter (hostile-17, 2026-12-08). Such a name is cut, and tagged so two payers keep two."""

from __future__ import annotations

import csv
import re
import shutil
from importlib import resources
from pathlib import Path

from ratecalc_cli.main import main

LONG = ("Consolidated Regional Employers Health Benefit Trust " * 6).strip()
OTHER = LONG + " II"


def renamed(tmp_path: Path, names: dict[str, str]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows:
            for j, cell in enumerate(row):
                for old, new in names.items():
                    cell = cell.replace(old, new)
                row[j] = cell
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return folder


def test_a_long_payer_name_gives_a_letter_name_a_folder_can_hold(tmp_path: Path, capsys) -> None:
    folder = renamed(tmp_path, {"Keystone Health Plan": LONG, "Meridian Mutual": OTHER})
    out = tmp_path / "letters"
    out.mkdir()
    for payer in (LONG, OTHER):
        assert main(["letter", str(folder), "--payer", payer, "--out", str(out),
                     "--date", "2025-12-01"]) == 0, capsys.readouterr().err[-600:]
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2, names
    for name in names:
        assert len(name.encode()) <= 128, name
        assert name.startswith("consolidated-regional-employers-health-benefit-trust-")
        assert name.endswith("-proposal-2025-12-01.docx")


def test_a_short_payer_name_is_the_letters_name_as_before(tmp_path: Path) -> None:
    folder = renamed(tmp_path, {})
    out = tmp_path / "letters"
    out.mkdir()
    assert main(["letter", str(folder), "--payer", "Keystone Health Plan", "--out", str(out),
                 "--date", "2025-12-01"]) == 0
    assert [p.name for p in out.iterdir()] == ["keystone-health-plan-proposal-2025-12-01.docx"]


def test_payers_named_without_latin_letters_keep_a_letter_each(tmp_path: Path, capsys) -> None:
    """A name of no letter a to z (Hebrew, Greek, Japanese) made the slug 'payer' whatever the
    name: the second payer's letter took the first's file name, the first kept only as a
    backup with a warning (review-hostile-17). Each name now has its own, tagged by its digest."""
    hebrew, greek = "\u05de\u05db\u05d1\u05d9", "\u0391\u03b8\u03b7\u03bd\u03ac"
    folder = renamed(tmp_path, {"Keystone Health Plan": hebrew, "Meridian Mutual": greek})
    out = tmp_path / "letters"
    out.mkdir()
    for payer in (hebrew, greek):
        assert main(["letter", str(folder), "--payer", payer, "--out", str(out),
                     "--date", "2025-12-01"]) == 0, capsys.readouterr().err[-600:]
        said = capsys.readouterr()
        assert "kept as" not in said.out + said.err
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    assert len(names) == 2, names
    for name in names:
        assert re.fullmatch(r"payer-[0-9a-f]{8}-proposal-2025-12-01\.docx", name), name
