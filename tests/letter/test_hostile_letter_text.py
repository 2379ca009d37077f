"""Names from data in the Word letter: on one line, and with nothing that reorders or hides
text (:func:`ratecalc.shown_text.document_text`).

A payer named with a bidi override (U+202E) had the rest of its paragraphs printed right to
left in the letter sent to it, and in the letter's title and subject (File > Info); a name
typed over two lines (Alt+Enter) broke the letter's sentences (python-docx writes a line break
as ``w:br``); a zero-width space went into the letter unseen.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from docx import Document

from ratecalc.shown_text import HIDDEN
from tests.cli.test_hostile_terminal import renamed_demo, run

PAYER = "Summit\n\u202eBlue\u200bCare\u202c PPO\u2066"
CLINIC = "Riverbend\u202e Physical\u2028Therapy & Rehab\ufeff"


def _hostile_letter(tmp_path: Path) -> Path:
    folder = renamed_demo(tmp_path, PAYER)
    clinic = folder / "clinic.csv"
    with clinic.open(encoding="utf-8", newline="") as f:
        rows = [[cell.replace("Riverbend Physical Therapy & Rehab", CLINIC) for cell in row]
                for row in csv.reader(f)]
    with clinic.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    out = tmp_path / "letter.docx"
    code, printed, err = run(["letter", str(folder), "--payer", PAYER, "--out", str(out),
                              "--date", "2025-12-01"])
    assert code == 0, err
    # the command's own line names the payer on one line too (its bidi controls escaped)
    [said] = [line for line in printed.splitlines() if "Summit" in line or "PPO" in line]
    assert said == (f"Wrote the proposal letter to Summit \\u202eBlue\u200bCare\\u202c "
                     f"PPO\\u2066: {out}")
    return out


def test_a_hostile_payer_and_clinic_name_read_in_order_on_one_line(tmp_path: Path) -> None:
    out = _hostile_letter(tmp_path)
    with zipfile.ZipFile(out) as package:
        texts = {name: package.read(name).decode("utf-8") for name in package.namelist()
                 if name.endswith((".xml", ".rels"))}
    assert [name for name, xml in texts.items() if HIDDEN.search(xml)] == []
    assert not any("\u2028" in xml for xml in texts.values())
    doc = Document(str(out))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Summit BlueCare PPO" in body
    assert "Riverbend Physical Therapy & Rehab" in body
    # a line break of the letter's own (the address block) is no line break in a name
    assert not re.search(r"Summit\s*\n|\n\s*BlueCare", body)
    header = "\n".join(p.text for p in doc.sections[0].first_page_header.paragraphs)
    assert header.startswith("Riverbend Physical Therapy & Rehab\n")
    core = doc.core_properties
    assert core.subject == "Proposal letter to Summit BlueCare PPO"
    assert core.author == "Jordan Ellis, PT, DPT"
    assert core.title.startswith("Rate proposal, agreement ") and "\n" not in core.title
    assert "<Company>Riverbend Physical Therapy &amp; Rehab</Company>" in texts["docProps/app.xml"]
