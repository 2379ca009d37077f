"""The row heights LibreOffice would choose for a workbook, beside the ones RateCalc wrote: a
measurement, not a timing.

    python benchmarks/lo_row_heights.py BOOK.xlsx [--all]

LibreOffice headless keeps a row's height as the file gives it, and a row with none at its
default (15 points), wrapped text or not; it sizes rows to their text only when told to. So
a Basic macro, in a profile of its own made for the run, opens a copy of the workbook, sets
every row of each sheet's first 400 rows and 78 columns to its optimal height (what
*Format > Rows > Optimal Height* does) and saves it as .xlsx; the heights are read back with
openpyxl. Printed: each row holding wrapped text given more or fewer lines than LibreOffice
gives it (the first 40; ``--all``: every one), and a count.

LibreOffice's line of Arial 10 is 11.2 points (a row of n lines 11.2 n + 1.45), Excel's 12.75
(RateCalc's n lines: 12.75 n + 3): each height is read as its program's count of lines, and
only the counts are compared. LibreOffice sizes a table's header row leaving room for the
filter button, which it does not print: a header row it gives more lines is not cut in print.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub Fit(src As String, dst As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  For i = 0 To doc.Sheets.getCount() - 1
    doc.Sheets.getByIndex(i).getCellRangeByName(&quot;A1:BZ400&quot;).Rows.OptimalHeight = True
  Next i
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
End Sub
</script:module>
"""
LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""
DIALOGS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false"/>
"""
#: A row's lines from its height: RateCalc's (Excel's line of Arial 10, and the row's margin)
#: and LibreOffice's optimal height (its line, and its margin) [points].
OURS_LINE_PT, OURS_MARGIN_PT = 12.75, 3.0
LO_LINE_PT, LO_MARGIN_PT = 11.2, 1.45


def lines(height: float, line: float, margin: float) -> int:
    return max(1, round((height - margin) / line))


def fitted_by_libreoffice(book: Path, folder: Path) -> Path:
    """A copy of ``book`` with LibreOffice's optimal row heights, saved in ``folder``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is not installed")
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    # a new profile's first start makes it (and its own Standard library, over one written
    # before): the macro goes in after it
    subprocess.run([soffice, profile, "--headless", "--norestore", "--terminate_after_init"],
                   capture_output=True, timeout=600, check=False)
    basic = folder / "profile" / "user" / "basic" / "Standard"
    basic.mkdir(parents=True, exist_ok=True)
    (basic / "Module1.xba").write_text(MACRO, encoding="utf-8")
    (basic / "script.xlb").write_text(LIBRARY, encoding="utf-8")
    (basic / "dialog.xlb").write_text(DIALOGS, encoding="utf-8")
    fitted = folder / "fitted.xlsx"
    call = f'macro:///Standard.Module1.Fit("{book.resolve()}","{fitted}")'
    subprocess.run([soffice, profile, "--headless", "--norestore", call],
                   capture_output=True, timeout=600, check=False)
    if not fitted.exists():
        sys.exit("LibreOffice wrote no fitted copy (the macro did not run)")
    return fitted


def compare(book: Path, fitted: Path, show_all: bool) -> int:
    """Print the wrapped rows given more or fewer lines than LibreOffice gives them; how many
    rows hold wrapped text."""
    ours, theirs = load_workbook(book), load_workbook(fitted)
    rows = taller = shorter = 0
    for ws in ours.worksheets:
        other = theirs[ws.title]
        for row, dim in ws.row_dimensions.items():
            wrapped = [cell.coordinate for cell in ws[row]
                       if cell.alignment is not None and cell.alignment.wrap_text
                       and isinstance(cell.value, str) and cell.value]
            if dim.ht is None or not wrapped:
                continue
            rows += 1
            chosen = other.row_dimensions[row].ht if row in other.row_dimensions else None
            if chosen is None:
                continue
            mine = lines(dim.ht, OURS_LINE_PT, OURS_MARGIN_PT)
            its = lines(chosen, LO_LINE_PT, LO_MARGIN_PT)
            if mine == its:
                continue
            taller += mine > its
            shorter += mine < its
            if show_all or taller + shorter <= 40:
                print(f"{ws.title}!{row}: RateCalc {dim.ht} pt ({mine} lines), LibreOffice "
                      f"{chosen} pt ({its}), wrapped {', '.join(wrapped[:4])}")
    print(f"{rows} rows hold wrapped text; given more lines than LibreOffice gives them: "
          f"{taller}; fewer: {shorter}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("book", type=Path)
    parser.add_argument("--all", action="store_true", help="print every row that differs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lo-row-heights-") as folder:
        compare(args.book, fitted_by_libreoffice(args.book, Path(folder)), args.all)


if __name__ == "__main__":
    main()
