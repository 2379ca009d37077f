"""The package check's last cell or row tag of a piece, found from its end backwards
(``xlsx_package._last_structure``), is the last match of a search forwards over the whole
text, the rule it stands for: hand-made pieces, and a property over pieces made of the tags
a sheet holds and those that look like them."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from ratecalc import xlsx_package
from ratecalc.xlsx_package import _last_structure, _opens_a_cell


def _last_forwards(text: bytes) -> bytes | None:
    """The rule: the last match of the pattern searched forwards over the whole text."""
    found = re.findall(xlsx_package._STRUCTURE.pattern, text)
    return found[-1] if found else None


#: Pieces of sheet text: cells, rows, values, other elements whose names begin as a cell's or
#: a row's, prefixes, and the bare characters the pattern turns on.
_FRAGMENTS = [b'<c r="A1" t="s">', b"</c>", b'<c r="B2"/>', b"<c>", b'<row r="3">', b"</row>",
              b"<row/>", b'<x:c r="C4">', b"</x:c>", b"<x:row>", b"<v>12</v>", b"<f>A1</f>",
              b"<cfRule/>", b"<col/>", b"<cols>", b"<rowBreaks/>", b"<conditionalFormatting>",
              b"<a>", b"<", b">", b"/", b" ", b"c", b"row", b":", b'"', b"x" * 50]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=80), st.integers(0, 200))
@example([b"<a>"] * 40 + [b'<c r="A1">'], 0)  # the tag before more than the tries back
@example([b'<c r="A1">'] + [b"<a>"] * 40, 0)
@example([b'<c r="A1">', b"x" * 50] + [b"<a>"] * 200, 0)  # past the look-back too
@example([b"<a>"] * 200, 0)  # none
def test_last_structure_is_the_last_match_forwards(fragments: list[bytes], pad: int) -> None:
    text = b"".join(fragments) + b" " * pad
    assert _last_structure(text) == _last_forwards(text)


def test_last_structure_by_hand() -> None:
    assert _last_structure(b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>') \
        == b'<c r="B1"'
    assert _last_structure(b"</c></row></sheetData><conditionalFormatting><cfRule/>") \
        == b"</row"
    assert _last_structure(b"<v>1</v><cols><col/></cols>") is None
    assert _last_structure(b"") is None
    # a cell begun more tags back than are tried from the end, and further than the bytes
    # looked at first: found by the search forwards over the whole text
    assert _last_structure(b'<c r="A1">' + b"<a>" * 3000) == b'<c r="A1"'


def test_opens_a_cell() -> None:
    assert _opens_a_cell(b'<c r="A1" t="s"')
    assert _opens_a_cell(b"<x:c ")
    assert not _opens_a_cell(b'<c r="A1"/')
    assert not _opens_a_cell(b"</c")
    assert not _opens_a_cell(b'<row r="1"')
    assert not _opens_a_cell(b"</x:row")
