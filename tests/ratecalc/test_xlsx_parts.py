"""Reading a package's sheet names from its XML (:mod:`ratecalc.xlsx_parts`)."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#38;", "&#x27;",
                                 "&amp", "&nbsp;", "&bogus;", "&", ";", "amp;", "#", "a", " ",
                                 "R", "\u00e9"]), max_size=8).map("".join))
def test_an_attribute_reads_as_html_unescape_reads_it(value: str):
    # xml_text undoes XML's five entities itself (html stays unloaded); whatever it is given,
    # it reads as html.unescape did for it
    assert xml_text(value) == html.unescape(value)
