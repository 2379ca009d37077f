"""Lay a :class:`~ratecalc_letter.content.LetterContent` out as a Word document.

The template gives the look: page setup, headers and named styles (see
:mod:`ratecalc_letter.make_template`). This module only applies styles by name; it never sets a
font, size or colour. It keeps the template's headers, footers, page setup and styles and
replaces the template's body with the letter.

Letterhead: when the template's page-1 header is empty, the clinic's name and contact lines are
written there with the ``RateCalc Letterhead`` styles, and pages 2 on get a small running header
with the page number. A template whose header already has content (the clinic's own letterhead,
a logo) is left as it is.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section, _BaseHeaderFooter
from docx.shared import Emu, Inches
from docx.styles import BabelFish
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from ratecalc.atomic import atomic_write
from ratecalc.errors import InputError
from ratecalc.input_paths import LETTER_TEMPLATE
from ratecalc.kept_copies import keep_copy
from ratecalc.output_kinds import LETTER, check_output
from ratecalc.regular_files import not_a_file
from ratecalc.shown_text import document_text
from ratecalc_letter.blocks import (
    Bullets,
    Chart,
    Heading,
    LetterContent,
    Paragraph,
    Signature,
    Table,
)
from ratecalc_letter.chart import chart_workbook, chart_xml
from ratecalc_letter.formats import NO_BREAK_HYPHEN
from ratecalc_letter.oxml_order import TBLPR_SEQUENCE, insert_in_order
from ratecalc_letter.package import LetterProperties, finish_settings, set_properties
from ratecalc_letter.styles import ALL_STYLES, DEFAULT_TEMPLATE
from ratecalc_letter.template_safety import (
    drop_external_links,
    refuse_active_fields,
    refuse_foreign_content,
    refuse_nameless_styles,
    template_bytes,
)
from ratecalc_letter.xml_text import quoteattr

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
#: Paragraph roles of :class:`~ratecalc_letter.content.Paragraph` -> template style.
ROLE_STYLES = {"body": "RateCalc Body", "note": "RateCalc Note"}
#: Share of the text width each named table takes (narrow tables read better).
TABLE_WIDTHS = {"summary": 0.7, "value": 0.85}
#: Tables with at most this many rows are kept on one page; longer ones break between rows
#: and repeat their header.
KEEP_TOGETHER_ROWS = 12
#: A table that breaks leaves at least this many of its rows on each page: its header keeps
#: with its first rows and its last rows keep together. Two or three rows under the repeated
#: header read as an afterthought (the demo's Cardinal and Pioneer proposals printed their 15
#: codes as 13 + 2 and 12 + 3).
MIN_ROWS_A_PAGE = 5
#: Bulleted lists with at most this many items print whole (each item keeps with the next);
#: a longer one keeps its first two items with its lead-in and its last two together. Fewer
#: than a table's rows: LibreOffice 7.4 honours a chain of kept paragraphs up to a lead-in and
#: seven items, and let a longer one break at its top, the lead-in alone at a page's foot
#: (measured on rendered pages; tests/letter/test_list_pages.py).
KEEP_TOGETHER_ITEMS = 6
#: The letter's last paragraphs that print on the closing's page, whole: with the last one
#: only kept with the closing and free to split at a page's end, a print review in LibreOffice
#: found one letter of ten with a closing paragraph alone at a page's foot.
ENDING_PARAGRAPHS = 2
#: Blank lines between the closing and the signer's name: room to sign.
SIGNING_LINES = 2


@cache
def _default_template_bytes() -> bytes:
    try:
        return DEFAULT_TEMPLATE.read_bytes()
    except FileNotFoundError:  # a source checkout that never ran make_template
        from ratecalc_letter.make_template import build_template

        buffer = io.BytesIO()
        build_template().save(buffer)
        return buffer.getvalue()


def open_template(template: str | Path | None = None) -> DocumentObject:
    """The template as a Document: ``template``, else the default one (see
    :func:`load_template`, which also returns the warnings)."""
    return load_template(template)[0]


def load_template(template: str | Path | None = None
                  ) -> tuple[DocumentObject, tuple[str, ...]]:
    """The template as a Document, and warnings about what was dropped from it.

    A clinic's template loses its external links (each one a warning) and is refused when it
    holds code or active fields (see :mod:`ratecalc_letter.template_safety`).

    Raises
    ------
    ratecalc.errors.InputError
        The file is missing, is not a Word document (.docx/.dotx), or is macro-enabled.
    """
    if template is None:
        return Document(io.BytesIO(_default_template_bytes())), ()
    path = Path(template)
    if (what := not_a_file(path)) is not None:
        raise InputError(LETTER_TEMPLATE.refusal(path, what))
    data = template_bytes(path)
    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
        raise InputError(f"template '{path.name}': not a Word .docx document ({exc})") from None
    refuse_active_fields(doc, path.name)
    refuse_foreign_content(doc, path.name)
    refuse_nameless_styles(doc, path.name)
    warnings = drop_external_links(doc, path.name)
    _add_missing_styles(doc)
    return doc, tuple(warnings)


def _add_missing_styles(doc: DocumentObject) -> None:
    """Copy the RateCalc styles a clinic's own template lacks from the default template, so
    any letterhead .docx can serve as a template."""
    have = {s.name for s in doc.styles}
    default = Document(io.BytesIO(_default_template_bytes()))
    for name in ALL_STYLES:
        if name not in have:
            doc.styles.element.append(copy.deepcopy(default.styles[name].element))


def _text_width(section: Section) -> int:
    """Width between the margins [EMU]; a template without a page size is US Letter with
    1-inch margins, as Word assumes."""
    width = section.page_width or Inches(8.5)
    left = section.left_margin if section.left_margin is not None else Inches(1)
    right = section.right_margin if section.right_margin is not None else Inches(1)
    return int(width - left - right)


def _has_content(part: _BaseHeaderFooter) -> bool:
    if part.is_linked_to_previous:
        return False
    element = part._element
    return bool(element.xpath(".//w:drawing | .//w:pict | .//w:tbl")
                or any(t.text and t.text.strip() for t in element.iter(qn("w:t"))))


def _clear(part: _BaseHeaderFooter) -> None:
    for child in list(part._element):
        part._element.remove(child)


def _clear_body(doc: DocumentObject) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_table_layout(table: DocxTable, widths: list[int], has_total: bool) -> None:
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    twips = [int(w / 635) for w in widths]  # 635 EMU per twip
    for made in (
        f'<w:tblW {nsdecls("w")} w:w="{sum(twips)}" w:type="dxa"/>',
        f'<w:tblInd {nsdecls("w")} w:w="0" w:type="dxa"/>',
        f'<w:tblLook {nsdecls("w")} w:val="{"0060" if has_total else "0020"}" w:firstRow="1" '
        f'w:lastRow="{1 if has_total else 0}" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/>',
    ):
        insert_in_order(tbl_pr, parse_xml(made), TBLPR_SEQUENCE)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        for tc, width in zip(_new_row_cells(row), widths, strict=True):
            tc.width = Emu(width)


def _new_row_cells(row: Any) -> list[Any]:
    """The ``w:tc`` elements of a row of a table just added (a cell per grid column, none
    merged): python-docx's ``row.cells`` walks the whole table's grid for merged cells on each
    call, a tenth of a letter's rendering."""
    return list(row._tr.tc_lst)


