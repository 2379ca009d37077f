"""Comparing checkouts (``tic_outputs.py``, ``refresh_outputs.py``): the product imported from
a given tree, and ``diff -r`` of the folders each checkout's outputs were dumped to."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

#: Import name -> folder of each of the product's packages in a tree.
PACKAGES = {"ratecalc": "ratecalc", "ratecalc_cli": "cli", "ratecalc_workbook":
            "workbook_templates", "ratecalc_letter": "letter", "ratecalc_addin": "addin"}


def use_tree(tree: Path) -> None:
    """Import the product's packages from ``tree``, whatever the installed venv points at."""
    for name, folder in PACKAGES.items():
        spec = importlib.util.spec_from_file_location(
            name, tree / folder / "__init__.py", submodule_search_locations=[str(tree / folder)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)


def folders_differ(folders: list[Path]) -> bool:
    """Print what differs between ``folders[0]`` and each later folder (the first 5,000
    characters of ``diff -r``, or that no file differs); whether any differs."""
    differ = False
    for folder in folders[1:]:
        result = subprocess.run(["diff", "-r", str(folders[0]), str(folder)],
                                capture_output=True, text=True)
        print(result.stdout[:5000] or f"{folders[0]} and {folder}: no file differs")
        differ |= result.returncode != 0
    return differ


def sheet_text(sheet: Any) -> str:
    """An openpyxl sheet's values, a row a line, as ``diff`` compares them."""
    return "\n".join(repr(row) for row in sheet.iter_rows(values_only=True))


def dump_done(out: Path) -> None:
    """Mark ``out`` a whole dump; the backups the commands kept in the working folder, named by
    the minute they were made, are no output to compare."""
    shutil.rmtree("RateCalc backups", ignore_errors=True)
    (out / "done").write_text("")


def write_parts(package: Path, folder: Path) -> None:
    """Every part of an Office file (.xlsx, .docx) into ``folder``, byte for byte, but
    ``docProps/core.xml``: it holds the save time, which differs in every run."""
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            if info.filename == "docProps/core.xml":
                continue
            part = folder / info.filename
            part.parent.mkdir(parents=True, exist_ok=True)
            part.write_bytes(archive.read(info))


def run_as_ratecalc(tree: Path) -> None:
    """Import the product from ``tree`` with pandas set as a ``ratecalc`` process sets it:
    pyarrow kept out, strings stored as Python objects (so outputs compare as users get them)."""
    sys.modules["pyarrow"] = None  # type: ignore[assignment]
    use_tree(tree)
    import pandas as pd

    pd.set_option("mode.string_storage", "python")


def book_copy(out: Path, book: Path) -> Path:
    """A copy of ``book`` in its own empty folder under ``out`` (named for the book), to run a
    command on and dump what it wrote beside it."""
    folder = out / book.stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / book.name
    shutil.copyfile(book, copy)
    return copy
