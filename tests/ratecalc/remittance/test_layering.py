"""The remittance core imports no UI or document library, and its examples run."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

MODULES = ["tokenizer", "values", "cents", "parser", "tables", "importer", "summary", "canonical",
           "patient_data", "synthetic"]


def test_core_imports_no_excel_or_word_library() -> None:
    code = ("import sys, ratecalc.remittance, ratecalc.remittance.synthetic; "
            "print(sorted(m for m in ('xlwings', 'openpyxl', 'docx', 'pyx12')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"ratecalc.remittance.{name}")
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
