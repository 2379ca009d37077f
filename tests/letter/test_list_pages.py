"""Bulleted lists on the rendered page (LibreOffice): a lead-in never ends a page without its
first two items, a short list prints whole, a long one never leaves its last item alone, and
no item's lines are split between pages. And the closing: "Sincerely," prints on the page of
the signer's name, title and clinic, wherever the page ends.

One letter holds some sixty lists of different lengths behind fillers of different lengths, so
that its page breaks fall at every place of a list: the start, the second item, the end."""

from __future__ import annotations

import dataclasses
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from ratecalc_letter.api import letter_content
from ratecalc_letter.blocks import Block, Bullets, Paragraph
from ratecalc_letter.preview import pages, to_pdfs
from ratecalc_letter.render import KEEP_TOGETHER_ITEMS, letter_bytes

from .conftest import TOP_PAYER

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs LibreOffice (soffice) and poppler (pdftotext)"),
]

SIZES = (2, 3, 5, 6, 7, 8, 12, 16)
#: Words of an item that runs over two or three lines (its lines must stay on one page).
LONG_ITEM = " ".join(["claims", "paid", "within", "twenty-one", "days"] * 7)


def _lists() -> list[tuple[int, int, bool]]:
    """(fillers before, items, long items) of each list: every size behind 0 to 9 fillers."""
    return [(fillers, size, fillers % 3 == 2) for fillers in range(10) for size in SIZES]


def _item(n: int, i: int, long: bool) -> str:
    return f"L{n}i{i}a {LONG_ITEM} L{n}i{i}z" if long else f"L{n}i{i}a L{n}i{i}z"


@pytest.fixture(scope="module")
def rendered(analysis, tmp_path_factory) -> dict[str, list[tuple[int, str]]]:
    """The letters of this module's two fixtures rendered in one LibreOffice run (each start
    costs some 0.4 s of CPU), by file name: its words, each with its page, in page order."""
    folder = tmp_path_factory.mktemp("lists")
    letters = [_lists_letter(analysis, folder), *_advantages_letters(analysis, folder),
               *_closing_letters(analysis, folder)]
    return {letter.stem: [(page.number, word.text) for page in pages(pdf) for word in page.words]
            for letter, pdf in zip(letters, to_pdfs(letters, folder), strict=True)}


def _lists_letter(analysis, folder: Path) -> Path:
    """The letter of many lists (see :func:`placed`)."""
    content = letter_content(analysis, TOP_PAYER)
    blocks: list[Block] = []
    for n, (fillers, size, long) in enumerate(_lists()):
        blocks += [Paragraph(f"Filler {n}.{k} before the list.") for k in range(fillers)]
        blocks.append(Paragraph(f"Lead{n} of the list:", keep_with_next=True))
        blocks.append(Bullets(tuple(_item(n, i, long) for i in range(size))))
    letter = folder / "lists.docx"
    letter.write_bytes(letter_bytes(dataclasses.replace(content, blocks=tuple(blocks))))
    return letter


@pytest.fixture(scope="module")
def placed(rendered: dict[str, list[tuple[int, str]]]) -> dict[str, list[int]]:
    """Each word's pages in the rendered letter of many lists."""
    found: dict[str, list[int]] = defaultdict(list)
    for number, word in rendered["lists"]:
        found[word.rstrip(":")].append(number)
    return found


def test_the_lists_cross_page_breaks(placed: dict[str, list[int]]) -> None:
    """The letter is long enough that many of its lists meet a page break."""
    crossing = [n for n, (_, size, _) in enumerate(_lists())
                if placed[f"Lead{n}"][0] != placed[f"L{n}i{size - 1}z"][0]]
    assert len(crossing) >= 5


@pytest.mark.parametrize(("n", "fillers", "size", "long"),
                         [(n, *spec) for n, spec in enumerate(_lists())],
                         ids=[f"list{n}-{s[1]}items{'-long' if s[2] else ''}"
                              for n, s in enumerate(_lists())])
def test_a_list_keeps_its_lead_in_its_ends_and_its_items_lines(
        placed: dict[str, list[int]], n: int, fillers: int, size: int, long: bool) -> None:
    def page(word: str) -> int:
        [number] = placed[word]
        return number

    starts = [page(f"L{n}i{i}a") for i in range(size)]
    ends = [page(f"L{n}i{i}z") for i in range(size)]
    assert starts == ends  # each item's first and last line on one page
    assert page(f"Lead{n}") == starts[0] == starts[1]  # the lead-in with two items
    assert starts[-2] == starts[-1]  # never the last item alone
    if size <= KEEP_TOGETHER_ITEMS:
        assert len(set(starts)) == 1, starts  # a short list whole


