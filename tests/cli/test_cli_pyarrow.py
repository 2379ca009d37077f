"""Which commands keep pyarrow out of pandas: the ``pyarrow`` flag of the command table.

pandas imports pyarrow wherever it is installed; only the Parquet market-rate store uses it.
Every command without the flag runs with pyarrow kept out (``skip_pyarrow``), the ones with it
(the store's readers and writers) get it; only in a process that is the command: a program
running commands through ``main(argv)`` keeps pyarrow. Behaviour tests (what a process loads,
what it writes), never timings.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

import ratecalc_cli.imports as imports
import ratecalc_cli.main as cli_main
from ratecalc_cli.imports import IMPORT_KINDS, PYARROW_KINDS
from ratecalc_cli.main import COMMANDS, build_parser

from ..package_parts import package_parts
from .conftest import LETTER_DATE, LETTER_PAYER, DemoLetter
from .fresh_process import fresh

PAYER = LETTER_PAYER
# What in a module's source means it reads or writes the Parquet store (the store's modules, or
# pyarrow imported by the command itself).
STORE_USE = re.compile(r"market_rates\.store|parquet|^\s*(?:import|from) pyarrow", re.M)


def _source(module: str) -> str:
    """The source of ``module`` and of each module it defers a handler to (its work, imported
    once the arguments have parsed: :func:`ratecalc_cli.main.deferred`)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    text = Path(spec.origin).read_text(encoding="utf-8")
    work = dict.fromkeys(re.findall(r'deferred\(\s*"([\w.]+)"', text))
    return "\n".join([text, *(_source(name) for name in work if name != module)])


