"""Native charts of the Dashboard: they read the result sheets' cells, so they follow them.

openpyxl keeps charts when it loads a workbook, but not always faithfully (styles, some axis
options), so refresh never relies on a chart it read: the Dashboard is rebuilt, charts included,
on every refresh.

Charts:
1. Rate per unit for the top codes: the top payers' rates against the market and Medicare.
2. Dollars below market a year, by payer (the ranking of the Priorities sheet).
3. Revenue by year under a fixed-dollar and a percent-of-Medicare contract (all payers).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.utils.units import cm_to_EMU, pixels_to_EMU
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc import gap
from ratecalc.rate_basis import NEW_TERM_RATES
from ratecalc_workbook import layout
from ratecalc_workbook.cells import put
from ratecalc_workbook.formulas import sum_where
from ratecalc_workbook.page_layout import (
    LINE_PT,
    NAME_WIDTH,
    PADDING,
    ROW_MARGIN_PT,
    column_pixels,
    column_width,
    print_columns,
    text_width,
)
from ratecalc_workbook.styles import (
    DESCRIPTION_FONT,
    FONT_NAME,
    LABEL_FONT,
    SUBTITLE_FONT,
    CellStyles,
)

if TYPE_CHECKING:  # pragma: no cover - import cycle only for type names
    from ratecalc_workbook.result_sheets import Layouts
    from ratecalc_workbook.results import WorkbookResults

#: Where the charts and their data sit on the Dashboard.
RATES_ANCHOR = "D4"
STAKE_ANCHOR = "A22"
SCENARIO_ANCHOR = "E22"
#: Widths of the Dashboard's columns [characters]: labels, values, then the chart data.
COLUMN_WIDTHS = {"A": 30, "B": 18, "C": 14, "D": 14, "E": 14, "F": 14, "G": 14}
DATA_TITLE_ROW = 42
DATA_HEADER_ROW = 43
#: Columns of the Dashboard that hold payers' names (the top payer, the chart data's headers):
#: they keep the widths given here, the names wrapped in them.
NAME_COLUMNS = (2, 4, 5, 6, 7)
#: Width of the rate chart [cm]: the chart data's payer columns, under it, share its width.
RATES_WIDTH_CM = 19.0
#: Where the scenario chart's left edge is, from the sheet's left edge [pixels at 96 dpi]:
#: where column E began at the widths of :data:`COLUMN_WIDTHS`. It is placed there whatever
#: width the chart data's columns take (a wider column D, for the first payer's name, moved a
#: chart anchored at E22 to the right, past the rate chart's edge).
SCENARIO_LEFT_PX = sum(column_pixels(width) for letter, width in COLUMN_WIDTHS.items()
                       if letter < "E")
#: The width of a column the file gives none [characters].
DEFAULT_COLUMN_WIDTH = 8.43
#: Height of the rate chart [cm], and the room between it and the charts below [points].
RATES_HEIGHT_CM = 8.5
CHART_GAP_PT = 12.0
#: The least height of a blank row between the headline figures and the charts below [points].
MIN_SPACER_PT = 2.0
#: The longest line of the rate chart's legend [characters of the digit, at its 10 points]: a
#: payer's name wider than the chart (an unbroken 120-character one) had the legend's entries
#: drawn over each other.
LEGEND_ROOM = 95.0
MAX_STAKE_PAYERS = 10
#: The longest payer label of the "Dollars below market" chart [characters of the digit, at
#: its 10 points]: ten longer names, wrapped, did not fit the chart's height, and the
#: spreadsheet labelled every other bar (40 payers of 100-character names).
STAKE_LABEL_ROOM = 28.0
MONEY_AXIS = '"$"#,##0'
#: Size of axis labels, axis titles and legends [hundredths of a point].
LABEL_SIZE = 1000


def _text(size: int, bold: bool = False) -> CharacterProperties:
    """Character properties in the workbook's font (a chart otherwise takes the program's)."""
    return CharacterProperties(sz=size, b=bold, latin=Font(typeface=FONT_NAME))


def chart_title(text: str, size: int = 1200, bold: bool = True, basis: str = "") -> Title:
    """A title of ``size`` hundredths of a point (the default title is large enough to wrap in
    a dashboard-sized chart); ``basis``, what its figures are priced at, on a second line in
    the axes' size, inside the chart: a longer label in a cell took the rows the charts keep."""
    props = _text(size, bold)
    lines = [(text, props), *([(basis, _text(LABEL_SIZE))] if basis else [])]
    paragraphs = [Paragraph(pPr=ParagraphProperties(defRPr=line_props),
                            r=[RegularTextRun(rPr=line_props, t=line)])
                  for line, line_props in lines]
    return Title(tx=Text(rich=RichText(p=paragraphs)), overlay=False)


