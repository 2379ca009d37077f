"""Finding a workbook's parts by reading its package's XML directly (no openpyxl).

Which part holds which sheet is written in ``xl/workbook.xml`` (sheet name and relationship id)
and its relationships part (id and target). The package check of the core
(:mod:`ratecalc.xlsx_package`), the lean load of a refresh and the report of what openpyxl
cannot keep (``ratecalc_workbook``) all read it through here.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator

WORKBOOK = "xl/workbook.xml"
SHEET = re.compile(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"')
_REL = re.compile(r'<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"')
_REL_REVERSED = re.compile(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="([^"]+)"')


def relations_path(part: str) -> str:
    """The relationships part of ``part`` (``xl/_rels/workbook.xml.rels``)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part (absolute within the package) of ``part``."""
    rels = relations_path(part)
    if rels not in archive.namelist():
        return {}
    text = archive.read(rels).decode("utf-8", "replace")
    pairs = dict(_REL.findall(text))
    pairs.update({rid: target for target, rid in _REL_REVERSED.findall(text)})
    folder = posixpath.dirname(part)
    return {rid: target.lstrip("/") if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
            for rid, target in pairs.items()}


def xml_text(value: str) -> str:
    """An attribute's value as text: XML's five entities and character references (``&#39;``,
    ``&#x26;``) undone, once.

    ``html.unescape`` and not ``xml.sax.saxutils.unescape``: the latter leaves character
    references as written, and importing it loads urllib.request, http.client and ssl (about
    20 ms of every refresh and letter). The HTML-only entities it also knows cannot occur in a
    well-formed part.
    """
    return html.unescape(value)


def sheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """Each sheet's name and the package part holding it, in workbook order."""
    names = set(archive.namelist())
    book = archive.read(WORKBOOK).decode("utf-8", "replace")
    targets = relations(archive, WORKBOOK)
    for name, rid in SHEET.findall(book):
        part = targets.get(rid)
        if part is not None and part in names:
            yield xml_text(name), part
