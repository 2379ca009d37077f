"""A folder of extracted market rates that grows with each payer: Parquet, one partition per file.

Layout (Hive-style partitions, readable by DuckDB, Spark, pandas or any Parquet engine)::

    DIR/prices/payer=<payer>/file=<id>/prices.parquet   one row per kept negotiated price
    DIR/files/<id>.json                                  what was read: URL, size, sha256...
    DIR/cache/provider_refs/                             remote provider references fetched

``<id>`` is derived from the file's URL (or path). Each Parquet file carries the file's URL,
``last_updated_on``, size and SHA-256 as columns too, so the prices say where they come from
without the JSON. A partition counts only once its ``files/<id>.json`` exists (written after the
Parquet, both atomically): a run that was stopped leaves no half-file, and the next run reads
only the files it lacks. A file already stored with the same filters (or with more codes) is
not read again; ``--region`` is applied when querying (:mod:`~ratecalc.market_rates.store_query`),
so a store built without it serves every region.

A damaged record or partition (cut short by a full disk, edited, half-copied) is refused naming
it, what it should hold and how to mend the store: delete the record, and the next import reads
that file again (:class:`DamagedStore`). Its prices are never used, nor guessed at.

pyarrow is an optional dependency (the store extra, :data:`ratecalc.remedies.STORE_EXTRA`); it
is imported only here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.atomic import atomic_path, atomic_write
from ratecalc.errors import InputError
from ratecalc.limits import MAX_STORE_RECORD_BYTES
from ratecalc.market_rates.catalog import FileTask
from ratecalc.market_rates.extract import MarketRates
from ratecalc.market_rates.http_source import is_url
from ratecalc.market_rates.provider_refs import prices_frame
from ratecalc.market_rates.records import ExtractOptions, PriceCollector
from ratecalc.regular_files import (
    MISSING,
    not_a_file,
    not_a_folder,
    read_regular,
    refusal,
    unopened,
)
from ratecalc.remedies import STORE_EXTRA

STORE_VERSION = 1


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the submodule is what is used
    except ImportError:
        raise InputError(f"--store needs pyarrow: {STORE_EXTRA}") from None
    return pyarrow


def payer_slug(name: str) -> str:
    """A payer name as a partition folder name: lower case letters, digits and hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:60] or "unknown"


def file_id(location: str) -> str:
    """The partition name of a file: a hash of its URL or path (``f`` + 20 hex digits)."""
    return "f" + hashlib.sha256(location.encode()).hexdigest()[:20]


def filter_spec(options: ExtractOptions) -> dict[str, Any]:
    """The filters an extraction used, as stored beside it (NPIs as a hash: there may be many)."""
    npis = None
    if options.npis is not None:
        npis = hashlib.sha256(",".join(sorted(options.npis)).encode()).hexdigest()
    return {
        "codes": sorted(options.codes) if options.codes is not None else None,
        "npis": npis,
        "tins": sorted(options.tins) if options.tins is not None else None,
        "billing_class": options.billing_class,
    }


def _covers(stored: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """Whether an extraction stored with ``stored`` filters holds everything ``wanted`` asks."""
    for key in ("npis", "tins", "billing_class"):
        if stored.get(key) != wanted.get(key):
            return False
    if stored.get("codes") is None:
        return True
    return wanted.get("codes") is not None and set(wanted["codes"]) <= set(stored["codes"])


#: A record's fields that a load or a query reads, and the JSON types each must have (a list
#: of types: any of them).
_RECORD_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,), "location": (str,), "payer_slug": (str,), "filters": (dict,),
    "header": (dict,), "method": (str,), "size": (int,), "sha256": (str, type(None)),
    "items_seen": (int,), "items_kept": (int,), "skipped_prices": (int,),
    "unresolved_references": (int,), "remote_references": (int,), "json_bytes": (int,),
}
_OPTIONAL_FIELDS: dict[str, tuple[type, ...]] = {
    "fallback_reason": (str, type(None)), "remote_fetched": (int,), "notes": (list,),
    "bad_codes": (int,), "codes_found": (list,),
}
#: The columns of a partition that a load (an extraction's prices) or a query reads.
PRICE_COLUMNS = ("code", "billing_code_type", "negotiation_arrangement", "negotiated_type",
                 "negotiated_rate", "billing_class", "setting", "modifiers", "service_codes",
                 "expiration_date", "rate_group", "providers", "n_providers", "tin_only",
                 "unresolved_refs", "price_id", "payer_name", "last_updated_on")
