"""A file of the Medicare store (a release's arrays as .npz) damaged or replaced is read within
limits and refused in words naming the file and how to mend it (ratecalc.limits
MAX_STORE_FILE_BYTES, MAX_STORE_UNPACKED_BYTES): an array stating more values than its bytes
hold was numpy's "EOF: reading array data" (an internal error), and a file of any size was read
whole."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ratecalc.errors import DataError
from ratecalc.medicare import store
from tests.medicare_days import newest_name

MEND = r"delete it and import its release again \(ratecalc medicare import\)"


def _npz(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _array(values: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array(out, values, allow_pickle=False)
    return out.getvalue()


def test_an_array_stating_more_values_than_it_holds_is_refused(tmp_path: Path) -> None:
    lying = _array(np.zeros(2)).replace(b"(2,)", b"(2000000000,)")
    path = _npz(tmp_path / "rvu27a.npz", {"work.npy": lying})
    with pytest.raises(DataError, match=r"Medicare store file '.*rvu27a\.npz': array 'work\.npy' "
                                        r"states 2,000,000,000 values, more than its \d+ bytes "
                                        rf"hold; {MEND}"):
        store.read_npz(path)


def test_a_damaged_store_file_is_named(tmp_path: Path) -> None:
    good = _npz(tmp_path / "good.npz", {"work.npy": _array(np.arange(1000.0))})
    cut = tmp_path / "rvu27a.npz"
    cut.write_bytes(good.read_bytes()[:-300])
    with pytest.raises(DataError, match=rf"Medicare store file '.*rvu27a\.npz': damaged .*{MEND}"):
        store.read_npz(cut)
    assert store.read_npz(good)["work"].tolist() == list(np.arange(1000.0))


def test_a_store_file_past_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "rvu27a.npz"
    with path.open("wb") as out:
        out.truncate((64 << 20) + 1)  # sparse: no disk used
    with pytest.raises(DataError, match=r"more than the 64 MiB a file of the store may be"):
        store.read_npz(path)


def test_a_store_file_unpacking_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rvu27a.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("work.npy", "w", force_zip64=True) as member:
        member.write(_array(np.zeros(1))[:128])
        zeros = bytes(1 << 20)
        for _ in range(257):
            member.write(zeros)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(DataError, match=r"unpacks to more than the 256 MiB a file of the store "
                                        r"may hold"):
        store.read_npz(path)


def test_the_bundled_files_are_read() -> None:
    assert len(store.read_npz(store._bundled_dir() / "gpci.npz")["locality"]) > 100


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


HEADER = "release,effective_from,effective_to,scope,source,own_to\n"
LIST_MEND = (r"delete it and import your releases again \(ratecalc medicare import\); the "
             r"releases bundled with RateCalc need none of it")
#: The user's release list (releases.csv in the data folder) as no import writes it -> what
#: is said after the file's name. Each stopped every command pricing Medicare with an internal
#: error (KeyError, ValueError, UnicodeDecodeError, MemoryError), or hung it (a named pipe).
LIST_DAMAGE: dict[str, tuple[Callable[[Path], object], str]] = {
    "random bytes": (lambda p: p.write_bytes(b"\x82\xff" * 100),
                     r"': byte 0 is not UTF-8 text, which RateCalc writes"),
    "other columns": (lambda p: p.write_text("a,b\n1,2\n"),
                      r"', line 2, column 'release': expected a value, got none"),
    "no such month": (lambda p: p.write_text(HEADER + "rvu27a,2027-13-01,2027-03-31,all,x,\n"),
                      r"', line 2, column 'effective_from': expected a date \(YYYY-MM-DD\), "
                      r"got '2027-13-01'"),
    "a name that is a path": (lambda p: p.write_text(
        HEADER + "../../x,2027-01-01,2027-03-31,all,x,\n"),
        r"', line 2, column 'release': expected a release such as rvu26c, got '../../x'"),
    "named pipe": (_fifo, r"' is a named pipe \(FIFO\), not a file"),
    "link to /dev/zero": (_link("/dev/zero"), r"' is a device, not a file"),
    "past the limit": (lambda p: p.write_text(HEADER + "x" * (1 << 20)),
                       r"': more than the 1 MiB a list of releases may be"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("damage", list(LIST_DAMAGE))
def test_a_damaged_release_list_is_named_with_how_to_mend_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setenv("RATECALC_DATA_DIR", str(tmp_path))
    store.clear_caches()
    make, said = LIST_DAMAGE[damage]
    make(tmp_path / "releases.csv")
    try:
        with pytest.raises(DataError, match=rf"^Medicare release list '.*releases\.csv{said}.*; "
                                            rf"{LIST_MEND}$"):
            store.releases()
    finally:
        store.clear_caches()
    (tmp_path / "releases.csv").unlink()
    # the bundled ones again (the newest: rvu26c before 2027's is bundled)
    assert [r.release for r in store.releases()][-1] == newest_name().lower()
    store.clear_caches()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_store_file_replaced_by_a_named_pipe_is_named_not_waited_on(tmp_path: Path) -> None:
    """Its read waited for a writer for ever."""
    path = tmp_path / "rvu27a.npz"
    os.mkfifo(path)
    with pytest.raises(DataError, match=rf"Medicare store file '.*rvu27a\.npz' is a named pipe "
                                        rf"\(FIFO\), not a file; {MEND}"):
        store.read_npz(path)
