"""Reading a package's sheet names from its XML (:mod:`ratecalc.xlsx_parts`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.xlsx_parts import sheet_parts, xml_text

WORKBOOK = ('<workbook xmlns:r="r"><sheets>'
            '<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships><Relationship Id="rId1" Type="worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')


@pytest.mark.parametrize(("written", "name"), [
    ("R&amp;D", "R&D"),
    ("O&apos;Neil &quot;PT&quot;", "O'Neil \"PT\""),
    ("&lt;2026&gt;", "<2026>"),
    ("R&#38;D &#x27;26", "R&D '26"),  # character references, as some writers put them
    ("&amp;amp;", "&amp;"),  # undone once, not twice
    ("Fee Schedules", "Fee Schedules"),
])
def test_a_sheet_name_reads_as_the_user_typed_it(tmp_path: Path, written: str, name: str):
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=written))
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with zipfile.ZipFile(path) as archive:
        assert list(sheet_parts(archive)) == [(name, "xl/worksheets/sheet1.xml")]
    assert xml_text(written) == name