ADVANTAGE_LETTERS = 9


def _advantages_letters(analysis, folder: Path) -> list[Path]:
    """The letters of :func:`demo_with_eight_advantages`."""
    content = letter_content(analysis, TOP_PAYER)
    blocks = list(content.blocks)
    at = next(i for i, b in enumerate(blocks)
              if isinstance(b, Paragraph) and b.text == "Your members also benefit from:")
    assert isinstance(blocks[at + 1], Bullets)
    items = tuple(f"Advantage{i}a Advantage{i}z" for i in range(8))
    letters = []
    for n in range(ADVANTAGE_LETTERS):
        fillers = [Paragraph(f"Filler {k}.") for k in range(n)]
        letter = folder / f"fillers{n}.docx"
        letter.write_bytes(letter_bytes(dataclasses.replace(
            content, blocks=(*blocks[:at], *fillers, blocks[at], Bullets(items),
                             *blocks[at + 2:]))))
        letters.append(letter)
    return letters


@pytest.fixture(scope="module")
def demo_with_eight_advantages(rendered: dict[str, list[tuple[int, str]]]
                               ) -> list[dict[str, list[int]]]:
    """The demo's proposal with eight advantages, behind 0 to 8 fillers, so that page 2's
    foot passes through the list: LibreOffice left the lead-in alone there (its chain of
    kept paragraphs was too long) while each item kept with the next."""
    placed = []
    for n in range(ADVANTAGE_LETTERS):
        found: dict[str, list[int]] = defaultdict(list)
        for number, word in rendered[f"fillers{n}"]:
            found[word].append(number)
        placed.append(found)
    return placed


def test_the_advantages_lead_in_keeps_two_items_wherever_the_page_ends(
        demo_with_eight_advantages: list[dict[str, list[int]]]) -> None:
    for placed in demo_with_eight_advantages:
        lead = placed["benefit"]
        starts = [placed[f"Advantage{i}a"] for i in range(8)]
        assert lead[0] == starts[0][0] == starts[1][0], (lead, starts)
        assert starts[-2] == starts[-1], starts


#: Counts of one-line fillers before the letter's last paragraph: page 1's foot passes through
#: the closing for some of them (the demo's letterhead, address and subject above them).
CLOSING_FILLERS = range(14, 24)


def _closing_letters(analysis, folder: Path) -> list[Path]:
    """The demo's proposal cut to its last paragraph, behind each count of
    :data:`CLOSING_FILLERS`."""
    content = letter_content(analysis, TOP_PAYER)
    last = content.blocks[-1]
    assert isinstance(last, Paragraph) and last.text.startswith("Thank you")
    letters = []
    for n in CLOSING_FILLERS:
        letter = folder / f"closing{n}.docx"
        letter.write_bytes(letter_bytes(dataclasses.replace(
            content, blocks=(*[Paragraph(f"Filler {k}.") for k in range(n)], last))))
        letters.append(letter)
    return letters


def test_the_closing_prints_with_the_signer_s_lines_wherever_the_page_ends(
        rendered: dict[str, list[tuple[int, str]]]) -> None:
    """The counter letter printed "Sincerely," at page 2's foot and the signer's name, title
    and clinic alone on page 3: the closing and the signature were paragraphs kept with the
    next, which LibreOffice let go. Behind 14 to 23 fillers, page 1's foot passes through
    the closing; it and the signer's lines print on one page every time."""
    pages_of_closing = set()
    for n in CLOSING_FILLERS:
        found: dict[str, list[int]] = defaultdict(list)
        for number, word in rendered[f"closing{n}"]:
            found[word].append(number)
        block = {"Sincerely,": found["Sincerely,"], "Jordan": found["Jordan"],
                 "Director": found["Director"], "Rehab": found["Rehab"][-1:]}
        assert len({page for pages in block.values() for page in pages}) == 1, (n, block)
        pages_of_closing.add(found["Sincerely,"][0])
    assert pages_of_closing == {1, 2}  # the fillers move the page's foot through it
