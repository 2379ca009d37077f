"""An Office file's parts, to compare two writes of one document."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def package_parts(path: Path) -> dict[str, bytes]:
    """Part name -> bytes, in the package's order; the write time in the document properties
    left out: ``dcterms:modified``, which differs between any two saves, and
    ``dcterms:created``, which a letter also takes from the moment it is written (two letters
    written a second apart differed there only)."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"",
                                        parts["docProps/core.xml"])
    return parts
