"""Tables of contents: the index file a payer publishes, listing in-network files by URL.

A table-of-contents file (schema ``table-of-contents``) has a ``reporting_structure`` array; each
entry names some plans (``reporting_plans``) and the in-network files that hold their rates
(``in_network_files``, each with a ``location`` URL). One file is typically listed under many
plans, and big payers' indexes run to gigabytes, so the file is read as a stream (ijson) one
entry at a time and only the distinct locations are kept.

What kind of TiC file a SOURCE is, is told by its content (:func:`inspect_source`): the first
top-level key among ``reporting_structure``, ``in_network``/``provider_references`` and
``out_of_network``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import ijson
from ijson.common import ObjectBuilder

from ratecalc.errors import InputError
from ratecalc.market_rates.limits import MAX_DEPTH, MAX_OBJECT_BYTES, too_deep
from ratecalc.market_rates.locations import resolve_location
from ratecalc.market_rates.source import (
    JSON_ERRORS,
    SurrogateCheckedReader,
    TicSource,
    json_error_text,
)

KIND_TOC = "table_of_contents"
KIND_IN_NETWORK = "in_network"
KIND_ALLOWED = "allowed_amounts"
_KIND_OF_KEY = {
    "reporting_structure": KIND_TOC,
    "in_network": KIND_IN_NETWORK,
    "provider_references": KIND_IN_NETWORK,
    "out_of_network": KIND_ALLOWED,
}
_STRUCTURE = "reporting_structure.item"
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def normalize_plan_id(value: object) -> str:
    """A plan id as matched: letters and digits only, upper case (EIN hyphens ignored)."""
    return _NOT_ALNUM.sub("", str(value)).upper()


@dataclass(frozen=True)
class Plan:
    """One ``reporting_plans`` entry."""

    plan_id: str
    plan_id_type: str
    plan_name: str
    plan_market_type: str
    issuer_name: str


@dataclass
class ListedFile:
    """An in-network file listed in a table of contents, with every plan that lists it.

    ``location`` is where it is (absolute URL or path); ``written``, how the index first
    wrote it (perhaps relative to the index); ``refused``, why it may not be read (an index
    on the web naming a path, whose ``location`` is then as written), else empty.
    """

    location: str
    description: str
    plans: list[Plan] = field(default_factory=list)
    written: str = ""
    refused: str = ""


@dataclass
class TableOfContents:
    """What a table of contents lists, once per location.

    Attributes
    ----------
    location : str
        Where the table of contents was read from.
    header : dict
        Top-level scalars (``reporting_entity_name``, ``last_updated_on``, ``version``...).
    files : dict of str to ListedFile
        Distinct in-network file locations (absolute URLs, or paths for a local index), in the
        order first listed, restricted to the plans asked for; a relative location is taken
        relative to the index (see :func:`~ratecalc.market_rates.locations.resolve_location`).
    listings : int
        In-network file entries of the kept plans, repeats included.
    structures, plans_seen, plans_kept : int
        ``reporting_structure`` entries, plans in them, and plans that matched ``--plan-id``.
    """

    location: str
    header: dict[str, Any] = field(default_factory=dict)
    files: dict[str, ListedFile] = field(default_factory=dict)
    listings: int = 0
    structures: int = 0
    plans_seen: int = 0
    plans_kept: int = 0

    @property
    def reporting_entity(self) -> str:
        return str(self.header.get("reporting_entity_name") or "")


def _plan(raw: object) -> Plan | None:
    if not isinstance(raw, dict):
        return None
    return Plan(
        plan_id=str(raw.get("plan_id") or "").strip(),
        plan_id_type=str(raw.get("plan_id_type") or "").strip().lower(),
        plan_name=str(raw.get("plan_name") or "").strip(),
        plan_market_type=str(raw.get("plan_market_type") or "").strip().lower(),
        issuer_name=str(raw.get("issuer_name") or "").strip(),
    )


def _add_structure(toc: TableOfContents, item: object, plan_ids: frozenset[str] | None) -> None:
    toc.structures += 1
    if not isinstance(item, dict):
        return
    plans = [p for p in map(_plan, item.get("reporting_plans") or ()) if p is not None]
    toc.plans_seen += len(plans)
    if plan_ids is not None:
        plans = [p for p in plans if normalize_plan_id(p.plan_id) in plan_ids]
        if not plans:
            return
    toc.plans_kept += len(plans)
    for entry in item.get("in_network_files") or ():
        if not isinstance(entry, dict) or not isinstance(entry.get("location"), str):
            continue
        toc.listings += 1
        written = entry["location"].strip()
        try:
            location = resolve_location(written, toc.location, "in-network file").location
            refused = ""
        except InputError as exc:
            location, refused = written, str(exc)
        listed = toc.files.get(location)
        if listed is None:
            listed = toc.files[location] = ListedFile(
                location, str(entry.get("description") or ""), written=written, refused=refused)
        listed.plans.extend(p for p in plans if p not in listed.plans)


@dataclass(frozen=True)
class Inspection:
    """What a SOURCE turned out to be: its kind, its header, and the index if it is one."""

    kind: str
    header: dict[str, Any]
    toc: TableOfContents | None


def _prefix(stack: list[list[Any]]) -> str:
    """ijson's prefix for an event inside the containers of ``stack``."""
    return ".".join(str(key) if is_map else "item" for is_map, key in stack)


