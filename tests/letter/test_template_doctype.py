"""A letterhead whose XML declares a DOCTYPE is refused, as a workbook's is: Word never writes
one, and its entities could expand to gigabytes or name other files (python-docx leaves them
unresolved, so the letter was written, with a part no Word file has). Refused at the
template's entry, naming the file and the part."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc_letter.styles import DEFAULT_TEMPLATE
from ratecalc_letter.template_safety import template_bytes

_EXTERNAL = b'<!DOCTYPE %s [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
_LAUGHS = (b'<!DOCTYPE %s [<!ENTITY a "aaaaaaaaaa">'
           + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&%s;" % bytes([97 + i]) * 10)
                      for i in range(9)) + b"]>")


def _with_doctype(target: Path, part: str, doctype: bytes, *, comment: bool = False) -> Path:
    """The default letterhead with ``doctype`` (``%s``: the part's root element) declared in
    ``part``'s prolog, after a long comment if ``comment`` (it cannot hide there)."""
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                declaration, body = data.split(b"?>", 1)
                root = body.lstrip()[1:].split(b" ", 1)[0].split(b">", 1)[0]
                pad = b"<!--" + b"x" * 70_000 + b"-->" if comment else b""
                data = declaration + b"?>" + pad + doctype.replace(b"%s", root) + body
            out.writestr(info, data)
    return target


@pytest.mark.parametrize(("part", "doctype", "comment"), [
    ("word/document.xml", _EXTERNAL, False),
    ("word/document.xml", _LAUGHS, False),
    ("word/styles.xml", _EXTERNAL, False),
    ("word/_rels/document.xml.rels", _EXTERNAL, False),
    ("[Content_Types].xml", b"<!doctype %s>", False),
    ("word/settings.xml", _EXTERNAL, True),
])
def test_a_doctype_in_any_part_is_refused(tmp_path: Path, part: str, doctype: bytes,
                                          comment: bool) -> None:
    template = _with_doctype(tmp_path / "letterhead.docx", part, doctype, comment=comment)
    with pytest.raises(InputError, match=rf"template 'letterhead.docx', part "
                                         rf"'{part.replace('[', '.').replace(']', '.')}': the "
                                         rf"XML declares a DOCTYPE \(its entities could expand "
                                         rf"to gigabytes or read other files; Word never writes "
                                         rf"one\); not a letterhead"):
        template_bytes(template)


def test_the_default_letterhead_passes() -> None:
    assert template_bytes(Path(DEFAULT_TEMPLATE))[:2] == b"PK"


@pytest.mark.parametrize("part", ["word/fontTable.xml", "word/webSettings.xml",
                                  "word/document.xml"])
def test_a_part_cut_short_is_refused_naming_it(tmp_path: Path, part: str) -> None:
    """python-docx copies the parts it does not read into the letter as they are: a letterhead
    whose fontTable.xml was cut short made a letter (exit 0) that Word reports as unreadable;
    a cut document.xml was refused in lxml's words, naming no part."""
    template = tmp_path / "letterhead.docx"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, \
            zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data[:len(data) // 2] if info.filename == part else data)
    with pytest.raises(InputError, match=rf"template 'letterhead.docx', part '{part}': damaged: "
                                         rf"not well-formed XML \(.+, line \d+, column \d+\); "
                                         rf"open the letterhead in Word and save it again"):
        template_bytes(template)
