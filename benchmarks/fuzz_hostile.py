"""Long fuzz run for releases (issue 12): mutated 835s, TiC files and workbooks, for minutes.

    python benchmarks/fuzz_hostile.py [--minutes 10] [--seed 1] [--kinds 835,tic,xlsx,parts]

The test suite's fuzz tests (``tests/*/test_fuzz.py``) run a bounded number of hypothesis
examples in CI; this script runs the same kinds of mutations (byte flips, cuts, repeated pieces,
separators and structure, amounts past Decimal's precision, bytes that are not UTF-8; and, kind
``parts``, a workbook's XML parts changed as XML and zipped again, :func:`mutate_parts`) for as long
as asked, through the ``ratecalc`` command in this process. It prints how many inputs each exit
code got and, for every exit code 4 (the guard catching a defect), the input kept in
``--keep DIR`` and the traceback. Exit status 1 when any input hit the guard.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ratecalc_cli.main import main as ratecalc

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
TOKENS = [b"*", b"~", b":", b"^", b"\n", b"ISA", b"ST*835*", b"SE*", b"CLP*", b"SVC*HC:",
          b"CAS*", b"PLB*", b"1E30", b"-1E30", b"NaN", b"1e-99", b"-", b"=HYPERLINK(1)", b"\xff",
          b"\x00", b"\x01", b"{", b"}", b"[", b"]", b'"', b",", b'"negotiated_rates":',
          b'"billing_code":', b"null", b"true", b"1.5", b"9" * 40, b"[" * 200]


def mutate(rng: random.Random, data: bytes, steps: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, steps)):
        if not out:
            break
        at = rng.randrange(len(out))
        kind = rng.choice(("flip", "cut", "repeat", "insert", "truncate"))
        if kind == "flip":
            out[at] = rng.randrange(256)
        elif kind == "cut":
            del out[at:at + rng.randint(1, 64)]
        elif kind == "repeat":
            out[at:at] = out[at:at + rng.randint(1, 200)] * rng.randint(1, 20)
        elif kind == "insert":
            out[at:at] = rng.choice(TOKENS)
        else:
            del out[at:]
    return bytes(out)


#: Attribute values and texts put into a workbook's XML parts by the "parts" kind: references
#: past the sheet or reversed, no number, formula text, far dates.
PART_VALUES = ["A1:XFE9", "ZZZZ6", "A0", "A1048577", "B2:A1", "A:A", "1:1", "-1", "99999999",
               "1e308", "NaN", "", "d", "s", "b", "e", "str", "inlineStr", "#REF!", "Sheet9!A1",
               "=1+1", "\uff1d1+1", "-45000", "2958466", "2026-02-30", "x" * 40000]


def mutate_parts(rng: random.Random, data: bytes) -> bytes:
    """``data``, an .xlsx, with one XML part changed as XML (an attribute's value or an
    element's text replaced, an attribute or element dropped or an element repeated) and the
    package zipped again: its CRCs hold, so the package check and the readers see the XML,
    where a byte flip is mostly refused as a damaged zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as original:
        parts = [n for n in original.namelist() if n.endswith((".xml", ".rels"))]
        chosen = rng.choice(parts)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for name in original.namelist():
                body = original.read(name)
                if name == chosen:
                    body = _mutate_xml(rng, body.decode("utf-8")).encode("utf-8")
                copy.writestr(name, body)
    return out.getvalue()


def _mutate_xml(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("attribute", "attribute", "text", "drop attribute", "drop", "repeat"))
        value = rng.choice(PART_VALUES).replace("&", "&amp;").replace('"', "&quot;")
        if kind in ("attribute", "drop attribute"):
            found = list(re.finditer(r'\s[\w:]+="([^"]*)"', text))
            if found:
                at = rng.choice(found)
                text = (text[:at.start(1)] + value + text[at.end(1):] if kind == "attribute"
                        else text[:at.start()] + text[at.end():])
        elif kind == "text":
            found = list(re.finditer(r">([^<]+)<", text))
            if found:
                at = rng.choice(found)
                text = text[:at.start(1)] + value.replace("<", "&lt;") + text[at.end(1):]
        else:
            found = list(re.finditer(r"<(\w[\w:]*)\b[^<>]*?(/>|>[^<]*</\1>)", text))
            if found:
                at = rng.choice(found)
                text = (text[:at.start()] + text[at.end():] if kind == "drop"
                        else text[:at.end()] + at.group(0) + text[at.end():])
    return text


def run(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = ratecalc(argv)
        except SystemExit as exc:
            code = int(exc.code or 0)
    text = err.getvalue()
    found = re.search(r"details are in (\S+\.log)", text)
    if code == 4 and found:
        text += Path(found.group(1)).read_text(encoding="utf-8")
    return code, text


def samples(kind: str) -> list[Path]:
    if kind == "835":
        return sorted(p for p in (DATA / "x12_835").rglob("*")
                      if p.suffix in (".835", ".txt") and p.stem not in ("LICENSE", "PROVENANCE"))
    if kind == "tic":
        return sorted((DATA / "tic" / "cms_examples").glob("in-network-*.json")) + sorted(
            (DATA / "tic" / "evry_health").glob("*.json*"))
    return []


def xlsx_sample(folder: Path) -> Path:
    from ratecalc.demo import demo_data
    from ratecalc_workbook.builder import new_workbook

    return new_workbook(folder / "demo.xlsx", demo_data())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default="835,tic,xlsx,parts")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"),
                        help="folder for inputs that hit the guard")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = args.kinds.split(",")
    counts: dict[str, collections.Counter[int]] = {k: collections.Counter() for k in kinds}
    failures = 0
    deadline = time.monotonic() + args.minutes * 60
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        originals = {k: [p.read_bytes() for p in samples(k)] for k in kinds if k != "xlsx"}
        if "xlsx" in kinds or "parts" in kinds:
            originals["xlsx"] = originals["parts"] = [xlsx_sample(folder).read_bytes()]
        n = 0
        while time.monotonic() < deadline:
            kind = kinds[n % len(kinds)]
            n += 1
            data = (mutate_parts(rng, originals[kind][0]) if kind == "parts" else
                    mutate(rng, rng.choice(originals[kind]), 2 if kind == "xlsx" else 6))
            if kind == "835":
                path = folder / "m.835"
                argv = ["import", "remittances", str(path), "--out", str(folder / "o.csv")]
            elif kind == "tic":
                path = folder / "m.json"
                argv = ["import", "market-rates", str(path), "--out", str(folder / "o.csv"),
                        "--quiet"]
            elif kind == "parts":  # a reader, then the commands that save
                path = folder / "m.xlsx"
                argv = rng.choice((["analyze", str(path), "--out", str(folder / "out")],
                                   ["refresh", str(path)], ["workbook", "upgrade", str(path)]))
            else:
                path = folder / "m.xlsx"
                argv = ["refresh", str(path)]
            path.write_bytes(data)
            code, err = run(argv)
            counts[kind][code] += 1
            if code == 4:
                failures += 1
                args.keep.mkdir(exist_ok=True)
                kept = args.keep / f"{kind}-{n}{path.suffix}"
                shutil.copyfile(path, kept)
                print(f"exit 4 on {kept}:\n{err}", file=sys.stderr)
    for kind, counter in counts.items():
        shown = ", ".join(f"exit {c}: {k:,}" for c, k in sorted(counter.items()))
        print(f"{kind}: {sum(counter.values()):,} inputs ({shown})")
    print("no input reached the guard" if not failures else f"{failures} input(s) hit exit 4")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
