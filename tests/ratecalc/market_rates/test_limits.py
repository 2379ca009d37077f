"""Issue 12: TiC readers with limits, the same verdict from both paths, bounded memory.

Before: a 200 KB file nesting ``negotiated_rate`` 100,000 levels deep grew to about 24 GB on the
fallback (ijson's prefix stack) and crashed Python on the fast path; 1,000 levels gave a
RecursionError; ``negotiated_rates: 1.5`` a TypeError; a key with byte 0xFF an orjson error on the
fast path only; ``billing_code: ["97110"]`` became the code ``['97110']``.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ratecalc.errors import InputError, RateCalcError
from ratecalc.market_rates import ExtractOptions, LayoutMismatch, extract_market_rates
from ratecalc.market_rates import fallback as fallback_module
from ratecalc.market_rates.limits import MAX_DEPTH, MAX_DIGITS, MAX_OBJECT_BYTES
from ratecalc.market_rates.source import TicSource
from ratecalc.market_rates.toc import inspect_source

PRICE = {"negotiated_type": "negotiated", "negotiated_rate": 50.0,
         "expiration_date": "9999-12-31", "billing_class": "professional"}
GROUP = {"npi": [1234567893], "tin": {"type": "ein", "value": "12-3456789"}}
HEAD = ('{"reporting_entity_name":"x","reporting_entity_type":"x",'
        '"last_updated_on":"2025-01-01","version":"1.0.0","in_network":[')


def item(code: object = "97110", rates: object = None, **extra: object) -> dict:
    rates = [{"provider_groups": [GROUP], "negotiated_prices": [PRICE]}] if rates is None \
        else rates
    return {"negotiation_arrangement": "ffs", "name": "PT", "billing_code_type": "CPT",
            "billing_code": code, "negotiated_rates": rates, **extra}


def write(path: Path, *items: object, raw: str | None = None) -> Path:
    body = raw if raw is not None else ",".join(json.dumps(i) for i in items)
    path.write_bytes((HEAD + body + "]}").encode("utf-8", "surrogateescape"))
    return path


def deep_item(levels: int, code: str = "97110") -> str:
    rate = '{"negotiated_rate":' * levels + "1.0" + "}" * levels
    return ('{"negotiation_arrangement":"ffs","billing_code":"' + code + '",'
            '"negotiated_rates":[{"provider_groups":[],"negotiated_prices":[{"negotiated_type":'
            '"negotiated","negotiated_rate":' + rate + "}]}]}")


def outcome(path: Path, method: str, **kwargs: object) -> object:
    """What a reader makes of the file: the prices, or the error's class and message."""
    try:
        rates = extract_market_rates(path, ExtractOptions.build(codes=["97110"]),
                                     method=method, **kwargs)  # type: ignore[arg-type]
    except (RateCalcError, LayoutMismatch) as exc:
        return type(exc).__name__, str(exc)
    return rates.prices[["code", "negotiated_rate"]].to_dict("records"), rates.bad_codes


@pytest.mark.parametrize("levels", [MAX_DEPTH, 1_000, 100_000])
def test_deep_nesting_is_one_clear_error_from_both_paths(tmp_path: Path, levels: int) -> None:
    path = write(tmp_path / "deep.json", raw=deep_item(levels))
    fast, slow = outcome(path, "fast"), outcome(path, "fallback")
    assert fast == slow == ("InputError", f"TiC file '{path}': the JSON nests deeper than 64 "
                            "levels (an in-network rates file nests about 8): the file is "
                            "malformed, not read")


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    # item at level 3, its rates 4, a rate 5, prices 6, a price 7, negotiated_rate 8 and down
    path = write(tmp_path / "ok.json", raw=deep_item(MAX_DEPTH - 8))
    assert outcome(path, "fast") == outcome(path, "fallback") == ([], 0)


def test_a_deep_unwanted_item_is_skipped_by_the_fast_path(tmp_path: Path) -> None:
    # The fast path never looks inside an item of an unwanted code (that is what makes it fast);
    # the fallback reads every byte and refuses the file.
    path = write(tmp_path / "deep.json",
                 raw=deep_item(1_000, code="99999") + "," + json.dumps(item()))
    assert outcome(path, "auto") == ([{"code": "97110", "negotiated_rate": 50.0}], 0)
    assert outcome(path, "fallback")[0] == "InputError"  # type: ignore[index]


