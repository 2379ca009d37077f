"""A clinic's letter template, made safe to copy into a letter that goes to a payer.

A template is a .docx from anywhere, and everything in it that points outside the file travels
into every letter: an attached template (``file://`` or a network share, which Word contacts on
open), a picture linked from a web server (which tells the server who opened the letter), an
OLE link, a hyperlink. RateCalc keeps the template's look and none of its links:

- macro-enabled files (.docm/.dotm content types, a ``vbaProject`` part, ActiveX controls) are
  refused, since their code would run in the letter;
- fields that fetch, run or send something (DDE, DDEAUTO, INCLUDEPICTURE, INCLUDETEXT,
  INCLUDE, LINK, IMPORT, DATABASE, DATA, MACROBUTTON, PRINT) are refused, since they live in
  the text rather than in a relationship. A field is read as Word reads it: its whole
  instruction, however it is split over runs, in every XML part, as written and with tracked
  changes accepted or rejected; so is a form field naming a macro to run when the reader
  enters or leaves it (``w:entryMacro``, ``w:exitMacro``), as a MACROBUTTON is;
- content Word converts or runs from inside the file is refused: a chunk of another format
  (``w:altChunk``: RTF, HTML, MHT or another document, converted when Word opens the letter,
  with whatever fields, links or code it holds, which no check here reads) and an embedded
  object (OLE: a file Word hands to another program when it is double-clicked); a chart's
  own data workbook (.xlsx) is kept;
- every external relationship (``TargetMode="External"``) is dropped with the element that
  uses it, and so is every HYPERLINK field's code (its text stays) and a mail merge's settings
  (its data source and the query Word offers to run on open); each drop is reported as a
  warning.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ratecalc.errors import InputError
from ratecalc.input_paths import LETTER_TEMPLATE
from ratecalc.regular_files import open_regular, unopened
from ratecalc.zip_archive import ZIP_FAILURES, zip_fault

#: Content types that carry code (VBA, ActiveX) or declare a macro-enabled main part.
MACRO_CONTENT_TYPES: tuple[str, ...] = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-word.vbaData+xml",
    "application/vnd.ms-office.activeX+xml",
    "application/vnd.ms-office.activeX",
)
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#: Names of fields that reach outside the document or run something; a field whose name
#: starts with one is refused. INCLUDE is INCLUDETEXT's old name, IMPORT INCLUDEPICTURE's;
#: DATABASE queries a data source named in its instruction, and DATA names a mail merge's;
#: MACROBUTTON runs a macro of the reader's Word when clicked.
ACTIVE_FIELD_NAMES: tuple[str, ...] = ("DDE", "DDEAUTO", "INCLUDE", "INCLUDEPICTURE",
                                       "INCLUDETEXT", "LINK", "IMPORT", "DATABASE", "DATA",
                                       "MACROBUTTON")
#: Refused by their whole name only: PRINT sends its text to the printer as printer commands
#: (while PRINTDATE is a harmless date).
ACTIVE_FIELDS_EXACT: frozenset[str] = frozenset({"PRINT"})
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WHAT = {
    f"{_OFFICE_RT}attachedTemplate": "attached template",
    RT.IMAGE: "linked picture",
    RT.HYPERLINK: "hyperlink",
    RT.OLE_OBJECT: "OLE link",
    f"{_OFFICE_RT}frame": "frame",
    f"{_OFFICE_RT}subDocument": "subdocument",
}
#: Elements that only make sense with their relationship: dropped whole when it goes.
#: A hyperlink is unwrapped instead, so its text stays.
_DROP_WHOLE = {qn("w:attachedTemplate"), qn("w:subDoc"), qn("w:object"), qn("w:drawing"),
               qn("w:pict"), qn("w:frame")}
#: Size limits for reading a template: far above any letterhead, far below harm.
MAX_TEMPLATE_BYTES = 50_000_000
MAX_PART_BYTES = 100_000_000


def template_bytes(path: Path) -> bytes:
    """The template's bytes, ready for python-docx: refused when it carries code, and a Word
    template (.dotx) presented as a document, which is what python-docx opens.

    Raises
    ------
    ratecalc.errors.InputError
        Not a .docx/.dotx, too large, macro-enabled (VBA project, ActiveX), or with an XML part
        declaring a DOCTYPE or not well-formed.
    """
    name = path.name
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > MAX_TEMPLATE_BYTES:
                raise InputError(f"template '{name}': larger than "
                                 f"{MAX_TEMPLATE_BYTES // 1_000_000} MB; not a letterhead")
            data = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:  # permissions: in the words of every other reader
        raise InputError(LETTER_TEMPLATE.refusal(path, unopened(exc))) from None
    if len(data) > MAX_TEMPLATE_BYTES:  # grew since, or a file in /proc
        raise InputError(f"template '{name}': larger than {MAX_TEMPLATE_BYTES // 1_000_000} "
                         "MB; not a letterhead")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_PART_BYTES:
                raise InputError(f"template '{name}': unpacks to more than "
                                 f"{MAX_PART_BYTES // 1_000_000} MB; not a letterhead")
            names = {i.filename for i in infos}
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names \
                else b""
            _refuse_doctypes(archive, infos, name)
    except ZIP_FAILURES as exc:
        raise InputError(f"template '{name}': not a Word .docx document; it is "
                         f"{zip_fault(exc)}") from None
    except OSError as exc:
        raise InputError(f"template '{name}': not a Word .docx document ({exc})") from None
    text = types.decode("utf-8", "replace")
    code = [t for t in MACRO_CONTENT_TYPES if t in text]
    code += [n for n in sorted(names) if n.lower().endswith(("vbaproject.bin", "vbadata.xml"))
             or n.lower().startswith("word/activex/")]
    if code:
        raise InputError(f"template '{name}': a macro-enabled file (it holds "
                         f"{', '.join(sorted(set(code))[:3])}); RateCalc does not copy code "
                         f"into a letter. Save the template in Word as 'Word Document (.docx)' "
                         f"and use that")
    if _DOCUMENT_MAIN not in text and _TEMPLATE_MAIN not in text:
        # python-docx said so with a Python object's name ("file '<_io.BytesIO object at
        # 0x7f...>' is not a Word file, content type is '...spreadsheetml.sheet.main+xml'")
        kind = next((words for mark, words in _OTHER_PACKAGES if mark in text),
                    "a zip package without a Word document part")
        raise InputError(f"template '{name}': not a Word .docx document; it is {kind}")
    if _TEMPLATE_MAIN in text:
        return _as_document(data)
    return data


#: The main parts of the other Office packages, and what a file holding one is.
_OTHER_PACKAGES = (
    ("spreadsheetml.sheet.main+xml", "an Excel workbook"),
    ("spreadsheetml.template.main+xml", "an Excel template"),
    ("ms-excel.sheet.macroEnabled.main+xml", "an Excel workbook"),
    ("presentationml.presentation.main+xml", "a PowerPoint presentation"),
)


#: A document type declaration, whose entities could expand to gigabytes or name other files.
#: Word never writes one; text typed in a document is escaped (``&lt;!DOCTYPE``), so this can
#: only be markup.
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)


def _refuse_doctypes(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a template any of whose XML parts declares a DOCTYPE or is not well-formed (the
    parts' sizes were checked first). python-docx leaves a DOCTYPE's entities unresolved, and
    libxml2 stops an expanding one in its own words; a workbook's DOCTYPE is refused the same
    way."""
    from xml.parsers import expat  # the C parser of the standard library

    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        data = archive.read(info)
        if _DOCTYPE.search(_as_utf8(data)) is not None:
            raise InputError(f"template '{name}', part '{info.filename}': the XML declares a "
                             f"DOCTYPE (its entities could expand to gigabytes or read other "
                             f"files; Word never writes one); not a letterhead")
        # python-docx copies a part it does not read (fontTable.xml, webSettings.xml) into the
        # letter as it is: cut short, it made a letter Word reports as unreadable
        try:
            expat.ParserCreate().Parse(data, True)
        except expat.ExpatError as exc:
            raise InputError(
                f"template '{name}', part '{info.filename}': damaged: not well-formed XML "
                f"({expat.ErrorString(exc.code)}, line {exc.lineno}, column {exc.offset + 1}); "
                f"open the letterhead in Word and save it again") from None


