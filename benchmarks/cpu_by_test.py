"""Where the test suite's CPU goes: a pytest plugin recording each test's CPU time (its own
process's and its finished child processes', ``getrusage``) over setup, call and teardown, the
CPU of each fixture's setup, the kinds of child processes each test started, and a statistical
profile of the test process (a CPU-time timer samples the stack every few milliseconds) told
into kinds of work (building or refreshing a workbook, a letter, reading a PDF, hypothesis);
each test's start, so the summary tells how long one xdist worker sat idle at the end.

Run: ``PYTHONPATH=benchmarks RATECALC_CPU_DIR=/tmp/cpu python -m pytest -p cpu_by_test ...``
(each xdist worker writes ``RATECALC_CPU_DIR/WORKER.json``), then
``python benchmarks/cpu_by_test.py /tmp/cpu`` prints the summary by test, file, fixture and kind.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

SAMPLE_S = 0.005  # of the process's CPU time (ITIMER_PROF)
# The records so far are written this often too: a run stopped before its end (on a loaded
# machine the whole suite can outlast a deadline) still leaves what it measured.
WRITE_EVERY_S = 60.0

# A sample's kind is the earliest in this list of those its stack's frames match (a refresh
# inside a CLI call counts as a refresh). Each (kind, file part, function or None).
ROOT = str(Path(__file__).resolve().parent.parent) + "/"
TREE = {"ratecalc", "cli", "workbook_templates", "letter", "addin"}  # the product's folders
KINDS = [
    ("refresh_workbook", ROOT + "workbook_templates/refresh.py", "_refresh"),
    ("new_workbook", ROOT + "workbook_templates/builder.py", "new_workbook"),
    ("letter", ROOT + "letter/", None),
    ("read_workbook", ROOT + "workbook_templates/reader.py", "read_workbook"),
    ("openpyxl_load", "openpyxl/reader/excel.py", "load_workbook"),
    ("openpyxl_save", "openpyxl/writer/excel.py", None),
    ("pdf_read", "pdfminer/", None),
    ("pdf_read", "pdfplumber/", None),
    ("docx", "/docx/", None),
    ("hypothesis_engine", "/hypothesis/", None),
    ("analyze", ROOT + "ratecalc/analysis.py", "analyze"),
    ("cli_main", ROOT + "cli/main.py", "main"),
    ("import", "<frozen importlib._bootstrap>", None),
]


def _package(filename: str) -> str:
    """Where a frame's code lives: the installed package's name, or the tree's folder."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith(ROOT):
        return filename[len(ROOT):].split("/", 1)[0]
    return "python" if "/lib/python" in filename else filename


def _child_kind(args: Any) -> str:
    argv = [str(a) for a in (args if isinstance(args, (list, tuple)) else [args])]
    text = " ".join(argv)
    if "soffice" in text or "libreoffice" in text:
        return "soffice"
    if "pdftoppm" in text:
        return "pdftoppm"
    if "ratecalc" in text and "python" not in argv[0]:
        return "ratecalc_exe"
    if "python" in argv[0] and "ratecalc_cli" in text or (
            "python" in argv[0] and "-m" in argv and "ratecalc" in text):
        return "python_ratecalc"
    if "python" in argv[0]:
        return "python_other"
    return Path(argv[0]).name if argv else "?"


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


#: The test running and each openpyxl load seen (test, file, options, CPU s); module-level, as
#: openpyxl is wrapped before the recorder exists.
STATE: dict[str, Any] = {"current": None, "loads": []}


def wrap_loads() -> None:
    """Record each openpyxl load: the file (by name and content hash), how it was loaded, and
    its CPU time, to find a file loaded again and again."""
    import hashlib

    # the tests' setting (tests/conftest.py), which would come too late after this import
    os.environ.setdefault("OPENPYXL_DEFUSEDXML", "False")
    import openpyxl
    import openpyxl.reader.excel as excel

    original = excel.load_workbook

    def load_workbook(filename: Any, *args: Any, **kwargs: Any) -> Any:
        start = _cpu(resource.RUSAGE_SELF)
        try:
            return original(filename, *args, **kwargs)
        finally:
            spent = _cpu(resource.RUSAGE_SELF) - start
            try:
                name = (filename if isinstance(filename, (str, os.PathLike))
                        else getattr(filename, "name", filename))  # an open file's path
                data = Path(name).read_bytes()
                key = f"{Path(name).name}:{hashlib.sha1(data).hexdigest()[:10]}"
            except (TypeError, OSError):
                key = repr(type(filename))
            STATE["loads"].append((STATE["current"] or "", key, repr(sorted(kwargs.items())),
                                   spent))
    excel.load_workbook = load_workbook
    openpyxl.load_workbook = load_workbook