@pytest.mark.parametrize("rates", [1.5, "text", {"a": 1}, True, [], [1, "x", None]])
def test_negotiated_rates_of_the_wrong_kind(tmp_path: Path, rates: object) -> None:
    path = write(tmp_path / "r.json", item(rates=rates), item(code="97110"))
    expected = ([{"code": "97110", "negotiated_rate": 50.0}], 0)
    assert outcome(path, "fast") == outcome(path, "fallback") == expected


@pytest.mark.parametrize(("rates", "first"), [
    ({"x": 1}, "negotiated_rates of billing code 97110 is an object, expected an array"),
    (None, "negotiated_rates of billing code 97110 is null or missing, expected an array"),
    ([1, {"provider_groups": [GROUP], "negotiated_prices": {"a": 1}}],
     "a negotiated_rates entry of billing code 97110 is a number, expected an object"),
    ([{"provider_groups": [GROUP], "negotiated_prices": [PRICE, "x"]}],
     "a negotiated_prices entry of billing code 97110 is text, expected an object"),
])
def test_a_wanted_item_of_the_wrong_shape_is_said(tmp_path: Path, rates: object,
                                                  first: str) -> None:
    """The reviewer's case: an item's negotiated_rates made an object, and its code was
    reported as having no price in the file, without a word. Both readers now count what they
    skip and name the first."""
    raw = json.dumps(item())
    path = write(tmp_path / "r.json", raw=raw.replace(
        json.dumps(item()["negotiated_rates"]), json.dumps(rates)) if rates is not None
        else json.dumps({k: v for k, v in item().items() if k != "negotiated_rates"}))
    for method in ("fast", "fallback"):
        rates_read = extract_market_rates(path, ExtractOptions.build(codes=["97110"]),
                                          method=method)
        said = [n for n in rates_read.notes if "not of the schema's shape" in n]
        assert len(said) == 1 and said[0].endswith(f"(first: {first})"), (method, said)


def test_npi_values_that_are_no_number_are_counted(tmp_path: Path) -> None:
    """The reviewer's case: a group's NPIs made ["=1+1", "abc"] were left out without a word.
    The schema's "no NPI" 0 is not counted: it means none."""
    group = {"npi": ["=1+1", "abc", 1234567893, 0], "tin": GROUP["tin"]}
    path = write(tmp_path / "n.json", item(rates=[{"provider_groups": [group],
                                                  "negotiated_prices": [PRICE]}]))
    for method in ("fast", "fallback"):
        rates = extract_market_rates(path, ExtractOptions.build(codes=["97110"]), method=method)
        assert [n for n in rates.notes if "NPI" in n] == [
            "2 NPI values of provider groups are not a number and were left out (first: "
            "'=1+1')"], method
        assert rates.prices["providers"].tolist() == [("1234567893",)], method


@pytest.mark.parametrize("code", [["97110"], {"code": "97110"}, True, False])
def test_billing_code_that_is_not_a_code_is_refused(tmp_path: Path, code: object) -> None:
    path = write(tmp_path / "c.json", item(code=code))
    for method in ("fast", "fallback"):
        rates = extract_market_rates(path, method=method)  # every code: nothing guessed
        assert rates.prices.empty and rates.bad_codes == 1


@pytest.mark.parametrize("value", [{"negotiated_rate": 5}, [5], 1e308, -1e300,
                                   -40, -0.01, "-35.00"])
def test_negotiated_rate_of_the_wrong_kind_or_size_is_skipped(tmp_path: Path,
                                                              value: object) -> None:
    price = {**PRICE, "negotiated_rate": value}
    path = write(tmp_path / "p.json", item(rates=[{"provider_groups": [GROUP],
                                                  "negotiated_prices": [price, PRICE]}]))
    for method in ("fast", "fallback"):
        rates = extract_market_rates(path, method=method)
        assert rates.prices["negotiated_rate"].tolist() == [50.0] and rates.skipped_prices == 1