def _as_utf8(data: bytes) -> bytes:
    """A part's bytes as UTF-8 for the DOCTYPE search: expat reads a part in UTF-16 (with a
    byte-order mark, or told by its first bytes), whose DOCTYPE's letters are apart."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace").encode("utf-8")
    if b"\x00" in data[:4]:
        encoding = "utf-16-le" if data[:1] != b"\x00" else "utf-16-be"
        return data.decode(encoding, "replace").encode("utf-8")
    return data


def _as_document(data: bytes) -> bytes:
    """A .dotx with its main part's content type changed to a document's, nothing else."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(_TEMPLATE_MAIN.encode(), _DOCUMENT_MAIN.encode())
            target.writestr(info, content)
    return out.getvalue()


def refuse_nameless_styles(doc: DocumentObject, name: str) -> None:
    """Refuse a template with a style named with no value (``<w:name/>``: the schema requires
    its ``w:val``), which python-docx cannot read the name of: the letter looks every style's
    name up to add the RateCalc styles a template lacks."""
    for style in doc.styles.element.iterchildren(qn("w:style")):
        for style_name in style.iterchildren(qn("w:name")):
            if style_name.get(qn("w:val")) is None:
                which = style.get(qn("w:styleId"))
                part = doc.part.part_related_by(RT.STYLES).partname.lstrip("/")
                raise InputError(
                    f"template '{name}', part '{part}': "
                    + (f"the style '{which}'" if which else "a style")
                    + " has a name with no value (w:name without w:val); open the template "
                      "in Word, save it again and use that copy")


