"""The signatures every reader tells a file's kind by, against what the formats' own writers
and readers (the standard library's zipfile and gzip, olefile) write and look for."""

from __future__ import annotations

import gzip
import io
import zipfile

import olefile

from ratecalc.file_signatures import GZIP, OLE, ZIP, ZIP_RECORD


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return out.getvalue()


def test_a_zip_starts_with_its_first_local_header() -> None:
    assert _zip("xl/workbook.xml").startswith(ZIP)


def test_every_zip_record_starts_so_an_empty_archive_too() -> None:
    empty = _zip()
    assert empty[:4] == b"PK\x05\x06"  # no file: its end of central directory record alone
    assert empty.startswith(ZIP_RECORD) and ZIP.startswith(ZIP_RECORD)


def test_gzip_and_ole() -> None:
    assert gzip.compress(b"{}").startswith(GZIP)
    assert OLE == olefile.MAGIC
