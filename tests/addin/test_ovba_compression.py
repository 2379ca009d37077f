"""The MS-OVBA compressor, checked by decompressing with oletools (the field's reader)."""

from __future__ import annotations

import io
import random
import zipfile

import olefile
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import decompress_stream

from ratecalc_addin.build_xlam import template_path
from ratecalc_addin.ovba_compression import CHUNK_SIZE, compress, copy_token_layout
from ratecalc_addin.vba_project import read_project


def roundtrip(data: bytes) -> bytes:
    return bytes(decompress_stream(bytearray(compress(data))))


def test_spec_example_compresses_byte_for_byte():
    # [MS-OVBA] 3.2.1: a string with no repetition.
    expected = bytes.fromhex(
        "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
    )
    assert compress(b"abcdefghijklmnopqrstuv.") == expected


def test_spec_example_with_repetition_roundtrips_and_is_shorter():
    # [MS-OVBA] 3.2.2's input; the spec's own output decompresses to it too.
    data = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    spec_output = bytes.fromhex(
        "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 "
        "6D 6E 6F 70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C"
    )
    assert bytes(decompress_stream(bytearray(spec_output))) == data
    assert roundtrip(data) == data
    assert len(compress(data)) <= len(spec_output)


def test_copy_token_layout_follows_the_spec_table():
    # [MS-OVBA] 2.4.1.3.19.1: offset bits by position in the chunk.
    assert copy_token_layout(1) == (4, 4098)
    assert copy_token_layout(16) == (4, 4098)
    assert copy_token_layout(17) == (5, 2050)
    assert copy_token_layout(2049) == (12, 18)
    assert copy_token_layout(4096) == (12, 18)


def test_empty_input_is_only_the_signature():
    assert compress(b"") == b"\x01"
    assert roundtrip(b"") == b""


def _vba_bin() -> bytes:
    with zipfile.ZipFile(template_path()) as z:
        return z.read("xl/vbaProject.bin")


def template_sources() -> dict[str, bytes]:
    """The template's module sources, decompressed by oletools."""
    project = read_project(_vba_bin())
    return {m.name: m.source.encode(project.codepage) for m in project.modules}


def test_real_vba_modules_roundtrip_including_one_over_20_kb():
    sources = template_sources()
    assert max(len(s) for s in sources.values()) > 20_000  # the xlwings module: ~45 KB
    for name, source in sources.items():
        assert roundtrip(source) == source, name


def test_output_is_no_larger_than_excels_own_by_more_than_5_percent():
    ole = olefile.OleFileIO(io.BytesIO(_vba_bin()))
    try:
        excel = ole.openstream("VBA/xlwings").read()  # source only, MODULEOFFSET 0
    finally:
        ole.close()
    ours = compress(bytes(decompress_stream(bytearray(excel))))
    assert len(ours) <= 1.05 * len(excel)


def test_long_runs_and_chunk_boundaries():
    for data in (
        b"a" * 10_000,
        b" " * (CHUNK_SIZE - 1),
        b"ab" * CHUNK_SIZE,
        b"x" * (CHUNK_SIZE + 1),
    ):
        assert roundtrip(data) == data


def test_incompressible_data_uses_raw_chunks_padded_only_at_the_end():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(3 * CHUNK_SIZE + 100))
    out = roundtrip(data)
    assert out[: len(data)] == data
    assert set(out[len(data) :]) <= {0}  # [MS-OVBA] 2.4.1.3.10 pads a short raw chunk


source_text = st.text(
    alphabet=st.sampled_from(list("abcdefgh ()=\"'_.,:\r\n\tSubEndFunctionDimAs0123456789")),
    max_size=12_000,
).map(lambda s: s.encode("cp1252"))


@settings(max_examples=60, deadline=None)
@given(source_text)
def test_any_source_like_text_roundtrips(data: bytes):
    assert roundtrip(data) == data


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=9000))
def test_any_bytes_roundtrip_up_to_padding(data: bytes):
    out = roundtrip(data)
    assert out[: len(data)] == data
    assert set(out[len(data) :]) <= {0}
