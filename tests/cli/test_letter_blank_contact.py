"""A letter whose contact cells are blank is input that was read with a cell missing: the
command exits 1, as the README's exit-code table says of a cell missing, not 3 (input that
cannot be used at all)."""

from __future__ import annotations

import csv
import io
import shutil
from importlib import resources
from pathlib import Path

from ratecalc_cli.main import ExitCode, main


def test_a_blank_contact_address_exits_1_naming_its_cell(capsys, tmp_path):
    folder = tmp_path / "tables"
    shutil.copytree(Path(str(resources.files("ratecalc") / "data" / "demo")), folder)
    contracts = folder / "contracts.csv"
    rows = list(csv.reader(io.StringIO(contracts.read_text(encoding="utf-8"))))
    column = rows[0].index("contact_address")
    row = next(i for i, fields in enumerate(rows) if fields[0] == "Summit BlueCare PPO")
    assert rows[row][column]
    rows[row][column] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    contracts.write_text(out.getvalue(), encoding="utf-8")
    letter = tmp_path / "letter.docx"
    code = main(["letter", str(folder), "--payer", "Summit BlueCare PPO", "--out", str(letter)])
    err = capsys.readouterr().err
    assert (f"fill in:\n  - 'contracts.csv', row {row + 1}, column "
            f"{chr(ord('A') + column)} 'contact_address': the contact's mailing address") in err
    assert code == ExitCode.FAILED == 1
    assert not letter.exists()
