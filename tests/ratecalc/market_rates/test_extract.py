"""Extraction from TiC files: CMS examples, Evry Health's real file, layouts, errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ratecalc.errors import InputError
from ratecalc.market_rates import (
    ExtractOptions,
    LayoutMismatch,
    extract_market_rates,
    market_rate_stats,
)

from .conftest import CMS, EVRY_JAN, EVRY_JUNE_SUBSET

FFS = CMS / "in-network-rates-fee-for-service-single-plan-sample.json"
ALL_TYPES = CMS / "in-network-rates-all-negotiated-types-sample.json"
MULTI = CMS / "in-network-rates-multiple-plans-sample.json"
NO_NPI = CMS / "in-network-rates-no-npi.json"
BUNDLE = CMS / "in-network-rates-bundle-single-plan-sample.json"
CAPITATION = CMS / "in-network-rates-capitation-single-plan-sample.json"
TOC = CMS / "table-of-contents-sample.json"
ACME_NPIS = ("1111111111", "2222222222", "3333333333", "4444444444", "5555555555")


def both(path: Path, options: ExtractOptions | None = None, **kw: object) -> pd.DataFrame:
    """The prices by the fast path, after checking the fallback gives the identical frame."""
    fast = extract_market_rates(path, options, method="fast", **kw)  # type: ignore[arg-type]
    safe = extract_market_rates(path, options, method="fallback")
    pd.testing.assert_frame_equal(fast.prices, safe.prices)
    assert fast.header == safe.header
    return fast.prices


# -- CMS examples: expected values read off the example files -------------------------------------

@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        # provider_references [1] -> group 1: the five ACME NPIs under two TINs
        (FFS, "27447", [(123.45, "professional", "AS"), (1230.45, "institutional", ""),
                        (120.45, "professional", "")]),
        (FFS, "27448", [(12003.45, "professional", ""), (12.45, "institutional", "")]),
        (MULTI, "27447", [(123.45, "professional", "AS"), (1230.45, "institutional", ""),
                          (120.45, "professional", ""), (120.45, "both", "")]),
        (NO_NPI, "27447", [(123.45, "institutional", "")]),
        (CAPITATION, "27447", [(20000.0, "institutional", ""), (25000.0, "professional", "")]),
        # the bundle is billed as ICD 81.54: its contained 27447 is not the item's code
        (BUNDLE, "27447", []),
        (BUNDLE, "81.54", [(20000.0, "professional", ""), (25000.0, "professional", "")]),
    ],
)
def test_cms_examples(path: Path, code: str, expected: list[tuple[float, str, str]]) -> None:
    prices = both(path, ExtractOptions.build(codes=[code]))
    got = list(zip(prices["negotiated_rate"], prices["billing_class"], prices["modifiers"],
                   strict=True))
    assert got == expected


def test_cms_provider_references_resolve_to_npis() -> None:
    prices = both(FFS, ExtractOptions.build(codes=["27447"]))
    assert set(prices["providers"]) == {ACME_NPIS}
    assert prices["n_providers"].tolist() == [5, 5, 5]
    # TIN type "npi" (a provider's NPI standing in for an SSN): one NPI, one provider
    assert both(NO_NPI)["providers"].tolist() == [("1111111111",)]


def test_cms_all_negotiated_types_are_split_into_dollars_and_others() -> None:
    stats = market_rate_stats(both(ALL_TYPES))
    codes = stats.codes.set_index("code")
    # 27447: fee schedule 8500 and negotiated 12000 for groups 1 and 2 (4 + 2 NPIs)
    assert codes.loc["27447", ["n_prices", "n_providers", "min", "median", "max"]].tolist() == [
        2, 6, 8500.0, 10250.0, 12000.0]
    assert codes.loc["99214", "median"] == 150.0
    assert codes.loc["99285", ["n_prices", "median"]].tolist() == [1, 2500.0]
    others = stats.other_rates.set_index(["code", "negotiated_type"])
    assert others.loc[("97110", "percentage"), "median"] == 65.0
    assert others.loc[("99285", "percentage"), "median"] == 75.5
    assert others.loc[("0200", "per diem"), "median"] == 5500.0
    assert others.loc[("80053", "derived"), "median"] == 45.0
    assert codes.loc["97110", "n_prices"] == 0
    assert codes.loc["97110", "flags"] == (
        "no_dollar_rates: only percentage, per-diem, derived, bundle or capitation prices",)


def test_bundle_and_capitation_prices_are_not_fees() -> None:
    capitation = market_rate_stats(both(CAPITATION))
    assert capitation.codes.iloc[0]["n_prices"] == 0
    assert capitation.other_rates.to_dict(orient="records") == [{
        "code": "27447", "negotiated_type": "negotiated (capitation)", "n_prices": 2,
        "min": 20000.0, "median": 22500.0, "max": 25000.0,
        "unit": "USD per capitation arrangement"}]
    bundle = market_rate_stats(both(BUNDLE)).other_rates
    assert bundle[["code", "negotiated_type", "unit"]].to_numpy().tolist() == [
        ["81.54", "negotiated (bundle)", "USD per bundle of services"]]


def test_remote_provider_references_of_schema_1(tmp_path: Path) -> None:
    doc = _document("before")
    doc["provider_references"].append(  # type: ignore[attr-defined]
        {"provider_group_id": 42, "location": "https://example.org/refs/42.json"})
    path = tmp_path / "remote.json"
    path.write_text(json.dumps(doc))
    result = extract_market_rates(path, ExtractOptions.build(codes=["97530"]))
    assert (result.unresolved_references, result.remote_references) == (1, 1)
    assert result.prices["unresolved_refs"].tolist() == [1]  # kept, with its known providers
    filtered = extract_market_rates(path, ExtractOptions.build(codes=["97530"],
                                                               npis=["1999999999"]))
    assert filtered.prices.empty  # a filter cannot match providers we cannot see


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (ExtractOptions.build(codes=["27447"], billing_class="professional"), [123.45, 120.45]),
        (ExtractOptions.build(codes=["27447"], billing_class="institutional"), [1230.45]),
        (ExtractOptions.build(codes=["27447"], tins=["222222222"]), [123.45, 1230.45, 120.45]),
        (ExtractOptions.build(codes=["27447"], tins=["33-3333333"]), []),
        (ExtractOptions.build(codes=["27447"], npis=["3333333333"]), [123.45, 1230.45, 120.45]),
        (ExtractOptions.build(codes=["27447"], npis=["9999999999"]), []),
    ],
)
def test_filters(options: ExtractOptions, expected: list[float]) -> None:
    prices = both(FFS, options)
    assert prices["negotiated_rate"].tolist() == expected


def test_npi_filter_counts_only_the_asked_npis() -> None:
    prices = both(ALL_TYPES, ExtractOptions.build(codes=["27447"], npis=["5678901234"]))
    # only group 2 lists 5678901234: both 27447 prices, one provider each
    assert prices["providers"].tolist() == [("5678901234",), ("5678901234",)]


def test_billing_class_both_passes_either_filter() -> None:
    prices = both(MULTI, ExtractOptions.build(codes=["27447"], billing_class="institutional"))
    assert prices[["negotiated_rate", "billing_class"]].to_numpy().tolist() == [
        [1230.45, "institutional"], [120.45, "both"]]


def test_bad_billing_class_is_rejected() -> None:
    with pytest.raises(InputError, match="billing class: expected one of professional"):
        ExtractOptions.build(billing_class="facility")


# -- Evry Health: a real plan's file --------------------------------------------------------------

def _oracle(path: Path, code: str) -> tuple[list[float], set[str]]:
    """Dollar prices and distinct NPIs of a code, read with the standard library's json."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        doc = json.load(handle)
    rates, npis = [], set()
    for item in doc["in_network"]:
        if item["billing_code"] != code:
            continue
        for rate in item["negotiated_rates"]:
            for price in rate["negotiated_prices"]:
                assert price["negotiated_type"] == "negotiated"
                rates.append(price["negotiated_rate"])
                for group in rate["provider_groups"]:
                    npis.update(group["npi"])
    return rates, npis


