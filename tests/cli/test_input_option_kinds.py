"""Every input option of every command, given a path that is not what it reads: missing, a
folder, a named pipe, a symbolic link looping back on itself, a device (``/dev/zero``, never
read: it has no end). Each is refused with exit 3 (``ExitCode.INPUT_ERROR``, docs/COMMANDS.md)
in the one rule's words (``ratecalc.regular_files``): the path as given, what it is and what was
expected. A loop was an internal error (exit 4) in five commands (``Path.resolve`` raises
RuntimeError on one), "no such folder or workbook" to `analyze` and "cannot use ...: Too many
levels of symbolic links" to `refresh`; the workbook and CSV readers said "'x.csv': a named pipe
(FIFO), not a CSV file" and "no such workbook" in words of their own."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ratecalc.regular_files import MISSING
from ratecalc_cli.main import ExitCode, main

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"),
                                reason="no named pipes or /dev/zero here")

DATA = Path(__file__).resolve().parents[1] / "data"
X835 = DATA / "x12_835" / "linuxforhealth_x12" / "managed-care.835"
TIC = DATA / "tic" / "cms_examples" / "in-network-rates-fee-for-service-single-plan-sample.json"
FEES = DATA / "fee_schedules" / "acme_health_2026.csv"
PAYER = "Summit BlueCare PPO"

WORDS = {"missing": MISSING, "folder": "is a folder, not a file",
         "pipe": "is a named pipe (FIFO), not a file",
         "loop": "is a symbolic link that loops back on itself, not a file",
         "device": "is a device, not a file"}

Args = Callable[[str, Path, Path, Path], list[str]]

#: option -> (suffix of the path given, argv from (path, workbook copy, store, tmp), expected,
#: kinds the option takes as valid input). A folder is a valid DATA (a folder of tables), 835
#: path and CMS release.
OPTIONS: dict[str, tuple[str, Args, str, tuple[str, ...]]] = {
    "analyze DATA": (".xlsx", lambda p, wb, st, t: ["analyze", p, "--out", str(t / "o")],
                     "a folder of tables or an .xlsx workbook", ("folder",)),
    "letter DATA": (".xlsx", lambda p, wb, st, t: ["letter", p, "--payer", PAYER, "--out",
                                                   str(t / "l.docx")],
                    "the master workbook (.xlsx) or a folder of tables", ("folder",)),
    "letter --template": (".docx", lambda p, wb, st, t: [
        "letter", str(wb), "--payer", PAYER, "--template", p, "--out", str(t / "l.docx")],
        "a Word document (.docx or .dotx)", ()),
    "letter --offer": (".csv", lambda p, wb, st, t: [
        "letter", str(wb), "--payer", PAYER, "--kind", "counter", "--offer", p, "--out",
        str(t / "l.docx")], "a CSV file", ()),
    "import remittances": (".835", lambda p, wb, st, t: ["import", "remittances", p],
                           "an 835 file or a folder of them", ("folder",)),
    "import remittances --workbook": (".xlsx", lambda p, wb, st, t: [
        "import", "remittances", str(X835), "--workbook", p, "--new-payer"],
        "an Excel workbook (.xlsx)", ()),
    "import market-rates": (".json", lambda p, wb, st, t: [
        "import", "market-rates", p, "--codes", "97110"],
        "a Transparency-in-Coverage file (.json, .json.gz) or its http(s) address", ()),
    "import market-rates --providers": (".csv", lambda p, wb, st, t: [
        "import", "market-rates", str(TIC), "--codes", "97110", "--providers", p, "--region",
        "19103"], "the table 'ratecalc market-rates providers", ()),
    "import market-rates --workbook": (".xlsx", lambda p, wb, st, t: [
        "import", "market-rates", str(TIC), "--codes", "97110", "--workbook", p],
        "an Excel workbook (.xlsx)", ()),
    "import fee-schedule FILE": (".csv", lambda p, wb, st, t: [
        "import", "fee-schedule", p, "--payer", PAYER, "--workbook", str(wb)], "a CSV file", ()),
    "import fee-schedule --workbook": (".xlsx", lambda p, wb, st, t: [
        "import", "fee-schedule", str(FEES), "--payer", PAYER, "--workbook", p],
        "an Excel workbook (.xlsx)", ()),
    "market-rates providers NPPES": (".zip", lambda p, wb, st, t: [
        "market-rates", "providers", p, "--out", str(t / "p.csv")],
        "CMS's NPPES zip or its NPI CSV", ()),
    "market-rates benchmark --providers": (".csv", lambda p, wb, st, t: [
        "market-rates", "benchmark", "--store", str(st), "--providers", p, "--region", "19103"],
        "the table 'ratecalc market-rates providers", ()),
    "market-rates benchmark --workbook": (".xlsx", lambda p, wb, st, t: [
        "market-rates", "benchmark", "--store", str(st), "--workbook", p],
        "an Excel workbook (.xlsx)", ()),
    "medicare import": (".zip", lambda p, wb, st, t: ["medicare", "import", p],
                        "CMS's RVU zip, its https link, or its PPRRVU and GPCI files",
                        ("folder",)),
    "scenario --data": (".xlsx", lambda p, wb, st, t: ["scenario", "--payer", PAYER, "--data", p],
                        "a folder of tables or an .xlsx workbook", ("folder",)),
    "exit-impact --data": (".xlsx", lambda p, wb, st, t: [
        "exit-impact", "--payer", PAYER, "--data", p],
        "a folder of tables or an .xlsx workbook", ("folder",)),
    "timeline --data": (".xlsx", lambda p, wb, st, t: ["timeline", "--data", p],
                        "a folder of tables or an .xlsx workbook", ("folder",)),
    "workbook new --from": (".xlsx", lambda p, wb, st, t: [
        "workbook", "new", str(t / "n.xlsx"), "--from", p],
        "a folder of tables or an .xlsx workbook", ("folder",)),
    "workbook export": (".xlsx", lambda p, wb, st, t: ["workbook", "export", p, str(t / "x")],
                        "an Excel workbook (.xlsx)", ()),
    "refresh": (".xlsx", lambda p, wb, st, t: ["refresh", p], "an Excel workbook (.xlsx)", ()),
}

CASES = [(option, kind) for option, (_, _, _, valid) in OPTIONS.items()
         for kind in WORDS if kind not in valid]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A market-rate store holding one file's prices, for the benchmark's other options."""
    pytest.importorskip("pyarrow")
    folder = tmp_path_factory.mktemp("store") / "store"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["import", "market-rates", str(TIC), "--codes", "97110", "--store",
                     str(folder)]) == ExitCode.OK
    return folder