class Recorder:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.tests: dict[str, dict[str, Any]] = {}
        self.fixtures: Counter[str] = Counter()
        self.fixture_count: Counter[str] = Counter()
        self.current: str | None = None
        self.samples: Counter[str] = Counter()
        self.functions: Counter[str] = Counter()
        self.inclusive: Counter[str] = Counter()  # the tree's functions on the stack
        self.children: list[str] = []
        self.start_self = _cpu(resource.RUSAGE_SELF)
        self.start_children = _cpu(resource.RUSAGE_CHILDREN)
        self.written = self.wall_start = time.time()
        original = subprocess.Popen.__init__
        recorder = self

        def popen_init(self_: Any, args: Any, *a: Any, **k: Any) -> None:
            recorder.children.append(_child_kind(args))
            original(self_, args, *a, **k)
        subprocess.Popen.__init__ = popen_init  # type: ignore[method-assign]
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, SAMPLE_S, SAMPLE_S)

    def _sample(self, signum: int, frame: Any) -> None:
        best = len(KINDS)
        top = None
        seen: set[str] = set()
        inner = "?"
        f = frame
        while f is not None:
            code = f.f_code
            name = code.co_filename
            if top is None:
                inner = _package(name)
                top = "/".join(name.rsplit("/", 2)[-2:]) + ":" + code.co_name
            if name.startswith(ROOT) and name[len(ROOT):].split("/", 1)[0] in TREE:
                seen.add(name[len(ROOT):] + ":" + code.co_name)
            for i, (_, part, func) in enumerate(KINDS[:best]):
                if part in name and (func is None or func == code.co_name):
                    best = i
                    break
            f = f.f_back
        kind = KINDS[best][0] if best < len(KINDS) else f"other: {inner}"
        self.samples[f"{self.current or '(outside tests)'}\t{kind}"] += 1
        if top is not None:
            self.functions[top] += 1
        self.inclusive.update(seen)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: Any):
        self.current = STATE["current"] = item.nodeid
        self.children = []
        s0, c0, w0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.time()
        yield
        s1, c1, w1 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.time()
        hyp = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        self.tests[item.nodeid] = {"self": s1 - s0, "children": c1 - c0, "wall": w1 - w0,
                                   "start": w0,
                                   "child_kinds": dict(Counter(self.children)),
                                   "hypothesis": bool(hyp),
                                   "fixtures": list(getattr(item, "fixturenames", []))}
        self.current = STATE["current"] = None
        if w1 - self.written > WRITE_EVERY_S:
            # the sampler adds to the counters being written: paused while they are
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            self._write()
            signal.setitimer(signal.ITIMER_PROF, SAMPLE_S, SAMPLE_S)


    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: Any):
        s0, c0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        yield
        spent = _cpu(resource.RUSAGE_SELF) - s0 + _cpu(resource.RUSAGE_CHILDREN) - c0
        key = f"{fixturedef.argname} ({fixturedef.scope}, {fixturedef.baseid or 'root'})"
        self.fixtures[key] += spent
        self.fixture_count[key] += 1

    def pytest_sessionfinish(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        self._write()

    def _write(self) -> None:
        self.written = time.time()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{worker}.json").write_text(json.dumps({
            "total_self": _cpu(resource.RUSAGE_SELF) - self.start_self,
            "total_children": _cpu(resource.RUSAGE_CHILDREN) - self.start_children,
            "process_self": _cpu(resource.RUSAGE_SELF),
            "wall_start": self.wall_start, "wall_end": time.time(),
            "tests": self.tests, "fixtures": self.fixtures,
            "fixture_count": self.fixture_count, "samples": self.samples,
            "functions": self.functions.most_common(300), "loads": STATE["loads"],
            "inclusive": self.inclusive.most_common(400), "sample_s": SAMPLE_S}))


_RECORDER: Recorder | None = None


def pytest_configure(config: pytest.Config) -> None:
    out = os.environ.get("RATECALC_CPU_DIR")
    if out and (os.environ.get("PYTEST_XDIST_WORKER") or config.getoption("numprocesses",
                                                                           None) in (0, None)):
        config.pluginmanager.register(Recorder(Path(out)), "cpu_recorder")


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """openpyxl's load is wrapped before the conftests import the modules that bind it."""
    if os.environ.get("RATECALC_CPU_DIR"):
        wrap_loads()


