"""Hiding RateCalc's own bookkeeping files from a user browsing their folders.

A name starting with a dot is hidden on macOS and Linux only; Windows Explorer shows it unless the
file carries the *hidden* attribute. :func:`hide` gives it that attribute on Windows, and does
nothing elsewhere (the dot already hides it there). Standard library only.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

#: ``FILE_ATTRIBUTE_HIDDEN`` of the Windows API.
FILE_ATTRIBUTE_HIDDEN = 0x2
#: What ``GetFileAttributesW`` returns when it fails.
_INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF


def _on_windows() -> bool:
    return sys.platform == "win32"


def _set_hidden(path: Path) -> bool:
    """Add the hidden attribute to the file at ``path`` (keeping its other attributes); whether
    Windows did. Only called on Windows."""
    if sys.platform == "win32":  # the check mypy reads: ctypes.windll exists only there
        import ctypes

        kernel32 = ctypes.windll.kernel32
        attributes = kernel32.GetFileAttributesW(str(path))
        if attributes == _INVALID_FILE_ATTRIBUTES:
            return False
        return bool(kernel32.SetFileAttributesW(str(path), attributes | FILE_ATTRIBUTE_HIDDEN))
    return False


def hide(path: Path) -> None:
    """Hide the file at ``path`` from Windows Explorer (a dot-file is hidden elsewhere already).

    A file that cannot be hidden (a file system without attributes, a network share that
    refuses) stays as it is, visible: a bookkeeping file shown is no reason to fail a command.
    """
    if _on_windows():
        with contextlib.suppress(OSError):
            _set_hidden(path)
