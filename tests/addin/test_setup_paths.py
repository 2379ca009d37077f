"""Without a Python, every way into the add-in ends in a message that says what to run.

Checked on the VBA text of the built add-in as oletools reads it back: the interpreter look-up
order, the message, and, for every ribbon button and every worksheet function, the statements on
the way from the entry point to the first call that needs Python or the xlwings DLL.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import ratecalc_addin
from ratecalc_addin.build_xlam import MISSING_PYTHON_MESSAGE, build_xlam, template_path
from tests.addin.oletools_reader import read

CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"


def procedure(source: str, name: str) -> str:
    """The body of VBA procedure ``name`` (Sub or Function, any visibility)."""
    match = re.search(
        rf"^[ \t]*(?:Public |Private )?(Sub|Function) {re.escape(name)}\b.*?^[ \t]*End \1\b",
        source,
        re.M | re.S,
    )
    assert match, f"no procedure {name}"
    return match.group(0)


def in_order(body: str, *statements: str) -> None:
    """Each statement occurs in ``body``, in this order."""
    position = 0
    for statement in statements:
        found = body.find(statement, position)
        assert found >= 0, f"{statement!r} not found after position {position} in:\n{body}"
        position = found + len(statement)


def vba_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def all_vba(vba_modules: dict[str, str]) -> str:
    return "\n".join(vba_modules.values())


def test_the_message_is_one_sentence_naming_the_command(vba_modules: dict[str, str]):
    sentence_ends = re.findall(r"[.!?](?=\s|$)", MISSING_PYTHON_MESSAGE)
    assert sentence_ends == ["."] and MISSING_PYTHON_MESSAGE.endswith(".")
    assert "ratecalc addin install" in MISSING_PYTHON_MESSAGE
    assert (
        f"Public Const MISSING_PYTHON_MESSAGE As String = {vba_string(MISSING_PYTHON_MESSAGE)}"
        in vba_modules["RateCalcSetup"]
    )


def test_interpreter_is_looked_up_in_the_expected_order(vba_modules: dict[str, str]):
    body = procedure(vba_modules["RateCalcSetup"], "FindInterpreter")
    in_order(
        body,
        "candidate = GetConfig(InterpreterKey()",  # RateCalc's sheet / folder / user file
        'candidate = GetConfig("INTERPRETER"',
        "candidate = XlwingsSetting(InterpreterKey())",  # xlwings' own file
        'candidate = XlwingsSetting("INTERPRETER")',
        "FileExists(BUILD_INTERPRETER)",  # the Python that built the add-in
        'FindInterpreter = ""',
    )
    paths = procedure(vba_modules["RateCalcSetup"], "XlwingsConfigFilePath")
    assert r'Environ("USERPROFILE") & "\.xlwings\xlwings.conf"' in paths
    assert '"/xlwings.conf"' in paths
    assert 'Public Const PROJECT_NAME As String = "ratecalc"' in vba_modules["xlwings"]


def test_the_building_python_is_recorded(tmp_path: Path):
    python = r"C:\Users\Pat\AppData\Local\Programs\Python\Python312\python.exe"
    path = build_xlam(tmp_path, interpreter=python)
    with zipfile.ZipFile(path) as z:
        setup = read(z.read("xl/vbaProject.bin")).modules["RateCalcSetup"].source
    assert f'Public Const BUILD_INTERPRETER As String = "{python}"' in setup


def test_no_path_reads_the_interpreter_setting_directly(vba_modules: dict[str, str]):
    for name, source in vba_modules.items():
        if name != "RateCalcSetup":
            assert not re.search(r'GetConfig\("INTERPRETER', source), name
    xlwings = vba_modules["xlwings"]
    assert "Could not load " not in xlwings  # the DLL error names the fix instead
    assert len(re.findall(r"= RateCalcInterpreter\(\)", xlwings)) == 3


def test_every_worksheet_function_shows_the_message_in_its_cell(vba_modules: dict[str, str]):
    udfs = vba_modules["xlwings_udfs"]
    for udf in ratecalc_addin.UDFS:
        name = udf.__name__
        # The wrapper turns any error into the cell's text...
        in_order(
            procedure(udfs, name),
            "On Error GoTo failed",
            f"{name} = XLPy.CallUDF(",
            "failed:",
            f"{name} = Err.Description",
        )
    xlwings = vba_modules["xlwings"]
    # ...XLPy loads the DLL first...
    in_order(procedure(xlwings, "XLPy"), "XLPyLoadDLL", "XLPyDLLActivateAuto(")
    # ...which raises the message when there is no Python, or names the fix without the DLL.
    in_order(
        procedure(xlwings, "XLPyLoadDLL"),
        "PYTHON_WIN = RateCalcInterpreter()",
        'If PYTHON_WIN = "" Then RaiseMissingPython',
        "LoadLibrary(",
        "RaiseMissingDll PYTHON_WIN",
    )
    setup = vba_modules["RateCalcSetup"]
    assert "Err.Raise vbObjectError + 513, \"RateCalc\", MISSING_PYTHON_MESSAGE" in procedure(
        setup, "RaiseMissingPython"
    )
    in_order(
        procedure(setup, "MissingDllMessage"),
        "RateCalc found Python at ",
        "run 'ratecalc addin install' with that Python",
    )
    assert "MissingDllMessage(interpreter)" in procedure(setup, "RaiseMissingDll")
    for caller in ("NDims", "KillPy"):
        assert "XLPyLoadDLL" in procedure(xlwings, caller)


def test_every_ribbon_button_reaches_the_message(
    xlam_parts: dict[str, bytes], vba_modules: dict[str, str]
):
    root = ElementTree.fromstring(xlam_parts["customUI/customUI.xml"])
    actions = {b.get("onAction") for b in root.iter(f"{CUSTOM_UI_NS}button")}
    assert actions == {"RateCalcRibbon.RateCalcButton", "RateCalcSetup.RateCalcCheckSetup"}
    in_order(
        procedure(vba_modules["RateCalcRibbon"], "RateCalcButton"),
        "If Not RateCalcPythonReady() Then Exit Sub",
        "RunPython ",
    )
    setup = vba_modules["RateCalcSetup"]
    in_order(
        procedure(setup, "RateCalcPythonReady"),
        'If RateCalcInterpreter() = "" Then',
        "MsgBox MISSING_PYTHON_MESSAGE",
        "RateCalcPythonReady = False",
    )
    # Check setup is VBA only and says the same sentence when nothing is found.
    assert "RunPython" not in procedure(setup, "RateCalcCheckSetup")
    in_order(procedure(setup, "RateCalcCheckSetup"), "MsgBox SetupReport()")
    in_order(
        procedure(setup, "SetupReport"),
        "interpreter = FindInterpreter(source, tried)",
        'If interpreter = "" Then',
        "nextStep = MISSING_PYTHON_MESSAGE",
        "SetupReport = report & vbLf & nextStep",
    )
    # RunPython itself (macros that call it directly) says it too.
    in_order(
        procedure(vba_modules["xlwings"], "RunPython"),
        "interpreter = RateCalcInterpreter()",
        'If interpreter = "" Then',
        "MsgBox MISSING_PYTHON_MESSAGE",
        "Exit Function",
        "ExecuteWindows(",
    )


def test_check_setup_reports_interpreter_version_and_dll(vba_modules: dict[str, str]):
    report = procedure(vba_modules["RateCalcSetup"], "SetupReport")
    in_order(report, '"Python: ', '"xlwings: ', '"DLL: ')
    check = procedure(vba_modules["RateCalcSetup"], "PythonCheckCode")
    assert "xlwings.__version__ == '\" & XLWINGS_VERSION & \"'" in check
    assert "import sys, xlwings, ratecalc_addin" in check


def test_setup_module_only_calls_procedures_the_project_has(vba_modules: dict[str, str]):
    setup = vba_modules["RateCalcSetup"]
    xlwings = vba_modules["xlwings"]
    for name in ("GetConfig", "GetConfigFromFile", "GetConfigFilePath", "FileExists",
                 "ParentFolder", "GetMacDir", "ExpandEnvironmentStrings"):
        assert re.search(rf"\b{name}\b", setup), name
        # Public in the xlwings module: a Private one would not compile from another module.
        assert re.search(rf"^(Public )?Function {name}\(", xlwings, re.M), name
    assert re.search(r"^Public Const XLWINGS_VERSION As String", xlwings, re.M)


def test_an_unsupported_template_is_refused(tmp_path: Path):
    """A template whose look-ups changed must not silently ship the old behaviour."""
    from ratecalc_addin.build_xlam import route_interpreter_lookups

    with zipfile.ZipFile(template_path()) as z:
        source = read(z.read("xl/vbaProject.bin")).modules["xlwings"].source
    route_interpreter_lookups(source)  # the installed template is supported
    with pytest.raises(ValueError, match="not supported"):
        route_interpreter_lookups(source.replace('GetConfig("INTERPRETER_WIN", "")', "x", 1))
