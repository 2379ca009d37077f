"""Read a VBA project (``vbaProject.bin``), change its modules, and write it back, source only.

The project is a compound file ([MS-OVBA] 2.2): ``PROJECT`` (text: module list, name, protection
state), ``PROJECTwm`` (module names in UTF-16), ``VBA/_VBA_PROJECT`` (a version header and an
optional compiled cache), ``VBA/dir`` (compressed binary records: project information, references,
then one record group per module) and one stream per module (compiled p-code, then the compressed
source from ``MODULEOFFSET`` on).

Writing keeps the template's project information and references byte for byte and rewrites the
module list. Every module is written as source only (``MODULEOFFSET`` 0, no p-code) and
``_VBA_PROJECT`` carries version 0xFFFF with no cache, which makes Excel ignore cached compiled
state and compile the source when it opens the file ([MS-OVBA] 2.3.4.1, 3.4.1).
"""

from __future__ import annotations

import enum
import io
import re
import struct
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import olefile

with warnings.catch_warnings():
    # oletools 0.60 calls pyparsing's deprecated enablePackrat() when olevba is imported.
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import decompress_stream

from .cfb_writer import build_compound_file
from .ovba_compression import compress

# _VBA_PROJECT: reserved 0x61CC, version 0xFFFF ("ignore the cache"), then 3 reserved bytes,
# which are kept from the template (Excel wrote them); no performance cache follows.
_VBA_PROJECT_RESERVED1 = b"\xcc\x61"
_VERSION_INDEPENDENT = b"\xff\xff"

_PROJECTNAME = 0x0004
_PROJECTVERSION = 0x0009
_PROJECTMODULES = 0x000F
_PROJECTCOOKIE = 0x0013
_TERMINATOR = 0x0010
_MODULENAME = 0x0019
_MODULENAMEUNICODE = 0x0047
_MODULESTREAMNAME = 0x001A
_MODULESTREAMNAMEUNICODE = 0x0032
_MODULEDOCSTRING = 0x001C
_MODULEDOCSTRINGUNICODE = 0x0048
_MODULEOFFSET = 0x0031
_MODULEHELPCONTEXT = 0x001E
_MODULECOOKIE = 0x002C
_MODULETYPE_PROCEDURAL = 0x0021
_MODULETYPE_OTHER = 0x0022
_MODULEREADONLY = 0x0025
_MODULEPRIVATE = 0x0028
_MODULE_TERMINATOR = 0x002B


class ModuleKind(enum.Enum):
    """What the PROJECT stream calls a module: standard module, class module, or the code
    behind a workbook or sheet (a *document* module)."""

    STANDARD = "Module"
    CLASS = "Class"
    DOCUMENT = "Document"


@dataclass(frozen=True)
class VbaModule:
    """One VBA module: its name, kind and source text (``Attribute`` lines included; CRLF for
    the sources this package writes)."""

    name: str
    kind: ModuleKind
    source: str
    docstring: str = ""

    def with_source(self, source: str) -> VbaModule:
        return replace(self, source=normalize_source(source))


@dataclass(frozen=True)
class VbaProject:
    """A VBA project: name, code page, modules, and the template records kept verbatim."""

    name: str
    codepage: str
    modules: tuple[VbaModule, ...]
    info_records: tuple[tuple[int, bytes], ...]  # PROJECTINFORMATION + PROJECTREFERENCES
    project_stream: str
    vba_project_reserved: bytes = b"\x00\x03\x00"  # bytes 4-6 of _VBA_PROJECT

    def module(self, name: str) -> VbaModule:
        for module in self.modules:
            if module.name == name:
                return module
        raise KeyError(f"no VBA module named {name!r}")

    def replace_module(self, module: VbaModule) -> VbaProject:
        """A copy with ``module`` added, or replacing the module of the same name in place."""
        names = [m.name for m in self.modules]
        if module.name in names:
            modules = tuple(module if m.name == module.name else m for m in self.modules)
        else:
            modules = (*self.modules, module)
        return replace(self, modules=modules)

    def without_module(self, name: str) -> VbaProject:
        self.module(name)  # raises if absent
        return replace(self, modules=tuple(m for m in self.modules if m.name != name))

    def renamed(self, name: str) -> VbaProject:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,127}", name):
            raise ValueError(f"not a valid VBA project name: {name!r}")
        return replace(self, name=name)


