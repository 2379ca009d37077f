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


def test_a_hostile_market_label_and_code_in_the_chart_read_in_order() -> None:
    """The chart's series names and categories are :func:`document_text` too: the demo's
    letter names no payer there, so the test above never reached them (a label or code from
    data with a bidi override or a line break, drawn by Word as it is)."""
    from lxml import etree

    from ratecalc_letter.blocks import Chart
    from ratecalc_letter.chart import chart_xml

    chart = Chart(("97110", "97\u200b140\u202e"), (25.22, 24.58), (29.00, 28.26),
                  (31.66, 30.00), "Market Summit\n\u202eBlue\u200bCare\u202c PPO\u2066",
                  "Figure 1.")
    xml = chart_xml(chart)
    assert HIDDEN.search(xml.decode("utf-8")) is None
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    root = etree.fromstring(xml)
    names = [ser.find(f"{c}tx//{c}v").text for ser in root.iter(f"{c}ser")]
    assert names == ["Current rate", "Proposed rate", "Market Summit BlueCare PPO"]
    for ser in root.iter(f"{c}ser"):
        assert [pt.find(f"{c}v").text for pt in ser.find(f"{c}cat").iter(f"{c}pt")] == [
            "97110", "97140"]


def test_a_hostile_description_in_the_letters_table_reads_in_order(tmp_path: Path) -> None:
    """A table cell of the letter is :func:`document_text` too: a code's description the
    clinic typed (Volumes' ``description`` column) with a bidi override, a zero-width space and
    a line break reached the proposal's rate table, which the test above (a payer and clinic
    name, neither in a table) never reached."""
    folder = renamed_demo(tmp_path, "Summit BlueCare PPO")
    volumes = folder / "volumes.csv"
    with volumes.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    described = "Therapeutic\n\u202eexer\u200bcise\u202c drills\u2066"
    rows = [[*rows[0], "description"],
            *[[*row, described if row[:2] == ["Summit BlueCare PPO", "97110"] else ""]
              for row in rows[1:]]]
    with volumes.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    out = tmp_path / "letter.docx"
    code, _, err = run(["letter", str(folder), "--payer", "Summit BlueCare PPO", "--out",
                        str(out), "--date", "2025-12-01"])
    assert code == 0, err
    with zipfile.ZipFile(out) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert HIDDEN.search(body) is None
    cells = [cell.text for table in Document(str(out)).tables for row in table.rows
             for cell in row.cells]
    assert any("Therapeutic exercise drills" in cell for cell in cells), cells
