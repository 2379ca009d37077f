"""The built RateCalc.xlam, checked with readers that share no code with the builder: oletools
(VBA), the standard library's zip and XML parsers (package parts), LibreOffice (whole file)."""

from __future__ import annotations

import inspect
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xlwings

import ratecalc_addin
from ratecalc.kept_copies import RECORD_FILE
from ratecalc_addin.ribbon import HANDLERS
from tests.addin.oletools_reader import read
from tests.workbook.libreoffice import run_soffice

CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EXPECTED_MODULES = {
    "ThisWorkbook",
    "Sheet2",
    "Dictionary",
    "xlwings",
    "RateCalcRibbon",
    "xlwings_udfs",
    "RateCalcFunctions",
    "RateCalcSetup",
}
# VBA keywords that cannot name an argument ([MS-VBAL] 3.3.5.2 reserved identifiers).
VBA_RESERVED = {
    "abs",
    "addressof",
    "and",
    "any",
    "as",
    "attribute",
    "boolean",
    "byref",
    "byte",
    "byval",
    "call",
    "case",
    "cbool",
    "cbyte",
    "ccur",
    "cdate",
    "cdbl",
    "cdec",
    "cint",
    "clng",
    "clnglng",
    "clngptr",
    "close",
    "const",
    "csng",
    "cstr",
    "currency",
    "cvar",
    "cverr",
    "date",
    "debug",
    "decimal",
    "declare",
    "defbool",
    "defbyte",
    "defcur",
    "defdate",
    "defdbl",
    "defdec",
    "defint",
    "deflng",
    "deflnglng",
    "deflngptr",
    "defobj",
    "defsng",
    "defstr",
    "defvar",
    "dim",
    "do",
    "doevents",
    "double",
    "each",
    "else",
    "elseif",
    "empty",
    "end",
    "endif",
    "enum",
    "eqv",
    "erase",
    "error",
    "event",
    "exit",
    "false",
    "fix",
    "for",
    "friend",
    "function",
    "get",
    "global",
    "gosub",
    "goto",
    "if",
    "imp",
    "implements",
    "in",
    "input",
    "inputb",
    "int",
    "integer",
    "is",
    "lbound",
    "len",
    "lenb",
    "let",
    "like",
    "lock",
    "long",
    "longlong",
    "longptr",
    "loop",
    "lset",
    "me",
    "mid",
    "midb",
    "mod",
    "new",
    "next",
    "not",
    "nothing",
    "null",
    "object",
    "on",
    "open",
    "option",
    "optional",
    "or",
    "paramarray",
    "preserve",
    "print",
    "private",
    "ptrsafe",
    "public",
    "put",
    "raiseevent",
    "redim",
    "rem",
    "resume",
    "return",
    "rset",
    "scale",
    "seek",
    "select",
    "set",
    "sgn",
    "shared",
    "single",
    "spc",
    "static",
    "step",
    "stop",
    "string",
    "sub",
    "tab",
    "then",
    "to",
    "true",
    "type",
    "typeof",
    "ubound",
    "unlock",
    "until",
    "variant",
    "vb_base",
    "wend",
    "while",
    "width",
    "with",
    "withevents",
    "write",
    "xor",
}


def custom_ui(parts: dict[str, bytes]) -> ElementTree.Element:
    return ElementTree.fromstring(parts["customUI/customUI.xml"])


def buttons(parts: dict[str, bytes]) -> list[ElementTree.Element]:
    return list(custom_ui(parts).iter(f"{CUSTOM_UI_NS}button"))


def test_every_module_reads_back_with_oletools(vba_modules: dict[str, str]):
    assert set(vba_modules) == EXPECTED_MODULES
    assert "RibbonMyAddin" not in vba_modules  # the template's callback is gone


def test_project_is_named_and_parses_strictly(xlam_parts: dict[str, bytes]):
    project = read(xlam_parts["xl/vbaProject.bin"])
    assert project.name == "RateCalc"
    assert set(project.modules) == EXPECTED_MODULES
    assert {m.text_offset for m in project.modules.values()} == {0}  # source only
    assert project.streams["VBA/_VBA_PROJECT"][2:4] == b"\xff\xff"


def test_custom_ui_is_well_formed_with_unique_ids(xlam_parts: dict[str, bytes]):
    root = custom_ui(xlam_parts)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    tab = root.find(f".//{CUSTOM_UI_NS}tab")
    assert tab is not None and tab.get("label") == "RateCalc"
    labels = [b.get("label") for b in buttons(xlam_parts)]
    assert labels == [
        "Refresh analysis",
        "Draft proposal letter",
        "Import fee schedule",
        "Import remittances",
        "Import market rates",
        "New workbook",
        "Upgrade workbook",
        "Help",
        "Check setup",
    ]