@pytest.mark.parametrize(("where", "bad"), [
    ("item key", b'"na\xffme"'), ("item key", b'"na\x01me"'),
    ("top-level key", b'"plan\xff"'), ("top-level key", b'"plan\x01"'),
])
def test_bad_bytes_in_keys_get_one_verdict(tmp_path: Path, where: str, bad: bytes) -> None:
    good = json.dumps(item()).encode()
    if where == "item key":
        body = good.replace(b'"name"', bad)
        data = HEAD.encode() + body + b"]}"
    else:
        data = b"{" + bad + b':"x",' + HEAD.encode()[1:] + good + b"]}"
    path = tmp_path / "k.json"
    path.write_bytes(data)
    auto, slow = outcome(path, "auto"), outcome(path, "fallback")
    assert auto == slow
    fast = outcome(path, "fast")
    assert fast == slow or fast[0] == "LayoutMismatch"  # type: ignore[index]
    assert auto[0] in ("InputError", [{"code": "97110", "negotiated_rate": 50.0}])  # type: ignore[index]


def test_an_item_too_large_in_all_is_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fallback_module, "MAX_ITEM_TOTAL_BYTES", 1 << 20)
    body = json.dumps(item())
    path = write(tmp_path / "ws.json", raw=body[:-1] + " " * (2 << 20) + "}")
    message = f"TiC file '{path}': an in_network item is larger than 1,048,576 bytes of JSON"
    for method in ("auto", "fallback"):
        with pytest.raises(InputError, match=message):
            extract_market_rates(path, method=method, max_item_bytes=1 << 16)


def test_one_rate_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # checked as ijson reads (1 MB at a time), so the test's object is several MB
    monkeypatch.setattr(fallback_module, "MAX_OBJECT_BYTES", 1 << 20)
    many = {"npi": list(range(1_000_000_000, 1_000_400_000)), "tin": GROUP["tin"]}
    path = write(tmp_path / "big.json", item(rates=[{"provider_groups": [many],
                                                    "negotiated_prices": [PRICE]}]))
    with pytest.raises(InputError, match="one object .* is larger than 1,048,576 bytes"):
        extract_market_rates(path, method="auto", max_item_bytes=1 << 16)


MEMORY_PROBE = textwrap.dedent("""
    import resource, sys
    from ratecalc.errors import RateCalcError
    from ratecalc.market_rates import ExtractOptions, extract_market_rates

    def data_kb():
        for line in open("/proc/self/status"):
            if line.startswith("VmData:"):
                return int(line.split()[1])

    limit = (data_kb() + 200 * 1024) * 1024  # 200 MB on top of Python and its libraries
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    method = sys.argv[1]
    for path in sys.argv[2:]:
        try:
            rates = extract_market_rates(path, ExtractOptions.build(codes=["97110"]),
                                         method=method)
            print(path, "read", rates.method, len(rates.prices))
        except RateCalcError as exc:
            print(path, "refused", exc)
""")