def normalize_source(source: str) -> str:
    """Source with CRLF line ends and a final line break, as the VBA editor stores it."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text.replace("\n", "\r\n")


def _records(data: bytes) -> list[tuple[int, bytes]]:
    """Split a decompressed ``dir`` stream into (id, payload) records."""
    records = []
    pos = 0
    while pos < len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == _PROJECTVERSION:
            size = 6  # its Size field says 4 but MajorVersion + MinorVersion take 6 bytes
        records.append((rid, bytes(data[pos + 6 : pos + 6 + size])))
        pos += 6 + size
    return records


def _record(rid: int, payload: bytes) -> bytes:
    size = 4 if rid == _PROJECTVERSION else len(payload)
    return struct.pack("<HI", rid, size) + payload


def read_project(path_or_bytes: str | Path | bytes) -> VbaProject:
    """Read a ``vbaProject.bin`` into a :class:`VbaProject`.

    Parameters
    ----------
    path_or_bytes : str, Path or bytes
        The file, or its content.

    Returns
    -------
    VbaProject
    """
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with olefile.OleFileIO(source) as ole:
        project_stream = ole.openstream("PROJECT").read()
        records = _records(bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read()))))
        vba_project = ole.openstream("VBA/_VBA_PROJECT").read()
        modules_at = next(i for i, (rid, _) in enumerate(records) if rid == _PROJECTMODULES)
        info = records[:modules_at]
        codepage = "cp1252"
        name = ""
        for rid, payload in info:
            if rid == 0x0003:  # PROJECTCODEPAGE
                codepage = f"cp{struct.unpack('<H', payload)[0]}"
            if rid == _PROJECTNAME:
                name = payload.decode("ascii")
        kinds = _module_kinds(project_stream.decode(codepage))
        modules = []
        current: dict[int, bytes] = {}
        for rid, payload in records[modules_at + 2 :]:  # after PROJECTMODULES, PROJECTCOOKIE
            if rid == _TERMINATOR:
                break
            current[rid] = payload
            if rid != _MODULE_TERMINATOR:
                continue
            module_name = current[_MODULENAME].decode(codepage)
            stream = ole.openstream("VBA/" + current[_MODULESTREAMNAME].decode(codepage)).read()
            offset = struct.unpack("<I", current[_MODULEOFFSET])[0]
            text = bytes(decompress_stream(bytearray(stream[offset:]))).decode(codepage)
            modules.append(
                VbaModule(
                    name=module_name,
                    kind=kinds.get(module_name, ModuleKind.STANDARD),
                    source=text,  # as stored (xlwings' own modules use bare LF)
                    docstring=current.get(_MODULEDOCSTRING, b"").decode(codepage),
                )
            )
            current = {}
    return VbaProject(
        name=name,
        codepage=codepage,
        modules=tuple(modules),
        info_records=tuple(info),
        project_stream=project_stream.decode(codepage),
        vba_project_reserved=vba_project[4:7],
    )


def _module_kinds(project_text: str) -> dict[str, ModuleKind]:
    kinds = {}
    for line in project_text.splitlines():
        key, _, value = line.partition("=")
        if key in ("Module", "Class", "Document"):
            kinds[value.split("/")[0]] = ModuleKind(key)
    return kinds


def _module_records(module: VbaModule, codepage: str) -> bytes:
    name = module.name.encode(codepage)
    uname = module.name.encode("utf-16-le")
    doc = module.docstring.encode(codepage)
    kind = _MODULETYPE_PROCEDURAL if module.kind is ModuleKind.STANDARD else _MODULETYPE_OTHER
    return b"".join(
        [
            _record(_MODULENAME, name),
            _record(_MODULENAMEUNICODE, uname),
            _record(_MODULESTREAMNAME, name),
            _record(_MODULESTREAMNAMEUNICODE, uname),
            _record(_MODULEDOCSTRING, doc),
            _record(_MODULEDOCSTRINGUNICODE, module.docstring.encode("utf-16-le")),
            _record(_MODULEOFFSET, struct.pack("<I", 0)),  # source only: no p-code before it
            _record(_MODULEHELPCONTEXT, struct.pack("<I", 0)),
            _record(_MODULECOOKIE, struct.pack("<H", 0xFFFF)),  # ignored on read
            _record(kind, b""),
            _record(_MODULE_TERMINATOR, b""),
        ]
    )


def dir_stream(project: VbaProject) -> bytes:
    """The decompressed ``dir`` stream of ``project``."""
    parts = []
    for rid, payload in project.info_records:
        if rid == _PROJECTNAME:
            payload = project.name.encode("ascii")
        parts.append(_record(rid, payload))
    parts.append(_record(_PROJECTMODULES, struct.pack("<H", len(project.modules))))
    parts.append(_record(_PROJECTCOOKIE, struct.pack("<H", 0xFFFF)))
    parts += [_module_records(m, project.codepage) for m in project.modules]
    parts.append(struct.pack("<HI", _TERMINATOR, 0))
    return b"".join(parts)


def project_stream(project: VbaProject) -> str:
    """The ``PROJECT`` stream text: the template's, with our module list, name and windows.

    ``ID``, ``CMG``, ``DPB`` and ``GC`` (project id and encrypted protection state) stay as in
    the template: the encryption key derives from the id, so they remain valid together.
    """
    lines = project.project_stream.replace("\r\n", "\n").split("\n")
    head: list[str] = []
    rest: list[str] = []
    section = head
    for line in lines:
        if line.startswith("[Workspace]"):
            break
        if line.startswith("["):
            section = rest
        key = line.partition("=")[0]
        if section is head and key in ("Document", "Class", "Module", "Package", "BaseClass"):
            continue
        if section is head and key == "Name":
            line = f'Name="{project.name}"'
        section.append(line)
    module_lines = [
        f"Document={m.name}/&H00000000"
        if m.kind is ModuleKind.DOCUMENT
        else f"{m.kind.value}={m.name}"
        for m in project.modules
    ]
    workspace = ["[Workspace]"] + [f"{m.name}=0, 0, 0, 0, C" for m in project.modules]
    while rest and rest[-1] == "":
        rest.pop()
    out = [head[0], *module_lines, *head[1:], *rest, "", *workspace, ""]
    return "\r\n".join(out)


def projectwm_stream(project: VbaProject) -> bytes:
    """``PROJECTwm``: each module name in the code page and in UTF-16, then a terminator."""
    parts = [
        m.name.encode(project.codepage) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
        for m in project.modules
    ]
    return b"".join(parts) + b"\x00\x00"


def write_project(project: VbaProject) -> bytes:
    """Serialize ``project`` as a ``vbaProject.bin`` with every module stored as source only.

    Returns
    -------
    bytes
        The compound file.
    """
    _check_names(project.modules)
    streams: dict[str, bytes] = {
        "PROJECT": project_stream(project).encode(project.codepage),
        "PROJECTwm": projectwm_stream(project),
        "VBA/_VBA_PROJECT": _VBA_PROJECT_RESERVED1
        + _VERSION_INDEPENDENT
        + project.vba_project_reserved,
        "VBA/dir": compress(dir_stream(project)),
    }
    for module in project.modules:
        streams["VBA/" + module.name] = compress(module.source.encode(project.codepage))
    return build_compound_file(streams)


def _check_names(modules: Iterable[VbaModule]) -> None:
    seen: set[str] = set()
    for module in modules:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", module.name):
            raise ValueError(f"not a valid VBA module name: {module.name!r}")
        if module.name.lower() in seen:
            raise ValueError(f"two VBA modules named {module.name!r}")
        seen.add(module.name.lower())
        first = module.source.splitlines()[0] if module.source else ""
        if first != f'Attribute VB_Name = "{module.name}"':
            raise ValueError(
                f'module {module.name!r} must start with Attribute VB_Name = "{module.name}"'
            )