def refuse_active_fields(doc: DocumentObject, name: str) -> None:
    """Refuse a template with a field that fetches or runs something (see the module notes).

    Every XML part of the package is read, the parts python-docx only keeps as bytes
    (footnotes, endnotes, glossary) included. A complex field's instruction is every piece of
    its code between its ``begin`` and its ``separate`` (or ``end``) in document order, across
    runs and around nested fields, as Word joins them; a simple field's is its ``w:instr``.
    Each is read once as written, and again with tracked changes accepted, with them rejected,
    and with each branch of alternate content, so that no version Word may show hides a field.

    Raises
    ------
    ratecalc.errors.InputError
        Naming the field and the part it is in.
    """
    for part, root in _xml_parts(doc):
        where = f"template '{name}', {part.partname.lstrip('/')}"
        for macro in root.iter(*_FORM_MACROS):
            if (macro.get(qn("w:val")) or "").strip():
                raise InputError(f"{where}: a form field that runs the macro "
                                 f"{_shown(macro.get(qn('w:val')) or '')} when the reader "
                                 f"{_FORM_MACROS[macro.tag]} it; clear the field's Run macro "
                                 f"on entry and exit (Form Field Options) and save again")
        raw_links: set[str] = set()
        for view, skip in enumerate(_views(root)):
            for found in _fields(root, skip):
                instruction = found.instruction()
                field_name = _field_name(instruction)
                if not found.name_is_written():
                    raise InputError(f"{where}: a field whose name is made by another field "
                                     f"({_shown(instruction)}); RateCalc cannot tell what it "
                                     f"does. Delete the field and save again")
                if field_name.startswith(ACTIVE_FIELD_NAMES) or field_name in \
                        ACTIVE_FIELDS_EXACT:
                    raise InputError(f"{where}: a {field_name} field, which fetches, runs or "
                                     f"sends something outside the letter when Word updates, "
                                     f"prints or clicks it; delete the field and save again")
                if field_name == "HYPERLINK":
                    if view == 0:
                        raw_links.add(instruction)
                    elif instruction not in raw_links:
                        raise InputError(f"{where}: a HYPERLINK field made by tracked changes "
                                         f"or alternate content; accept or reject the changes "
                                         f"in Word, delete the link and save again")


