"""Install the add-in where Excel loads it, and tell its VBA which Python to run.

- **Windows**: ``RateCalc.xlam`` goes to the user's Excel startup folder
  ``%APPDATA%\\Microsoft\\Excel\\XLSTART``; the interpreter goes to
  ``%USERPROFILE%\\.ratecalc\\ratecalc.conf`` as ``"INTERPRETER_WIN","<python.exe>"``.
- **macOS**: the add-in goes to Microsoft's Excel startup folder
  ``~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel``; the interpreter to
  ``~/Library/Containers/com.microsoft.Excel/Data/ratecalc.conf`` (``INTERPRETER_MAC``), the file
  the add-in's VBA reads inside Excel's sandbox; and xlwings' AppleScript, which ``RunPython``
  needs on a Mac, is copied to ``~/Library/Application Scripts/com.microsoft.Excel``.
- Anywhere else there is no Excel: :class:`ExcelNotAvailable`.

The config file is the one the add-in's ``xlwings`` module reads for ``PROJECT_NAME`` =
``ratecalc`` (one ``"KEY","value"`` pair per line, the format of xlwings' own ``xlwings.conf``).
The add-in is built fresh from the installed xlwings, so its VBA matches the Python package.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import xlwings

from ratecalc.errors import RateCalcError

from .build_xlam import ADDIN_FILENAME, CONFIG_NAME, build_xlam

MAC_STARTUP = (
    "Library",
    "Group Containers",
    "UBF8T346G9.Office",
    "User Content",
    "Startup",
    "Excel",
)
MAC_EXCEL_DATA = ("Library", "Containers", "com.microsoft.Excel", "Data")
MAC_APPLESCRIPTS = ("Library", "Application Scripts", "com.microsoft.Excel")


class ExcelNotAvailable(RateCalcError):
    """This platform has no desktop Excel to install into."""


@dataclass(frozen=True)
class InstallPlan:
    """Where the add-in, the interpreter setting and (macOS) the AppleScript go."""

    platform: str  # "windows" or "macos"
    addin_dir: Path
    config_file: Path
    interpreter_key: str
    applescript_dir: Path | None = None


@dataclass(frozen=True)
class Installed:
    """What :func:`install` wrote."""

    addin: Path
    config_file: Path
    interpreter: str
    applescript: Path | None = None


def install_plan(
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> InstallPlan:
    """Where things go on ``platform`` (``sys.platform`` values).

    Raises
    ------
    ExcelNotAvailable
        On Linux and any platform other than Windows and macOS.
    """
    env = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform.startswith("win"):
        appdata = Path(env.get("APPDATA", home / "AppData" / "Roaming"))
        profile = Path(env.get("USERPROFILE", home))
        return InstallPlan(
            platform="windows",
            addin_dir=appdata / "Microsoft" / "Excel" / "XLSTART",
            config_file=profile / f".{CONFIG_NAME}" / f"{CONFIG_NAME}.conf",
            interpreter_key="INTERPRETER_WIN",
        )
    if platform == "darwin":
        return InstallPlan(
            platform="macos",
            addin_dir=home.joinpath(*MAC_STARTUP),
            config_file=home.joinpath(*MAC_EXCEL_DATA, f"{CONFIG_NAME}.conf"),
            interpreter_key="INTERPRETER_MAC",
            applescript_dir=home.joinpath(*MAC_APPLESCRIPTS),
        )
    raise ExcelNotAvailable(
        f"Excel is not available on this system ({platform}): the add-in runs in desktop Excel "
        f"on Windows or macOS. Build it here with 'ratecalc addin build --out DIR' and install "
        f"it on that machine with 'ratecalc addin install'; the worksheet math is also available "
        f"here through the other 'ratecalc' commands."
    )


def set_config_value(path: Path, key: str, value: str) -> None:
    """Set ``key`` in an xlwings-style config file, keeping its other lines."""
    lines: list[str] = []
    if path.exists():
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and line.split(",", 1)[0].strip().strip('"').upper() != key.upper()
        ]
    if '"' in value:
        raise RateCalcError(f"{key}: a path with a double quote cannot be written: {value!r}")
    lines.append(f'"{key}","{value}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temp, path)


def install(
    plan: InstallPlan | None = None,
    interpreter: str | None = None,
    addin_dir: Path | None = None,
) -> Installed:
    """Build the add-in into Excel's startup folder and write the interpreter setting.

    Parameters
    ----------
    plan : InstallPlan, optional
        Default: :func:`install_plan` for this machine (raises on Linux).
    interpreter : str, optional
        The Python that Excel should run; default the one running this.
    addin_dir : Path, optional
        Another folder Excel opens at startup (Excel's *At startup, open all files in* option).

    Returns
    -------
    Installed
    """
    plan = install_plan() if plan is None else plan
    python = interpreter or sys.executable
    folder = addin_dir or plan.addin_dir
    try:
        addin = build_xlam(folder, ADDIN_FILENAME, interpreter=python)
    except PermissionError as exc:
        raise RateCalcError(
            f"Could not write {folder / ADDIN_FILENAME}: quit Excel (it keeps the add-in open) "
            f"and run 'ratecalc addin install' again ({exc.strerror})."
        ) from None
    set_config_value(plan.config_file, plan.interpreter_key, python)
    applescript = None
    if plan.applescript_dir is not None:
        name = f"xlwings-{xlwings.__version__}.applescript"
        plan.applescript_dir.mkdir(parents=True, exist_ok=True)
        applescript = Path(
            shutil.copy(Path(xlwings.__file__).parent / name, plan.applescript_dir / name)
        )
    return Installed(
        addin=addin, config_file=plan.config_file, interpreter=python, applescript=applescript
    )