def _row_properties(row_element: object, header: bool) -> None:
    # CT_TrPrBase is a choice of any number, in any order: appending keeps it valid. Only the
    # header, repeated atop each page, is a row that cannot split: with every row so, LibreOffice
    # dropped ten of the rate table's fifteen rows from the pages (Pioneer's proposal, its first
    # five rows ending page 1). A body row's cells keep their lines together instead
    # (:meth:`_Writer.table`)
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    if header:
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


_P_PR, _P_STYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_KEEP_NEXT, _KEEP_LINES = qn("w:keepNext"), qn("w:keepLines")


def _new_paragraph_properties(p: Any, style_id: str, keep_with_next: bool = False,
                              keep_together: bool = False) -> None:
    """Give ``p``, a paragraph just added (no properties, no runs), its style and keeps: the
    ``w:pPr`` python-docx's setters make (``p.style = ...``, ``keep_with_next = True``,
    ``keep_together = True``), built in the schema's order at once.

    Those setters look for each element's later siblings, tag by tag, before inserting it (an
    empty ``w:pPr`` is searched for its 33 possible successors): about a third of a letter's
    rendering went there, most of it in the tables' cells, a paragraph each.
    """
    if len(p):  # not a new paragraph: python-docx's setters place each element
        p.style = style_id
        if keep_with_next:
            p.get_or_add_pPr().keepNext_val = True
        if keep_together:
            p.get_or_add_pPr().keepLines_val = True
        return
    properties = etree.SubElement(p, _P_PR)
    etree.SubElement(properties, _P_STYLE).set(_VAL, style_id)
    if keep_with_next:
        etree.SubElement(properties, _KEEP_NEXT)
    if keep_together:
        etree.SubElement(properties, _KEEP_LINES)