@pytest.mark.parametrize("path", [EVRY_JAN, EVRY_JUNE_SUBSET])
@pytest.mark.parametrize("code", ["97110", "97140", "97530", "97161"])
def test_evry_real_file_matches_an_independent_reading(path: Path, code: str) -> None:
    rates, npis = _oracle(path, code)
    stats = market_rate_stats(both(path, ExtractOptions.build(codes=[code]))).codes.iloc[0]
    assert stats["n_prices"] == len(rates)
    assert stats["n_providers"] == len(npis)
    for name, q in [("min", 0), ("p25", 25), ("median", 50), ("p75", 75), ("p90", 90),
                    ("max", 100)]:
        assert stats[name] == pytest.approx(np.percentile(rates, q), abs=1e-9)


def test_evry_quirks_are_read() -> None:
    result = extract_market_rates(EVRY_JAN, ExtractOptions.build(codes=["97110"]))
    assert result.method == "fast"
    assert result.header["version"] == "1"  # not "1.0.0"
    assert result.as_of is not None and result.as_of.isoformat() == "2025-01-06"
    prices = result.prices
    assert set(prices["billing_class"]) == {"institutional"}  # on a therapy code
    assert set(prices["expiration_date"]) == {"2025-12-31"}  # time part dropped
    assert set(prices["service_codes"]) == {""}  # service_code: []
    assert prices["n_providers"].min() >= 1


