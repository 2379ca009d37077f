"""From parsed TiC objects to price rows: the one place that knows TiC field names.

Both readers (the fast byte-level path and the ijson fallback) hand each ``in_network`` item, as
a dict, to :class:`PriceCollector`, so they cannot disagree on what a price is. Real files bend
the schema (DOMAIN.md section 4), and each bend is absorbed here:

- ``version`` "1" or "1.0.0" or "2.0.0": the shape is read, not the version.
- NPIs as numbers or strings; ``npi: [0]`` or an empty/null list means a contract at TIN level.
- TIN ``type`` "npi" (a provider's NPI standing in for an SSN) or "ein"; EINs are matched with and
  without the hyphen.
- ``negotiated_rates``, ``negotiated_prices``, ``service_code``, ``provider_groups`` null or empty.
- Provider groups inline (``provider_groups``) or by id (``provider_references``), ids as numbers
  or strings; schema 1.x references to a remote ``location`` cannot be resolved offline and are
  counted as unresolved.
- ``billing_code`` with stray spaces or lower case; ``negotiated_type`` in any case.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import msgspec
import orjson

from ratecalc.errors import InputError
from ratecalc.market_rates.plain_groups import PlainArray, PlainTable
from ratecalc.number_text import commas_group_no_thousands, read_number_text

# TiC negotiated_type -> whether the number is a dollar rate per unit of the code.
DOLLAR_TYPES = frozenset({"negotiated", "fee schedule"})
OTHER_TYPE_UNITS = {
    "percentage": "percent of billed charges",
    "per diem": "USD per day",
    "derived": "USD, derived (plan's internal accounting price, not a negotiated rate)",
}
# A price of a bundle or a capitation pays for more than one unit of the code: not a fee.
PER_UNIT_ARRANGEMENTS = frozenset({"ffs", ""})
ARRANGEMENT_UNITS = {
    "bundle": "USD per bundle of services",
    "capitation": "USD per capitation arrangement",
}
BILLING_CLASSES = ("professional", "institutional")
#: A negotiated rate above this [USD, or percent], or below zero, is junk (1e308 gave inf and NaN
#: statistics).
MAX_RATE = 1e9
# Top-level keys of the other TiC files, to say what a wrong file is.
OTHER_FILE_KEYS = {
    "reporting_structure": "a table-of-contents file (it lists in-network files by URL)",
    "out_of_network": "an allowed-amounts file (out-of-network)",
}


def check_top_key(path: object, key: str) -> None:
    """Raise :class:`InputError` when a top-level key shows this is another kind of TiC file."""
    if key in OTHER_FILE_KEYS:
        raise InputError(
            f"TiC file '{path}' is not an in-network rates file: it has top-level key {key!r}, "
            f"so it is {OTHER_FILE_KEYS[key]}"
        )


def normalize_code(value: object) -> str:
    """A billing code as matched: text, stripped, upper-case (``" 97110"`` -> ``"97110"``);
    ``""`` for what cannot be a code (a list, an object, true/false, null)."""
    if isinstance(value, str):
        return value.strip().upper()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if isinstance(value, float):
        if not value.is_integer():
            return str(value)
        value = int(value)
    return str(value)


def normalize_npi(value: object) -> str:
    """An NPI as ten-digit text; ``""`` for the schema's "no NPI" value 0 or junk."""
    # Called for every NPI of every kept price (millions on a big file): common cases first.
    if type(value) is int:
        return str(value) if value > 0 else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if value > 0 else ""
    text = value.strip() if isinstance(value, str) else str(value).strip()
    if not text.isdigit() or not text.strip("0"):
        return ""
    return text


_NOT_DIGITS = re.compile(r"\D")


def normalize_tin(value: object) -> str:
    """A TIN as its digits (``"12-3456789"`` -> ``"123456789"``)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text if text.isdigit() else _NOT_DIGITS.sub("", text)


def normalize_ref_id(value: object) -> str:
    """A ``provider_group_id`` as text, so 7, 7.0 and "7" are one id."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass(frozen=True)
