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

pyarrow is an optional dependency (``pip install 'ratecalc[store]'``); it is imported only here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ratecalc.atomic import atomic_path, atomic_write
from ratecalc.errors import InputError
from ratecalc.market_rates.catalog import FileTask
from ratecalc.market_rates.extract import MarketRates
from ratecalc.market_rates.http_source import is_url
from ratecalc.market_rates.provider_refs import prices_frame
from ratecalc.market_rates.records import ExtractOptions, PriceCollector

STORE_VERSION = 1


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - the submodule is what is used
    except ImportError:
        raise InputError("--store needs pyarrow: pip install 'ratecalc[store]'") from None
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
        if self.root.exists() and not self.root.is_dir():
            raise InputError(f"--store '{self.root}' is a file; give a folder")
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
        """Every complete partition's record."""
        out = []
        for path in sorted(self.files_dir.glob("f*.json")):
            try:
                out.append(StoredFile(path.stem, json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError) as exc:
                raise InputError(f"store '{self.root}': record {path.name} is unreadable "
                                 f"({exc}); delete it to read that file again") from None
        return out

    def _partition(self, record: dict[str, Any]) -> Path:
        return (self.prices_dir / f"payer={record['payer_slug']}" / f"file={record['id']}"
                / "prices.parquet")

    def load(self, location: str, options: ExtractOptions) -> MarketRates | None:
        """The stored extraction of ``location`` if it covers ``options``, else None."""
        path = self.files_dir / f"{file_id(location)}.json"
        if not path.exists():
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("location") != location or not _covers(record["filters"],
                                                              filter_spec(options)):
            return None
        parquet = self._partition(record)
        if not parquet.exists():
            return None
        if not is_url(location):  # a file on disk may have been replaced under the same name
            try:
                if Path(location).stat().st_size != record["size"]:
                    return None
            except OSError:
                return None
        pq = require_pyarrow().parquet
        frame = pq.read_table(parquet).to_pandas()
        frame["providers"] = [tuple(p) for p in frame["providers"]]  # lists from Parquet
        columns = list(prices_frame(PriceCollector(options), None).columns)
        # strings as pandas reads them from Python objects, so stored equals freshly read
        frame = pd.DataFrame({c: frame[c].tolist() for c in columns}).astype(
            {"negotiated_rate": float, "n_providers": int, "tin_only": bool,
             "unresolved_refs": int, "rate_group": int})
        if options.codes is not None:
            frame = frame[frame["code"].isin(options.codes)].reset_index(drop=True)
        return MarketRates(
            path=location, header=record["header"], prices=frame, method=record["method"],
            fallback_reason=record.get("fallback_reason"), items_seen=record["items_seen"],
            items_kept=record["items_kept"], skipped_prices=record["skipped_prices"],
            unresolved_references=record["unresolved_references"],
            remote_references=record["remote_references"], json_bytes=record["json_bytes"],
            size=record["size"], sha256=record["sha256"],
            remote_fetched=record.get("remote_fetched", 0), notes=tuple(record.get("notes", ())),
            bad_codes=record.get("bad_codes", 0))

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
            "listed_by": list(task.listed_by) if task else [],
            "plans": list(task.plans) if task else [],
        }
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
        target = self._partition(record)
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:
            pa.parquet.write_table(table, tmp, compression="zstd")
        self.files_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.files_dir / f"{record['id']}.json",
                     json.dumps(record, indent=1, default=str))
        return target

    def size_bytes(self) -> int:
        """Disk used by the store [bytes]."""
        return sum(os.path.getsize(p) for p in self.root.rglob("*") if p.is_file())
