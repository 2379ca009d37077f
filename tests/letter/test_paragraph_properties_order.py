"""Every paragraph's properties in a written letter are in WordprocessingML's order.

``letter.render`` builds a new paragraph's ``w:pPr`` by hand (``_new_paragraph_properties``),
not through python-docx's setters, which place each element after searching for its
successors. python-docx and LibreOffice read properties in any order, but Word refuses a
document whose elements break the schema's sequence ("unreadable content"), so the order is
checked here against ECMA-376's ``CT_PPrBase`` sequence, written out by hand (Part 1,
17.3.1.26), for every kind of letter, its tables' cells included.
"""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from ratecalc_letter import write_letter
from ratecalc_letter.styles import ALL_STYLES

from .conftest import TOP_PAYER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: ECMA-376 Part 1, CT_PPrBase then CT_PPr's own (rPr, sectPr, pPrChange), in schema order.
P_PR_ORDER = [W + name for name in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")]


def _order_faults(document_xml: bytes, style_ids: set[str]) -> list[str]:
    """Each paragraph whose w:pPr is not its first child, holds an element twice or out of
    the schema's order, or names a style the document does not define."""
    faults = []
    for number, p in enumerate(etree.fromstring(document_xml).iter(W + "p")):
        p_prs = p.findall(W + "pPr")
        if not p_prs:
            continue
        if len(p_prs) > 1 or p[0] is not p_prs[0]:
            faults.append(f"paragraph {number}: w:pPr not its one first child")
            continue
        tags = [child.tag for child in p_prs[0]]
        places = [P_PR_ORDER.index(t) if t in P_PR_ORDER else -1 for t in tags]
        if -1 in places or places != sorted(set(places)):
            faults.append(f"paragraph {number}: {[t.replace(W, 'w:') for t in tags]}")
        style = p_prs[0].find(W + "pStyle")
        if style is not None and style.get(W + "val") not in style_ids:
            faults.append(f"paragraph {number}: style {style.get(W + 'val')!r} not defined")
    return faults


@pytest.mark.parametrize("kind", ["proposal", "counter", "termination"])
def test_every_paragraph_properties_in_schema_order(analysis, summit_offer, tmp_path, kind):
    offer = summit_offer if kind == "counter" else None
    payer = "Meridian Mutual" if kind == "termination" else TOP_PAYER
    path = write_letter(analysis, payer, tmp_path, kind=kind, offer=offer)
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml")
        styles = etree.fromstring(archive.read("word/styles.xml"))
    style_ids = {s.get(W + "styleId") for s in styles.iter(W + "style")}
    body = etree.fromstring(document)
    if kind != "termination":  # a termination letter has no table
        # the cells' properties are there to be checked: kept lines and kept with the next
        assert body.findall(f".//{W}tc/{W}p/{W}pPr/{W}keepLines")
        assert body.findall(f".//{W}tc/{W}p/{W}pPr/{W}keepNext")
    assert body.findall(f".//{W}body/{W}p/{W}pPr/{W}keepNext")
    assert len(style_ids) >= len(ALL_STYLES)
    assert _order_faults(document, style_ids) == []


def test_the_order_check_sees_a_property_out_of_place():
    """The check itself: keepLines before keepNext, pPr after a run, an unknown style."""
    def doc(p: str) -> bytes:
        return f'<w:document xmlns:w="{W[1:-1]}"><w:body>{p}</w:body></w:document>'.encode()
    good = '<w:p><w:pPr><w:pStyle w:val="A"/><w:keepNext/><w:keepLines/></w:pPr></w:p>'
    assert _order_faults(doc(good), {"A"}) == []
    assert _order_faults(doc(good.replace("<w:keepNext/><w:keepLines/>",
                                          "<w:keepLines/><w:keepNext/>")), {"A"})
    assert _order_faults(doc('<w:p><w:r/><w:pPr><w:pStyle w:val="A"/></w:pPr></w:p>'), {"A"})
    assert _order_faults(doc(good), {"B"})