class ExtractOptions:
    """What to keep from a TiC file.

    Parameters
    ----------
    codes : frozenset of str, optional
        Billing codes to keep (normalized as by :func:`normalize_code`); None keeps every code.
    npis : frozenset of str, optional
        Keep only provider groups listing one of these NPIs, and count only these NPIs.
    tins : frozenset of str, optional
        Keep only provider groups with one of these TINs (digits only; hyphens ignored).
    billing_class : {"professional", "institutional"}, optional
        Keep prices of this billing class and those marked "both".
    """

    codes: frozenset[str] | None = None
    npis: frozenset[str] | None = None
    tins: frozenset[str] | None = None
    billing_class: str | None = None

    @classmethod
    def build(
        cls,
        codes: object = None,
        npis: object = None,
        tins: object = None,
        billing_class: str | None = None,
    ) -> ExtractOptions:
        """Options from loose user input: iterables of codes, NPIs and TINs (any case/format)."""

        def norm(values: object, fn: Any) -> frozenset[str] | None:
            if values is None:
                return None
            items = [values] if isinstance(values, str) else list(values)  # type: ignore[call-overload]
            return frozenset(fn(v) for v in items if str(v).strip())

        if billing_class is not None:
            billing_class = billing_class.strip().lower()
            if billing_class not in BILLING_CLASSES:
                raise InputError(
                    f"billing class: expected one of {', '.join(BILLING_CLASSES)}, "
                    f"got {billing_class!r}"
                )
        return cls(norm(codes, normalize_code), norm(npis, normalize_npi),
                   norm(tins, normalize_tin), billing_class)

    def wants_code(self, code: str) -> bool:
        return self.codes is None or code in self.codes


class ProviderGroup(NamedTuple):
    """One ``provider_groups`` entry: the NPIs billing under one TIN.

    A named tuple, not a dataclass: a big file builds hundreds of thousands of them, and a frozen
    dataclass takes several times longer to construct.
    """

    npis: tuple[str, ...]
    tin: str
    tin_type: str


def provider_group_from(g: dict[str, Any]) -> ProviderGroup:
    """One provider group from a parsed ``provider_groups`` entry."""
    # Called for every group of every kept rate (192,000 on a real plan's file keeping every
    # code): the common text cases are taken without the normalizing functions' calls.
    npi_raw = g.get("npi")
    npis = _npis(npi_raw) if type(npi_raw) is list else ()
    tin = g.get("tin")
    if type(tin) is dict:
        value = tin.get("value")
        tin_value = value if type(value) is str and value.isdigit() else normalize_tin(value)
        kind = tin.get("type")
        tin_type = (_TIN_TYPES.get(kind) if type(kind) is str else None) or str(
            kind or "").strip().lower()
    else:
        tin_value = tin_type = ""
    return _group((npis, tin_value, tin_type))


def _npis(raw: list[Any]) -> tuple[str, ...]:
    """The NPIs of a group's ``npi`` list, as :func:`normalize_npi` gives them (empties left out).

    A real file's NPIs are already ten-digit text: three C-level string operations show it for
    the whole list (every item text of digits only, none empty, none starting with 0, so none
    all zeros) and the list is taken as is; anything else goes one NPI at a time.
    """
    try:
        digits = "".join(raw).isdigit()
    except TypeError:  # numbers (or junk) among them
        digits = False
    if digits:
        text = "," + ",".join(raw)
        if ",0" not in text and ",," not in text and text[-1] != ",":
            return tuple(raw)
    return tuple(filter(None, map(normalize_npi, raw)))


_TIN_TYPES = {"npi": "npi", "ein": "ein"}


def provider_groups_from(raw: object) -> tuple[ProviderGroup, ...]:
    """Provider groups from a parsed ``provider_groups`` array (nulls and junk skipped)."""
    return tuple(provider_group_from(g) for g in (raw if isinstance(raw, list) else ())
                 if isinstance(g, dict))