def test_evry_whole_files_fast_equals_fallback() -> None:
    for path in (EVRY_JAN, EVRY_JUNE_SUBSET):
        prices = both(path)  # every code, no filter
        assert len(prices) > 100


def test_evry_complete_file_fast_equals_fallback(evry_full: Path) -> None:
    fast = extract_market_rates(evry_full, method="fast")
    safe = extract_market_rates(evry_full, method="fallback")
    pd.testing.assert_frame_equal(fast.prices, safe.prices)
    assert fast.items_seen == safe.items_seen == 3483
    assert len(fast.prices) == 30209


def test_evry_subset_agrees_with_complete_file(evry_full: Path) -> None:
    codes = ExtractOptions.build(codes=["97110", "97140", "97530", "97161", "G0283", "99213"])
    full = market_rate_stats(extract_market_rates(evry_full, codes).prices).codes
    subset = market_rate_stats(extract_market_rates(EVRY_JUNE_SUBSET, codes).prices).codes
    pd.testing.assert_frame_equal(full, subset)


_ITEM_START = b'{"negotiation_arrangement"'


def _evry_jan_cut(folder: Path) -> Path:
    """Evry's January file cut to its header and the ``in_network`` items of under 1 KB (seven
    of its 27, the last one among them) and of the two codes wanted (97110 and 97530: 40 of
    the 45 KB kept), each as its original bytes, in the file's order. Every kind of byte the
    whole file holds is there: header scalars, skipped items, the item marker and
    ``"billing_code"`` key, wanted items' groups, the array's and the object's ends; and the
    items start at every offset modulo 2 and 3, so chunks of 1 to 3 bytes split an item's
    first key at every place they split it in the whole file."""
    whole = EVRY_JAN.read_bytes()
    starts = [i for i in range(len(whole)) if whole.startswith(_ITEM_START, i)]
    ends = [*(s - 2 for s in starts[1:]), len(whole) - 2]  # each item ends before its ", "
    items = [whole[s:e] for s, e in zip(starts, ends, strict=True)]
    kept = [item for item in items
            if len(item) < 1000 or json.loads(item)["billing_code"] in {"97110", "97530"}]
    assert len(kept) == 9 and kept[-1] == items[-1]
    cut = whole[:starts[0]] + b", ".join(kept) + whole[ends[-1]:]
    offsets = [cut.index(item) for item in kept]
    assert all({o % m for o in offsets} == set(range(m)) for m in (2, 3))
    path = folder / "evry-jan-cut.json"
    path.write_bytes(cut)
    return path


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64, 4096])
@pytest.mark.parametrize("scan_after", [1, 100, 1 << 20])
def test_buffer_boundaries_do_not_change_results(chunk_size: int, scan_after: int,
                                                 tmp_path: Path) -> None:
    # Chunks of 1 to 3 bytes put a boundary at every byte (or every few) of the file, each
    # costing a read and a scanner call (1.7 CPU-s for the whole 160 KB file a byte at a time):
    # those read the cut file, whose every kind of boundary they cross all the same; the
    # larger chunks still read the whole file.
    evry = EVRY_JAN if chunk_size > 3 else _evry_jan_cut(tmp_path)
    options = ExtractOptions.build(codes=["97110", "97530"])
    expected = extract_market_rates(evry, options, method="fallback").prices
    assert set(expected["code"]) == {"97110", "97530"}
    for path in (evry, FFS, ALL_TYPES):
        got = extract_market_rates(path, options, method="fast", chunk_size=chunk_size,
                                   scan_after=scan_after)
        if path == evry:
            pd.testing.assert_frame_equal(got.prices, expected)


