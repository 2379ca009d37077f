"""openpyxl decides at its import whether it has Pillow, for the rest of the process: without it
the pictures of every workbook it saves are lost. No command keeps Pillow out, so a letter and
then a refresh run in one program keep a workbook's pictures. Behaviour tests (what a process
loads, what it writes), never timings.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from ..package_parts import package_parts
from .conftest import LETTER_DATE, LETTER_PAYER, DemoLetter
from .fresh_process import fresh

PAYER = LETTER_PAYER


@pytest.fixture(scope="module")
def demo(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shutil.copyfile(demo_new_book, tmp_path_factory.mktemp("demo") / "demo.xlsx")


def _as_the_command(argv: list[str], cwd: Path) -> str:
    """In a fresh process run as `ratecalc ARGV` runs: its exit, and whether openpyxl has
    Pillow."""
    return fresh(
        "import contextlib, io, sys\n"
        "from ratecalc_cli.main import main\n"
        f"sys.argv = ['ratecalc', *{argv!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        code = main()\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "import openpyxl.drawing.image as image\n"
        "print(code, 'with Pillow' if image.PILImage else 'without Pillow')\n", cwd)


def test_a_letter_from_its_own_process_is_the_letter_written_in_this_one(
        demo_letter: DemoLetter, tmp_path: Path) -> None:
    here = demo_letter.letter  # written by write_proposal_letter in a test process
    book = shutil.copyfile(demo_letter.book, tmp_path / demo_letter.book.name)  # its own
    state = _as_the_command(["letter", str(book), "--payer", PAYER, "--out",
                             "there.docx", "--date", LETTER_DATE.isoformat()], tmp_path)
    assert state.split()[0] == "0"
    mine, theirs = package_parts(here), package_parts(tmp_path / "there.docx")
    assert list(mine) == list(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


@pytest.fixture(scope="module")
def pictured(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with a picture on its Clinic sheet, its drawing written as Excel writes it."""
    pytest.importorskip("PIL")
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    from tests.books import load_book

    folder = tmp_path_factory.mktemp("pictured")
    picture = folder / "logo.png"
    PILImage.new("RGB", (20, 10), "navy").save(picture)
    plain = folder / "plain.xlsx"
    wb = load_book(demo)
    wb["Clinic"].add_image(Image(str(picture)), "F2")
    wb.save(plain)
    # as Excel writes a drawing: its elements prefixed (xdr:pic), which is what
    # ratecalc_workbook.compat looks for; openpyxl writes the namespace as the default one
    book = folder / "pictured.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(book, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/drawings/drawing") and b"<pic>" in data:
                data = re.sub(rb"<(/?)(?![a-z]+:)(\w+)", rb"<\1xdr:\2", data).replace(
                    b' xmlns="', b' xmlns:xdr="', 1)
                assert b"<xdr:pic>" in data
            target.writestr(name, data)
    return book


def _pictures(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as package:
        return [name for name in package.namelist() if name.startswith("xl/media/")]


def _warnings_and_pillow(argv: list[str], cwd: Path, *, openpyxl_first: bool) -> list[str]:
    """In a fresh process (openpyxl imported first or not), as a program runs a command:
    the letter's warnings (``--json``) and whether openpyxl has Pillow."""
    out = fresh(
        "import contextlib, io, json, sys\n"
        + ("import openpyxl\n" if openpyxl_first else "")
        + "from ratecalc_cli.main import main\n"
        "buffer = io.StringIO()\n"
        "with contextlib.redirect_stdout(buffer):\n"
        f"    code = main({argv!r})\n"
        "import openpyxl.drawing.image as image\n"
        "print(json.dumps([code, bool(image.PILImage), "
        "json.loads(buffer.getvalue())['warnings']]))\n",
        cwd)
    return json.loads(out)


def test_a_letter_from_a_workbook_with_a_picture_says_nothing_of_it(pictured, tmp_path):
    # Pillow is installed: nothing is lost, so nothing is said, whoever imported openpyxl
    args = ["letter", str(pictured), "--payer", PAYER, "--date", LETTER_DATE.isoformat(),
            "--json"]
    first = _warnings_and_pillow(args + ["--out", "here.docx"], tmp_path, openpyxl_first=True)
    then = _warnings_and_pillow(args + ["--out", "there.docx"], tmp_path, openpyxl_first=False)
    assert first[:2] == then[:2] == [0, True]
    assert then[2] == first[2]
    # a warning naming a cell names the book ('pictured.xlsx'): its name is no word of a picture
    said = [w.replace(pictured.name, "") for w in then[2]]
    assert not any("Pillow" in w or "picture" in w for w in said)
    assert package_parts(tmp_path / "here.docx") == package_parts(tmp_path / "there.docx")


def test_a_letter_then_a_refresh_in_one_program_keep_the_pictures(pictured, tmp_path):
    # The letter kept Pillow out of openpyxl while it imported it, and openpyxl stays as
    # imported: the refresh run next by the same program saved the workbook without its
    # picture, and said nothing (Pillow was installed)
    book = tmp_path / "book.xlsx"
    shutil.copyfile(pictured, book)
    assert _pictures(book)
    out = fresh(
        "import contextlib, io, json\n"
        "from ratecalc_cli.main import main\n"
        "buffer = io.StringIO()\n"
        "with contextlib.redirect_stdout(buffer):\n"
        f"    letter = main(['letter', 'book.xlsx', '--payer', {PAYER!r}, '--out', 'a.docx',\n"
        f"                   '--date', {LETTER_DATE.isoformat()!r}])\n"
        "    refresh = main(['refresh', 'book.xlsx'])\n"
        "print(json.dumps([letter, refresh]))\n", tmp_path)
    assert json.loads(out) == [0, 0]
    assert _pictures(book) == _pictures(pictured)


def test_the_refresh_command_keeps_pillow(demo, tmp_path):
    # refresh saves the workbook: openpyxl would drop its pictures without Pillow
    pytest.importorskip("PIL")
    (tmp_path / "book.xlsx").write_bytes(demo.read_bytes())
    assert _as_the_command(["refresh", "book.xlsx"], tmp_path) == "0 with Pillow"


def test_a_caller_can_import_pillow_after_a_letter(demo, tmp_path):
    # A program that called main() (a notebook, a script) and imports Pillow afterwards, as
    # matplotlib does, gets it, and so does the openpyxl the letter imported (it stayed
    # without Pillow for the rest of the process)
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
    assert out.split() == ["0", "True", "PIL.Image"]
