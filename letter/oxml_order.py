"""Where hand-built WordprocessingML elements go among their siblings.

Word reads a part whose children are out of the order the schema's ``xsd:sequence`` gives as
unreadable content (a repair prompt, or a silently dropped border), so every element RateCalc
adds by hand goes in through :func:`insert_in_order` with the sequence of its parent's type,
never by ``append``. The sequences are transcribed from ECMA-376 Part 1 (ISO/IEC 29500-1),
``wml.xsd``; the types are named on each. The tests check every written part against their own
transcription (``tests/ooxml_schema.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml.ns import qn
from lxml import etree

#: CT_PPrBase (and CT_PPr's tail: rPr, sectPr, pPrChange): paragraph properties.
PPR_SEQUENCE: tuple[str, ...] = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)

#: CT_TblPrBase (and CT_TblPr's tblPrChange): table properties.
TBLPR_SEQUENCE: tuple[str, ...] = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)

#: CT_Settings: document settings (``word/settings.xml``).
SETTINGS_SEQUENCE: tuple[str, ...] = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
    "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
    "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
    "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
    "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
    "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
    "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter", "w:stylePaneSortMethod",
    "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
    "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
    "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps", "w:showEnvelope",
    "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
    "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)

_EXTRA_NAMESPACES = {
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}


def clark(name: str) -> str:
    """``w:pBdr`` -> ``{namespace}pBdr``."""
    prefix, _, local = name.partition(":")
    if prefix in _EXTRA_NAMESPACES:
        return f"{{{_EXTRA_NAMESPACES[prefix]}}}{local}"
    return qn(name)


def insert_in_order(parent: etree._Element, child: etree._Element,
                    sequence: Sequence[str]) -> etree._Element:
    """Put ``child`` into ``parent`` before the first sibling that the schema's ``sequence``
    lists after it, replacing a sibling of the same name (these are all ``minOccurs=0``,
    ``maxOccurs=1`` elements); return ``child``.

    Raises
    ------
    ValueError
        ``child`` is not in ``sequence`` (a programming error: the wrong sequence).
    """
    names = [clark(n) for n in sequence]
    try:
        position = names.index(child.tag)
    except ValueError:
        raise ValueError(f"{child.tag} is not in the sequence given") from None
    for old in parent.findall(child.tag):
        parent.remove(old)
    successors = set(names[position + 1:])
    for sibling in parent:
        if sibling.tag in successors:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child
