"""Hostile letter templates (issue 12, item 7): links outside the file are dropped with a
warning, code and active fields are refused. Every template here is built by the test."""

from __future__ import annotations

import io
import re
import shutil
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


def test_the_cli_prints_the_dropped_links(demo_new_book, tmp_path, capsys):
    from ratecalc_cli.main import main

    book = shutil.copyfile(demo_new_book, tmp_path / "clinic.xlsx")
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


# --- Fields read as Word reads them: the whole instruction, however it is split -------------

BEGIN = '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>'
SEPARATE = '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'
BEACON = 'PICTURE "http://127.0.0.1:9/beacon.png" \\d '
CHANGE = 'w:author="t" w:date="2026-01-01T00:00:00Z"'


def _instr(text: str, tag: str = "instrText") -> str:
    return f'<w:r {{ns}}><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r>'


def _shown_text(text: str) -> str:
    return f'<w:r {{ns}}><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field_template(path: Path, pieces: list[str], *, where: str = "header") -> Path:
    """RateCalc's template with ``pieces`` (run-level XML) at the end of the first section's
    header paragraph, or in a text box there, or in a footnotes part."""
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    xml = "".join(pieces).replace("{ns}", nsdecls("w"))
    if where == "footnotes":
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p>'
                f'{xml.replace(nsdecls("w"), "")}</w:p></w:footnote></w:footnotes>').encode()
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
        doc.save(str(path))
        return path
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.add_run("Riverbend letterhead ")
    if where == "textbox":
        xml = (f'<w:r {nsdecls("w")} {VML}><w:pict><v:shape id="tb" style="width:90pt;'
               f'height:20pt"><v:textbox><w:txbxContent><w:p>{xml.replace(nsdecls("w"), "")}'
               f'</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
        paragraph._p.append(parse_xml(xml))
    else:
        for piece in pieces:
            paragraph._p.append(parse_xml(piece.replace("{ns}", nsdecls("w"))))
    doc.save(str(path))
    return path


SPLIT_ACTIVE_FIELDS = {
    # the reported bypass: the name split over two runs
    "two runs": ([BEGIN, _instr(" INCLUDE"), _instr(BEACON), SEPARATE, END],
                 "INCLUDEPICTURE"),
    "name split inside": ([BEGIN, _instr(" IN"), _instr("CLUDE" + BEACON), END],
                          "INCLUDEPICTURE"),
    "empty piece between": ([BEGIN, _instr("INCLUDE"), _instr(""), _instr(BEACON), END],
                            "INCLUDEPICTURE"),
    "three runs and more": ([BEGIN, _instr(" in"), _instr("clude"), _instr("text "),
                             _instr('"C:\\\\Users\\\\Public\\\\secret.txt" '), SEPARATE,
                             _shown_text("x"), END], "INCLUDETEXT"),
    "lower case, tab before": ([BEGIN, "<w:r {ns}><w:tab/></w:r>", _instr("l"),
                                _instr("ink Excel.Sheet.12 \"\\\\\\\\srv\\\\s.xlsx\" R1C1 "),
                                END], "LINK"),
    "ddeauto split": ([BEGIN, _instr(" DDE"), _instr("AUTO c:\\\\windows\\\\system32\\\\"
                                                     'cmd.exe "/k calc" '), END], "DDEAUTO"),
    "zero-width space in the name": ([BEGIN, _instr(" LI\u200bNK Word.Document.12 "
                                                    '"\\\\\\\\srv\\\\a.docx" '), END], "LINK"),
    "text run in the code": ([BEGIN, _instr(" LI"), _shown_text("NK Excel.Sheet.12 x "),
                              END], "LINK"),
    "deleted piece between": ([BEGIN, _instr(" LI"),
                               f'<w:del {{ns}} w:id="91" {CHANGE}><w:r><w:delInstrText>X'
                               f'</w:delInstrText></w:r></w:del>', _instr("NK Excel.Sheet.12 "),
                               END], "LINK"),
    "inserted piece between": ([BEGIN, _instr(" LI"),
                                f'<w:ins {{ns}} w:id="92" {CHANGE}><w:r><w:instrText>Y'
                                f'</w:instrText></w:r></w:ins>', _instr("NK Excel.Sheet.12 "),
                                END], "LINK"),
    "field ends and begins again in an insertion": (
        [BEGIN, _instr(" LI"), f'<w:ins {{ns}} w:id="93" {CHANGE}><w:r><w:fldChar '
         f'w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r></w:ins>',
         _instr("NK Excel.Sheet.12 "), END], "LINK"),
    "nested field in the code": ([BEGIN, _instr(" INCLUDE"), _instr('PICTURE "http://127.0.0.1'
                                                                   ':9/p'),
                                  BEGIN, _instr(" PAGE "), SEPARATE, _shown_text("1"), END,
                                  _instr('.png" '), SEPARATE, END], "INCLUDEPICTURE"),
    "nested in another field's result": ([BEGIN, _instr(" QUOTE x "), SEPARATE,
                                          BEGIN, _instr(" INC"), _instr("LUDEPICTURE "),
                                          _instr('"http://127.0.0.1:9/b.png" '), END, END],
                                         "INCLUDEPICTURE"),
    "simple field, zero-width space": (
        ['<w:fldSimple {ns} w:instr="&#8203;INCLUDEPICTURE &quot;http://127.0.0.1:9/b.png&quot;">'
         '<w:r><w:t>x</w:t></w:r></w:fldSimple>'], "INCLUDEPICTURE"),
    "simple field, soft hyphen in the name": (
        ['<w:fldSimple {ns} w:instr=" LI&#173;NK Excel.Sheet.12 x"><w:r><w:t>x</w:t></w:r>'
         '</w:fldSimple>'], "LINK"),
    "alternate content": ([BEGIN, _instr(" LI"),
                           '<mc:AlternateContent {ns} xmlns:mc="http://schemas.openxmlformats.org/'
                           'markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/'
                           'office/word/2010/wordml"><mc:Choice Requires="w14"><w:r><w:instrText>X'
                           '</w:instrText></w:r></mc:Choice><mc:Fallback><w:r><w:instrText>NK'
                           '</w:instrText></w:r></mc:Fallback></mc:AlternateContent>',
                           _instr(" Excel.Sheet.12 x "), END], "LINK"),
    "database field": ([BEGIN, _instr(" DATA"), _instr('BASE \\\\d "C:\\\\db.mdb" \\\\s '
                                                       '"SELECT 1" '), END], "DATABASE"),
}


@pytest.mark.parametrize("case", SPLIT_ACTIVE_FIELDS)
def test_an_active_field_split_over_runs_is_refused(analysis, tmp_path, case):
    pieces, field = SPLIT_ACTIVE_FIELDS[case]
    template = _field_template(tmp_path / "fields.docx", pieces)
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=rf"template 'fields.docx', word/header\d*\.xml: a "
                                         rf"{field} field, which fetches, runs or sends"):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


