"""Build the default letter template, ``resources/default_template.docx``.

    python scripts/build_letter_template.py [OUT.docx]

It is python-docx's default template with the letter's design added, then cut to the styles
a letter uses (:mod:`ratecalc_letter.lean_template`); ``resources/README.md`` says how it was
made and where it comes from.

The template is where the letter's look lives: page size and margins, and named styles that a
clinic can restyle in Word (Home > Styles > Modify) without touching code. The letter writer
applies these styles by name and never sets a font itself. Its headers are left empty: the
writer fills in the clinic's letterhead there, unless the clinic has put its own (a logo,
its own text) in the template's first-page header.

Styles (all start with ``RateCalc``):

========================== ==========================================================
``RateCalc Letterhead``     clinic name at the top of page 1
``RateCalc Letterhead Details`` address and contact line under it
``RateCalc Running Header`` small header on pages 2 and after
``RateCalc Body``           body text
``RateCalc Date``           the date line
``RateCalc Address``        recipient lines (no space between them)
``RateCalc Subject``        the "Re:" lines
``RateCalc Heading``        section headings
``RateCalc Bullet``         bulleted items (hanging indent)
``RateCalc Table``          table style: rules, header row, total row
``RateCalc Table Text``     text in table cells
``RateCalc Table Number``   figures in table cells (right-aligned)
``RateCalc Figure``         the paragraph holding the chart
``RateCalc Caption``        the chart's caption
``RateCalc Note``           small print under a table (sources)
``RateCalc Signature``      the closing, room to sign, and the signer's lines
``RateCalc Strong``         character style: header and total rows
========================== ==========================================================
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from ratecalc_letter.lean_template import make_lean
from ratecalc_letter.oxml_order import PPR_SEQUENCE, insert_in_order
from ratecalc_letter.package import LetterProperties, finish_settings, set_properties
from ratecalc_letter.styles import DEFAULT_TEMPLATE

FONT = "Arial"  # Word has it everywhere; LibreOffice renders it with metric-compatible Liberation
#: The template's properties date: when its design last changed (fixed, so that a rebuild of
#: an unchanged template gives the same bytes). A letter gets its own date.
TEMPLATE_DATE = datetime(2026, 12, 2, tzinfo=UTC)
NAVY = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)


_TABLE_STYLE_XML = f"""
<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="RateCalcTable">
  <w:name w:val="RateCalc Table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="1F4E79"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="1F4E79"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="43" w:type="dxa"/><w:left w:w="72" w:type="dxa"/>
      <w:bottom w:w="43" w:type="dxa"/><w:right w:w="72" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F4E79"/></w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="lastRow">
    <w:rPr><w:b/></w:rPr>
    <w:tcPr>
      <w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="1F4E79"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="EAF1F8"/>
    </w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _paragraph_style(doc: DocumentObject, name: str, *, size: float = 10.5, bold: bool = False,
                     italic: bool = False, color: RGBColor | None = None,
                     before: float = 0, after: float = 8, align: int | None = None,
                     keep_with_next: bool = False, base: str = "Normal") -> ParagraphStyle:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    if color is not None:
        font.color.rgb = color
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.1
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep_with_next
    # East-Asian and complex-script slots too, so Word does not fall back to its theme font
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(slot), FONT)
    return style


def _bottom_rule(style: ParagraphStyle, color: str = "1F4E79") -> None:
    """A rule under the paragraph: ``w:pBdr`` goes before ``w:shd``, ``w:tabs`` and
    ``w:spacing`` (CT_PPrBase), which python-docx has already written."""
    border = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="8" '
                       f'w:space="4" w:color="{color}"/></w:pBdr>')
    insert_in_order(style.element.get_or_add_pPr(), border, PPR_SEQUENCE)


def build_template(*, lean: bool = True) -> DocumentObject:
    """The default template as a python-docx Document (US Letter, 1 inch margins): with
    ``lean``, only the styles a letter reaches (:mod:`ratecalc_letter.lean_template`); else
    every style python-docx's default template carries, as the template was before
    2026-12-07 (the tests compare the two)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = Inches(0.9)
    section.bottom_margin = Inches(0.9)
    section.header_distance = section.footer_distance = Inches(0.45)
    section.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)

    _paragraph_style(doc, "RateCalc Letterhead", size=17, bold=True, color=NAVY, after=1)
    details = _paragraph_style(doc, "RateCalc Letterhead Details", size=8.5, color=GREY,
                               after=0)
    _bottom_rule(details)
    running = _paragraph_style(doc, "RateCalc Running Header", size=8, color=GREY, after=0)
    _bottom_rule(running, "BFBFBF")
    _paragraph_style(doc, "RateCalc Body", after=7)
    _paragraph_style(doc, "RateCalc Date", before=6, after=12)
    _paragraph_style(doc, "RateCalc Address", after=12)
    _paragraph_style(doc, "RateCalc Subject", bold=True, after=12)
    _paragraph_style(doc, "RateCalc Heading", size=12, bold=True, color=NAVY, before=10, after=4,
                     keep_with_next=True)
    bullet = _paragraph_style(doc, "RateCalc Bullet", after=2)
    bullet.paragraph_format.left_indent = Inches(0.3)
    bullet.paragraph_format.first_line_indent = Inches(-0.18)
    bullet.paragraph_format.tab_stops.add_tab_stop(Inches(0.3))
    _paragraph_style(doc, "RateCalc Table Text", size=8.5, after=0)
    _paragraph_style(doc, "RateCalc Table Number", size=8.5, after=0,
                     align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph_style(doc, "RateCalc Figure", before=6, after=2, align=WD_ALIGN_PARAGRAPH.CENTER,
                     keep_with_next=True)
    _paragraph_style(doc, "RateCalc Caption", size=8.5, italic=True, color=GREY, after=8,
                     align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, "RateCalc Note", size=8, color=GREY, before=3, after=8)
    # one paragraph from "Sincerely," to the clinic's name (ratecalc_letter.render), its room
    # to sign blank lines: spaced as the body text it follows
    _paragraph_style(doc, "RateCalc Signature", after=0)

    strong = doc.styles.add_style("RateCalc Strong", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    strong.quick_style = True

    # CT_Styles is docDefaults, latentStyles, then any number of w:style: the end is its place
    doc.styles.element.append(parse_xml(_TABLE_STYLE_XML))
    finish_settings(doc)
    set_properties(doc, LetterProperties(
        title="RateCalc letter template", subject="Letterhead and styles for RateCalc letters",
        author="RateCalc", company="", written=TEMPLATE_DATE,
        comments="Restyle the RateCalc styles (Home > Styles > Modify); RateCalc fills the "
                 "body and, when it is empty, the page-1 header."))
    # the body stays empty: the writer replaces it; one empty paragraph keeps Word happy
    return make_lean(doc) if lean else doc


def template_bytes(*, lean: bool = True) -> bytes:
    """The template's .docx, the same bytes each build of an unchanged design."""
    buffer = io.BytesIO()
    build_template(lean=lean).save(buffer)
    return _reproducible(buffer.getvalue())


def write_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Build the template and save it to ``path``; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes())
    return path


def _reproducible(package: bytes) -> bytes:
    """The same .docx with fixed zip timestamps, so rebuilding an unchanged template gives the
    same bytes (and no spurious change to commit)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    print(write_template(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE))