def _add_run(paragraph: DocxParagraph, text: str) -> Run:
    """A run of ``text``; U+2011 becomes Word's non-breaking hyphen (``w:noBreakHyphen``),
    which every Word and LibreOffice font shows, unlike the U+2011 glyph.

    The text is :func:`ratecalc.shown_text.document_text`: a payer or clinic named with a line
    break broke the letter's sentence (python-docx writes one as ``w:br``), and one holding a
    bidi override reversed the rest of its paragraph in the letter sent to the payer. The
    letter's own line breaks are runs of their own (:meth:`_Writer.lines`)."""
    text = document_text(text)
    if NO_BREAK_HYPHEN not in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    for i, part in enumerate(text.split(NO_BREAK_HYPHEN)):
        if i:
            run._r.append(parse_xml(f'<w:noBreakHyphen {nsdecls("w")}/>'))
        if part:
            run._r.add_t(part)
    return run


def letter_font(doc: DocumentObject, style_name: str) -> str:
    """The font family text in ``style_name`` is set in, as Word resolves it: the style's
    own, else its base styles', else the document defaults', a theme font read from the theme
    (``minorHAnsi`` -> the theme's minor Latin font); "Arial" when none is named."""
    style: Any = doc.styles[style_name] if style_name in [s.name for s in doc.styles] \
        else None
    while style is not None:
        found = _rfonts_family(doc, style.element.rPr)
        if found:
            return found
        style = style.base_style
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    return _rfonts_family(doc, rpr) or "Arial"


def _rfonts_family(doc: DocumentObject, rpr: Any) -> str:
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if rfonts is None:
        return ""
    named = rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))
    if named:
        return str(named)
    theme = rfonts.get(qn("w:asciiTheme")) or rfonts.get(qn("w:hAnsiTheme"))
    return _theme_font(doc, "major" if theme and theme.startswith("major") else "minor") \
        if theme else ""


def _theme_font(doc: DocumentObject, which: str) -> str:
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, _SAFE_XML)
            latin = root.find(f".//{a}{which}Font/{a}latin")
            if latin is not None and latin.get("typeface"):
                return str(latin.get("typeface"))
    return ""


def _style_ids(doc: DocumentObject, names: Sequence[str]) -> dict[str, str]:
    """The id of the style each of ``names`` names, found as ``doc.styles[name]`` finds it
    (the first ``w:style`` with a ``w:name`` of that value), in one pass over the styles:
    ``doc.styles[name]`` compiles and runs an XPath query over all of them for each name
    (17 names; 181 styles in the full template, 27 in the lean one)."""
    first: dict[str, Any] = {}
    for style in doc.styles.element.iterchildren(qn("w:style")):
        for name in style.iterchildren(qn("w:name")):
            first.setdefault(name.get(qn("w:val")), style)
    # a name the pass does not find (none of RateCalc's, once its styles are added) is left
    # to python-docx, whose lookup by id and error stay its own
    internal = {name: BabelFish.ui2internal(name) for name in names}  # as python-docx names them
    return {name: first[internal[name]].styleId if internal[name] in first
            else doc.styles[name].style_id for name in names}