def gzip_file(path: Path, *parts: bytes | tuple[bytes, int]) -> Path:
    """A gzip file of ``parts``, a ``(block, n)`` part standing for ``block`` n times (so a
    gigabyte of JSON is a few MB on disk and written without holding it)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # level 1: writes 1.7x faster than 6
    with path.open("wb") as out:
        for part in parts:
            block, times = part if isinstance(part, tuple) else (part, 1)
            for _ in range(times):
                out.write(packer.compress(block))
        out.write(packer.flush())
    with gzip.open(path) as check:
        assert check.read(1) == b"{"
    return path


def run_probe(method: str, *paths: Path) -> list[str]:
    run = subprocess.run([sys.executable, "-c", MEMORY_PROBE, method, *map(str, paths)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.splitlines()


def test_deep_file_is_refused_under_the_memory_limit(tmp_path: Path) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the interpreter's own memory")
    deep = write(tmp_path / "deep.json", raw=deep_item(100_000))
    for method in ("auto", "fallback"):
        assert run_probe(method, deep)[0].startswith(
            f"{deep} refused TiC file '{deep}': the JSON nests deeper")


@pytest.fixture(scope="module")
def oversized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """Files whose parts are larger than the probe's memory limit allows to hold, written once
    for both readers (compressing them is most of the test's time)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the interpreter's own memory")
    folder = tmp_path_factory.mktemp("oversized")
    body = json.dumps(item()).encode()
    # 300 MB of whitespace inside one item, 300 KB on disk
    spaces = gzip_file(folder / "spaces.json.gz", HEAD.encode() + body[:-1],
                       (b" " * (1 << 20), 300), b"}]}")
    # an unwanted item of 35 MB (past the fast path's item limit), then a wanted one of 4 MB
    npis = [{"provider_groups": [{"npi": list(range(10**9, 10**9 + 400_000)),
                                  "tin": GROUP["tin"]}], "negotiated_prices": [PRICE]}]
    big_rates = write(folder / "npis.json", item("99999", npis * 8), item("97110", npis))
    # a top-level string longer than the 200 MB the probe may hold (256 MB), a 40 MB key and a
    # 40 MB number (1 MB on disk)
    name = gzip_file(folder / "name.json.gz", b'{"reporting_entity_name":"',
                     (b"a" * (1 << 20), 256), b'","in_network":[' + body + b"]}")
    key = gzip_file(folder / "key.json.gz", b'{"', (b"k" * (1 << 20), 40),
                    b'":1,"in_network":[' + body + b"]}")
    number = gzip_file(folder / "number.json.gz", b'{"version":1', (b"1" * (1 << 20), 40),
                       b',"in_network":[' + body + b"]}")
    return spaces, big_rates, name, key, number


@pytest.mark.parametrize("method", ["auto", "fallback"])
def test_memory_stays_under_the_promise(oversized: tuple[Path, ...], method: str) -> None:
    # Before: a gigabyte-long top-level string took a gigabyte on the fallback (yajl holds a
    # token whole); the fast path's buffer (a new bytes object per read: old buffer, its tail and
    # the read at once) and 1 MB numpy windows took the 35 MB item's read near the limit.
    spaces, big_rates, name, key, number = oversized
    lines = run_probe(method, spaces, big_rates, name, key, number)
    assert lines[:2] == [f"{spaces} read fallback 1", f"{big_rates} read fallback 1"]
    limit = "is larger than 16,777,216 bytes of JSON, more than any in-network rates file needs"
    assert lines[2:] == [
        f"{name} refused TiC file '{name}': the value of top-level key 'reporting_entity_name' "
        f"{limit}: the file is malformed, not read",
        f"{key} refused TiC file '{key}': a top-level key {limit}: the file is malformed, "
        "not read",
        f"{number} refused TiC file '{number}': a number of more than 4,300 digits (a price has "
        "a dozen): the file is malformed, not read",
    ]


@pytest.mark.parametrize("where", ["item", "skipped"])
def test_a_long_string_elsewhere_gets_one_verdict(tmp_path: Path, where: str) -> None:
    # inside a wanted item (past the fast path's item limit: the fallback decides) or inside a
    # top-level container both paths skip unread: the same error either way
    if where == "item":
        head = (b'{"in_network":[{"negotiation_arrangement":"ffs","billing_code":"97110",'
                b'"description":"')
        tail = b'","negotiated_rates":[]}]}'
    else:
        head = b'{"in_network":[' + json.dumps(item()).encode() + b'],"other":["'
        tail = b'"]}'
    path = gzip_file(tmp_path / "long.json.gz", head, (b"a b " * (1 << 18), 20), tail)
    message = (f"TiC file '{path}': one JSON string or number is larger than 16,777,216 bytes of "
               "JSON, more than any in-network rates file needs: the file is malformed, not read")
    assert outcome(path, "auto") == outcome(path, "fallback") == ("InputError", message)


@pytest.mark.parametrize("name", ["long.json", "long.json.gz"])
def test_a_long_string_before_the_file_s_kind_is_known_is_refused(tmp_path: Path,
                                                                  name: str) -> None:
    """Telling a file's kind (in-network file or table of contents) read a header string of
    any length: ijson scans a token not yet ended again with each read, so 40 MB took 4.6
    CPU-s and 300 MB more than five minutes, and it was then said to be neither kind."""
    head, tail = b'{"reporting_entity_name":"', b'","in_network":[]}'
    body = b"a b " * ((MAX_OBJECT_BYTES >> 2) + (1 << 18))
    path = tmp_path / name
    data = head + body + tail
    path.write_bytes(gzip.compress(data, 1) if name.endswith(".gz") else data)
    with pytest.raises(InputError) as caught:
        inspect_source(TicSource(path))
    text = str(caught.value)
    assert text.startswith(f"TiC file '{path}': one JSON string or number is larger than "
                           "16,777,216 bytes of JSON (none ends from byte "), text
    assert text.endswith("more than any Transparency-in-Coverage file needs: the file is "
                         "malformed, not read")


@pytest.mark.parametrize("where", ["value", "skipped", "number"])
@pytest.mark.parametrize("extra", [0, 1])
def test_the_token_limit_is_exact_on_both_paths(tmp_path: Path, where: str, extra: int) -> None:
    # MAX_OBJECT_BYTES of JSON (quotes included) is read, one byte more refused, wherever the
    # read pieces happen to end
    if where == "number" and not extra:
        pytest.skip("a 16 MB integer is out of range for both parsers (an error either way)")
    # (a number that long is refused for its digits first: see the test after next)
    size = MAX_OBJECT_BYTES + extra
    body = json.dumps(item()).encode()
    if where == "value":
        data = b'{"plan_name":"' + b"a" * (size - 2) + b'","in_network":[' + body + b"]}"
        what = "the value of top-level key 'plan_name'"
    elif where == "number":
        data = b'{"version":' + b"1" * size + b',"in_network":[' + body + b"]}"
        what = ""
    else:
        data = (b'{"in_network":[' + body + b'],"other":[1,"' + b"a b " * ((size - 2) // 4)
                + b"a" * ((size - 2) % 4) + b'",2]}')
        what = "one JSON string or number"
    path = tmp_path / "t.json"
    path.write_bytes(data)
    expected = ([{"code": "97110", "negotiated_rate": 50.0}], 0) if not extra else (
        "InputError", f"TiC file '{path}': {what} is larger than 16,777,216 bytes of JSON, more "
        "than any in-network rates file needs: the file is malformed, not read")
    if where == "number":
        expected = ("InputError", f"TiC file '{path}': a number of more than 4,300 digits (a "
                    "price has a dozen): the file is malformed, not read")
    assert outcome(path, "auto") == outcome(path, "fallback") == expected


WIDE = "123456789012345678901234567890"  # past 64 bits: orjson reads it as a float


@pytest.mark.parametrize("where", ["header", "skipped item", "wanted item", "rate", "npi"])
def test_an_integer_past_64_bits_gets_one_verdict(tmp_path: Path, where: str) -> None:
    # Before: the fast path read such a number (orjson makes it a float) where the fallback
    # refused the whole file ("integer overflow"): the same file, two verdicts.
    wanted = json.dumps(item())
    raw = {
        "header": wanted,
        "skipped item": json.dumps(item("97530", extra=[1])).replace("[1]", WIDE) + "," + wanted,
        "wanted item": json.dumps(item(extra=[1])).replace("[1]", WIDE),
        "rate": json.dumps(item(rates=[{"provider_groups": [GROUP], "negotiated_prices": [
            {**PRICE, "negotiated_rate": 1}, PRICE]}])).replace('"negotiated_rate": 1,',
                                                                f'"negotiated_rate": {WIDE},'),
        "npi": json.dumps(item(rates=[{"provider_groups": [
            {**GROUP, "npi": [1, 1234567893]}], "negotiated_prices": [PRICE]}])).replace(
                "[1, ", f"[{WIDE}, "),
    }[where]
    path = write(tmp_path / "wide.json", raw=raw)
    if where == "header":
        path.write_bytes(path.read_bytes().replace(b'"version":"1.0.0"',
                                                   f'"version":{WIDE}'.encode()))
    assert WIDE.encode() in path.read_bytes()
    fast, slow = outcome(path, "fast"), outcome(path, "fallback")
    assert fast == slow
    assert fast == ([{"code": "97110", "negotiated_rate": 50.0}], 0)


LONG = "9" * (MAX_DIGITS + 1)


@pytest.mark.parametrize("where", ["header", "wanted item", "rate", "across reads"])
def test_an_integer_of_more_than_4300_digits_is_refused_not_a_crash(tmp_path: Path,
                                                                     where: str) -> None:
    # Asked for exact numbers, ijson's C backend crashed Python (a segmentation fault) on an
    # integer past CPython's 4,300-digit limit. The fast path hands an item orjson cannot read
    # (the number is past a double's range) to the fallback, so both verdicts are the refusal.
    wanted = json.dumps(item())
    raw = {
        "header": wanted,
        "wanted item": json.dumps(item(extra=[1])).replace("[1]", LONG),
        "rate": json.dumps(item(rates=[{"provider_groups": [GROUP], "negotiated_prices": [
            {**PRICE, "negotiated_rate": 1}]}])).replace('"negotiated_rate": 1,',
                                                         f'"negotiated_rate": {LONG},'),
        # the run starts before the end of the fallback's first 1 MB read and ends after it
        "across reads": json.dumps(item(extra="x" * ((1 << 20) - 2000))) + "," + json.dumps(
            item("97530", extra=[1])).replace("[1]", LONG) + "," + wanted,
    }[where]
    path = write(tmp_path / "long.json", raw=raw)
    if where == "header":
        path.write_bytes(path.read_bytes().replace(b'"version":"1.0.0"',
                                                   f'"version":{LONG}'.encode()))
    if where == "across reads":
        at = path.read_bytes().index(LONG.encode())
        assert at < 1 << 20 < at + len(LONG)
    slow = outcome(path, "fallback")
    assert slow[0] == "InputError"  # type: ignore[index]
    assert "a number of more than 4,300 digits" in slow[1]  # type: ignore[index]
    if where != "across reads":  # there the fast path skips the item (see the README)
        assert outcome(path, "auto") == slow


@pytest.mark.parametrize("text", [LONG, "x" + LONG, LONG + '\\"' + LONG])
def test_4300_digits_in_a_string_are_text(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "s.json", item(note=text), item("97530", note=text))
    expected = ([{"code": "97110", "negotiated_rate": 50.0}], 0)
    assert outcome(path, "fast") == outcome(path, "fallback") == expected


@pytest.mark.parametrize("number", ["1e400", "-1E+999", WIDE + "e300"])
def test_a_top_level_number_past_a_double_gets_one_verdict(tmp_path: Path, number: str) -> None:
    # Before: orjson refused it on the fast path ("expected a JSON value") where the fallback
    # read it as an infinity.
    path = write(tmp_path / "n.json", item())
    path.write_bytes(path.read_bytes().replace(b'"1.0.0"', number.encode()))
    expected = ([{"code": "97110", "negotiated_rate": 50.0}], 0)
    assert outcome(path, "fast") == outcome(path, "fallback") == expected


JSON_NUMBERS = st.builds(
    lambda whole, fraction, exponent: f"{whole}{fraction}{exponent}",
    st.integers(min_value=-10**40, max_value=10**40),
    st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,30}", fullmatch=True)),
    st.one_of(st.just(""), st.from_regex(r"[eE][+-]?[0-9]{1,4}", fullmatch=True),
              st.from_regex(r"[eE][+-]?[1-9][0-9]{16,20}", fullmatch=True)))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=JSON_NUMBERS,
       where=st.sampled_from(["header", "item", "rate"]))