class _Paced:
    """A reader for ijson that refuses more than :data:`MAX_OBJECT_BYTES` read without a JSON
    event between them (:attr:`mark`, set at each event): one string or number that long.

    ijson's parser holds a token not yet ended and scans it again with each read, so a
    300 MB string in a file's header took longer than five minutes to inspect (a 40 MB
    one 4.6 CPU-s, ten times a 10 MB one's), before any limit was checked.
    """

    def __init__(self, reader: SurrogateCheckedReader, source: TicSource) -> None:
        self._reader, self._source = reader, source
        self.read_bytes = 0
        self.mark = 0

    def read(self, n: int) -> bytes:
        if self.read_bytes - self.mark > MAX_OBJECT_BYTES:
            raise InputError(
                f"TiC file '{self._source.path}': one JSON string or number is larger than "
                f"{MAX_OBJECT_BYTES:,} bytes of JSON (none ends from "
                f"{self._source.describe(self.mark)} to {self.read_bytes:,}), more than any "
                "Transparency-in-Coverage file needs: the file is malformed, not read")
        data = self._reader.read(n)
        self.read_bytes += len(data)
        return data


def inspect_source(
    source: TicSource, plan_ids: frozenset[str] | None = None
) -> Inspection:
    """Tell a TiC file's kind by its content; read it whole if it is a table of contents.

    An in-network file is left after its header (its first array key), so that inspecting it
    costs a few kilobytes, not a download.

    Raises
    ------
    InputError
        Not JSON, not an object, or no key that tells a TiC file's kind.
    """
    location = str(source.path)
    toc = TableOfContents(location)
    kind: str | None = None
    builder: ObjectBuilder | None = None
    depth = 0
    # basic_parse, not parse: ijson's prefixes are strings as long as the nesting, so a hostile
    # file nested 100,000 deep would cost quadratic time before any limit could be checked.
    # The path is kept here instead, as (is_map, key) per open container.
    stack: list[list[Any]] = []
    try:
        # its pieces checked for a lone surrogate half, which yajl alone reads as "?"
        paced = _Paced(SurrogateCheckedReader(source), source)
        events = ijson.basic_parse(paced, use_float=True, buf_size=1 << 16)
        for event, value in events:
            paced.mark = paced.read_bytes
            if event == "map_key":
                prefix = _prefix(stack[:-1]) if len(stack) <= 3 else None
                stack[-1][1] = value
            else:
                prefix = _prefix(stack) if len(stack) <= 2 else None
            if event in ("start_map", "start_array"):
                stack.append([event == "start_map", None])
                if len(stack) > MAX_DEPTH:
                    raise too_deep(location)
            elif event in ("end_map", "end_array"):
                stack.pop()
            if depth:
                assert builder is not None
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        _add_structure(toc, builder.value, plan_ids)
                        builder = None
                continue
            if prefix == _STRUCTURE and event == "start_map":
                builder, depth = ObjectBuilder(), 1
                builder.event(event, value)
            elif prefix == "" and event == "map_key":
                found = _KIND_OF_KEY.get(value)
                if found is not None and kind is None:
                    kind = found
                    if kind != KIND_TOC:
                        break
            elif prefix and "." not in prefix and event in ("string", "number", "boolean"):
                toc.header[prefix] = value
    except JSON_ERRORS as exc:
        raise InputError(
            f"TiC file '{location}': invalid or truncated JSON after "
            f"{source.describe(source.offset)}: {json_error_text(exc)}") from None
    if kind is None:
        keys = ", ".join(toc.header) or "none"
        raise InputError(
            f"TiC file '{location}' is neither a table of contents nor an in-network rates "
            f"file: it has no 'reporting_structure' or 'in_network' key (scalar keys: {keys})")
    return Inspection(kind, toc.header, toc if kind == KIND_TOC else None)
