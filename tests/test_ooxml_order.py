"""Every XML part of every file RateCalc writes, in the element order the standard requires.

Files: a letter of each kind (proposal, counter, termination), the shipped letter template, a
new workbook and a refreshed one (as ``ratecalc workbook new --demo`` and ``ratecalc refresh``
write them), and the Excel add-in. The sequences are transcribed in ``tests/ooxml_schema.py``
from ECMA-376 with the type each comes from.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from ratecalc.analysis import analyze
from ratecalc.demo import demo_data
from ratecalc_letter.content import PayerOffer, build_letter
from ratecalc_letter.render import letter_bytes
from ratecalc_letter.styles import DEFAULT_TEMPLATE

from .ooxml_schema import check_element_order, check_package

PAYER = "Summit BlueCare PPO"
WRITTEN = datetime(2025, 12, 1, 15, 0, tzinfo=UTC)


def _problems_text(problems: list) -> str:
    return "\n".join(str(p) for p in problems[:30])


@pytest.fixture(scope="module")
def letters() -> dict[str, bytes]:
    analysis = analyze(demo_data())
    offer = PayerOffer(PAYER, {"97110": 26.50, "97140": 28.26, "97530": 29.00})
    return {kind: letter_bytes(build_letter(analysis, PAYER, kind,
                                            offer=offer if kind == "counter" else None),
                               written=WRITTEN)
            for kind in ("proposal", "counter", "termination")}


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_every_part_of_each_letter_is_in_schema_order(letters, kind):
    problems = check_package(letters[kind], f"{kind}.docx")
    assert problems == [], _problems_text(problems)


def test_each_letter_has_its_chart_checked(letters):
    """The proposal's chart part and its embedded workbook are checked too; a chart part with
    an axis moved before its series is caught."""
    with zipfile.ZipFile(io.BytesIO(letters["proposal"])) as archive:
        chart = archive.read("word/charts/chart1.xml")
        books = [n for n in archive.namelist() if n.endswith(".xlsx")]
        assert len(books) == 1
        embedded = archive.read(books[0])
    assert check_package(embedded, books[0]) == []
    root = etree.fromstring(chart)
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    plot = root.find(f"{c}chart/{c}plotArea")
    plot.insert(1, plot.find(f"{c}valAx"))
    problems = [str(p) for p in check_element_order(root, "chart1.xml")]
    assert len(problems) == 1 and "c:barChart[1]: out of order" in problems[0], problems


def test_the_shipped_template_is_in_schema_order():
    problems = check_package(DEFAULT_TEMPLATE.read_bytes(), DEFAULT_TEMPLATE.name)
    assert problems == [], _problems_text(problems)


def test_the_shipped_template_is_what_the_builder_makes(tmp_path):
    """The committed template is rebuilt from the builder, part for part."""
    from ratecalc_letter.make_template import write_template

    rebuilt = write_template(tmp_path / "t.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(rebuilt)) as new, zipfile.ZipFile(DEFAULT_TEMPLATE) as old:
        assert sorted(new.namelist()) == sorted(old.namelist())
        for name in new.namelist():
            assert new.read(name) == old.read(name), name


@pytest.fixture(scope="module")
def workbooks(demo_new_book: Path, demo_book: Path) -> dict[str, bytes]:
    """The demo's workbook as ``new_workbook`` writes it and as ``refresh_workbook`` rewrites
    it (as of 2025-12-01 09:30): the session's shared copies, built once per test run."""
    new, refreshed = demo_new_book.read_bytes(), demo_book.read_bytes()
    assert new != refreshed  # the refresh wrote its result sheets
    return {"new.xlsx": new, "refreshed.xlsx": refreshed}


@pytest.mark.parametrize("name", ["new.xlsx", "refreshed.xlsx"])
def test_every_part_of_the_workbook_is_in_schema_order(workbooks, name):
    problems = check_package(workbooks[name], name)
    assert problems == [], _problems_text(problems)


def test_the_check_reads_the_real_worksheets(workbooks):
    """A real sheet of the refreshed workbook with pageMargins moved to the end is caught:
    the check reads the workbook's parts, not nothing."""
    with zipfile.ZipFile(io.BytesIO(workbooks["refreshed.xlsx"])) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) >= 5
        root = etree.fromstring(archive.read(sheets[0]))
    x = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    margins = root.find(f"{x}pageMargins")
    root.remove(margins)
    root.append(margins)
    problems = [str(p) for p in check_element_order(root, sheets[0])]
    assert len(problems) == 1 and "x:pageMargins[1]: out of order" in problems[0], problems


def test_every_xml_part_of_the_addin_is_in_schema_order():
    from ratecalc_addin.build_xlam import build_xlam_bytes

    problems = check_package(build_xlam_bytes(), "RateCalc.xlam")
    assert problems == [], _problems_text(problems)


