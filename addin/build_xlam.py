"""Build ``RateCalc.xlam`` on any platform from the ribbon add-in template inside xlwings.

Starting from the installed xlwings' ``quickstart_addin_ribbon.xlam`` keeps the add-in's VBA (the
``xlwings`` module that runs Python) at the same version as the Python package. The builder edits
the package (a zip) directly, since openpyxl cannot write an ``.xlam``:

- ``customUI/customUI.xml``: our RateCalc tab (``resources/customUI.xml``);
- ``xl/vbaProject.bin``, rewritten with every module stored as source only so that Excel compiles
  it on first open: the template's ``RibbonMyAddin`` module is replaced by our callback module
  ``RateCalcRibbon``; ``xlwings_udfs`` holds the UDF wrappers that xlwings' own generator writes
  (so users need no *Import Functions* step); ``RateCalcFunctions`` describes the functions to the
  Function Wizard when the add-in opens (``ThisWorkbook``'s ``Workbook_Open``); the ``xlwings``
  module's ``PROJECT_NAME`` becomes ``ratecalc``, and its three interpreter look-ups ask
  ``RateCalcSetup.RateCalcInterpreter`` instead (RateCalc's settings, then xlwings' own, then the
  Python that built the add-in, recorded in ``RateCalcSetup``), so that without a Python every
  function cell and button says in one sentence what to run (:data:`MISSING_PYTHON_MESSAGE`);
- the config sheet, renamed ``ratecalc.conf``, preset with ``UDF Modules`` = ``ratecalc_addin``.
  It holds nothing else on purpose: a key present on the sheet, even empty, would hide the user's
  ``ratecalc.conf`` file (interpreter path), which ``ratecalc addin install`` writes.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import types
import zipfile
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlwings

from ratecalc.atomic import atomic_write
from ratecalc.output_kinds import ADDIN, check_folder, check_output

from .vba_project import ModuleKind, VbaModule, VbaProject, read_project, write_project
from .xlwings_classic import generate_vba_wrapper

ADDIN_FILENAME = "RateCalc.xlam"
TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
#: The VBA project's name, shown in the VBA editor.
VBA_PROJECT_NAME = "RateCalc"
#: xlwings' PROJECT_NAME: names the config sheet (ratecalc.conf) and the user's config file
#: (%USERPROFILE%\.ratecalc\ratecalc.conf, or ratecalc.conf in Excel's container on macOS).
CONFIG_NAME = "ratecalc"
UDF_MODULE = "ratecalc_addin"
RIBBON_MODULE = "RateCalcRibbon"
WRAPPER_MODULE = "xlwings_udfs"
REGISTRATION_MODULE = "RateCalcFunctions"
SETUP_MODULE = "RateCalcSetup"
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
#: What every function cell and ribbon button says when no Python is found (one sentence).
MISSING_PYTHON_MESSAGE = (
    "RateCalc cannot find its Python: in a Command Prompt (Terminal on a Mac) where the ratecalc "
    "command works (after 'pip install .' in the RateCalc folder), run 'ratecalc addin install', "
    "then restart Excel."
)
CONFIG_SETTINGS: tuple[tuple[str, str], ...] = (("UDF Modules", UDF_MODULE),)

_PROJECT_NAME_LINE = re.compile(r'^(Public Const PROJECT_NAME As String = )"[^"]*"', re.M)
# The xlwings module's interpreter look-ups (RunPython; XLPyCommand and XLPyLoadDLL) and its
# "Could not load xlwings64-....dll" error, each replaced by a call into RateCalcSetup.
_RUNPYTHON_LOOKUP = re.compile(
    r'#If Mac Then\s+interpreter = GetConfig\("INTERPRETER_MAC", ""\)\s+#Else\s+'
    r'interpreter = GetConfig\("INTERPRETER_WIN", ""\)\s+#End If\s+'
    r'If interpreter = "" Then\s+\' Legacy\s+interpreter = GetConfig\("INTERPRETER", "python"\)'
    r"\s+End If"
)
_RUNPYTHON_REPLACEMENT = (
    "' RateCalc: one look-up order for every path (RateCalcSetup.FindInterpreter)\r\n"
    "    interpreter = RateCalcInterpreter()\r\n"
    '    If interpreter = "" Then\r\n'
    '        MsgBox MISSING_PYTHON_MESSAGE, vbExclamation, "RateCalc"\r\n'
    "        Exit Function\r\n"
    "    End If"
)
_PYTHON_WIN_LOOKUP = re.compile(
    r'PYTHON_WIN = GetConfig\("INTERPRETER_WIN", ""\)\s+If PYTHON_WIN = "" Then\s+\' Legacy\s+'
    r'PYTHON_WIN = GetConfig\("INTERPRETER", "pythonw"\)\s+End If'
)
_PYTHON_WIN_REPLACEMENT = (
    "' RateCalc: one look-up order for every path (RateCalcSetup.FindInterpreter)\r\n"
    "    PYTHON_WIN = RateCalcInterpreter()\r\n"
    '    If PYTHON_WIN = "" Then RaiseMissingPython'
)
_DLL_ERROR = re.compile(
    r'Err\.Raise 1, Description:= _\s+"Could not load " \+ XLPyDLLName.*?'
    r"ParentFolder\(ParentFolder\(PYTHON_WIN\)\)",
    re.S,
)


def template_path() -> Path:
    """The ribbon add-in template shipped inside the installed xlwings."""
    return Path(xlwings.__file__).parent / TEMPLATE_NAME


def _resource(name: str) -> str:
    return resources.files("ratecalc_addin").joinpath("resources", name).read_text("utf-8")


def udf_functions(module: types.ModuleType) -> list[Any]:
    """The module's UDFs, in the order xlwings' generator visits them (``dir`` order)."""
    return [
        getattr(module, name)
        for name in dir(module)
        if hasattr(getattr(module, name), "__xlfunc__")
    ]


class _AddinWorkbook:
    """Stands in for the COM workbook xlwings' generator asks for its name: an add-in, so the
    wrappers pass ``ActiveWorkbook`` (the user's workbook) rather than ``ThisWorkbook``."""

    Name = ADDIN_FILENAME


def udf_wrapper_source(module: types.ModuleType, module_name: str = UDF_MODULE) -> str:
    """The ``xlwings_udfs`` module: the header xlwings' ``import_udfs`` writes, then the wrappers
    that ``xlwings.udfs.generate_vba_wrapper`` generates for every UDF of ``module``."""
    out = io.StringIO()
    out.write(f'Attribute VB_Name = "{WRAPPER_MODULE}"\n')
    out.write("'Autogenerated code by xlwings - changes will be lost with next import!\n")
    out.write("""#Const App = "Microsoft Excel" 'Adjust when using outside of Excel\n""")
    generate_vba_wrapper(module_name, module, out, _AddinWorkbook())
    return out.getvalue()


def vba_string(text: str) -> str:
    """A VBA string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def summary(docstring: str | None) -> str:
    """The first paragraph of a docstring on one line: the Function Wizard's description."""
    first = (docstring or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def registration_source(functions: Iterable[Any]) -> str:
    """The ``RateCalcFunctions`` module: ``Application.MacroOptions`` for every UDF, which gives
    the Function Wizard its category, description and argument help (what xlwings'
    ``import_udfs`` does over COM, done here when the add-in opens)."""
    lines = [
        f'Attribute VB_Name = "{REGISTRATION_MODULE}"',
        "' Generated by ratecalc_addin.build_xlam from the UDFs' docstrings and argument help.",
        "Option Explicit",
        "",
        "Public Sub RegisterRateCalcFunctions()",
        "    ' Help for the Function Wizard only: a failure here must never stop the add-in.",
        "    On Error Resume Next",
    ]
    for function in functions:
        info = function.__xlfunc__
        docs = [a["doc"][:255] for a in info["args"] if not a["vba"]]
        lines.append(
            '    Application.MacroOptions Macro:="\'" & ThisWorkbook.Name & "\'!'
            + info["name"]
            + '", _'
        )
        lines.append(f"        Description:={vba_string(summary(info['ret']['doc'])[:255])}, _")
        if docs:
            lines.append(f"        Category:={vba_string(info['category'])}, _")
            lines.append("        ArgumentDescriptions:=Array( _")
            for i, doc in enumerate(docs):
                end = ", _" if i < len(docs) - 1 else ")"
                lines.append(f"            {vba_string(doc)}{end}")
        else:
            lines.append(f"        Category:={vba_string(info['category'])}")
    lines += [
        "    ThisWorkbook.Saved = True",
        "    On Error GoTo 0",
        "End Sub",
    ]
    return "\n".join(lines) + "\n"


def set_xlwings_project_name(source: str, name: str = CONFIG_NAME) -> str:
    """The ``xlwings`` module with its ``PROJECT_NAME`` constant set to ``name``."""
    changed, count = _PROJECT_NAME_LINE.subn(rf'\1"{name}"', source)
    if count != 1:
        raise ValueError(
            f"expected one PROJECT_NAME constant in the xlwings VBA module, found {count}: "
            f"this xlwings version's template is not supported"
        )
    return changed


def _substitute(pattern: re.Pattern[str], replacement: str, source: str, count: int) -> str:
    changed, found = pattern.subn(lambda _: replacement, source)
    if found != count:
        raise ValueError(
            f"expected {count} of {pattern.pattern[:40]!r}... in the xlwings VBA module, found "
            f"{found}: this xlwings version's template is not supported"
        )
    return changed


def route_interpreter_lookups(source: str) -> str:
    """The ``xlwings`` module with every interpreter look-up going through ``RateCalcSetup``."""
    source = _substitute(_RUNPYTHON_LOOKUP, _RUNPYTHON_REPLACEMENT, source, 1)
    source = _substitute(_PYTHON_WIN_LOOKUP, _PYTHON_WIN_REPLACEMENT, source, 2)
    return _substitute(_DLL_ERROR, "RaiseMissingDll PYTHON_WIN", source, 1)


def setup_source(interpreter: str, platform: str = sys.platform) -> str:
    """The ``RateCalcSetup`` module, recording ``interpreter`` as the one that built the add-in.

    A path VBA cannot hold (a double quote, or a character outside the VBA code page) is left
    out: the add-in then relies on the settings files alone.
    """
    try:
        interpreter.encode("cp1252")
    except UnicodeEncodeError:
        interpreter = ""
    if '"' in interpreter:
        interpreter = ""
    values = {
        "BUILD_INTERPRETER": interpreter,
        "BUILD_PLATFORM": platform,
        "MISSING_PYTHON_MESSAGE": MISSING_PYTHON_MESSAGE.replace('"', "'"),
    }
    source = _resource(f"vba/{SETUP_MODULE}.bas")
    for key, value in values.items():
        source = source.replace("{{" + key + "}}", value)
    return source


def build_vba_project(
    template: bytes,
    udf_module: types.ModuleType,
    module_name: str = UDF_MODULE,
    interpreter: str | None = None,
) -> bytes:
    """The add-in's ``vbaProject.bin`` from the template's.

    Parameters
    ----------
    template : bytes
        The template's ``xl/vbaProject.bin``.
    udf_module : module
        The module whose UDFs get wrappers (``ratecalc_addin``).
    module_name : str
        The name under which xlwings imports it (``UDF Modules``).
    interpreter : str, optional
        The Python recorded as the last place to look (default: the one running this).
    """
    project: VbaProject = read_project(template).renamed(VBA_PROJECT_NAME)
    project = project.without_module(TEMPLATE_RIBBON_MODULE)
    xlwings_module = project.module("xlwings")
    project = project.replace_module(
        xlwings_module.with_source(
            route_interpreter_lookups(set_xlwings_project_name(xlwings_module.source))
        )
    )
    this_workbook = project.module("ThisWorkbook")
    project = project.replace_module(
        this_workbook.with_source(this_workbook.source + _resource("vba/ThisWorkbook_events.bas"))
    )
    functions = udf_functions(udf_module)
    for name, source in (
        (RIBBON_MODULE, _resource(f"vba/{RIBBON_MODULE}.bas")),
        (SETUP_MODULE, setup_source(interpreter or sys.executable)),
        (WRAPPER_MODULE, udf_wrapper_source(udf_module, module_name)),
        (REGISTRATION_MODULE, registration_source(functions)),
    ):
        project = project.replace_module(
            VbaModule(name, ModuleKind.STANDARD, "").with_source(source)
        )
    return write_project(project)


def config_sheet_xml(template_sheet: str, shared_index: Callable[[str], int]) -> str:
    """The config sheet: the template's sheet XML with our settings as its only rows."""
    rows = []
    for number, (key, value) in enumerate(CONFIG_SETTINGS, start=1):
        rows.append(
            f'<row r="{number}"><c r="A{number}" s="1" t="s"><v>{shared_index(key)}</v></c>'
            f'<c r="B{number}" s="1" t="s"><v>{shared_index(value)}</v></c></row>'
        )
    sheet = re.sub(
        r"<sheetData>.*</sheetData>",
        "<sheetData>" + "".join(rows) + "</sheetData>",
        template_sheet,
        flags=re.S,
    )
    sheet = re.sub(
        r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{len(CONFIG_SETTINGS)}" />', sheet
    )
    return sheet


def shared_strings_xml(strings: list[str]) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )


def _config_sheet_target(workbook_xml: str, rels_xml: str) -> tuple[str, str]:
    """The config sheet's current name and its part (``xl/worksheets/sheet1.xml``)."""
    match = re.search(r'<sheet name="([^"]*\.conf)"[^>]*r:id="([^"]+)"', workbook_xml)
    if match is None:
        raise ValueError("the xlwings template has no *.conf sheet")
    target = re.search(rf'Id="{match.group(2)}"[^>]*Target="([^"]+)"', rels_xml) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{match.group(2)}"', rels_xml
    )
    if target is None:
        raise ValueError("the config sheet of the xlwings template has no part")
    return match.group(1), "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def build_xlam_bytes(
    template: Path | None = None,
    udf_module: types.ModuleType | None = None,
    interpreter: str | None = None,
) -> bytes:
    """The add-in file's content (see the module notes for what changes); ``interpreter`` is
    recorded as the Python to fall back on (default: the one running this)."""
    module = udf_module if udf_module is not None else importlib.import_module(UDF_MODULE)
    source = template or template_path()
    with zipfile.ZipFile(source) as zin:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
        infos = zin.infolist()

    workbook_xml = parts["xl/workbook.xml"].decode("utf-8")
    rels_xml = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    old_sheet_name, sheet_part = _config_sheet_target(workbook_xml, rels_xml)
    strings: list[str] = []

    def shared_index(text: str) -> int:
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    parts[sheet_part] = config_sheet_xml(parts[sheet_part].decode("utf-8"), shared_index).encode(
        "utf-8"
    )
    parts["xl/sharedStrings.xml"] = shared_strings_xml(strings).encode("utf-8")
    parts["xl/workbook.xml"] = workbook_xml.replace(
        f'<sheet name="{old_sheet_name}"', f'<sheet name="{CONFIG_NAME}.conf"'
    ).encode("utf-8")
    parts["customUI/customUI.xml"] = _resource("customUI.xml").encode("utf-8")
    parts["xl/vbaProject.bin"] = build_vba_project(
        parts["xl/vbaProject.bin"], module, interpreter=interpreter
    )
    parts["docProps/core.xml"] = _core_properties(parts["docProps/core.xml"].decode("utf-8"))

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:  # the template's part order, [Content_Types].xml first
            zout.writestr(info.filename, parts[info.filename])
    return out.getvalue()


