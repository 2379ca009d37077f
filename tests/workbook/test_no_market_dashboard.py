"""The Dashboard of a clinic with no market benchmark on file: every payer's dollars below
market is "not known", and the "Dollars below market a year" chart drew an axis of $0 to $12
with no bar, a chart without data. A sentence stands in its place saying why (as for a
workbook with no payer to chart), the note above it saying what to add. The rate chart's
legend named "Market" bars it never drew."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from ratecalc.demo import demo_data
from ratecalc_workbook import charts, layout
from ratecalc_workbook.builder import new_workbook
from ratecalc_workbook.page_layout import printed_width_in
from ratecalc_workbook.refresh import refresh_workbook
from tests.books import load_book
from tests.workbook.conftest import read_pages
from tests.workbook.libreoffice import SOFFICE, printing_only

NOW = datetime(2026, 12, 6, 9, 0)
NOT_CHARTED = "Dollars below market: not known for any payer, so not charted"


def no_market_dashboard_book(book: Path) -> None:
    """The demo clinic with its benchmarks removed, refreshed, printing its Dashboard only,
    saved as ``book``: printed by LibreOffice with the other modules' small books
    (``small_prints`` in conftest.py)."""
    data = demo_data(NOW.date())
    data = replace(data, benchmarks=data.benchmarks.iloc[0:0])
    full = book.with_name("full.xlsx")
    new_workbook(full, data)
    assert refresh_workbook(full, now=NOW).ok
    printing_only(full, layout.DASHBOARD, book)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_dashboard_says_why_it_charts_no_dollars_below_market(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = small_prints["no_market_dashboard"]
    # the footer, "Dashboard Page 2 of 17": the charts' texts come after it in the page's text
    [page] = [page for page in read_pages(pdf)
              if re.search(rf"^{layout.DASHBOARD} Page \d+ of \d+$", page["text"], re.M)]
    text = " ".join(page["text"].split())
    assert NOT_CHARTED in text
    assert "Dollars below market a year" not in text  # the chart's title
    # the rate chart's legend names no market bars: there are none to draw
    assert "Market" not in page["words"]
    assert "Medicare" in page["words"]
    # the other two charts still print
    for title in ("Rate per unit, codes billed most", "Revenue by year, all payers"):
        assert title in text, title


def test_a_dashboard_with_benchmarks_charts_them(demo_book: Path) -> None:
    """The demo has benchmarks: its chart stands at the anchor, no sentence there."""
    ws = load_book(demo_book)[layout.DASHBOARD]
    assert ws[charts.STAKE_ANCHOR].value is None
    # no sentence alone passed with the chart left out too: the chart is there, at the anchor
    assert "Dollars below market" in _charts_at(demo_book).get(charts.STAKE_ANCHOR, ""), \
        _charts_at(demo_book)


def _charts_at(book: Path) -> dict[str, str]:
    """Each chart's title by the cell its drawing anchors it at ("A22"), read from the
    package (openpyxl does not read charts back)."""
    import posixpath
    import zipfile

    from lxml import etree
    from openpyxl.utils import get_column_letter

    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
          "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
    found = {}
    with zipfile.ZipFile(book) as package:
        for name in package.namelist():
            if not (name.startswith("xl/drawings/drawing") and name.endswith(".xml")):
                continue
            rels = etree.fromstring(package.read(
                f"xl/drawings/_rels/{posixpath.basename(name)}.rels"))
            targets = {r.get("Id"): posixpath.normpath(posixpath.join(
                "xl/drawings", r.get("Target"))) if not r.get("Target").startswith("/")
                else r.get("Target").lstrip("/") for r in rels.findall("rel:Relationship", ns)}
            for anchor in etree.fromstring(package.read(name)):
                start = anchor.find("xdr:from", ns)
                chart = anchor.find(".//c:chart", ns)
                if start is None or chart is None:
                    continue
                cell = (f"{get_column_letter(int(start.find('xdr:col', ns).text) + 1)}"
                        f"{int(start.find('xdr:row', ns).text) + 1}")
                root = etree.fromstring(package.read(targets[chart.get(f"{{{ns['r']}}}id")]))
                found[cell] = "".join(root.xpath("//c:title//text()", namespaces=ns))
    return found


def _rate_chart_series(book: Path) -> list[str]:
    """The headers of the chart data naming the rate chart's series, as its XML refers to
    them (openpyxl's reading of charts is not relied on)."""
    import zipfile

    from lxml import etree

    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    ws = load_book(book)[layout.DASHBOARD]
    with zipfile.ZipFile(book) as package:
        for name in package.namelist():
            if name.startswith("xl/charts/chart"):
                root = etree.fromstring(package.read(name))
                if "Rate per unit" in "".join(root.xpath("//c:title//text()", namespaces=ns)):
                    refs = root.xpath("//c:ser/c:tx/c:strRef/c:f/text()", namespaces=ns)
                    return [str(ws[ref.split("!")[1].replace("$", "")].value) for ref in refs]
    raise AssertionError("no rate chart")


def test_market_bars_only_when_a_charted_code_has_one(tmp_path: Path, demo_book: Path) -> None:
    """Benchmarks on file for codes the rate chart does not show (the speech codes; it shows
    the six billed most): its legend named "Market" bars it never drew, as with no benchmark
    at all. The rule (gap.no_market_note) is asked of the codes charted."""
    data = demo_data(NOW.date())
    speech = data.benchmarks[data.benchmarks["code"].isin(["92507", "92523"])]
    book = tmp_path / "speech_market.xlsx"
    new_workbook(book, replace(data, benchmarks=speech))
    assert refresh_workbook(book, now=NOW).ok
    ws = load_book(book)[layout.DASHBOARD]
    charted = [ws.cell(row=r, column=1).value for r in range(charts.DATA_HEADER_ROW + 1,
                                                             charts.DATA_HEADER_ROW + 7)]
    assert "92507" not in charted and "92523" not in charted, charted
    series = _rate_chart_series(book)
    assert "Market" not in series and series[0] == "Medicare", series
    # the demo's codes charted have a market figure: its bars stand beside Medicare's
    assert _rate_chart_series(demo_book)[:2] == ["Medicare", "Market"]


def test_the_stake_chart_names_the_payers_whose_figure_is_not_known(tmp_path: Path) -> None:
    """Benchmarks for the speech codes only, and two payers billed none of them: their dollars
    below market are not known while the others' are, and the "Dollars below market" chart
    still stands. It drew no bar for them, as for a payer paid at market ($0.00), the reading
    the rule of gap.market_not_known is there to prevent; its labels now say so."""
    data = demo_data(NOW.date())
    speech = ["92507", "92523"]
    unknown = ["Lakeside Health Partners", "Meridian Mutual"]
    volumes = data.volumes
    data = replace(data, benchmarks=data.benchmarks[data.benchmarks["code"].isin(speech)],
                   volumes=volumes[~(volumes["payer"].isin(unknown)
                                     & volumes["code"].isin(speech))])
    book = tmp_path / "some_payers.xlsx"
    new_workbook(book, data)
    assert refresh_workbook(book, now=NOW).ok
    ws = load_book(book)[layout.DASHBOARD]
    assert ws[charts.STAKE_ANCHOR].value is None  # the chart stands
    header = charts.DATA_HEADER_ROW
    [column] = [c for c in range(1, ws.max_column + 1)
                if ws.cell(row=header, column=c).value == "Dollars below market: label"]
    labels = [ws.cell(row=r, column=column).value for r in range(header + 1, header + 7)]
    assert all(labels) and len(labels) == 6, labels  # every payer labelled, by its rank
    # a name cut to leave room for the words ends with an ellipsis: the Priorities name it
    said = [label.split(". ", 1)[1].removesuffix(" (not known)").removesuffix("\u2026")
            for label in labels if label.endswith(" (not known)")]
    assert len(said) == 2 and all(any(name.startswith(cut) for name in unknown)
                                  for cut in said), labels
    assert not any(name in label for name in unknown for label in labels
                   if not label.endswith(" (not known)")), labels
    # the chart reads its bars' labels from that column
    import zipfile

    from lxml import etree
    from openpyxl.utils import get_column_letter

    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    with zipfile.ZipFile(book) as package:
        roots = [etree.fromstring(package.read(name)) for name in package.namelist()
                 if name.startswith("xl/charts/chart")]
    [stake] = [root for root in roots if "Dollars below market" in "".join(
        root.xpath("//c:title//text()", namespaces=ns))]
    assert stake.xpath("//c:cat//c:f/text()", namespaces=ns) == [
        f"'{layout.DASHBOARD}'!${get_column_letter(column)}${header + 1}:"
        f"${get_column_letter(column)}${header + 6}"]


def _market_column(book: Path) -> tuple[bool, list[Any]]:
    """Whether the Proposal's "Market" column is hidden, and its values."""
    ws = load_book(book)[layout.PROPOSAL]
    spec = layout.PROPOSAL_TABLE
    letter = get_column_letter(spec.col("benchmark"))
    assert ws[f"{letter}{spec.header_row}"].value == "Market"
    values = [ws[f"{letter}{row}"].value for row in range(spec.header_row + 1, ws.max_row + 1)]
    return bool(ws.column_dimensions[letter].hidden), values


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_proposal_hides_its_market_column_with_no_market_on_file(
        small_prints: dict[str, tuple[Path, Path]]) -> None:
    """With no benchmark the Proposal printed a headed "Market" column, empty on every payer's
    page. Hidden, as the Scenarios' "Contract" while no contract ended: no room taken on paper
    (the print widths count it as none), and shown again by a refresh that finds a market."""
    book, _ = small_prints["no_market_dashboard"]  # only the workbook's print areas differ
    hidden, values = _market_column(book)
    assert not any(values)
    assert hidden
    ws = load_book(book)[layout.PROPOSAL]
    col = layout.PROPOSAL_TABLE.col("benchmark")
    assert printed_width_in(ws, col, col) == 0.0


def test_the_demos_proposal_shows_its_market_column(demo_book: Path) -> None:
    hidden, values = _market_column(demo_book)
    assert any(values)
    assert not hidden
