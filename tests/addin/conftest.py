"""Fixtures of the add-in tests: the built add-in, read back by independent readers."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ratecalc_addin.build_xlam import build_xlam
from tests.addin import win32_stubs


@pytest.fixture(scope="session")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RateCalc.xlam built once for the session."""
    return build_xlam(tmp_path_factory.mktemp("addin"))


@pytest.fixture(scope="session")
def xlam_parts(xlam: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(xlam) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="session")
def vba_modules(xlam: Path) -> dict[str, str]:
    """Module name -> source, as oletools' olevba reads them from the add-in file."""
    # Imported here, after ratecalc_addin imported olevba once with pyparsing's deprecation
    # warning silenced (pytest turns warnings into errors).
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    try:
        assert parser.detect_vba_macros()
        return {
            filename.rsplit(".", 1)[0]: code for _, _, filename, code in parser.extract_macros()
        }
    finally:
        parser.close()


@pytest.fixture(scope="module")
def excel() -> Iterator[Any]:
    """``call(name, *args)``: what Excel's VBA wrapper gets back from Python, through xlwings'
    own ``CallUDF`` with pywin32 stood in (:mod:`tests.addin.win32_stubs`)."""
    server = win32_stubs.install()[2].XLPython()
    yield lambda name, *args: server.CallUDF("ratecalc_addin", name, args)
    win32_stubs.uninstall()
