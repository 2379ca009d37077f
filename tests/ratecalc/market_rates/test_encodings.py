"""A TiC file's encoding: a UTF-8 byte-order mark is ignored (RFC 8259 lets a reader do so) on
both paths, plain or gzip; UTF-16 and UTF-32 are refused in words; invalid JSON is named in
words, never as a Python bytes repr."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import ExtractOptions, extract_market_rates

DOC = {
    "reporting_entity_name": "X",
    "in_network": [{
        "negotiation_arrangement": "ffs", "name": "Therapy", "billing_code_type": "CPT",
        "billing_code_type_version": "2026", "billing_code": "97110", "description": "x",
        "negotiated_rates": [{
            "provider_groups": [{"npi": [1234567893], "tin": {"type": "ein",
                                                              "value": "123456789"}}],
            "negotiated_prices": [{"negotiated_type": "negotiated", "negotiated_rate": 31.5,
                                   "expiration_date": "9999-12-31",
                                   "billing_class": "professional"}]}],
    }],
}
TEXT = json.dumps(DOC)


@pytest.mark.parametrize("method", ["auto", "fallback"])
@pytest.mark.parametrize("compressed", [False, True])
def test_utf8_bom_is_ignored(tmp_path: Path, method: str, compressed: bool) -> None:
    data = b"\xef\xbb\xbf" + TEXT.encode()
    path = tmp_path / ("bom.json.gz" if compressed else "bom.json")
    path.write_bytes(gzip.compress(data) if compressed else data)
    result = extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
    assert result.prices["negotiated_rate"].tolist() == [31.5]


def test_a_fault_after_a_bom_is_placed_by_the_file_s_bytes(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + b'{"in_network": [}'
    path = tmp_path / "bom.json"
    path.write_bytes(data)
    with pytest.raises(InputError) as raised:
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method="fallback")
    assert "after reading byte 20" in str(raised.value)  # the file's byte count, BOM included


@pytest.mark.parametrize(("encoding", "said"), [
    ("utf-16", "UTF-16 (it starts with a UTF-16 byte-order mark)"),
    ("utf-16-le", "UTF-16 (every other byte of its start is zero)"),
    ("utf-16-be", "UTF-16 (every other byte of its start is zero)"),
    ("utf-32", "UTF-32 (it starts with a UTF-32 byte-order mark)"),
])
@pytest.mark.parametrize("method", ["auto", "fallback"])
def test_utf16_and_utf32_are_refused_in_words(tmp_path: Path, encoding: str, said: str,
                                              method: str) -> None:
    path = tmp_path / "wide.json"
    path.write_bytes(TEXT.encode(encoding))
    with pytest.raises(InputError) as raised:
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
    message = str(raised.value)
    assert f"'{path}': the file is {said}; Transparency-in-Coverage files are UTF-8: save it " \
           "as UTF-8" in message
    assert "b'" not in message and "\\x" not in message


@pytest.mark.parametrize("method", ["auto", "fallback"])
def test_invalid_bytes_are_never_shown_as_a_bytes_repr(tmp_path: Path, method: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"reporting_entity_name": \xff\xfe"X", "in_network": []}')
    with pytest.raises(InputError) as raised:
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
    message = str(raised.value)
    assert f"'{path}'" in message and "byte " in message
    if method == "fallback":  # yajl's words (the fast path words it its own way)
        assert message.endswith("lexical error: invalid char in json text.")
    assert "b'" not in message and "\\x" not in message and "\n" not in message


def test_a_provider_reference_file_reads_a_bom_and_names_utf16() -> None:
    from ratecalc.market_rates.remote_refs import parse_reference_file

    text = json.dumps({"provider_groups": [{"npi": [1234567893],
                                            "tin": {"type": "ein", "value": "1"}}]})
    groups = parse_reference_file(b"\xef\xbb\xbf" + text.encode(), "refs.json")
    assert [g.npis for g in groups] == [("1234567893",)]
    with pytest.raises(InputError, match=r"^provider reference file 'refs\.json': the file is "
                       r"UTF-16 \(it starts with a UTF-16 byte-order mark\); "):
        parse_reference_file(text.encode("utf-16"), "refs.json")


#: Half of a UTF-16 surrogate pair, which no text holds: written as JSON's escape, and as the
#: bytes a program that encodes UTF-16 halves one by one writes (CESU-8; yajl lets them pass).
#: A low half: yajl itself turns a lone high half into "?".
LONE_SURROGATES = {"escape": b'"T\\udfffX"', "bytes": b'"T\xed\xbf\xbfX"'}


def _marked(where: str) -> dict:
    """The sample file with the text "MARK" where a test puts its string: a provider's
    business name inside an item, or the reporting entity's name in the header."""
    doc = json.loads(TEXT)
    if where == "item":
        doc["in_network"][0]["negotiated_rates"][0]["provider_groups"][0]["tin"][
            "business_name"] = "MARK"
        return doc
    return {**doc, "reporting_entity_name": "MARK"}


