"""Dependencies point inward: the core never loads the Excel, workbook or Word libraries."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ["xlwings", "openpyxl", "docx", "ratecalc_addin", "ratecalc_workbook",
             "ratecalc_letter", "ratecalc_cli"]


def test_core_imports_no_adapter_library():
    code = (
        "import sys, ratecalc, ratecalc.analysis, ratecalc.loaders, ratecalc.medicare, "
        "ratecalc.report, ratecalc.demo\n"
        "from ratecalc.analysis import analyze\n"
        "from ratecalc.demo import demo_data\n"
        "analyze(demo_data())\n"
        f"print([m for m in {FORBIDDEN!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_core_source_names_no_adapter_library():
    from pathlib import Path

    import ratecalc

    root = Path(ratecalc.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for line in path.read_text().splitlines():
            words = line.strip().split()
            if words[:1] in (["import"], ["from"]) and any(
                    words[1] == m or words[1].startswith(m + ".") for m in FORBIDDEN):
                offenders.append(f"{path.relative_to(root)}: {line.strip()}")
    assert offenders == []