def _core_properties(xml: str) -> bytes:
    """Title and description, which Excel's Add-ins dialog shows."""
    xml = re.sub(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", "<dc:title>RateCalc</dc:title>", xml)
    description = (
        "RateCalc: payer-rate negotiation for therapy clinics. Worksheet functions (category "
        "RateCalc) and the RateCalc ribbon tab; needs Python with the ratecalc package."
    )
    xml = re.sub(
        r"<dc:description\s*/>|<dc:description>.*?</dc:description>",
        f"<dc:description>{escape(description)}</dc:description>",
        xml,
    )
    xml = re.sub(r"<dc:creator>.*?</dc:creator>", "<dc:creator>RateCalc</dc:creator>", xml)
    xml = re.sub(
        r"<cp:lastModifiedBy>.*?</cp:lastModifiedBy>",
        "<cp:lastModifiedBy>ratecalc addin build</cp:lastModifiedBy>",
        xml,
    )
    return xml.encode("utf-8")


def build_xlam(
    out_dir: str | Path, filename: str = ADDIN_FILENAME, interpreter: str | None = None
) -> Path:
    """Write the add-in into ``out_dir`` (created if needed), atomically.

    Parameters
    ----------
    out_dir : str or Path
        Folder for the add-in.
    filename : str
        Default ``RateCalc.xlam``.
    interpreter : str, optional
        The Python the add-in falls back on when no settings name one (default: this one).

    Returns
    -------
    Path
        The add-in's path.
    """
    folder = Path(out_dir)
    check_folder(folder, "the add-in")
    target = folder / filename
    check_output(target, ADDIN)
    folder.mkdir(parents=True, exist_ok=True)
    content = build_xlam_bytes(interpreter=interpreter)
    return atomic_write(target, content, kind=ADDIN)
