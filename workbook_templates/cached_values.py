"""Formula cells keep, through RateCalc's saves, the values Excel or LibreOffice last computed.

A formula typed in an input cell (an allowed amount ``=20+5.22``) is read by the value the file
cached for it (:class:`ratecalc_workbook.reader.FormulaValues`): openpyxl cannot compute it.
openpyxl loads a formula cell as its text and writes it back with an empty value, so a workbook
RateCalc had saved once (a refresh, an import) could not be read again until Excel had saved
it. Every save of a workbook RateCalc loaded (:func:`ratecalc_workbook.ignored_errors.
save_with_ignored_errors`) therefore writes each formula cell's cached value back into the
sheet's XML (:func:`restored`), as openpyxl writes the part.

The rule: a formula cell gets the value cached at its *origin* in the file the workbook was
loaded from (:func:`note_source`), when the formula there is the same text. Its origin is the
same cell on a sheet loaded and saved as it was (input sheets, the user's own sheets, a result
sheet an import left alone). On a sheet refresh rebuilt (:func:`note_rebuilt`), only a formula
the user typed and refresh carried over (``Your rate``, Notes, a column of the user's) has an
origin, the cell it was captured from (:func:`note_carried`); RateCalc's own formulas there get
none, so they never show a value of the old data (Excel and LibreOffice compute every formula
when they open the workbook: it sets ``fullCalcOnLoad``). For the same reason a formula
elsewhere that reads a rebuilt sheet or one of its tables (the Start sheet's count of the
Problems sheet's errors, ``=SUM(tblComparison[Revenue])`` on a sheet of the user's) keeps no
value either: the sheet it read is not the one it was computed from.

The cells are found in the XML as openpyxl, Excel and LibreOffice write them (address first, no
namespace prefix); a cell written otherwise keeps no value, as before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook

from ratecalc.xlsx_parts import sheet_parts, xml_text
from ratecalc_workbook.layout import START


class Cached(NamedTuple):
    """A formula cell as the source file holds it: ``formula`` without its ``=``, its cached
    ``value`` as written in ``<v>`` (XML-escaped) and its type (``t``: None for a number,
    ``str``, ``b`` or ``e``)."""

    formula: str
    value: bytes
    kind: str | None
    #: An array formula (Ctrl+Shift+Enter, or one of Excel 365's that could spill): openpyxl
    #: writes it back as ``<f t="array" ref="D5">``, so it keeps its value only as one.
    array: bool = False


@dataclass
class _Origins:
    """Where a workbook about to be saved was read from, and which of its cells it rebuilt."""

    source: Path
    rebuilt: set[str] = field(default_factory=set)
    #: sheets whose cells a save changes without rebuilding them (rows an import appends)
    changed: set[str] = field(default_factory=set)
    #: (sheet, row, column) written -> (row, column) read, on a rebuilt sheet
    carried: dict[tuple[str, int, int], tuple[int, int]] = field(default_factory=dict)


_origins: WeakKeyDictionary[Workbook, _Origins] = WeakKeyDictionary()


def note_source(wb: Workbook, path: Path) -> None:
    """``wb`` was loaded from the file at ``path``: its saves keep that file's cached values."""
    _origins[wb] = _Origins(Path(path))


def note_rebuilt(wb: Workbook, title: str) -> None:
    """The sheet ``title`` of ``wb`` is written anew: its cells come from nowhere in the source
    but those :func:`note_carried` names."""
    origins = _origins.get(wb)
    if origins is not None:
        origins.rebuilt.add(title)
        origins.carried = {k: v for k, v in origins.carried.items() if k[0] != title}


def note_changed(wb: Workbook, title: str) -> None:
    """The sheet ``title`` of ``wb`` gets cells the source file did not have (an import's
    rows): a formula on it, or reading it, may compute another value now, so keeps none."""
    origins = _origins.get(wb)
    if origins is not None:
        origins.changed.add(title)


def note_carried(cell: Cell, origin: tuple[int, int]) -> None:
    """``cell`` holds the formula the user typed at ``origin`` (row, column) of the same sheet
    before it was rebuilt."""
    origins = _origins.get(cell.parent.parent)
    if origins is not None:
        origins.carried[(cell.parent.title, cell.row, cell.column)] = origin