_SLUG = re.compile(r"[a-z0-9-]{1,60}")


def _codes_found(record: Mapping[str, Any], options: ExtractOptions) -> frozenset[str] | None:
    """A stored file's codes found (:attr:`MarketRates.codes_found`) among those asked now;
    None from a record written before they were kept."""
    found = record.get("codes_found")
    if found is None:
        return None
    return frozenset(str(c) for c in found if options.codes is None or c in options.codes)


class DamagedStore(InputError):
    """A store's record or partition that does not hold what ``--store`` writes; the message
    names it, what was expected, and how to mend the store."""

    def __init__(self, root: Path, damaged: list[tuple[Path, str]]) -> None:
        files = "; ".join(f"{path}: {why}" for path, why in damaged)
        records = " ".join(sorted({str(_record_of(root, path)) for path, _ in damaged}))
        super().__init__(
            f"store '{root}' is damaged ({files}); delete {records} and run 'ratecalc import "
            "market-rates' with the same SOURCEs again: each such file is then read again from "
            "its source")
        self.damaged = damaged


def _record_of(root: Path, path: Path) -> Path:
    """The record a damaged file belongs to (itself, or a partition's ``files/<id>.json``)."""
    if path.parent.name.startswith("file="):
        return root / "files" / f"{path.parent.name.removeprefix('file=')}.json"
    return path


def _record_problem(path: Path, record: object) -> str | None:
    """What a record lacks, in words; None when it holds every field it must."""
    expected = "expected a JSON object written by --store"
    if not isinstance(record, dict):
        return f"{expected}, got {type(record).__name__ if record is not None else 'null'}"
    for fields, required in ((_RECORD_FIELDS, True), (_OPTIONAL_FIELDS, False)):
        for name, types in fields.items():
            if name not in record:
                if required:
                    return f"{expected}, with a '{name}' field"
                continue
            if not isinstance(record[name], types):
                kinds = " or ".join("null" if t is type(None) else
                                    {"str": "text", "dict": "an object", "list": "a list",
                                     "int": "a whole number"}[t.__name__] for t in types)
                return f"{expected}: '{name}' should be {kinds}"
    if record["id"] != path.stem or not _SLUG.fullmatch(record["payer_slug"]):
        return f"{expected}: its 'id' or 'payer_slug' does not name its partition"
    filters = record["filters"]
    for key in ("codes", "tins"):
        value = filters.get(key)
        if value is not None and not (isinstance(value, list)
                                      and all(isinstance(v, str) for v in value)):
            return f"{expected}: filters '{key}' should be a list of text or null"
    if any(not isinstance(filters.get(k), (str, type(None))) for k in ("npis", "billing_class")):
        return f"{expected}: filters 'npis' and 'billing_class' should be text or null"
    return None