# -- layouts --------------------------------------------------------------------------------------

def _document(references_where: str) -> dict[str, object]:
    refs = [
        {"provider_group_id": 7, "network_name": ["Net A"],
         "provider_groups": [{"npi": [1000000001, 1000000002], "tin": {"type": "ein",
                                                                     "value": "11-1111111"}}]},
        {"provider_group_id": 8, "network_name": ["Net B"],
         "provider_groups": [{"npi": ["1000000003"], "tin": {"type": "npi",
                                                           "value": "1000000003"}}]},
        {"provider_group_id": 9, "network_name": ["Net C"],
         "provider_groups": [{"npi": [0], "tin": {"type": "ein", "value": "22-2222222"}}]},
    ]

    def item(code: str, rate: float, ref: list[int]) -> dict[str, object]:
        return {"negotiation_arrangement": "ffs", "name": "x", "billing_code_type": "CPT",
                "billing_code_type_version": "2025", "billing_code": code, "description": "d",
                "negotiated_rates": [{"provider_references": ref, "negotiated_prices": [
                    {"negotiated_type": "negotiated", "negotiated_rate": rate,
                     "expiration_date": "9999-12-31", "billing_class": "professional",
                     "setting": "outpatient", "service_code": ["11"]}]}]}

    doc: dict[str, object] = {"reporting_entity_name": "Test Plan",
                              "reporting_entity_type": "health insurance issuer",
                              "last_updated_on": "2025-06-01", "version": "1.0.0"}
    items = [item("97110", 41.5, [7]), item("99213", 90.0, [8]), item("97110", 38.25, [8, 9]),
             item("97530", 45.0, [7, 8, 42])]
    if references_where == "before":
        doc["provider_references"] = refs
    doc["in_network"] = items
    if references_where == "after":
        doc["provider_references"] = refs
    return doc


@pytest.mark.parametrize("indent", [None, 2])
def test_provider_references_after_in_network(tmp_path: Path, indent: int | None) -> None:
    results = {}
    for where in ("before", "after"):
        path = tmp_path / f"{where}.json"
        path.write_text(json.dumps(_document(where), indent=indent))
        prices = both(path, ExtractOptions.build(codes=["97110", "97530"]))
        results[where] = prices
    pd.testing.assert_frame_equal(results["before"], results["after"])
    prices = results["after"]
    assert prices["negotiated_rate"].tolist() == [41.5, 38.25, 45.0]
    assert prices["providers"].tolist() == [
        ("1000000001", "1000000002"),
        ("1000000003", "TIN:222222222"),  # group 9 contracts at TIN level (npi [0])
        ("1000000001", "1000000002", "1000000003"),
    ]
    assert prices["tin_only"].tolist() == [False, False, False]
    assert prices["unresolved_refs"].tolist() == [0, 0, 1]  # id 42 is not in the file


def test_references_are_read_only_when_used(tmp_path: Path) -> None:
    path = tmp_path / "after.json"
    path.write_text(json.dumps(_document("after")))
    result = extract_market_rates(path, ExtractOptions.build(codes=["99213"]))
    assert result.prices["providers"].tolist() == [("1000000003",)]
    assert result.unresolved_references == 0


def test_items_whose_first_key_differs_go_to_the_fallback(tmp_path: Path) -> None:
    doc = _document("after")
    doc["in_network"] = [{"name": i.pop("name"), **i} for i in doc["in_network"]]  # type: ignore
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    options = ExtractOptions.build(codes=["97110"])
    with pytest.raises(LayoutMismatch, match="items do not start with"):
        extract_market_rates(path, options, method="fast")
    auto = extract_market_rates(path, options)
    assert auto.method == "fallback"
    assert "items do not start with" in str(auto.fallback_reason)
    assert auto.prices["negotiated_rate"].tolist() == [41.5, 38.25]