# openpyxl writes a formula cell as <c r="D5" s="3"><f>20+5.22</f><v></v></c> (no type), an
# array formula as <c r="D5"><f t="array" ref="D5">20+5.22</f><v></v></c>.
_WRITTEN = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"((?: s="[0-9]+")?)>'
                      rb'<f((?: t="array" ref="[A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?")?)>'
                      rb'([^<]*)</f><v\s*(?:/>|></v>)</c>')
#: What in a sheet part openpyxl wrote shows a formula :func:`restored` may give a value.
_WRITTEN_FORMULA = re.compile(rb'<f>|<f t="array"')
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"([^>]*?)(/?)>')
_FORMULA = re.compile(rb'<f((?:\s[^>]*?)?)(?:/>|>([^<]*)</f>)')
_VALUE = re.compile(rb'<v>([^<]*)</v>')
_ATTR = re.compile(rb'\s(t|si|ref)="([^"]*)"')
#: The types a formula's cached value may have; a number has none (or ``n``).
_KINDS = {None: None, "n": None, "str": "str", "b": "b", "e": "e"}


def cached_cells(sheet_xml: bytes) -> dict[str, Cached]:
    """Address -> :class:`Cached` of each formula cell of a sheet part that holds a value.

    A shared formula (Excel writes one formula for a filled range, ``<f t="shared" si="0"
    ref="D5:D9">``, and ``<f t="shared" si="0"/>`` in the other cells) is given each cell's
    own text, as openpyxl reads it.
    """
    found: dict[str, Cached] = {}
    masters: dict[bytes, tuple[str, str]] = {}
    followers: list[tuple[str, bytes, bytes, str | None]] = []
    at = sheet_xml.find(b"<f")
    while at >= 0:
        start = sheet_xml.rfind(b"<c ", 0, at)
        end = sheet_xml.find(b"</c>", at)
        head = _CELL_START.match(sheet_xml, start) if start >= 0 else None
        if head is None or end < 0 or head.group(3) or sheet_xml.rfind(b"</c>", start, at) >= 0:
            at = sheet_xml.find(b"<f", at + 2)
            continue
        inner = sheet_xml[head.end():end]
        at = sheet_xml.find(b"<f", end)
        formula, value = _FORMULA.search(inner), _VALUE.search(inner)
        if formula is None:
            continue
        address = head.group(1).decode("ascii")
        cell_attrs = dict(_ATTR.findall(head.group(2)))
        kind_text = cell_attrs.get(b"t")
        kind = kind_text.decode("ascii") if kind_text is not None else None
        f_attrs = dict(_ATTR.findall(formula.group(1) or b""))
        text = xml_text((formula.group(2) or b"").decode("utf-8"))
        if f_attrs.get(b"t") == b"shared":
            si = f_attrs.get(b"si", b"")
            if text:
                masters[si] = (address, text)
            else:
                if value is not None and value.group(1) and kind in _KINDS:
                    followers.append((address, si, value.group(1), _KINDS[kind]))
                continue
        elif f_attrs.get(b"t") not in (None, b"normal", b"array"):
            # a data table's: what its value reads is not in its text, so none is kept
            continue
        if value is not None and value.group(1) and kind in _KINDS and text:
            found[address] = Cached(text, value.group(1), _KINDS[kind],
                                    array=f_attrs.get(b"t") == b"array")
    for address, si, cached, kind in followers:
        if si in masters:
            origin, text = masters[si]
            own = Translator("=" + text, origin=origin).translate_formula(address)
            found[address] = Cached(own[1:], cached, kind)
    return found


def restored(sheet_xml: bytes, cached: Callable[[str], Cached | None],
             stale: re.Pattern[str] | None = None) -> bytes:
    """The sheet part openpyxl wrote, each formula cell given the value ``cached(address)``
    holds for it when its formula is that one's (an edited formula gets none) and does not
    match ``stale`` (:func:`reading`)."""
    if _WRITTEN_FORMULA.search(sheet_xml) is None:
        return sheet_xml

    def put(match: re.Match[bytes]) -> bytes:
        old = cached(match.group(1).decode("ascii"))
        if old is None or xml_text(match.group(4).decode("utf-8")) != old.formula \
                or old.array != bool(match.group(3)) \
                or (stale is not None and stale.search(old.formula)):
            return match.group(0)
        kind = b"" if old.kind is None else b' t="' + old.kind.encode("ascii") + b'"'
        return (b'<c r="' + match.group(1) + b'"' + match.group(2) + kind + b"><f"
                + match.group(3) + b">" + match.group(4) + b"</f><v>" + old.value + b"</v></c>")

    return _WRITTEN.sub(put, sheet_xml)


