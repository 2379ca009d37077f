"""Hostile letter templates (issue 12, item 7): links outside the file are dropped with a
warning, code and active fields are refused. Every template here is built by the test."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ratecalc.errors import InputError, RateCalcError
from ratecalc_letter import write_letter
from ratecalc_letter.api import write_letter_with_content
from ratecalc_letter.oxml_order import SETTINGS_SEQUENCE, insert_in_order
from ratecalc_letter.styles import DEFAULT_TEMPLATE

from ..ooxml_schema import check_package
from .conftest import TOP_PAYER

ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
ATTACHED_TARGET = "file:///C:/Users/Public/evil/Normal.dotm"
PIXEL_TARGET = "http://tracker.example/pixel.png?who=clinic"
OLE_TARGET = "file:///\\\\fileserver\\share\\rates.xlsx"
LINK_TARGET = "http://phish.example/login"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VML = ('xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:o="urn:schemas-microsoft-com:office:office"')
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f8d5a70000000049454e44ae426082")


def _hostile_template(path: Path) -> Path:
    """RateCalc's template with an attached template on a local path, a picture in the page-1
    header linked from a web server, an OLE link to a network share and a hyperlink."""
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    settings = doc.settings.element
    rid = doc.part._settings_part.rels.get_or_add_ext_rel(ATTACHED, ATTACHED_TARGET)
    insert_in_order(settings, parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} '
                                        f'r:id="{rid}"/>'), SETTINGS_SEQUENCE)

    header = doc.sections[0].first_page_header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.add_run("Riverbend letterhead ")
    paragraph.add_run().add_picture(io.BytesIO(TINY_PNG))
    blip = header._element.xpath(".//a:blip")[0]
    pixel = header.part.rels.get_or_add_ext_rel(RT.IMAGE, PIXEL_TARGET)
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), pixel)

    ole = header.part.rels.get_or_add_ext_rel(RT.OLE_OBJECT, OLE_TARGET)
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w", "r")} {VML}><w:object><v:shape id="s1" style="width:10pt;'
        f'height:10pt"/><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="s1" '
        f'DrawAspect="Content" r:id="{ole}" UpdateMode="Always"/></w:object></w:r>'))
    link = header.part.rels.get_or_add_ext_rel(RT.HYPERLINK, LINK_TARGET)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{link}"><w:r><w:t>riverbendpt.example</w:t>'
        f'</w:r></w:hyperlink>'))
    doc.save(str(path))
    return path


def _external_targets(package: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        rels = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels")]
    return [t for text in rels
            for t in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', text)]


def _dangling_ids(package: bytes) -> list[str]:
    """r:id / r:embed / r:link attributes that name no relationship of their part."""
    dangling = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        for name in names:
            if not name.endswith(".xml") or name.startswith("["):
                continue
            folder, _, base = name.rpartition("/")
            rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
            ids = set(re.findall(r'Id="([^"]+)"', archive.read(rels_name).decode())) \
                if rels_name in names else set()
            root = etree.fromstring(archive.read(name))
            for element in root.iter(etree.Element):
                for key, value in element.attrib.items():
                    if key.startswith(f"{{{R}}}") and value not in ids:
                        dangling.append(f"{name}: {etree.QName(element).localname}/@{key}")
    return dangling


def test_the_hostile_template_does_carry_the_four_links(tmp_path):
    """The fixture is what it claims: the template itself has the external targets."""
    template = _hostile_template(tmp_path / "hostile.docx")
    assert sorted(_external_targets(template.read_bytes())) == sorted(
        [ATTACHED_TARGET, PIXEL_TARGET, OLE_TARGET, LINK_TARGET])


def test_a_letter_keeps_none_of_the_templates_external_links(analysis, tmp_path):
    template = _hostile_template(tmp_path / "hostile.docx")
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    package = path.read_bytes()
    assert _external_targets(package) == []
    assert _dangling_ids(package) == []
    warned = [w for w in content.warnings if "hostile.docx" in w]
    assert len(warned) == 4
    for what, target in (("attached template", ATTACHED_TARGET),
                         ("linked picture", PIXEL_TARGET), ("OLE link", OLE_TARGET),
                         ("hyperlink", LINK_TARGET)):
        assert any(f"dropped a {what} to {target!r}" in w for w in warned), (what, warned)
    text = package_text(package)
    assert "riverbendpt.example" in text  # the hyperlink's text stays, without the link
    assert "Riverbend letterhead" in text
    assert check_package(package, "out.docx") == []


def package_text(package: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return " ".join(archive.read(n).decode() for n in archive.namelist()
                        if n.startswith("word/") and n.endswith(".xml"))


def test_the_cli_prints_the_dropped_links(tmp_path, capsys):
    from ratecalc.demo import demo_data
    from ratecalc_cli.main import main
    from ratecalc_workbook.builder import new_workbook

    book = new_workbook(tmp_path / "clinic.xlsx", demo_data())
    template = _hostile_template(tmp_path / "hostile.docx")
    code = main(["letter", str(book), "--payer", TOP_PAYER, "--template", str(template),
                 "--out", str(tmp_path / "letter.docx")])
    err = capsys.readouterr().err
    assert code == 0
    assert f"dropped a linked picture to {PIXEL_TARGET!r}" in err
    assert _external_targets((tmp_path / "letter.docx").read_bytes()) == []


def _rezip(source: Path, target: Path, *, replace: dict[str, bytes] | None = None,
           add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, (replace or {}).get(info.filename,
                                                            src.read(info.filename)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def _content_types(main_type: str, extra: str = "") -> bytes:
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as archive:
        text = archive.read("[Content_Types].xml").decode()
    text = text.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        main_type)
    return text.replace("</Types>", extra + "</Types>").encode()


@pytest.mark.parametrize(("label", "main_type", "extra", "add"), [
    ("docm", "application/vnd.ms-word.document.macroEnabled.main+xml", "", {}),
    ("dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml", "", {}),
    ("vba part", "application/vnd.openxmlformats-officedocument.wordprocessingml.document."
     "main+xml", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
     {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really a project"}),
    ("activex", "application/vnd.openxmlformats-officedocument.wordprocessingml.document."
     "main+xml", "", {"word/activeX/activeX1.xml": b"<ax:ocx xmlns:ax='x'/>"}),
])
def test_macro_enabled_templates_are_refused(analysis, tmp_path, label, main_type, extra, add):
    template = _rezip(DEFAULT_TEMPLATE, tmp_path / "macro.docx",
                      replace={"[Content_Types].xml": _content_types(main_type, extra)}, add=add)
    out = tmp_path / "letter.docx"
    with pytest.raises(RateCalcError, match=r"template 'macro.docx': a macro-enabled file .*"
                                            r"Save the template in Word as 'Word Document"):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


@pytest.mark.parametrize(("pieces", "field"), [
    (['<w:fldSimple {ns} w:instr=\' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" \'>'
      '<w:r><w:t>x</w:t></w:r></w:fldSimple>'], "DDEAUTO"),
    (['<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
      '<w:r {ns}><w:instrText xml:space="preserve"> INCLUDEPICTURE '
      '"http://tracker.example/p.png" \\d </w:instrText></w:r>',
      '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'], "INCLUDEPICTURE"),
])
def test_templates_with_fields_that_fetch_or_run_are_refused(analysis, tmp_path, pieces, field):
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for piece in pieces:
        paragraph._p.append(parse_xml(piece.replace("{ns}", nsdecls("w"))))
    template = tmp_path / "fields.docx"
    doc.save(str(template))
    with pytest.raises(InputError, match=rf"template 'fields.docx', word/footer\d*\.xml: a "
                                         rf"{field} field"):
        write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)


def test_a_word_template_dotx_is_accepted(analysis, tmp_path):
    template = _rezip(DEFAULT_TEMPLATE, tmp_path / "letterhead.dotx", replace={
        "[Content_Types].xml": _content_types(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")})
    path = write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types
    assert "template.main+xml" not in types


def test_a_file_that_is_not_a_docx_is_refused_in_words(analysis, tmp_path):
    fake = tmp_path / "letterhead.docx"
    fake.write_bytes(b"%PDF-1.7 not a word file")
    with pytest.raises(InputError, match=r"template 'letterhead.docx': not a Word .docx"):
        write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=fake)
