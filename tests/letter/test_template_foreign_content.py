"""A letterhead holding content Word converts or hands to another program is refused: an
altChunk (RTF, HTML... imported by Word when it opens the letter) and an embedded OLE object.
The letter kept a header's altChunk whole, so an RTF chunk's DDEAUTO field, which the field
check never reads (it reads WordprocessingML), reached the payer's Word; a chart's own data
workbook is kept (a letter RateCalc wrote serves as a template). A form field naming a macro to
run on entry or exit is refused as a MACROBUTTON field is."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ratecalc.errors import InputError
from ratecalc_letter import write_letter
from ratecalc_letter.styles import DEFAULT_TEMPLATE

from .conftest import TOP_PAYER

AF_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
RTF_DDE = (rb'{\rtf1\ansi {\field{\*\fldinst DDEAUTO c:\\windows\\system32\\cmd.exe '
           rb'"/k calc.exe"}{\fldrslt x}}}')
HTML_PIXEL = b'<html><body><img src="http://tracker.example/pixel.gif"></body></html>'


def _with_chunk(path: Path, where: str, partname: str, content_type: str, blob: bytes) -> Path:
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    holder = doc.sections[0].header if where == "header" else doc
    part = holder.part
    chunk = Part(PackURI(partname), content_type, blob, part.package)
    rid = part.relate_to(chunk, AF_CHUNK)
    element = parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>')
    if where == "header":
        doc.sections[0].header._element.append(element)
    else:
        doc.element.body.insert(0, element)
    doc.save(str(path))
    return path


def _with_object(path: Path, reltype: str, partname: str, content_type: str) -> Path:
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    header = doc.sections[0].header
    part = header.part
    embedded = Part(PackURI(partname), content_type, b"\xd0\xcf\x11\xe0" + bytes(60),
                    part.package)
    rid = part.relate_to(embedded, reltype)
    header.paragraphs[0]._p.append(parse_xml(
        f'<w:r {nsdecls("w", "r")} xmlns:o="urn:schemas-microsoft-com:office:office">'
        f'<w:object><o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x0000_i1025" '
        f'DrawAspect="Icon" ObjectID="_1" r:id="{rid}"/></w:object></w:r>'))
    doc.save(str(path))
    return path


@pytest.mark.parametrize(("where", "partname", "content_type", "blob", "part"), [
    ("header", "/word/chunk1.rtf", "application/rtf", RTF_DDE, r"word/header\d*\.xml"),
    ("body", "/word/chunk1.rtf", "application/rtf", RTF_DDE, r"word/document\.xml"),
    ("header", "/word/chunk2.html", "text/html", HTML_PIXEL, r"word/header\d*\.xml"),
], ids=["rtf-in-header", "rtf-in-body", "html-in-header"])
def test_an_alt_chunk_is_refused(analysis, tmp_path, where, partname, content_type, blob,
                                 part):
    template = _with_chunk(tmp_path / "chunk.docx", where, partname, content_type, blob)
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=(
            rf"template 'chunk.docx', {part}: a chunk of another format "
            rf"\('{partname[1:]}', {content_type}\) that Word converts when it opens the "
            rf"letter, .* open the letterhead in Word, save it again")):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


@pytest.mark.parametrize(("reltype", "partname", "content_type"), [
    (RT.OLE_OBJECT, "/word/embeddings/oleObject1.bin",
     "application/vnd.openxmlformats-officedocument.oleObject"),
    (RT.PACKAGE, "/word/embeddings/Rates.docm",
     "application/vnd.ms-word.document.macroEnabled.12"),
], ids=["ole-package", "embedded-docm"])
def test_an_embedded_object_is_refused(analysis, tmp_path, reltype, partname, content_type):
    template = _with_object(tmp_path / "object.docx", reltype, partname, content_type)
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=(
            rf"template 'object.docx', word/header\d*\.xml: an embedded object "
            rf"\('{partname[1:]}'\), which Word opens in another program")):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


def test_a_letter_with_its_chart_data_serves_as_a_template(analysis, tmp_path):
    first = write_letter(analysis, TOP_PAYER, tmp_path / "first.docx")
    parts = {str(p.partname) for p in docx.Document(str(first)).part.package.iter_parts()}
    assert any(name.startswith("/word/embeddings/") for name in parts)  # the chart's data
    second = write_letter(analysis, TOP_PAYER, tmp_path / "second.docx", template=first)
    assert second.exists()


def _form_field(path: Path, ff_data: str) -> Path:
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    paragraph = doc.sections[0].header.paragraphs[0]
    for piece in (f'<w:r {{ns}}><w:fldChar w:fldCharType="begin"><w:ffData><w:name '
                  f'w:val="Text1"/><w:enabled/>{ff_data}<w:textInput/></w:ffData></w:fldChar>'
                  f'</w:r>',
                  '<w:r {ns}><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>',
                  '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                  '<w:r {ns}><w:t>Riverbend</w:t></w:r>',
                  '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(piece.replace("{ns}", nsdecls("w"))))
    doc.save(str(path))
    return path


@pytest.mark.parametrize(("ff_data", "macro", "when"), [
    ('<w:entryMacro w:val="AutoOpen"/>', "AutoOpen", "enters"),
    ('<w:entryMacro w:val=""/><w:exitMacro w:val="Project.Module1.Send"/>',
     "Project.Module1.Send", "leaves"),
], ids=["entry", "exit"])
def test_a_form_field_running_a_macro_is_refused(analysis, tmp_path, ff_data, macro, when):
    """Word runs a form field's entry or exit macro, one of the reader's Word (Normal.dotm, an
    add-in), as it runs a MACROBUTTON's, which is refused: the letter kept both."""
    template = _form_field(tmp_path / "form.docx", ff_data)
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=(
            rf"template 'form.docx', word/header\d*\.xml: a form field that runs the macro "
            rf"'{re.escape(macro)}' when the reader {when} it")):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


def test_a_form_field_without_macros_is_kept(analysis, tmp_path):
    template = _form_field(tmp_path / "form.docx", '<w:entryMacro w:val=""/>')
    out = write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)
    assert out.exists()