class _Writer:
    """Adds styled paragraphs, tables and the chart to a document.

    Styles are set by id, looked up once per name: python-docx's ``paragraph.style = ...``
    scans every style of the template on each call, which made a table of 15 codes take half
    a second.
    """

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self.ids = _style_ids(doc, ALL_STYLES)

    def paragraph(self, container: Any, text: str, style: str, keep_with_next: bool = False,
                  *, keep_together: bool = False) -> DocxParagraph:
        paragraph = container.add_paragraph()
        # keep_together: its lines on one page
        _new_paragraph_properties(paragraph._p, self.ids[style], keep_with_next, keep_together)
        if text:
            _add_run(paragraph, text)
        return paragraph

    def bullets(self, items: tuple[str, ...]) -> None:
        """A bulleted list that never leaves its lead-in (a paragraph that keeps with the next)
        or one item alone at a page's foot or head: a short list keeps whole, a long one its
        first two items and its last two; no item's lines are split between pages."""
        whole = len(items) <= KEEP_TOGETHER_ITEMS
        for i, item in enumerate(items):
            keep = i < len(items) - 1 and (whole or i == 0 or i == len(items) - 2)
            paragraph = self.paragraph(self.doc, f"\u2022\t{item}", "RateCalc Bullet", keep,
                                       keep_together=True)
            paragraph.paragraph_format.widow_control = True

    def lines(self, container: Any, lines: list[str] | tuple[str, ...], style: str
              ) -> DocxParagraph:
        """Lines of one paragraph separated by line breaks (as Shift+Enter in Word)."""
        paragraph = self.paragraph(container, "", style)
        for i, line in enumerate(lines):
            run = _add_run(paragraph, line)
            if i < len(lines) - 1:
                run.add_break()
        return paragraph

    def closing(self, signature: Signature) -> None:
        """The closing ("Sincerely,"), room to sign and the signer's lines, as one paragraph
        whose lines stay on one page, kept with the letter's last paragraph. As a paragraph
        each, kept with the next, LibreOffice printed "Sincerely," at page 2's foot and the
        signer's name, title and clinic alone on page 3 (the counter letter)."""
        signer = [t for t in (signature.name, signature.title, signature.organization) if t]
        block = self.lines(self.doc, [signature.closing, *[""] * SIGNING_LINES, *signer],
                           "RateCalc Signature")
        block.paragraph_format.keep_together = True

    def headers(self, content: LetterContent) -> None:
        section = self.doc.sections[-1]
        first = section.first_page_header
        default = section.header
        if section.different_first_page_header_footer and _has_content(first):
            return  # the template's own letterhead on page 1
        if not section.different_first_page_header_footer and _has_content(default):
            return  # the template's own letterhead on every page
        section.different_first_page_header_footer = True
        _clear(first)
        self.paragraph(first, content.letterhead.name, "RateCalc Letterhead")
        self.lines(first, list(content.letterhead.lines) or [""], "RateCalc Letterhead Details")
        if not _has_content(default):
            _clear(default)
            running = self.paragraph(default, content.running_header, "RateCalc Running Header")
            running.paragraph_format.tab_stops.add_tab_stop(Emu(_text_width(section)),
                                                            WD_TAB_ALIGNMENT.RIGHT)
            running.add_run("\tPage ")
            running._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r>'
                f'</w:fldSimple>'))

    def table(self, block: Table, text_width: int, *, keep_with_next: bool = False) -> None:
        rows = [block.header, *block.rows, *([block.total] if block.total else [])]
        table = self.doc.add_table(rows=len(rows), cols=len(block.header))
        table._tbl.tblPr.style = self.ids["RateCalc Table"]
        share = TABLE_WIDTHS.get(block.name, 1.0)
        scale = text_width * share / sum(block.widths)
        widths = [int(w * scale) for w in block.widths]
        _set_table_layout(table, widths, block.total is not None)
        keep = len(rows) <= KEEP_TOGETHER_ROWS
        styles = [self.ids["RateCalc Table Number" if numeric else "RateCalc Table Text"]
                  for numeric in block.numeric]
        for i, (values, row) in enumerate(zip(rows, table.rows, strict=True)):
            strong = i == 0 or (block.total is not None and i == len(rows) - 1)
            _row_properties(row._tr, header=i == 0)
            for value, tc, style in zip(values, _new_row_cells(row), styles, strict=True):
                paragraph = DocxParagraph(tc.p_lst[0], table)
                last = i == len(rows) - 1
                # Word's way to keep rows on one page: each keeps with the next. A short table
                # keeps whole; a long one keeps its header with its first MIN_ROWS_A_PAGE rows
                # and its last MIN_ROWS_A_PAGE rows together. Past the header, a wrapped
                # description stays on one page (see _row_properties)
                _new_paragraph_properties(
                    paragraph._p, style,
                    keep_with_next=last and keep_with_next or not last and (
                        keep or i < MIN_ROWS_A_PAGE or i >= len(rows) - MIN_ROWS_A_PAGE),
                    keep_together=i > 0)
                run = paragraph.add_run(document_text(value))
                if strong:
                    run._r.style = self.ids["RateCalc Strong"]

    def chart(self, block: Chart, text_width: int) -> None:
        picture = self.paragraph(self.doc, "", "RateCalc Figure")
        font = letter_font(self.doc, "RateCalc Caption")
        rid = add_chart_part(self.doc, block, font)
        height = int(text_width * CHART_ASPECT)
        # Word reads missing wrap distances as 0; LibreOffice as 0.125 inch, which pushes a
        # text-wide drawing into the right margin: say 0
        inline = parse_xml(
            f'<wp:inline {nsdecls("wp", "a", "r")} distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{text_width}" cy="{height}"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{self.doc.part.next_id}" name="Rate chart" '
            f'descr={quoteattr(block.caption)}/><wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart xmlns:c="{CHART_URI}" '
            f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>')
        picture.add_run()._r.add_drawing(inline)
        self.paragraph(self.doc, block.caption, "RateCalc Caption")


CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
#: Height of the chart as a share of its width (2.6 in on a 6.5 in text width).
CHART_ASPECT = 0.4


def add_chart_part(doc: DocumentObject, block: Chart, font: str) -> str:
    """Add ``block`` as a chart part of ``doc`` (its data embedded as a workbook); return the
    relationship id the drawing refers to it by."""
    package = doc.part.package
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART,
                 chart_xml(block, font), package)
    data = Part(package.next_partname("/word/embeddings/rate_chart_data%d.xlsx"),
                CT.SML_SHEET, chart_workbook(block), package)
    chart.relate_to(data, RT.PACKAGE)  # rId1, as the chart part's externalData says
    return doc.part.relate_to(chart, RT.CHART)


