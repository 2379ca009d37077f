"""What loading the letter writer costs: heavy libraries only when a letter needs them."""

from __future__ import annotations

import ast
import subprocess
import sys


def _loaded(code: str, names: list[str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint([m for m in {names!r} "
                               f"if m in sys.modules])"],
        capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip())


def test_importing_the_letter_writer_loads_no_chart_excel_or_workbook_library():
    assert _loaded("import ratecalc_letter", ["matplotlib", "xlwings", "openpyxl",
                                              "ratecalc_workbook", "ratecalc_addin"]) == []


def test_the_command_line_parser_does_not_load_the_letter_writer():
    assert _loaded("from ratecalc_cli.main import build_parser; build_parser()",
                   ["ratecalc_letter", "docx", "matplotlib"]) == []