@pytest.mark.parametrize("form", sorted(LONE_SURROGATES))
@pytest.mark.parametrize("where", ["item", "header"])
@pytest.mark.parametrize("method", ["auto", "fallback"])
def test_a_lone_surrogate_is_invalid_json_in_words(tmp_path: Path, form: str, where: str,
                                                   method: str) -> None:
    """ijson's C reader raised UnicodeDecodeError on it, which reached the user as an internal
    error (exit 4) from both the in-network reader and the table-of-contents check."""
    doc = _marked(where)
    path = tmp_path / "half.json"
    path.write_bytes(json.dumps(doc).encode().replace(b'"MARK"', LONE_SURROGATES[form]))
    with pytest.raises(InputError) as raised:
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
    message = str(raised.value)
    assert f"TiC file '{path}'" in message and "byte " in message
    # both readers in one set of words (the fast reader said "expected a JSON value for
    # top-level key 'reporting_entity_name'" of a header value)
    assert "invalid" in message and "surrogate" in message and "UTF-8" in message
    assert "b'" not in message and "\\x" not in message and "\n" not in message


#: A lone HIGH half too, which yajl (the fallback) turned into "?" without a word while the
#: fast reader refused the file; a pair, high then low, is one character, read by both.
HALVES = {"high escape": b'"T\\ud800X"', "high at the end": b'"T\\uD83D"',
          "high before a high": b'"T\\ud800\\ud800\\udc00"',
          **{f"low {form}": text for form, text in LONE_SURROGATES.items()}}


@pytest.mark.parametrize("half", sorted(HALVES))
@pytest.mark.parametrize("where", ["item", "header"])
def test_both_readers_refuse_a_lone_half_in_the_same_words(tmp_path: Path, half: str,
                                                         where: str) -> None:
    doc = _marked(where)
    path = tmp_path / "half.json"
    data = json.dumps(doc).encode()
    path.write_bytes(data.replace(b'"MARK"', HALVES[half]))
    half_at = data.index(b'"MARK"') + len(b'"T')
    messages = []
    for method in ("auto", "fallback"):
        with pytest.raises(InputError) as raised:
            extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
        messages.append(str(raised.value))
    assert messages[0] == messages[1] == (
        f"TiC file '{path}': invalid JSON at byte {half_at:,}: a string is not UTF-8 text: it "
        "holds half of a UTF-16 surrogate pair (such as \\udfff)")


@pytest.mark.parametrize("method", ["auto", "fallback"])
def test_a_surrogate_pair_and_an_escaped_backslash_are_read(tmp_path: Path, method: str) -> None:
    for text, read in [(b'"A\\ud83d\\ude00B"', "A\U0001f600B"), (b'"A\\\\ud800"', "A\\ud800")]:
        path = tmp_path / "ok.json"
        path.write_bytes(TEXT.encode().replace(b'"X"', text, 1))
        rates = extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
        assert rates.header["reporting_entity_name"] == read


@pytest.mark.parametrize("piece", [1, 5, 7, 11, 13])
def test_a_lone_half_cut_between_the_fallbacks_reads_is_found(tmp_path: Path, piece: int,
                                                              monkeypatch) -> None:
    """The fallback reads a file in pieces: an escape, or a pair, cut between two of them."""
    from ratecalc.market_rates.source import TicSource

    real_read = TicSource.read
    monkeypatch.setattr(TicSource, "read", lambda self, n: real_read(self, min(n, piece)))
    path = tmp_path / "cut.json"
    data = TEXT.encode().replace(b'"X"', b'"\\\\\\ud83d\\ude00\\\\ud800 \\ud800"', 1)
    path.write_bytes(data)
    lone_at = data.index(b" \\ud800") + 1
    with pytest.raises(InputError, match=rf"invalid JSON at byte {lone_at}: .* surrogate pair"):
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method="fallback")


def test_a_lone_surrogate_in_a_table_of_contents_check_is_invalid_json(tmp_path: Path) -> None:
    from ratecalc.market_rates.source import TicSource
    from ratecalc.market_rates.toc import inspect_source

    path = tmp_path / "half.json"
    path.write_bytes(b'{"reporting_entity_name": "A\\udfffB", "in_network": []}')
    with pytest.raises(InputError) as raised:
        inspect_source(TicSource(path))
    assert f"TiC file '{path}': invalid" in str(raised.value)
    assert "surrogate" in str(raised.value)


@pytest.mark.parametrize("half", sorted(HALVES))
def test_a_table_of_contents_refuses_a_lone_half_in_the_in_network_readers_words(
        tmp_path: Path, half: str) -> None:
    """A lone high half (``\\ud800``) in an index's own header read as "?" (ijson alone reads a
    table of contents), where the in-network readers refuse it as invalid JSON."""
    from ratecalc.market_rates.source import TicSource
    from ratecalc.market_rates.toc import inspect_source

    path = tmp_path / "index.json"
    data = (b'{"reporting_entity_name": "MARK", "reporting_entity_type": "health insurance '
            b'issuer", "reporting_structure": [{"reporting_plans": [], "in_network_files": '
            b'[]}]}')
    path.write_bytes(data.replace(b'"MARK"', HALVES[half]))
    half_at = data.index(b'"MARK"') + len(b'"T')
    with pytest.raises(InputError) as raised:
        inspect_source(TicSource(path))
    assert str(raised.value) == (
        f"TiC file '{path}': invalid JSON at byte {half_at:,}: a string is not UTF-8 text: it "
        "holds half of a UTF-16 surrogate pair (such as \\udfff)")
