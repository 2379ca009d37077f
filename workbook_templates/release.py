"""A loaded workbook's cells freed as soon as a command is done with them.

Each openpyxl cell holds its sheet, and the sheet holds its cells: a workbook is one large
cycle, which only Python's cycle collector frees. After a refresh of 40 payers x 300 codes that
collection walked 1.7 million objects, 0.75 s of the refresh's 9.4 s CPU (1.2 s for the same
workbook just loaded); dropping each sheet's cells first lets reference counting free them
(0.1 s), leaving the collector next to nothing. A command in its own process, whose objects
the operating system takes back at exit (``ratecalc_cli.main.kept_until_exit``), runs with
the collector off and has nothing to gain: there the cells are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from openpyxl.workbook.workbook import Workbook

from ratecalc.collector import collector_paused

#: Takes a workbook loaded or made in the block, to have its cells freed at the block's end.
Release = Callable[[Workbook], None]


def release_cells(sheets: Iterable[object]) -> None:
    """Drop the cells of ``sheets``, which must not be used afterwards."""
    for ws in sheets:
        cells = getattr(ws, "_cells", None)  # a chartsheet has none
        if cells is not None:
            cells.clear()


def keep(wb: Workbook) -> None:
    """A :data:`Release` that leaves ``wb`` as it is (to the collector, if it runs)."""


@contextmanager
def released_after(collecting: bool) -> Iterator[Release]:
    """The block gets a :data:`Release`; the workbooks given to it have their cells dropped
    when the block ends (returns or raises), if ``collecting`` (the cycle collector would
    otherwise walk them), else none is."""
    if not collecting:
        yield keep
        return
    books: list[tuple[Workbook, list[object]]] = []

    def release(wb: Workbook) -> None:
        # its sheets now too: a refresh removes the result sheets it writes anew, and a sheet
        # removed still holds its cells, and they it
        books.append((wb, list(wb.worksheets)))

    try:
        yield release
    finally:
        for wb, sheets in books:
            release_cells({id(ws): ws for ws in (*sheets, *wb.worksheets)}.values())


@contextmanager
def paused_and_released() -> Iterator[Release]:
    """The cycle collector paused for the block (:func:`ratecalc.collector.collector_paused`),
    and the workbooks given to the block's :data:`Release` freed at its end where the collector
    was on (:func:`released_after`): how a command loads, changes and saves a workbook."""
    with collector_paused() as collecting, released_after(collecting) as release:
        yield release
