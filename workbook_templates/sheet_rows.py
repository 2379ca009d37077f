"""A worksheet's cells (``<sheetData>``) written as openpyxl 3.1 writes them, at a fraction of
the cost.

openpyxl writes each cell through lxml's incremental writer, one ``with xf.element(...)`` per
cell and per value: about 7% of a demo refresh's instructions. :func:`rows_xml` builds the same
bytes with string joins: every row and cell, their attributes in the same order, the text
escaped as lxml escapes it in an ASCII document (``&``, ``<``, ``>`` and a carriage return in
text; those, ``"``, a tab and a newline in an attribute; every other character past ASCII a
decimal character reference), an element without content written as a start and an end tag.
The side effects are openpyxl's own, in its order: each cell's style added to the workbook's
list (``cell.style_id``), its hyperlink and note recorded for the sheet's later parts.

Only the cells openpyxl writes from plain values are written here: a sheet holding a cell of
formatted text (``CellRichText``), an array or data-table formula, a value not of the types
openpyxl's writer writes as text, or a text holding a character lxml refuses
(:data:`_REFUSED`), is left to openpyxl whole (:func:`rows_xml` gives None, with
nothing recorded); so is every sheet under an openpyxl other than the releases those bytes
were compared under (:data:`COMPARED_OPENPYXL`). ``tests/workbook/test_sheet_rows.py``
compares the two writers' bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import openpyxl
from lxml import etree
from openpyxl.cell import _writer as cell_writer
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet.worksheet import Worksheet

from ratecalc.deferred_pattern import deferred

#: The openpyxl releases whose writer ``tests/workbook/test_sheet_rows.py`` compared this
#: module's with: another, even of 3.1, may write a cell otherwise or keep the lists this
#: module records links, notes and styles in under other names (every save would then stop,
#: not fall back). Add a release here once those tests pass under it.
COMPARED_OPENPYXL = frozenset({"3.1.5"})
#: Whether the installed openpyxl writes cells as this module was checked against (one of
#: :data:`COMPARED_OPENPYXL`, writing through lxml: ``lxml_write_cell``); another's sheets
#: are written by openpyxl itself.
MATCHES_OPENPYXL = (openpyxl.__version__ in COMPARED_OPENPYXL
                    and sheet_writer.write_cell is cell_writer.lxml_write_cell)

# The characters XML refuses, which lxml refuses to write: a control character but tab, newline
# and carriage return, a surrogate, U+FFFE, U+FFFF. Compiled when first needed: a text of
# printable ASCII needs no search (and the pattern of the characters allowed, spanning Unicode,
# cost more to compile than this module's every other line to load).
_REFUSED = deferred("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class NotPlain(Exception):
    """A cell or row this module does not write as openpyxl would: openpyxl writes the sheet."""


def _writable(value: str) -> bool:
    return (value.isascii() and value.isprintable()) or _REFUSED().search(value) is None


def _text(value: str) -> str:
    if not _writable(value):
        raise NotPlain
    return value.translate(_TEXT_ESCAPES)


def _attributes(attributes: dict[str, str]) -> str:
    out = []
    for key, value in attributes.items():
        if type(value) is not str or key.startswith("{") or not _writable(value):
            raise NotPlain  # a namespaced name or a value lxml would write otherwise
        out.append(f' {key}="{value.translate(_ATTRIBUTE_ESCAPES)}"')
    return "".join(out)


#: The data types a cell's ``t`` attribute gives as they are; "s" is written "inlineStr", and
#: a formula ("f") has none. A date ("d") is left to openpyxl's attributes (its text or serial).
_KINDS = {"n": ' t="n"', "b": ' t="b"', "e": ' t="e"', "s": ' t="inlineStr"', "f": ""}


def _content(kind: str, value: object) -> str:
    """What follows a cell's start tag, its end tag included (``value`` neither None nor
    empty)."""
    if kind == "f":
        if type(value) is not str:
            raise NotPlain  # an array or data-table formula
        return f"<f>{_text(value[1:])}</f><v></v></c>"
    if kind == "s":
        if type(value) is not str:
            raise NotPlain  # formatted text
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f"<is><t{space}>{_text(value)}</t></is></c>"
    kinds = type(value)
    if kinds is int or kinds is float:
        return f"<v>{safe_string(value)}</v></c>"  # digits, a sign, a point, an exponent
    shown = safe_string(value)
    if type(shown) is not str:
        raise NotPlain
    return f"<v>{_text(shown)}</v></c>"


def rows_xml(ws: Worksheet, rows: Iterable[tuple[int, list[Cell]]]) -> bytes | None:
    """The content of ``ws``'s ``<sheetData>`` for ``rows`` (openpyxl's
    ``WorksheetWriter.rows()``), as openpyxl 3.1's ``write_rows`` writes it; None, with nothing
    recorded, when a cell is not one this module writes (:class:`NotPlain`)."""
    hyperlinks, comments = len(ws._hyperlinks), len(ws._comments)
    dims = ws.row_dimensions
    styles = ws.parent._cell_styles
    style_ids = styles._dict
    kinds = _KINDS
    out = []
    try:
        for row_idx, row in rows:
            attributes = {"r": f"{row_idx}"}
            attributes.update(dims.get(row_idx, {}))
            out.append(f"<row{_attributes(attributes)}>")
            for cell in row:
                if cell._comment is not None:
                    ws._comments.append(CommentRecord.from_cell(cell))
                style = cell._style
                styled = style is not None and any(style)  # cell.has_style
                value = cell._value
                if value is None and not styled and not cell._comment:
                    continue
                kind = cell.data_type
                kind_attribute = kinds.get(kind)
                if kind_attribute is None or cell.hyperlink:
                    # a date, or a link: openpyxl's own attributes (and the link recorded)
                    value, attributes = cell_writer._set_attributes(cell, styled)
                    start = f"<c{_attributes(attributes)}>"
                else:
                    # cell.style_id: the style added to the workbook's list, its number
                    style_id = style_ids.get(style) if styled else None
                    if styled and style_id is None:
                        style_id = styles.add(style)
                    # the address (letters and digits), the style's number and the type need
                    # no escape
                    start = (f'<c r="{get_column_letter(cell.column)}{cell.row}"'
                             + (f' s="{style_id}"' if styled else "") + kind_attribute + ">")
                if value is None or value == "":
                    out.append(start + "</c>")
                else:
                    out.append(start + _content(kind, value))
            out.append("</row>")
    except NotPlain:
        del ws._hyperlinks[hyperlinks:], ws._comments[comments:]
        return None
    return "".join(out).encode("ascii", "xmlcharrefreplace")


#: What :class:`RowsWriter` writes in ``<sheetData>`` for the rows to go in: an instruction,
#: which openpyxl writes nowhere (any text it writes is escaped: no "<?" comes of it). Looked
#: for as lxml itself writes it (``etree.tostring``, libxml2's own writer of a node, as
#: ``xmlfile.write``), not as one version of it did: were a libxml2 to space or close it
#: differently, every save would stop.
_TARGET = "ratecalc-rows"


class RowsWriter(sheet_writer.WorksheetWriter):
    """openpyxl's ``WorksheetWriter``, the sheet's rows made by :func:`rows_xml` (where it
    writes them all) and put in by :meth:`xml` once the writer is done."""

    def __init__(self, ws: Worksheet, out: object) -> None:
        super().__init__(ws, out=out)
        self.rows_made: bytes | None = None
        self.place = b""

    def write_rows(self) -> None:
        made = rows_xml(self.ws, self.rows()) if MATCHES_OPENPYXL else None
        if made is None:
            super().write_rows()
            return
        place = etree.ProcessingInstruction(_TARGET)
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.write(place)
        self.xf.send(None)
        self.rows_made, self.place = made, etree.tostring(place)

    def xml(self, written: bytes) -> bytes:
        """The sheet's part: ``written`` (what the writer wrote) with the rows put in."""
        if self.rows_made is None:
            return written
        place = self.place
        at = written.find(place)
        if at < 0 or written.find(place, at + 1) >= 0:
            raise RuntimeError(f"sheet '{self.ws.title}': its cells' place was not found once"
                               " in what openpyxl wrote")
        return written[:at] + self.rows_made + written[at + len(place):]
