"""A command's error names the command as typed, subcommand and all (``ratecalc workbook
upgrade: ...``), as argparse's own errors of it do (``ratecalc workbook export: error: ...``).

The prefix named only the group (``ratecalc workbook:``, ``ratecalc import:``, ``ratecalc
medicare:`` for ``medicare import``), and one message carried its own prefix, so that it was
said twice (``ratecalc medicare: ratecalc medicare import: give one https link ...``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ratecalc_cli.main import main


@pytest.mark.parametrize(("argv", "said"), [
    (["workbook", "upgrade", "{p}"], "ratecalc workbook upgrade: '{p}' does not exist; "
                                     "expected an Excel workbook (.xlsx)"),
    (["workbook", "export", "{p}", "{d}"], "ratecalc workbook export: '{p}' does not exist; "
                                           "expected an Excel workbook (.xlsx)"),
    (["import", "remittances", "{p}"], "ratecalc import remittances: Remittance path '{p}' "
                                       "does not exist; expected an 835 file or a folder of "
                                       "them"),
    (["medicare", "import", "https://example.com/rvu.zip", "{p}"],
     "ratecalc medicare import: give one https link to CMS's RVU zip, or local files, not "
     "both"),
    # a command without subcommands, as before
    (["refresh", "{p}"], "ratecalc refresh: '{p}' does not exist; expected an Excel workbook "
                         "(.xlsx)"),
])
def test_an_error_names_the_subcommand_once(argv: list[str], said: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path, folder = str(tmp_path / "none.xlsx"), str(tmp_path / "out")
    assert main([a.replace("{p}", path).replace("{d}", folder) for a in argv]) != 0
    assert capsys.readouterr().err == said.replace("{p}", path) + "\n"