def test_every_button_has_a_python_handler_and_back(xlam_parts: dict[str, bytes]):
    python_buttons = {
        b.get("id")
        for b in buttons(xlam_parts)
        if b.get("onAction") == "RateCalcRibbon.RateCalcButton"
    }
    assert python_buttons == set(HANDLERS)
    # The one button that is not Python's answers even when Python cannot start.
    others = {b.get("id"): b.get("onAction") for b in buttons(xlam_parts)}
    assert {k: v for k, v in others.items() if k not in python_buttons} == {
        "check_setup": "RateCalcSetup.RateCalcCheckSetup"
    }


def test_every_on_action_resolves_to_a_ribbon_callback_sub(
    xlam_parts: dict[str, bytes], vba_modules: dict[str, str]
):
    for button in buttons(xlam_parts):
        action = button.get("onAction")
        assert action, button.get("id")
        module, _, sub = action.rpartition(".")
        sources = [vba_modules[module]] if module else list(vba_modules.values())
        pattern = re.compile(
            rf"^\s*(Public\s+)?Sub\s+{re.escape(sub)}\s*\(\s*(ByRef\s+|ByVal\s+)?\w+\s+As\s+"
            r"IRibbonControl\s*\)",
            re.I | re.M,
        )
        assert any(pattern.search(src) for src in sources), action


def test_the_callback_passes_the_button_id_to_ribbon_action(vba_modules: dict[str, str]):
    source = vba_modules["RateCalcRibbon"]
    assert (
        'RunPython "import ratecalc_addin; ratecalc_addin.ribbon_action(\'" & control.ID & "\')"'
        in source
    )
    assert "Function RunPython(" in vba_modules["xlwings"]  # the callee exists in the project


def _wrapper_signature(source: str, name: str) -> list[tuple[str, bool]]:
    match = re.search(rf"^Function {name}\((.*)\)\s*$", source, re.M)
    assert match, f"no VBA wrapper for {name}"
    params = [p.strip() for p in match.group(1).split(",") if p.strip()]
    return [(p.removeprefix("Optional ").strip(), p.startswith("Optional ")) for p in params]


def test_a_wrapper_exists_for_every_udf_with_its_python_signature(vba_modules: dict[str, str]):
    source = vba_modules["xlwings_udfs"]
    for udf in ratecalc_addin.UDFS:
        name = udf.__name__
        expected = [
            (p.name, p.default is not inspect.Parameter.empty)
            for p in inspect.signature(udf).parameters.values()
        ]
        assert _wrapper_signature(source, name) == expected
        args = ", ".join(n for n, _ in expected)
        call = f'XLPy.CallUDF("ratecalc_addin", "{name}", Array({args}), ActiveWorkbook'
        assert call in source
    assert len(re.findall(r"^Function ", source, re.M)) == len(ratecalc_addin.UDFS)


def test_no_argument_is_named_after_a_vba_keyword(vba_modules: dict[str, str]):
    for udf in ratecalc_addin.UDFS:
        for name, _ in _wrapper_signature(vba_modules["xlwings_udfs"], udf.__name__):
            assert name.lower() not in VBA_RESERVED, (udf.__name__, name)


def test_function_wizard_help_is_registered_when_the_addin_opens(vba_modules: dict[str, str]):
    assert re.search(
        r"Private Sub Workbook_Open\(\)\s+RegisterRateCalcFunctions", vba_modules["ThisWorkbook"]
    )
    source = vba_modules["RateCalcFunctions"]
    assert "Public Sub RegisterRateCalcFunctions()" in source
    statements = source.split("Application.MacroOptions")[1:]
    assert len(statements) == len(ratecalc_addin.UDFS)
    for udf, statement in zip(
        sorted(ratecalc_addin.UDFS, key=lambda f: f.__name__), statements, strict=True
    ):
        assert f"'!{udf.__name__}\"" in statement
        assert 'Category:="RateCalc"' in statement
        descriptions = re.findall(r'^\s+"(.*)"(?:, _|\))\r?$', statement, re.M)
        assert len(descriptions) == len(inspect.signature(udf).parameters)
        assert all(0 < len(d) <= 255 for d in descriptions)


def test_vba_lines_fit_the_editor(vba_modules: dict[str, str]):
    for name, source in vba_modules.items():
        assert max(len(line) for line in source.splitlines()) <= 1023, name
        continuations = 0
        for line in source.splitlines():
            continuations = continuations + 1 if line.endswith(" _") else 0
            assert continuations <= 24, name  # VBA allows 24 continuations per statement


