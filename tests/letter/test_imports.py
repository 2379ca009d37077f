"""What loading the letter writer costs: heavy libraries only when a letter needs them."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.frozen_methods import frozen_methods_after


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


#: Imports a letter of a workbook makes (``ratecalc letter``'s), the workbook named as argv[1].
_LETTER_IMPORTS = """
import ratecalc_cli.main, ratecalc_cli.letter, ratecalc_letter
from ratecalc_letter.sources import import_readers
import_readers(sys.argv[1])
"""


def test_a_letter_imports_no_compiled_comparison_of_its_frozen_dataclasses(tmp_path):
    """A fresh process, as ``ratecalc letter`` of a workbook imports its modules: every frozen
    dataclass of RateCalc's among them (the letter's blocks, its context and result included)
    has its three methods still to make (``ratecalc.frozen_record``); the letter writer's 17
    were ``dataclass(frozen=True)``, six methods compiled from text at import each."""
    book = tmp_path / "book.xlsx"
    book.write_bytes(b"")  # a file named as a workbook: the workbook reader is imported
    found = frozen_methods_after(_LETTER_IMPORTS, str(book))
    assert "LetterContent in ratecalc_letter.blocks" in found, sorted(found)
    assert len(found) >= 50, sorted(found)
    compiled = {name: made for name, made in found.items() if any(made)}
    assert compiled == {}