def test_any_json_number_gets_one_verdict(tmp_path: Path, number: str, where: str) -> None:
    # every valid JSON number of up to 40 digits, in the places the fast path parses
    if where == "rate":
        price = {**PRICE, "negotiated_rate": 1}
        raw = json.dumps(item(rates=[{"provider_groups": [GROUP], "negotiated_prices": [
            price, PRICE]}])).replace('"negotiated_rate": 1,', f'"negotiated_rate": {number},')
    else:
        raw = json.dumps(item(extra=[1])).replace("[1]", number if where == "item" else "1")
    path = write(tmp_path / "n.json", raw=raw)
    if where == "header":
        path.write_bytes(path.read_bytes().replace(b'"1.0.0"', number.encode()))
    assert outcome(path, "auto") == outcome(path, "fallback")


def test_long_digit_runs_are_found_where_they_start() -> None:
    from ratecalc.market_rates.limits import DIGIT_MASK, long_digit_runs
    ok, long = "7" * MAX_DIGITS, "7" * (MAX_DIGITS + 1)
    text = f"[{ok},{long}, 1.{long}e5,{ok}]{long}".encode()
    starts = [len(f"[{ok},"), len(f"[{ok},{long}, 1."), len(f"[{ok},{long}, 1.{long}e5,{ok}]")]
    assert list(long_digit_runs(text.translate(DIGIT_MASK))) == starts
    assert list(long_digit_runs(f"[{ok}]".encode().translate(DIGIT_MASK))) == []



