"""``ratecalc addin install`` and ``build``: where files go, what the config says, and a clear
refusal where there is no Excel."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
import xlwings

from ratecalc_addin.install import (
    ExcelNotAvailable,
    install,
    install_plan,
    set_config_value,
)
from ratecalc_cli.main import main


def test_windows_plan_uses_xlstart_and_the_profile_config():
    plan = install_plan(
        "win32",
        {"APPDATA": r"C:\Users\pt\AppData\Roaming", "USERPROFILE": r"C:\Users\pt"},
        Path("/unused"),
    )
    assert plan.addin_dir == Path(r"C:\Users\pt\AppData\Roaming") / "Microsoft/Excel/XLSTART"
    assert plan.config_file == Path(r"C:\Users\pt") / ".ratecalc" / "ratecalc.conf"
    assert plan.interpreter_key == "INTERPRETER_WIN" and plan.applescript_dir is None


def test_mac_plan_uses_excels_startup_folder_and_its_sandbox():
    plan = install_plan("darwin", {}, Path("/Users/pt"))
    assert plan.addin_dir == Path(
        "/Users/pt/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    )
    assert plan.config_file == Path(
        "/Users/pt/Library/Containers/com.microsoft.Excel/Data/ratecalc.conf"
    )
    assert plan.interpreter_key == "INTERPRETER_MAC"
    assert plan.applescript_dir == Path("/Users/pt/Library/Application Scripts/com.microsoft.Excel")


def test_linux_has_no_excel():
    with pytest.raises(ExcelNotAvailable, match="Excel is not available on this system"):
        install_plan("linux", {}, Path("/home/pt"))


def test_install_builds_the_addin_and_writes_the_interpreter(tmp_path: Path):
    plan = install_plan(
        "win32", {"APPDATA": str(tmp_path / "roaming"), "USERPROFILE": str(tmp_path)}, tmp_path
    )
    plan.config_file.parent.mkdir(parents=True)
    plan.config_file.write_text('"SHOW CONSOLE","True"\n"INTERPRETER_WIN","old.exe"\n')
    done = install(plan, interpreter=r"C:\Python311\python.exe")
    assert done.addin == tmp_path / "roaming/Microsoft/Excel/XLSTART/RateCalc.xlam"
    with zipfile.ZipFile(done.addin) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    # The format xlwings' VBA reads with Input #: one "KEY","value" pair per line.
    assert plan.config_file.read_text().splitlines() == [
        '"SHOW CONSOLE","True"',
        '"INTERPRETER_WIN","C:\\Python311\\python.exe"',
    ]


def test_install_on_a_mac_enables_runpython(tmp_path: Path):
    plan = install_plan("darwin", {}, tmp_path)
    done = install(plan, interpreter="/usr/local/bin/python3")
    assert done.applescript == plan.applescript_dir / f"xlwings-{xlwings.__version__}.applescript"
    assert (
        done.applescript.read_bytes()
        == (
            Path(xlwings.__file__).parent / f"xlwings-{xlwings.__version__}.applescript"
        ).read_bytes()
    )
    assert plan.config_file.read_text() == '"INTERPRETER_MAC","/usr/local/bin/python3"\n'


def test_a_quote_in_a_path_is_refused(tmp_path: Path):
    with pytest.raises(Exception, match="double quote"):
        set_config_value(tmp_path / "x.conf", "INTERPRETER_WIN", 'C:\\a"b\\python.exe')


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["addin", "build", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "RateCalc.xlam").is_file()
    assert capsys.readouterr().out == f"Wrote {tmp_path / 'out' / 'RateCalc.xlam'}\n"


@pytest.mark.skipif(
    sys.platform.startswith("win") or sys.platform == "darwin", reason="Excel may be installed here"
)
def test_cli_install_without_excel_fails_clearly(capsys: pytest.CaptureFixture[str]):
    assert main(["addin", "install"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("ratecalc addin install: Excel is not available on this")
    assert "Traceback" not in captured.err and captured.out == ""