def _label_text() -> RichText:
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=_text(LABEL_SIZE)),
                                 endParaRPr=_text(LABEL_SIZE))])


def _axes_visible(chart: Any) -> None:
    """Axes shown, in the workbook's font, the value axis from zero (a bar or line that starts
    at a floor exaggerates the differences)."""
    # openpyxl 3.1 leaves `delete` unset and recent Excel versions then hide the axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    for axis in (chart.x_axis, chart.y_axis):
        axis.txPr = _label_text()
    if chart.legend is not None:
        chart.legend.txPr = _label_text()


def rates_chart_block(ws: Worksheet, lay: Layouts, results: WorkbookResults,
                      styles: CellStyles) -> tuple[int, int, int]:
    """Write the top codes x (Medicare, market, top payers) block the rate chart reads.

    Every cell is a formula on the Comparison sheet. Returns (first data row, last data row,
    last column).
    """
    a = results.analysis
    codes = a.pareto_codes["code"].head(layout.CHART_TOP_CODES).tolist()
    payers = a.priorities["payer"].head(layout.CHART_TOP_PAYERS).tolist()
    comparison = lay.comparison.span
    ws.cell(row=DATA_TITLE_ROW, column=1,
            value="Chart data: rates per unit for the codes billed most").font = SUBTITLE_FONT
    headers = ["Code", "Medicare", "Market", *payers]
    for i, text in enumerate(headers):
        cell = put(ws.cell(row=DATA_HEADER_ROW, column=1 + i), text)  # payer names: data
        cell.font = LABEL_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                   horizontal="left" if i == 0 else "right")
    size_payer_columns(ws, payers)
    money = styles.get("money")
    text = styles.get("text")
    code_col, payer_col = comparison.column("code"), comparison.column("payer")
    for r, code in enumerate(codes, start=DATA_HEADER_ROW + 1):
        put(ws.cell(row=r, column=1), code)._style = text
        for c, key in ((2, "medicare_amount"), (3, "benchmark")):
            # blank where the Comparison's is (no market figure): INDEX of a blank cell is 0,
            # which the chart data showed as "Market $0.00"
            found = f"INDEX({comparison.column(key)},MATCH($A{r},{code_col},0))"
            ws.cell(row=r, column=c,
                    value=f'=IFERROR(IF(ISNUMBER({found}),{found},""),"")')._style = money
        for j in range(len(payers)):
            c = 4 + j
            header = ws.cell(row=DATA_HEADER_ROW, column=c).coordinate
            ws.cell(row=r, column=c,
                    value="=" + sum_where(comparison.column("allowed_amount"),
                                          (payer_col, _absolute(header)),
                                          (code_col, f"$A{r}")))._style = money
    return DATA_HEADER_ROW + 1, DATA_HEADER_ROW + len(codes), len(headers)


