"""A workbook's macros, which no save of RateCalc's may delete without a word.

openpyxl keeps a VBA project only when asked to (``keep_vba``, which
:func:`ratecalc_workbook.reader.open_workbook` asks for an .xlsm's), and writes a workbook that
keeps one as macro-enabled: an .xlsx that holds a project (an .xlsm renamed, or one another
program wrote) was saved without it, and the macros were gone without a word (the backup held
them). An Excel 4 macro sheet or Excel 5 dialog sheet it saves, in any workbook, as an ordinary
worksheet: its macros are formulas of a worksheet then, which run as nothing. A signed project's
signature openpyxl keeps the part of, but not what ties it to the project
(:func:`signature_parts`, which the save writes).

Every command that saves over the master workbook (refresh, the imports with ``--workbook``,
``workbook upgrade``, the ribbon's buttons) goes through
:func:`ratecalc_workbook.safety.save_changes`, which refuses, in :func:`macro_loss`'s words,
before anything is written or backed up.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ratecalc.xlsx_parts import (
    WORKBOOK,
    content_type_overrides,
    no_cells_kinds,
    relations,
    relations_path,
)

#: The part Excel keeps a workbook's VBA project in, and its relationship's type.
VBA_PART = "xl/vbaProject.bin"
_VBA_RELATION = re.compile(rb'Type="[^"]*/vbaProject"')
#: The sheets of macros openpyxl saves as worksheets whatever it is asked (:func:`no_cells_kinds`'
#: words).
_MACRO_SHEETS = ("macro sheet", "dialog sheet")


def holds_vba(archive: zipfile.ZipFile) -> bool:
    """Whether the package holds a VBA project (the part, or the workbook's relationship to
    one)."""
    names = set(archive.namelist())
    if VBA_PART in names:
        return True
    rels = relations_path(WORKBOOK)
    return rels in names and _VBA_RELATION.search(archive.read(rels)) is not None


def macro_loss(path: str | Path, *, vba_kept: bool) -> str | None:
    """Why saving over ``path`` would delete macros it holds, as the refusal says it; None when
    it holds none, or only a VBA project the loaded workbook keeps (``vba_kept``). One message
    for every command: "'book.xlsx' holds macros (a VBA project), which RateCalc cannot keep in
    a workbook named .xlsx: ..." and what to do.
    """
    book = Path(path)
    try:
        with zipfile.ZipFile(book) as archive:
            vba = holds_vba(archive)
            sheets = [f"{what} '{name}'" for name, what in no_cells_kinds(archive).items()
                      if any(kind in what for kind in _MACRO_SHEETS)]
    except (OSError, zipfile.BadZipFile):
        return None  # nothing held that a save could lose: the save names its own error
    left = "Nothing was changed or backed up."
    if sheets:
        return (f"'{book.name}' holds macros ({', '.join(sheets)}), which RateCalc cannot keep: "
                f"saving it would make an ordinary worksheet of each, its macros no macros any "
                f"more. {left} Keep the workbook RateCalc works on free "
                f"of them: move those sheets to another workbook in Excel (right-click the "
                f"sheet tab, Move or Copy), then run the command again.")
    if vba and not vba_kept:
        macro_name = book.with_suffix(".xlsm").name
        return (f"'{book.name}' holds macros (a VBA project), which RateCalc cannot keep in a "
                f"workbook named {book.suffix or 'without .xlsm'}: saving it would delete them. "
                f"{left} To keep them, rename it '{macro_name}' (an Excel Macro-Enabled "
                f"Workbook) and run the command on that: RateCalc keeps an .xlsm's macros.")
    return None


#: The relationships of the VBA project: its digital signatures (Excel's three kinds).
VBA_RELATIONS = relations_path(VBA_PART)


def signature_parts(kept: zipfile.ZipFile) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """What a save of a workbook keeping its VBA project (openpyxl's ``vba_archive``,
    ``kept``) must write besides the project for its digital signature to stay: the project's
    relationships part and the signature parts it names, and (part, content type) for each.

    openpyxl copies the signature parts (``xl/vbaProjectSignature*.bin``) but neither the
    relationships that tie them to the project nor their content types: the project was saved
    unsigned, without a word (Excel's "disable all macros except digitally signed macros" then
    runs none of them).
    """
    names = set(kept.namelist())
    if VBA_RELATIONS not in names:
        return {}, []
    parts = {VBA_RELATIONS: kept.read(VBA_RELATIONS)}
    for part in relations(kept, VBA_PART).values():
        if part in names:
            parts[part] = kept.read(part)
    types = [(part, kind) for part, kind in content_type_overrides(kept) if part in parts]
    return parts, types
