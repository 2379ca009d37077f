"""A clinic's letter template, made safe to copy into a letter that goes to a payer.

A template is a .docx from anywhere, and everything in it that points outside the file travels
into every letter: an attached template (``file://`` or a network share, which Word contacts on
open), a picture linked from a web server (which tells the server who opened the letter), an
OLE link, a hyperlink. RateCalc keeps the template's look and none of its links:

- macro-enabled files (.docm/.dotm content types, a ``vbaProject`` part, ActiveX controls) are
  refused, since their code would run in the letter;
- fields that fetch or run something when updated (DDE, DDEAUTO, INCLUDEPICTURE, INCLUDETEXT,
  LINK, IMPORT) are refused, since they live in the text rather than in a relationship;
- every external relationship (``TargetMode="External"``) is dropped with the element that
  uses it, and each drop is reported as a warning.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ratecalc.errors import InputError

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
#: Field instructions that reach outside the document or run a program when updated.
ACTIVE_FIELDS = re.compile(r"^\s*(DDE|DDEAUTO|INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b",
                           re.IGNORECASE)
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
        Not a .docx/.dotx, too large, or macro-enabled (VBA project, ActiveX).
    """
    name = path.name
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise InputError(f"template '{name}': larger than "
                             f"{MAX_TEMPLATE_BYTES // 1_000_000} MB; not a letterhead")
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_PART_BYTES:
                raise InputError(f"template '{name}': unpacks to more than "
                                 f"{MAX_PART_BYTES // 1_000_000} MB; not a letterhead")
            names = {i.filename for i in infos}
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names \
                else b""
    except (zipfile.BadZipFile, OSError) as exc:
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
    if _TEMPLATE_MAIN in text:
        return _as_document(data)
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


def refuse_active_fields(doc: DocumentObject, name: str) -> None:
    """Refuse a template with a field that fetches or runs something (see the module notes).

    Raises
    ------
    ratecalc.errors.InputError
        Naming the field and the part it is in.
    """
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        instructions = [e.get(qn("w:instr"), "") for e in element.iter(qn("w:fldSimple"))]
        instructions += ["".join(e.itertext()) for e in element.iter(qn("w:instrText"))]
        for instruction in instructions:
            if ACTIVE_FIELDS.match(instruction):
                field = instruction.split()[0].upper()
                raise InputError(f"template '{name}', {part.partname.lstrip('/')}: a {field} "
                                 f"field, which fetches or runs something outside the letter "
                                 f"when Word updates it; delete the field and save again")


def drop_external_links(doc: DocumentObject, name: str) -> list[str]:
    """Drop every external relationship of every part, with the elements that use it.

    Returns
    -------
    list of str
        One warning per relationship dropped, naming what it was and where it pointed.
    """
    warnings: list[str] = []
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