@pytest.mark.parametrize("pieces", [
    [BEGIN, BEGIN, _instr(' QUOTE "INCLUDEPICTURE" '), SEPARATE, _shown_text("INCLUDEPICTURE"),
     END, _instr(' "http://127.0.0.1:9/b.png" '), END],
    [BEGIN, _instr(" INCLUDE"), BEGIN, _instr(' QUOTE "PICTURE" '), SEPARATE,
     _shown_text("PICTURE"), END, _instr(' "http://127.0.0.1:9/b.png" '), END],
    [BEGIN, _instr(" IN"), '<w:fldSimple {ns} w:instr=\' QUOTE "CLUDEPICTURE" \'><w:r><w:t>'
     'CLUDEPICTURE</w:t></w:r></w:fldSimple>', _instr(' "http://127.0.0.1:9/b.png" '), END],
], ids=["whole name", "end of the name", "simple field"])
def test_a_field_whose_name_another_field_makes_is_refused(analysis, tmp_path, pieces):
    template = _field_template(tmp_path / "fields.docx", pieces)
    with pytest.raises(InputError, match=r"template 'fields.docx', word/header\d*\.xml: a "
                                         r"field whose name is made by another field"):
        write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)


PHISH = "http://phish.example/login"
HYPERLINK_FIELDS = {
    "complex field": [BEGIN, _instr(f' HYPERLINK "{PHISH}" '), SEPARATE,
                      _shown_text("riverbendpt.example"), END],
    "split name": [BEGIN, _instr(" HYPER"), _instr(f'LINK "{PHISH}" \\\\o "tip" '), SEPARATE,
                   _shown_text("riverbendpt.example"), END],
    "simple field": [f'<w:fldSimple {{ns}} w:instr=\' HYPERLINK "{PHISH}" \'><w:r><w:t>'
                     f'riverbendpt.example</w:t></w:r></w:fldSimple>'],
    "inside a nested field's code": [BEGIN, _instr(" QUOTE "), BEGIN,
                                     _instr(f' HYPERLINK "{PHISH}" '), SEPARATE,
                                     _shown_text("riverbendpt.example"), END, SEPARATE,
                                     _shown_text("riverbendpt.example"), END],
}


