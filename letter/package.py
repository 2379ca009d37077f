"""The letter's package as Word should find it: document settings, properties, no leftovers.

A letter starts from a template (RateCalc's, built on python-docx's, or the clinic's), so it
inherits that file's settings and properties: python-docx's carry a 2013 creation date,
"Microsoft Macintosh Word", a thumbnail of an empty page and compatibility mode 14, which makes
Word title the letter "[Compatibility Mode]". :func:`finish_settings` and
:func:`set_properties` replace all of that with the letter's own.
"""

from __future__ import annotations

from datetime import datetime

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ratecalc.frozen_record import frozen_record
from ratecalc.shown_text import document_text
from ratecalc_letter.oxml_order import SETTINGS_SEQUENCE, insert_in_order
from ratecalc_letter.xml_text import escape

#: Word 2013 and later: the layout rules of current Word, no "[Compatibility Mode]".
COMPATIBILITY_MODE = "15"
_WORD_URI = "http://schemas.microsoft.com/office/word"
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>{application}</Application>{company}</Properties>'
)


@frozen_record
class LetterProperties:
    """What File > Info shows for the letter.

    ``written`` is when the letter was generated (it becomes created and modified).
    """

    title: str
    subject: str
    author: str
    company: str
    written: datetime
    comments: str = "Drafted with RateCalc"


def finish_settings(doc: DocumentObject) -> None:
    """Current Word's compatibility mode, a complete ``w:zoom``, no thumbnail request.

    Notes
    -----
    ``w:zoom``'s ``w:percent`` is required by CT_Zoom (python-docx's template omits it).
    ``w:compat`` holds on/off flags and then the ``w:compatSetting`` list (CT_Compat), so a
    missing ``compatibilityMode`` setting is appended at its end.
    """
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = insert_in_order(settings, OxmlElement("w:compat"), SETTINGS_SEQUENCE)
    mode = None
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            mode = setting
    if mode is None:
        mode = OxmlElement("w:compatSetting")
        compat.append(mode)
    mode.set(qn("w:name"), "compatibilityMode")
    mode.set(qn("w:uri"), _WORD_URI)
    mode.set(qn("w:val"), COMPATIBILITY_MODE)


#: The most characters python-docx lets a core property hold (it raises ValueError past it).
PROPERTY_CHARS = 255


def _held(text: str) -> str:
    """``text`` cut to :data:`PROPERTY_CHARS`, an ellipsis marking the cut: a payer or clinic
    named at length (a cell holds 32,767 characters) stopped the letter with an internal
    error. The letter's own text says the name whole. What File > Info and a file list show
    is :func:`ratecalc.shown_text.document_text`, as the letter's text is."""
    text = document_text(text)
    return text if len(text) <= PROPERTY_CHARS else text[:PROPERTY_CHARS - 1] + "…"


def set_properties(doc: DocumentObject, props: LetterProperties) -> None:
    """The letter's core and application properties, and no thumbnail.

    Every core property the template carried (its author, dates, keywords, last printed...)
    goes; the letter's title, subject, author and dates take their place.
    """
    core = doc.core_properties
    element = core._element  # python-docx has no API to clear a property once set
    for child in list(element):
        element.remove(child)
    core.title = _held(props.title)
    core.subject = _held(props.subject)
    core.author = _held(props.author)
    core.last_modified_by = _held(props.author)
    core.comments = _held(props.comments)
    core.revision = 1
    core.created = props.written
    core.modified = props.written

    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            company = (f"<Company>{escape(document_text(props.company))}</Company>"
                       if props.company else "")
            # a plain Part holds its bytes; python-docx offers no setter for them
            part._blob = _APP_XML.format(application="RateCalc", company=company).encode()
