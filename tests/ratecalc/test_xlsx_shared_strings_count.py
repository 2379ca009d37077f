"""The texts of a shared-strings list are counted exactly however the list's bytes fall into the
pieces the package check reads it in (:mod:`ratecalc.xlsx_package`, ``_Texts.count``).

The check reads a part a piece at a time (its first 4 KiB, then 1 MiB at a time, or 256 KiB
of a stored part), so a ``<si>`` tag may be cut between two pieces. Forgetting such a tag
undercounts by one a piece, and counting it in both pieces overcounts: each moves the limit
(test-review-12 left a mutant doing the first without a test). One text more than a workbook
may list (those its worksheets' bytes could use, and the allowance) is refused naming its
exact count, and the most it may list passes, wherever the list's tags fall.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from ratecalc.errors import InputError
from ratecalc.xlsx_package import check_xlsx_package

from .test_xlsx_shared_strings import MAIN, REL, SST, with_shared_strings

#: Texts a list may hold that no cell uses (docs/INPUT.md: 100,000 more are allowed).
ALLOWED = 100_000
#: The least a worksheet's cell using a text takes of it (docs/INPUT.md: 21 bytes).
TEXT_CELL_BYTES = len('<c t="s"><v>0</v></c>')


def _sheet_sizes(book: Path) -> list[int]:
    with zipfile.ZipFile(book) as z:
        return [i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/")
                and i.filename.endswith(".xml")]


def _most(base: Path) -> int:
    """The texts the list of ``base`` may hold: the cells its worksheets' bytes could hold,
    and the allowance."""
    sheets = sum(_sheet_sizes(base))
    assert sheets > 0
    return sheets // TEXT_CELL_BYTES + ALLOWED


def _lists(base: Path, count: int, prefix: str = "", pads: int | None = None
           ) -> Iterator[Path]:
    """``base`` listing ``count`` texts, once for each place its tags can stand against the
    places the list is cut at: the texts are all alike (an empty text, ``<si/>``), and
    spaces before the first move every tag by 0, 1, ... bytes, so that as many moves as one
    text's bytes put a tag at every place against any cut. Stored, not compressed: the check
    reads a stored part in pieces too, and a list of one text repeated compresses past the
    200:1 refused as a zip bomb. ``pads``: the first so many of these moves only."""
    old = zipfile.ZipFile(base).read("xl/sharedStrings.xml")
    start, end = old.index(b">") + 1, old.rindex(b"<")
    one = f"<{prefix}:si/>" if prefix else "<si/>"
    path = base.parent.parent / "texts.xlsx"
    for pad in range(len(one) if pads is None else pads):
        sst = old[:start] + b" " * pad + one.encode() * count + old[end:]
        # the check reads a stored part's first 4 KiB, then 256 KiB at a time: cut twice
        assert len(sst) > (4 << 10) + (256 << 10)
        with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w") as z:
            for info in zin.infolist():
                z.writestr(info.filename, sst if info.filename == "xl/sharedStrings.xml"
                           else zin.read(info))
        yield path


def _base(tmp_path: Path, prefix: str = "") -> Path:
    """A workbook of one sheet and a list of texts, by :func:`with_shared_strings`."""
    folder = tmp_path / "base"
    folder.mkdir()
    return with_shared_strings(folder, ["a"], 0, prefix=prefix)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_one_text_past_the_allowance_is_refused_wherever_the_pieces_cut_the_list(
        tmp_path: Path, prefix: str) -> None:
    base = _base(tmp_path, prefix)
    most = _most(base)
    for book in _lists(base, most + 1, prefix):
        with pytest.raises(InputError, match=(
                rf"'texts\.xlsx', part 'xl/sharedStrings\.xml': lists {most + 1:,} texts, more "
                rf"than its worksheets' cells could use \(\d+ bytes of worksheets hold at most "
                rf"{most - ALLOWED} cells using a text, and 100,000 more are allowed\)")):
            check_xlsx_package(book)


def test_the_most_allowed_passes_wherever_the_pieces_cut_the_list(tmp_path: Path) -> None:
    # counting a cut tag in both pieces it is in refused this list (one more a piece)
    base = _base(tmp_path)
    for book in _lists(base, _most(base)):
        check_xlsx_package(book)


def test_every_worksheets_bytes_count_toward_the_texts_allowed(tmp_path: Path) -> None:
    # two sheets of 3,000 cells: the list may hold the texts the cells of both could use (and
    # the allowance), not those of one sheet's cells (the last read)
    wb = Workbook()
    for title in ("Rates", "More"):
        ws = wb.active if title == "Rates" else wb.create_sheet(title)
        ws.title = title
        for row in range(2, 3002):
            ws.cell(row=row, column=1, value=row)
    (tmp_path / "base").mkdir()
    plain = tmp_path / "two.xlsx"
    wb.save(plain)
    base = tmp_path / "base" / "two.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(base, "w") as z:  # and a list of texts
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                    f'ContentType="{SST}"/></Types>'.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{REL}"'
                                    f' Target="sharedStrings.xml"/></Relationships>'.encode())
            z.writestr(info, data)
        z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"></sst>')
    sizes = _sheet_sizes(base)
    assert len(sizes) == 2 and min(sizes) // TEXT_CELL_BYTES > 1_000
    [book] = _lists(base, sum(sizes) // TEXT_CELL_BYTES + ALLOWED, pads=1)
    check_xlsx_package(book)