def _styles_of(package: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return etree.fromstring(archive.read("word/styles.xml"))


def test_the_rule_under_the_letterhead_sits_before_spacing(letters):
    """Issue 17's two styles, looked at directly: pBdr first, then spacing."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for package in (letters["proposal"], DEFAULT_TEMPLATE.read_bytes()):
        styles = _styles_of(package)
        for style_id in ("RateCalcLetterheadDetails", "RateCalcRunningHeader"):
            ppr = styles.find(f"{w}style[@{w}styleId='{style_id}']/{w}pPr")
            names = [etree.QName(c).localname for c in ppr]
            assert "pBdr" in names and names.index("pBdr") < names.index("spacing"), names


# --- the check itself can fail ---------------------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
X_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize(("xml", "expected"), [
    # the letter template's style before the fix: _bottom_rule appended pBdr after spacing
    (f'<w:style {W_NS}><w:name w:val="x"/><w:pPr><w:spacing w:after="0"/>'
     f'<w:pBdr><w:bottom w:val="single"/></w:pBdr></w:pPr></w:style>',
     "w:pPr[1]/w:pBdr[1]: out of order: must come before w:spacing in w:pPr"),
    (f'<w:settings {W_NS}><w:zoom w:val="bestFit"/></w:settings>',
     "missing required attribute(s) w:percent (CT_Zoom)"),
    (f'<w:settings {W_NS}><w:compat/><w:zoom w:percent="100"/></w:settings>',
     "w:zoom[1]: out of order: must come before w:compat in w:settings"),
    (f'<w:r {W_NS}><w:rPr><w:sz w:val="20"/><w:b/></w:rPr></w:r>',
     "w:b[1]: out of order: must come before w:sz in w:rPr"),
    (f'<w:p {W_NS}><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="left"/></w:pPr></w:p>',
     "w:jc[1]: out of order: must come before w:rPr in w:pPr"),
    (f'<w:body {W_NS}><w:sectPr><w:pgMar w:top="1" w:right="1" w:bottom="1" w:left="1" '
     f'w:header="1" w:footer="1" w:gutter="0"/><w:pgSz/></w:sectPr></w:body>',
     "w:pgSz[1]: out of order: must come before w:pgMar in w:sectPr"),
    (f'<w:tbl {W_NS}><w:tblPr><w:tblLook/><w:tblW/></w:tblPr></w:tbl>',
     "w:tblW[1]: out of order: must come before w:tblLook in w:tblPr"),
    (f'<w:style {W_NS}><w:name w:val="x"/><w:pPr><w:jc w:val="left"/><w:jc w:val="left"/>'
     f'</w:pPr></w:style>', "w:jc[2]: repeated; w:pPr allows one"),
    # Excel's rule for ignoredErrors: after headerFooter/colBreaks, before drawing/tableParts
    (f'<worksheet {X_NS}><sheetData/><drawing/><ignoredErrors><ignoredError sqref="A1" '
     f'numberStoredAsText="1"/></ignoredErrors></worksheet>',
     "x:ignoredErrors[1]: out of order: must come before x:drawing in x:worksheet"),
    (f'<worksheet {X_NS}><sheetData/><tableParts/><ignoredErrors/></worksheet>',
     "x:ignoredErrors[1]: out of order: must come before x:tableParts in x:worksheet"),
    (f'<worksheet {X_NS}><sheetData/><ignoredErrors/><headerFooter/></worksheet>',
     "x:headerFooter[1]: out of order: must come before x:ignoredErrors in x:worksheet"),
    (f'<worksheet {X_NS}><sheetData/><ignoredErrors><ignoredError/></ignoredErrors>'
     f'</worksheet>', "missing required attribute(s) sqref (CT_IgnoredError)"),
    (f'<worksheet {X_NS}><sheetData/><bogus/></worksheet>', "x:bogus[1]: not allowed in"),
])
def test_the_order_check_reports_each_kind_of_fault(xml, expected):
    problems = [str(p) for p in check_element_order(etree.fromstring(xml), "t")]
    assert any(expected in p for p in problems), problems


def test_the_order_check_passes_a_correct_fragment_and_skips_ignorable_extensions():
    xml = (f'<w:settings {W_NS} xmlns:mc="http://schemas.openxmlformats.org/'
           f'markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/'
           f'2010/wordml" mc:Ignorable="w14"><w:zoom w:percent="100"/><w:compat>'
           f'<w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="u" w:val="15"/>'
           f'</w:compat><w:decimalSymbol w:val="."/><w14:docId w14:val="1"/></w:settings>')
    assert check_element_order(etree.fromstring(xml), "t") == []


#: The letter template as shipped before issue 17 was fixed (commit 490b724), kept so the
#: check shows it fails where it should.
OLD_TEMPLATE = Path(__file__).parent / "data" / "letter" / "default_template_before_issue17.docx"


def test_the_check_fails_on_the_template_shipped_before_the_fix():
    problems = [str(p) for p in check_package(OLD_TEMPLATE.read_bytes(), "old.docx")]
    assert problems == [
        "old.docx:word/styles.xml /w:styles[1]/w:style[166]/w:pPr[1]/w:pBdr[1]: out of order: "
        "must come before w:spacing in w:pPr",
        "old.docx:word/styles.xml /w:styles[1]/w:style[167]/w:pPr[1]/w:pBdr[1]: out of order: "
        "must come before w:spacing in w:pPr",
        "old.docx:word/settings.xml /w:settings[1]/w:zoom[1]: missing required attribute(s) "
        "w:percent (CT_Zoom)",
    ]
