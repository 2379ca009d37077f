"""The input paths the commands read, each as its refusal names it: one rule for a path that is
not what a command reads, used by the command's work and by its early check alike.

A command refuses an input path that does not exist or is no regular file (a folder, a named
pipe, a device, a link looping on itself; issue 14) before it imports pandas, openpyxl or
python-docx: that refusal was given only once they had loaded (0.2-0.3 s of CPU for a typo),
and a letter's bad --template only once the whole letter had been worked out. Its words are the
work's own, from the same :class:`InputPath`, so the early check and the work can never say it
differently. Standard library only: it runs before any work library is imported."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ratecalc.frozen_record import frozen_record
from ratecalc.regular_files import not_a_file, refusal


@frozen_record
class InputPath:
    """An input a command reads: the word its refusal names it by (none: the path alone) and
    what was expected instead."""

    label: str
    expected: str

    def refusal(self, path: str | Path, what: str) -> str:
        """The message for ``path``, which ``what`` (:func:`not_a_file`'s words) is."""
        shown = f"'{path}'" if not self.label else f"{self.label} '{path}'"
        return refusal(shown, what, self.expected)

    def first_refused(self, paths: Iterable[str | Path], folders: bool = False) -> str | None:
        """The refusal of the first of ``paths`` (read in order, as the work reads them) that is
        not a regular file: missing, a folder, a named pipe, a device, a link looping on itself,
        or behind a folder it may not look into (``folders``: a folder is read, not refused);
        None when each is a file (one without read permission is the work's to refuse).
        The work refuses such a path in these same words, but only once its libraries have
        loaded and, for ``letter --template``, once the whole letter is worked out."""
        for path in paths:
            what = not_a_file(path)
            if what is None or (folders and Path(path).is_dir()):
                continue
            return self.refusal(path, what)
        return None


#: ``analyze DATA`` (and ``--data`` of the commands that read the clinic's tables).
TABLES = InputPath("", "a folder of tables or an .xlsx workbook")
#: ``refresh WB``, ``workbook upgrade WB`` and every reader of a workbook.
WORKBOOK_FILE = InputPath("", "an Excel workbook (.xlsx)")
#: ``letter DATA``.
LETTER_DATA = InputPath("", "the master workbook (.xlsx) or a folder of tables")
#: ``medicare import ZIP-OR-URL``.
CMS_RELEASE = InputPath("CMS release",
                        "CMS's RVU zip, its https link, or its PPRRVU and GPCI files")
#: ``import remittances FILE|DIR``.
REMITTANCES = InputPath("Remittance path", "an 835 file or a folder of them")
#: ``import market-rates SOURCE``.
TIC_SOURCE = InputPath("SOURCE", "a Transparency-in-Coverage file (.json, .json.gz) or its "
                       "http(s) address")
#: ``letter --template``.
LETTER_TEMPLATE = InputPath("template", "a Word document (.docx or .dotx)")
#: ``import market-rates --providers``.
PROVIDERS_TABLE = InputPath("providers table", "the table 'ratecalc market-rates providers "
                            "NPPES.zip --out TABLE' makes")
#: A table file a command reads (``import fee-schedule FILE``, ``letter --offer``) with the
#: suffixes the table reader reads as CSV text (:func:`ratecalc.loaders.read_grid`).
CSV_SUFFIXES = (".csv", ".txt")
#: ... and as a workbook.
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_FILE = InputPath("", "a CSV file")
#: A table file whose suffix is neither.
TABLE_FILE = InputPath("", "a .csv or .xlsx file")


def table_file(path: str | Path) -> InputPath:
    """The input a table file is by its suffix, as the table reader reads it: CSV text, a
    workbook, or neither (refused).

    >>> table_file("rates.CSV").expected, table_file("offer.xlsx").expected
    ('a CSV file', 'an Excel workbook (.xlsx)')
    """
    suffix = Path(path).suffix.lower()
    return CSV_FILE if suffix in CSV_SUFFIXES else \
        WORKBOOK_FILE if suffix in XLSX_SUFFIXES else TABLE_FILE