def payer_column_widths(payers: list[str], room: float) -> list[float]:
    """Widths of the chart data's payer columns [characters], each as wide as its header
    (the payer's name, bold) on one line, and at least :data:`COLUMN_WIDTHS`' 14; the names
    then wrap, at their longest word (never inside a word shorter than
    :data:`~ratecalc_workbook.page_layout.NAME_WIDTH`), only as far as it takes for the
    columns to fit ``room`` [pixels], the rate chart's width above them.

    In columns of 14 characters, right-aligned, the names wrapped to two and three lines ran
    into each other ("Market BlueCare PPO" read as one heading). A line break typed into the
    header would show in the chart's legend, which names the series by it; the header wraps
    by its cell's alignment instead.

    >>> payer_column_widths(["Summit BlueCare PPO", "Keystone Health Plan"], 718)
    [23.1, 21.8]
    """
    least = float(COLUMN_WIDTHS["D"])

    def bold(text: str) -> float:
        return math.ceil((text_width(text, 10, bold=True) + PADDING) * 10) / 10

    words = [max(least, min(max(bold(w) for w in name.split() or [""]), NAME_WIDTH))
             for name in payers]
    whole = [max(least, min(bold(name), NAME_WIDTH)) for name in payers]
    # the names wrapped, at words first, then (a word wider than a column of the room's
    # share: a name pasted without spaces) inside words, as in the columns of 14
    for floors in (words, [least] * len(payers)):
        cap = NAME_WIDTH
        while True:
            widths = [max(floor, min(full, cap)) for floor, full in zip(floors, whole,
                                                                         strict=True)]
            used = sum(column_pixels(w) for w in widths)
            if used <= room or cap <= least:
                break
            cap -= 0.5
        if used <= room:
            break
    if widths and 0 < room - used < column_pixels(DEFAULT_COLUMN_WIDTH):
        # the chart would end just inside the column after them, which the print area then
        # takes whole: the page's width grew by a column of nothing
        reach = column_pixels(widths[-1]) + math.ceil(room) - used  # [whole pixels]
        widths[-1] = math.ceil((reach - 5) / 7 * 10) / 10
    return widths


def size_payer_columns(ws: Worksheet, payers: list[str], after: int = 0) -> None:
    """Set the chart data's payer columns to :func:`payer_column_widths`, in the rate chart's
    width less the ``after`` columns of the chart data that follow them (the "Dollars below
    market" labels), so that the page is no wider than the charts."""
    room = RATES_WIDTH_CM / 2.54 * 96
    for column in range(4 + len(payers), 4 + len(payers) + after):
        room -= column_pixels(column_width(ws, column))
    widths = payer_column_widths(payers, room)
    # few payers of short names leave the chart reaching past the columns after them, into
    # blank ones: where it ended a few pixels inside one, the print area took that column whole
    # and the Dashboard of three payers printed two pages across (79% where 80% is the least)
    left = room - sum(column_pixels(width) for width in widths)
    column = 4 + len(payers) + after
    while widths and left > 0:
        blank = column_pixels(column_width(ws, column))
        if left < blank:  # the last payer's column takes the rest: the chart ends at an edge
            reach = column_pixels(widths[-1]) + math.ceil(left)  # [whole pixels]
            widths[-1] = math.ceil((reach - 5) / 7 * 10) / 10
            break
        left -= blank
        column += 1
    for column, width in enumerate(widths, start=4):
        ws.column_dimensions[get_column_letter(column)].width = width


def legend_label(name: str, room: float = LEGEND_ROOM) -> str:
    """``name`` as the rate chart's legend shows it: whole when it fits on one of the legend's
    lines, else cut after its last word that fits (inside the next word when that would leave
    most of the line empty: a word longer than the line) and ended with an ellipsis. The
    chart's figures below it name the payer in full.

    >>> legend_label("Keystone Health Plan")
    'Keystone Health Plan'
    >>> legend_label("Blue Cross and Blue Shield of Alabama", room=20)
    'Blue Cross and Blue…'
    >>> legend_label("Blue Cross " + "X" * 40, room=20)
    'Blue Cross XXXXXXX…'
    """
    size = LABEL_SIZE / 100
    if text_width(name, size) <= room:
        return name
    room -= text_width("…", size)
    kept = name
    while kept and text_width(kept, size) > room:
        kept = kept[:-1]
    at_word = kept.rsplit(" ", 1)[0] if " " in kept else ""
    if at_word and text_width(at_word, size) >= room * 2 / 3:
        kept = at_word
    return kept.rstrip(" ,;:-") + "…"


def _absolute(coordinate: str) -> str:
    letters = "".join(ch for ch in coordinate if ch.isalpha())
    digits = coordinate[len(letters):]
    return f"${letters}${digits}"


#: The chart data's column of the market figures (Code, Medicare, Market, the payers).
MARKET_COL = 3


