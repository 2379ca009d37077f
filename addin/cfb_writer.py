"""Write a small Compound File Binary (OLE2) file, version 3, as ``vbaProject.bin`` needs.

``olefile`` reads compound files and can overwrite a stream only with data of the same size, so
it cannot write a VBA project whose modules changed. Of the writers on PyPI when this was
written, ``pycfb`` 0.0.3 builds sibling trees that break the red-black rules (five children are
enough), ``ms-cfb`` 0.0.6 is an early release that needs PyYAML and a red-black-tree package, and
``cfbwrite`` is AGPL. A v3 file with no DIFAT sectors is a few tables, written here and read back
in the tests by ``olefile`` (strict), ``oletools`` and LibreOffice.

Layout written ([MS-CFB] 2.2)::

    header (512 bytes) | FAT | directory | mini FAT | mini stream | large streams

Streams under 4096 bytes live in the mini stream (64-byte mini sectors), the rest in 512-byte
sectors. Each storage's children form a red-black tree ordered by (name length, upper-case
name); a balanced tree whose deepest level is red and the rest black is a valid one.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from ratecalc.file_signatures import OLE

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
_HEADER_DIFAT = 109
_RED, _BLACK = 0, 1
_STORAGE, _STREAM, _ROOT = 1, 2, 5


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    index: int = -1
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(entry: _Entry) -> tuple[int, str]:
    # [MS-CFB] 2.6.4: shorter names first, then code points of the upper-cased names.
    return (len(entry.name), entry.name.upper())


def _build_tree(nodes: list[_Entry], depth: int, max_depth: int) -> int:
    """Link ``nodes`` (sorted) as a balanced red-black tree; return the root's index."""
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    root = nodes[mid]
    root.color = _RED if depth == max_depth and depth > 0 else _BLACK
    root.left = _build_tree(nodes[:mid], depth + 1, max_depth)
    root.right = _build_tree(nodes[mid + 1 :], depth + 1, max_depth)
    return root.index


def _tree_depth(count: int) -> int:
    """Depth of the deepest node of a tree built by halving ``count`` sorted nodes."""
    depth = 0
    while count > 1:
        count //= 2  # the larger half has count // 2 nodes
        depth += 1
    return depth


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


def build_compound_file(streams: Mapping[str, bytes], root_clsid: bytes = bytes(16)) -> bytes:
    """Build a compound file holding ``streams``.

    Parameters
    ----------
    streams : Mapping[str, bytes]
        Stream paths with ``/`` between storage names (``"VBA/dir"``) and their content.
        Storages are created as the paths need them.
    root_clsid : bytes
        The 16-byte class id of the root storage (zero for ``vbaProject.bin``).

    Returns
    -------
    bytes
        The file, in 512-byte sectors.

    Raises
    ------
    ValueError
        On a name over 31 characters or a file needing more than 109 FAT sectors (about 7 MB);
        neither happens for a VBA project.
    """
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parent = root
        *storages, name = path.split("/")
        for storage in storages:
            found = next((c for c in parent.children if c.name == storage), None)
            if found is None:
                found = _Entry(storage, _STORAGE)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(name, _STREAM, bytes(data)))

    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        if len(entry.name) > 31:
            raise ValueError(f"compound file names have at most 31 characters: {entry.name!r}")
        entry.index = len(entries)
        entries.append(entry)
        for child in entry.children:
            number(child)

    number(root)
    for entry in entries:
        kids = sorted(entry.children, key=_sort_key)
        entry.child = _build_tree(kids, 0, _tree_depth(len(kids)))

    # Small streams go to the mini stream, large ones to regular sectors.
    mini_stream = bytearray()
    mini_fat: list[int] = []
    large = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]
    for entry in entries:
        if entry.kind != _STREAM or len(entry.data) >= MINI_CUTOFF:
            continue
        entry.size = len(entry.data)
        if not entry.data:
            continue  # an empty stream owns no sector
        first = len(mini_fat)
        count = _sectors(len(entry.data), MINI_SECTOR)
        mini_fat += list(range(first + 1, first + count)) + [ENDOFCHAIN]
        mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\x00")
        entry.start = first

    dir_sectors = _sectors(len(entries) * 128, SECTOR)
    minifat_sectors = _sectors(len(mini_fat) * 4, SECTOR)
    ministream_sectors = _sectors(len(mini_stream), SECTOR)
    data_sectors = sum(_sectors(len(e.data), SECTOR) for e in large)
    other = dir_sectors + minifat_sectors + ministream_sectors + data_sectors
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + other:
        fat_sectors += 1
    if fat_sectors > _HEADER_DIFAT:
        raise ValueError("file too large for a compound file without DIFAT sectors")

    fat: list[int] = [FATSECT] * fat_sectors
    body: list[bytes] = []

    def place(data: bytes) -> int:
        """Append ``data`` as a chain of sectors; return its first sector (or ENDOFCHAIN)."""
        count = _sectors(len(data), SECTOR)
        if count == 0:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend(list(range(first + 1, first + count)) + [ENDOFCHAIN])
        body.append(bytes(data).ljust(count * SECTOR, b"\x00"))
        return first

    # The directory's size is known now; its bytes are filled in once every start is known.
    dir_first = len(fat)
    fat.extend(list(range(dir_first + 1, dir_first + dir_sectors)) + [ENDOFCHAIN])
    body.append(b"")  # placeholder
    minifat_first = place(b"".join(struct.pack("<I", v) for v in mini_fat))
    root.start = place(bytes(mini_stream))
    root.size = len(mini_stream)
    for entry in large:
        entry.start = place(entry.data)
        entry.size = len(entry.data)

    directory = bytearray()
    for entry in entries:
        raw_name = (entry.name + "\x00").encode("utf-16-le")
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            raw_name,
            len(raw_name),
            entry.kind,
            entry.color,
            entry.left,
            entry.right,
            entry.child,
            root_clsid if entry is root else bytes(16),
            0,
            0,
            0,
            entry.start if entry.kind != _STORAGE else 0,
            entry.size,
        )
    unused = struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0
    )
    while len(directory) < dir_sectors * SECTOR:
        directory += unused
    body[0] = bytes(directory)

    fat += [FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    difat = list(range(fat_sectors)) + [FREESECT] * (_HEADER_DIFAT - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        OLE,
        bytes(16),
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector size 2**9
        6,  # mini sector size 2**6
        bytes(6),
        0,  # directory sector count: always 0 in version 3
        fat_sectors,
        dir_first,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat_first if mini_fat else ENDOFCHAIN,
        minifat_sectors,
        ENDOFCHAIN,  # no DIFAT sectors
        0,
        *difat,
    )
    return header + fat_bytes + b"".join(body)