@pytest.mark.parametrize("exponent", ["e99999999999999999999", "E-99999999999999999999",
                                      "e+123456789012345678901234"])
@pytest.mark.parametrize("where", ["header", "wanted item"])
def test_an_exponent_past_10_to_the_18_is_refused_not_a_crash(tmp_path: Path, exponent: str,
                                                               where: str) -> None:
    # Before: decimal.InvalidOperation from ijson's Decimal (an internal error, exit 4) on the
    # fallback, and on the fast path for a wanted item (orjson hands it to the fallback)
    number = "0.5" + exponent
    raw = json.dumps(item(extra=[1])).replace("[1]", number if where == "wanted item" else "1")
    path = write(tmp_path / "e.json", raw=raw)
    if where == "header":
        path.write_bytes(path.read_bytes().replace(b'"1.0.0"', number.encode()))
    expected = ("InputError", f"TiC file '{path}': a number with an exponent past 10**18 (a "
                "price has none): the file is malformed, not read")
    assert outcome(path, "auto") == outcome(path, "fallback") == expected


@pytest.mark.parametrize("exponent", ["e-99999999999999999999", "E99999999999999999999",
                                      "e-000000000000000000000000000001"])
def test_an_exponent_in_a_typed_items_price_is_refused_as_the_fallback_refuses_it(
        tmp_path: Path, exponent: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fast path's typed decode reads a price with a negative exponent past 10**18 as 0.0
    # and refuses one past a float's range: its own search of the text must refuse the first
    # (speed-tic-9 tried searching only items with a zero price). The last exponent has 30
    # digits but is -1: read, on the typed path.
    group = {"npi": ["1234567893"], "tin": {"type": "ein", "value": "123456789"}}
    body = json.dumps(item(rates=[{"provider_groups": [group], "negotiated_prices": [
        PRICE, {**PRICE, "negotiated_rate": 7.25}]}]), separators=(",", ":"))
    path = write(tmp_path / "e.json", raw=body.replace("7.25", "0.5" + exponent))
    from ratecalc.market_rates.records import PriceCollector
    typed_took = []
    add_typed_item = PriceCollector.add_typed_item
    monkeypatch.setattr(PriceCollector, "add_typed_item",
                        lambda self, *args: typed_took.append(add_typed_item(self, *args))
                        or typed_took[-1])
    if exponent.endswith("1"):  # 0.5e-1
        assert outcome(path, "auto") == outcome(path, "fallback")
        assert extract_market_rates(path).prices["negotiated_rate"].tolist() == [50.0, 0.05]
        assert typed_took and all(typed_took)  # the item took the typed path
        return
    expected = ("InputError", f"TiC file '{path}': a number with an exponent past 10**18 (a "
                "price has none): the file is malformed, not read")
    assert outcome(path, "auto") == outcome(path, "fallback") == expected
    ok = write(tmp_path / "ok.json", raw=body)
    assert extract_market_rates(ok).prices["negotiated_rate"].tolist() == [50.0, 7.25]
    assert typed_took[-1] is True  # the same item without the exponent is typed


@pytest.mark.parametrize("digits", ["1" + "0" * 400, "-" + "9" * 320, "1" + "0" * 308])
def test_an_integer_rate_past_a_floats_range_is_skipped(tmp_path: Path, digits: str) -> None:
    """An integer of 309 digits or more (the fast path refuses the item, "number is infinity
    when parsed as double", and the fallback reads it) stopped the fallback with an internal
    error: float() of the int raised OverflowError (hostile-8's fuzzing). It is an infinity, as
    1e400 is, and skipped as a rate beyond 1e9; the file's other price is read."""
    price = json.dumps({**PRICE, "negotiated_rate": 0}).replace('"negotiated_rate": 0',
                                                                f'"negotiated_rate": {digits}')
    body = json.dumps(item(rates=[{"provider_groups": [GROUP],
                                   "negotiated_prices": ["PRICE_HERE", PRICE]}]))
    path = write(tmp_path / "p.json", raw=body.replace('"PRICE_HERE"', price))
    rates = extract_market_rates(path)
    assert rates.prices["negotiated_rate"].tolist() == [50.0] and rates.skipped_prices == 1
