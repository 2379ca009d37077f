"""A CMS release zip is unpacked within a bound: a 16 MB zip of twelve zips of a 290 MB file of
zeros, beside a good PPRRVU and GPCI file, took 3.6 GB (every zip inside was read into memory
and kept) and stopped with a MemoryError. Zips inside are now copied to temporary files, the
bytes unpacked count against ``ratecalc.limits.MAX_RELEASE_UNPACKED_BYTES``, and members that
cannot be a release's files by their name are never read.

The zips here are built from small pieces: the limits are lowered to match (the rule, not the
size, is what is tested)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.limits import MAX_RELEASE_UNPACKED_BYTES
from ratecalc.medicare import importer
from ratecalc.medicare.importer import import_release
from tests.ratecalc.test_medicare_import import assert_nothing_stored, gpci_csv, pprrvu_csv

from ..traced_memory import peak_memory

MB = 2**20


def _small_pprrvu() -> str:
    """CMS's 2026 layout with the first 300 codes of the bundled release: enough for a release
    (100 codes at least), quick to read."""
    lines = pprrvu_csv().splitlines()
    header_end = next(i for i, line in enumerate(lines) if line.startswith("HCPCS,"))
    return "\n".join(lines[:header_end + 301]) + "\n"


def _zip_of_zeros(size: int) -> bytes:
    """A zip storing (not compressing) ``size`` zero bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("zeros.bin", bytes(size))
    return buffer.getvalue()


def _release(path: Path, parts: int, part_size: int, **extra: bytes) -> Path:
    """RVU27A.zip: ``parts`` zips of ``part_size`` zeros each, then a good PPRRVU and GPCI."""
    part = _zip_of_zeros(part_size) if parts else b""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(parts):
            zf.writestr(f"part{i}.zip", part)
        for name, data in extra.items():
            zf.writestr(name, data)
        zf.writestr("PPRRVU2027_JAN.csv", _small_pprrvu())
        zf.writestr("GPCI2027.csv", gpci_csv())
    return path


def test_the_limit_is_a_few_times_a_whole_release():
    assert MAX_RELEASE_UNPACKED_BYTES == 256 * MB
    assert importer.MAX_RELEASE_UNPACKED_BYTES == MAX_RELEASE_UNPACKED_BYTES


def test_zips_inside_a_release_are_refused_past_the_limit(user_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_RELEASE_UNPACKED_BYTES", 4 * MB, raising=False)
    source = _release(tmp_path / "RVU27A.zip", parts=12, part_size=MB)
    # each part is a little over 1 MiB: the fourth takes the total past 4 MiB
    with pytest.raises(InputError, match=(
            rf"CMS release '{source}': member 'part3.zip' would take the files unpacked from "
            r"it past 4,194,304 bytes \(CMS's RVU zips unpack to under 60 MB; RateCalc's limit, "
            r"ratecalc.limits.MAX_RELEASE_UNPACKED_BYTES\); refused")):
        import_release(source)
    assert_nothing_stored(user_dir)


def test_the_files_read_count_against_the_limit_too(user_dir, tmp_path, monkeypatch):
    # no zip inside: the PPRRVU file alone passes a limit a little under its size
    size = len(_small_pprrvu().encode())
    monkeypatch.setattr(importer, "MAX_RELEASE_UNPACKED_BYTES", size - 1, raising=False)
    with pytest.raises(InputError, match=r"member 'PPRRVU2027_JAN.csv' would take the files "
                                         rf"unpacked from it past {size - 1:,} bytes"):
        import_release(_release(tmp_path / "RVU27A.zip", parts=0, part_size=0))
    assert_nothing_stored(user_dir)


def _peak_importing(source: Path) -> int:
    """The most memory Python held while importing ``source`` [bytes]."""
    with peak_memory() as peak:
        import_release(source)
    return peak.bytes


def test_zips_inside_are_never_held_in_memory(user_dir, tmp_path):
    """Twelve zips of 4 MiB each (48 MiB, under the limit): importing holds no more than a
    release without them, give or take one copy's chunk; every zip inside was held before."""
    (tmp_path / "plain").mkdir()
    plain = _peak_importing(_release(tmp_path / "plain" / "RVU27A.zip", parts=0, part_size=0))
    with_parts = _peak_importing(_release(tmp_path / "RVU27A.zip", parts=12, part_size=4 * MB))
    assert with_parts < plain + 4 * MB, (plain, with_parts)


def test_files_that_cannot_be_a_releases_are_never_read(user_dir, tmp_path, monkeypatch):
    """CMS's zip holds ANES, OPPSCAP and LOCCO files and a PDF beside PPRRVU and GPCI: only
    those two are read, and another member's size is none of the import's business."""
    read: list[str] = []
    real_read_member = importer.read_member

    def recording(zf, info, *rest):
        read.append(info.filename)
        return real_read_member(zf, info, *rest)

    monkeypatch.setattr(importer, "read_member", recording)
    monkeypatch.setattr(importer, "MAX_MEMBER_BYTES", 10_000)
    source = _release(tmp_path / "RVU27A.zip", parts=0, part_size=0,
                      **{"RVU27A.pdf": bytes(50_000), "ANES2027.csv": b"x" * 50_000,
                         "27LOCCO.csv": b"x" * 50_000})
    result = import_release(source)
    assert (result.release, result.codes) == ("rvu27a", 300)
    assert sorted(read) == ["GPCI2027.csv", "PPRRVU2027_JAN.csv"]


def test_a_release_nested_in_zips_still_imports(user_dir, tmp_path):
    inner = _release(tmp_path / "inner.zip", parts=0, part_size=0).read_bytes()
    middle = io.BytesIO()
    with zipfile.ZipFile(middle, "w") as zf:
        zf.writestr("rvu27a/RVU27A.zip", inner)
    outer = tmp_path / "download.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("RVU27A.zip", middle.getvalue())
    result = import_release(outer)
    assert (result.release, result.codes, result.localities) == ("rvu27a", 300, 109)


def test_the_zip_given_is_read_where_it_lies(user_dir, tmp_path, monkeypatch):
    """The release zip itself was read whole into memory (up to 300 MB) before its directory."""
    source = _release(tmp_path / "RVU27A.zip", parts=0, part_size=0)
    real_read_bytes = Path.read_bytes

    def whole(self: Path) -> bytes:
        assert self.suffix != ".zip", f"{self} was read whole"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", whole)
    assert import_release(source).codes == 300
