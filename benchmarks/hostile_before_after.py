"""Issue 12's ten observations, reproduced through the ``ratecalc`` command of each checkout.

    python benchmarks/hostile_before_after.py --tree /path/to/old --tree . [--only 1,3,8]
        [--timeout 180] [--memory-gb 1] [--keep DIR]

Each ``--tree`` is a checkout with its own ``.venv/bin/ratecalc``. For every observation and
tree the reproduction runs in a fresh scratch folder, as a child process under an address-space
limit (``RLIMIT_AS``, ``--memory-gb``) and a timeout, so that the old code's deep-nesting bug
(24 GB before the kernel killed it) cannot take the machine. The inputs are built here (a demo
workbook made by the tree itself, with hostile text typed into its input cells; small 835 and
TiC files; a letterhead with external links), never copied from user data.

Prints a table observation x tree: ``held`` or ``FAILED`` with a one-line reason (``n/a`` when a
reproduction cannot run there, e.g. an option the tree does not have), and for each observation
the pytest tests that cover it. Exit status 1 when any observation failed on the last tree.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

W = "tests/workbook/test_hostile_workbook.py::"
T = "tests/ratecalc/market_rates/test_limits.py::"
L = "tests/letter/test_template_safety.py::"
H = "tests/cli/test_hostile_arguments.py::"
#: The pytest tests on main that cover each observation (``tests/`` paths).
COVERED_BY: dict[int, list[str]] = {
    1: [W + "test_new_and_refreshed_workbook_hold_no_data_formula",
        W + "test_text_typed_in_excel_stays_text_after_refresh",
        W + "test_835_payer_name_goes_to_fee_schedules_as_text",
        W + "test_fee_schedule_import_for_a_hostile_payer"],
    2: ["tests/cli/test_hostile_outputs.py::test_analyze_out_writes_no_live_cell",
        "tests/cli/test_hostile_outputs.py::test_import_remittances_out_writes_no_live_cell",
        "tests/cli/test_hostile_outputs.py::test_import_market_rates_out_writes_no_live_cell",
        "tests/cli/test_hostile_outputs.py::test_timeline_ics_neutralizes_the_payer"],
    3: [T + "test_deep_nesting_is_one_clear_error_from_both_paths",
        T + "test_deep_file_is_refused_under_the_memory_limit",
        T + "test_memory_stays_under_the_promise"],
    4: [T + "test_negotiated_rates_of_the_wrong_kind",
        T + "test_bad_bytes_in_keys_get_one_verdict",
        H + "test_an_835_amount_past_decimal_precision",
        H + "test_out_of_range_arguments_are_refused",
        H + "test_a_date_the_calendar_cannot_hold_is_refused_in_the_core",
        W + "test_refresh_after_a_result_sheet_was_renamed",
        W + "test_unwritable_folder_or_immutable_file_is_a_message",
        H + "test_unexpected_exception_is_exit_4_with_a_log",
        H + "test_no_traceback_in_a_real_process",
        "tests/ratecalc/remittance/test_fuzz.py, tests/ratecalc/market_rates/test_fuzz.py"],
    5: [W + "test_backups_of_a_similar_name_are_not_touched",
        W + "test_the_backup_just_made_is_never_pruned",
        W + "test_same_second_backups_do_not_collide",
        W + "test_left_over_temporary_files_are_cleaned_up"],
    6: [W + "test_letter_out_cannot_name_its_workbook",
        W + "test_read_only_workbook_is_refused",
        H + "test_outputs_never_name_an_input",
        H + "test_market_rates_out_never_names_its_file"],
    7: [L + "test_a_letter_keeps_none_of_the_templates_external_links",
        L + "test_the_cli_prints_the_dropped_links"],
    8: [H + "test_out_of_range_arguments_are_refused",
        T + "test_billing_code_that_is_not_a_code_is_refused",
        H + "test_json_never_prints_nat",
        H + "test_an_empty_835_is_an_error",
        "tests/ratecalc/remittance/test_malformed.py::test_empty_file_is_an_error"],
    9: ["benchmarks/bench_remittance_scale.py (timings never go in pass/fail tests)"],
    10: [W + "test_new_and_refreshed_workbooks_keep_usual_permissions"],
}

TITLES = {
    1: "formula injection into the workbook", 2: "CSV / .ics injection",
    3: "deep TiC nesting: bounded memory", 4: "tracebacks (exit 1 or worse)",
    5: "backups lost, temporaries left", 6: "inputs overwritten",
    7: "hostile letter template", 8: "unbounded arguments", 9: "835 scale",
    10: "workbook permissions",
}

INJECTION = "=cmd|' /C calc'!A0"
HYPERLINK = '=HYPERLINK("http://example.invalid/x","Click")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TIC_HEAD = ('{"reporting_entity_name":"x","reporting_entity_type":"x",'
            '"last_updated_on":"2025-01-01","version":"1.0.0","in_network":[')
GOOD_835 = ("ST*835*1~BPR*I*80*C*ACH************20251101~TRN*1*CHK1*1~N1*PR*{payer}~"
            "N1*PE*Clinic*XX*1234567893~CLP*{claim}*1*100*80~SVC*HC:97110:GP*100*80**1~"
            "DTM*472*20251001~CAS*CO*45*20~SE*10*1~")
INPUT_SHEETS = ("Clinic", "Payers & Contracts", "Fee Schedules", "Volumes", "Benchmarks",
                "Negotiation Log")


@dataclass
class Run:
    code: int | None  # None: killed (timeout or signal)
    out: str
    err: str
    seconds: float
    rss_mb: float
    note: str = ""

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.err or self.code == 4

    def why(self) -> str:
        if self.note:
            return self.note
        last = [line for line in self.err.strip().splitlines() if line.strip()]
        return f"exit {self.code}: {last[-1][:110] if last else '(no message)'}"


@dataclass
class Tree:
    path: Path
    scratch: Path
    timeout: float
    memory: int
    _workbook: Path | None = None

    @property
    def ratecalc(self) -> str:
        return str(self.path / ".venv" / "bin" / "ratecalc")

    def run(self, *argv: str, cwd: Path, timeout: float | None = None,
            memory: int | None = None, kill_when: Callable[[], bool] | None = None,
            program: list[str] | None = None) -> Run:
        """``ratecalc ARGV`` (or ``PROGRAM ARGV``) in ``cwd`` under the limits; ``kill_when`` is
        polled and the process killed with SIGKILL once it returns True.

        The peak memory is the child's own ``VmHWM``, sampled while it runs: ``ru_maxrss``
        would include this process's memory, which a fork carries over the exec."""
        limit = memory or self.memory

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            os.setsid()

        start = time.perf_counter()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen([*(program or [self.ratecalc]), *argv], cwd=cwd,
                                       stdout=out, stderr=err, preexec_fn=limits)
            deadline = start + (timeout or self.timeout)
            note = ""
            peak_kb = 0
            while True:
                peak_kb = max(peak_kb, _hwm_kb(process.pid))
                pid, status, _ = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                if kill_when is not None and kill_when():
                    os.killpg(process.pid, signal.SIGKILL)
                    note = "killed on purpose"
                elif time.perf_counter() > deadline:
                    os.killpg(process.pid, signal.SIGKILL)
                    note = f"killed after the {timeout or self.timeout:.0f} s timeout"
                time.sleep(0.005 if kill_when else 0.05)
            process.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - start
            out.seek(0)
            err.seek(0)
            code = process.returncode if process.returncode >= 0 else None
            if code is None and not note:
                note = f"killed by signal {-process.returncode}"
            return Run(code, out.read().decode(errors="replace"),
                       err.read().decode(errors="replace"), seconds, peak_kb / 1024, note)

    def folder(self, name: str) -> Path:
        path = self.scratch / name
        path.mkdir(parents=True)
        return path

    def workbook(self, folder: Path, name: str = "clinic.xlsx") -> Path:
        """A copy of the demo workbook this tree makes (made once per tree)."""
        if self._workbook is None:
            base = self.folder("base")
            made = self.run("workbook", "new", "demo.xlsx", "--demo", cwd=base, timeout=600,
                            memory=4 << 30)
            if made.code != 0:
                raise RuntimeError(f"{self.path}: workbook new --demo failed: {made.why()}")
            self._workbook = base / "demo.xlsx"
        target = folder / name
        shutil.copyfile(self._workbook, target)
        return target


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")),
                        0)
    except OSError:
        return 0


