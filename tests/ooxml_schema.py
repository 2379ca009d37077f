"""Element order and required attributes of Office Open XML, transcribed from the standard.

Word and Excel treat children out of their ``xsd:sequence`` order as unreadable content (a repair
prompt, or a dropped border). These tables are written out here, by hand, from ECMA-376 Part 1
(5th edition, = ISO/IEC 29500-1), Transitional schemas ``wml.xsd``, ``sml.xsd``,
``dml-wordprocessingDrawing.xsd``, ``dml-picture.xsd`` and ``dml-main.xsd``, and from the Office
custom UI schema ([MS-CUSTOMUI]); each table names the complex type it comes from. They are
independent of the project's own copy (``ratecalc_letter.oxml_order``) and of python-docx's and
openpyxl's, so a wrong sequence in the code is caught here.

Notation: a sequence is a tuple of slots. A slot is a ``str`` (one element, at most once), a
``Many`` (a choice of elements, any number of times, in any order among themselves), or
``OTHER`` (any element the sequence does not name: content models such as a paragraph's runs,
which this check does not descend into by type).

Where the Transitional schema relaxed an order that Word still writes strictly (``EG_RPrBase``
became an ``xsd:choice`` in ISO/IEC 29500; it was a sequence in ECMA-376 1st edition and is in
the order every Word writes), the stricter order is checked: a file in it is valid under both.

The Ecma schema package itself is not bundled: see the README ("What was checked without Word
or Excel") for why.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "ui06": "http://schemas.microsoft.com/office/2006/01/customui",
    "ui09": "http://schemas.microsoft.com/office/2009/07/customui",
}


@dataclass(frozen=True)
class Many:
    """A slot holding any number of these elements, in any order among themselves."""

    names: tuple[str, ...]


OTHER = Many(("*",))
Slot = str | Many


def _q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


# --- WordprocessingML (wml.xsd) ------------------------------------------------------------

#: EG_RPrBase in ECMA-376 1st-edition (sequence) order: run properties.
_RPR_BASE: tuple[str, ...] = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
#: CT_RPr = EG_RPrBase, rPrChange (runs, styles, rPrDefault).
CT_RPR: tuple[Slot, ...] = (*_RPR_BASE, "w:rPrChange")
#: CT_ParaRPr: the paragraph mark's run properties (inside w:pPr).
CT_PARA_RPR: tuple[Slot, ...] = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", *_RPR_BASE,
                                 "w:rPrChange")
#: CT_PPrBase: paragraph properties.
_PPR_BASE: tuple[str, ...] = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle",
)
#: CT_PPr = CT_PPrBase, rPr (CT_ParaRPr), sectPr, pPrChange (in a paragraph).
CT_PPR: tuple[Slot, ...] = (*_PPR_BASE, "w:rPr", "w:sectPr", "w:pPrChange")
#: CT_PPrGeneral = CT_PPrBase, pPrChange (in a style, pPrDefault, tblStylePr).
CT_PPR_GENERAL: tuple[Slot, ...] = (*_PPR_BASE, "w:pPrChange")
#: CT_PBdr: paragraph borders.
CT_PBDR: tuple[Slot, ...] = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
#: CT_Tabs.
CT_TABS: tuple[Slot, ...] = (Many(("w:tab",)),)
#: CT_SectPr: EG_HdrFtrReferences (0..6), EG_SectPrContents, sectPrChange.
CT_SECTPR: tuple[Slot, ...] = (
    Many(("w:headerReference", "w:footerReference")), "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols",
    "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)
#: CT_Style.
CT_STYLE: tuple[Slot, ...] = (
    "w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
    "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
    "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr",
    "w:tcPr", Many(("w:tblStylePr",)),
)
#: CT_TblStylePr.
CT_TBL_STYLE_PR: tuple[Slot, ...] = ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr")
#: CT_Styles.
CT_STYLES: tuple[Slot, ...] = ("w:docDefaults", "w:latentStyles", Many(("w:style",)))
#: CT_DocDefaults.
CT_DOC_DEFAULTS: tuple[Slot, ...] = ("w:rPrDefault", "w:pPrDefault")
#: CT_TblPrBase (+ tblPrChange of CT_TblPr).
CT_TBLPR: tuple[Slot, ...] = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription", "w:tblPrChange",
)
#: CT_TblBorders (Transitional names left/right; Strict start/end take the same places).
CT_TBL_BORDERS: tuple[Slot, ...] = (
    "w:top", Many(("w:left", "w:start")), "w:bottom", Many(("w:right", "w:end")),
    "w:insideH", "w:insideV",
)
#: CT_TcBorders.
CT_TC_BORDERS: tuple[Slot, ...] = (*CT_TBL_BORDERS, "w:tl2br", "w:tr2bl")
#: CT_TblCellMar / CT_TcMar.
CT_CELL_MAR: tuple[Slot, ...] = (
    "w:top", Many(("w:left", "w:start")), "w:bottom", Many(("w:right", "w:end")))
#: CT_TcPr (CT_TcPrInner + tcPrChange).
CT_TCPR: tuple[Slot, ...] = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)
#: CT_TrPr: EG_TrPrBase is a choice, any number, any order; then ins, del, trPrChange.
CT_TRPR: tuple[Slot, ...] = (
    Many(("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
          "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc",
          "w:hidden")),
    "w:ins", "w:del", "w:trPrChange",
)
#: CT_Tbl: tblPr, tblGrid, then rows (range markup before tblPr is not used here).
CT_TBL: tuple[Slot, ...] = ("w:tblPr", "w:tblGrid", OTHER)
#: CT_Row: tblPrEx, trPr, then cells.
CT_ROW: tuple[Slot, ...] = ("w:tblPrEx", "w:trPr", OTHER)
#: CT_Tc: tcPr, then block content.
CT_TC: tuple[Slot, ...] = ("w:tcPr", OTHER)
#: CT_P: pPr, then runs and the like.
CT_P: tuple[Slot, ...] = ("w:pPr", OTHER)
#: CT_R: rPr, then run content.
CT_R: tuple[Slot, ...] = ("w:rPr", OTHER)
#: CT_Body: block content, then the last section's sectPr.
CT_BODY: tuple[Slot, ...] = (OTHER, "w:sectPr")
#: CT_Compat: on/off compatibility flags, then compatSetting (any number) last.
CT_COMPAT: tuple[Slot, ...] = (OTHER, Many(("w:compatSetting",)))
#: CT_Settings.
CT_SETTINGS: tuple[Slot, ...] = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
    "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
    "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
    "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
    "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
    "w:hideGrammaticalErrors", Many(("w:activeWritingStyle",)), "w:proofState",
    "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView",
    "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection",
    "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
    "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
    "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", Many(("w:attachedSchema",)),
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    Many(("w:smartTagType",)), "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)

# --- DrawingML in Word (dml-wordprocessingDrawing.xsd, dml-picture.xsd, dml-main.xsd) -------

#: CT_Inline.
CT_INLINE: tuple[Slot, ...] = ("wp:extent", "wp:effectExtent", "wp:docPr",
                               "wp:cNvGraphicFramePr", "a:graphic")
#: CT_Picture.
CT_PICTURE: tuple[Slot, ...] = ("pic:nvPicPr", "pic:blipFill", "pic:spPr", "pic:style",
                                "pic:extLst")
#: CT_BlipFillProperties.
CT_BLIP_FILL: tuple[Slot, ...] = ("a:blip", "a:srcRect", Many(("a:tile", "a:stretch")))
#: CT_ShapeProperties.
CT_SHAPE_PROPERTIES: tuple[Slot, ...] = (
    "a:xfrm", Many(("a:custGeom", "a:prstGeom")),
    Many(("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")),
    "a:ln", Many(("a:effectLst", "a:effectDag")), "a:scene3d", "a:sp3d", "a:extLst",
)

# --- DrawingML charts (dml-chart.xsd) and the text they hold (dml-main.xsd) ---------------------
#: CT_ChartSpace.
CT_CHART_SPACE: tuple[Slot, ...] = (
    "c:date1904", "c:lang", "c:roundedCorners", "c:style", "c:clrMapOvr", "c:pivotSource",
    "c:protection", "c:chart", "c:spPr", "c:txPr", "c:externalData", "c:printSettings",
    "c:userShapes", "c:extLst",
)
#: CT_Chart.
CT_CHART: tuple[Slot, ...] = (
    "c:title", "c:autoTitleDeleted", "c:pivotFmts", "c:view3D", "c:floor", "c:sideWall",
    "c:backWall", "c:plotArea", "c:legend", "c:plotVisOnly", "c:dispBlanksAs",
    "c:showDLblsOverMax", "c:extLst",
)
_CHART_KINDS = ("c:areaChart", "c:area3DChart", "c:lineChart", "c:line3DChart",
                "c:stockChart", "c:radarChart", "c:scatterChart", "c:pieChart", "c:pie3DChart",
                "c:doughnutChart", "c:barChart", "c:bar3DChart", "c:ofPieChart",
                "c:surfaceChart", "c:surface3DChart", "c:bubbleChart")
#: CT_PlotArea.
CT_PLOT_AREA: tuple[Slot, ...] = (
    "c:layout", Many(_CHART_KINDS), Many(("c:valAx", "c:catAx", "c:dateAx", "c:serAx")),
    "c:dTable", "c:spPr", "c:extLst",
)
#: CT_BarChart.
CT_BAR_CHART: tuple[Slot, ...] = (
    "c:barDir", "c:grouping", "c:varyColors", Many(("c:ser",)), "c:dLbls", "c:gapWidth",
    "c:overlap", Many(("c:serLines",)), Many(("c:axId",)), "c:extLst",
)
#: CT_BarSer.
CT_BAR_SER: tuple[Slot, ...] = (
    "c:idx", "c:order", "c:tx", "c:spPr", "c:invertIfNegative", "c:pictureOptions",
    Many(("c:dPt",)), "c:dLbls", Many(("c:trendline",)), "c:errBars", "c:cat", "c:val",
    "c:shape", "c:extLst",
)
_AXIS_SHARED: tuple[Slot, ...] = (
    "c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines", "c:minorGridlines",
    "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr",
    "c:txPr", "c:crossAx", Many(("c:crosses", "c:crossesAt")),
)
#: CT_CatAx.
CT_CAT_AX: tuple[Slot, ...] = (*_AXIS_SHARED, "c:auto", "c:lblAlgn", "c:lblOffset",
                               "c:tickLblSkip", "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
#: CT_ValAx.
CT_VAL_AX: tuple[Slot, ...] = (*_AXIS_SHARED, "c:crossBetween", "c:majorUnit", "c:minorUnit",
                               "c:dispUnits", "c:extLst")
#: CT_Scaling.
CT_SCALING: tuple[Slot, ...] = ("c:logBase", "c:orientation", "c:max", "c:min", "c:extLst")
#: CT_Title.
CT_TITLE: tuple[Slot, ...] = ("c:tx", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst")
#: CT_Legend.
CT_LEGEND: tuple[Slot, ...] = ("c:legendPos", Many(("c:legendEntry",)), "c:layout",
                               "c:overlay", "c:spPr", "c:txPr", "c:extLst")
#: CT_StrRef / CT_NumRef.
CT_STR_REF: tuple[Slot, ...] = ("c:f", "c:strCache", "c:extLst")
CT_NUM_REF: tuple[Slot, ...] = ("c:f", "c:numCache", "c:extLst")
#: CT_StrData / CT_NumData.
CT_STR_DATA: tuple[Slot, ...] = ("c:ptCount", Many(("c:pt",)), "c:extLst")
CT_NUM_DATA: tuple[Slot, ...] = ("c:formatCode", "c:ptCount", Many(("c:pt",)), "c:extLst")
#: CT_ChartLines (gridlines).
CT_CHART_LINES: tuple[Slot, ...] = ("c:spPr",)
#: CT_ExternalData.
CT_EXTERNAL_DATA: tuple[Slot, ...] = ("c:autoUpdate",)
#: CT_TextBody (c:txPr, c:rich).
CT_TEXT_BODY: tuple[Slot, ...] = ("a:bodyPr", "a:lstStyle", Many(("a:p",)))
#: CT_TextParagraph.
CT_TEXT_PARAGRAPH: tuple[Slot, ...] = (
    "a:pPr", Many(("a:r", "a:br", "a:fld")), "a:endParaRPr")
#: CT_TextParagraphProperties.
CT_TEXT_PARAGRAPH_PROPERTIES: tuple[Slot, ...] = (
    "a:lnSpc", "a:spcBef", "a:spcAft", Many(("a:buClrTx", "a:buClr")),
    Many(("a:buSzTx", "a:buSzPct", "a:buSzPts")), Many(("a:buFontTx", "a:buFont")),
    Many(("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip")), "a:tabLst", "a:defRPr",
    "a:extLst",
)
#: CT_TextCharacterProperties (a:defRPr, a:rPr, a:endParaRPr).
CT_TEXT_CHARACTER_PROPERTIES: tuple[Slot, ...] = (
    "a:ln", Many(("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill",
                  "a:grpFill")),
    Many(("a:effectLst", "a:effectDag")), "a:highlight", Many(("a:uLnTx", "a:uLn")),
    Many(("a:uFillTx", "a:uFill")), "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
    "a:hlinkMouseOver", "a:rtl", "a:extLst",
)
#: CT_LineProperties.
CT_LINE_PROPERTIES: tuple[Slot, ...] = (
    Many(("a:noFill", "a:solidFill", "a:gradFill", "a:pattFill")),
    Many(("a:prstDash", "a:custDash")), Many(("a:round", "a:bevel", "a:miter")),
    "a:headEnd", "a:tailEnd", "a:extLst",
)

# --- SpreadsheetML (sml.xsd) ---------------------------------------------------------------

#: CT_Worksheet.
CT_WORKSHEET: tuple[Slot, ...] = (
    "x:sheetPr", "x:dimension", "x:sheetViews", "x:sheetFormatPr", Many(("x:cols",)),
    "x:sheetData", "x:sheetCalcPr", "x:sheetProtection", "x:protectedRanges", "x:scenarios",
    "x:autoFilter", "x:sortState", "x:dataConsolidate", "x:customSheetViews", "x:mergeCells",
    "x:phoneticPr", Many(("x:conditionalFormatting",)), "x:dataValidations", "x:hyperlinks",
    "x:printOptions", "x:pageMargins", "x:pageSetup", "x:headerFooter", "x:rowBreaks",
    "x:colBreaks", "x:customProperties", "x:cellWatches", "x:ignoredErrors", "x:smartTags",
    "x:drawing", "x:legacyDrawing", "x:legacyDrawingHF", "x:drawingHF", "x:picture",
    "x:oleObjects", "x:controls", "x:webPublishItems", "x:tableParts", "x:extLst",
)
#: CT_Workbook.
CT_WORKBOOK: tuple[Slot, ...] = (
    "x:fileVersion", "x:fileSharing", "x:workbookPr", "x:workbookProtection", "x:bookViews",
    "x:sheets", "x:functionGroups", "x:externalReferences", "x:definedNames", "x:calcPr",
    "x:oleSize", "x:customWorkbookViews", "x:pivotCaches", "x:smartTagPr", "x:smartTagTypes",
    "x:webPublishing", Many(("x:fileRecoveryPr",)), "x:webPublishObjects", "x:extLst",
)
#: CT_Stylesheet.
CT_STYLESHEET: tuple[Slot, ...] = (
    "x:numFmts", "x:fonts", "x:fills", "x:borders", "x:cellStyleXfs", "x:cellXfs",
    "x:cellStyles", "x:dxfs", "x:tableStyles", "x:colors", "x:extLst",
)
#: CT_SheetPr.
CT_SHEET_PR: tuple[Slot, ...] = ("x:tabColor", "x:outlinePr", "x:pageSetUpPr")
#: CT_SheetView.
CT_SHEET_VIEW: tuple[Slot, ...] = ("x:pane", Many(("x:selection",)),
                                   Many(("x:pivotSelection",)), "x:extLst")
#: CT_Row.
CT_SML_ROW: tuple[Slot, ...] = (Many(("x:c",)), "x:extLst")
#: CT_Cell.
CT_CELL: tuple[Slot, ...] = ("x:f", "x:v", "x:is", "x:extLst")
#: CT_Rst (a shared or inline string).
CT_RST: tuple[Slot, ...] = ("x:t", Many(("x:r",)), Many(("x:rPh",)), "x:phoneticPr")
#: CT_Xf.
CT_XF: tuple[Slot, ...] = ("x:alignment", "x:protection", "x:extLst")
#: CT_Dxf.
CT_DXF: tuple[Slot, ...] = ("x:font", "x:numFmt", "x:fill", "x:alignment", "x:border",
                            "x:protection", "x:extLst")
#: CT_Border.
CT_BORDER: tuple[Slot, ...] = (Many(("x:left", "x:start")), Many(("x:right", "x:end")), "x:top",
                               "x:bottom", "x:diagonal", "x:vertical", "x:horizontal")
#: CT_PatternFill.
CT_PATTERN_FILL: tuple[Slot, ...] = ("x:fgColor", "x:bgColor")
#: CT_Table.
CT_TABLE: tuple[Slot, ...] = ("x:autoFilter", "x:sortState", "x:tableColumns",
                              "x:tableStyleInfo", "x:extLst")
#: CT_TableColumn.
CT_TABLE_COLUMN: tuple[Slot, ...] = ("x:calculatedColumnFormula", "x:totalsRowFormula",
                                     "x:xmlColumnPr", "x:extLst")
#: CT_HeaderFooter.
CT_HEADER_FOOTER: tuple[Slot, ...] = ("x:oddHeader", "x:oddFooter", "x:evenHeader",
                                      "x:evenFooter", "x:firstHeader", "x:firstFooter")
#: CT_IgnoredErrors.
CT_IGNORED_ERRORS: tuple[Slot, ...] = (Many(("x:ignoredError",)), "x:extLst")
#: CT_DataValidation.
CT_DATA_VALIDATION: tuple[Slot, ...] = ("x:formula1", "x:formula2")
#: CT_ConditionalFormatting.
CT_CONDITIONAL_FORMATTING: tuple[Slot, ...] = (Many(("x:cfRule",)), "x:extLst")
#: CT_CfRule (formula 0..3).
CT_CF_RULE: tuple[Slot, ...] = (Many(("x:formula",)), "x:colorScale", "x:dataBar",
                                "x:iconSet", "x:extLst")

# --- Office custom UI ([MS-CUSTOMUI]) ------------------------------------------------------

#: CT_CustomUI (2009/07 namespace; the 2006/01 one has commands and ribbon only).
CT_CUSTOM_UI: tuple[Slot, ...] = ("commands", "ribbon", "backstage", "contextMenus")
#: CT_Ribbon.
CT_RIBBON: tuple[Slot, ...] = ("officeMenu", "qat", "tabs", "contextualTabs")


@dataclass(frozen=True)
class _Slot:
    """A slot with Clark names; ``repeat`` when the schema allows more than one."""

    names: frozenset[str]
    repeat: bool


def _qualified(seq: tuple[Slot, ...], ns: str | None = None) -> tuple[_Slot, ...]:
    """Slots with Clark names (``ns`` for the unprefixed names of custom UI)."""
    def clark(name: str) -> str:
        return name if name == "*" else (_q(name) if ":" in name else f"{{{ns}}}{name}")

    return tuple(_Slot(frozenset(clark(n) for n in slot.names), True) if isinstance(slot, Many)
                 else _Slot(frozenset((clark(slot),)), False) for slot in seq)


def _custom_ui(tag: str, seq: tuple[Slot, ...]) -> dict[str, tuple[_Slot, ...]]:
    """The same type in both custom UI namespaces (2006/01 and 2009/07)."""
    return {f"{{{NS[p]}}}{tag}": _qualified(seq, NS[p]) for p in ("ui06", "ui09")}


#: Parent element (Clark name) -> its type's sequence. Elements whose type depends on where
#: they are (w:pPr, w:rPr, w:tblPr) are in CONTEXTUAL.
SEQUENCES: dict[str, tuple[_Slot, ...]] = {
    _q(tag): _qualified(seq) for tag, seq in (
        ("w:sectPr", CT_SECTPR), ("w:style", CT_STYLE), ("w:tblStylePr", CT_TBL_STYLE_PR),
        ("w:styles", CT_STYLES), ("w:docDefaults", CT_DOC_DEFAULTS), ("w:pBdr", CT_PBDR),
        ("w:tabs", CT_TABS), ("w:tblBorders", CT_TBL_BORDERS), ("w:tcBorders", CT_TC_BORDERS),
        ("w:tblCellMar", CT_CELL_MAR), ("w:tcMar", CT_CELL_MAR), ("w:tcPr", CT_TCPR),
        ("w:trPr", CT_TRPR), ("w:tbl", CT_TBL), ("w:tr", CT_ROW), ("w:tc", CT_TC),
        ("w:p", CT_P), ("w:r", CT_R), ("w:body", CT_BODY), ("w:compat", CT_COMPAT),
        ("w:settings", CT_SETTINGS), ("wp:inline", CT_INLINE), ("pic:pic", CT_PICTURE),
        ("pic:blipFill", CT_BLIP_FILL), ("pic:spPr", CT_SHAPE_PROPERTIES),
        ("c:chartSpace", CT_CHART_SPACE), ("c:chart", CT_CHART), ("c:plotArea", CT_PLOT_AREA),
        ("c:barChart", CT_BAR_CHART), ("c:catAx", CT_CAT_AX), ("c:valAx", CT_VAL_AX),
        ("c:scaling", CT_SCALING), ("c:title", CT_TITLE), ("c:legend", CT_LEGEND),
        ("c:strRef", CT_STR_REF), ("c:numRef", CT_NUM_REF), ("c:strCache", CT_STR_DATA),
        ("c:numCache", CT_NUM_DATA), ("c:majorGridlines", CT_CHART_LINES),
        ("c:externalData", CT_EXTERNAL_DATA), ("c:spPr", CT_SHAPE_PROPERTIES),
        ("c:txPr", CT_TEXT_BODY), ("c:rich", CT_TEXT_BODY), ("a:p", CT_TEXT_PARAGRAPH),
        ("a:pPr", CT_TEXT_PARAGRAPH_PROPERTIES), ("a:defRPr", CT_TEXT_CHARACTER_PROPERTIES),
        ("a:rPr", CT_TEXT_CHARACTER_PROPERTIES), ("a:endParaRPr", CT_TEXT_CHARACTER_PROPERTIES),
        ("a:ln", CT_LINE_PROPERTIES),
        ("x:worksheet", CT_WORKSHEET), ("x:workbook", CT_WORKBOOK),
        ("x:styleSheet", CT_STYLESHEET), ("x:sheetPr", CT_SHEET_PR),
        ("x:sheetView", CT_SHEET_VIEW), ("x:row", CT_SML_ROW), ("x:c", CT_CELL),
        ("x:si", CT_RST), ("x:is", CT_RST), ("x:xf", CT_XF), ("x:dxf", CT_DXF),
        ("x:border", CT_BORDER), ("x:patternFill", CT_PATTERN_FILL), ("x:table", CT_TABLE),
        ("x:tableColumn", CT_TABLE_COLUMN), ("x:headerFooter", CT_HEADER_FOOTER),
        ("x:ignoredErrors", CT_IGNORED_ERRORS), ("x:dataValidation", CT_DATA_VALIDATION),
        ("x:conditionalFormatting", CT_CONDITIONAL_FORMATTING), ("x:cfRule", CT_CF_RULE),
    )
} | _custom_ui("customUI", CT_CUSTOM_UI) | _custom_ui("ribbon", CT_RIBBON)

#: (element, parent) -> sequence, for types that depend on the parent.
CONTEXTUAL: dict[tuple[str, str], tuple[_Slot, ...]] = {
    (_q("w:pPr"), _q("w:p")): _qualified(CT_PPR),
    (_q("w:pPr"), _q("w:style")): _qualified(CT_PPR_GENERAL),
    (_q("w:pPr"), _q("w:pPrDefault")): _qualified(CT_PPR_GENERAL),
    (_q("w:pPr"), _q("w:tblStylePr")): _qualified(CT_PPR_GENERAL),
    (_q("w:pPr"), _q("w:lvl")): _qualified(CT_PPR_GENERAL),
    (_q("w:rPr"), _q("w:pPr")): _qualified(CT_PARA_RPR),
    (_q("w:rPr"), _q("w:r")): _qualified(CT_RPR),
    (_q("w:rPr"), _q("w:style")): _qualified(CT_RPR),
    (_q("w:rPr"), _q("w:rPrDefault")): _qualified(CT_RPR),
    (_q("w:rPr"), _q("w:tblStylePr")): _qualified(CT_RPR),
    (_q("w:rPr"), _q("w:lvl")): _qualified(CT_RPR),
    (_q("w:tblPr"), _q("w:tbl")): _qualified(CT_TBLPR),
    (_q("w:tblPr"), _q("w:style")): _qualified(CT_TBLPR),
    (_q("w:tblPr"), _q("w:tblStylePr")): _qualified(CT_TBLPR),
}

#: (element, parent) -> sequence, for the chart's series (the type follows the chart kind).
CONTEXTUAL.update({
    (_q("c:ser"), _q("c:barChart")): _qualified(CT_BAR_SER),
})

#: Element -> attributes its type requires (use="required"), with the type they come from.
REQUIRED_ATTRIBUTES: dict[str, tuple[tuple[str, ...], str]] = {
    _q("w:zoom"): (("w:percent",), "CT_Zoom"),
    _q("w:compatSetting"): (("w:name", "w:uri", "w:val"), "CT_CompatSetting"),
    _q("w:pStyle"): (("w:val",), "CT_String"),
    _q("w:rStyle"): (("w:val",), "CT_String"),
    _q("w:tblStyle"): (("w:val",), "CT_String"),
    _q("w:basedOn"): (("w:val",), "CT_String"),
    _q("w:name"): (("w:val",), "CT_String"),
    _q("w:jc"): (("w:val",), "CT_Jc"),
    _q("w:sz"): (("w:val",), "CT_HpsMeasure"),
    _q("w:color"): (("w:val",), "CT_Color"),
    _q("w:shd"): (("w:val",), "CT_Shd"),
    _q("w:pgMar"): (("w:top", "w:right", "w:bottom", "w:left", "w:header", "w:footer",
                     "w:gutter"), "CT_PageMar"),
    _q("w:fldSimple"): (("w:instr",), "CT_SimpleField"),
    _q("w:tblStylePr"): (("w:type",), "CT_TblStylePr"),
    _q("w:headerReference"): (("w:type", "r:id"), "CT_HdrFtrRef"),
    _q("w:footerReference"): (("w:type", "r:id"), "CT_HdrFtrRef"),
    _q("wp:extent"): (("cx", "cy"), "CT_PositiveSize2D"),
    _q("wp:docPr"): (("id", "name"), "CT_NonVisualDrawingProps"),
    _q("x:dimension"): (("ref",), "CT_SheetDimension"),
    _q("x:sheetView"): (("workbookViewId",), "CT_SheetView"),
    _q("x:pageMargins"): (("left", "right", "top", "bottom", "header", "footer"),
                          "CT_PageMargins"),
    _q("x:ignoredError"): (("sqref",), "CT_IgnoredError"),
    _q("x:sheet"): (("name", "sheetId", "r:id"), "CT_Sheet"),
    _q("x:definedName"): (("name",), "CT_DefinedName"),
    _q("x:mergeCell"): (("ref",), "CT_MergeCell"),
    _q("x:col"): (("min", "max"), "CT_Col"),
    _q("x:table"): (("id", "ref", "displayName"), "CT_Table"),
    _q("x:tableColumn"): (("id", "name"), "CT_TableColumn"),
    _q("x:tablePart"): (("r:id",), "CT_TablePart"),
    _q("c:externalData"): (("r:id",), "CT_ExternalData"),
    _q("c:pt"): (("idx",), "CT_StrVal / CT_NumVal"),
    _q("c:axId"): (("val",), "CT_UnsignedInt"),
    _q("c:barDir"): (("val",), "CT_BarDir"),
    _q("a:latin"): (("typeface",), "CT_TextFont"),
    _q("a:cs"): (("typeface",), "CT_TextFont"),
    _q("a:srgbClr"): (("val",), "CT_SRgbColor"),
}

#: The same, for elements whose type depends on the parent: (element, parent) -> ...
#: (a w:tab in a run is CT_Empty, a tab character; in w:tabs it is a tab stop).
CONTEXTUAL_REQUIRED: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    (_q("w:tab"), _q("w:tabs")): (("w:val", "w:pos"), "CT_TabStop"),
    (_q("c:chart"), _q("a:graphicData")): (("r:id",), "CT_RelId"),
}


@dataclass(frozen=True)
class Problem:
    part: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.part} {self.path}: {self.message}"


def _short(tag: str) -> str:
    for prefix, uri in NS.items():
        if tag.startswith(f"{{{uri}}}"):
            return f"{prefix}:{tag[len(uri) + 2:]}"
    return tag


def _attr(name: str) -> str:
    return _q(name) if ":" in name else name


def _path(element: etree._Element) -> str:
    steps = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        index = 1 if parent is None else 1 + [c for c in parent if c.tag == node.tag].index(node)
        steps.append(f"{_short(node.tag)}[{index}]")
        node = parent
    return "/" + "/".join(reversed(steps))


def _ignorable(root: etree._Element) -> set[str]:
    """Namespaces the part declares ignorable (mc:Ignorable): Office's later extensions, which
    a reader of the base standard skips, and so does this check."""
    prefixes = (root.get(f"{{{NS['mc']}}}Ignorable") or "").split()
    return {root.nsmap[p] for p in prefixes if p in root.nsmap}


def check_element_order(root: etree._Element, part: str) -> list[Problem]:
    """Every child out of its parent type's sequence, repeated where the type allows one, or
    not in the type at all; and every required attribute missing."""
    problems: list[Problem] = []
    skip = _ignorable(root) | {NS["mc"]}
    for element in root.iter(etree.Element):
        parent = element.getparent()
        seq = CONTEXTUAL.get((element.tag, parent.tag)) if parent is not None else None
        seq = seq or SEQUENCES.get(element.tag)
        if seq is not None:
            problems += _check_children(element, seq, skip, part)
        required = REQUIRED_ATTRIBUTES.get(element.tag) or (
            CONTEXTUAL_REQUIRED.get((element.tag, parent.tag)) if parent is not None else None)
        if required is not None:
            names, type_name = required
            missing = [n for n in names if element.get(_attr(n)) is None]
            if missing:
                problems.append(Problem(part, _path(element),
                                        f"missing required attribute(s) {', '.join(missing)} "
                                        f"({type_name})"))
    return problems


def _check_children(element: etree._Element, seq: tuple[_Slot, ...], skip: set[str],
                    part: str) -> list[Problem]:
    problems = []
    last = -1
    other = next((i for i, s in enumerate(seq) if "*" in s.names), None)
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if etree.QName(child).namespace in skip:
            continue
        index = next((i for i, s in enumerate(seq) if child.tag in s.names), other)
        if index is None:
            problems.append(Problem(part, _path(child), f"not allowed in {_short(element.tag)}"))
            continue
        if index < last:
            later = sorted(_short(n) for s in seq[index + 1:last + 1] for n in s.names
                           if n != "*" and any(c.tag == n for c in element))
            problems.append(Problem(
                part, _path(child),
                f"out of order: must come before {', '.join(later)} in {_short(element.tag)}"))
        elif index == last and not seq[index].repeat:
            problems.append(Problem(part, _path(child),
                                    f"repeated; {_short(element.tag)} allows one"))
        last = max(last, index)
    return problems


def xml_parts(package: bytes) -> Iterator[tuple[str, bytes]]:
    """The XML parts of an OPC package (.docx, .xlsx, .xlam), relationships included."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                yield name, archive.read(name)


def check_package(package: bytes, label: str) -> list[Problem]:
    """:func:`check_element_order` over every XML part of ``package``."""
    problems = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for name, data in xml_parts(package):
        root = etree.fromstring(data, parser)
        problems += check_element_order(root, f"{label}:{name}")
    return problems