def summarize(folder: Path, top: int = 40) -> None:
    runs = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    tests: dict[str, dict[str, Any]] = {}
    fixtures: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    samples: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for run in runs:
        tests.update(run["tests"])
        fixtures.update(run["fixtures"])
        counts.update(run["fixture_count"])
        samples.update(run["samples"])
        functions.update(dict(run["functions"]))
    sample_s = runs[0]["sample_s"]
    total_self = sum(r["process_self"] for r in runs)
    in_tests_self = sum(t["self"] for t in tests.values())
    in_tests_children = sum(t["children"] for t in tests.values())
    print(f"{len(runs)} processes, {len(tests)} tests; process CPU {total_self:.1f} s "
          f"(in tests {in_tests_self:.1f} s; children in tests {in_tests_children:.1f} s)")
    slow = [t for t in tests.values() if t["self"] + t["children"] > 0.5]
    print(f"tests over 0.5 s CPU: {len(slow)}, "
          f"{sum(t['self'] + t['children'] for t in slow):.1f} s")
    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for nodeid, t in tests.items():
        f = by_file[nodeid.split("::")[0]]
        f[0] += t["self"]
        f[1] += t["children"]
        f[2] += 1
    whole = in_tests_self + in_tests_children
    print(f"\n== by file (top {top}): self, children, tests, share")
    for name, (s, c, n) in sorted(by_file.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:top]:
        print(f"{s:7.1f} {c:7.1f} {n:5d} {100 * (s + c) / whole:5.1f}%  {name}")
    print(f"\n== by fixture setup (top {top}): CPU s, setups")
    for name, spent in fixtures.most_common(top):
        print(f"{spent:7.1f} {counts[name]:5d}  {name}")
    print("\n== by child kind: tests, children CPU s (of tests starting only that kind)")
    kinds: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    for t in tests.values():
        key = "+".join(sorted(t["child_kinds"])) or "(none)"
        kinds[key][0] += 1
        kinds[key][1] += t["children"]
        kinds[key][2] += t["self"]
    for key, (n, c, s) in sorted(kinds.items(), key=lambda kv: -(kv[1][1] + kv[1][2])):
        print(f"{n:5d} tests {c:7.1f} s children {s:7.1f} s self  {key}")
    ends: dict[str, float] = {}
    for name, run in zip(sorted(p.stem for p in folder.glob("*.json")), runs, strict=True):
        stamps = [t["start"] + t["wall"] for t in run["tests"].values() if "start" in t]
        if stamps:
            ends[name] = max(stamps)
    if len(runs) > 1 and len(ends) == len(runs):
        # the schedule's tail: a worker done while another still runs tests
        last = max(ends.values())
        print("\n== each worker's last test ended, s before the last worker's: "
              + ", ".join(f"{name} {last - end:.1f}" for name, end in ends.items()))
    hyp = [t for t in tests.values() if t["hypothesis"]]
    print(f"\nhypothesis tests: {len(hyp)}, {sum(t['self'] for t in hyp):.1f} s self")
    print("\n== sampled kinds of in-process work (s)")
    by_kind: Counter[str] = Counter()
    for key, n in samples.items():
        by_kind[key.split("\t")[1]] += n * sample_s
    for kind, s in by_kind.most_common():
        print(f"{s:7.1f}  {kind}")
    loads: dict[str, list[Any]] = defaultdict(lambda: [0, 0.0, set()])
    for run in runs:
        for test, key, how, spent in run.get("loads", []):
            entry = loads[f"{key} {how}"]
            entry[0] += 1
            entry[1] += spent
            entry[2].add(test.split("::")[0])
    print(f"\n== openpyxl loads: {sum(e[0] for e in loads.values())}, "
          f"{sum(e[1] for e in loads.values()):.1f} s; the same file and options loaded most")
    for key, (n, spent, files) in sorted(loads.items(), key=lambda kv: -kv[1][1])[:top]:
        print(f"{n:5d} {spent:6.1f} s {len(files):3d} files  {key[:120]}")
    print(f"\n== top {top} tests by CPU: self, children, wall")
    for nodeid, t in sorted(tests.items(), key=lambda kv: -(kv[1]["self"] + kv[1]["children"])
                            )[:top]:
        print(f"{t['self']:6.2f} {t['children']:6.2f} {t['wall']:6.2f}  {nodeid[:150]} "
              f"{t['child_kinds'] or ''}")
    inclusive: Counter[str] = Counter()
    for run in runs:
        inclusive.update(dict(run.get("inclusive", [])))
    print(f"\n== top {top} of the tree's functions on the stack (s, inclusive)")
    for name, n in inclusive.most_common(top):
        print(f"{n * sample_s:7.2f}  {name}")
    print(f"\n== top {top} innermost functions sampled (s)")
    for name, n in functions.most_common(top):
        print(f"{n * sample_s:7.2f}  {name}")


if __name__ == "__main__":
    summarize(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