#: Runs the tree's command in its own Python and prints the process's own peak memory.
PEAK_PROBE = """
import contextlib, io, sys
from ratecalc_cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
hwm = next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(f"{code} {hwm}")
"""


Verdict = tuple[str, str]  # ("held" | "FAILED" | "n/a", reason)


def held(reason: str) -> Verdict:
    return "held", reason


def failed(reason: str) -> Verdict:
    return "FAILED", reason


def first_failure(checks: list[tuple[str, Verdict]]) -> Verdict:
    bad = [f"{name}: {why}" for name, (state, why) in checks if state == "FAILED"]
    if bad:
        return failed(f"{len(bad)}/{len(checks)} failed; " + "; ".join(bad))
    na = [name for name, (state, _) in checks if state == "n/a"]
    return held(f"all {len(checks) - len(na)} cases" + (f" (n/a: {', '.join(na)})" if na else ""))


# --- workbook helpers (openpyxl, in this process) ------------------------------------------------

def type_hostile_text(path: Path, old: str, new: str) -> int:
    """Replace the text ``old`` by ``new`` in the input sheets, as Excel stores typed text."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    count = 0
    for name in INPUT_SHEETS:
        if name not in wb.sheetnames:
            continue
        for row in wb[name].iter_rows():
            for cell in row:
                if cell.value == old:
                    cell.value = new
                    cell.data_type = "s"
                    count += 1
    wb.save(path)
    return count


def formulas_with(path: Path, markers: tuple[str, ...]) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.data_type == "f" and any(m in str(c.value) for m in markers)]


def text_with(path: Path, marker: str) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return sum(isinstance(c.value, str) and marker in c.value and c.data_type == "s"
               for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def first_payer(path: Path, row: int = 5) -> str:
    from openpyxl import load_workbook

    return str(load_workbook(path, read_only=True)["Payers & Contracts"].cell(row, 1).value)


def unsafe_csv(path: Path) -> list[str]:
    def number(text: str) -> bool:
        try:
            float(text)
        except ValueError:
            return False
        return text.strip() == text and not re.search("[a-zA-Z]", text)

    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        return [c for row in csv.reader(handle) for c in row
                if c.startswith(TRIGGERS) and not number(c)]


def tic_file(path: Path, *items: str, entity: str = "x") -> Path:
    head = TIC_HEAD.replace('"reporting_entity_name":"x"',
                            f'"reporting_entity_name":{json.dumps(entity)}')
    path.write_bytes((head + ",".join(items) + "]}").encode("utf-8", "surrogateescape"))
    return path


def tic_item(code: str = '"97110"', rates: str | None = None, name: str = "PT") -> str:
    price = ('{"negotiated_type":"negotiated","negotiated_rate":50.0,'
             '"expiration_date":"9999-12-31","billing_class":"professional"}')
    group = '{"npi":[1234567893],"tin":{"type":"ein","value":"12-3456789"}}'
    rates = rates if rates is not None else (
        '[{"provider_groups":[' + group + '],"negotiated_prices":[' + price + ']}]')
    return ('{"negotiation_arrangement":"ffs","name":' + json.dumps(name) + ','
            '"billing_code_type":"CPT","billing_code":' + code + ',"negotiated_rates":'
            + rates + '}')


def deep_item(levels: int) -> str:
    rate = '{"negotiated_rate":' * levels + "1.0" + "}" * levels
    return ('{"negotiation_arrangement":"ffs","billing_code":"97110","negotiated_rates":'
            '[{"provider_groups":[],"negotiated_prices":[{"negotiated_type":"negotiated",'
            '"negotiated_rate":' + rate + "}]}]}")


def clean_exit(run: Run, codes: tuple[int, ...] = (1, 2, 3)) -> Verdict:
    """A refusal in words: one of ``codes``, no traceback, not the guard."""
    if run.traceback:
        return failed(f"traceback / guard ({run.why()})")
    if run.code is None:
        return failed(run.why())
    if run.code in codes:
        return held(run.why())
    return failed(f"exit {run.code}, expected a refusal ({run.why()})")


# --- the observations ----------------------------------------------------------------------------

def obs1(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("1-workbook")
    wb = tree.workbook(folder)
    payer = first_payer(wb, 6)
    typed = type_hostile_text(wb, payer, INJECTION)
    run = tree.run("refresh", str(wb), cwd=folder)
    found = formulas_with(wb, ("cmd|",))
    if run.code not in (0, 1) or run.traceback:
        checks.append(("input cells + refresh", failed(run.why())))
    elif found:
        checks.append(("input cells + refresh",
                       failed(f"{len(found)} live formulas from {typed} typed cells, "
                              f"e.g. {found[0]}")))
    elif not text_with(wb, "cmd|"):
        checks.append(("input cells + refresh", ("n/a", "the text did not arrive")))
    else:
        checks.append(("input cells + refresh", held(f"{text_with(wb, 'cmd|')} text cells")))

    folder = tree.folder("1-835")
    for label, payer_in_file, extra in (
            ("835 payer name", HYPERLINK, []),
            ("--payer", "Acme", ["--payer", HYPERLINK])):
        wb = tree.workbook(folder, f"{label[:5].strip('-')}.xlsx")
        source = folder / f"{label[:5].strip('-')}.835"
        source.write_text(GOOD_835.format(payer=payer_in_file, claim="A1"))
        run = tree.run("import", "remittances", str(source), "--workbook", str(wb),
                       *extra, *(["--new-payer"] if "--new-payer" in tree_help(tree) else []),
                       cwd=folder)
        found = formulas_with(wb, ("HYPERLINK",))
        if run.traceback:
            checks.append((label, failed(run.why())))
        elif found:
            checks.append((label, failed(f"live formula {found[0]}")))
        elif text_with(wb, "HYPERLINK"):
            checks.append((label, held("written as text")))
        else:
            checks.append((label, held(f"not written as a formula ({run.why()})")))
    return first_failure(checks)


_HELP: dict[str, str] = {}


def tree_help(tree: Tree) -> str:
    key = str(tree.path)
    if key not in _HELP:
        _HELP[key] = tree.run("import", "remittances", "--help", cwd=tree.scratch).out
    return _HELP[key]


def obs2(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("2-csv")
    source = folder / "hostile.835"
    source.write_text(GOOD_835.format(payer=HYPERLINK, claim="@SUM(1+1)"))
    run = tree.run("import", "remittances", str(source), "--out", str(folder / "lines.csv"),
                   cwd=folder)
    cells = [c for p in folder.glob("lines*.csv") for c in unsafe_csv(p)]
    checks.append(("import remittances --out",
                   failed(f"{len(cells)} cells like {cells[0]!r}") if cells else
                   held("quoted") if run.code in (0, 1) else failed(run.why())))

    wb = tree.workbook(folder)
    type_hostile_text(wb, first_payer(wb, 6), INJECTION)
    out = folder / "analysis"
    run = tree.run("analyze", str(wb), "--out", str(out), cwd=folder)
    cells = [c for p in out.glob("*.csv") for c in unsafe_csv(p)] if out.is_dir() else []
    checks.append(("analyze --out", failed(f"{len(cells)} cells like {cells[0]!r}") if cells else
                   held(f"{len(list(out.glob('*.csv')))} CSV files quoted") if out.is_dir()
                   else failed(run.why())))

    ics = folder / "renewals.ics"
    run = tree.run("timeline", "--data", str(wb), "--ics", str(ics), "--as-of", "2026-01-15",
                   cwd=folder)
    if not ics.exists():
        checks.append(("timeline --ics", failed(run.why())))
    else:
        text = ics.read_text(errors="replace").replace("\r\n ", "")
        bad = [line for line in text.splitlines()
               if line.split(":", 1)[0].split(";")[0] in ("SUMMARY", "DESCRIPTION",
                                                          "X-WR-CALNAME", "LOCATION")
               and line.split(":", 1)[-1].startswith(TRIGGERS)]
        checks.append(("timeline --ics", failed(f"{bad[0][:60]!r}") if bad else held("quoted")))

    tic = tic_file(folder / "rates.json", tic_item(code=json.dumps(INJECTION), name=HYPERLINK),
                   entity=HYPERLINK)
    run = tree.run("import", "market-rates", str(tic), "--out", str(folder / "rates.csv"),
                   cwd=folder)
    cells = unsafe_csv(folder / "rates.csv") if (folder / "rates.csv").exists() else None
    checks.append(("import market-rates --out",
                   failed(run.why()) if cells is None else
                   failed(f"{len(cells)} cells like {cells[0]!r}") if cells else held("quoted")))
    return first_failure(checks)


def obs3(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("3-deep")
    for levels in (1_000, 100_000):
        path = tic_file(folder / f"deep{levels}.json", deep_item(levels))
        run = tree.run("import", "market-rates", str(path), "--codes", "97110", cwd=folder,
                       timeout=min(tree.timeout, 120))
        verdict = clean_exit(run)
        if verdict[0] == "held":
            verdict = (held(f"refused: {run.err[run.err.find('nests'):][:60]!r}")
                       if "nests deeper" in run.err
                       else failed(f"refused, but not for its nesting: {run.why()}"))
        checks.append((f"depth {levels:,} ({run.rss_mb:.0f} MB peak)", verdict))
    return first_failure(checks)


def obs4(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("4-traceback")
    cases = {
        "TiC negotiated_rates 1.5": tic_file(folder / "rates15.json", tic_item(rates="1.5")),
        "TiC key with 0xFF": tic_file(folder / "ff.json",
                                      tic_item().replace('"name"', '"na\udcffme"')),
        "TiC key with a control char": tic_file(folder / "ctl.json",
                                                tic_item().replace('"name"', '"na\x01me"')),
    }
    for label, path in cases.items():
        run = tree.run("import", "market-rates", str(path), "--codes", "97110", cwd=folder)
        checks.append((label, held(run.why()) if not run.traceback and run.code is not None
                       else failed(run.why())))
    source = folder / "big.835"
    source.write_text("ST*835*1~BPR*I*80*C~N1*PR*ACME~CLP*A1*1*1E30*80~SE*5*1~")
    run = tree.run("import", "remittances", str(source), cwd=folder)
    checks.append(("835 CLP*A1*1*1E30*80", held(run.why()) if not run.traceback
                   and run.code is not None else failed(run.why())))
    for label, argv in (
            ("timeline --end 9999-12-31", ["timeline", "--end", "9999-12-31"]),
            ("--notice-days 1e9", ["timeline", "--end", "2027-06-30",
                                   "--notice-days", "1000000000"]),
            ("--lead-months 1e9", ["timeline", "--end", "2027-06-30",
                                   "--lead-months", "1000000000"])):
        checks.append((label, clean_exit(tree.run(*argv, cwd=folder))))
    wb = tree.workbook(folder)
    from openpyxl import load_workbook

    book = load_workbook(wb)
    book["Comparison"].title = "My comparison"
    book.save(wb)
    run = tree.run("refresh", str(wb), cwd=folder)
    checks.append(("refresh after renaming Comparison",
                   held(run.why()) if run.code in (0, 1) and not run.traceback
                   else failed(run.why())))
    for label, locked in (("refresh, immutable folder", "folder"),
                          ("refresh, immutable file", "file")):
        sub = tree.folder(f"4-{locked}")
        wb = tree.workbook(sub)
        target = sub if locked == "folder" else wb
        if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
            checks.append((label, ("n/a", "chattr +i not allowed here")))
            continue
        try:
            run = tree.run("refresh", str(wb), cwd=folder)
        finally:
            subprocess.run(["chattr", "-i", str(target)], capture_output=True)
        checks.append((label, clean_exit(run)))
    return first_failure(checks)


BACKUP_NAME = re.compile(r"clinic \d{4}-\d\d-\d\d \d{6}( \(\d+\))?\.xlsx")


def obs5(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("5-backups")
    wb = tree.workbook(folder)
    other = tree.workbook(folder, "clinic 2025.xlsx")
    backups = folder / "RateCalc backups"
    backups.mkdir(exist_ok=True)
    theirs = []
    for day in range(1, 21):  # the other workbook's 20 backups, made recently
        path = backups / f"clinic 2025 2026-11-{day:02d} 120000.xlsx"
        shutil.copyfile(other, path)
        theirs.append(path)
    old = time.time() - 400 * 86400  # the workbook was last saved a year ago
    os.utime(wb, (old, old))
    run = tree.run("refresh", str(wb), cwd=folder)
    mine = [p for p in backups.iterdir() if BACKUP_NAME.fullmatch(p.name)]
    lost = [p for p in theirs if not p.exists()]
    if run.code not in (0, 1) or run.traceback:
        checks.append(("refresh", failed(run.why())))
    checks.append(("its own backup", held(mine[0].name) if mine else
                   failed("the backup just made was pruned")))
    checks.append(("'clinic 2025' backups", failed(f"{len(lost)} of 20 deleted") if lost
                   else held("20 of 20 kept")))

    # A save killed half-way leaves its temporary file; the next run must clean it up.
    def hidden() -> list[Path]:
        return [p for p in folder.iterdir() if p.name.startswith(".") and p.is_file()]

    run = tree.run("refresh", str(wb), cwd=folder, kill_when=lambda: bool(hidden()))
    left = hidden()
    if not left:
        checks.append(("killed save's temporary", ("n/a", "the kill missed the save "
                                                   f"({run.why()})")))
    else:
        for path in left:  # as if the kill was long ago
            os.utime(path, (old, old))
        run = tree.run("refresh", str(wb), cwd=folder)
        still = [p.name for p in left if p.exists()]
        checks.append(("killed save's temporary",
                       failed(f"{still[0]} still there after the next refresh") if still
                       else held(f"{left[0].name} removed by the next refresh")))
    return first_failure(checks)


def obs6(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("6-overwrite")
    wb = tree.workbook(folder)
    before = wb.read_bytes()
    run = tree.run("letter", str(wb), "--payer", first_payer(wb), "--out", str(wb), cwd=folder)
    checks.append(("letter WB --out WB", failed(f"workbook replaced ({run.why()})")
                   if wb.read_bytes() != before else clean_exit(run)))
    source = folder / "my.835"
    source.write_text(GOOD_835.format(payer="ACME", claim="A1"))
    text = source.read_bytes()
    run = tree.run("import", "remittances", str(source), "--out", str(source), cwd=folder)
    checks.append(("import remittances X --out X", failed("the 835 was overwritten")
                   if source.read_bytes() != text else clean_exit(run)))
    tic = tic_file(folder / "f.json", tic_item())
    text = tic.read_bytes()
    run = tree.run("import", "market-rates", str(tic), "--codes", "97110", "--out", str(tic),
                   cwd=folder)
    checks.append(("import market-rates X --out X", failed("the TiC file was overwritten")
                   if tic.read_bytes() != text else clean_exit(run)))
    wb = tree.workbook(folder, "read-only.xlsx")
    before = wb.read_bytes()
    wb.chmod(0o444)
    run = tree.run("refresh", str(wb), cwd=folder)
    after = wb.read_bytes()
    mode = wb.stat().st_mode & 0o777
    checks.append(("refresh of a chmod 444 workbook",
                   failed(f"silently replaced (mode now {mode:o})")
                   if after != before and run.code == 0 else clean_exit(run)))
    return first_failure(checks)


def hostile_template(path: Path, tree: Tree) -> bool:
    """A letterhead with an attached template on file://, a linked remote picture and an OLE
    link, built from the tree's own default template (python-docx, in this process)."""
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls
    except ImportError:
        return False
    template = tree.path / "letter" / "resources" / "default_template.docx"
    doc = docx.Document(str(template)) if template.exists() else docx.Document()
    rels = doc.part._settings_part.rels  # noqa: SLF001 (python-docx has no public API here)
    rid = rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        "file:///C:/Users/Public/evil/Normal.dotm")
    doc.settings.element.insert(0, parse_xml(
        f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{rid}"/>'))
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    pixel = header.part.rels.get_or_add_ext_rel(RT.IMAGE, "http://tracker.example/pixel.png")
    ole = header.part.rels.get_or_add_ext_rel(RT.OLE_OBJECT, "file:///\\\\server\\share\\x.xlsx")
    vml = ('xmlns:v="urn:schemas-microsoft-com:vml" '
           'xmlns:o="urn:schemas-microsoft-com:office:office"')
    paragraph._p.append(parse_xml(  # noqa: SLF001
        f'<w:r {nsdecls("w", "r")} {vml}><w:pict><v:shape id="p1" style="width:10pt;'
        f'height:10pt"><v:imagedata r:id="{pixel}"/></v:shape></w:pict></w:r>'))
    paragraph._p.append(parse_xml(  # noqa: SLF001
        f'<w:r {nsdecls("w", "r")} {vml}><w:object><v:shape id="s1" style="width:10pt;'
        f'height:10pt"/><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="s1" '
        f'DrawAspect="Content" r:id="{ole}" UpdateMode="Always"/></w:object></w:r>'))
    doc.save(str(path))
    return True


def external_targets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        rels = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels")]
    return [t for text in rels
            for t in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', text)]


def obs7(tree: Tree) -> Verdict:
    folder = tree.folder("7-template")
    template = folder / "letterhead.docx"
    if not hostile_template(template, tree):
        return "n/a", "python-docx is not installed for this script"
    carried = external_targets(template)
    wb = tree.workbook(folder)
    out = folder / "letter.docx"
    run = tree.run("letter", str(wb), "--payer", first_payer(wb), "--template", str(template),
                   "--out", str(out), cwd=folder)
    if run.traceback:
        return failed(run.why())
    if not out.exists():
        return clean_exit(run)  # refusing the template is allowed too
    kept = external_targets(out)
    if kept:
        return failed(f"the letter keeps {len(kept)} of the template's {len(carried)} external "
                      f"targets: {', '.join(t[:30] for t in kept)}")
    return held(f"0 of {len(carried)} external targets kept")


def obs8(tree: Tree) -> Verdict:
    checks: list[tuple[str, Verdict]] = []
    folder = tree.folder("8-arguments")
    base = ["scenario", "--units", "100", "--medicare", "100", "--fixed", "95",
            "--pct-of-medicare", "1.1", "--years", "3", "--cf-change", "0.01",
            "--escalator", "0.02"]

    def scenario(**change: str) -> list[str]:
        argv = list(base)
        for key, value in change.items():
            argv[argv.index("--" + key.replace("_", "-")) + 1] = value
        return [*argv, "--json"]

    run = tree.run(*scenario(years="1000000"), cwd=folder, timeout=60)
    checks.append(("--years 1000000", clean_exit(run) if run.code is not None
                   else failed(f"{run.why()} at {run.rss_mb:.0f} MB")))
    run = tree.run(*scenario(pct_of_medicare="50"), cwd=folder, timeout=60)
    checks.append(("--pct-of-medicare 50", clean_exit(run) if run.code
                   else failed("taken as 5000% of Medicare")))
    run = tree.run(*scenario(medicare="1e308"), cwd=folder, timeout=60)
    bad = re.search(r"\b(inf|Infinity|nan|NaN)\b", run.out, re.IGNORECASE)
    checks.append(("--medicare 1e308", failed(f"figures {bad.group(0)}") if bad and run.code == 0
                   else clean_exit(run) if run.code else held("finite figures")))
    for label, code in (("billing_code list", '["97110"]'), ("billing_code object",
                                                              '{"a":"97110"}'),
                        ("billing_code true", "true")):
        tic = tic_file(folder / "code.json", tic_item(code=code))
        run = tree.run("import", "market-rates", str(tic), "--json", cwd=folder)
        taken = "['97110']" in run.out or "True" in run.out or "{'a'" in run.out
        checks.append((label, failed("became a code") if taken else
                       failed(run.why()) if run.traceback else held(run.why())))
    source = folder / "nodate.835"
    source.write_text(GOOD_835.format(payer="ACME", claim="A1").replace(
        "************20251101", "").replace("DTM*472*20251001~", "").replace("SE*10", "SE*9"))
    run = tree.run("import", "remittances", str(source), "--json", cwd=folder)
    checks.append(("JSON for missing dates", failed('prints "NaT"') if "NaT" in run.out
                   else failed(run.why()) if run.traceback else held("no NaT")))
    empty = folder / "empty.835"
    empty.write_text("")
    run = tree.run("import", "remittances", str(empty), cwd=folder)
    checks.append(("empty 835", failed("exit 0") if run.code == 0 else clean_exit(run)))
    return first_failure(checks)


def obs9(tree: Tree) -> Verdict:
    """The issue's observation: the import grows faster than the file. Each shape is read at
    two sizes (4x apart); time or memory per MB growing by more than 2.5x between them fails.
    Memory per MB is printed as a figure (the README states it), not judged here."""
    folder = tree.folder("9-scale")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ratecalc.remittance.synthetic import reversal_pairs_835, synthetic_835

    empty = folder / "empty.835"
    empty.write_text("ST*835*0~BPR*I*0*C~N1*PR*ACME~SE*3*0~")
    python = [str(tree.path / ".venv" / "bin" / "python"), "-c", PEAK_PROBE]

    def measured(path: Path) -> Run:
        run = tree.run("import", "remittances", str(path), "--json", cwd=folder,
                       memory=4 << 30, program=python)
        if run.code == 0 and run.out.split():
            code, hwm = run.out.split()[-2:]
            run.code, run.rss_mb = int(code), int(hwm) / 1024
        return run

    base = measured(empty)
    if base.code not in (0, 1):
        return failed(base.why())
    shapes = (("segments", synthetic_835, (100_000, 400_000)),
              ("reversal pairs", reversal_pairs_835, (2_000, 8_000)))
    notes = []
    for name, make, sizes in shapes:
        runs, mbs = [], []
        for size in sizes:
            path = folder / f"{name[0]}{size}.835"
            path.write_text(make(size))
            mbs.append(path.stat().st_size / 1e6)
            runs.append(measured(path))
            path.unlink()
        if any(r.code not in (0, 1) for r in runs):
            return failed(next(r.why() for r in runs if r.code not in (0, 1)))
        per_s = [max(r.seconds - base.seconds, 0.01) / mb for r, mb in zip(runs, mbs, strict=True)]
        per_m = [max(r.rss_mb - base.rss_mb, 0.0) / mb for r, mb in zip(runs, mbs, strict=True)]
        growth_s, growth_m = per_s[1] / per_s[0], per_m[1] / max(per_m[0], 0.1)
        figures = (f"{name} {sizes[0]:,}/{sizes[1]:,} ({mbs[0]:.1f}/{mbs[1]:.1f} MB): "
                   f"{runs[0].seconds:.1f}/{runs[1].seconds:.1f} s, "
                   f"{runs[0].rss_mb:.0f}/{runs[1].rss_mb:.0f} MB, {per_m[1]:.1f} MB RSS per MB, "
                   f"per-MB growth time x{growth_s:.2f} memory x{growth_m:.2f}")
        # Time per MB moves with the machine's load, so only a clear excess counts.
        if growth_s > 2.5 or growth_m > 2.5:
            return failed("grows faster than the file: " + figures)
        notes.append(figures)
    return held("; ".join(notes))


def obs10(tree: Tree) -> Verdict:
    folder = tree.folder("10-permissions")
    umask = os.umask(0)
    os.umask(umask)
    usual = 0o666 & ~umask
    made = tree.workbook(folder, "made.xlsx")
    assert tree._workbook is not None  # noqa: SLF001
    new_mode = tree._workbook.stat().st_mode & 0o777  # noqa: SLF001 (as `workbook new` made it)
    made.chmod(0o640)
    run = tree.run("refresh", str(made), cwd=folder)
    kept = made.stat().st_mode & 0o777
    checks = [
        ("workbook new", held(f"{new_mode:o}") if new_mode == usual
         else failed(f"mode {new_mode:o}, expected {usual:o}")),
        ("refresh keeps 640", failed(run.why()) if run.code not in (0, 1)
         else held("640 kept") if kept == 0o640 else failed(f"mode now {kept:o}")),
    ]
    return first_failure(checks)


OBSERVATIONS: dict[int, Callable[[Tree], Verdict]] = {
    1: obs1, 2: obs2, 3: obs3, 4: obs4, 5: obs5, 6: obs6, 7: obs7, 8: obs8, 9: obs9, 10: obs10,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", required=True, type=Path,
                        help="a checkout with .venv/bin/ratecalc (repeat: old first)")
    parser.add_argument("--only", help="observations to run, e.g. 1,3,8")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command")
    parser.add_argument("--memory-gb", type=float, default=1.0,
                        help="address-space limit of every command (RLIMIT_AS)")
    parser.add_argument("--keep", type=Path, help="keep the scratch folders here")
    args = parser.parse_args()
    wanted = [int(n) for n in args.only.split(",")] if args.only else list(OBSERVATIONS)
    scratch = Path(tempfile.mkdtemp(prefix="hostile_", dir=args.keep))
    results: dict[tuple[int, int], Verdict] = {}
    trees = []
    for i, path in enumerate(args.tree):
        path = path.resolve()
        if not (path / ".venv" / "bin" / "ratecalc").exists():
            parser.error(f"{path}: no .venv/bin/ratecalc")
        trees.append(Tree(path, scratch / f"tree{i}", args.timeout,
                          int(args.memory_gb * (1 << 30))))
        (scratch / f"tree{i}").mkdir()
    for number in wanted:
        for i, tree in enumerate(trees):
            started = time.perf_counter()
            try:
                results[number, i] = OBSERVATIONS[number](tree)
            except Exception as exc:  # noqa: BLE001 (a broken reproduction is reported, not hidden)
                results[number, i] = ("n/a", f"reproduction error: {type(exc).__name__}: {exc}")
            state, why = results[number, i]
            print(f"[{number:>2} {TITLES[number]} | {tree.path}] {state}: {why} "
                  f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    print(f"\n{'observation':<40}" + "".join(f"{t.path.name:>12}" for t in trees))
    for number in wanted:
        print(f"{number:>2}. {TITLES[number]:<36}"
              + "".join(f"{results[number, i][0]:>12}" for i in range(len(trees))))
    print()
    for number in wanted:
        print(f"{number:>2}. {TITLES[number]}")
        for i, tree in enumerate(trees):
            state, why = results[number, i]
            print(f"    {tree.path.name}: {state}: {why}")
        print("    covered by: " + "; ".join(COVERED_BY[number]))
    if args.keep is None:
        shutil.rmtree(scratch, ignore_errors=True)
    else:
        print(f"\nscratch folders kept in {scratch}")
    last = len(trees) - 1
    return int(any(results[n, last][0] == "FAILED" for n in wanted))


if __name__ == "__main__":
    sys.exit(main())
