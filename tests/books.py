"""openpyxl loads of the workbooks the tests open again and again (the demo workbook was loaded
130 times a run, 0.15 s each), made once per xdist worker and handed out as copies.

A copy is the workbook unpickled from the bytes pickled after its load: about a sixth of a
load's CPU, and a whole new object, so a test may change or save what it got and no other test
sees it. Keyed by the file's bytes and the load's options, so a file changed since is loaded
again. Only what a test loads itself comes from here: the product's own loads (the reader, the
refresh) are never replaced. ``tests/test_books.py`` checks that a copy saves to the same parts
as a fresh load."""

from __future__ import annotations

import copyreg
import hashlib
import io
import pickle
import warnings
from collections import OrderedDict
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.dimensions import DimensionHolder
from openpyxl.worksheet.table import TableList

# TableList.items() gives (name, range) pairs, not (name, table), and pickle rebuilds a dict
# from items(): the copy's tables were strings. Rebuild it from the dict's own items.
copyreg.pickle(TableList, lambda tables: (TableList, (dict(dict.items(tables)),)))


def _dimension_holder(holder: DimensionHolder) -> tuple[Any, ...]:
    """A sheet's column or row widths as pickle rebuilds them. A defaultdict is rebuilt by
    calling its class with its factory alone, which DimensionHolder takes as its worksheet: the
    copy had no factory, and a width set on a column without one raised KeyError."""
    return (DimensionHolder, (holder.worksheet, holder.reference, holder.default_factory),
            holder.__dict__, None, iter(dict.items(holder)))


copyreg.pickle(DimensionHolder, _dimension_holder)

#: Pickled workbooks by (digest, options), the most recently used last; a few only (one is
#: about 1 MB).
_KEPT: OrderedDict[tuple[str, tuple[tuple[str, Any], ...]], bytes] = OrderedDict()
_KEEP = 12
#: Keys loaded once: a file is pickled on its second load, so the many files a test loads only
#: once cost nothing more than a load.
_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
_SEEN: set[tuple[str, tuple[tuple[str, Any], ...]]] = set()


def digest_of(content: bytes) -> str:
    """The key of a file's bytes in the kept loads."""
    return hashlib.sha256(content).hexdigest()


def load_book(source: str | Path | IO[bytes], **options: Any) -> Workbook:
    """``openpyxl.load_workbook(source, **options)``, or a copy of an earlier load of the same
    bytes with the same options. Loads that cannot be copied (read-only, VBA kept) and loads
    that warned (each warns again as its own load would) are always made afresh."""
    if (options.get("read_only") or options.get("keep_vba")
            or isinstance(source, (str, Path)) and Path(source).suffix.lower() not in _SUFFIXES):
        return load_workbook(source, **options)  # openpyxl's own refusal of the name
    given: str | Path | IO[bytes]
    if isinstance(source, (str, Path)):
        content, given = Path(source).read_bytes(), source
    else:
        content = source.read()
        given = io.BytesIO(content)
    key = (digest_of(content), tuple(sorted(options.items())))
    kept = _KEPT.get(key)
    if kept is not None:
        _KEPT.move_to_end(key)
        book: Workbook = pickle.loads(kept)
        return book
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = load_workbook(given, **options)
    for w in caught:  # the caller's filters decide, as for its own load
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
    if caught:
        return book
    if key in _SEEN:
        try:
            _KEPT[key] = pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return book  # a part openpyxl keeps that pickle cannot copy: always loaded afresh
        while len(_KEPT) > _KEEP:
            _KEPT.popitem(last=False)
    _SEEN.add(key)
    return book
