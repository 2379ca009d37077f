"""An Office file's parts, to compare two writes of one document."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def package_parts(path: Path) -> dict[str, bytes]:
    """Part name -> bytes, in the package's order; the save time in the document properties
    (``dcterms:modified``), which differs between any two saves, left out."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["docProps/core.xml"] = re.sub(rb"<dcterms:modified[^<]*</dcterms:modified>", b"",
                                        parts["docProps/core.xml"])
    return parts