_AF_CHUNK = f"{_OFFICE_RT}aFChunk"
#: A chart's data, a plain workbook: the one package a letterhead may embed.
_CHART_DATA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refuse_foreign_content(doc: DocumentObject, name: str) -> None:
    """Refuse a template holding an altChunk or an embedded object (see the module notes):
    the letter kept both (a header's altChunk whole, a body's part), so an RTF chunk's DDEAUTO
    field or an HTML chunk's picture on a web server reached the payer's Word unchecked.

    Raises
    ------
    ratecalc.errors.InputError
        Naming the part that holds it, the part it is in and what to do.
    """
    for part in doc.part.package.iter_parts():
        source = part.partname.lstrip("/")
        for rel in part.rels.values():
            if rel.is_external:
                continue  # dropped by drop_external_links
            target = rel.target_part
            held = target.partname.lstrip("/")
            if rel.reltype == _AF_CHUNK:
                raise InputError(
                    f"template '{name}', {source}: a chunk of another format ('{held}', "
                    f"{target.content_type}) that Word converts when it opens the letter, with "
                    f"any field, link or code in it, which RateCalc cannot check; open the "
                    f"letterhead in Word, save it again (Word makes the chunk part of the "
                    f"document) and use that copy")
            chart_data = rel.reltype == RT.PACKAGE and target.content_type == _CHART_DATA \
                and source.startswith("word/charts/")
            if rel.reltype in (RT.OLE_OBJECT, RT.PACKAGE) and not chart_data:
                raise InputError(
                    f"template '{name}', {source}: an embedded object ('{held}'), which Word "
                    f"opens in another program when it is double-clicked; RateCalc does not "
                    f"copy such objects into a letter: delete it in Word (a logo pasted as a "
                    f"picture is kept) and save again")


@dataclass
class _Field:
    """A field met in a part: its instruction pieces and, for a complex field, its code
    (fldChar begin, separate, end and everything in between them) for removal."""

    pieces: list[str] = field(default_factory=list)
    code: list[etree._Element] = field(default_factory=list)
    in_code: bool = True
    inner_at: int | None = None  # characters of instruction before a nested field began
    simple: etree._Element | None = None

    def instruction(self) -> str:
        return _normal("".join(self.pieces))

    def name_is_written(self) -> bool:
        """False when a nested field begins before the field's own name is complete, so
        that the name is (partly) that field's result."""
        if self.inner_at is None:
            return True
        before = _normal("".join(self.pieces)[:self.inner_at] + "\x00")
        return bool(re.match(r'=|[^A-Z0-9]*[A-Z0-9]+[^A-Z0-9\x00]', before))


def _normal(text: str) -> str:
    """Compatibility forms folded (full-width letters), invisible characters (zero-width
    spaces, soft hyphens) removed, whitespace collapsed, capitals."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split()).upper()


def _field_name(instruction: str) -> str:
    """The field's name: the first word, past any leading punctuation; ``=`` for a formula."""
    match = re.match(r"[^A-Z0-9=]*(=|[A-Z0-9]+)", instruction)
    return match.group(1) if match else ""


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: Elements whose content is a story of its own: a field never spans two.
_STORIES = {qn("w:body"), qn("w:hdr"), qn("w:ftr"), qn("w:txbxContent"), qn("w:footnote"),
            qn("w:endnote"), qn("w:comment"), qn("w:docPartBody")}