def _read_record(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """A record, or None and what is wrong with it.

    Read only when it is a file, within :data:`~ratecalc.limits.MAX_STORE_RECORD_BYTES`: a
    record replaced by a link to ``/dev/zero`` was read until memory ran out, one replaced by a
    named pipe hung the command, and one nested a few thousand deep stopped it with an internal
    error (RecursionError).
    """
    expected = "expected a JSON object written by --store"
    try:
        data = read_regular(path, MAX_STORE_RECORD_BYTES)
    except OSError as exc:
        return None, f"{expected}; it {unopened(exc)}"
    if len(data) > MAX_STORE_RECORD_BYTES:
        return None, (f"{expected}, of at most {MAX_STORE_RECORD_BYTES >> 20} MiB (a record is "
                      "a few KB); it is larger, not read")
    try:
        record = json.loads(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are too
        return None, f"{expected}, unreadable ({exc})"
    except RecursionError:
        return None, (f"{expected}, unreadable (nested deeper than a JSON reader goes; a "
                      "record nests three deep)")
    problem = _record_problem(path, record)
    return (record, None) if problem is None else (None, problem)


def _one_line(exc: BaseException) -> str:
    """An exception's text on one line (pyarrow's end in a line break)."""
    return " ".join(str(exc).split())


def _partition_problem(pq: Any, path: Path) -> str | None:
    """What is wrong with a partition's Parquet file, read as far as its footer (schema); None
    when it is whole there and has every column a load or a query reads."""
    try:
        names = set(pq.read_schema(path).names)
    except FileNotFoundError:
        return "expected the prices of its record, found no file"
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        return f"expected a Parquet file written by --store, unreadable ({_one_line(exc)})"
    missing = [c for c in PRICE_COLUMNS if c not in names]
    if missing:
        return (f"expected a Parquet file written by --store, with the columns "
                f"{', '.join(missing)}")
    return None


@dataclass(frozen=True)
class StoredFile:
    """One stored file's record (``files/<id>.json``)."""

    id: str
    record: dict[str, Any]


def _arrow_type(pa: Any, column: pd.Series) -> Any:
    if pd.api.types.is_bool_dtype(column):
        return pa.bool_()
    if pd.api.types.is_integer_dtype(column):
        return pa.int64()
    if pd.api.types.is_float_dtype(column):
        return pa.float64()
    return pa.string()


class MarketStore:
    """The store folder (see the module notes).

    Parameters
    ----------
    root : str or Path
        The folder; created when missing.

    Raises
    ------
    InputError
        pyarrow is not installed, or the folder holds something else.
    """

    def __init__(self, root: str | Path) -> None:
        require_pyarrow()
        self.root = Path(root)
        if (what := not_a_folder(self.root)) not in (None, MISSING):
            raise InputError(refusal(f"--store '{self.root}'", what, "an empty or new folder, "
                                     "or one made by --store"))
        marker = self.root / "ratecalc-store.json"
        if self.root.is_dir() and any(self.root.iterdir()) and not marker.exists():
            raise InputError(f"--store '{self.root}' is a folder of other files; give an empty "
                             "or new folder, or one made by --store")
        self.root.mkdir(parents=True, exist_ok=True)
        if not marker.exists():
            atomic_write(marker, json.dumps({"ratecalc_store_version": STORE_VERSION}))
        self.prices_dir = self.root / "prices"
        self.files_dir = self.root / "files"
        self.cache_dir = self.root / "cache" / "provider_refs"

    def files(self) -> list[StoredFile]:
        """Every complete partition's record.

        Raises
        ------
        DamagedStore
            A record is not what ``--store`` writes (every such record is named).
        """
        out, damaged = [], []
        for path in sorted(self.files_dir.glob("f*.json")):
            record, problem = _read_record(path)
            if record is None:
                damaged.append((path, problem or ""))
            else:
                out.append(StoredFile(path.stem, record))
        if damaged:
            raise DamagedStore(self.root, damaged)
        return out

    def partitions(self) -> list[Path]:
        """The Parquet file of every complete partition.

        Only that each exists is checked here, not its content (a footer read per file would
        cost every query of a large store): where a query fails, :meth:`unreadable` finds the
        damaged files.

        Raises
        ------
        DamagedStore
            A record, or a record's partition, is damaged or missing (all of them are named,
            so that one round of deletions mends the store).
        """
        paths, missing = [], []
        for stored in self.files():
            path = self.partition(stored.record)
            if path.is_file():
                paths.append(path)
            else:
                missing.append((path, "expected the prices of its record, found no file"))
        if missing:
            raise DamagedStore(self.root, missing)
        return paths

    def unreadable(self, partitions: list[Path]) -> list[tuple[Path, str]]:
        """The partitions among ``partitions`` that are not whole Parquet files of the columns
        ``--store`` writes, and why (read whole: for the case where a query failed)."""
        pq = require_pyarrow().parquet
        damaged = []
        for path in partitions:
            problem = _partition_problem(pq, path)
            if problem is None:
                try:
                    pq.read_table(path)
                except (OSError, ValueError) as exc:  # ArrowInvalid is a ValueError
                    problem = ("expected a Parquet file written by --store, unreadable "
                               f"({_one_line(exc)})")
            if problem is not None:
                damaged.append((path, problem))
        return damaged

    def partition(self, record: dict[str, Any]) -> Path:
        """The Parquet file of a record's prices."""
        return (self.prices_dir / f"payer={record['payer_slug']}" / f"file={record['id']}"
                / "prices.parquet")

    def load(self, location: str, options: ExtractOptions) -> MarketRates | None:
        """The stored extraction of ``location`` if it covers ``options``, else None.

        Raises
        ------
        DamagedStore
            Its record or its partition is not what ``--store`` writes.
        """
        path = self.files_dir / f"{file_id(location)}.json"
        if not path.exists():
            return None
        record, problem = _read_record(path)
        if record is None:
            raise DamagedStore(self.root, [(path, problem or "")])
        if record["location"] != location or not _covers(record["filters"],
                                                         filter_spec(options)):
            return None
        parquet = self.partition(record)
        what = not_a_file(parquet)
        if what == MISSING:  # the record's file is read again, and both written anew
            return None
        if what is not None:  # a named pipe there hung the import (pyarrow waited on it)
            raise DamagedStore(self.root, [(parquet, "expected a Parquet file written by "
                                            f"--store; it {what}")])
        if not is_url(location):  # a file on disk may have been replaced under the same name
            try:
                if Path(location).stat().st_size != record["size"]:
                    return None
            except OSError:
                return None
        problem = _partition_problem(require_pyarrow().parquet, parquet)
        if problem is not None:
            raise DamagedStore(self.root, [(parquet, problem)])
        frame = self._prices(parquet, options)
        return MarketRates(
            path=location, header=record["header"], prices=frame, method=record["method"],
            fallback_reason=record.get("fallback_reason"), items_seen=record["items_seen"],
            items_kept=record["items_kept"], skipped_prices=record["skipped_prices"],
            unresolved_references=record["unresolved_references"],
            remote_references=record["remote_references"], json_bytes=record["json_bytes"],
            size=record["size"], sha256=record["sha256"],
            remote_fetched=record.get("remote_fetched", 0), notes=tuple(record.get("notes", ())),
            bad_codes=record.get("bad_codes", 0), codes_found=_codes_found(record, options))

    def _prices(self, parquet: Path, options: ExtractOptions) -> pd.DataFrame:
        """A partition's prices as an extraction returns them (see :meth:`load`)."""
        pa = require_pyarrow()
        blank = prices_frame(PriceCollector(options), None)
        columns = list(blank.columns)
        try:
            frame = pa.parquet.read_table(parquet).to_pandas()
            if frame.empty:
                # no price kept: the frame a read that keeps none returns (its empty columns
                # came back as floats, and the report failed adding text to one: exit 4)
                return blank
            frame["providers"] = [tuple(p) for p in frame["providers"]]  # lists from Parquet
            # strings as pandas reads them from Python objects, so stored equals freshly read
            frame = pd.DataFrame({c: frame[c].tolist() for c in columns}).astype(
                {"negotiated_rate": float, "n_providers": int, "tin_only": bool,
                 "unresolved_refs": int, "rate_group": int})
        except (OSError, ValueError, TypeError, pa.ArrowException) as exc:  # past its schema
            raise DamagedStore(self.root, [(parquet, "expected a Parquet file written by "
                                            f"--store, unreadable ({_one_line(exc)})")]
                               ) from None
        if options.codes is not None:
            frame = frame[frame["code"].isin(options.codes)].reset_index(drop=True)
        return frame

    def save(self, rates: MarketRates, payer: str, options: ExtractOptions,
             task: FileTask | None = None) -> Path:
        """Add (or replace) one file's extraction; returns its Parquet file."""
        pa = require_pyarrow()
        record: dict[str, Any] = {
            "id": file_id(rates.path), "location": rates.path, "payer": payer,
            "payer_slug": payer_slug(payer),
            "last_updated_on": str(rates.header.get("last_updated_on") or ""),
            "as_of": rates.as_of.isoformat() if rates.as_of else None,
            "size": rates.size, "sha256": rates.sha256, "filters": filter_spec(options),
            "rows": len(rates.prices), "read_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "header": {k: v for k, v in rates.header.items()
                       if isinstance(v, (str, int, float, bool)) or v is None},
            "method": rates.method, "fallback_reason": rates.fallback_reason,
            "items_seen": rates.items_seen, "items_kept": rates.items_kept,
            "skipped_prices": rates.skipped_prices,
            "unresolved_references": rates.unresolved_references,
            "remote_references": rates.remote_references, "remote_fetched": rates.remote_fetched,
            "json_bytes": rates.json_bytes, "notes": list(rates.notes),
            "bad_codes": rates.bad_codes,
            **({"codes_found": sorted(rates.codes_found)} if rates.codes_found is not None
               else {}),
            "listed_by": list(task.listed_by) if task else [],
            "plans": list(task.plans) if task else [],
        }
        text = json.dumps(record, indent=1, default=str)
        size = len(text.encode("utf-8"))
        # checked before anything is written: a record over the read limit made a store that
        # every later run refused as damaged
        if size > MAX_STORE_RECORD_BYTES:
            raise InputError(
                f"Market-rate file '{rates.path}': its record for the store would be "
                f"{size:,} bytes, over the {MAX_STORE_RECORD_BYTES:,} a record may be "
                f"(its header, notes and the {len(record['plans']):,} plans listed for it); "
                "nothing of it was stored. Import it without --store"
            )
        frame = rates.prices.copy()
        # object dtype even when no price was kept: an empty column is float64, which pyarrow
        # cannot make a list of strings (an NPI filter matching nothing crashed the import)
        frame["providers"] = pd.Series([list(p) for p in frame["providers"]], index=frame.index,
                                       dtype=object)
        frame["price_id"] = range(len(frame))
        frame["payer_name"] = payer
        frame["source_url"] = rates.path
        frame["last_updated_on"] = record["as_of"] or record["last_updated_on"]
        frame["source_size"] = rates.size
        frame["source_sha256"] = rates.sha256 or ""
        schema_types = {"providers": pa.list_(pa.string()), "negotiated_rate": pa.float64(),
                        "source_size": pa.int64(), "price_id": pa.int64()}
        fields = [pa.field(c, schema_types.get(c) or _arrow_type(pa, frame[c]))
                  for c in frame.columns]
        table = pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)
        for old in self.prices_dir.glob(f"payer=*/file={record['id']}"):
            shutil.rmtree(old)  # stored before under another payer name
        target = self.partition(record)
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            pa.parquet.write_table(table, tmp, compression="zstd")
        self.files_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.files_dir / f"{record['id']}.json", text)
        return target

    def size_bytes(self) -> int:
        """Disk used by the store [bytes]."""
        return sum(os.path.getsize(p) for p in self.root.rglob("*") if p.is_file())