def _cache_key(value: object) -> bytes | None:
    """``value`` as canonical JSON text, or None when that text could stand for another value.

    orjson writes a non-finite float (an ijson ``1e400``) as ``null``, so text with a null is
    not used as a key; an integer past 64 bits cannot be written at all.
    """
    try:
        key = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return None
    return None if b"null" in key else key


# The compact text of a provider group of the common shape, cut at these fixed pieces:
# [{"npi":["N","N"],"tin":{"type":"npi","value":"V"}},{"npi":[...
# A JSON string cannot hold an unescaped quote, so a piece ending or starting in a quote cannot
# come from inside a string value.
_FIRST, _LAST = b'[{"npi":[', b'"}}]'
_NEXT = b'"}},{"npi":['
_PLAIN_TIN_TYPES = {b"npi": "npi", b"ein": "ein"}
_GROUPS_KEY = b'"provider_groups"'
_GROUPS_KEY_SIZE, _FIRST_SIZE, _LAST_SIZE = len(_GROUPS_KEY), len(_FIRST), len(_LAST)
_AFTER_KEY = b":" + _FIRST
_STANDIN = b"[[[]]]"
_STANDIN_VALUE: list[Any] = [[[]]]
# A plain group's text between the fixed pieces: '"N","N"' (or nothing), the TIN type, the
# TIN's digits. NPIs of digits not starting with 0, none empty; possessive, so a failed match
# never backtracks.
_PLAIN_GROUP = re.compile(
    rb'((?:"[1-9][0-9]*+"(?:,"[1-9][0-9]*+")*+)?+)\],"tin":\{"type":"(npi|ein)","value":"([0-9]++)')


class _PlainGroups(dict[bytes, int]):
    """Plain provider groups' numbers in ``table`` by their text between the fixed pieces of an
    array (-1: not plain, not stored).

    A text not seen yet is read on lookup (:meth:`__missing__`), so that mapping
    ``__getitem__`` over an array's pieces reads the new groups in the same C loop that finds
    the known ones (a real file: 143,000 groups in its 9,500 distinct arrays, 20,000 distinct).
    """

    def __init__(self, table: PlainTable) -> None:
        super().__init__()
        self.table = table
        # -1s returned so far: an array's lookups gave one when this moved, so that no pass
        # over its numbers (143,000 in a real file's new arrays) is needed to find out
        self.refused = 0

    def __missing__(self, piece: bytes) -> int:
        """The number of the group of ``piece`` when its values are plain (stored), else -1
        (not stored, counted in :attr:`refused`): NPIs of digits not starting with 0 (so none
        is the "no NPI" 0), a TIN of digits, a TIN type npi or ein (what the normalizing
        functions leave as they are)."""
        match = _PLAIN_GROUP.fullmatch(piece)
        if match is None:
            self.refused += 1
            return -1
        npis, kind, value = match.groups()
        number = self[piece] = self.table.add_group(npis, value.decode(), _PLAIN_TIN_TYPES[kind])
        return number


Inline = tuple[ProviderGroup, ...] | PlainArray
"""A rate's inline provider groups: a plain array by its number in the cache's
:class:`~ratecalc.market_rates.plain_groups.PlainTable` (:meth:`GroupCache.groups_of` builds
its groups), or the groups."""


class GroupCut(NamedTuple):
    """An item's text with plain ``provider_groups`` arrays cut out (:meth:`GroupCache.cut`)."""

    text: bytes
    groups: list[PlainArray | None]  # per "provider_groups" key; None: not cut


class _Presolved:
    """A ``provider_groups`` array read from the item's bytes before orjson parsed the item.

    JSON cannot produce an instance, so the collector cannot mistake a file's value for one.
    """

    __slots__ = ("groups",)

    def __init__(self, groups: PlainArray) -> None:
        self.groups = groups