_TEXT = {qn("w:instrText"), qn("w:delInstrText"), qn("w:t"), qn("w:delText")}
_SPACE = {qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")}
_ACCEPTED = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:delInstrText"), qn("w:delText")})
_REJECTED = frozenset({qn("w:ins"), qn("w:moveTo")})
_CHANGES = _ACCEPTED | _REJECTED
_CHOICE, _FALLBACK = f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"


def _views(root: etree._Element) -> list[frozenset[str]]:
    """What to skip for each version of the part: as written first, then, when the part has
    them, tracked changes accepted or rejected and each branch of alternate content."""
    tags = {e.tag for e in root.iter(etree.Element)}
    changes = [frozenset(), _ACCEPTED, _REJECTED] if tags & _CHANGES else [frozenset()]
    branches = [frozenset(), frozenset({_FALLBACK}), frozenset({_CHOICE})] \
        if tags & {_CHOICE, _FALLBACK} else [frozenset()]
    return [c | b for c in changes for b in branches]


def _fields(root: etree._Element, skip: frozenset[str] = frozenset()) -> list[_Field]:
    """Every field of the part, complex and simple, leaving out elements tagged ``skip``."""
    found: list[_Field] = []

    def story(element: etree._Element) -> None:
        stack: list[_Field] = []
        visit(element, stack)
        found.extend(reversed(stack))  # never ended: read as far as they go

    def visit(element: etree._Element, stack: list[_Field]) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.tag in skip:
                continue
            if child.tag in _STORIES:
                story(child)
                continue
            coding = [f for f in stack if f.in_code]
            if element.tag == _RUN and child.tag != _RPR:
                for f in coding:
                    f.code.append(child)
            top = coding[-1] if coding else None
            if child.tag == _FLDCHAR:
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    for f in coding:
                        if f.inner_at is None:
                            f.inner_at = len("".join(f.pieces))
                    if element.tag != _RUN:
                        for f in coding:
                            f.code.append(child)
                    stack.append(_Field(code=[child]))
                elif kind == "separate" and stack and stack[-1].in_code:
                    stack[-1].in_code = False
                elif kind == "end" and stack:
                    ended = stack.pop()
                    if not ended.in_code:
                        ended.code.append(child)
                    found.append(ended)
            elif child.tag in _TEXT:
                if top is not None:
                    top.pieces.append(child.text or "")
            elif child.tag in _SPACE:
                if top is not None:
                    top.pieces.append(" ")
            elif child.tag == _NO_BREAK_HYPHEN:
                if top is not None:
                    top.pieces.append("-")
            else:
                if child.tag == _FLD_SIMPLE:
                    for f in coding:
                        if f.inner_at is None:
                            f.inner_at = len("".join(f.pieces))
                    found.append(_Field(pieces=[child.get(qn("w:instr"), "")], simple=child))
                visit(child, stack)

    story(root)
    return found


_RUN, _RPR, _FLDCHAR = qn("w:r"), qn("w:rPr"), qn("w:fldChar")
#: A legacy form field's macros (its ``w:ffData``), with when Word runs each.
_FORM_MACROS = {qn("w:entryMacro"): "enters", qn("w:exitMacro"): "leaves"}
_FLD_SIMPLE, _NO_BREAK_HYPHEN = qn("w:fldSimple"), qn("w:noBreakHyphen")
_MAIL_MERGE = qn("w:mailMerge")


def _drop_hyperlink_fields(root: etree._Element) -> list[str]:
    """Remove the code of every HYPERLINK field, complex or simple, keeping the text it
    shows, as a ``w:hyperlink`` is unwrapped. Returns the instruction of each, as written."""
    dropped: list[str] = []
    for found in _fields(root):
        instruction = found.instruction()
        if _field_name(instruction) != "HYPERLINK":
            continue
        dropped.append(" ".join("".join(found.pieces).split()))
        if found.simple is not None:
            parent = found.simple.getparent()
            if parent is not None:
                for child in list(found.simple):
                    found.simple.addprevious(child)
                parent.remove(found.simple)
            continue
        for node in found.code:
            run = node.getparent()
            if run is None:
                continue  # already removed with another field's code
            run.remove(node)
            if run.tag == _RUN and all(c.tag == _RPR for c in run):
                holder = run.getparent()
                if holder is not None:
                    holder.remove(run)
    return dropped


def _xml_parts(doc: DocumentObject) -> list[tuple[Part, etree._Element]]:
    """Every XML part with its root: python-docx's element, or the part's bytes parsed (a
    part python-docx does not model, such as footnotes, endnotes or the glossary)."""
    parts: list[tuple[Part, etree._Element]] = []
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None and str(part.partname).endswith(".xml"):
            try:
                element = etree.fromstring(part.blob, _PARSER)
            except etree.XMLSyntaxError:
                continue  # not XML: Word cannot read it either
        if element is not None:
            parts.append((part, element))
    return parts


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def drop_external_links(doc: DocumentObject, name: str) -> list[str]:
    """Drop every external relationship of every part, with the elements that use it, and
    every HYPERLINK field's code (its shown text stays, as a ``w:hyperlink``'s does).

    Returns
    -------
    list of str
        One warning per relationship or HYPERLINK field dropped, naming what it was and where
        it pointed.
    """
    warnings: list[str] = []
    for part, root in _xml_parts(doc):
        merges = list(root.iter(_MAIL_MERGE))
        for merge in merges:
            query = merge.find(qn("w:query"))
            source = query.get(qn("w:val"), "") if query is not None else ""
            holder = merge.getparent()
            if holder is not None:
                holder.remove(merge)
            warnings.append(f"template '{name}': dropped its mail merge settings"
                            f"{f' (query {_shown(source)})' if source else ''} "
                            f"({part.partname.lstrip('/')}); a letter merges with no data "
                            f"source")
        dropped = _drop_hyperlink_fields(root)
        if (dropped or merges) and getattr(part, "_element", None) is None:
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
        for instruction in dropped:
            target = instruction.split(" ", 1)[1] if " " in instruction else ""
            warnings.append(f"template '{name}': dropped a hyperlink field to "
                            f"{_shown(target)} ({part.partname.lstrip('/')}); letters keep "
                            f"no links outside the file")
    for part in list(doc.part.package.iter_parts()):
        external = {rid: rel for rid, rel in part.rels.items() if rel.is_external}
        if not external:
            continue
        element = getattr(part, "_element", None)
        if element is not None:
            _remove_users(element, set(external))
        for rid, rel in external.items():
            del part.rels[rid]
            what = _WHAT.get(rel.reltype, "external link")
            warnings.append(f"template '{name}': dropped a {what} to {_shown(rel.target_ref)} "
                            f"({part.partname.lstrip('/')}); letters keep no links outside "
                            f"the file")
    return warnings


def _remove_users(root: etree._Element, rids: set[str]) -> None:
    """Remove what refers to one of ``rids``: whole objects whose content is the link, the
    wrapper of a hyperlink (keeping its text), or just the attribute."""
    users = [e for e in root.iter() if any(
        k.startswith(f"{{{_R}}}") and v in rids for k, v in e.attrib.items())]
    for element in users:
        if element.getroottree().getroot() is not root:
            continue  # already removed with an ancestor
        if element.tag == qn("w:hyperlink"):
            parent = element.getparent()
            if parent is not None:
                for child in list(element):
                    element.addprevious(child)
                parent.remove(element)
            continue
        whole = element if element.tag in _DROP_WHOLE else _ancestor(element, _DROP_WHOLE)
        target = whole if whole is not None else element
        if target is element and whole is None:
            for key in [k for k, v in element.attrib.items()
                        if k.startswith(f"{{{_R}}}") and v in rids]:
                del element.attrib[key]
            continue
        parent = target.getparent()
        if parent is not None:
            parent.remove(target)


def _ancestor(element: etree._Element, tags: set[str]) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if ancestor.tag in tags:
            return ancestor
    return None


def _shown(target: str) -> str:
    return repr(target if len(target) <= 80 else target[:77] + "...")
