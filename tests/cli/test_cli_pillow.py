"""The letter keeps Pillow out of openpyxl (``without_pillow``): it reads a workbook and never
saves one, so the pictures openpyxl needs Pillow for are none of its business. Behaviour tests
(what a process loads, what it writes), never timings.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ratecalc_letter import write_proposal_letter

from ..package_parts import package_parts
from .fresh_process import fresh

PAYER = "Summit BlueCare PPO"
LETTER_DATE = date(2025, 12, 1)


@pytest.fixture(scope="module")
def demo(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shutil.copyfile(demo_new_book, tmp_path_factory.mktemp("demo") / "demo.xlsx")


def _letter_process(argv: list[str], cwd: Path) -> str:
    """In a fresh process: main(argv)'s exit, and whether Pillow was kept out."""
    return fresh(
        "import contextlib, io, sys\n"
        "from ratecalc_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "import openpyxl.drawing.image as image\n"
        "state = ('loaded' if sys.modules.get('PIL') is not None\n"
        "         else 'kept out' if not image.PILImage else 'not loaded')\n"
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
    mine, theirs = package_parts(here), package_parts(tmp_path / "there.docx")
    assert list(mine) == list(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def _warnings_and_pillow(argv: list[str], cwd: Path, *, openpyxl_first: bool) -> list[str]:
    """In a fresh process (openpyxl imported first, with Pillow, or not): the letter's
    warnings (``--json``) and whether Pillow was kept out."""
    out = fresh(
        "import contextlib, io, json, sys\n"
        + ("import openpyxl\n" if openpyxl_first else "")
        + "from ratecalc_cli.main import main\n"
        "buffer = io.StringIO()\n"
        "with contextlib.redirect_stdout(buffer):\n"
        f"    code = main({argv!r})\n"
        "import openpyxl.drawing.image as image\n"
        "kept_out = not image.PILImage and sys.modules.get('PIL') is None\n"
        "print(json.dumps([code, kept_out, json.loads(buffer.getvalue())['warnings']]))\n",
        cwd)
    return json.loads(out)


def test_a_letter_from_a_workbook_with_a_picture_warns_as_with_pillow(demo, tmp_path):
    # Pillow is installed: the letter's process keeping it out says nothing of pictures lost
    # (that warning is for installs without it, about the next save, a refresh's)
    pytest.importorskip("PIL")
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    picture = tmp_path / "logo.png"
    PILImage.new("RGB", (20, 10), "navy").save(picture)
    plain = tmp_path / "plain.xlsx"
    wb = load_workbook(demo)
    wb["Clinic"].add_image(Image(str(picture)), "F2")
    wb.save(plain)
    # as Excel writes a drawing: its elements prefixed (xdr:pic), which is what
    # ratecalc_workbook.compat looks for; openpyxl writes the namespace as the default one
    book = tmp_path / "pictured.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(book, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/drawings/drawing") and b"<pic>" in data:
                data = re.sub(rb"<(/?)(?![a-z]+:)(\w+)", rb"<\1xdr:\2", data).replace(
                    b' xmlns="', b' xmlns:xdr="', 1)
                assert b"<xdr:pic>" in data
            target.writestr(name, data)
    args = ["letter", str(book), "--payer", PAYER, "--date", LETTER_DATE.isoformat(), "--json"]
    with_pillow = _warnings_and_pillow(args + ["--out", "here.docx"], tmp_path,
                                       openpyxl_first=True)
    without = _warnings_and_pillow(args + ["--out", "there.docx"], tmp_path,
                                   openpyxl_first=False)
    assert with_pillow[:2] == [0, False] and without[:2] == [0, True]
    assert without[2] == with_pillow[2]
    assert not any("Pillow" in w or "picture" in w for w in without[2])
    assert package_parts(tmp_path / "here.docx") == package_parts(tmp_path / "there.docx")


def test_a_command_that_saves_a_workbook_keeps_pillow(demo, tmp_path):
    # refresh saves the workbook: openpyxl would drop its pictures without Pillow
    pytest.importorskip("PIL")
    (tmp_path / "book.xlsx").write_bytes(demo.read_bytes())
    assert _letter_process(["refresh", "book.xlsx"], tmp_path) == "0 loaded"


def test_a_process_that_has_openpyxl_already_is_left_as_it_is(monkeypatch):
    from ratecalc_cli.main import without_pillow

    assert "openpyxl" in sys.modules  # imported above, by the workbook builder
    monkeypatch.delitem(sys.modules, "PIL", raising=False)
    with without_pillow():
        assert "PIL" not in sys.modules


def test_a_caller_can_import_pillow_after_a_letter(demo, tmp_path):
    # The letter keeps Pillow out for its own time only: a program that called main() (a
    # notebook, a script) and imports Pillow afterwards, as matplotlib does, still gets it;
    # it failed with "import of PIL halted" for the rest of the process.
    pytest.importorskip("PIL")
    out = fresh(
        "import contextlib, io\n"
        "from ratecalc_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['letter', {str(demo)!r}, '--payer', {PAYER!r}, '--out', 'a.docx',\n"
        f"                 '--date', {LETTER_DATE.isoformat()!r}])\n"
        "import openpyxl.drawing.image\n"
        "from PIL import Image\n"
        "print(code, bool(openpyxl.drawing.image.PILImage), Image.__name__)\n", tmp_path)
    # openpyxl, imported during the letter, stays without Pillow (it decides at its import)
    assert out.split() == ["0", "False", "PIL.Image"]