class _Waited(Exception):
    pass


@contextlib.contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    """Fail rather than wait for ever on a pipe's writer or a device's end."""
    def waited(*_: object) -> None:
        raise _Waited

    previous = signal.signal(signal.SIGALRM, waited)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _given(tmp_path: Path, kind: str, suffix: str) -> Path:
    path = tmp_path / f"given{suffix}"
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize(("option", "kind"), CASES, ids=[f"{o}-{k}" for o, k in CASES])
def test_each_input_option_names_what_its_path_is_and_what_was_expected(
        capsys, demo_workbook: Path, store: Path, tmp_path: Path, option: str,
        kind: str) -> None:
    suffix, argv, expected, _ = OPTIONS[option]
    book = tmp_path / "book.xlsx"
    shutil.copyfile(demo_workbook, book)
    path = _given(tmp_path, kind, suffix)
    try:
        with _at_most(60):
            code = main(argv(str(path), book, store, tmp_path))
    except _Waited:
        pytest.fail(f"{option} waited on a {kind}")
    err = capsys.readouterr().err
    assert code == ExitCode.INPUT_ERROR, err
    assert f"{path}' {WORDS[kind]}; expected {expected}" in err


@pytest.mark.parametrize("kind", ["pipe", "loop", "device"])
def test_a_market_rate_store_that_is_not_a_folder_is_named_as_what_it_is(
        capsys, tmp_path: Path, kind: str) -> None:
    """`market-rates benchmark --store` said a named pipe, a loop or a device "does not exist";
    `import market-rates --store` wrote into none of them, but called each "a file"."""
    path = _given(tmp_path, kind, "")
    words = WORDS[kind].replace("not a file", "not a folder")
    for command in (["market-rates", "benchmark", "--store", str(path)],
                    ["import", "market-rates", str(TIC), "--codes", "97110", "--store",
                     str(path)]):
        with _at_most(60):
            code = main(command)
        err = capsys.readouterr().err
        assert code == ExitCode.INPUT_ERROR, err
        assert f"--store '{path}' {words}; expected " in err


#: Options whose reader opens the file itself (``open_regular``) once it is known to be one,
#: with what that reader expects where it is more precise than the option's ``OPTIONS`` entry.
OPENED = {"analyze DATA": "an Excel workbook (.xlsx)", "letter --template": None,
          "letter --offer": None, "import remittances": "an 835 file",
          "import fee-schedule FILE": None, "market-rates providers NPPES": None,
          "workbook export": None}


@pytest.mark.parametrize("option", sorted(OPENED))
def test_a_file_without_read_permission_is_said_to_be_one(
        capsys, demo_workbook: Path, store: Path, tmp_path: Path, monkeypatch,
        option: str) -> None:
    """A file the system refuses to open, in the one rule's words ("cannot be read (Permission
    denied)") and what was expected: the readers said "cannot read it (...)", "not a Word .docx
    document ([Errno 13] ...)", "cannot open it (...)". Run as root, a file without read
    permission is read all the same, so the system's refusal is made here."""
    suffix, argv, expected, _ = OPTIONS[option]
    expected = OPENED[option] or expected
    book = tmp_path / "book.xlsx"
    shutil.copyfile(demo_workbook, book)
    path = tmp_path / f"given{suffix}"
    shutil.copyfile(book if suffix == ".xlsx" else X835, path)
    real_open = os.open

    def refused(file: object, *args: object, **kwargs: object) -> int:
        if os.fspath(file) == str(path):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    code = main(argv(str(path), book, store, tmp_path))
    err = capsys.readouterr().err
    assert code == ExitCode.INPUT_ERROR, err
    assert f"{path}' cannot be read (Permission denied); expected {expected}" in err