def test_vba_names_the_installed_xlwings_version(vba_modules: dict[str, str]):
    source = vba_modules["xlwings"]
    assert f"'Version: {xlwings.__version__}" in source
    assert f'Public Const XLWINGS_VERSION As String = "{xlwings.__version__}"' in source
    assert f'"xlwings64-{xlwings.__version__}.dll"' in source
    assert re.search(r'^Public Const PROJECT_NAME As String = "ratecalc"', source, re.M)


def _config_sheet(parts: dict[str, bytes]) -> tuple[str, list[list[str]]]:
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    sheets = [s.get("name") for s in workbook.iter(f"{MAIN_NS}sheet")]
    strings = [
        "".join(t.text or "" for t in si.iter(f"{MAIN_NS}t"))
        for si in ElementTree.fromstring(parts["xl/sharedStrings.xml"])
    ]
    sheet = ElementTree.fromstring(parts["xl/worksheets/sheet1.xml"])
    rows = [
        [strings[int(c.find(f"{MAIN_NS}v").text)] for c in row.iter(f"{MAIN_NS}c")]
        for row in sheet.iter(f"{MAIN_NS}row")
    ]
    assert len(sheets) == 1
    return sheets[0], rows


def test_config_sheet_names_the_udf_module_and_nothing_else(xlam_parts: dict[str, bytes]):
    name, rows = _config_sheet(xlam_parts)
    assert name == "ratecalc.conf"  # xlwings reads PROJECT_NAME & ".conf"
    assert rows == [["UDF Modules", "ratecalc_addin"]]


def test_package_declares_an_addin_with_macros_and_a_ribbon(xlam_parts: dict[str, bytes]):
    types = xlam_parts["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types
    assert "application/vnd.ms-office.vbaProject" in types
    rels = xlam_parts["_rels/.rels"].decode()
    assert 'Target="customUI/customUI.xml"' in rels
    core = xlam_parts["docProps/core.xml"].decode()
    assert "<dc:title>RateCalc</dc:title>" in core
    for name, data in xlam_parts.items():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(data)  # every XML part is well formed


def test_build_is_atomic_and_repeatable(tmp_path: Path):
    from ratecalc_addin.build_xlam import build_xlam

    first = build_xlam(tmp_path).read_bytes()
    second = build_xlam(tmp_path).read_bytes()
    # no temp file left; beside the add-in only the record that RateCalc wrote it
    # (ratecalc.kept_copies: a user's own RateCalc.xlam there would have been kept first)
    assert sorted(p.name for p in tmp_path.iterdir()) == [RECORD_FILE, "RateCalc.xlam"]
    with zipfile.ZipFile(tmp_path / "RateCalc.xlam") as z:
        assert z.testzip() is None
    assert len(first) == len(second)


@pytest.fixture(scope="module")
def libreoffice_ods(xlam: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("lo")
    # the tests' LibreOffice (its profile skips the graphics self-tests: a second a start)
    done = run_soffice(["--infilter=Calc MS Excel 2007 VBA XML", "--convert-to", "ods",
                        "--outdir", str(work)], [xlam], timeout=300)
    ods = work / "RateCalc.ods"
    assert ods.exists(), done.stdout + done.stderr
    with zipfile.ZipFile(ods) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def _basic_text(xml: str) -> str:
    return ElementTree.fromstring(xml).text or ""


@pytest.mark.libreoffice
def test_libreoffice_loads_the_addin_and_sees_every_module(libreoffice_ods: dict[str, str]):
    modules = {
        name.split("/")[2].removesuffix(".xml")
        for name in libreoffice_ods
        if name.startswith("Basic/RateCalc/") and not name.endswith("script-lb.xml")
    }
    assert modules == EXPECTED_MODULES
    ribbon = _basic_text(libreoffice_ods["Basic/RateCalc/RateCalcRibbon.xml"])
    assert "Public Sub RateCalcButton(control As IRibbonControl)" in ribbon
    wrappers = _basic_text(libreoffice_ods["Basic/RateCalc/xlwings_udfs.xml"])
    for udf in ratecalc_addin.UDFS:
        assert f"Function {udf.__name__}(" in wrappers
    xlwings_text = _basic_text(libreoffice_ods["Basic/RateCalc/xlwings.xml"])
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in xlwings_text


@pytest.mark.libreoffice
def test_libreoffice_sees_the_config_sheet(libreoffice_ods: dict[str, str]):
    content = libreoffice_ods["content.xml"]
    assert 'table:name="ratecalc.conf"' in content
    cells = re.findall(r"<text:p>([^<]*)</text:p>", content)
    assert cells[:2] == ["UDF Modules", "ratecalc_addin"]