def render_letter(content: LetterContent, template: str | Path | None = None, *,
                  written: datetime | None = None) -> DocumentObject:
    """The letter as a python-docx Document (not saved); see :func:`render_with_warnings`."""
    return render_with_warnings(content, template, written=written)[0]


def render_with_warnings(content: LetterContent, template: str | Path | None = None, *,
                         written: datetime | None = None
                         ) -> tuple[DocumentObject, tuple[str, ...]]:
    """The letter as a python-docx Document (not saved), and the template's warnings.

    Parameters
    ----------
    content : LetterContent
    template : str or Path, optional
        A .docx whose styles, page setup and headers the letter uses; default the template
        shipped with RateCalc. RateCalc styles it lacks are taken from the default template;
        its external links are dropped (each one a warning).
    written : datetime, optional
        When the letter is written: its created and modified properties [timezone-aware];
        default now.
    """
    doc, warnings = load_template(template)
    _clear_body(doc)
    write = _Writer(doc)
    write.headers(content)
    text_width = _text_width(doc.sections[-1])

    write.paragraph(doc, content.date_line, "RateCalc Date")
    write.lines(doc, content.recipient, "RateCalc Address")
    write.lines(doc, content.subject, "RateCalc Subject")
    write.paragraph(doc, content.salutation, "RateCalc Body")
    previous: object = None
    ending = _ending_paragraphs(content.blocks)
    for at, block in enumerate(content.blocks):
        if isinstance(block, Table) and isinstance(previous, Table):
            # Word and LibreOffice merge tables that touch into one; keep them apart
            write.paragraph(doc, "", "RateCalc Note")
        previous = block
        if isinstance(block, Paragraph):
            write.paragraph(doc, block.text, ROLE_STYLES[block.role],
                            block.keep_with_next or at in ending, keep_together=at in ending)
        elif isinstance(block, Heading):
            write.paragraph(doc, block.text, "RateCalc Heading")
        elif isinstance(block, Bullets):
            write.bullets(block.items)
        elif isinstance(block, Table):
            after = content.blocks[at + 1] if at + 1 < len(content.blocks) else None
            # a note under a table (where its figures come from) is printed with it
            write.table(block, text_width, keep_with_next=isinstance(after, Paragraph)
                        and after.role == "note")
        elif isinstance(block, Chart):
            write.chart(block, text_width)
        else:  # pragma: no cover - a new block kind without a renderer is a programming error
            raise TypeError(f"no renderer for {type(block).__name__}")
    write.closing(content.signature)

    finish_settings(doc)
    set_properties(doc, LetterProperties(
        title=content.subject[0].removeprefix("Re: "),
        subject=f"{content.kind.capitalize()} letter to {content.payer}",
        author=content.signature.name or content.clinic_name, company=content.clinic_name,
        written=written or datetime.now(UTC)))
    return doc, warnings