def test_an_oversize_item_goes_to_the_fallback() -> None:
    options = ExtractOptions.build(codes=["97110"])
    result = extract_market_rates(EVRY_JAN, options, max_item_bytes=1000)
    assert result.method == "fallback"
    assert "larger than" in str(result.fallback_reason)
    expected = extract_market_rates(EVRY_JAN, options)
    pd.testing.assert_frame_equal(result.prices, expected.prices)


def test_gzip_and_plain_give_the_same_prices(tmp_path: Path) -> None:
    plain = tmp_path / "june.json"
    plain.write_bytes(gzip.decompress(EVRY_JUNE_SUBSET.read_bytes()))
    pd.testing.assert_frame_equal(both(plain), both(EVRY_JUNE_SUBSET))
    # gzip is recognised by content, whatever the name
    misnamed = tmp_path / "june-really-gzip.json"
    misnamed.write_bytes(EVRY_JUNE_SUBSET.read_bytes())
    pd.testing.assert_frame_equal(both(misnamed), both(plain))


def test_byte_order_mark_and_empty_arrays(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(
        {"reporting_entity_name": "x", "provider_references": [], "in_network": []}).encode())
    result = extract_market_rates(path)
    assert result.method == "fast" and result.prices.empty and result.items_seen == 0


def test_nulls_and_text_rates(tmp_path: Path) -> None:
    doc = _document("before")
    prices = doc["in_network"][0]["negotiated_rates"][0]["negotiated_prices"]  # type: ignore
    prices += [dict(prices[0], negotiated_rate=None), dict(prices[0], negotiated_rate="$1,234.50"),
               dict(prices[0], negotiated_rate="call us")]
    doc["in_network"][1]["negotiated_rates"] = None  # type: ignore[index]
    doc["in_network"][2]["negotiated_rates"][0]["negotiated_prices"] = []  # type: ignore
    path = tmp_path / "nulls.json"
    path.write_text(json.dumps(doc))
    for method in ("fast", "fallback"):
        result = extract_market_rates(path, method=method)
        assert result.prices["negotiated_rate"].tolist() == [41.5, 1234.5, 45.0]
        assert result.skipped_prices == 2


def test_a_text_rate_with_a_decimal_comma_is_skipped_not_read_a_hundred_times_over(
        tmp_path: Path) -> None:
    doc = _document("before")
    prices = doc["in_network"][0]["negotiated_rates"][0]["negotiated_prices"]  # type: ignore
    prices += [dict(prices[0], negotiated_rate="30,50"), dict(prices[0], negotiated_rate="1,234")]
    path = tmp_path / "commas.json"
    path.write_text(json.dumps(doc))
    for method in ("fast", "fallback"):
        result = extract_market_rates(path, method=method)
        assert 3050.0 not in result.prices["negotiated_rate"].tolist()
        assert 1234.0 in result.prices["negotiated_rate"].tolist()
        assert result.skipped_prices == 1


# -- errors: a clear InputError naming the file and the byte offset, never a traceback ------------

def test_not_an_in_network_file() -> None:
    with pytest.raises(InputError, match=r"table-of-contents-sample.json' is not an in-network "
                       r"rates file: it has top-level key 'reporting_structure'"):
        extract_market_rates(TOC)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"is empty"),
        (b"[1, 2]", r"not an in-network rates file: expected a JSON object at byte 0"),
        (b'{"reporting_entity_name": "x", "version": "1"}', r"no top-level 'in_network' array "
         r"\(top-level keys: reporting_entity_name, version\)"),
        (b'{"in_network": [{"negotiation_arrangement": "ffs"}]} trailing',
         r"byte 53: expected the end of the file after the top-level object, got 'trailing'"),
        (b'{"in_network": 7}', r"byte 15: expected '\[' \(in_network is an array\)"),
        (b"PK\x03\x04 a zip file", r"the file is a zip archive; expected an in-network rates "
             r"file or table of contents as JSON \(\.json\) or gzip \(\.json\.gz\): unzip it and "
             r"give the \.json inside"),
    ],
)
def test_malformed_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"bad\.json.*" + message):
        extract_market_rates(path)


def test_truncated_json_names_the_byte(tmp_path: Path) -> None:
    data = EVRY_JAN.read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=rf"cut\.json': the JSON ends at byte {len(data) // 2:,} "
                       r"where the end of an array item was expected: the file is truncated"):
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]))


