"""Files built once per test run and shared by every xdist worker (a refreshed workbook, a
LibreOffice render): each costs seconds, and a module- or session-scoped fixture alone builds
it again in each worker that needs it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold ``lock`` against the other xdist workers (where the OS has flock; else no wait)."""
    try:
        import fcntl
    except ImportError:  # Windows: each worker then builds its own, as without xdist
        yield
        return
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], None]) -> Path:
    """``build(path)`` once per test run, shared by every xdist worker: the first worker to get
    here builds it in the run's common temporary folder, the others wait and reuse the file.
    Tests never change the file itself (they copy it: ``demo_copy``, ``tiny_copy``). Each
    ``name`` belongs to one fixture: a second fixture giving the same name would get whichever
    file was built first."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        path = factory.mktemp(name.split(".")[0]) / name
        build(path)
        return path
    shared = factory.getbasetemp().parent  # one folder per run, the workers' folders inside it
    path = shared / "built-once" / name
    path.parent.mkdir(exist_ok=True)
    with _exclusive(shared / f"{name}.lock"):
        if not path.exists():
            scratch = factory.mktemp("building") / name
            build(scratch)
            os.replace(scratch, path)  # whole or absent, never half-written
    return path


def digest(path: Path) -> str:
    """The SHA-256 of a shared file's bytes (of a folder's: every file's name and bytes), so
    its fixture can check at the end of the run that no test changed it (tests copy it
    first)."""
    if not path.is_dir():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    whole = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        whole.update(file.relative_to(path).as_posix().encode() + b"\0" + file.read_bytes())
    return whole.hexdigest()