def rates_chart(ws: Worksheet, first: int, last: int, last_col: int,
                market: bool = True, payers: int | None = None) -> BarChart:
    """The rate chart of the chart data's rows ``first`` to ``last``; ``market``: with the
    market's bars (without, no code charted has a market figure and its legend named bars
    never drawn); ``payers``: how many payers the practice has (None: more than are charted)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    # the payers shown are the first CHART_TOP_PAYERS of the Priorities ranking: say so; a
    # practice with no more than that has each charted ("top 4 payers" above the bars of
    # three, or of all four, said there were more)
    shown = last_col - MARKET_COL
    chart.title = chart_title(
        f"Rate per unit, codes billed most: top {layout.CHART_TOP_PAYERS} payers by dollars at "
        f"stake" if shown >= layout.CHART_TOP_PAYERS and (payers is None or payers > shown) else
        "Rate per unit, codes billed most: " + ("its one payer" if shown == 1 else
                                                f"all {shown} payers"))
    chart.y_axis.title = chart_title("USD per unit", LABEL_SIZE, bold=False)
    chart.y_axis.numFmt = MONEY_AXIS
    chart.y_axis.majorGridlines = ChartLines()
    data = Reference(ws, min_col=2, max_col=last_col, min_row=first - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    for series, col in zip(chart.series, range(2, last_col + 1), strict=True):
        name = ws.cell(row=first - 1, column=col).value
        label = legend_label(name) if isinstance(name, str) else name
        if label != name:  # the header above the figures keeps the whole name
            series.tx = SeriesLabel(v=label)
    if not market:
        chart.series = [series for series, col in zip(chart.series, range(2, last_col + 1),
                                                      strict=True) if col != MARKET_COL]
        for i, series in enumerate(chart.series):  # numbered without a gap, as Excel writes
            series.idx = series.order = i
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.legend.position = "b"
    chart.width, chart.height = RATES_WIDTH_CM, RATES_HEIGHT_CM
    _axes_visible(chart)
    return chart


def _stake_rows(lay: Layouts) -> tuple[int, int]:
    """First and last Priorities row the "Dollars below market" chart shows."""
    block = lay.priorities
    last = min(block.first + MAX_STAKE_PAYERS - 1, block.first + len(block.records) - 1)
    return block.first, max(last, block.first)


def stake_labels_block(ws: Worksheet, lay: Layouts, priorities_ws: Worksheet, column: int,
                       not_known: Collection[str] = ()) -> Reference | None:
    """Where a payer's name is too long for one line of the "Dollars below market" chart, or a
    payer's figure is not known (``not_known``: :func:`ratecalc.gap.market_not_known`): its
    bars' labels, each payer's rank on the Priorities sheet and its name cut to a line, "(not
    known)" after the name of a payer in ``not_known`` (it has no bar, as a payer paid at
    market has none), written in ``column`` of the Dashboard's chart data (a label typed into
    the chart itself is not shown by LibreOffice); None when every name fits and every figure
    is known, and the chart reads the names."""
    first, last = _stake_rows(lay)
    payer_col = lay.priorities.span.col("payer")
    names = [str(priorities_ws.cell(row=r, column=payer_col).value or "")
             for r in range(first, last + 1)]
    if (all(legend_label(name, STAKE_LABEL_ROOM) == name for name in names)
            and not set(names) & set(not_known)):
        return None
    header = put(ws.cell(row=DATA_HEADER_ROW, column=column), "Dollars below market: label")
    header.font = LABEL_FONT
    header.alignment = Alignment(wrap_text=True, vertical="bottom")
    widest = text_width(str(header.value).split(":")[0], bold=True)
    unknown_room = STAKE_LABEL_ROOM - text_width(NOT_KNOWN_LABEL, LABEL_SIZE / 100)
    rank_col = lay.priorities.span.col("rank")
    for n, name in enumerate(names, start=1):
        # the Priorities' own rank: a contract that ended has none (it is no target), where
        # counting the rows numbered it as one
        rank = priorities_ws.cell(row=first + n - 1, column=rank_col).value
        place = f"{rank}. " if isinstance(rank, int) else ""
        label = (f"{place}{legend_label(name, unknown_room)}{NOT_KNOWN_LABEL}"
                 if name in not_known else f"{place}{legend_label(name, STAKE_LABEL_ROOM)}")
        put(ws.cell(row=DATA_HEADER_ROW + n, column=column), label)  # a payer's name: data
        widest = max(widest, text_width(label))
    # as wide as its labels: they ran past the page's edge, cut
    ws.column_dimensions[get_column_letter(column)].width = math.ceil(widest + PADDING)
    return Reference(ws, min_col=column, min_row=DATA_HEADER_ROW + 1,
                     max_row=DATA_HEADER_ROW + len(names))


#: After the label of a payer whose dollars below market are not known.
NOT_KNOWN_LABEL = " (not known)"


def stake_chart(lay: Layouts, priorities_ws: Worksheet, labels: Reference | None = None
                ) -> BarChart:
    block = lay.priorities
    first, last = _stake_rows(lay)
    chart = BarChart()
    chart.type = "bar"
    chart.title = chart_title("Dollars below market a year")
    chart.x_axis.scaling.orientation = "maxMin"  # the first payer of the ranking on top
    chart.y_axis.crosses = "max"  # ... which puts the dollar axis at the bottom again
    chart.y_axis.numFmt = MONEY_AXIS
    chart.y_axis.majorGridlines = ChartLines()
    col = block.span.col("dollars_at_stake")
    payer_col = block.span.col("payer")
    chart.add_data(Reference(priorities_ws, min_col=col, min_row=first, max_row=last),
                   titles_from_data=False)
    chart.set_categories(labels or Reference(priorities_ws, min_col=payer_col, min_row=first,
                                             max_row=last))
    chart.legend = None
    chart.width, chart.height = 12.5, 9.5
    _axes_visible(chart)
    return chart


def scenario_chart(lay: Layouts, scenarios_ws: Worksheet) -> LineChart | None:
    block = lay.scenario_totals
    if block is None:
        return None
    span = block.span
    chart = LineChart()
    # the Scenarios' totals: year 1 at the new term's rates, not the analysis date's the
    # Dashboard's figures above it are priced at
    chart.title = chart_title("Revenue by year, all payers: fixed dollars or % of Medicare",
                              basis=f"Year 1 {NEW_TERM_RATES}")
    chart.y_axis.numFmt = MONEY_AXIS
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.title = chart_title("Contract year", LABEL_SIZE, bold=False)
    data = Reference(scenarios_ws, min_col=span.col("fixed_revenue"),
                     max_col=span.col("pct_revenue"), min_row=block.header_row, max_row=block.last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(scenarios_ws, min_col=span.col("year"), min_row=block.first,
                                   max_row=block.last))
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    chart.legend.position = "b"
    chart.width, chart.height = 16.0, 9.5
    _axes_visible(chart)
    return chart


def add_dashboard_charts(ws: Worksheet, lay: Layouts, results: WorkbookResults,
                         styles: CellStyles) -> None:
    """The three charts and the block of figures the rate chart reads."""
    wb = ws.parent
    for letter, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    first, last, last_col = rates_chart_block(ws, lay, results, styles)
    if last >= first:
        # asked of the codes charted: a benchmark on file for other codes only (the speech
        # codes, say) drew no market bar either, beside a legend naming "Market"
        charted = [ws.cell(row=row, column=1).value for row in range(first, last + 1)]
        comparison = results.analysis.comparison
        market = gap.no_market_note(comparison[comparison["code"].isin(charted)]) is None
        payers = results.analysis.priorities["payer"].nunique()
        ws.add_chart(rates_chart(ws, first, last, last_col, market, payers), RATES_ANCHOR)
    # an axis of $0 to $12 with no bar looked broken; the reason stands under the figures
    if lay.empty.get("priorities"):
        _stake_note(ws, "Dollars below market: no payer to chart yet (see the note above).")
    elif gap.total_not_known(results.analysis.comparison):
        # no market benchmark for the codes billed: every payer's figure is "not known"
        _stake_note(ws, "Dollars below market: not known for any payer, so not charted (see "
                        "the note above).")
    else:
        labels = stake_labels_block(ws, lay, wb[layout.PRIORITIES], column=last_col + 2,
                                    not_known=gap.market_not_known(results.analysis.comparison))
        if labels is not None:  # two columns more under the rate chart: a gap, the labels
            size_payer_columns(ws, [str(ws.cell(row=DATA_HEADER_ROW, column=c).value)
                                    for c in range(4, last_col + 1)], after=2)
        ws.add_chart(stake_chart(lay, wb[layout.PRIORITIES], labels), STAKE_ANCHOR)
    chart = scenario_chart(lay, wb[layout.SCENARIOS])
    if chart is not None:
        ws.add_chart(chart, SCENARIO_ANCHOR)
        place_scenario_chart(ws)  # again once the sheet is fitted (keep_charts_apart)
    else:
        ws[SCENARIO_ANCHOR] = "Scenario chart: not computed yet (see the Scenarios sheet)."
        ws[SCENARIO_ANCHOR].font = DESCRIPTION_FONT


def _stake_note(ws: Worksheet, text: str) -> None:
    """``text`` where the "Dollars below market" chart would stand, saying why it does not."""
    ws[STAKE_ANCHOR] = text
    ws[STAKE_ANCHOR].font = DESCRIPTION_FONT
    ws[STAKE_ANCHOR].alignment = Alignment(vertical="top")  # beside the scenario's note


def keep_charts_apart(ws: Worksheet) -> None:
    """Keep the charts below the headline figures where a short payer's name puts them.

    A chart is anchored at a cell and keeps its size: the rows above the lower charts grown
    for a long name (9 lines of it) pushed them down, past the page's end, their axes and
    legend printed on the next page. The blank rows between the figures and the lower charts
    give up what the figures' rows grew, so those charts start where they always do, below
    the rate chart. Figures taller than the rate chart (a name of some 250 characters) push
    them down after all, and onto a page of their own: moved, never cut.

    Notes
    -----
    Rows from the rate chart's row to the row above the lower charts together measure the
    rate chart's height plus :data:`CHART_GAP_PT`; a row without a height of its own counts
    as one line (:data:`~ratecalc_workbook.page_layout.LINE_PT` plus its margin).
    """
    place_scenario_chart(ws)
    top = coordinate_to_tuple(RATES_ANCHOR)[0]
    below = coordinate_to_tuple(STAKE_ANCHOR)[0]
    last_fact = layout.DASHBOARD_FACTS_ROW + len(layout.DASHBOARD_FACTS) - 1
    spacers = range(last_fact + 1, below)
    room = RATES_HEIGHT_CM / 2.54 * 72 + CHART_GAP_PT

    def height(row: int) -> float:
        return float(ws.row_dimensions[row].height or LINE_PT + ROW_MARGIN_PT)

    facts = 0.0
    for row in range(top, last_fact + 1):  # each its own height: a program's default varies
        ws.row_dimensions[row].height = height(row)
        facts += height(row)
    spare = room - facts
    each = max(spare / len(spacers), MIN_SPACER_PT)
    for row in spacers:
        ws.row_dimensions[row].height = round(each, 1)
    if each * len(spacers) > spare:
        ws.row_breaks.append(Break(id=below - 1))


def print_charts_only(ws: Worksheet) -> None:
    """Print the Dashboard's facts and charts, not the charts' figures under them: on a page of
    their own they printed as a second page of bare numbers the charts above already show. The
    figures stay on the sheet, under their title, for the charts to read."""
    first, last = print_columns(ws)
    ws.print_area = f"{get_column_letter(first)}1:{get_column_letter(last)}{DATA_TITLE_ROW - 1}"


def place_scenario_chart(ws: Worksheet) -> None:
    """Anchor the scenario chart :data:`SCENARIO_LEFT_PX` from the sheet's left edge, in the
    column that holds that point, on the row of :data:`SCENARIO_ANCHOR`, at the columns'
    final widths (a column holding a payer's name is as wide as the name)."""
    for chart in ws._charts:
        if not isinstance(chart, LineChart):
            continue
        row = coordinate_to_tuple(SCENARIO_ANCHOR)[0]
        column, left = 1, 0.0
        while left + column_pixels(column_width(ws, column)) <= SCENARIO_LEFT_PX:
            left += column_pixels(column_width(ws, column))
            column += 1
        chart.anchor = OneCellAnchor(
            _from=AnchorMarker(col=column - 1, colOff=pixels_to_EMU(SCENARIO_LEFT_PX - left),
                               row=row - 1, rowOff=0),
            ext=XDRPositiveSize2D(cm_to_EMU(chart.width), cm_to_EMU(chart.height)))