def test_truncated_gzip(tmp_path: Path) -> None:
    data = EVRY_JUNE_SUBSET.read_bytes()
    path = tmp_path / "cut.json.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cut\.json\.gz': corrupt or truncated gzip data after "
                       r"[\d,]+ bytes of JSON \(byte [\d,]+ of [\d,]+ in the compressed file\)"):
        extract_market_rates(path)


def test_corrupt_gzip(tmp_path: Path) -> None:
    data = bytearray(EVRY_JUNE_SUBSET.read_bytes())
    data[len(data) // 2: len(data) // 2 + 16] = b"\xff" * 16
    path = tmp_path / "corrupt.json.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"corrupt\.json\.gz'.*byte [\d,]+"):
        extract_market_rates(path)


def test_corrupt_json_inside_a_wanted_item(tmp_path: Path) -> None:
    data = EVRY_JAN.read_bytes()
    at = data.index(b'"billing_code": "97110"')
    broken = data[:at + 40] + data[at + 40:].replace(b'"npi": [', b'"npi" [', 1)
    path = tmp_path / "broken.json"
    path.write_bytes(broken)
    with pytest.raises(InputError, match=r"broken\.json': invalid or truncated JSON, detected "
                       r"after reading byte [\d,]+"):
        extract_market_rates(path, ExtractOptions.build(codes=["97110"]))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.json' does not exist$"):
        extract_market_rates(tmp_path / "nope.json")


@pytest.mark.parametrize(("options", "rows"), [
    (ExtractOptions.build(npis=["1912951245", "1619976180"]), 200),
    (ExtractOptions.build(tins=["1710970975"]), 1438),
])
def test_evry_complete_file_filtered_fast_equals_fallback(
        evry_full: Path, options: ExtractOptions, rows: int) -> None:
    # provider groups shared between prices (issue 14) must filter as when read one by one
    fast = extract_market_rates(evry_full, options, method="fast")
    safe = extract_market_rates(evry_full, options, method="fallback")
    pd.testing.assert_frame_equal(fast.prices, safe.prices)
    assert len(fast.prices) == rows


def test_a_text_rate_in_no_number_syntax_is_skipped(tmp_path: Path) -> None:
    """A text price is read by the rule of every reader of a number typed as text: "1_0" and
    "٣٠" were read as $10 and $30 (Python's float() takes them)."""
    doc = _document("before")
    prices = doc["in_network"][0]["negotiated_rates"][0]["negotiated_prices"]  # type: ignore
    prices += [dict(prices[0], negotiated_rate="1_0"), dict(prices[0], negotiated_rate="٣٠"),
               dict(prices[0], negotiated_rate="$12.50")]
    path = tmp_path / "syntax.json"
    path.write_text(json.dumps(doc))
    for method in ("fast", "fallback"):
        result = extract_market_rates(path, method=method)
        read = result.prices["negotiated_rate"].tolist()
        assert 10.0 not in read and 30.0 not in read and 12.5 in read
        assert result.skipped_prices == 2


def test_prices_text_columns_are_what_pandas_makes_of_the_rows() -> None:
    """The prices frame's text columns, made by Arrow where pandas keeps text in Arrow, are the
    columns pandas infers from the rows' lists (dtype and values), in either storage."""
    pytest.importorskip("pyarrow")
    from ratecalc.market_rates.records import ROW_COLUMNS

    texts: dict[str, dict[str, list[object]]] = {"pyarrow": {}, "python": {}}
    for storage in ("pyarrow", "python"):
        with pd.option_context("mode.string_storage", storage):
            prices = extract_market_rates(EVRY_JUNE_SUBSET).prices
            for name in ROW_COLUMNS:
                if name in ("negotiated_rate", "rate_group"):
                    continue
                expected = pd.Series(prices[name].tolist(), name=name)
                assert prices[name].dtype == expected.dtype, (storage, name)
                pd.testing.assert_series_equal(prices[name], expected)
                texts[storage][name] = prices[name].tolist()
            assert len(prices) > 0
    # the values themselves, against what pandas makes without Arrow (compared with their own
    # list above, an Arrow column of wrong text passed) and the file's first in-network item
    assert texts["pyarrow"] == texts["python"]
    first = {name: texts["pyarrow"][name][0] for name in ("code", "billing_code_type",
                                                          "expiration_date")}
    assert first == {"code": "10005", "billing_code_type": "CPT",
                     "expiration_date": "2025-12-31"}