@pytest.mark.parametrize("case", HYPERLINK_FIELDS)
def test_a_hyperlink_field_is_dropped_and_its_text_kept(analysis, tmp_path, case):
    template = _field_template(tmp_path / "links.docx", HYPERLINK_FIELDS[case])
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    package = path.read_bytes()
    text = package_text(package)
    assert "phish.example" not in text
    codes = re.findall(r"<w:instrText[^>]*>([^<]*)<|w:instr=\"([^\"]*)\"", text)
    assert "HYPER" not in repr(codes).upper()
    assert "riverbendpt.example" in text
    assert "Riverbend letterhead" in text
    assert any(f"dropped a hyperlink field to '\"{PHISH}\"" in w for w in content.warnings), \
        content.warnings
    assert check_package(package, "out.docx") == []


@pytest.mark.parametrize(("where", "pieces"), [
    ("textbox", [BEGIN, _instr(" INCLUDE"), _instr(BEACON), SEPARATE, END]),
    ("footnotes", [BEGIN, _instr(" INCLUDE" + BEACON), SEPARATE, END]),
    ("footnotes", [BEGIN, _instr(" INCLUDE"), _instr(BEACON), SEPARATE, END]),
], ids=["split, in a text box", "one run, in footnotes", "split, in footnotes"])
def test_an_active_field_is_refused_in_text_boxes_and_footnotes(analysis, tmp_path, where,
                                                                pieces):
    """Footnotes are a part python-docx keeps as bytes: read all the same."""
    template = _field_template(tmp_path / "fields.docx", pieces, where=where)
    part = r"word/footnotes\.xml" if where == "footnotes" else r"word/header\d*\.xml"
    with pytest.raises(InputError, match=rf"template 'fields.docx', {part}: a INCLUDEPICTURE "
                                         rf"field"):
        write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)


def test_a_hyperlink_field_in_footnotes_is_dropped(analysis, tmp_path):
    template = _field_template(tmp_path / "links.docx", HYPERLINK_FIELDS["split name"],
                               where="footnotes")
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    with zipfile.ZipFile(path) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
    assert "phish.example" not in footnotes
    assert "riverbendpt.example" in footnotes
    assert any("dropped a hyperlink field" in w and "footnotes.xml" in w
               for w in content.warnings)


def test_a_hyperlink_field_made_by_tracked_changes_is_refused(analysis, tmp_path):
    pieces = [BEGIN, _instr(" HYPER"), f'<w:del {{ns}} w:id="94" {CHANGE}><w:r><w:delInstrText>'
              f'X</w:delInstrText></w:r></w:del>', _instr(f'LINK "{PHISH}" '), SEPARATE,
              _shown_text("riverbendpt.example"), END]
    template = _field_template(tmp_path / "links.docx", pieces)
    with pytest.raises(InputError, match=r"a HYPERLINK field made by tracked changes"):
        write_letter(analysis, TOP_PAYER, tmp_path / "letter.docx", template=template)