def reading(sheets: Iterable[str], tables: Iterable[str], defined: Iterable[str] = ()
            ) -> re.Pattern[str] | None:
    """What finds, in a formula, a reference to one of ``sheets`` (``'Exit Impact'!B5``,
    ``Problems!A5``), of ``tables`` (``tblComparison[Revenue]``) or any of the ``defined``
    names (``AsOfDate``: where a name points is not followed), in any capitals; None for
    none."""
    names = [re.escape("'" + s.replace("'", "''") + "'") for s in sheets]
    names += [re.escape(s) for s in sheets if re.fullmatch(r"\w+", s)]
    found = [rf"(?<![\w.'])(?:{'|'.join(names)})!"] if names else []
    if tables := [re.escape(t) for t in tables]:
        found.append(rf"(?<![\w.])(?:{'|'.join(tables)})\[")
    if defined := [re.escape(d) for d in defined]:
        found.append(rf"(?<![\w.!'\[])(?:{'|'.join(defined)})(?![\w.(\[!])")
    return re.compile("|".join(found), re.IGNORECASE) if found else None


def sheet_restorers(wb: Workbook) -> dict[str, Callable[[bytes], bytes]]:
    """Sheet title -> what gives that sheet's part, as openpyxl writes it, the cached values of
    its formulas (:func:`restored`), for each sheet of ``wb`` that may have some.

    The source file is read only for a sheet whose written part holds a formula.
    """
    origins = _origins.get(wb)
    if origins is None or not origins.source.is_file():
        return {}
    try:
        with zipfile.ZipFile(origins.source) as archive:
            parts = dict(sheet_parts(archive))
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    carried: dict[str, dict[str, tuple[int, int]]] = {}
    for (title, row, col), origin in origins.carried.items():
        carried.setdefault(title, {})[f"{get_column_letter(col)}{row}"] = origin
    # Sheets whose cells this save writes anew or adds to: a formula there, or reading them
    # (through a sheet, a table or any defined name), keeps no value: it came from what they
    # held before. The Start sheet's last-refresh lines are rewritten in place by every
    # refresh. On a rebuilt sheet a formula carried over keeps its value only when it reads
    # no cell (=30+1.5): "Your rate" =D86*1.12 reads a row refresh rewrote, and a review found
    # the letter asking the rate of before an import.
    written = {t for t in origins.rebuilt | origins.changed | {START} if t in wb.sheetnames}
    stale = reading(written, [name for title in written
                              for name in getattr(wb[title], "tables", {})],
                    list(wb.defined_names))
    restorers = {}
    for ws in wb.worksheets:
        title = ws.title
        if title not in parts:
            continue
        if title not in written:
            restorers[title] = _restorer(origins.source, parts[title], None, stale)
        elif title in origins.rebuilt and title in carried:
            restorers[title] = _restorer(origins.source, parts[title], carried[title],
                                         _READS_SOMETHING)
    return restorers


#: Anything in a formula but numbers and arithmetic: a reference, a name, a function.
_READS_SOMETHING = re.compile(r"[^0-9.+\-*/^() ,%]")


def _restorer(source: Path, part: str, moved: dict[str, tuple[int, int]] | None,
              stale: re.Pattern[str] | None) -> Callable[[bytes], bytes]:
    """What restores one sheet's values from ``part`` of ``source``; on a rebuilt sheet only
    the cells ``moved`` names (written address -> the row and column they were read from);
    elsewhere none whose formula ``stale`` finds."""
    def restore(sheet_xml: bytes) -> bytes:
        if _WRITTEN_FORMULA.search(sheet_xml) is None:
            return sheet_xml
        with zipfile.ZipFile(source) as archive:
            cells = cached_cells(archive.read(part))
        if not cells:
            return sheet_xml
        if moved is None:
            return restored(sheet_xml, cells.get, stale)

        def at_origin(address: str) -> Cached | None:
            origin = moved.get(address)
            return None if origin is None else cells.get(
                f"{get_column_letter(origin[1])}{origin[0]}")

        return restored(sheet_xml, at_origin, stale)

    return restore

