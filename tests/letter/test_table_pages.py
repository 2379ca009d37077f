"""The proposal's rate table on the rendered page (LibreOffice): wherever a page ends in it, each
page holds at least :data:`~ratecalc_letter.render.MIN_ROWS_A_PAGE` of its rows, under the
repeated header. The demo's Cardinal and Pioneer proposals printed their 15 codes as 13 + 2 and
12 + 3 (a review), the last rows alone atop page 2.

Each payer's letter is rendered behind 0 to 15 one-line fillers before the "Proposed rates"
heading, so that page 1's foot passes through every row of the table; the lead-in of the
clinic's advantages is checked on the same pages, as it was left alone at page 2's foot in the
Cardinal letter."""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from ratecalc.analysis import analyze
from ratecalc_letter.api import letter_content
from ratecalc_letter.blocks import Heading, Paragraph, Table
from ratecalc_letter.preview import pages, to_pdfs
from ratecalc_letter.render import MIN_ROWS_A_PAGE, letter_bytes

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs LibreOffice (soffice) and poppler (pdftotext)"),
]

PAYERS = ("Cardinal Employers Trust", "Pioneer Medicare Advantage")
FILLERS = range(16)


@dataclasses.dataclass(frozen=True)
class Rendered:
    """The PDFs of :func:`placed`'s letters, by payer and count of fillers; and those of the
    test of cut words, each with the words its letter says."""

    tables: dict[tuple[str, int], Path]
    basis: list[tuple[Path, set[str]]]


@pytest.fixture(scope="module")
def rendered(analysis, tmp_path_factory) -> Rendered:
    """The letters of :func:`placed` and of the test of cut words (:func:`_basis_letters`)
    rendered in one LibreOffice run (each start costs some 0.4 s of CPU)."""
    folder = tmp_path_factory.mktemp("tables")
    tables = _table_letters(analysis, folder)
    basis, said = _basis_letters(analysis, folder)
    pdfs = to_pdfs([*tables.values(), *basis], folder)
    return Rendered(dict(zip(tables, pdfs[:len(tables)], strict=True)),
                    list(zip(pdfs[len(tables):], said, strict=True)))


def _table_letters(analysis, folder: Path) -> dict[tuple[str, int], Path]:
    """Per payer and count of fillers, its letter. The rate table's descriptions are marked
    (``Row0x``...) to be found, and so is its header."""
    letters = {}
    for p, payer in enumerate(PAYERS):
        content = letter_content(analysis, payer)
        blocks = list(content.blocks)
        at = blocks.index(Heading("Proposed rates"))
        rates = next(i for i, b in enumerate(blocks) if isinstance(b, Table) and b.name == "rates")
        table = blocks[rates]
        assert isinstance(table, Table)
        blocks[rates] = dataclasses.replace(
            table, header=("Code", "Headerx", *table.header[2:]),
            rows=tuple((r[0], f"Row{i}x", *r[2:]) for i, r in enumerate(table.rows)))
        for n in FILLERS:
            fillers = [Paragraph(f"Filler {k}.") for k in range(n)]
            letter = folder / f"payer{p}-fillers{n}.docx"
            letter.write_bytes(letter_bytes(dataclasses.replace(
                content, blocks=(*blocks[:at], *fillers, *blocks[at:]))))
            letters[(payer, n)] = letter
    return letters


@pytest.fixture(scope="module")
def placed(rendered: Rendered) -> dict[tuple[str, int], dict[str, list[int]]]:
    """Per payer and count of fillers: the pages each word of the letter is on. The rate
    table's descriptions are marked (``Row0x``...) to be found, and so is its header."""
    out = {}
    for key, pdf in rendered.tables.items():
        found: dict[str, list[int]] = defaultdict(list)
        for page in pages(pdf):
            for word in page.words:
                found[word.text].append(page.number)
        out[key] = found
    return out


def _rows_by_page(found: dict[str, list[int]]) -> dict[int, int]:
    rows: dict[int, int] = defaultdict(int)
    i = 0
    while f"Row{i}x" in found:
        [page] = found[f"Row{i}x"]
        rows[page] += 1
        i += 1
    assert i == 15  # the demo's fifteen codes
    return rows


def test_the_rate_table_crosses_page_breaks(placed) -> None:
    """The fillers move page 1's foot into the table often enough to test it."""
    split = [key for key, found in placed.items() if len(_rows_by_page(found)) > 1]
    assert len(split) >= 10, split


@pytest.mark.parametrize("payer", PAYERS)
@pytest.mark.parametrize("fillers", FILLERS)
def test_no_page_holds_a_few_rows_of_the_rate_table(placed, payer: str, fillers: int) -> None:
    found = placed[(payer, fillers)]
    rows = _rows_by_page(found)
    assert all(n >= MIN_ROWS_A_PAGE for n in rows.values()), rows
    assert set(found["Headerx"]) == set(rows)  # the header atop every page of the table


@pytest.mark.parametrize("payer", PAYERS)
@pytest.mark.parametrize("fillers", FILLERS)
def test_the_advantages_lead_in_keeps_with_its_list(placed, payer: str, fillers: int) -> None:
    found = placed[(payer, fillers)]
    assert found["benefit"][0] == found["Open"][0], (found["benefit"], found["Open"])


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]+", text))


def _basis_letters(analysis, folder: Path) -> tuple[list[Path], list[set[str]]]:
    """Each payer's proposal on each rate basis (fixed, the analysis's; percent of Medicare),
    and the words each says (its text, its chart's axis, page numbers)."""
    from ratecalc_letter.blocks import Chart

    data = analysis.data
    percent = analyze(dataclasses.replace(
        data, settings=dataclasses.replace(data.settings, rate_basis="pct_of_medicare")))
    letters, said = [], []
    for i, source in enumerate((analysis, percent)):
        for payer in PAYERS:
            content = letter_content(source, payer)
            letter = folder / f"basis{i}-{len(letters)}.docx"
            letter.write_bytes(letter_bytes(content))
            letters.append(letter)
            chart = " ".join(f"{b.market_label} Current rate Proposed rate" for b in
                             content.blocks if isinstance(b, Chart))
            said.append(_words(" ".join(content.texts()) + f" {chart} USD per unit Page"))
    return letters, said


def test_no_word_of_a_letter_is_cut_in_print(rendered: Rendered) -> None:
    """A percent-of-Medicare proposal's rate table headed a column "Propose" / "d rate" /
    "today": as narrow as the fixed table's "Change", LibreOffice cut the word. Every word
    printed, in both kinds of proposal, is a word the letter says (or its chart's axis and
    page numbers), none a piece of one."""
    for pdf, known in rendered.basis:
        # pdftotext -bbox writes XML: "&amp;", "&apos;"
        printed = _words(html.unescape(" ".join(w.text for page in pages(pdf)
                                                for w in page.words)))
        assert printed - known == set(), pdf.name
