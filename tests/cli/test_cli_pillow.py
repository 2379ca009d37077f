"""The letter keeps Pillow out of openpyxl (``skip_pillow``): it reads a workbook and never
saves one, so the pictures openpyxl needs Pillow for are none of its business. Behaviour tests
(what a process loads, what it writes), never timings.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ratecalc.demo import demo_data
from ratecalc_letter import write_proposal_letter
from ratecalc_workbook.builder import new_workbook

from .fresh_process import fresh

PAYER = "Summit BlueCare PPO"
LETTER_DATE = date(2025, 12, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    new_workbook(path, demo_data())
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    del parts["docProps/core.xml"]  # the time the file was written
    return parts


def _letter_process(argv: list[str], cwd: Path) -> str:
    """In a fresh process: main(argv)'s exit, and whether Pillow was kept out."""
    return fresh(
        "import contextlib, io, sys\n"
        "from ratecalc_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "state = ('kept out' if 'PIL' in sys.modules and sys.modules['PIL'] is None\n"
        "         else 'loaded' if 'PIL' in sys.modules else 'not loaded')\n"
        "print(code, state)\n", cwd)


def test_a_letter_without_pillow_is_the_letter_written_with_it(demo, tmp_path):
    pytest.importorskip("PIL")  # else both run without it: nothing to compare
    import openpyxl.drawing.image

    assert openpyxl.drawing.image.PILImage  # this process: openpyxl with Pillow
    here = tmp_path / "here.docx"
    write_proposal_letter(demo, PAYER, here, letter_date=LETTER_DATE)
    state = _letter_process(["letter", str(demo), "--payer", PAYER, "--out", "there.docx",
                             "--date", LETTER_DATE.isoformat()], tmp_path)
    assert state == "0 kept out"
    mine, theirs = _parts(here), _parts(tmp_path / "there.docx")
    assert list(mine) == list(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_a_command_that_saves_a_workbook_keeps_pillow(demo, tmp_path):
    # refresh saves the workbook: openpyxl would drop its pictures without Pillow
    pytest.importorskip("PIL")
    (tmp_path / "book.xlsx").write_bytes(demo.read_bytes())
    assert _letter_process(["refresh", "book.xlsx"], tmp_path) == "0 loaded"


def test_a_process_that_has_openpyxl_already_is_left_as_it_is(monkeypatch):
    from ratecalc_cli.main import skip_pillow

    assert "openpyxl" in sys.modules  # imported above, by the workbook builder
    monkeypatch.delitem(sys.modules, "PIL", raising=False)
    skip_pillow()
    assert "PIL" not in sys.modules
