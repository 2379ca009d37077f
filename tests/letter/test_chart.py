"""The letter's chart is a native Word chart: its figures are the letter's to the cent, its text
is in the letter's font (issue 13), and its data travels with it as an embedded workbook that
holds the same figures (Word's Edit Data)."""

from __future__ import annotations

import io
import math
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest
from lxml import etree

from ratecalc_letter.blocks import Chart
from ratecalc_letter.chart import chart_workbook, chart_xml
from ratecalc_letter.content import proposal_letter
from ratecalc_letter.render import letter_bytes
from ratecalc_letter.styles import DEFAULT_TEMPLATE

from .conftest import TOP_PAYER

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CHART_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

CHART = Chart(codes=("97110", "97140", "G0283"), current=(25.22, 24.58, 10.56),
              proposed=(29.00, 28.26, 12.14), market=(31.66, math.nan, 13.39),
              market_label="Market median", caption="Figure 1.")


def _cents(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _series(xml: bytes) -> dict[str, dict[str, Decimal]]:
    """Series name -> {code: cached value}, as Word draws them (points left out: no bar)."""
    root = etree.fromstring(xml)
    out = {}
    for ser in root.iter(f"{C}ser"):
        name = ser.find(f"{C}tx//{C}v").text
        codes = {int(pt.get("idx")): pt.find(f"{C}v").text
                 for pt in ser.find(f"{C}cat").iter(f"{C}pt")}
        values = {codes[int(pt.get("idx"))]: Decimal(pt.find(f"{C}v").text)
                  for pt in ser.find(f"{C}val").iter(f"{C}pt")}
        out[name] = values
    return out


def test_the_cached_figures_are_the_blocks_to_the_cent():
    series = _series(chart_xml(CHART))
    assert list(series) == ["Current rate", "Proposed rate", "Market median"]
    assert series["Current rate"] == {"97110": Decimal("25.22"), "97140": Decimal("24.58"),
                                      "G0283": Decimal("10.56")}
    assert series["Proposed rate"] == {"97110": Decimal("29.00"), "97140": Decimal("28.26"),
                                       "G0283": Decimal("12.14")}
    # no market rate for 97140: no point, so no bar (not a $0 bar)
    assert series["Market median"] == {"97110": Decimal("31.66"), "G0283": Decimal("13.39")}


def test_no_market_rate_at_all_leaves_the_market_series_out():
    chart = Chart(CHART.codes, CHART.current, CHART.proposed, (math.nan,) * 3, "Market median",
                  "Figure 1.")
    assert list(_series(chart_xml(chart))) == ["Current rate", "Proposed rate"]


def test_the_letters_chart_shows_the_proposal_figures(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    chart = next(b for b in content.blocks if isinstance(b, Chart))
    core = analysis.proposal[analysis.proposal["payer"] == TOP_PAYER].set_index("code")
    series = _series(chart_xml(chart))
    assert set(series["Current rate"]) == set(chart.codes)
    for code in chart.codes:
        assert series["Current rate"][code] == _cents(core.loc[code, "current_rate"])
        assert series["Proposed rate"][code] == _cents(core.loc[code, "proposed_rate"])
        assert series["Market median"][code] == _cents(core.loc[code, "benchmark"])


@pytest.mark.parametrize("font", ["Arial", "Georgia", "Times New Roman"])
def test_every_text_of_the_chart_is_in_the_letters_font(font):
    root = etree.fromstring(chart_xml(CHART, font))
    runs = list(root.iter(f"{A}defRPr"))
    assert len(runs) >= 5   # chart, both axes, the axis title, the legend
    for props in runs:
        assert props.find(f"{A}latin").get("typeface") == font
        assert props.get("sz") == "800"


def test_names_and_codes_are_escaped_text():
    chart = Chart(("=1+1", "<b>"), (1.0, 2.0), (1.5, 2.5), (2.0, 3.0), "Fees & \"rates\" <x>",
                  "Figure 1.")
    series = _series(chart_xml(chart))
    assert list(series) == ["Current rate", "Proposed rate", 'Fees & "rates" <x>']
    assert set(series["Current rate"]) == {"=1+1", "<b>"}
    sheet = openpyxl.load_workbook(io.BytesIO(chart_workbook(chart))).active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"   # text, no formula
    assert sheet["D1"].value == 'Fees & "rates" <x>'


def test_the_embedded_workbook_holds_what_the_chart_formulas_name():
    book = openpyxl.load_workbook(io.BytesIO(chart_workbook(CHART)))
    sheet = book.active
    root = etree.fromstring(chart_xml(CHART))
    for ser in root.iter(f"{C}ser"):
        name_ref = ser.find(f"{C}tx/{C}strRef/{C}f").text
        sheet_name, cell = name_ref.split("!")
        assert book[sheet_name.strip("'")] is sheet
        assert sheet[cell.replace("$", "")].value == ser.find(f"{C}tx//{C}v").text
        cats = ser.find(f"{C}cat/{C}strRef/{C}f").text.split("!")[1].replace("$", "")
        vals = ser.find(f"{C}val/{C}numRef/{C}f").text.split("!")[1].replace("$", "")
        codes = [c.value for (c,) in sheet[cats]]
        assert codes == list(CHART.codes)
        cached = {int(p.get("idx")): float(p.find(f"{C}v").text)
                  for p in ser.find(f"{C}val").iter(f"{C}pt")}
        cells = [c.value for (c,) in sheet[vals]]
        assert {i: v for i, v in enumerate(cells) if v is not None} == cached
    assert sheet["C2"].number_format == '"$"#,##0.00'


def test_the_embedded_workbook_is_the_same_bytes_each_time():
    """A letter written again is the same file (no needless .bak copy)."""
    assert chart_workbook(CHART) == chart_workbook(CHART)


def test_the_letter_holds_one_native_chart_sized_to_the_text_width(analysis):
    content = proposal_letter(analysis, TOP_PAYER)
    data = letter_bytes(content)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert not [n for n in names if n.startswith("word/media/")]   # no picture
        charts = [n for n in names if n.startswith("word/charts/") and n.endswith(".xml")]
        assert charts == ["word/charts/chart1.xml"]
        rels = etree.fromstring(package.read("word/charts/_rels/chart1.xml.rels"))
        (embedded,) = [r for r in rels if r.get("Type") == PACKAGE_TYPE]
        target = "word/" + embedded.get("Target").removeprefix("../")
        chart_root = etree.fromstring(package.read("word/charts/chart1.xml"))
        assert chart_root.find(f"{C}externalData").get(f"{R}id") == embedded.get("Id")
        openpyxl.load_workbook(io.BytesIO(package.read(target)))   # a workbook Word can open
        types = package.read("[Content_Types].xml").decode()
        assert "application/vnd.openxmlformats-officedocument.drawingml.chart+xml" in types
    document = docx.Document(io.BytesIO(data))
    (rel,) = [r for r in document.part.rels.values() if r.reltype == CHART_TYPE]
    inline = document.element.body.find(".//{*}inline")
    assert inline.find(".//{*}chart").get(f"{R}id") == rel.rId
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    assert int(inline.find("{*}extent").get("cx")) == width


def test_the_chart_follows_a_restyled_template(analysis, tmp_path):
    template = docx.Document(str(DEFAULT_TEMPLATE))
    template.styles["RateCalc Caption"].font.name = "Georgia"
    path = tmp_path / "georgia.docx"
    template.save(str(path))
    data = letter_bytes(proposal_letter(analysis, TOP_PAYER), path)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/charts/chart1.xml"))
    assert {p.find(f"{A}latin").get("typeface") for p in root.iter(f"{A}defRPr")} == {"Georgia"}


def test_xml_text_leaves_out_every_character_xml_cannot_hold():
    """The letter's parts, the workbook's cells and the table readers share one list of them
    (``ratecalc.shown_text.NOT_XML_TEXT``); the letter's lacked halves of surrogate pairs."""
    from ratecalc_letter.xml_text import escape

    assert escape("a\x01b\ufffec\uffffd\udfffe<") == "abcde&lt;"
