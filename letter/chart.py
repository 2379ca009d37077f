"""The letter's chart: current, proposed and market rate per code, as a native Word chart.

The chart is a DrawingML chart part (``word/charts/chartN.xml``) with its figures cached in it,
so Word and LibreOffice draw it themselves, in the letter's font and at any zoom, and the user
can restyle it in Word. Its data travels with it as a small embedded workbook (Word's *Edit
Data* opens it). Nothing is drawn here: no plotting library is loaded to write a letter.

Three bars per code, on one axis in dollars per unit as the table is: the current rate (grey),
the proposed rate (navy) and the market rate (amber), so the gap left after the proposal shows
at a glance. A NaN market rate is left out of its series (no bar).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence

from ratecalc.money import round_cents
from ratecalc.shown_text import document_text
from ratecalc_letter.blocks import Chart
from ratecalc_letter.xml_text import escape, quoteattr

# Colours: grey for today, the letterhead's navy for the ask, amber for the market.
CURRENT_COLOR = "A6A6A6"
PROPOSED_COLOR = "1F4E79"
MARKET_COLOR = "C55A11"
GRID_COLOR = "E0E0E0"
TEXT_COLOR = "262626"
#: Space between codes, as a percentage of one bar's width.
GAP_WIDTH = 60
#: Chart text [hundredths of a point]: the table's small print.
TEXT_SIZE = 800

#: Money on the value axis and in the embedded sheet.
AXIS_FORMAT = '"$"#,##0'
RATE_FORMAT = '"$"#,##0.00'
SHEET = "Rates"

_NS = ('xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_CAT_AX, _VAL_AX = 504_061_001, 504_061_002


def _column(index: int) -> str:
    return "ABCD"[index]


def _ref(column: int, first: int, last: int) -> str:
    letter = _column(column)
    return f"{quote_sheet(SHEET)}!${letter}${first}:${letter}${last}"


def quote_sheet(name: str) -> str:
    """A sheet name as a formula names it (quoted: safe for any name)."""
    return "'" + name.replace("'", "''") + "'"


def _number(value: float) -> str:
    """A rate as the cache and the sheet hold it: the cents the letter's table shows."""
    return repr(float(round_cents(float(value))))


def _text_props(font: str, size: int = TEXT_SIZE, *, rotate: bool = False) -> str:
    rot = ' rot="-5400000" vert="horz"' if rotate else ""
    return (f'<a:bodyPr{rot}/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="0">'
            f'<a:solidFill><a:srgbClr val="{TEXT_COLOR}"/></a:solidFill>'
            f'<a:latin typeface={quoteattr(font)}/><a:cs typeface={quoteattr(font)}/>'
            f'</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p>')


def _fill(color: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></c:spPr>'


def _line(color: str | None, width_emu: int = 9525) -> str:
    inner = (f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color
             else "<a:noFill/>")
    return f'<a:ln w="{width_emu}">{inner}</a:ln>'


def _series_name(column: int, name: str) -> str:
    letter = _column(column)
    return (f'<c:tx><c:strRef><c:f>{escape(quote_sheet(SHEET))}!${letter}$1</c:f><c:strCache>'
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{escape(document_text(name))}</c:v></c:pt>'
            f'</c:strCache></c:strRef></c:tx>')


def _categories(codes: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(document_text(code))}</c:v></c:pt>'
                     for i, code in enumerate(codes))
    return (f'<c:cat><c:strRef><c:f>{escape(_ref(0, 2, len(codes) + 1))}</c:f><c:strCache>'
            f'<c:ptCount val="{len(codes)}"/>{points}</c:strCache></c:strRef></c:cat>')


def _values(column: int, values: Sequence[float]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>'
                     for i, v in enumerate(values) if not math.isnan(v))
    return (f'<c:val><c:numRef><c:f>{escape(_ref(column, 2, len(values) + 1))}</c:f>'
            f'<c:numCache><c:formatCode>{escape(RATE_FORMAT)}</c:formatCode>'
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef></c:val>')


def _bar_series(index: int, name: str, color: str, codes: Sequence[str],
                values: Sequence[float]) -> str:
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f'{_series_name(index + 1, name)}{_fill(color)}<c:invertIfNegative val="0"/>'
            f'{_categories(codes)}{_values(index + 1, values)}</c:ser>')