class GroupCache:
    """Provider groups read once per distinct ``provider_groups`` array, then shared.

    A plan lists the same providers under many codes: the Evry Health file has 19,000
    ``provider_groups`` arrays (192,000 groups, 406,000 NPIs) of which half repeat word for word,
    and most groups recur in many arrays. So a plain array (every group of the common shape and
    plain values, compact text) is read from its text: cut at fixed pieces by C-level bytes
    methods, each distinct group's text read once, and kept as numbers and texts in a
    :class:`~ratecalc.market_rates.plain_groups.PlainTable` (its groups are built only when
    asked for, :meth:`groups_of`). The fast path goes further (:meth:`cut`): it takes plain
    arrays out of an item's bytes before orjson sees them, so neither their objects nor their
    text are ever built. Any other array is read group by group as :func:`provider_groups_from`
    does. A repeated array is one object (a :class:`PlainArray` or a tuple), which
    :func:`prices_frame` resolves once.
    """

    def __init__(self) -> None:
        self.table = PlainTable()  # the plain arrays and groups, as numbers and texts
        self._arrays: dict[bytes, PlainArray] = {}  # a plain array's text -> the array
        self._groups = _PlainGroups(self.table)  # a plain group's text -> its number
        # Other arrays by orjson's text of them. Apart from the plain ones: :meth:`cut` trusts
        # a text found in ``_arrays`` to be plain, so to nest 3 deep like its stand-in.
        self._others: dict[bytes, tuple[ProviderGroup, ...]] = {}
        # plain arrays' and groups' ProviderGroup objects, built when asked for
        self._built: dict[int, tuple[ProviderGroup, ...]] = {}
        self._built_groups: dict[int, ProviderGroup] = {}
        #: NPI values of the arrays read group by group that are no NPI (text not of digits, a
        #: list...) and were left out, each distinct array counted once; and the first
        self.junk_npis = 0
        self.first_junk_npi: object = None

    def groups(self, raw: object) -> tuple[ProviderGroup, ...]:
        """What :func:`provider_groups_from` gives for ``raw``."""
        return self.groups_of(self.inline(raw))

    def inline(self, raw: object) -> Inline:
        """The groups of ``raw`` as a rate keeps them: a plain array by its number."""
        if type(raw) is _Presolved:
            return raw.groups
        if not isinstance(raw, list) or not raw:
            return ()
        key = _cache_key(raw)
        if key is None:
            return self._read(raw)
        found = self._others.get(key)
        if found is None:
            plain = self._plain_array(key)
            if plain is not None:
                return plain
            found = self._others[key] = self._read(raw)
        return found

    def groups_of(self, inline: Inline) -> tuple[ProviderGroup, ...]:
        """The provider groups of a rate's ``inline`` (built once per plain array)."""
        if type(inline) is not PlainArray:
            return inline  # type: ignore[return-value]
        found = self._built.get(inline.index)
        if found is None:
            found = self._built[inline.index] = tuple(
                map(self._built_group, self.table.group_numbers(inline)))
        return found

    def _built_group(self, number: int) -> ProviderGroup:
        found = self._built_groups.get(number)
        if found is None:
            table = self.table
            npis = table.npi_texts[number]
            found = self._built_groups[number] = _group((
                tuple(npis[1:-1].decode().split('","')) if npis else (), table.tins[number],
                table.tin_types[number]))
        return found

    def _read(self, raw: list[Any]) -> tuple[ProviderGroup, ...]:
        """:func:`provider_groups_from`, counting the NPI values it leaves out that are not the
        schema's "no NPI" 0 (they went without a word: "=1+1" and "abc" as NPIs)."""
        found = provider_groups_from(raw)
        given = [g["npi"] for g in raw if isinstance(g, dict) and type(g.get("npi")) is list]
        if sum(map(len, given)) > sum(len(group.npis) for group in found):  # some left out
            junk = [v for npis in given for v in npis
                    if not normalize_npi(v) and v not in (0, "0")]
            if junk and self.first_junk_npi is None:
                self.first_junk_npi = junk[0]
            self.junk_npis += len(junk)
        return found

    def cut(self, raw: bytes) -> GroupCut | None:
        """An ``in_network`` item's text with its plain ``provider_groups`` arrays read and
        replaced by ``[[[]]]``, or None when there is none to cut.

        The fast path parses the cut text, far smaller, then :meth:`attach` puts the groups
        back. The replacement nests as deep as any plain array (array, group, tin) and has no
        number, so the reader's depth and number checks give the same answer on the cut text.

        Only an item whose text has no backslash is cut: then every ``"provider_groups"`` in it
        is a string with that exact text. An array starts right after ``"provider_groups":`` and
        is plain when its text up to the last ``"}}]`` before the next such key (or the item's
        end) is (checked, or found among the arrays checked before): a plain array holds that
        text only at its end, so a later one makes the text not plain, never a wrong cut. The
        search goes back from the next key, over the few bytes after the array, not through
        it. Replacing a plain array keeps the rest of the text as it was (the cut has no
        backslash and an even number of quotes), so the cut text is valid JSON exactly when the
        item is.
        """
        if b"\\" in raw:
            return None
        parts: list[bytes] = []
        groups: list[PlainArray | None] = []
        done = 0
        size = len(raw)
        arrays = self._arrays
        at = raw.find(_GROUPS_KEY)
        while at != -1:
            # A plain array cannot hold the key's text: each search below stops at the next
            # key, so an item is read in time linear in its size whatever it holds.
            following = raw.find(_GROUPS_KEY, at + _GROUPS_KEY_SIZE)
            start = at + _GROUPS_KEY_SIZE + 1  # the array's '[' in compact text
            found = None
            if raw.startswith(_AFTER_KEY, start - 1):
                # from the next key back: only the bytes after the array are searched (a
                # plain array holds '"}}]' only at its end, so a later one is refused whole)
                end = raw.rfind(_LAST, start, size if following == -1 else following)
                if end != -1:
                    end += _LAST_SIZE
                    # half of a real file's arrays repeat one read before: no call for them
                    text = raw[start:end]
                    found = arrays.get(text)
                    if found is None:
                        found = self._new_plain_array(text)
            groups.append(found)
            if found is not None:
                parts += (raw[done:start], _STANDIN)
                done = end
            at = following
        if not parts:
            return None
        parts.append(raw[done:])
        return GroupCut(b"".join(parts), groups)

    @staticmethod
    def attach(item: Any, cut: GroupCut) -> bool:
        """Put the groups of ``cut`` into ``item`` parsed from its text; False when they cannot
        be told apart from the file's own values (then parse the item's own text).

        The n-th ``"provider_groups"`` of the text is the n-th ``negotiated_rates`` entry's key
        when their numbers are equal: a key repeated in one entry, or the text anywhere else (a
        value, a key of another object), makes them differ.
        """
        rates = item.get("negotiated_rates") if type(item) is dict else None
        owners = [rate for rate in rates if type(rate) is dict and "provider_groups" in rate] \
            if type(rates) is list else []
        if len(owners) != len(cut.groups) or any(
                groups is not None and rate["provider_groups"] != _STANDIN_VALUE
                for rate, groups in zip(owners, cut.groups, strict=True)):
            return False
        for rate, groups in zip(owners, cut.groups, strict=True):
            if groups is not None:
                rate["provider_groups"] = _Presolved(groups)
        return True

    def _plain_array(self, text: bytes) -> PlainArray | None:
        """A plain array from its compact text (None when it is not plain)."""
        found = self._arrays.get(text)
        if found is not None:
            return found
        return self._new_plain_array(text)

    def _new_plain_array(self, text: bytes) -> PlainArray | None:
        """:meth:`_plain_array` of a text not among the arrays read."""
        if not (text.startswith(_FIRST) and text.endswith(_LAST)):
            return None
        pieces = text[_FIRST_SIZE:-_LAST_SIZE].split(_NEXT)
        # one C loop: most groups were seen; a new one is read by _PlainGroups.__missing__
        groups = self._groups
        refused = groups.refused
        numbers = list(map(groups.__getitem__, pieces))
        if groups.refused != refused:  # a -1 among the numbers
            return None
        found = self._arrays[text] = self.table.add_array(numbers)
        return found

