"""MS-OVBA compression (RLE-like LZ77) of VBA source, as stored in ``vbaProject.bin``.

Excel stores each module's source text, the ``dir`` stream and nothing else in this format
([MS-OVBA] 2.4.1). Decompression is left to ``oletools.olevba.decompress_stream`` (the field's
standard reader). No package on PyPI compresses correctly: ``ms-ovba-compression`` 1.0.1, tried
on the xlwings module's source, decompressed (by oletools) to wrong text from the first 4,000 bytes
on. So the compressor lives here, tested against oletools on real modules up to 45 KB.

Format, in short
----------------
A *container* is the signature byte ``0x01`` followed by *chunks*, each encoding 4096 bytes of
input (the last one fewer). A chunk is a 2-byte little-endian header::

    bits 0-11  chunk size - 3 (size counts the header)
    bits 12-14 signature 0b011
    bit 15     1 = compressed, 0 = 4096 raw bytes follow

and, when compressed, token sequences: one flag byte, then up to eight tokens, bit *i* of the flag
byte telling whether token *i* is a literal byte (0) or a 2-byte *copy token* (1). A copy token
refers back into the already decompressed part of the same chunk; how its 16 bits split into
offset and length depends on how far into the chunk it sits ([MS-OVBA] 2.4.1.3.19.1).
"""

from __future__ import annotations

CHUNK_SIZE = 4096
_MIN_MATCH = 3
# A longer search finds slightly longer matches; past this it only costs time on long sources.
_MAX_CANDIDATES = 64


def copy_token_layout(position_in_chunk: int) -> tuple[int, int]:
    """Bit count of the offset field and the longest copy length at a position in a chunk.

    Parameters
    ----------
    position_in_chunk : int
        Number of bytes of the current chunk already decompressed (>= 1).

    Returns
    -------
    tuple of int
        ``(offset_bits, maximum_length)``: the offset takes the high ``offset_bits`` bits of the
        token (at least 4), the length (minus 3) the rest.
    """
    offset_bits = max((position_in_chunk - 1).bit_length(), 4)
    maximum_length = (0xFFFF >> offset_bits) + _MIN_MATCH
    return offset_bits, maximum_length


def _longest_match(
    data: bytes, pos: int, chunk_start: int, chunk_end: int, candidates: list[int]
) -> tuple[int, int]:
    """Best earlier position (nearest on ties) and its match length, within the chunk."""
    _, maximum_length = copy_token_layout(pos - chunk_start)
    limit = min(maximum_length, chunk_end - pos)
    best_len, best_pos = 0, -1
    for cand in reversed(candidates[-_MAX_CANDIDATES:]):
        length = 0
        # Overlapping copies are allowed: the decompressor copies byte by byte.
        while length < limit and data[cand + length] == data[pos + length]:
            length += 1
        if length > best_len:
            best_len, best_pos = length, cand
            if length == limit:
                break
    return best_pos, best_len


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    """Compressed chunk (header included) for ``data[start:end]``, raw if that is smaller."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = start
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            key = data[pos : pos + _MIN_MATCH]
            match_pos, match_len = -1, 0
            if len(key) == _MIN_MATCH and key in seen:
                match_pos, match_len = _longest_match(data, pos, start, end, seen[key])
            step = match_len if match_len >= _MIN_MATCH else 1
            if step > 1:
                offset_bits, _ = copy_token_layout(pos - start)
                token = ((pos - match_pos - 1) << (16 - offset_bits)) | (match_len - _MIN_MATCH)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(data[pos])
            for p in range(pos, pos + step):
                if p + _MIN_MATCH <= end:
                    seen.setdefault(data[p : p + _MIN_MATCH], []).append(p)
            pos += step
        out[flag_index] = flags
    if len(out) > CHUNK_SIZE:
        # Incompressible: a raw chunk always holds exactly 4096 bytes, so a short last chunk is
        # padded with zeros, as [MS-OVBA] 2.4.1.3.10 prescribes. Source text never gets here.
        raw = data[start:end].ljust(CHUNK_SIZE, b"\x00")
        return (0x3000 | (CHUNK_SIZE + 2 - 3)).to_bytes(2, "little") + raw
    header = 0x8000 | 0x3000 | (len(out) + 2 - 3)
    return header.to_bytes(2, "little") + bytes(out)


def compress(data: bytes) -> bytes:
    """Compress bytes into an MS-OVBA CompressedContainer.

    Parameters
    ----------
    data : bytes
        Decompressed bytes, e.g. a module's source encoded in the project's code page.

    Returns
    -------
    bytes
        The container: ``0x01`` then one chunk per 4096 input bytes.

    Notes
    -----
    Matches are found through a table of 3-byte prefixes, nearest first, at most 64 candidates
    per position; any valid token choice decompresses to the same bytes ([MS-OVBA] 2.4.1.3.19.4
    only requires a copy token's source to lie inside the current chunk).

    Examples
    --------
    >>> compress(b"abcdefghijklmnopqrstuv.").hex(" ")
    '01 19 b0 00 61 62 63 64 65 66 67 68 00 69 6a 6b 6c 6d 6e 6f 70 00 71 72 73 74 75 76 2e'
    """
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK_SIZE):
        out += _compress_chunk(data, start, min(start + CHUNK_SIZE, len(data)))
    return bytes(out)
