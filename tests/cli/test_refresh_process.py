"""``ratecalc refresh`` in a fresh process: pandas without pyarrow, the same workbook.

The command keeps pandas from importing pyarrow (0.3 s of start-up it never uses). These check
that it does, and that the workbook written that way is the one a process with pyarrow writes,
byte for byte in every part of the file (the save time in the document properties aside).
"""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

from ratecalc_workbook.refresh import refresh_workbook

from ..package_parts import package_parts
from .fresh_process import RECORD_IMPORTS, fresh

NOW = datetime(2025, 12, 1, 9, 30)


@pytest.fixture(scope="module")
def demo(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shutil.copyfile(demo_new_book, tmp_path_factory.mktemp("demo") / "demo.xlsx")


#: Network clients: a refresh sends nothing anywhere, and loading them cost 20 ms of its start
#: (``xml.sax.saxutils`` imports urllib.request, http.client and ssl). ``socket`` too (2 ms):
#: the workbook lock names the machine holding it from ``os.uname()`` where there is one.
NETWORK = ("urllib.request", "http.client", "ssl", "socket")
#: Modules only an error message uses: the closest payer names of an unknown one (``difflib``,
#: 0.8 ms), which a refresh that finds no such payer never loads.
MESSAGE_ONLY = ("difflib",)


def test_refresh_command_does_not_import_pyarrow_or_network_modules(demo: Path, tmp_path: Path):
    book = tmp_path / "book.xlsx"
    shutil.copy(demo, book)
    loaded = fresh(
        "import sys\n"
        "from ratecalc_cli.main import main\n"
        "sys.argv = ['ratecalc', 'refresh', 'book.xlsx']\n"  # as `ratecalc refresh` runs
        "code = main()\n"
        "print(code, 'pandas' in sys.modules, sys.modules.get('pyarrow') is not None,\n"
        f"      [m for m in {NETWORK + MESSAGE_ONLY!r} if m in sys.modules])\n",
        tmp_path)
    assert loaded == "0 True False []"


def test_refresh_command_imports_its_libraries_before_its_own_modules(demo: Path,
                                                                     tmp_path: Path):
    # numpy, pandas and openpyxl imported at the command's shallow call depth, not at the end of
    # RateCalc's chains of imports, where numpy's thousands of small calls straddled the end of
    # CPython 3.11's first 16 KiB frame chunk: about 2,000 mmap/munmap pairs, some 20 ms of
    # system time in a demo refresh (ratecalc_cli.main.import_first)
    book = tmp_path / "book.xlsx"
    shutil.copy(demo, book)
    order = fresh(
        RECORD_IMPORTS
        + "from ratecalc_cli.main import main\n"
        "sys.argv = ['ratecalc', 'refresh', 'book.xlsx']\n"  # as `ratecalc refresh` runs
        "code = main()\n"
        "own = min(i for i, name in enumerate(BEGUN) if name.startswith('ratecalc_workbook'))\n"
        "print(code, [lib for lib in ('numpy', 'pandas', 'openpyxl') if BEGUN.index(lib) > own])\n",
        tmp_path)
    assert order == "0 []"


def test_without_pyarrow_the_refreshed_workbook_is_the_same(demo: Path, tmp_path: Path):
    pytest.importorskip("pyarrow")  # else both processes run without it: nothing to compare
    here, there = tmp_path / "here", tmp_path / "there"
    for folder in (here, there):
        folder.mkdir()
        shutil.copy(demo, folder / "book.xlsx")
    assert refresh_workbook(here / "book.xlsx", now=NOW).ok
    assert sys.modules.get("pyarrow") is not None  # this process: pandas with pyarrow
    answer = fresh(
        "import sys\n"
        "from datetime import datetime\n"
        "sys.modules['pyarrow'] = None\n"  # as skip_pyarrow keeps it out of a ratecalc process
        "from ratecalc_workbook.refresh import refresh_workbook\n"
        f"ok = refresh_workbook('book.xlsx', now=datetime({NOW.year}, {NOW.month}, {NOW.day}, "
        f"{NOW.hour}, {NOW.minute})).ok\n"
        "print(ok, sys.modules.get('pyarrow') is not None)\n",
        there)
    assert answer == "True False"
    mine, theirs = package_parts(here / "book.xlsx"), package_parts(there / "book.xlsx")
    assert list(mine) == list(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []
