"""The default template cut to what RateCalc's letters use.

python-docx's default template, which :mod:`ratecalc_letter.make_template` builds on, carries
Word's 181 built-in styles (most of them table styles no letter uses: 357 KB of
``word/styles.xml``) and ``word/stylesWithEffects.xml``, a 438 KB copy of the styles that
Word 2010 wrote beside them and no Word needs. Every letter parsed, re-saved and compressed
both: about 4% of a letter's instructions and 40 KB of each .docx (benchmarks/README.md,
branch letter-template-12).

What stays: RateCalc's styles, each type's default style (``Normal``, ``Default Paragraph
Font``, ``Normal Table``, ``No List``), the styles the numbering names, and every style those
are based on, linked to or followed by, so each resolves to the same formatting; the document
defaults and the latent-styles list (Word still offers its built-in styles, adding one when
it is first used); the numbering, theme, settings and font table as they were.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ratecalc_letter.styles import ALL_STYLES

#: Elements whose ``w:val`` names a style: in a style (its base, linked and next styles, and
#: any style its table or numbering properties name) and in the numbering.
_NAMES_A_STYLE = tuple(qn(f"w:{tag}") for tag in (
    "basedOn", "link", "next", "pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink"))
_WITH_EFFECTS = "/stylesWithEffects"


def style_references(element: BaseOxmlElement) -> set[str]:
    """The style ids ``element`` and its descendants name."""
    return {str(node.get(qn("w:val"))) for node in element.iter(*_NAMES_A_STYLE)
            if node.get(qn("w:val"))}


def kept_style_ids(doc: DocumentObject) -> set[str]:
    """The ids of the styles a letter can reach from ``doc``: see the module's text."""
    styles = {str(s.get(qn("w:styleId"))): s
              for s in doc.styles.element.iterchildren(qn("w:style"))}
    by_name: dict[str, str] = {}
    for style_id, style in styles.items():
        for name in style.iterchildren(qn("w:name")):
            by_name.setdefault(str(name.get(qn("w:val"))), style_id)
    wanted = {by_name[name] for name in ALL_STYLES}
    wanted |= {i for i, s in styles.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    for part in _style_naming_parts(doc):
        wanted |= style_references(part)
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in styles:
            continue
        kept.add(style_id)
        wanted |= style_references(styles[style_id]) - kept
    return kept


def _style_naming_parts(doc: DocumentObject) -> Iterable[BaseOxmlElement]:
    """The template's parts besides the styles that can name a style: the body, its headers
    and footers, and the numbering."""
    yield doc.element
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if not part.is_linked_to_previous:
                yield part._element
    numbering = doc.part.numbering_part.element if _has_numbering(doc) else None
    if numbering is not None:
        yield numbering


def _has_numbering(doc: DocumentObject) -> bool:
    return any(rel.reltype.endswith("/numbering") for rel in doc.part.rels.values())


def make_lean(doc: DocumentObject) -> DocumentObject:
    """Take out of ``doc`` the styles no letter reaches and the Word 2010 styles copy; return
    ``doc``."""
    kept = kept_style_ids(doc)
    root = doc.styles.element
    for style in list(root.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in kept:
            root.remove(style)
    for rId, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(_WITH_EFFECTS):
            # the saved package holds only the parts a relationship reaches, and its content
            # types are made from them: the part and its override go with the relationship
            del doc.part.rels[rId]
    return doc