# tuple.__new__ bound in C: no Python-level __new__ (or _make) call per group
_group = functools.partial(tuple.__new__, ProviderGroup)


# The common shape of an ``in_network`` item as typed structs, for the fast path: msgspec builds
# them from an item's (cut) text in C, far faster than a dict per object, and refuses any other
# shape (an unknown key, a number where text belongs, a provider_groups array left in the text),
# which then takes the dict path. Every field is a scalar or a list of scalars or structs, so an
# item that decodes nests at most 6 levels (the cut's stand-in [[[]]] included) and needs no
# depth check. Fields RateCalc does not use are declared only so that real items decode.


class _CodeRef(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A ``covered_services`` or ``bundled_codes`` entry (not used)."""

    billing_code_type: str | None = None
    billing_code_type_version: str | None = None
    billing_code: str | None = None
    description: str | None = None


class TypedPrice(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One ``negotiated_prices`` entry of the common shape."""

    negotiated_type: str | None = None
    negotiated_rate: float | None = None
    expiration_date: str | None = None
    billing_class: str | None = None
    setting: str | None = None
    service_code: list[str] | None = None
    billing_code_modifier: list[str] | None = None
    additional_information: str | None = None


class TypedRate(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One ``negotiated_rates`` entry; ``provider_groups`` is empty when absent, else the raw
    text of its value (the cut's stand-in when the fast path read the array from the bytes)."""

    negotiated_prices: list[TypedPrice] | None = None
    provider_groups: msgspec.Raw = msgspec.Raw()
    provider_references: list[int | str] | None = None


class TypedItem(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One ``in_network`` item of the common shape."""

    negotiation_arrangement: str | None = None
    name: str | None = None
    billing_code_type: str | None = None
    billing_code_type_version: str | None = None
    billing_code: str | None = None
    description: str | None = None
    severity_of_illness: str | None = None
    negotiated_rates: list[TypedRate] | None = None
    covered_services: list[_CodeRef] | None = None
    bundled_codes: list[_CodeRef] | None = None


TYPED_ITEM = msgspec.json.Decoder(TypedItem)
_STANDIN_RAW = msgspec.Raw(_STANDIN)


class RateGroup(NamedTuple):
    """The providers of one ``negotiated_rates`` entry: inline groups and/or reference ids.

    A named tuple made by :data:`_rate_group` (one per kept rate, 19,000 in a real file).
    """

    inline: Inline
    ref_ids: tuple[str, ...]


_rate_group = functools.partial(tuple.__new__, RateGroup)


def json_kind(value: object) -> str:
    """What a parsed JSON value is, in the schema's words."""
    if value is None:
        return "null or missing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "text"
    return "a number"


@dataclass
class PriceCollector:
    """Accumulates price rows of the wanted codes from parsed ``in_network`` items.

    Rows are plain tuples (one per negotiated price) pointing at a :class:`RateGroup`, so that a
    rate shared by thousands of providers is stored once.
    """

    options: ExtractOptions
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    groups: list[RateGroup] = field(default_factory=list)
    needed_refs: set[str] = field(default_factory=set)
    items_seen: int = 0
    items_kept: int = 0
    #: the wanted codes the file has items of, whatever their prices' billing class: a code
    #: priced only for another class is in the file, one absent is not (MarketRates.codes_found)
    codes_found: set[str] = field(default_factory=set)
    skipped_prices: int = 0
    bad_codes: int = 0  # items whose billing_code is not a code (a list, an object, true)
    #: parts of wanted items not of the schema's shape (skipped), and the first, in words
    misshapen: int = 0
    first_misshapen: str = ""
    group_cache: GroupCache = field(default_factory=GroupCache, repr=False, compare=False)
    # normalized text by the values as published (see add_typed_item)
    _lowered: dict[str | None, str] = field(default_factory=dict, repr=False, compare=False)
    _normalized: dict[tuple[str | None, ...], tuple[str, str, str, str]] = field(
        default_factory=dict, repr=False, compare=False)

    def wants_raw_code(self, raw: object) -> bool:
        """Whether an item with this ``billing_code`` value is wanted."""
        return self.options.wants_code(normalize_code(raw))

    def add_item(self, item: object) -> None:
        """Take the prices of one parsed ``in_network`` item if its code is wanted."""
        self.items_seen += 1
        if not isinstance(item, dict):
            return
        raw_code = item.get("billing_code")
        if raw_code is None:
            return
        code = normalize_code(raw_code)
        if not code:
            self.bad_codes += 1  # ['97110'], {...} or true is no code: refused, not guessed
            return
        if not self.options.wants_code(code):
            return
        self.items_kept += 1
        self.codes_found.add(code)
        code_type = str(item.get("billing_code_type") or "").strip().upper()
        arrangement = str(item.get("negotiation_arrangement") or "").strip().lower()
        wanted_class = self.options.billing_class
        rates = item.get("negotiated_rates")
        if not isinstance(rates, list):
            self._misshapen(code, "negotiated_rates", rates, "an array")
            rates = ()
        for rate in rates:
            if not isinstance(rate, dict):
                self._misshapen(code, "a negotiated_rates entry", rate, "an object")
                continue
            prices = rate.get("negotiated_prices")
            if not isinstance(prices, list):
                self._misshapen(code, "negotiated_prices", prices, "an array")
                prices = ()
            kept = []
            for price in prices:
                if not isinstance(price, dict):
                    self._misshapen(code, "a negotiated_prices entry", price, "an object")
                    continue
                billing_class = str(price.get("billing_class") or "").strip().lower()
                if wanted_class is not None and billing_class not in (wanted_class, "both"):
                    continue
                kept.append((price, billing_class))
            if not kept:
                continue
            refs = rate.get("provider_references")
            ref_ids = tuple(normalize_ref_id(r) for r in refs) if isinstance(refs, list) else ()
            group = _rate_group((self.group_cache.inline(rate.get("provider_groups")), ref_ids))
            self.needed_refs.update(ref_ids)
            gid = len(self.groups)
            self.groups.append(group)
            for price, billing_class in kept:
                value = price.get("negotiated_rate")
                if isinstance(value, (dict, list)):
                    self.skipped_prices += 1  # never str(): it may nest arbitrarily deep
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    # "30,50": 30.50 or 3,050? "1_0", "٣٠": no price as a text writes one
                    # (the rule of every reader of a number typed as text)
                    read = None if commas_group_no_thousands(value) else read_number_text(
                        str(value))
                    if read is None or read.percent:
                        self.skipped_prices += 1
                        continue
                    value = float(read.value)
                if not math.isfinite(value) or not 0 <= value <= MAX_RATE:
                    # a price below zero is no rate (it went into the percentiles, and the
                    # Benchmarks sheet then refused every refresh)
                    self.skipped_prices += 1
                    continue
                mods = price.get("billing_code_modifier")
                service = price.get("service_code")
                self.rows.append((
                    code,
                    code_type,
                    arrangement,
                    str(price.get("negotiated_type") or "").strip().lower(),
                    float(value),
                    billing_class,
                    str(price.get("setting") or "").strip().lower(),
                    ",".join(str(m).strip().upper() for m in mods) if isinstance(mods, list)
                    else "",
                    ",".join(str(s).strip() for s in service) if isinstance(service, list) else "",
                    str(price.get("expiration_date") or "")[:10],
                    gid,
                ))


    def _misshapen(self, code: str, part: str, value: object, expected: str) -> None:
        """Count a part of a wanted item that is not of the schema's shape (it is skipped: one
        bad item does not stop a file of millions), and keep the first in words."""
        self.misshapen += 1
        if not self.first_misshapen:
            self.first_misshapen = (f"{part} of billing code {code} is {json_kind(value)}, "
                                    f"expected {expected}")

    def add_typed_item(self, item: TypedItem, cut: GroupCut | None) -> bool:
        """:meth:`add_item` for an item decoded as :class:`TypedItem` from ``cut``'s text (or
        the item's own when ``cut`` is None); False, with nothing taken, when its provider
        groups are not all the cut's (then the dict path reads the item).

        The same rows and counts as :meth:`add_item` gives for the item's dict: the typed shape
        leaves out the values that method converts or refuses one by one (numbers as text,
        lists as codes...), so what is left is text, a float or None. Normalized text is cached
        by value: a real file repeats a handful of types, classes and dates 30,000 times.
        """
        rates = item.negotiated_rates or ()
        # the provider_groups values given, in order; each must be a stand-in of the cut
        given = [rate.provider_groups for rate in rates if rate.provider_groups]
        if cut is None:
            if given:
                return False
        elif (len(given) != len(cut.groups) or None in cut.groups
              or given.count(_STANDIN_RAW) != len(given)):  # C-level: 19,000 rates a real file
            return False
        self.items_seen += 1
        raw_code = item.billing_code
        if raw_code is None:
            return True
        code = raw_code.strip().upper()
        if not code:
            self.bad_codes += 1
            return True
        if not self.options.wants_code(code):
            return True
        self.items_kept += 1
        self.codes_found.add(code)
        if item.negotiated_rates is None:  # null or missing, as add_item says
            self._misshapen(code, "negotiated_rates", None, "an array")
        code_type = str(item.billing_code_type or "").strip().upper()
        arrangement = str(item.negotiation_arrangement or "").strip().lower()
        wanted_class = self.options.billing_class
        normalized = self._normalized
        presolved = iter(cut.groups) if cut is not None else iter(())
        rows, groups = self.rows, self.groups
        last_key = None  # no price's: a key is a tuple
        for rate in rates:
            inline = next(presolved) if rate.provider_groups else ()
            prices = rate.negotiated_prices
            if not prices:
                if prices is None:
                    self._misshapen(code, "negotiated_prices", None, "an array")
                continue
            if wanted_class is not None:
                prices = [price for price in prices
                          if self._lower_cached(price.billing_class) in (wanted_class, "both")]
                if not prices:
                    continue
            refs = rate.provider_references
            if refs:
                ref_ids = tuple(map(normalize_ref_id, refs))
                self.needed_refs.update(ref_ids)
            else:
                ref_ids = ()
            gid = len(groups)
            groups.append(_rate_group((inline, ref_ids)))
            for price in prices:
                value = price.negotiated_rate
                if value is None or not 0 <= value <= MAX_RATE:
                    self.skipped_prices += 1
                    continue
                key = (price.negotiated_type, price.billing_class, price.setting,
                       price.expiration_date)
                # Prices in a row mostly repeat the last one's texts: an equal tuple needs no
                # hash of its four fresh strings (a dict lookup compares them anyway)
                if key != last_key:
                    texts = normalized.get(key)
                    if texts is None:
                        texts = normalized[key] = (
                            self._lower_cached(key[0]), self._lower_cached(key[1]),
                            self._lower_cached(key[2]), (key[3] or "")[:10])
                    last_key = key
                    negotiated_type, billing_class, setting, expiration = texts
                mods, service = price.billing_code_modifier, price.service_code
                rows.append((
                    code, code_type, arrangement, negotiated_type, value, billing_class, setting,
                    ",".join([m.strip().upper() for m in mods]) if mods else "",
                    ",".join([s.strip() for s in service]) if service else "",
                    expiration, gid,
                ))
        return True

    def _lower_cached(self, text: str | None) -> str:
        found = self._lowered.get(text)
        if found is None:
            found = self._lowered[text] = (text or "").strip().lower()
        return found


ROW_COLUMNS = (
    "code", "billing_code_type", "negotiation_arrangement", "negotiated_type", "negotiated_rate",
    "billing_class", "setting", "modifiers", "service_codes", "expiration_date", "rate_group",
)
"""Columns of :attr:`PriceCollector.rows`, before providers are resolved."""