def _skips(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> int:
    """How often building the parser for ``argv`` asked to keep pyarrow out."""
    calls: list[None] = []
    monkeypatch.setattr(cli_main, "skip_pyarrow", lambda: calls.append(None))
    monkeypatch.setattr(imports, "skip_pyarrow", lambda: calls.append(None))
    build_parser(argv)
    return len(calls)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_the_flag_decides_whether_a_command_keeps_pyarrow_out(monkeypatch, command):
    if command.nested:
        return  # decided per subcommand: the next test
    assert _skips(monkeypatch, [command.name]) == (0 if command.pyarrow else 1)


@pytest.mark.parametrize("kind", [k for k, _, _ in IMPORT_KINDS])
def test_each_import_kind_decides_for_itself(monkeypatch, kind):
    assert _skips(monkeypatch, ["import", kind]) == (0 if kind in PYARROW_KINDS else 1)


def test_help_alone_keeps_nothing_out(monkeypatch):
    # --help imports no command module and no pandas: nothing to decide
    assert _skips(monkeypatch, []) == 0


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_commands_using_the_store_have_the_flag(command):
    if command.module == "ratecalc_cli.imports":  # its kinds decide for themselves
        kinds = [(kind, module) for kind, module, _ in IMPORT_KINDS]
        users = {kind for kind, module in kinds if STORE_USE.search(_source(module))}
        assert users == set(PYARROW_KINDS)
        assert command.pyarrow == bool(users)
    else:
        assert command.pyarrow == bool(STORE_USE.search(_source(command.module)))


def _state_after(argv: list[str], cwd: Path) -> str:
    """In a fresh process run as `ratecalc ARGV` runs: its exit, and whether pyarrow was kept
    out ("kept out", "loaded" or "not loaded")."""
    return fresh(
        "import contextlib, io, sys\n"
        "from ratecalc_cli.main import main\n"
        f"sys.argv = ['ratecalc', *{argv!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        code = main()\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "state = ('kept out' if 'pyarrow' in sys.modules and sys.modules['pyarrow'] is None\n"
        "         else 'loaded' if 'pyarrow' in sys.modules else 'not loaded')\n"
        "print(code, state)\n", cwd)


def test_a_store_command_in_a_fresh_process_can_load_pyarrow(tmp_path):
    state = _state_after(["market-rates", "benchmark", "--help"], tmp_path)
    assert state in ("0 not loaded", "0 loaded")
    assert _state_after(["import", "market-rates", "--help"], tmp_path) in ("0 not loaded",
                                                                            "0 loaded")


def test_other_import_kinds_in_a_fresh_process_keep_it_out(tmp_path):
    assert _state_after(["import", "remittances", "--help"], tmp_path) == "0 kept out"


@pytest.fixture(scope="module")
def demo(demo_new_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shutil.copyfile(demo_new_book, tmp_path_factory.mktemp("demo") / "demo.xlsx")


def test_a_letter_without_pyarrow_is_the_letter_written_with_it(demo_letter: DemoLetter,
                                                                 tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")  # else both run without it: nothing to compare
    here = demo_letter.letter  # written by write_proposal_letter in a test process
    book = shutil.copyfile(demo_letter.book, tmp_path / demo_letter.book.name)  # its own
    assert demo_letter.with_pyarrow  # that process: pandas with pyarrow
    assert sys.modules.get("pyarrow") is not None  # and this one, as every test process
    state = _state_after(["letter", str(book), "--payer", PAYER, "--out",
                          "there.docx", "--date", LETTER_DATE.isoformat()], tmp_path)
    assert state == "0 kept out"
    mine, theirs = package_parts(here), package_parts(tmp_path / "there.docx")
    assert list(mine) == list(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []
    assert b"Summit BlueCare PPO" in mine["word/document.xml"]


def test_the_refresh_command_keeps_it_out_through_the_table(demo, tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(demo.read_bytes())
    assert _state_after(["refresh", "book.xlsx"], tmp_path) == "0 kept out"


def test_the_flag_is_set_in_the_table_not_guessed():
    # the table itself names the store's commands; a new command is without pyarrow by default
    tree = ast.parse(_source("ratecalc_cli.main"))
    flagged = {call.args[0].value for call in ast.walk(tree)
               if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Command"
               and any(k.arg == "pyarrow" for k in call.keywords)}
    assert flagged == {c.name for c in COMMANDS if c.pyarrow} == {"import", "market-rates"}


def test_a_program_running_commands_keeps_pyarrow_for_the_store(tmp_path):
    # pandas decides at its import for the rest of the process: a program that ran a command
    # and then `import market-rates --store` was told "--store needs pyarrow: pip install
    # 'ratecalc[store]'" though it was installed, and its own `import pyarrow` failed
    pytest.importorskip("pyarrow")
    pytest.importorskip("duckdb")
    from tests.ratecalc.market_rates.tic_server import dumps, in_network

    (tmp_path / "a.json").write_bytes(dumps(in_network("Acme Health", [
        ("97110", [(40.0, [1000000001]), (44.0, [1000000003])])])))
    out = fresh(
        "import contextlib, io, json, sys\n"
        "from ratecalc_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(sys.stdout):\n"
        "    first = main(['medicare', '97110', '--locality', 'AL', '--year', '2026', '--json'])\n"
        "    store = main(['import', 'market-rates', 'a.json', '--codes', '97110', '--store',\n"
        "                  'store', '--json'])\n"
        "import pyarrow\n"
        "print(json.dumps([first, store, pyarrow.__name__]))\n", tmp_path)
    assert json.loads(out) == [0, 0, "pyarrow"]
    assert any((tmp_path / "store").rglob("*.parquet"))


def test_a_store_without_its_extra_names_the_install_from_the_source_folder(monkeypatch):
    # "pip install 'ratecalc[store]'" fetched another package of that name, not this project's
    # store extra: RateCalc is installed from its source folder (README, quick start)
    import sys

    from ratecalc.errors import InputError
    from ratecalc.market_rates import store, store_query

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    for need in (store.require_pyarrow, store_query._duckdb):
        with pytest.raises(InputError) as refused:
            need()
        assert "pip install '.[store]' in RateCalc's source folder" in str(refused.value)
        assert "ratecalc[store]" not in str(refused.value)
