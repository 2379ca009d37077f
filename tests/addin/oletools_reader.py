"""Read a vbaProject.bin with oletools' own dir-stream parser, in strict mode."""

from __future__ import annotations

import io
from dataclasses import dataclass

import olefile
from oletools import olevba

import ratecalc_addin.vba_project  # noqa: F401 - imports olevba with its warning silenced


@dataclass(frozen=True)
class ReadModule:
    name: str
    text_offset: int
    procedural: bool
    source: str  # with Attribute lines, as stored


@dataclass(frozen=True)
class ReadProject:
    name: str
    modules: dict[str, ReadModule]
    streams: dict[str, bytes]


def read(vba_project_bin: bytes) -> ReadProject:
    """Parse with ``relaxed=False``: oletools raises on any record value it does not expect."""
    ole = olefile.OleFileIO(io.BytesIO(vba_project_bin), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        project = olevba.VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
        project.parse_project_stream()
        list(project.parse_modules())
        modules = {
            m.name: ReadModule(m.name, m.textoffset, m.type == 0x21, m.code_str)
            for m in project.modules
        }
        streams = {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
        return ReadProject(project.projectname, modules, streams)
    finally:
        ole.close()