def _ending_paragraphs(blocks: Sequence[object]) -> frozenset[int]:
    """Indexes of the paragraphs that print on one page with the closing: the letter's last
    :data:`ENDING_PARAGRAPHS` paragraphs, where they end it (none when a table, list or chart
    ends it). Each keeps whole and with the next, so the closing and signature
    (:meth:`_Writer.closing`) never stand apart from the words they close."""
    ending: list[int] = []
    for at in range(len(blocks) - 1, -1, -1):
        if not isinstance(blocks[at], Paragraph) or len(ending) == ENDING_PARAGRAPHS:
            break
        ending.append(at)
    return frozenset(ending)


def letter_bytes(content: LetterContent, template: str | Path | None = None, *,
                 written: datetime | None = None) -> bytes:
    """The letter as .docx bytes."""
    return letter_bytes_with_warnings(content, template, written=written)[0]


def letter_bytes_with_warnings(content: LetterContent, template: str | Path | None = None, *,
                               written: datetime | None = None
                               ) -> tuple[bytes, tuple[str, ...]]:
    """The letter as .docx bytes, and the template's warnings."""
    doc, warnings = render_with_warnings(content, template, written=written)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue(), warnings


def save_atomic(data: bytes, path: str | Path, *, backup: bool = True,
                kept: list[Path] | None = None, now: datetime | None = None) -> Path:
    """Write ``data`` to ``path`` so a reader sees the old file or the new, never half of one.

    An existing file that differs is first kept in the ``RateCalc backups`` folder beside it,
    named for the time (``now``, default the clock's) as the workbook's backups are, and never
    over an earlier copy (:func:`ratecalc.kept_copies.keep_copy`): the clinic may have edited
    each draft by hand. Its path is added to ``kept``, for the caller to say so.

    Raises
    ------
    ratecalc.errors.InputError
        The folder is not writable or the file is open in Word.
    """
    target = Path(path)
    check_output(target, LETTER)  # a workbook (or anything not a letter) is never replaced
    try:
        # an empty file holds nothing to keep (ratecalc.kept_copies.is_own)
        if backup and target.exists() and target.stat().st_size \
                and not _same_package(data, target):
            earlier = keep_copy(target, now, kind=LETTER)
            if kept is not None:
                kept.append(earlier)
        atomic_write(target, data, kind=LETTER, keep=False)  # kept above, by the letter's rule
    except PermissionError:
        raise InputError(f"'{target}': cannot write the letter there (is it open in Word, or "
                         f"is the folder read-only?)") from None
    return target


def _same_package(data: bytes, path: Path) -> bool:
    """True when ``path`` holds the same .docx parts as ``data`` (zip timestamps and the
    properties' dates aside: the same letter written again is not a new version)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as new, zipfile.ZipFile(path) as old:
            names = sorted(new.namelist())
            return names == sorted(old.namelist()) and all(
                _undated(n, new.read(n)) == _undated(n, old.read(n)) for n in names)
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _undated(name: str, content: bytes) -> bytes:
    return _DATES.sub(b"", content) if name == "docProps/core.xml" else content