def test_page_numbers_and_dates_split_as_word_writes_them_are_kept(analysis, tmp_path):
    """Word splits a field's code wherever the user typed or formatted it; none of these
    fetches anything, so the letter keeps them, codes and all."""
    pieces = [_shown_text("Page "), BEGIN, _instr(" PA"), _instr("GE "), SEPARATE,
              _shown_text("1"), END, _shown_text(" of "), BEGIN, _instr(" NUMPAGES "),
              _instr(" \\* MERGEFORMAT "), SEPARATE, _shown_text("2"), END,
              _shown_text(" printed "), BEGIN, _instr(' DATE \\@ "MMMM d, '), _instr('yyyy" '),
              SEPARATE, _shown_text("May 1, 2026"), END, BEGIN, _instr(" IF "), BEGIN,
              _instr(" PAGE "), SEPARATE, _shown_text("1"), END, _instr(' &gt; 1 "cont." "" '),
              SEPARATE, END, BEGIN, _instr(" ="), BEGIN, _instr(" PAGE "), SEPARATE,
              _shown_text("1"), END, _instr("+1 "), SEPARATE, _shown_text("2"), END,
              f'<w:ins {{ns}} w:id="95" {CHANGE}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
              f'<w:r><w:instrText> SECTIONPAGES </w:instrText></w:r><w:r><w:fldChar '
              f'w:fldCharType="end"/></w:r></w:ins>',
              '<w:fldSimple {ns} w:instr=" PAGE  \\* Arabic "><w:r><w:t>1</w:t></w:r>'
              '</w:fldSimple>']
    template = _field_template(tmp_path / "fields.docx", pieces)
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    assert [w for w in content.warnings if "fields.docx" in w] == []
    with zipfile.ZipFile(path) as archive:
        headers = " ".join(archive.read(n).decode() for n in archive.namelist()
                           if re.fullmatch(r"word/header\d*\.xml", n))
    codes = " ".join("".join(re.findall(r"<w:instrText[^>]*>([^<]*)<", headers)).split())
    assert codes == ('PAGE NUMPAGES \\* MERGEFORMAT DATE \\@ "MMMM d, yyyy" IF PAGE &gt; 1 '
                     '"cont." "" = PAGE +1 SECTIONPAGES')
    assert 'w:instr=" PAGE  \\* Arabic "' in headers
    assert check_package(path.read_bytes(), "out.docx") == []


@pytest.mark.parametrize(("instruction", "name"), [
    (' MACROBUTTON AutoOpen "Double-click to confirm" ', "MACROBUTTON"),
    (' PRINT "%!PS showpage" ', "PRINT"),
    (' DATA "C:\\\\merge\\\\payers.mdb" ', "DATA"),
])
def test_fields_that_run_a_macro_print_or_name_a_data_source_are_refused(
        analysis, tmp_path, instruction, name):
    template = _field_template(tmp_path / "fields.docx",
                               [BEGIN, _instr(instruction), SEPARATE, _shown_text("x"), END])
    out = tmp_path / "letter.docx"
    with pytest.raises(InputError, match=rf"template 'fields.docx', word/header\d*\.xml: a "
                                         rf"{name} field, which fetches, runs or sends"):
        write_letter(analysis, TOP_PAYER, out, template=template)
    assert not out.exists()


def test_a_print_date_field_is_no_print_field(analysis, tmp_path):
    template = _field_template(tmp_path / "fields.docx", [
        BEGIN, _instr(' PRINTDATE \\@ "MMMM d, yyyy" '), SEPARATE, _shown_text("May 1"), END])
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    assert [w for w in content.warnings if "fields.docx" in w] == []
    assert "PRINTDATE" in package_text(path.read_bytes())


def test_a_mail_merge_and_its_query_are_dropped(analysis, tmp_path):
    """Word offers to run a mail merge's SQL query when it opens the file; a letter has no
    data source, so the settings go, with a warning naming the query."""
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    query = "SELECT * FROM `Payers$` WHERE owner = 'x'"
    doc.settings.element.append(parse_xml(
        f'<w:mailMerge {nsdecls("w")}><w:mainDocumentType w:val="formLetters"/>'
        f'<w:dataType w:val="native"/><w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;'
        f'Data Source=\\\\fileserver\\share\\payers.xlsx"/><w:query w:val="{query}"/>'
        f'</w:mailMerge>'))
    template = tmp_path / "merge.docx"
    doc.save(str(template))
    assert "fileserver" in package_text(template.read_bytes())
    path, content = write_letter_with_content(analysis, TOP_PAYER, tmp_path / "out.docx",
                                              template=template)
    text = package_text(path.read_bytes())
    assert "mailMerge" not in text and "fileserver" not in text
    [warning] = [w for w in content.warnings if "merge.docx" in w]
    assert warning == (f"template 'merge.docx': dropped its mail merge settings (query "
                       f"{query!r}) (word/settings.xml); a letter merges with no data source")
    assert check_package(path.read_bytes(), "out.docx") == []