def chart_xml(chart: Chart, font: str = "Arial") -> bytes:
    """The chart part (``c:chartSpace``) for ``chart``, its text in the letter's ``font``.

    Parameters
    ----------
    chart : ratecalc_letter.blocks.Chart
        Codes and rates [USD per unit]; a NaN market rate draws no bar.
    font : str
        The letter's font family, as the template names it (Word and LibreOffice substitute
        a metric twin where it is not installed, as for the letter's text).

    Returns
    -------
    bytes
        UTF-8 XML; the embedded workbook it refers to is relationship ``rId1``
        (:func:`chart_workbook`).
    """
    market = (_bar_series(2, chart.market_label, MARKET_COLOR, chart.codes, chart.market)
              if any(not math.isnan(m) for m in chart.market) else "")
    bars = (f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
            f'<c:varyColors val="0"/>'
            f'{_bar_series(0, "Current rate", CURRENT_COLOR, chart.codes, chart.current)}'
            f'{_bar_series(1, "Proposed rate", PROPOSED_COLOR, chart.codes, chart.proposed)}'
            f'{market}<c:gapWidth val="{GAP_WIDTH}"/><c:overlap val="0"/>'
            f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/></c:barChart>')
    cat_ax = (f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="minMax"/>'
              f'</c:scaling><c:delete val="0"/><c:axPos val="b"/>'
              f'<c:numFmt formatCode="General" sourceLinked="0"/>'
              f'<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
              f'<c:tickLblPos val="nextTo"/><c:spPr>{_line("000000")}</c:spPr>'
              f'<c:txPr>{_text_props(font)}</c:txPr><c:crossAx val="{_VAL_AX}"/>'
              f'<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
              f'<c:lblOffset val="100"/><c:noMultiLvlLbl val="1"/></c:catAx>')
    title = (f'<c:title><c:tx><c:rich>{_rich_title("USD per unit", font)}</c:rich></c:tx>'
             f'<c:overlay val="0"/></c:title>')
    val_ax = (f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling><c:orientation val="minMax"/>'
              f'<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
              f'<c:majorGridlines><c:spPr>{_line(GRID_COLOR, 7620)}</c:spPr>'
              f'</c:majorGridlines>{title}'
              f'<c:numFmt formatCode={quoteattr(AXIS_FORMAT)} sourceLinked="0"/>'
              f'<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
              f'<c:tickLblPos val="nextTo"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
              f'<c:txPr>{_text_props(font)}</c:txPr><c:crossAx val="{_CAT_AX}"/>'
              f'<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>')
    legend = (f'<c:legend><c:legendPos val="t"/><c:overlay val="0"/>'
              f'<c:txPr>{_text_props(font)}</c:txPr></c:legend>')
    no_line = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<c:chartSpace {_NS}><c:date1904 val="0"/><c:lang val="en-US"/>'
           f'<c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="1"/>'
           f'<c:plotArea><c:layout/>{bars}{cat_ax}{val_ax}{no_line}</c:plotArea>'
           f'{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
           f'{no_line}<c:txPr>{_text_props(font)}</c:txPr>'
           f'<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
           f'</c:chartSpace>')
    return xml.encode("utf-8")


def _rich_title(text: str, font: str) -> str:
    return (f'<a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>'
            f'<a:defRPr sz="{TEXT_SIZE}" b="0"><a:solidFill><a:srgbClr val="{TEXT_COLOR}"/>'
            f'</a:solidFill><a:latin typeface={quoteattr(font)}/>'
            f'<a:cs typeface={quoteattr(font)}/></a:defRPr></a:pPr>'
            f'<a:r><a:rPr lang="en-US" sz="{TEXT_SIZE}" b="0"/><a:t>{escape(text)}</a:t></a:r>'
            f'</a:p>')


# --- the embedded workbook: the chart's data, for Word's "Edit Data" ----------------------------

_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    # inline text: a code or a label is never read as a formula or a number
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _sheet_xml(chart: Chart) -> str:
    header = ["Code", "Current rate", "Proposed rate", chart.market_label]
    rows = ['<row r="1">' + "".join(_text_cell(f"{_column(j)}1", h, 1)
                                    for j, h in enumerate(header)) + "</row>"]
    for i, code in enumerate(chart.codes):
        r = i + 2
        cells = [_text_cell(f"A{r}", code)]
        for j, value in enumerate((chart.current[i], chart.proposed[i], chart.market[i]),
                                  start=1):
            if not math.isnan(value):
                cells.append(f'<c r="{_column(j)}{r}" s="2"><v>{_number(value)}</v></c>')
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    last = len(chart.codes) + 1
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_SML}"><dimension ref="A1:D{last}"/>'
            f'<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>'
            f'<cols><col min="1" max="1" width="10" customWidth="1"/>'
            f'<col min="2" max="4" width="16" customWidth="1"/></cols>'
            f'<sheetData>{"".join(rows)}</sheetData>'
            f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            f'footer="0.3"/></worksheet>')


_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<styleSheet xmlns="{_SML}"><numFmts count="1"><numFmt numFmtId="164" '
           f'formatCode={quoteattr(RATE_FORMAT)}/></numFmts>'
           f'<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
           f'<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           f'<fills count="2"><fill><patternFill patternType="none"/></fill>'
           f'<fill><patternFill patternType="gray125"/></fill></fills>'
           f'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
           f'</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
           f'borderId="0"/></cellStyleXfs><cellXfs count="3">'
           f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           f'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
           f'applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
           f'xfId="0" builtinId="0"/></cellStyles></styleSheet>')

_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{_PKG}/content-types">'
        f'<Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        f'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_SML}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name={quoteattr(SHEET)} sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'</Relationships>'),
    "xl/styles.xml": _STYLES,
}


def chart_workbook(chart: Chart) -> bytes:
    """The chart's data as a one-sheet .xlsx (codes, current, proposed and market rate), which
    the chart part's formulas name: what Word opens for *Edit Data*."""
    out = io.BytesIO()
    parts = {**_WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": _sheet_xml(chart)}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            # a fixed date: the same letter written again is the same file (no new backup)
            package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
