"""Rebuild the TiC test fixtures from the read-only reference data in ../shared/data/tic.

    python tests/data/tic/make_fixtures.py [SHARED_TIC_DIR]

What it does (see PROVENANCE.md beside this script):
- copies the CMS example files and Evry Health's January 2025 therapy subset byte for byte,
  except that every ``description`` value is replaced: those are CPT descriptors (AMA-copyrighted
  text), which the project must not ship;
- cuts a real-data subset out of Evry Health's complete June 2025 file: its header and the
  ``in_network`` items of the therapy codes plus three others, as the original bytes (numbers keep
  their published form, e.g. ``264.90``), gzip-compressed.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[3] / "shared" / "data" / "tic"
DESCRIPTION = re.compile(rb'("description"\s*:\s*)"(?:[^"\\]|\\.)*"')
REDACTED = rb'\1"[descriptor removed]"'
JUNE_FILE = "evry-2025-06-23-in-network-rates.json.gz"
JUNE_SUBSET = "evry-2025-06-23-in-network-rates.THERAPY_SUBSET.json.gz"
EXTRA_CODES = {"99213", "10005", "G0283"}  # an E/M visit, the file's first item, Medicare's 97014


def redact(data: bytes) -> bytes:
    return DESCRIPTION.sub(REDACTED, data)


def wanted(code: str) -> bool:
    return code.startswith("97") or code in EXTRA_CODES


def june_subset(source: Path) -> bytes:
    data = gzip.decompress(source.read_bytes())
    starts = [m.start() for m in re.finditer(rb'\{"negotiation_arrangement"', data)]
    if not data.endswith(b"]}"):
        raise SystemExit(f"{source}: unexpected ending {data[-20:]!r}")
    ends = [s - 1 for s in starts[1:]] + [len(data) - 2]  # drop the comma / the closing "]}"
    keep = []
    for start, end in zip(starts, ends, strict=True):
        item = orjson.loads(data[start:end])  # proves the cut is exactly one item
        if wanted(str(item["billing_code"])):
            keep.append(redact(data[start:end]))
    return data[: starts[0]] + b",".join(keep) + b"]}"


def main(shared: Path) -> None:
    out = HERE / "cms_examples"
    out.mkdir(exist_ok=True)
    for path in sorted((shared / "cms_examples").glob("*.json")):
        (out / path.name).write_bytes(redact(path.read_bytes()))
    evry = HERE / "evry_health"
    evry.mkdir(exist_ok=True)
    for path in sorted((shared / "evry_health").glob("*PT_SUBSET.json")):
        (evry / path.name).write_bytes(redact(path.read_bytes()))
    subset = june_subset(shared / "evry_health" / JUNE_FILE)
    (evry / JUNE_SUBSET).write_bytes(gzip.compress(subset, compresslevel=9, mtime=0))
    print(f"wrote fixtures under {HERE}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED)
