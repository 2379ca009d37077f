"""Zip archives from outside (CMS's NPPES and RVU zips), read with every failure in words.

Python's zipfile reports a damaged archive in its own exceptions, several of which are not
errors of the file to a caller: ``BadZipFile`` for a failed CRC, ``RuntimeError`` for an
encrypted member, ``NotImplementedError`` for a member packed with Deflate64 (method 9, which
some Windows tools write for large files), ``EOFError`` or ``zlib.error`` for a file cut
short. Each reached the command line as an internal error (exit 4). Here each
is refused before reading when the zip's directory shows it (encrypted, an unknown method), and
turned into an :class:`~ratecalc.errors.InputError` naming the file, the member and the fault
when reading finds it (a CRC, a cut), so that a damaged download is exit 3 wherever it is read,
even a gigabyte into a stream.

The workbook reader (:mod:`ratecalc.xlsx_package`) refuses the same faults with the same
words: :data:`ZIP_FAILURES` and :func:`zip_fault` are the one place they are named.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ratecalc.errors import InputError
from ratecalc.regular_files import refusal, unopened


def is_folder(info: zipfile.ZipInfo) -> bool:
    """Whether a zip member is a folder entry (its name ends in "/"). ``ZipInfo.is_dir`` reads
    the name's last character and raised IndexError, an internal error, on a member with an
    empty name, which a damaged or crafted zip may hold."""
    return info.filename.endswith("/")


#: What zipfile raises on a damaged, cut or unreadable archive or member (RuntimeError: an
#: encrypted member opened without a password; :func:`reading_member` lets any other
#: RuntimeError through, a defect stays one).
ZIP_FAILURES: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, struct.error, NotImplementedError, RuntimeError)
#: What opening an archive raises: ValueError too, a directory whose offsets point outside it.
OPEN_FAILURES: tuple[type[Exception], ...] = (*ZIP_FAILURES, ValueError)
#: Compression methods Python reads (stored, deflate, bzip2, LZMA).
READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                              zipfile.ZIP_LZMA})
_METHOD_NAMES = {9: "Deflate64", 6: "Implode", 98: "PPMd", 95: "XZ", 93: "Zstandard",
                 99: "AES encryption"}
_RE_ZIP = "re-zip it with ordinary Deflate (or download it again)"


def zip_fault(exc: BaseException) -> str:
    """What ``exc``, raised by zipfile while reading, says about the archive, in words.

    Examples
    --------
    >>> zip_fault(zipfile.BadZipFile("Bad CRC-32 for file 'a.csv'"))
    'damaged: a CRC check failed (a download cut short or corrupted? download it again)'
    """
    text = str(exc)
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return "encrypted: RateCalc cannot read password-protected zips; unzip it with its " \
               "password and give the files inside"
    if isinstance(exc, NotImplementedError):
        return f"packed with a compression method Python cannot read: {_RE_ZIP}"
    if "CRC" in text:
        return "damaged: a CRC check failed (a download cut short or corrupted? download it " \
               "again)"
    if isinstance(exc, (EOFError, zlib.error, struct.error)) or "truncated" in text.lower():
        return "damaged: it ends too soon or its compressed data is corrupt (a download cut " \
               "short? download it again)"
    if "not a zip file" in text:  # no zip directory at its end: another kind of file, or cut
        return "not a readable zip archive (another kind of file, or a download cut short?)"
    return f"damaged: not a readable zip archive ({text})"


def member_fault(info: zipfile.ZipInfo) -> str | None:
    """Why ``info``'s member cannot be read, seen from the zip's directory alone, else None."""
    if info.flag_bits & 0x1:
        return zip_fault(RuntimeError("encrypted"))
    if info.compress_type not in READABLE_METHODS:
        name = _METHOD_NAMES.get(info.compress_type, f"compression method {info.compress_type}")
        return f"packed with {name}, which Python cannot read: {_RE_ZIP}"
    return None


def open_zip(source: str | Path | IO[bytes], label: str, kind: str = "") -> zipfile.ZipFile:
    """``source`` opened as a zip archive; every member checked by :func:`member_fault`.

    Parameters
    ----------
    source : path or binary file
        The archive.
    label : str
        The file's name in messages.
    kind : str, optional
        What the file is, said before its name (``"NPPES file"``).

    Raises
    ------
    InputError
        ``<kind> '<label>': damaged: ...`` (a cut or corrupt file), or naming the first member
        that is encrypted or packed with a method Python cannot read.
    """
    kind = f"{kind} " if kind else ""
    try:
        archive = zipfile.ZipFile(source)
    except OPEN_FAILURES as exc:
        raise InputError(f"{kind}'{label}': {zip_fault(exc)}") from None
    except OSError as exc:  # permissions: "cannot use ...: Permission denied" said no more
        raise InputError(refusal(f"{kind}'{label}'", unopened(exc), "a zip archive")) from None
    for info in archive.infolist():
        fault = None if info.is_dir() else member_fault(info)
        if fault:
            archive.close()
            raise InputError(f"{kind}'{label}', member '{info.filename}': {fault}")
    return archive


@contextmanager
def reading_member(label: str, member: str, kind: str = "") -> Iterator[None]:
    """Turn a zipfile failure inside the block (reading ``member`` of ``label``, a ``kind``
    file) into an :class:`InputError` naming both and the fault."""
    kind = f"{kind} " if kind else ""
    try:
        yield
    except InputError:
        raise
    except ZIP_FAILURES as exc:
        if isinstance(exc, RuntimeError) and "encrypted" not in str(exc):
            raise  # not the archive's fault: a defect stays one
        raise InputError(f"{kind}'{label}', member '{member}': {zip_fault(exc)}") from None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                kind: str = "") -> bytes:
    """The bytes of ``info``, a member of ``archive`` (``label``, a ``kind`` file, in
    messages), at most its declared size (zipfile stops there), every failure an
    :class:`InputError`."""
    with reading_member(label, info.filename, kind):
        return archive.read(info)
