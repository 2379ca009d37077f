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


def test_a_letter_from_a_workbook_loads_no_remittance_reader():
    # a letter lists its metrics' sources (ratecalc.metric_sources); it reads no 835 file, and
    # importing the reader (parser, tokenizer, tables) cost 20-35 ms of every letter's start
    assert _loaded("import ratecalc_letter, ratecalc_letter.sources, ratecalc_workbook.reader",
                   ["ratecalc.remittance", "ratecalc.remittance.importer",
                    "ratecalc.remittance.parser", "ratecalc.remittance.tokenizer"]) == []
