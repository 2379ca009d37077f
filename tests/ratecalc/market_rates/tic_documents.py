"""Hypothesis strategies for TiC in-network documents, and writers for several byte layouts.

A document is built as Python objects, so each test knows the truth it wrote; the writers then
lay it out as real files do (compact, pretty-printed, references before or after ``in_network``,
gzip) and with the traps a byte-level reader must survive: escaped quotes, brackets and the
marker key's text inside strings, non-ASCII text, nulls, quirky codes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

CODES = ["97110", "97140", "97530", "97161", "99213", "27447"]
WANTED = ["97110", "97530"]

# Strings that look like structure to a careless scanner.
TRAPS = [
    '{"negotiation_arrangement":"ffs"}',
    '"billing_code":"97110"',
    "}],[{",
    'a "quoted" word',
    "back\\slash\\",
    "\\\"",
    "caf\u00e9 \u2013 \u00fcber",
    "negotiation_arrangement",
    '"provider_groups":[{"npi":["1234567890"],"tin":{"type":"ein","value":"1"}}]',
]
texts = st.one_of(st.sampled_from(TRAPS), st.text(
    alphabet=st.sampled_from('ab {}[]",:\\\u00e9\n'), max_size=12))

npis = st.integers(min_value=1_000_000_000, max_value=9_999_999_999)
npi_lists = st.one_of(
    st.lists(st.one_of(npis, npis.map(str)), min_size=1, max_size=3),
    st.just([0]),
    st.just([]),
    st.none(),
)
tins = st.one_of(
    st.fixed_dictionaries({"type": st.just("ein"),
                           "value": st.sampled_from(["12-3456789", "123456789", "98-7654321"]),
                           "business_name": texts}),
    st.fixed_dictionaries({"type": st.just("npi"),
                           "value": st.sampled_from(["1234567890", "1987654321"])}),
    # what most real files hold: the fast path reads such arrays from the text (GroupCache.cut)
    st.fixed_dictionaries({"type": st.just("ein"), "value": st.just("123456789")}),
)
provider_groups = st.fixed_dictionaries({"npi": npi_lists, "tin": tins})
# Text without escapes and groups of plain values: what the fast path reads from the bytes.
plain_texts = st.text(alphabet=st.sampled_from("ab {}[],:-é"), max_size=12)
plain_groups = st.builds(  # keys in this order (fixed_dictionaries may draw them in any)
    lambda npi, kind, value: {"npi": npi, "tin": {"type": kind, "value": value}},
    st.lists(npis.map(str), max_size=3), st.sampled_from(["ein", "npi"]),
    st.sampled_from(["123456789", "1234567890"]))
cents = st.integers(min_value=0, max_value=400_000).map(lambda c: c / 100)
prices = st.fixed_dictionaries(
    {
        "negotiated_type": st.sampled_from(
            ["negotiated", "negotiated", "fee schedule", "percentage", "per diem", "derived",
             "Negotiated"]),
        "negotiated_rate": st.one_of(cents, cents, cents, st.integers(1, 500), st.none(),
                                     st.just("12.50")),
        "expiration_date": st.sampled_from(["9999-12-31", "2025-12-31T00:00:00"]),
        "billing_class": st.sampled_from(["professional", "institutional", "both", None]),
        "setting": st.sampled_from(["outpatient", "inpatient", "both"]),
    },
    optional={
        "service_code": st.one_of(st.lists(st.sampled_from(["11", "22"]), max_size=2),
                                  st.none()),
        "billing_code_modifier": st.lists(st.sampled_from(["GP", "59", "CQ"]), max_size=2),
        "additional_information": texts,
    },
)
REF_IDS = [1, 2, 3, 4, 5]
# Strategies the composites below draw from at every call, made once (made inside a composite,
# each is made and validated again at each draw); what is drawn is the same.
_GROUPS = {True: st.lists(st.one_of(plain_groups, plain_groups, provider_groups), max_size=3),
           False: st.lists(provider_groups, max_size=3)}
_REFERENCED = st.lists(st.sampled_from(REF_IDS + [99]), min_size=1, max_size=3, unique=True)
_PRICES = st.one_of(st.lists(prices, min_size=1, max_size=3), st.none())
_CODE = st.sampled_from(CODES)
_ARRANGEMENT = st.sampled_from(["ffs", "bundle"])
_REF_IDS = st.lists(st.sampled_from(REF_IDS), unique=True, max_size=5)
_GROUP_LISTS = st.lists(provider_groups, min_size=1, max_size=3)
_FIRST_KEY = st.sampled_from(["negotiation_arrangement", "name", "billing_code"])
_VERSION = st.sampled_from(["1", "1.0.0", "2.0.0"])
_WHERE = st.sampled_from(["before", "after", "none"])
# and those made of what was drawn, made once for each value it can be: a sampled_from of a
# list is not in hypothesis' cache of strategies, so each draw made and validated a new one
_BOOLEANS = st.booleans()
_REFERENCE_SPELLINGS = {i: st.sampled_from([i, float(i), str(i)]) for i in REF_IDS}
_CODE_SPELLINGS = {code: st.sampled_from([code, f" {code}", code.lower(), f"{code} "])
                   for code in CODES}


@st.composite
def negotiated_rates(draw: Any, plain: bool = False) -> dict[str, Any]:
    rate: dict[str, Any] = {}
    if draw(_BOOLEANS):
        rate["provider_groups"] = draw(_GROUPS[plain])
    else:
        ids = draw(_REFERENCED)
        rate["provider_references"] = [draw(_REFERENCE_SPELLINGS[i]) if i != 99 else i
                                       for i in ids]
    rate["negotiated_prices"] = draw(_PRICES)
    return rate


@st.composite
def in_network_items(draw: Any, first_key: str = "negotiation_arrangement") -> dict[str, Any]:
    code = draw(_CODE)
    spelled = draw(_CODE_SPELLINGS[code])
    plain = draw(_BOOLEANS)
    item_texts = plain_texts if plain else texts
    item: dict[str, Any] = {
        "negotiation_arrangement": draw(_ARRANGEMENT),
        "name": draw(item_texts),
        "billing_code_type": "CPT",
        "billing_code_type_version": "2025",
        "billing_code": spelled,
        "description": draw(item_texts),
        "negotiated_rates": draw(_RATES[plain]),
    }
    if draw(_BOOLEANS):
        # a bundle naming a wanted code: must not make the item count as that code
        item["bundled_codes"] = [{"billing_code_type": "CPT", "billing_code_type_version": "2025",
                                  "billing_code": draw(_CODE),
                                  "description": draw(item_texts)}]
    if draw(_BOOLEANS):
        # the item's own code after the rates, as some writers order keys
        item["billing_code"] = item.pop("billing_code")
    if first_key != "negotiation_arrangement":
        item = {first_key: item.pop(first_key), **item}
    return item


@st.composite
def provider_references(draw: Any) -> list[dict[str, Any]]:
    refs = []
    for ref_id in draw(_REF_IDS):
        refs.append({
            "provider_group_id": ref_id,
            "network_name": [draw(texts)],
            "provider_groups": draw(_GROUP_LISTS),
        })
    return refs


_RATES = {plain: st.one_of(st.lists(negotiated_rates(plain), max_size=4), st.none())
          for plain in (False, True)}
_REFERENCES = provider_references()
_ITEM_LISTS = {key: st.lists(in_network_items(key), max_size=8)
               for key in ("negotiation_arrangement", "name", "billing_code")}


@st.composite
def documents(draw: Any, fast_layout: bool = True) -> dict[str, Any]:
    """A whole in-network document; ``fast_layout`` False may put another key first in items."""
    first_key = "negotiation_arrangement" if fast_layout else draw(_FIRST_KEY)
    doc: dict[str, Any] = {
        "reporting_entity_name": draw(texts),
        "reporting_entity_type": "health insurance issuer",
        "last_updated_on": "2025-06-23",
        "version": draw(_VERSION),
    }
    refs = draw(_REFERENCES)
    items = draw(_ITEM_LISTS[first_key])
    where = draw(_WHERE)
    if where == "before":
        doc["provider_references"] = refs
    doc["in_network"] = items
    if where == "after":
        doc["provider_references"] = refs
    if draw(_BOOLEANS):
        doc["plan_extras"] = {"nested": [{"negotiation": draw(texts)}], "n": [1, 2]}
    return doc


layouts = st.fixed_dictionaries({
    "indent": st.sampled_from([None, 2, "\t"]),
    "ensure_ascii": st.booleans(),
    "gzip": st.booleans(),
    "compact": st.booleans(),  # no space after ',' and ':', as real files are written
})


def write_document(doc: dict[str, Any], path: Path, layout: dict[str, Any]) -> Path:
    """Write ``doc`` with ``layout`` (indent, ensure_ascii, gzip, compact); returns the file
    written."""
    text = json.dumps(doc, indent=layout.get("indent"),
                      ensure_ascii=layout.get("ensure_ascii", True),
                      separators=(",", ":") if layout.get("compact") else None)
    data = text.encode("utf-8")
    if layout.get("gzip"):
        path = path.with_suffix(".json.gz")
        path.write_bytes(gzip.compress(data, compresslevel=1))
    else:
        path = path.with_suffix(".json")
        path.write_bytes(data)
    return path


def expected_counts(doc: dict[str, Any], wanted: list[str] | None) -> dict[tuple[str, str], int]:
    """Oracle: how many usable prices per (code, negotiated_type) the document holds.

    Written from the schema, independently of the reader: an item counts for its own
    ``billing_code`` (stripped, upper-case), a price counts when its rate is a number or numeric
    text. No provider filter (every price is kept, whatever its providers).
    """
    counts: dict[tuple[str, str], int] = {}
    for item in doc["in_network"]:
        code = str(item["billing_code"]).strip().upper()
        if wanted is not None and code not in wanted:
            continue
        for rate in item["negotiated_rates"] or []:
            for price in rate["negotiated_prices"] or []:
                value = price["negotiated_rate"]
                try:
                    float(value)
                except (TypeError, ValueError):
                    continue
                key = (code, str(price["negotiated_type"]).strip().lower())
                counts[key] = counts.get(key, 0) + 1
    return counts
